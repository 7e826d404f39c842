//! A library that uses the crate, loaded and unloaded by its host (`dlopen`/`dlclose`,
//! `LoadLibrary`/`FreeLibrary`): its handlers run once, at its unload, and the host's at exit; the
//! process never calls into the unloaded code.
use atexit_test_programs::{plugin_library, program, run, target_os};

fn host(mode: &str) -> atexit_test_programs::Exit {
    let library = plugin_library();
    let library = library.to_str().expect("a UTF-8 path");
    run(program!("plugin_host"), &[library, mode])
}

const PLUGIN_HANDLERS: [&str; 3] = [
    "plugin register_with host 2",
    "plugin dynamic",
    "plugin static",
];

#[test]
fn the_librarys_handlers_run_at_its_unload_and_the_hosts_at_exit() {
    let exit = host("plain");
    let mut expected = vec!["plugin started, 3 handlers", "unloading"];
    expected.extend(PLUGIN_HANDLERS);
    expected.extend([
        "unloaded, host has 2 handlers",
        "main returns",
        "host dynamic",
        "host static",
    ]);
    assert_eq!(exit.stdout_lines(), expected, "{exit:?}");
    assert_eq!(exit.stderr, "", "{exit:?}");
    assert_eq!(exit.code, Some(0), "{exit:?}");
}

#[test]
fn a_fork_after_the_unload_calls_nothing_of_the_library() {
    let exit = host("fork");
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
    assert_eq!(exit.stdout_lines(), expected, "{exit:?}");
    assert_eq!(exit.stderr, "", "{exit:?}");
    assert_eq!(exit.code, Some(0), "{exit:?}");
}
