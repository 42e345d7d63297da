//! Seed 001's `count()` program: each process has its own copy of the
//! global, so five workers each compute 4999950000 and the parent's stays 0.

use std::sync::atomic::{AtomicU64, Ordering};

use tripool_macros::task;
use tripool_process::Process;

static N: AtomicU64 = AtomicU64::new(0);

#[task]
fn count() -> u64 {
    for i in 0..100_000 {
        N.fetch_add(i, Ordering::Relaxed);
    }
    N.load(Ordering::Relaxed)
}

#[test]
fn each_process_counts_alone() {
    let workers: Vec<_> = (0..5)
        .map(|_| Process::spawn(count::Task, ()).unwrap())
        .collect();
    for worker in workers {
        assert_eq!(worker.join(), Ok(4_999_950_000));
    }
    assert_eq!(N.load(Ordering::Relaxed), 0);
}
