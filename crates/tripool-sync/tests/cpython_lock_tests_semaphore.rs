//! A Rust port of the semaphore, event and barrier cases of CPython's
//! `Lib/test/lock_tests.py` (`BaseSemaphoreTests`, `SemaphoreTests`,
//! `BoundedSemaphoreTests`, `EventTests`, `BarrierTests`).
//!
//! Source: CPython, `Lib/test/lock_tests.py`, Copyright (c) 2001 Python
//! Software Foundation; All Rights Reserved; used under the Python Software
//! Foundation License Version 2. The cases were translated to Rust, not
//! copied: Python's `Bunch` of threads becomes `std::thread::scope`, result
//! lists become channels or atomics, and the `_wait()`/`time.sleep()` pauses
//! that let threads "settle" are replaced by synchronization (a channel, the
//! semaphore's queue length, `Barrier::n_waiting`, `Barrier::is_broken`).
//! Sleeps remain only where elapsed time is the subject (timeouts).
//!
//! Left out, and why:
//! - `test_constructor` with negative values: `usize` cannot hold them (the
//!   barrier's zero parties, which can be written, is tested).
//! - `acquire(blocking=False, timeout=...)` raising `ValueError`: Rust's API
//!   has separate `try_acquire` and `acquire_timeout`, so the mix cannot be
//!   written.
//! - `EventTests.test_reset_internal_locks` / `test_at_fork_reinit`: CPython
//!   internals (the condition's lock, fork handling) with no counterpart.
//! - The lock, rlock and condition classes: other files port them.
//! - `test_repr` cases become checks of the `Debug` output, which carries the
//!   same information (value, bound, waiters, broken).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use futures::task::noop_waker_ref;
use tripool_sync::{Barrier, BoundedSemaphore, Event, Semaphore};

/// Safety net for waits that should end at once; never reached when green.
const PATIENCE: Duration = Duration::from_secs(10);

/// The semaphore operations the Python cases use, for both kinds.
trait PySemaphore: Sync + std::fmt::Debug {
    fn with_value(value: usize) -> Self;
    fn default_value() -> Self;
    /// `acquire()`, keeping the permit as Python does.
    fn acquire_keep(&self);
    /// `acquire(False)`.
    fn try_acquire_keep(&self) -> bool;
    /// `acquire(timeout=...)`.
    fn acquire_timeout_keep(&self, timeout: Duration) -> bool;
    /// `release(n)`, which must succeed here.
    fn release_n(&self, n: usize);
    /// `with sem:` around `body`.
    fn with<R>(&self, body: impl FnOnce() -> R) -> R;
}

/// Both kinds answer the Python calls alike; only `release` differs.
macro_rules! impl_py_semaphore {
    ($sem:ty, |$this:ident, $n:ident| $release:expr) => {
        impl PySemaphore for $sem {
            fn with_value(value: usize) -> Self {
                Self::new(value)
            }
            fn default_value() -> Self {
                Self::default()
            }
            fn acquire_keep(&self) {
                self.acquire().forget();
            }
            fn try_acquire_keep(&self) -> bool {
                self.try_acquire().map(|p| p.forget()).is_some()
            }
            fn acquire_timeout_keep(&self, timeout: Duration) -> bool {
                self.acquire_timeout(timeout).map(|p| p.forget()).is_some()
            }
            fn release_n(&self, $n: usize) {
                let $this = self;
                $release
            }
            fn with<R>(&self, body: impl FnOnce() -> R) -> R {
                let _permit = self.acquire();
                body()
            }
        }
    };
}

impl_py_semaphore!(Semaphore, |sem, n| sem.release(n));
impl_py_semaphore!(BoundedSemaphore, |sem, n| sem.release(n).unwrap());

/// Spins until `n` acquirers are queued (from the `Debug` output): Python's
/// `wait_threads_blocked`, without the sleep.
fn wait_threads_blocked(sem: &impl PySemaphore, n: usize) {
    let wanted = format!("waiters: {n} ");
    let start = Instant::now();
    while !format!("{sem:?}").contains(&wanted) {
        assert!(start.elapsed() < PATIENCE, "never saw {n} waiters");
        thread::yield_now();
    }
}

// ---- BaseSemaphoreTests, for both kinds -------------------------------

