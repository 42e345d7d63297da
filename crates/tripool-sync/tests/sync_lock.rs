//! `Lock<T>`: behaviour, timeouts, async forms, cancel safety, stress, and
//! the auto traits of the lock family (`Lock`, `RLock`, `Condition`).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use futures::task::ArcWake;
use tripool_sync::{
    Condition, ConditionAcquire, ConditionGuard, ConditionWait, Lock, LockAcquire, LockGuard,
    RLock, RLockAcquire, RLockGuard,
};

/// A waker that records whether it was woken.
#[derive(Default)]
struct Flag(AtomicBool);

impl ArcWake for Flag {
    fn wake_by_ref(flag: &Arc<Self>) {
        flag.0.store(true, Ordering::SeqCst);
    }
}

impl Flag {
    fn waker() -> (Arc<Self>, Waker) {
        let flag = Arc::new(Self::default());
        let waker = futures::task::waker(Arc::clone(&flag));
        (flag, waker)
    }

    fn woken(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

fn poll<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

#[test]
fn acquire_gives_exclusive_access_and_drop_releases() {
    let lock = Lock::new(vec![1]);
    assert!(!lock.locked());
    {
        let mut guard = lock.acquire();
        assert!(lock.locked());
        guard.push(2);
        assert!(lock.try_acquire().is_none());
    }
    assert!(!lock.locked());
    assert_eq!(*lock.acquire(), [1, 2]);
}

#[test]
fn try_acquire_fails_from_another_thread_while_held() {
    let lock = Lock::new(0);
    let guard = lock.acquire();
    std::thread::scope(|s| {
        s.spawn(|| assert!(lock.try_acquire().is_none()));
    });
    drop(guard);
    std::thread::scope(|s| {
        s.spawn(|| assert!(lock.try_acquire().is_some()));
    });
}

#[test]
fn get_mut_into_inner_default_and_from() {
    let mut lock: Lock<Vec<u8>> = Lock::default();
    lock.get_mut().push(3);
    assert_eq!(lock.into_inner(), [3]);
    assert_eq!(Lock::from(5).into_inner(), 5);
}

#[test]
fn unsized_data() {
    let lock: &Lock<[u8]> = &Lock::new([1, 2, 3]);
    lock.acquire()[0] = 9;
    assert_eq!(&*lock.acquire(), &[9, 2, 3]);
}

#[test]
fn debug_and_display() {
    let lock = Lock::new(7);
    assert_eq!(format!("{lock:?}"), "Lock { data: 7, .. }");
    let guard = lock.acquire();
    assert_eq!(format!("{lock:?}"), "Lock { data: <locked>, .. }");
    assert_eq!(format!("{guard:?} {guard}"), "7 7");
    assert_eq!(format!("{:?}", lock.acquire_async()), "LockAcquire { .. }");
}

#[test]
fn guard_may_be_released_by_another_thread() {
    let lock = Lock::new(1);
    let guard = lock.acquire();
    std::thread::scope(|s| {
        s.spawn(move || drop(guard));
    });
    assert!(!lock.locked());
}

#[test]
fn a_panic_while_held_releases_without_poisoning() {
    let lock = Lock::new(0);
    // `Lock` makes no unwind-safety promise (it does not poison): assert it.
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _guard = lock.acquire();
        panic!("inside");
    }));
    assert!(result.is_err());
    assert_eq!(*lock.try_acquire().unwrap(), 0);
}

#[test]
fn acquire_timeout_waits_at_least_the_timeout() {
    let lock = Lock::new(());
    let _held = lock.acquire();
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(lock.acquire_timeout(timeout).is_none());
    assert!(start.elapsed() >= timeout);
    let deadline = Instant::now() + timeout;
    assert!(lock.acquire_deadline(deadline).is_none());
    assert!(Instant::now() >= deadline);
}

#[test]
fn acquire_timeout_in_another_thread_times_out_and_leaves_a_clean_state() {
    let lock = Lock::new(());
    let held = lock.acquire();
    std::thread::scope(|s| {
        s.spawn(|| {
            let start = Instant::now();
            assert!(lock.acquire_timeout(Duration::from_millis(20)).is_none());
            assert!(start.elapsed() >= Duration::from_millis(20));
        });
    });
    drop(held);
    assert!(!lock.locked());
    assert!(lock.try_acquire().is_some());
}

#[test]
fn acquire_timeout_succeeds_when_released_in_time() {
    let lock = Lock::new(0);
    let held = lock.acquire();
    let started = Barrier::new(2);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            started.wait();
            *lock.acquire_timeout(Duration::from_secs(30)).unwrap() += 1;
        });
        started.wait();
        drop(held);
        waiter.join().unwrap();
    });
    assert_eq!(lock.into_inner(), 1);
}

