//! A Rust port of the lock, reentrant-lock and condition cases of CPython's
//! `Lib/test/lock_tests.py` (`BaseLockTests`, `LockTests`, `RLockTests`,
//! `ConditionTests`).
//!
//! Source: CPython, `Lib/test/lock_tests.py`, Copyright Python Software
//! Foundation, under the PSF License Agreement. The cases are translated, not
//! transliterated: Python's `Bunch` of threads becomes scoped threads, and
//! its `_wait()` sleeps ("let the threads run") become explicit
//! synchronisation through the data the primitive protects, so no case here
//! sleeps to wait for concurrency. Timeouts are shorter (0.05 s instead of
//! 0.5 s) and checked as `elapsed >= timeout`, which is stronger than
//! Python's `assertTimeout` (at least 0.6 × timeout).
//!
//! Left out, and why:
//! - `test_thread_leak`: about Python `Thread` objects; there are none here.
//! - `test_timeout`'s `ValueError`/`OverflowError` cases (negative timeout,
//!   timeout without blocking, timeout above `TIMEOUT_MAX`): a `Duration`
//!   cannot be negative, `try_acquire` takes no timeout, and an overlong
//!   timeout means "forever" (checked below with `Duration::MAX`).
//! - `RLockTests.test_release_unacquired`, `test_release_save_unacquired`,
//!   `test_different_thread` (a non-owner's `release` raises `RuntimeError`):
//!   releasing is dropping a guard, which only the owner has, and
//!   `RLockGuard` is not `Send` (a `compile_fail` doctest checks it).
//! - `ConditionTests.test_unacquired_wait`: `wait` is a method of the guard,
//!   so waiting without the lock does not compile.
//! - `ConditionTests.test_unacquired_notify`: our `notify` is allowed without
//!   the lock, on purpose (as `std::sync::Condvar`).
//! - `ConditionTests.test_acquire`'s reentrant and shared-lock parts: our
//!   `Condition` owns a plain `Lock` and its data; the exclusion part is kept.
//! - `EventTests`, semaphore and barrier classes: ported next to those types.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use tripool_sync::{Condition, Lock, RLock};

const TIMEOUT: Duration = Duration::from_millis(50);
/// A safety net for waits that end early when the code is right.
const SAFETY: Duration = Duration::from_secs(30);

/// `BaseLockTests`: the cases that hold for both `Lock` and `RLock`.
macro_rules! base_lock_tests {
    ($module:ident, $lock:ident) => {
        mod $module {
            use super::*;

            #[test]
            fn test_constructor() {
                let lock = $lock::new(());
                drop(lock);
            }

            #[test]
            fn test_repr() {
                let lock = $lock::new(());
                assert!(format!("{lock:?}").starts_with(stringify!($lock)));
            }

            #[test]
            fn test_locked_repr() {
                let lock = $lock::new(());
                let held = lock.acquire();
                std::thread::scope(|s| {
                    s.spawn(|| assert!(format!("{lock:?}").contains("<locked>")));
                });
                drop(held);
            }

            #[test]
            fn test_acquire_destroy() {
                // Dropping a lock that is still held: Rust forbids it while
                // the guard lives, so leak the guard first.
                let lock = $lock::new(());
                std::mem::forget(lock.acquire());
                drop(lock);
            }

            #[test]
            fn test_acquire_release() {
                let lock = $lock::new(());
                let guard = lock.acquire();
                drop(guard);
                assert!(!lock.locked());
            }

            #[test]
            fn test_try_acquire() {
                let lock = $lock::new(());
                assert!(lock.try_acquire().is_some());
            }

            #[test]
            fn test_try_acquire_contended() {
                let lock = $lock::new(());
                let _held = lock.acquire();
                let result = std::thread::scope(|s| {
                    s.spawn(|| lock.try_acquire().is_some()).join().unwrap()
                });
                assert!(!result);
            }

            #[test]
            fn test_acquire_contended() {
                const N: usize = 5;
                let lock = $lock::new(());
                let finished = Lock::new(0);
                let started = std::sync::Barrier::new(N + 1);
                let held = lock.acquire();
                std::thread::scope(|s| {
                    for _ in 0..N {
                        s.spawn(|| {
                            started.wait();
                            drop(lock.acquire());
                            *finished.acquire() += 1;
                        });
                    }
                    started.wait();
                    // Nobody can finish while the lock is held.
                    assert_eq!(*finished.acquire(), 0);
                    drop(held);
                });
                assert_eq!(finished.into_inner(), N);
            }

            #[test]
            fn test_with() {
                // Python's `with lock:` is a guard's scope; an exception
                // inside is a panic, which must release the lock too.
                let lock = $lock::new(());
                let check = || {
                    std::thread::scope(|s| {
                        s.spawn(|| drop(lock.acquire())).join().unwrap();
                    })
                };
                {
                    let _guard = lock.acquire();
                }
                check();
                let raised = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let _guard = lock.acquire();
                    panic!("TypeError");
                }));
                assert!(raised.is_err());
                check();
            }

            #[test]
            fn test_timeout() {
                let lock = $lock::new(());
                // "TIMEOUT_MAX is ok": an unrepresentable deadline is forever.
                drop(lock.acquire_timeout(Duration::MAX).unwrap());
                let start = Instant::now();
                drop(lock.acquire_timeout(Duration::from_secs(5)).unwrap());
                assert!(start.elapsed() < Duration::from_secs(5));
                let _held = lock.acquire();
                let (acquired, elapsed) = std::thread::scope(|s| {
                    s.spawn(|| {
                        let start = Instant::now();
                        let acquired = lock.acquire_timeout(TIMEOUT).is_some();
                        (acquired, start.elapsed())
                    })
                    .join()
                    .unwrap()
                });
                assert!(!acquired);
                assert!(elapsed >= TIMEOUT);
            }
        }
    };
}

