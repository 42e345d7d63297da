//! Loom models of `RLock`: run with
//! `RUSTFLAGS="--cfg tripool_loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p tripool-sync --release --target-dir target/loom --test loom_rlock`.
#![cfg(tripool_loom)]

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use tripool_sync::RLock;

type Counter = RLock<UnsafeCell<usize>>;

/// Takes the lock twice (the second time reentrantly) and counts once.
fn nested_increment(lock: &Counter) {
    let outer = lock.acquire();
    assert!(lock.is_owned());
    let inner = lock.acquire();
    // SAFETY: only the owning thread reaches the cell while it holds guards,
    // and it uses one access at a time.
    inner.with_mut(|count| unsafe { *count += 1 });
    drop(outer);
    assert!(lock.is_owned(), "the inner guard still holds it");
    drop(inner);
}

#[test]
fn reentrant_owners_exclude_each_other() {
    loom::model(|| {
        let lock: Arc<Counter> = Arc::new(RLock::new(UnsafeCell::new(0)));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || nested_increment(&lock))
        };
        nested_increment(&lock);
        other.join().unwrap();
        assert!(!lock.locked());
        // SAFETY: both threads are done.
        let total = lock.acquire().with(|count| unsafe { *count });
        assert_eq!(total, 2);
    });
}

#[test]
fn an_async_acquire_on_another_thread_waits_for_the_last_guard() {
    loom::model(|| {
        let lock: Arc<Counter> = Arc::new(RLock::new(UnsafeCell::new(0)));
        let outer = lock.acquire();
        let inner = lock.acquire();
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                let guard = loom::future::block_on(lock.acquire_async());
                assert!(lock.is_owned());
                // SAFETY: this thread owns the lock.
                guard.with_mut(|count| unsafe { *count += 1 });
            })
        };
        drop(inner);
        drop(outer);
        other.join().unwrap();
        assert!(!lock.is_owned());
    });
}