#[test]
fn huge_timeouts_wait_forever_rather_than_overflow() {
    let lock = Lock::new(());
    assert!(lock.acquire_timeout(Duration::MAX).is_some());
}

#[test]
fn stress_four_threads_count_exactly() {
    const THREADS: usize = 4;
    const ROUNDS: usize = 10_000;
    let lock = Lock::new(0usize);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    let mut guard = lock.acquire();
                    // A read-modify-write that races without the lock.
                    let seen = std::hint::black_box(*guard);
                    *guard = seen + 1;
                }
            });
        }
    });
    assert_eq!(lock.into_inner(), THREADS * ROUNDS);
}

#[test]
fn stress_threads_and_tasks_share_one_lock() {
    const ROUNDS: usize = 2_000;
    let lock = Arc::new(Lock::new(0usize));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let lock = Arc::clone(&lock);
            runtime.spawn(async move {
                for _ in 0..ROUNDS {
                    let mut guard = lock.acquire_async().await;
                    let seen = std::hint::black_box(*guard);
                    tokio::task::yield_now().await; // held across an await
                    *guard = seen + 1;
                }
            })
        })
        .collect();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    *lock.acquire() += 1;
                }
            });
        }
        s.spawn(|| {
            futures::executor::block_on(async {
                for _ in 0..ROUNDS {
                    *lock.acquire_async().await += 1;
                }
            });
        });
    });
    runtime.block_on(async {
        for task in tasks {
            task.await.unwrap();
        }
    });
    assert_eq!(*lock.acquire(), 5 * ROUNDS);
}

#[test]
fn stress_timed_out_acquires_never_strand_the_lock() {
    // Timeouts race with releases, so waiters leave the queue both before
    // and after a release picked them: every success is counted exactly
    // once and the lock ends free.
    const ROUNDS: usize = 2_000;
    let lock = Lock::new(0usize);
    let successes: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let mut won = 0;
                    for _ in 0..ROUNDS {
                        if let Some(mut guard) = lock.acquire_timeout(Duration::from_micros(20)) {
                            *guard += 1;
                            won += 1;
                        }
                    }
                    won
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    assert!(!lock.locked());
    assert_eq!(lock.into_inner(), successes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stress_cancelled_async_acquires_never_strand_the_lock() {
    const ROUNDS: usize = 500;
    let lock = Arc::new(Lock::new(0usize));
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let lock = Arc::clone(&lock);
            tokio::spawn(async move {
                let mut won = 0;
                for _ in 0..ROUNDS {
                    let attempt = lock.acquire_async();
                    if let Ok(mut guard) =
                        tokio::time::timeout(Duration::from_micros(50), attempt).await
                    {
                        *guard += 1;
                        tokio::task::yield_now().await;
                        won += 1;
                    }
                }
                won
            })
        })
        .collect();
    let mut successes = 0;
    for task in tasks {
        successes += task.await.unwrap();
    }
    assert!(!lock.locked());
    assert_eq!(*lock.acquire_async().await, successes);
}

#[test]
fn a_parked_waiter_is_not_starved_by_a_barging_thread() {
    // The busy thread re-takes the lock in a tight loop; the waiter still
    // gets it (barging usually suffices; the fair hand-off bounds the worst
    // case, which this test cannot force).
    let lock = Lock::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let start = Instant::now();
            loop {
                let done = lock.acquire();
                if *done {
                    break;
                }
                assert!(start.elapsed() < Duration::from_secs(30), "starved");
                std::hint::black_box(&done);
            }
        });
        *lock.acquire() = true;
    });
}

