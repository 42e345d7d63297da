//! Loom models of `Semaphore` (and so of `BoundedSemaphore`, built on it):
//! run with `RUSTFLAGS="--cfg tripool_loom" LOOM_MAX_PREEMPTIONS=2 cargo test
//! -p tripool-sync --release --target-dir target/loom --test loom_semaphore`.
#![cfg(tripool_loom)]

use std::future::Future;
use std::task::Context;

use futures::task::noop_waker_ref;
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use tripool_sync::{BoundedSemaphore, Semaphore};

#[test]
fn permits_never_exceed() {
    loom::model(|| {
        let sem = Arc::new(Semaphore::new(1));
        let inside = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let (sem, inside) = (Arc::clone(&sem), Arc::clone(&inside));
                thread::spawn(move || {
                    let _permit = sem.acquire();
                    assert_eq!(inside.fetch_add(1, Ordering::SeqCst), 0);
                    inside.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(sem.available_permits(), 1);
    });
}

#[test]
fn release_wakes_a_blocked_acquirer() {
    loom::model(|| {
        let sem = Arc::new(Semaphore::new(0));
        let acquirer = {
            let sem = Arc::clone(&sem);
            thread::spawn(move || sem.acquire().forget())
        };
        sem.release(1);
        acquirer.join().unwrap();
        assert_eq!(sem.available_permits(), 0);
    });
}

#[test]
fn release_wakes_an_async_acquirer() {
    loom::model(|| {
        let sem = Arc::new(Semaphore::new(0));
        let releaser = {
            let sem = Arc::clone(&sem);
            thread::spawn(move || sem.release(1))
        };
        loom::future::block_on(sem.acquire_async()).forget();
        releaser.join().unwrap();
        assert_eq!(sem.available_permits(), 0);
    });
}

#[test]
fn a_cancelled_granted_async_waiter_passes_the_permit_on() {
    loom::model(|| {
        let sem = Arc::new(Semaphore::new(0));
        // The future queues first, so the release grants it the permit.
        let mut granted = Box::pin(sem.acquire_async());
        let mut cx = Context::from_waker(noop_waker_ref());
        assert!(granted.as_mut().poll(&mut cx).is_pending());
        let acquirer = {
            let sem = Arc::clone(&sem);
            thread::spawn(move || sem.acquire().forget())
        };
        sem.release(1);
        drop(granted);
        // Whether the thread queued before or after, it gets the permit.
        acquirer.join().unwrap();
        assert_eq!(sem.available_permits(), 0);
    });
}

#[test]
fn a_dropped_bounded_permit_never_passes_the_bound() {
    loom::model(|| {
        // The owned API takes a `std` Arc; loom need not track this one.
        let sem = std::sync::Arc::new(BoundedSemaphore::new(1));
        let permit = sem.acquire_owned();
        let releaser = {
            let sem = std::sync::Arc::clone(&sem);
            thread::spawn(move || sem.release(1).is_ok())
        };
        drop(permit);
        releaser.join().unwrap();
        // The stray release or the permit's return refilled it, not both.
        assert_eq!(sem.available_permits(), 1);
    });
}
