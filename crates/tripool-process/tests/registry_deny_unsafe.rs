//! A crate that denies `unsafe` can still define tasks: the attribute's
//! link-time registration allows itself where it needs to.
#![deny(unsafe_code)]

use tripool_process::Process;

/// Documented, public: the generated module and struct need docs too.
#[tripool_macros::task]
pub fn shout(text: String) -> String {
    text.to_uppercase()
}

#[test]
fn tasks_work_under_deny_unsafe_code() {
    let process = Process::spawn(shout::Task, ("quiet".into(),)).unwrap();
    assert_eq!(process.join().unwrap(), "QUIET");
}
