//! Static handlers at scale: programs with 0, 1,000 and 10,000 `#[atexit::register]` functions,
//! 10,000 `#[dtor]` functions and 10,000 `inventory::submit!` items, generated and built here (under
//! `target/bench-static`, with their own Cargo workspace), then run many times each.
//!
//! Measured: process start to exit (criterion, wall time of spawn to wait), time from spawn to
//! `main`, for ours the time the exit takes, the binary size, and the compile time of 1,000
//! `#[atexit::register]` functions beside 1,000 `#[dtor]` functions. The figures that are not
//! criterion's are printed as `static/...` lines and written to `target/bench-static/results.json`.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::Criterion;

mod support;
use support::{median, target_dir};

/// (package, kind, handlers)
const PROGRAMS: [(&str, &str, usize); 7] = [
    ("atexit_0", "atexit", 0),
    ("atexit_1000", "atexit", 1_000),
    ("atexit_10000", "atexit", 10_000),
    ("dtor_1000", "dtor", 1_000),
    ("dtor_10000", "dtor", 10_000),
    ("inventory_1000", "inventory", 1_000),
    ("inventory_10000", "inventory", 10_000),
];

const RUNS: usize = 301;

fn now_ns() -> u64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Reads the clock the same way in every generated program.
const CLOCK: &str = r#"
fn now_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}
"#;

fn program_source(kind: &str, handlers: usize) -> String {
    let mut s = String::from("use std::hint::black_box;\n");
    s.push_str(CLOCK);
    match kind {
        "atexit" => {
            s.push_str(
                "static END_OF_MAIN: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);\n\
                 #[atexit::register(priority = i32::MIN)]\n\
                 fn finish() {\n    \
                     let exit = now_ns() - END_OF_MAIN.load(std::sync::atomic::Ordering::Relaxed);\n    \
                     println!(\"exit_ns={exit}\");\n\
                 }\n",
            );
            for i in 0..handlers {
                writeln!(s, "#[atexit::register]\nfn h{i}() {{ black_box({i}u32); }}").unwrap();
            }
            s.push_str(
                "fn main() {\n    println!(\"main_ns={}\", now_ns());\n    \
                 END_OF_MAIN.store(now_ns(), std::sync::atomic::Ordering::Relaxed);\n}\n",
            );
        }
        "dtor" => {
            for i in 0..handlers {
                writeln!(
                    s,
                    "// SAFETY: the body only passes a constant to `black_box`, which is sound before `main` and after it.\n#[dtor::dtor(unsafe)]\nfn h{i}() {{ black_box({i}u32); }}"
                )
                .unwrap();
            }
            s.push_str("fn main() {\n    println!(\"main_ns={}\", now_ns());\n}\n");
        }
        "inventory" => {
            s.push_str("pub struct Handler(pub fn());\ninventory::collect!(Handler);\n");
            for i in 0..handlers {
                writeln!(
                    s,
                    "fn h{i}() {{ black_box({i}u32); }}\ninventory::submit! {{ Handler(h{i}) }}"
                )
                .unwrap();
            }
            s.push_str(
                "extern \"C\" fn run_all() {\n    \
                     for handler in inventory::iter::<Handler> { (handler.0)(); }\n\
                 }\n\
                 fn main() {\n    println!(\"main_ns={}\", now_ns());\n    \
                     // SAFETY: `run_all` is an `extern \"C\" fn()` that does not unwind.\n    \
                     unsafe { libc::atexit(run_all) };\n}\n",
            );
        }
        other => unreachable!("{other}"),
    }
    s
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Rewriting an unchanged file would make Cargo rebuild it.
    if std::fs::read_to_string(path).ok().as_deref() != Some(contents) {
        std::fs::write(path, contents).unwrap();
    }
}

fn generate(root: &Path) {
    let members: Vec<String> = PROGRAMS
        .iter()
        .map(|(name, ..)| format!("\"{name}\""))
        .collect();
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nmembers = [{}]\nresolver = \"2\"\n\n[profile.release]\ncodegen-units = 16\n",
            members.join(", ")
        ),
    );
    let atexit = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    for (name, kind, handlers) in PROGRAMS {
        let dependency = match kind {
            "atexit" => format!("atexit = {{ path = {atexit:?} }}"),
            "dtor" => "dtor = \"1.0.6\"".to_owned(),
            _ => "inventory = \"0.3.20\"".to_owned(),
        };
        write(
            &root.join(name).join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\n{dependency}\nlibc = \"0.2.150\"\n"
            ),
        );
        write(
            &root.join(name).join("src/main.rs"),
            &program_source(kind, handlers),
        );
    }
}

