//! Handlers under a deadline. The first argument is how long `hang` sleeps, in milliseconds; the
//! second, if any, the deadline `set_timeout` sets, in milliseconds. Every handler prints how many
//! threads the process has, so the test sees the watching thread come and go.

use std::time::Duration;

fn threads() -> usize {
    (thread_count() + 1).saturating_sub(*AT_START.get_or_init(thread_count))
}

#[atexit::register]
fn never_reached() {
    println!("never_reached threads={}", threads());
}

fn hang() {
    let millis: u64 = std::env::args().nth(1).unwrap().parse().unwrap();
    println!("hang threads={}", threads());
    std::thread::sleep(Duration::from_millis(millis));
    println!("hang done");
}

fn main() {
    if let Some(millis) = std::env::args().nth(2) {
        atexit::set_timeout(Duration::from_millis(millis.parse().unwrap()));
    }
    atexit::register(hang);
    atexit::register(|| println!("quick threads={}", threads()));
    println!("main threads={}", threads());
}

/// The count of threads at the first call of `threads` (the `main` line, before the runtime starts
/// any): an emulator such as qemu-user has threads of its own in `/proc/self/task`, which `threads`
/// takes out, so that the main thread alone counts 1.
static AT_START: std::sync::OnceLock<usize> = std::sync::OnceLock::new();

#[cfg(not(windows))]
fn thread_count() -> usize {
    std::fs::read_dir("/proc/self/task").map_or(0, |tasks| tasks.count())
}

/// Windows: the process's entries in a snapshot of the system's threads.
#[cfg(windows)]
fn thread_count() -> usize {
    use windows_sys::Win32::Foundation::{CloseHandle, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Diagnostics::ToolHelp::{
        CreateToolhelp32Snapshot, Thread32First, Thread32Next, TH32CS_SNAPTHREAD, THREADENTRY32,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcessId;
    // SAFETY: takes no pointer; returns a handle that is closed below, or INVALID_HANDLE_VALUE.
    let snapshot = unsafe { CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0) };
    if snapshot == INVALID_HANDLE_VALUE {
        return 0;
    }
    // SAFETY: takes no pointer.
    let process = unsafe { GetCurrentProcessId() };
    // SAFETY: all-zero bytes are a valid `THREADENTRY32` (integers only).
    let mut entry: THREADENTRY32 = unsafe { std::mem::zeroed() };
    entry.dwSize = std::mem::size_of::<THREADENTRY32>() as u32;
    let mut count = 0;
    // SAFETY: `snapshot` is open and `entry` is a `THREADENTRY32` whose `dwSize` is set.
    let mut more = unsafe { Thread32First(snapshot, &mut entry) } != 0;
    while more {
        count += usize::from(entry.th32OwnerProcessID == process);
        // SAFETY: as above.
        more = unsafe { Thread32Next(snapshot, &mut entry) } != 0;
    }
    // SAFETY: closes the snapshot opened above, once.
    unsafe { CloseHandle(snapshot) };
    count
}
