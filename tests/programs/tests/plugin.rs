//! A library that uses the crate, loaded and unloaded by its host (`dlopen`/`dlclose`,
//! `LoadLibrary`/`FreeLibrary`): its handlers run once, at its unload, and the host's at exit; the
//! process never calls into the unloaded code.
//! Each case runs with `panic = "unwind"` and, where it was built, with `panic = "abort"`.
use atexit_test_programs::{
    plugin_in_profile, plugin_library, plugin_path, program, run, target_os, Exit,
};

/// `plugin_host` loading `tests/plugin`, in each build that can run here (`mode`: its argument).
fn hosts(mode: &str) -> Vec<(&'static str, Exit)> {
    let library = plugin_library();
    let mut exits = vec![(
        "unwind",
        run(program!("plugin_host"), &[path(&library), mode]),
    )];
    if let Some(folder) = plugin_in_profile("abort") {
        let host = folder.join("plugin_host");
        let library = plugin_path(&folder);
        exits.push(("abort", run(path(&host), &[path(&library), mode])));
    }
    exits
}

fn path(path: &std::path::Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

const PLUGIN_HANDLERS: [&str; 3] = [
    "plugin register_with host 2",
    "plugin dynamic",
    "plugin static",
];

#[test]
fn the_librarys_handlers_run_at_its_unload_and_the_hosts_at_exit() {
    for (build, exit) in hosts("plain") {
        let mut expected = vec!["plugin started, 3 handlers", "unloading"];
        expected.extend(PLUGIN_HANDLERS);
        expected.extend([
            "unloaded, host has 2 handlers",
            "main returns",
            "host dynamic",
            "host static",
        ]);
        assert_eq!(exit.stdout_lines(), expected, "{build}: {exit:?}");
        assert_eq!(exit.stderr, "", "{build}: {exit:?}");
        assert_eq!(exit.code, Some(0), "{build}: {exit:?}");
    }
}

#[test]
fn a_fork_after_the_unload_calls_nothing_of_the_library() {
    for (build, exit) in hosts("fork") {
        let mut expected = vec![
            "plugin started, 4 handlers",
            "unloading",
            "plugin this process only",
        ];
        expected.extend(PLUGIN_HANDLERS);
        expected.push("unloaded, host has 2 handlers");
        if target_os() == "windows" {
            expected.push("no fork on Windows");
        } else {
            // The child runs the host's handlers at its exit (they are inherited), none of the
            // library's, and its end is seen by the parent.
            expected.extend([
                "child exits",
                "host dynamic",
                "host static",
                "child ended with 0",
            ]);
        }
        expected.extend(["main returns", "host dynamic", "host static"]);
        assert_eq!(exit.stdout_lines(), expected, "{build}: {exit:?}");
        assert_eq!(exit.stderr, "", "{build}: {exit:?}");
        assert_eq!(exit.code, Some(0), "{build}: {exit:?}");
    }
}