fn base_acquire<S: PySemaphore>() {
    let sem = S::with_value(1);
    sem.acquire_keep();
    sem.release_n(1);
    let sem = S::with_value(2);
    sem.acquire_keep();
    sem.acquire_keep();
    sem.release_n(1);
    sem.release_n(1);
}

fn base_acquire_destroy<S: PySemaphore>() {
    let sem = S::default_value();
    sem.acquire_keep();
    drop(sem);
}

/// `test_acquire_contended` (`release` one by one) and `test_multirelease`
/// (`release(n)`): ten threads acquire twice each from a semaphore of 7
/// with one permit taken; each phase releases permits and exactly that many
/// acquisitions follow.
fn base_acquire_contended<S: PySemaphore>(multirelease: bool) {
    const VALUE: usize = 7;
    let sem = S::with_value(VALUE);
    sem.acquire_keep();
    let phase = AtomicUsize::new(0);
    let (acquired, results) = mpsc::channel();
    let release = |n: usize| {
        if multirelease {
            sem.release_n(n);
        } else {
            (0..n).for_each(|_| sem.release_n(1));
        }
    };
    let collect = |count: usize| -> Vec<usize> {
        let mut phases: Vec<_> = (0..count)
            .map(|_| results.recv_timeout(PATIENCE).unwrap())
            .collect();
        phases.sort_unstable();
        phases
    };
    thread::scope(|s| {
        for _ in 0..10 {
            let acquired = acquired.clone();
            let (sem, phase) = (&sem, &phase);
            s.spawn(move || {
                for _ in 0..2 {
                    sem.acquire_keep();
                    acquired.send(phase.load(Ordering::SeqCst)).unwrap();
                }
            });
        }
        assert_eq!(collect(VALUE - 1), vec![0; VALUE - 1]);
        phase.store(1, Ordering::SeqCst);
        release(VALUE);
        assert_eq!(collect(VALUE), vec![1; VALUE]);
        phase.store(2, Ordering::SeqCst);
        release(VALUE - 1);
        assert_eq!(collect(VALUE - 1), vec![2; VALUE - 1]);
        // The semaphore is still locked.
        assert!(!sem.try_acquire_keep());
        // Final release, to let the last thread finish.
        release(1);
        assert_eq!(collect(1), vec![2]);
    });
    assert!(results.try_recv().is_err());
}

fn base_try_acquire<S: PySemaphore>() {
    let sem = S::with_value(2);
    assert!(sem.try_acquire_keep());
    assert!(sem.try_acquire_keep());
    assert!(!sem.try_acquire_keep());
    sem.release_n(1);
    assert!(sem.try_acquire_keep());
}

fn base_try_acquire_contended<S: PySemaphore>() {
    let sem = S::with_value(4);
    sem.acquire_keep();
    let successes = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..5 {
            s.spawn(|| {
                for _ in 0..2 {
                    if sem.try_acquire_keep() {
                        successes.fetch_add(1, Ordering::SeqCst);
                    }
                }
            });
        }
    });
    // Ten tries: three succeed, seven fail.
    assert_eq!(successes.load(Ordering::SeqCst), 3);
}

fn base_acquire_timeout<S: PySemaphore>() {
    let sem = S::with_value(2);
    let short = Duration::from_millis(5);
    assert!(sem.acquire_timeout_keep(short));
    assert!(sem.acquire_timeout_keep(short));
    assert!(!sem.acquire_timeout_keep(short));
    sem.release_n(1);
    assert!(sem.acquire_timeout_keep(short));
    let timeout = Duration::from_millis(50);
    let start = Instant::now();
    assert!(!sem.acquire_timeout_keep(timeout));
    assert!(start.elapsed() >= timeout);
}

fn base_default_value<S: PySemaphore>() {
    // The default initial value is 1.
    let sem = S::default_value();
    sem.acquire_keep();
    thread::scope(|s| {
        let blocked = s.spawn(|| {
            sem.acquire_keep();
            sem.release_n(1);
        });
        wait_threads_blocked(&sem, 1);
        assert!(!blocked.is_finished());
        sem.release_n(1);
        blocked.join().unwrap();
    });
}

