//! `RLock<T>`: reentrancy, ownership, timeouts, async forms and stress.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Barrier};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tripool_sync::RLock;

#[test]
fn the_owner_reenters_and_the_last_guard_releases() {
    let lock = RLock::new(RefCell::new(0));
    let a = lock.acquire();
    let b = lock.acquire();
    let c = lock.try_acquire().unwrap();
    *b.borrow_mut() += 1;
    assert_eq!(*a.borrow(), 1);
    drop(a);
    assert!(lock.locked());
    assert!(lock.is_owned());
    drop(c);
    drop(b);
    assert!(!lock.locked());
    assert!(!lock.is_owned());
}

#[test]
fn guards_may_drop_in_any_order() {
    let lock = RLock::new(());
    let guards: Vec<_> = (0..5).map(|_| lock.acquire()).collect();
    let mut guards: Vec<_> = guards.into_iter().map(Some).collect();
    for index in [3, 0, 4, 1] {
        guards[index] = None;
        assert!(lock.locked());
    }
    guards.clear();
    assert!(!lock.locked());
}

#[test]
fn another_thread_neither_owns_nor_acquires_it() {
    let lock = RLock::new(());
    let held = lock.acquire();
    std::thread::scope(|s| {
        s.spawn(|| {
            assert!(!lock.is_owned());
            assert!(lock.locked());
            assert!(lock.try_acquire().is_none());
            let start = Instant::now();
            assert!(lock.acquire_timeout(Duration::from_millis(20)).is_none());
            assert!(start.elapsed() >= Duration::from_millis(20));
        });
    });
    drop(held);
    std::thread::scope(|s| {
        s.spawn(|| assert!(lock.try_acquire().is_some()));
    });
}

#[test]
fn a_blocked_thread_gets_it_after_the_last_release() {
    let lock = RLock::new(RefCell::new(Vec::new()));
    let outer = lock.acquire();
    let inner = lock.acquire();
    let started = Barrier::new(2);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            started.wait();
            let guard = lock.acquire();
            guard.borrow_mut().push("waiter");
        });
        started.wait();
        inner.borrow_mut().push("owner");
        drop(inner);
        drop(outer);
        waiter.join().unwrap();
    });
    assert_eq!(lock.into_inner().into_inner(), ["owner", "waiter"]);
}

#[test]
fn deadline_and_timeout_forms_reenter_at_once() {
    let lock = RLock::new(());
    let _held = lock.acquire();
    assert!(lock.acquire_timeout(Duration::ZERO).is_some());
    assert!(lock.acquire_deadline(Instant::now()).is_some());
}

#[test]
fn debug_default_from_get_mut() {
    let mut lock: RLock<u8> = RLock::default();
    *lock.get_mut() = 4;
    assert_eq!(format!("{lock:?}"), "RLock { data: 4, .. }");
    let guard = lock.acquire();
    // The owner may look inside; others see it locked.
    assert_eq!(
        format!("{lock:?} {guard:?} {guard}"),
        "RLock { data: 4, .. } 4 4"
    );
    std::thread::scope(|s| {
        s.spawn(|| assert_eq!(format!("{lock:?}"), "RLock { data: <locked>, .. }"));
    });
    drop(guard);
    assert_eq!(RLock::from(2).into_inner(), 2);
}

#[test]
fn stress_four_threads_with_nested_acquires() {
    const ROUNDS: usize = 5_000;
    let lock = RLock::new(RefCell::new(0usize));
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    let outer = lock.acquire();
                    let seen = *outer.borrow();
                    let inner = lock.acquire();
                    *inner.borrow_mut() = std::hint::black_box(seen) + 1;
                }
            });
        }
    });
    assert_eq!(lock.into_inner().into_inner(), 4 * ROUNDS);
}

#[test]
fn acquire_async_reenters_on_the_owning_thread() {
    let lock = RLock::new(1);
    let held = lock.acquire();
    futures::executor::block_on(async {
        let again = lock.acquire_async().await;
        assert_eq!(*again + *held, 2);
    });
}

#[test]
fn acquire_async_waits_for_another_thread() {
    let lock = RLock::new(RefCell::new(0));
    let started = Barrier::new(2);
    std::thread::scope(|s| {
        let held = lock.acquire();
        let waiter = s.spawn(|| {
            started.wait();
            futures::executor::block_on(async {
                let guard = lock.acquire_async().await;
                assert!(lock.is_owned());
                *guard.borrow_mut() += 1;
            });
        });
        started.wait();
        drop(held);
        waiter.join().unwrap();
    });
    assert_eq!(*lock.acquire().borrow(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acquire_async_on_tokio() {
    let lock = Arc::new(RLock::new(RefCell::new(0)));
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let lock = Arc::clone(&lock);
            tokio::spawn(async move {
                for _ in 0..200 {
                    // The guard is not Send: keep it out of any await.
                    let guard = lock.acquire_async().await;
                    *guard.borrow_mut() += 1;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(*lock.acquire().borrow(), 800);
}

#[test]
fn cancel_safety_a_dropped_notified_waiter_passes_the_lock_on() {
    let lock = RLock::new(());
    let waker = futures::task::noop_waker();
    let mut cx = Context::from_waker(&waker);
    let held = lock.acquire();
    // Futures polled on the owning thread would reenter: queue them from
    // another thread, then bring them back.
    let (first, mut second) = std::thread::scope(|s| {
        s.spawn(|| {
            let mut cx = Context::from_waker(&waker);
            let mut first = lock.acquire_async();
            let mut second = lock.acquire_async();
            assert!(Pin::new(&mut first).poll(&mut cx).is_pending());
            assert!(Pin::new(&mut second).poll(&mut cx).is_pending());
            (first, second)
        })
        .join()
        .unwrap()
    });
    drop(held); // wakes `first`, the oldest
    drop(first); // never to run: hands the wake-up on to `second`
    let Poll::Ready(guard) = Pin::new(&mut second).poll(&mut cx) else {
        panic!("the second waiter was stranded");
    };
    assert!(lock.is_owned());
    drop(guard);
    assert!(!lock.locked());
}
