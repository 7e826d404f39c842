//! Windows only: handles Ctrl-C, registers a handler, then sends Ctrl-C to its own console. The
//! handler runs, then the process ends with `STATUS_CONTROL_C_EXIT`; `not ended` is never printed.

#[cfg(windows)]
fn main() {
    use windows_sys::Win32::System::Console::{GenerateConsoleCtrlEvent, CTRL_C_EVENT};
    atexit::register(|| println!("handler ran"));
    atexit::handle_signals(&[atexit::Signal::Interrupt]).expect("handle Ctrl-C");
    println!("ready");
    // SAFETY: sends Ctrl-C to every process of this console (process group 0).
    let sent = unsafe { GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) };
    assert_ne!(
        sent, 0,
        "GenerateConsoleCtrlEvent failed: is there a console?"
    );
    std::thread::sleep(std::time::Duration::from_secs(10));
    println!("not ended");
}

#[cfg(not(windows))]
fn main() {
    eprintln!("this program needs Windows");
    std::process::exit(2);
}
