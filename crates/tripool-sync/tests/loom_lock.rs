//! Loom models of `Lock`: run with
//! `RUSTFLAGS="--cfg tripool_loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p tripool-sync --release --target-dir target/loom --test loom_lock`.
//!
//! The data is a `loom::cell::UnsafeCell`, so loom itself reports any access
//! that the lock fails to order (a broken Acquire/Release pair), besides the
//! lost updates and deadlocks (lost wake-ups) it finds by exploring.
#![cfg(tripool_loom)]

use std::future::Future;
use std::pin::Pin;
use std::task::Context;

use loom::cell::UnsafeCell;
use loom::sync::Arc;
use loom::thread;
use tripool_sync::Lock;

type Counter = Lock<UnsafeCell<usize>>;

fn counter() -> Arc<Counter> {
    Arc::new(Lock::new(UnsafeCell::new(0)))
}

fn increment(lock: &Counter) {
    let guard = lock.acquire();
    // SAFETY: the guard gives this thread exclusive access to the cell.
    guard.with_mut(|count| unsafe { *count += 1 });
}

fn total(lock: &Counter) -> usize {
    // SAFETY: as above.
    lock.acquire().with(|count| unsafe { *count })
}

#[test]
fn three_threads_exclude_each_other_and_none_is_stranded() {
    loom::model(|| {
        let lock = counter();
        let others: Vec<_> = (0..2)
            .map(|_| {
                let lock = Arc::clone(&lock);
                thread::spawn(move || increment(&lock))
            })
            .collect();
        increment(&lock);
        for other in others {
            other.join().unwrap();
        }
        assert_eq!(total(&lock), 3);
        assert!(!lock.locked());
    });
}

#[test]
fn a_blocked_acquire_is_woken_by_the_release() {
    loom::model(|| {
        let lock = counter();
        let held = lock.acquire();
        let waiter = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || increment(&lock))
        };
        drop(held);
        waiter.join().unwrap();
        assert_eq!(total(&lock), 1);
    });
}

#[test]
fn an_async_acquire_is_woken_by_the_release() {
    loom::model(|| {
        let lock = counter();
        let held = lock.acquire();
        let waiter = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                let guard = loom::future::block_on(lock.acquire_async());
                // SAFETY: the guard gives exclusive access.
                guard.with_mut(|count| unsafe { *count += 1 });
            })
        };
        increment_while_holding(held);
        waiter.join().unwrap();
        assert_eq!(total(&lock), 2);
    });
}

fn increment_while_holding(guard: tripool_sync::LockGuard<'_, UnsafeCell<usize>>) {
    // SAFETY: the guard gives exclusive access.
    guard.with_mut(|count| unsafe { *count += 1 });
}

#[test]
fn a_cancelled_notified_async_waiter_hands_the_lock_on() {
    loom::model(|| {
        let lock = counter();
        let held = lock.acquire();
        // Queued first, so the release picks it; then dropped unpolled.
        let waker = futures::task::noop_waker();
        let mut first = lock.acquire_async();
        assert!(
            Pin::new(&mut first)
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        );
        let second = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || increment(&lock))
        };
        drop(held);
        drop(first);
        // Loom reports a deadlock here if `second` was left parked.
        second.join().unwrap();
        assert_eq!(total(&lock), 1);
        assert!(!lock.locked());
    });
}