fn base_with<S: PySemaphore>() {
    let sem = S::with_value(2);
    let with = |fail: bool| {
        sem.with(|| {
            assert!(sem.try_acquire_keep());
            sem.release_n(1);
            sem.with(|| {
                assert!(!sem.try_acquire_keep());
                assert!(!fail, "raised inside `with`");
            });
        });
    };
    with(false);
    assert!(sem.try_acquire_keep());
    sem.release_n(1);
    // A panic inside the block releases the permits on the way out.
    assert!(catch_unwind(AssertUnwindSafe(|| with(true))).is_err());
    assert!(sem.try_acquire_keep());
    sem.release_n(1);
}

macro_rules! base_semaphore_tests {
    ($module:ident, $sem:ty) => {
        mod $module {
            use super::*;

            #[test]
            fn test_acquire() {
                base_acquire::<$sem>();
            }
            #[test]
            fn test_acquire_destroy() {
                base_acquire_destroy::<$sem>();
            }
            #[test]
            fn test_acquire_contended() {
                base_acquire_contended::<$sem>(false);
            }
            #[test]
            fn test_multirelease() {
                base_acquire_contended::<$sem>(true);
            }
            #[test]
            fn test_try_acquire() {
                base_try_acquire::<$sem>();
            }
            #[test]
            fn test_try_acquire_contended() {
                base_try_acquire_contended::<$sem>();
            }
            #[test]
            fn test_acquire_timeout() {
                base_acquire_timeout::<$sem>();
            }
            #[test]
            fn test_default_value() {
                base_default_value::<$sem>();
            }
            #[test]
            fn test_with() {
                base_with::<$sem>();
            }
        }
    };
}

base_semaphore_tests!(semaphore_tests, Semaphore);
base_semaphore_tests!(bounded_semaphore_tests, BoundedSemaphore);

// ---- SemaphoreTests ----------------------------------------------------

#[test]
fn semaphore_release_unacquired() {
    // Unbounded releases are allowed and increment the value.
    let sem = Semaphore::new(1);
    sem.release(1);
    sem.acquire().forget();
    sem.acquire().forget();
    sem.release(1);
}

#[test]
fn semaphore_repr() {
    let sem = Semaphore::new(3);
    assert!(format!("{sem:?}").contains("permits: 3"));
    sem.acquire().forget();
    assert!(format!("{sem:?}").contains("permits: 2"));
    sem.release(1);
    sem.release(1);
    assert!(format!("{sem:?}").contains("permits: 4"));
}

// ---- BoundedSemaphoreTests ---------------------------------------------

#[test]
fn bounded_semaphore_release_unacquired() {
    // Cannot go past the initial value.
    let sem = BoundedSemaphore::default();
    assert!(sem.release(1).is_err());
    sem.acquire().forget();
    sem.release(1).unwrap();
    assert!(sem.release(1).is_err());
}

#[test]
fn bounded_semaphore_repr() {
    let sem = BoundedSemaphore::new(3);
    let repr = format!("{sem:?}");
    assert!(repr.contains("permits: 3") && repr.contains("max_permits: 3"));
    sem.acquire().forget();
    assert!(format!("{sem:?}").contains("permits: 2"));
}

// ---- EventTests --------------------------------------------------------

#[test]
fn event_is_set() {
    let evt = Event::new();
    assert!(!evt.is_set());
    evt.set();
    assert!(evt.is_set());
    evt.set();
    assert!(evt.is_set());
    evt.clear();
    assert!(!evt.is_set());
    evt.clear();
    assert!(!evt.is_set());
}

/// All threads get notified, twice each.
fn check_notify(evt: &Event) {
    const N: usize = 5;
    let started = Barrier::try_new(N + 1).unwrap();
    let results = Mutex::new(Vec::new());
    thread::scope(|s| {
        for _ in 0..N {
            s.spawn(|| {
                started.wait().unwrap();
                let first = evt.wait_timeout(PATIENCE);
                let second = evt.wait_timeout(PATIENCE);
                results.lock().unwrap().push((first, second));
            });
        }
        started.wait().unwrap();
        assert!(results.lock().unwrap().is_empty());
        evt.set();
    });
    assert_eq!(results.into_inner().unwrap(), vec![(true, true); N]);
}

