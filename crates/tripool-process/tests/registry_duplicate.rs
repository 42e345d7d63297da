//! Two tasks with one name: every spawn fails with an error naming both.

use tripool_process::{DuplicateTaskError, Process, SpawnError};

mod twins {
    pub(crate) fn first() -> u8 {
        #[tripool_macros::task]
        fn twin() -> u8 {
            1
        }
        twin()
    }

    pub(crate) fn second() -> u8 {
        #[tripool_macros::task]
        fn twin() -> u8 {
            2
        }
        Process::spawn(twin::Task, ()).map(|_| 0).unwrap_or(2)
    }

    use tripool_process::Process;
}

#[tripool_macros::task]
fn single() {}

#[test]
fn duplicates_are_reported_with_both_places() {
    assert_eq!((twins::first(), twins::second()), (1, 2));
    match Process::spawn(single::Task, ()) {
        Err(SpawnError::DuplicateTask(DuplicateTaskError {
            name,
            first,
            second,
        })) => {
            assert_eq!(name, "registry_duplicate::twins::twin");
            assert!(
                first.starts_with("crates/tripool-process/tests/registry_duplicate.rs:"),
                "{first}"
            );
            assert!(
                second.starts_with("crates/tripool-process/tests/registry_duplicate.rs:"),
                "{second}"
            );
            assert_ne!(first, second);
        }
        other => panic!("unexpected {other:?}"),
    }
}
