//! The static handlers run in the same order whatever the build profile, although the linker's
//! order of the entries changes with optimisation, LTO and codegen units.
use atexit_test_programs::{static_order_in_profile, STATIC_ORDER};

fn same_order_in(profile: &str) {
    let exit = static_order_in_profile(profile);
    assert_eq!(exit.code, Some(0), "{profile}: {}", exit.stderr);
    assert_eq!(exit.stdout_lines(), STATIC_ORDER, "profile {profile}");
}

#[test]
fn release() {
    same_order_in("release");
}

#[test]
fn fat_lto() {
    same_order_in("lto-fat");
}

#[test]
fn one_codegen_unit() {
    same_order_in("cgu1");
}

#[test]
fn many_codegen_units() {
    same_order_in("cgu256");
}