fn cargo_build(root: &Path, package: Option<&str>) -> Duration {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(root.join("Cargo.toml"));
    if let Some(package) = package {
        command.args(["--package", package]);
    }
    let start = Instant::now();
    let status = command.status().expect("run cargo");
    assert!(status.success(), "building the generated programs failed");
    start.elapsed()
}

struct Run {
    total_ns: f64,
    to_main_ns: f64,
    exit_ns: Option<f64>,
}

fn run_once(binary: &Path) -> Run {
    let spawn = now_ns();
    let output = Command::new(binary).output().expect("run the program");
    let total_ns = (now_ns() - spawn) as f64;
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let field = |key: &str| -> Option<u64> {
        stdout
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .map(|v| v.parse().unwrap())
    };
    Run {
        total_ns,
        to_main_ns: (field("main_ns=").expect("main_ns") - spawn) as f64,
        exit_ns: field("exit_ns=").map(|ns| ns as f64),
    }
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let root = target_dir().join("bench-static");
    generate(&root);
    eprintln!("building the generated programs in {}", root.display());
    cargo_build(&root, None);

    let mut json = String::from("{\n  \"programs\": [\n");
    let mut rows = Vec::new();
    for (name, kind, handlers) in PROGRAMS {
        let binary = root.join("target/release").join(name);
        let size = std::fs::metadata(&binary).unwrap().len();
        let runs: Vec<Run> = (0..RUNS).map(|_| run_once(&binary)).collect();
        let mut total: Vec<f64> = runs.iter().map(|r| r.total_ns).collect();
        let mut to_main: Vec<f64> = runs.iter().map(|r| r.to_main_ns).collect();
        let mut exit: Vec<f64> = runs.iter().filter_map(|r| r.exit_ns).collect();
        let (total, to_main) = (median(&mut total), median(&mut to_main));
        let exit = (!exit.is_empty()).then(|| median(&mut exit));
        println!(
            "static/{name}: size {size} bytes, start to exit {:.0} us, spawn to main {:.0} us{}",
            total / 1e3,
            to_main / 1e3,
            exit.map_or(String::new(), |e| format!(", exit {:.0} us", e / 1e3))
        );
        rows.push(format!(
            "    {{\"name\": \"{name}\", \"kind\": \"{kind}\", \"handlers\": {handlers}, \"size\": {size}, \
             \"total_us\": {:.1}, \"to_main_us\": {:.1}, \"exit_us\": {}}}",
            total / 1e3,
            to_main / 1e3,
            exit.map_or("null".to_owned(), |e| format!("{:.1}", e / 1e3))
        ));
    }
    json.push_str(&rows.join(",\n"));
    json.push_str("\n  ],\n  \"compile_s\": {");

    // Compile time of one crate, its dependencies already built: touch and rebuild, median of 3.
    let mut compile = Vec::new();
    for name in ["atexit_1000", "dtor_1000"] {
        let main_rs = root.join(name).join("src/main.rs");
        let mut times: Vec<f64> = (0..3)
            .map(|_| {
                let source = std::fs::read(&main_rs).unwrap();
                std::fs::write(&main_rs, source).unwrap(); // a new mtime
                cargo_build(&root, Some(name)).as_secs_f64()
            })
            .collect();
        let seconds = median(&mut times);
        println!("static/compile {name}: {seconds:.2} s");
        compile.push(format!("\"{name}\": {seconds:.2}"));
    }
    json.push_str(&compile.join(", "));
    json.push_str("}\n}\n");
    std::fs::write(root.join("results.json"), json).unwrap();

    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3));
    let mut group = c.benchmark_group("process start to exit");
    for (name, ..) in PROGRAMS {
        let binary = root.join("target/release").join(name);
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                (0..iters)
                    .map(|_| Duration::from_nanos(run_once(&binary).total_ns as u64))
                    .sum()
            })
        });
    }
    group.finish();
    c.final_summary();
}
