//! Two semver-incompatible versions of the crate in one binary: this one, and a copy of it made here
//! at the next incompatible version. Each runs its own handlers, once; neither panics; and a slice of
//! another crate's named like the runtime's does not collide with it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository: the facade's folder.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The version after this one that semver treats as incompatible: 0.1.x -> 0.2.0, 1.x.y -> 2.0.0.
fn next_incompatible(version: &str) -> String {
    let parts: Vec<u64> = version.split('.').map(|p| p.parse().unwrap()).collect();
    match parts[..] {
        [0, 0, patch] => format!("0.0.{}", patch + 1),
        [0, minor, _] => format!("0.{}.0", minor + 1),
        [major, _, _] => format!("{}.0.0", major + 1),
        _ => panic!("unexpected version {version}"),
    }
}

/// The facade, the runtime and the attribute at the next incompatible version, in `to`: the
/// sources as they are, the manifests with the version changed and without what only the
/// repository's own tests use.
fn copy_at_next_version(to: &Path) -> String {
    let repository = repository();
    let root = fs::read_to_string(repository.join("Cargo.toml")).unwrap();
    // `[workspace.package]`'s, the first version in the file.
    let version = root
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("the workspace's version");
    let next = next_incompatible(version);
    let _ = fs::remove_dir_all(to);
    for dir in ["src", "atexit-rt", "atexit-macros"] {
        copy_dir(&repository.join(dir), &to.join(dir));
    }
    let bump = |text: &str| {
        text.replace(
            &format!("version = \"{version}\""),
            &format!("version = \"{next}\""),
        )
        .replace(&format!("\"={version}\""), &format!("\"={next}\""))
    };
    // The copy's workspace holds the two published crates only.
    let root: String = root
        .split("\n[dev-dependencies]")
        .next()
        .unwrap()
        .lines()
        .scan(false, |in_members, line| {
            // `members = [` through its `]`, on one line or several, becomes the two crates; the
            // default members, which name packages the copy lacks, go.
            let kept = if line.starts_with("members = [") {
                *in_members = !line.ends_with(']');
                Some(r#"members = ["atexit-macros", "atexit-rt"]"#)
            } else if *in_members {
                *in_members = line != "]";
                None
            } else if line.starts_with("default-members") {
                None
            } else {
                Some(line)
            };
            Some(kept)
        })
        .flatten()
        .collect::<Vec<_>>()
        .join("\n");
    assert!(root.contains(r#"members = ["atexit-macros", "atexit-rt"]"#));
    fs::write(to.join("Cargo.toml"), bump(&root)).unwrap();
    fs::write(to.join("README.md"), "").unwrap();
    for krate in ["atexit-rt", "atexit-macros"] {
        let manifest = to.join(krate).join("Cargo.toml");
        let text = fs::read_to_string(&manifest).unwrap();
        let text = text
            .split("\n[dev-dependencies]")
            .next()
            .unwrap()
            .to_owned();
        fs::write(&manifest, bump(&text)).unwrap();
    }
    next
}

const PROGRAM: &str = r#"
#[atexit::register]
fn old_static() {
    println!("old static");
}

#[atexit_next::register(crate = atexit_next)]
fn next_static() {
    println!("next static");
}

// Another crate's slice with the name the runtime's had before it carried its version.
#[linkme::distributed_slice]
static STATIC_HANDLERS: [u32];

#[linkme::distributed_slice(STATIC_HANDLERS)]
static ONE: u32 = 1;

fn main() {
    atexit::register(|| println!("old dynamic"));
    atexit_next::register(|| println!("next dynamic"));
    println!(
        "counts {} {} {}",
        atexit::ncallbacks(),
        atexit_next::ncallbacks(),
        STATIC_HANDLERS.len()
    );
    println!(
        "handlers {} {}",
        atexit::handlers().len(),
        atexit_next::handlers().len()
    );
    println!("unregistered {}", atexit_next::unregister(next_static));
    atexit_next::register(next_static);
}
"#;

#[test]
fn two_incompatible_versions_each_run_their_own_handlers_once() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("two-versions");
    let next = copy_at_next_version(&work.join("next"));
    let app = work.join("app");
    fs::create_dir_all(app.join("src")).unwrap();
    let repository = repository();
    fs::write(
        app.join("Cargo.toml"),
        format!(
            r#"[package]
name = "two-versions"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
atexit = {{ path = {old:?} }}
atexit_next = {{ package = "atexit", version = "={next}", path = {new:?} }}
linkme = "0.3.33"
"#,
            old = repository.display().to_string(),
            new = work.join("next").display().to_string(),
        ),
    )
    .unwrap();
    fs::write(app.join("src/main.rs"), PROGRAM).unwrap();
    // The repository's lock file, so that the copy builds with the dependencies the crate is
    // tested with, offline if need be.
    fs::copy(repository.join("Cargo.lock"), app.join("Cargo.lock")).unwrap();

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(app.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env_remove("ATEXIT_LOG")
        .env_remove("ATEXIT_TIMEOUT")
        .output()
        .expect("cannot run cargo");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}\n{stderr}");
    assert_eq!(stderr, "", "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[..3],
        ["counts 2 2 1", "handlers 2 2", "unregistered 1"],
        "{stdout}"
    );
    // Each version runs its own handlers, last registered first, as one block: which block runs
    // first follows the order the two runtimes installed their exit hooks.
    let old = ["old dynamic", "old static"];
    let new = ["next static", "next dynamic"];
    let ran = &lines[3..];
    assert!(
        ran == [&old[..], &new[..]].concat() || ran == [&new[..], &old[..]].concat(),
        "{stdout}"
    );
}