#[test]
fn event_notify() {
    let evt = Event::new();
    check_notify(&evt);
    // Another time, after an explicit clear().
    evt.set();
    evt.clear();
    check_notify(&evt);
}

#[test]
fn event_timeout() {
    const N: usize = 5;
    let evt = Event::new();
    let timeout = Duration::from_millis(50);
    let run = || {
        thread::scope(|s| {
            let threads: Vec<_> = (0..N)
                .map(|_| {
                    s.spawn(|| {
                        let immediate = evt.wait_timeout(Duration::ZERO);
                        let start = Instant::now();
                        let timed = evt.wait_timeout(timeout);
                        (immediate, timed, start.elapsed())
                    })
                })
                .collect();
            threads
                .into_iter()
                .map(|t| t.join().unwrap())
                .collect::<Vec<_>>()
        })
    };
    for (immediate, timed, elapsed) in run() {
        assert!(!immediate && !timed);
        assert!(elapsed >= timeout);
    }
    // The event is set.
    evt.set();
    for (immediate, timed, _) in run() {
        assert!(immediate && timed);
    }
}

#[test]
fn event_set_and_clear() {
    // gh-57711: wait() returns true even when the event is cleared before
    // the waiter is woken up. Futures make "all blocked" exact.
    const N: usize = 5;
    let event = Event::new();
    let mut waits: Vec<_> = (0..N).map(|_| event.wait_async()).collect();
    let mut cx = Context::from_waker(noop_waker_ref());
    for wait in &mut waits {
        assert!(wait.poll_unpin(&mut cx).is_pending());
    }
    event.set();
    event.clear();
    for wait in &mut waits {
        assert_eq!(wait.poll_unpin(&mut cx), Poll::Ready(()));
    }
}

#[test]
fn event_repr() {
    let evt = Event::new();
    assert!(format!("{evt:?}").contains("is_set: false"));
    evt.set();
    assert!(format!("{evt:?}").contains("is_set: true"));
}

// ---- BarrierTests ------------------------------------------------------

const N: usize = 5;

/// Python's `setUp`: five parties, a default timeout as a safety net.
fn barrier() -> Barrier {
    Barrier::builder(N.try_into().unwrap())
        .timeout(PATIENCE)
        .build()
}

/// Runs `f` in `N` threads.
fn run_threads(f: impl Fn() + Sync) {
    thread::scope(|s| {
        for _ in 0..N {
            s.spawn(&f);
        }
    });
}

#[test]
fn barrier_constructor() {
    assert!(Barrier::try_new(0).is_err());
}

/// A barrier is passed in lockstep, `passes` times.
fn multipass(passes: usize) {
    let barrier = barrier();
    let (before, after) = (AtomicUsize::new(0), AtomicUsize::new(0));
    run_threads(|| {
        assert_eq!(barrier.parties(), N);
        for i in 0..passes {
            before.fetch_add(1, Ordering::SeqCst);
            assert_eq!(after.load(Ordering::SeqCst), i * N);
            barrier.wait().unwrap();
            after.fetch_add(1, Ordering::SeqCst);
            assert_eq!(before.load(Ordering::SeqCst), (i + 1) * N);
            barrier.wait().unwrap();
        }
        assert_eq!(barrier.n_waiting(), 0);
        assert!(!barrier.is_broken());
    });
}

#[test]
fn barrier_barrier() {
    multipass(1);
}

#[test]
fn barrier_barrier_10() {
    multipass(10);
}

#[test]
fn barrier_wait_return() {
    let barrier = barrier();
    let sum = AtomicUsize::new(0);
    run_threads(|| {
        sum.fetch_add(barrier.wait().unwrap().index(), Ordering::SeqCst);
    });
    assert_eq!(sum.into_inner(), (0..N).sum());
}

