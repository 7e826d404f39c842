//! wasm32-unknown-unknown: no C runtime, and no exit to hook.

pub(crate) fn write_stderr(bytes: &[u8]) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(bytes);
}

pub(crate) fn flush_c_streams() {}

pub(crate) fn exit_status() -> Option<i32> {
    None
}

pub(crate) fn exit_now(code: i32) -> ! {
    std::process::exit(code)
}