#[test]
fn acquire_async_on_block_on_waits_for_a_release() {
    let lock = Lock::new(0);
    let held = lock.acquire();
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            futures::executor::block_on(async {
                *lock.acquire_async().await += 1;
            });
        });
        drop(held);
        waiter.join().unwrap();
    });
    assert_eq!(lock.into_inner(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acquire_async_on_tokio_waits_for_a_release() {
    let lock = Arc::new(Lock::new(0));
    let held = lock.acquire();
    let task = {
        let lock = Arc::clone(&lock);
        tokio::spawn(async move {
            *lock.acquire_async().await += 1;
        })
    };
    drop(held);
    task.await.unwrap();
    assert_eq!(*lock.acquire_async().await, 1);
}

#[tokio::test]
async fn acquire_async_under_tokio_timeout_gives_up_cleanly() {
    let lock = Lock::new(());
    let held = lock.acquire();
    let timed_out = tokio::time::timeout(Duration::from_millis(10), lock.acquire_async()).await;
    assert!(timed_out.is_err());
    drop(held);
    assert!(lock.try_acquire().is_some());
}

#[test]
fn a_dropped_waiter_that_was_not_yet_woken_leaves_the_queue() {
    let lock = Lock::new(());
    let held = lock.acquire();
    let (_, waker) = Flag::waker();
    let (second_woken, second_waker) = Flag::waker();
    let mut first = lock.acquire_async();
    let mut second = lock.acquire_async();
    assert!(poll(&mut first, &waker).is_pending());
    assert!(poll(&mut second, &second_waker).is_pending());
    drop(first);
    drop(held);
    assert!(second_woken.woken());
    assert!(poll(&mut second, &second_waker).is_ready());
}

#[test]
fn cancel_safety_a_dropped_notified_waiter_passes_the_lock_on() {
    let lock = Lock::new(0);
    for _ in 0..100 {
        let held = lock.acquire();
        let (first_woken, first_waker) = Flag::waker();
        let (second_woken, second_waker) = Flag::waker();
        let mut first = lock.acquire_async();
        let mut second = lock.acquire_async();
        assert!(poll(&mut first, &first_waker).is_pending());
        assert!(poll(&mut second, &second_waker).is_pending());
        drop(held); // wakes `first`, the oldest waiter
        assert!(first_woken.woken());
        assert!(!second_woken.woken());
        drop(first); // never polled again: must hand the wake-up on
        assert!(second_woken.woken());
        let Poll::Ready(mut guard) = poll(&mut second, &second_waker) else {
            panic!("the second waiter was stranded");
        };
        *guard += 1;
    }
    assert_eq!(lock.into_inner(), 100);
}

#[test]
fn cancel_safety_with_a_blocked_thread_behind_the_dropped_task() {
    let lock = Lock::new(0);
    let held = lock.acquire();
    let (_, waker) = Flag::waker();
    let mut task = lock.acquire_async();
    assert!(poll(&mut task, &waker).is_pending());
    std::thread::scope(|s| {
        let thread = s.spawn(|| *lock.acquire() += 1);
        drop(held);
        drop(task);
        thread.join().unwrap();
    });
    assert_eq!(lock.into_inner(), 1);
}

macro_rules! assert_impl {
    ($ty:ty: $($tr:path),+) => {
        const _: fn() = || {
            fn check<T: ?Sized $(+ $tr)+>() {}
            check::<$ty>();
        };
    };
}

/// Fails to compile if `$ty` implements `$tr` (two candidate impls make the
/// inference ambiguous), the trick of tokio's `async_send_sync.rs`.
macro_rules! assert_not_impl {
    ($ty:ty: $tr:path) => {
        const _: fn() = || {
            trait AmbiguousIfImpl<A> {
                fn some_item() {}
            }
            impl<T: ?Sized> AmbiguousIfImpl<()> for T {}
            #[allow(dead_code)]
            struct Invalid;
            impl<T: ?Sized + $tr> AmbiguousIfImpl<Invalid> for T {}
            let _ = <$ty as AmbiguousIfImpl<_>>::some_item;
        };
    };
}

assert_impl!(Lock<u8>: Send, Sync, Unpin);
assert_impl!(Lock<Cell<u8>>: Send, Sync);
assert_not_impl!(Lock<Rc<u8>>: Send);
assert_not_impl!(Lock<Rc<u8>>: Sync);
assert_impl!(LockGuard<'static, u8>: Send, Sync);
assert_impl!(LockGuard<'static, Cell<u8>>: Send);
assert_not_impl!(LockGuard<'static, Cell<u8>>: Sync);
assert_not_impl!(LockGuard<'static, Rc<u8>>: Send);
assert_impl!(LockAcquire<'static, u8>: Send, Sync, Unpin);
assert_not_impl!(LockAcquire<'static, Rc<u8>>: Send);

assert_impl!(RLock<u8>: Send, Sync);
assert_impl!(RLock<RefCell<u8>>: Send, Sync);
assert_not_impl!(RLock<Rc<u8>>: Sync);
assert_not_impl!(RLockGuard<'static, u8>: Send);
assert_not_impl!(RLockGuard<'static, u8>: Sync);
assert_impl!(RLockAcquire<'static, u8>: Send, Unpin);

assert_impl!(Condition<u8>: Send, Sync);
assert_impl!(Condition<Cell<u8>>: Send, Sync);
assert_not_impl!(Condition<Rc<u8>>: Sync);
assert_impl!(ConditionGuard<'static, u8>: Send, Sync);
assert_not_impl!(ConditionGuard<'static, Cell<u8>>: Sync);
assert_impl!(ConditionAcquire<'static, u8>: Send, Unpin);
assert_impl!(ConditionWait<'static, u8>: Send, Unpin);
assert_not_impl!(ConditionWait<'static, Rc<u8>>: Send);