#[test]
fn barrier_action() {
    let runs = std::sync::Arc::new(AtomicUsize::new(0));
    let barrier = {
        let runs = std::sync::Arc::clone(&runs);
        Barrier::builder(N.try_into().unwrap())
            .action(move || {
                runs.fetch_add(1, Ordering::SeqCst);
            })
            .build()
    };
    run_threads(|| {
        barrier.wait().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn barrier_abort() {
    let barrier = barrier();
    let (passed, broken) = (AtomicUsize::new(0), AtomicUsize::new(0));
    run_threads(|| {
        let i = barrier.wait().unwrap().index();
        if i == N / 2 {
            // This party fails: it aborts instead of coming back.
            barrier.abort();
            return;
        }
        match barrier.wait() {
            Ok(_) => passed.fetch_add(1, Ordering::SeqCst),
            Err(_) => broken.fetch_add(1, Ordering::SeqCst),
        };
    });
    assert_eq!(passed.into_inner(), 0);
    assert_eq!(broken.into_inner(), N - 1);
    assert!(barrier.is_broken());
}

#[test]
fn barrier_reset() {
    let barrier = barrier();
    let (passed, broken, again) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    run_threads(|| {
        let i = barrier.wait().unwrap().index();
        if i == N / 2 {
            // Wait until the other threads are all in the barrier.
            let start = Instant::now();
            while barrier.n_waiting() < N - 1 {
                assert!(start.elapsed() < PATIENCE);
                thread::yield_now();
            }
            barrier.reset();
        } else {
            match barrier.wait() {
                Ok(_) => passed.fetch_add(1, Ordering::SeqCst),
                Err(_) => broken.fetch_add(1, Ordering::SeqCst),
            };
        }
        // Now, pass the barrier again.
        barrier.wait().unwrap();
        again.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(passed.into_inner(), 0);
    assert_eq!(broken.into_inner(), N - 1);
    assert_eq!(again.into_inner(), N);
}

#[test]
fn barrier_abort_and_reset() {
    let barrier = barrier();
    let barrier2 = self::barrier();
    let (passed, broken, again) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    run_threads(|| {
        let i = barrier.wait().unwrap().index();
        if i == N / 2 {
            barrier.abort();
        } else {
            match barrier.wait() {
                Ok(_) => passed.fetch_add(1, Ordering::SeqCst),
                Err(_) => broken.fetch_add(1, Ordering::SeqCst),
            };
        }
        // Synchronize and reset the barrier: first so that everyone has left
        // it, after so that nobody enters it before the reset.
        if barrier2.wait().unwrap().index() == N / 2 {
            barrier.reset();
        }
        barrier2.wait().unwrap();
        barrier.wait().unwrap();
        again.fetch_add(1, Ordering::SeqCst);
    });
    assert_eq!(passed.into_inner(), 0);
    assert_eq!(broken.into_inner(), N - 1);
    assert_eq!(again.into_inner(), N);
}

#[test]
fn barrier_timeout() {
    // One party is late; the others' shorter timeout breaks the barrier.
    // Python sleeps in the late thread; here it waits until the barrier broke.
    let barrier = barrier();
    let timeout = Duration::from_millis(50);
    run_threads(|| {
        let i = barrier.wait().unwrap().index();
        if i == N / 2 {
            let start = Instant::now();
            while !barrier.is_broken() {
                assert!(start.elapsed() < PATIENCE);
                thread::yield_now();
            }
        }
        assert!(barrier.wait_timeout(timeout).is_err());
    });
}

#[test]
fn barrier_default_timeout() {
    let timeout = Duration::from_millis(100);
    let barrier = Barrier::builder(2.try_into().unwrap())
        .timeout(timeout)
        .build();
    let start = Instant::now();
    thread::scope(|s| {
        s.spawn(|| assert!(barrier.wait().is_err()));
    });
    assert!(start.elapsed() >= timeout);
}

#[test]
fn barrier_single_thread() {
    let b = Barrier::try_new(1).unwrap();
    b.wait().unwrap();
    b.wait().unwrap();
}

#[test]
fn barrier_repr() {
    let barrier = Barrier::try_new(3).unwrap();
    assert!(format!("{barrier:?}").contains("parties: 3, n_waiting: 0"));
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| barrier.wait_timeout(PATIENCE).unwrap());
        }
        let start = Instant::now();
        while barrier.n_waiting() < 2 {
            assert!(start.elapsed() < PATIENCE);
            thread::yield_now();
        }
        assert!(format!("{barrier:?}").contains("n_waiting: 2"));
        barrier.wait_timeout(PATIENCE).unwrap();
    });
    assert!(format!("{barrier:?}").contains("n_waiting: 0"));
    barrier.abort();
    assert!(format!("{barrier:?}").contains("is_broken: true"));
}