base_lock_tests!(base_lock_tests_lock, Lock);
base_lock_tests!(base_lock_tests_rlock, RLock);

/// `LockTests`: non-reentrant locks that another thread may release.
mod lock_tests {
    use super::*;

    #[test]
    fn test_reacquire() {
        // A Lock must be released before it is acquired again. Python's
        // thread blocks on its second `acquire` until the main thread
        // releases the first; here the thread hands its guard to the main
        // thread, which releases it.
        let lock = Lock::new(0);
        std::thread::scope(|s| {
            let (handed, receive) = mpsc::channel();
            let lock = &lock;
            let thread = s.spawn(move || {
                let mut first = lock.acquire();
                *first = 1;
                handed.send(first).unwrap();
                let mut second = lock.acquire();
                *second = 2;
            });
            let first = receive.recv_timeout(SAFETY).unwrap();
            assert_eq!(*first, 1, "the second acquire waits for this guard");
            drop(first);
            thread.join().unwrap();
        });
        assert_eq!(*lock.acquire(), 2);
    }

    #[test]
    fn test_different_thread() {
        let lock = Lock::new(());
        let guard = lock.acquire();
        std::thread::scope(|s| {
            s.spawn(move || drop(guard));
        });
        drop(lock.acquire());
    }

    #[test]
    fn test_state_after_timeout() {
        // bpo-11618: the lock is in a proper state after a timed-out acquire.
        let lock = Lock::new(());
        let held = lock.acquire();
        assert!(lock.acquire_timeout(Duration::from_millis(10)).is_none());
        drop(held);
        assert!(!lock.locked());
        assert!(lock.try_acquire().is_some());
    }

    #[test]
    fn test_locked() {
        let lock = Lock::new(());
        assert!(!lock.locked());
        let held = lock.acquire();
        assert!(lock.locked());
        drop(held);
        assert!(!lock.locked());
    }
}

/// `RLockTests`: reentrant locks.
mod rlock_tests {
    use super::*;

    #[test]
    fn test_reacquire() {
        let lock = RLock::new(());
        let a = lock.acquire();
        let b = lock.acquire();
        drop(b);
        let c = lock.acquire();
        drop(c);
        drop(a);
        assert!(!lock.locked());
    }

    #[test]
    fn test_is_owned() {
        let lock = RLock::new(());
        assert!(!lock.is_owned());
        let a = lock.acquire();
        assert!(lock.is_owned());
        let b = lock.acquire();
        assert!(lock.is_owned());
        let other = std::thread::scope(|s| s.spawn(|| lock.is_owned()).join().unwrap());
        assert!(!other);
        drop(b);
        assert!(lock.is_owned());
        drop(a);
        assert!(!lock.is_owned());
    }
}

/// `ConditionTests`.
mod condition_tests {
    use super::*;

    #[test]
    fn test_acquire() {
        let cond = Condition::new(());
        let held = cond.acquire();
        let contended =
            std::thread::scope(|s| s.spawn(|| cond.try_acquire().is_none()).join().unwrap());
        assert!(contended);
        drop(held);
        assert!(cond.try_acquire().is_some());
    }

