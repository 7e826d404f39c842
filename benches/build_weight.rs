//! The weight of a clean build: a debug build, from nothing, of a program with one static and one
//! dynamic handler, beside a program with one `linkme` distributed slice (the floor this design's
//! own dependencies set) and one with a `dtor` function, in the same run. Each program is a
//! generated Cargo workspace under `target/bench-build`, with its own target folder, removed
//! before each build; the three are built in turn, five times, and the medians compared. The
//! sources are fetched first, so no build downloads anything. Not a criterion benchmark: one
//! sample takes seconds.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

mod support;
use support::{median, target_dir};

const ROUNDS: usize = 5;

/// (name, dependency, main.rs)
const PROGRAMS: [(&str, &str, &str); 3] = [
    (
        "with_atexit",
        "atexit = { path = \"ATEXIT\" }",
        r#"
#[atexit::register]
fn goodbye() {
    println!("goodbye");
}

fn main() {
    atexit::register(|| println!("flushed"));
}
"#,
    ),
    (
        "with_linkme",
        "linkme = \"0.3.38\"",
        r#"
use linkme::distributed_slice;

#[distributed_slice]
static HANDLERS: [fn()];

#[distributed_slice(HANDLERS)]
static GOODBYE: fn() = goodbye;

fn goodbye() {
    println!("goodbye");
}

fn main() {
    for handler in HANDLERS {
        handler();
    }
}
"#,
    ),
    (
        "with_dtor",
        "dtor = \"1.0.6\"",
        r#"
#[dtor::dtor(unsafe)]
fn goodbye() {
    println!("goodbye");
}

fn main() {}
"#,
    ),
];

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn generate(root: &Path) {
    let atexit = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for (name, dependency, source) in PROGRAMS {
        let dir = root.join(name);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\n{}\n\n[workspace]\n",
                dependency.replace("ATEXIT", atexit)
            ),
        )
        .unwrap();
        std::fs::write(dir.join("src/main.rs"), source).unwrap();
        let fetched = cargo()
            .arg("fetch")
            .arg("--quiet")
            .current_dir(&dir)
            .status()
            .expect("run cargo");
        assert!(fetched.success(), "cargo fetch failed for {name}");
    }
}

/// One clean debug build of the program in `dir`, in seconds.
fn clean_build(dir: &Path) -> f64 {
    let target = dir.join("target");
    let _ = std::fs::remove_dir_all(&target);
    let start = Instant::now();
    let status = cargo()
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env_remove("RUSTFLAGS")
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("run cargo");
    assert!(status.success(), "building {} failed", dir.display());
    start.elapsed().as_secs_f64()
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let root = target_dir().join("bench-build");
    generate(&root);
    let mut times = vec![Vec::new(); PROGRAMS.len()];
    for round in 0..ROUNDS {
        for (i, (name, ..)) in PROGRAMS.iter().enumerate() {
            let seconds = clean_build(&root.join(name));
            eprintln!("round {round}: {name} {seconds:.2} s");
            times[i].push(seconds);
        }
    }
    let medians: Vec<f64> = times.iter_mut().map(|t| median(t)).collect();
    let linkme = medians[1];
    for ((name, ..), seconds) in PROGRAMS.iter().zip(&medians) {
        println!(
            "build/{name}: {seconds:.2} s (median of {ROUNDS}), {:.2}x the linkme program",
            seconds / linkme
        );
    }
}
