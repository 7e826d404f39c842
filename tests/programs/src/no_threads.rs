//! A process that can start no thread, as one at its thread limit (`RLIMIT_NPROC`, a container's
//! `pids.max`) or in a sandbox that refuses `clone` is: a seccomp filter refuses every new thread
//! of the process with `EAGAIN`, the error `pthread_create` gives at such a limit, while `fork` and
//! everything else still work.
//!
//! A filter rather than a user at its limit (`setpriv --reuid=UID prlimit --nproc=1 PROG`, which
//! `tests/no_threads.rs` also runs where it can): it needs no root, it limits one process and not
//! every process of a user (so tests run in parallel), and the program installs it where the test
//! wants, after starting the threads it needs itself.

/// The variable that asks a program for [`refuse_threads_if_asked`].
pub const VARIABLE: &str = "ATEXIT_TEST_NO_THREADS";

/// True where the programs can refuse themselves threads: Linux on x86_64 or aarch64 run natively
/// (qemu-user does not pass seccomp filters on; the filter is written for those two).
pub fn supported() -> bool {
    let target = std::env::var("ATEXIT_TEST_TARGET").unwrap_or_default();
    let arch = target
        .split('-')
        .next()
        .filter(|arch| !arch.is_empty())
        .unwrap_or(std::env::consts::ARCH);
    crate::target_os() == "linux" && !crate::under_qemu() && matches!(arch, "x86_64" | "aarch64")
}

/// From here on no thread of this process can start a thread, if [`VARIABLE`] is set.
pub fn refuse_threads_if_asked() {
    if std::env::var_os(VARIABLE).is_some() {
        refuse_threads();
    }
}

/// From here on no thread of this process can start a thread: `clone3` fails with `ENOSYS` (so the
/// C library falls back to `clone`, whose flags a filter can read) and `clone` with
/// `CLONE_THREAD` fails with `EAGAIN`. Every thread of the process gets the filter.
#[cfg(target_os = "linux")]
pub fn refuse_threads() {
    use seccompiler::{
        apply_filter_all_threads, BpfProgram, SeccompAction, SeccompCmpArgLen, SeccompCmpOp,
        SeccompCondition, SeccompFilter, SeccompRule,
    };
    let arch = std::env::consts::ARCH
        .try_into()
        .expect("a filter for this architecture");
    // A syscall number is a `c_long`, 32 bits wide on 32-bit targets.
    #[allow(clippy::useless_conversion)]
    let filter = |syscall: libc::c_long, rules: Vec<SeccompRule>, errno: i32| {
        let syscall = i64::from(syscall);
        let filter = SeccompFilter::new(
            [(syscall, rules)].into_iter().collect(),
            SeccompAction::Allow,
            SeccompAction::Errno(errno.unsigned_abs()),
            arch,
        )
        .expect("a valid filter");
        BpfProgram::try_from(filter).expect("a filter that compiles")
    };
    let new_thread = SeccompCondition::new(
        0,
        SeccompCmpArgLen::Qword,
        SeccompCmpOp::MaskedEq(libc::CLONE_THREAD as u64),
        libc::CLONE_THREAD as u64,
    )
    .expect("a valid condition");
    let clone = filter(
        libc::SYS_clone,
        vec![SeccompRule::new(vec![new_thread]).expect("a valid rule")],
        libc::EAGAIN,
    );
    let clone3 = filter(libc::SYS_clone3, Vec::new(), libc::ENOSYS);
    for program in [clone, clone3] {
        apply_filter_all_threads(&program).expect("a seccomp filter installed");
    }
    assert!(
        std::thread::Builder::new().spawn(|| ()).is_err(),
        "a thread started despite the filter"
    );
}

/// Elsewhere the tests that need it are skipped ([`supported`]).
#[cfg(not(target_os = "linux"))]
pub fn refuse_threads() {
    panic!("no way to refuse threads on this platform");
}