    /// The state the workers of `_check_notify` share with the main thread.
    #[derive(Default)]
    struct Phases {
        phase: u32,
        /// Workers inside `wait`; they are registered once counted, since a
        /// worker counts itself and waits without releasing the lock between.
        in_wait: usize,
        results1: Vec<(bool, u32)>,
        results2: Vec<(bool, u32)>,
    }

    /// Yields (no sleep) until `check` holds under the lock.
    fn until(cond: &Condition<Phases>, check: impl Fn(&Phases) -> bool) {
        let start = Instant::now();
        while !check(&cond.acquire()) {
            assert!(start.elapsed() < SAFETY, "workers did not get there");
            std::thread::yield_now();
        }
    }

    fn wait_and_record(cond: &Condition<Phases>, second: bool) {
        let mut state = cond.acquire();
        state.in_wait += 1;
        let notified = state.wait_timeout(SAFETY);
        state.in_wait -= 1;
        let result = (notified, state.phase);
        if second {
            state.results2.push(result);
        } else {
            state.results1.push(result);
        }
    }

    fn check_notify(cond: &Condition<Phases>) {
        const N: usize = 5;
        *cond.acquire() = Phases::default();
        std::thread::scope(|s| {
            for _ in 0..N {
                s.spawn(|| {
                    wait_and_record(cond, false);
                    wait_and_record(cond, true);
                });
            }
            until(cond, |state| state.in_wait == N);
            assert!(cond.acquire().results1.is_empty());

            // Notify 3 threads at first.
            let mut state = cond.acquire();
            assert_eq!(cond.notify(3), 3);
            state.phase = 1;
            drop(state);
            until(cond, |state| {
                state.results1.len() == 3 && state.in_wait == N
            });
            {
                let state = cond.acquire();
                assert_eq!(state.results1, [(true, 1); 3]);
                assert!(state.results2.is_empty());
            }

            // Notify 5 threads: they might be in their first or second wait.
            let mut state = cond.acquire();
            assert_eq!(cond.notify(5), 5);
            state.phase = 2;
            drop(state);
            until(cond, |state| {
                state.results1.len() + state.results2.len() == 8 && state.in_wait == 2
            });
            {
                let state = cond.acquire();
                assert_eq!(
                    state.results1,
                    [(true, 1), (true, 1), (true, 1), (true, 2), (true, 2)]
                );
                assert_eq!(state.results2, [(true, 2); 3]);
            }

            // Notify all threads: they are all in their second wait.
            let mut state = cond.acquire();
            assert_eq!(cond.notify_all(), 2);
            state.phase = 3;
            drop(state);
        });
        let state = cond.acquire();
        assert_eq!(
            state.results1,
            [(true, 1), (true, 1), (true, 1), (true, 2), (true, 2)]
        );
        assert_eq!(
            state.results2,
            [(true, 2), (true, 2), (true, 2), (true, 3), (true, 3)]
        );
    }

    #[test]
    fn test_notify() {
        let cond = Condition::new(Phases::default());
        check_notify(&cond);
        // A second time, to check the internal state is still sound.
        check_notify(&cond);
    }

    #[test]
    fn test_timeout() {
        const N: usize = 5;
        let cond = Condition::new(());
        let results: Vec<_> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..N)
                .map(|_| {
                    s.spawn(|| {
                        let mut guard = cond.acquire();
                        let start = Instant::now();
                        let result = guard.wait_timeout(TIMEOUT);
                        (start.elapsed(), result)
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        assert_eq!(results.len(), N);
        for (elapsed, result) in results {
            assert!(elapsed >= TIMEOUT);
            // No spurious wake-ups: nobody notified, so every wait says so.
            assert!(!result);
        }
    }

    #[test]
    fn test_waitfor() {
        // Python's `wait_for(lambda: state == 4)` is our
        // `wait_while(|state| *state != 4)`.
        let cond = Condition::new(0);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                let mut state = cond.acquire();
                state.wait_while(|state| *state != 4);
                assert_eq!(*state, 4);
            });
            for _ in 0..4 {
                *cond.acquire() += 1;
                cond.notify(1);
            }
            waiter.join().unwrap();
        });
    }

    #[test]
    fn test_waitfor_timeout() {
        let cond = Condition::new(0);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                let mut state = cond.acquire();
                let start = Instant::now();
                let result = state.wait_while_timeout(|state| *state != 4, TIMEOUT);
                (result, start.elapsed())
            });
            // Only increment 3 times, so state == 4 is never reached.
            for _ in 0..3 {
                *cond.acquire() += 1;
                cond.notify(1);
            }
            let (result, elapsed) = waiter.join().unwrap();
            assert!(!result);
            assert!(elapsed >= TIMEOUT);
        });
    }
}
