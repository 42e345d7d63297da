//! `Lock`: acquire+release with no contention and with two threads
//! contending (ns/op). Peers: `std::sync::Mutex`, `parking_lot::Mutex`,
//! and Python's `threading.Lock` (uncontended).

use std::hint::black_box;
use std::marker::PhantomData;
use std::sync::PoisonError;
use std::time::Duration;

use crate::benches::python;
use crate::harness::{Figure, Job, Lineup, Ops, Subject, Unit, share, time_parallel};

/// Threads of the contended figure.
const CONTENDERS: u64 = 2;

/// The figures of this area.
pub(crate) fn figures() -> Vec<Figure> {
    vec![
        Figure {
            name: "lock/uncontended",
            title: "acquire+release of a free lock, one thread",
            unit: Unit::NsPerOp,
            ops: Ops {
                full: 5_000_000,
                quick: 2_000_000,
            },
            build: |context| {
                Lineup::new(Rounds::<tripool::sync::Lock<u64>>::uncontended())
                    .peer(Rounds::<std::sync::Mutex<u64>>::uncontended())
                    .peer(Rounds::<parking_lot::Mutex<u64>>::uncontended())
                    .maybe_peer(python::peer(
                        context,
                        "threading.Lock",
                        "threading_lock.py",
                        &[],
                    ))
            },
        },
        Figure {
            name: "lock/contended-2",
            title: "acquire+increment+release, two threads on one lock (total)",
            unit: Unit::NsPerOp,
            ops: Ops {
                full: 5_000_000,
                quick: 2_000_000,
            },
            build: |_| {
                Lineup::new(Rounds::<tripool::sync::Lock<u64>>::contended())
                    .peer(Rounds::<std::sync::Mutex<u64>>::contended())
                    .peer(Rounds::<parking_lot::Mutex<u64>>::contended())
            },
        },
    ]
}

/// A mutual-exclusion lock around a counter (parking_lot's benchmark
/// crate has the same trait).
trait BenchLock: Send + Sync {
    /// The implementation's name in the table.
    const NAME: &'static str;
    /// A free lock holding `value`.
    fn new(value: u64) -> Self;
    /// Acquires the lock, runs `f` on the value, releases it.
    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R;
}

impl BenchLock for tripool::sync::Lock<u64> {
    const NAME: &'static str = "tripool::sync::Lock";

    fn new(value: u64) -> Self {
        tripool::sync::Lock::new(value)
    }

    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.acquire())
    }
}

impl BenchLock for std::sync::Mutex<u64> {
    const NAME: &'static str = "std::sync::Mutex";

    fn new(value: u64) -> Self {
        std::sync::Mutex::new(value)
    }

    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl BenchLock for parking_lot::Mutex<u64> {
    const NAME: &'static str = "parking_lot::Mutex";

    fn new(value: u64) -> Self {
        parking_lot::Mutex::new(value)
    }

    fn with<R>(&self, f: impl FnOnce(&mut u64) -> R) -> R {
        f(&mut self.lock())
    }
}

/// Threads incrementing one counter under one lock: an operation is one
/// acquire+increment+release, the figure the total time over all of them.
/// With one thread the lock is never contended.
struct Rounds<L> {
    threads: u64,
    lock: PhantomData<L>,
}

impl<L> Rounds<L> {
    /// One thread: the lock is always free.
    fn uncontended() -> Self {
        Self::threads(1)
    }

    /// [`CONTENDERS`] threads on one lock.
    fn contended() -> Self {
        Self::threads(CONTENDERS)
    }

    fn threads(threads: u64) -> Self {
        Self {
            threads,
            lock: PhantomData,
        }
    }
}

impl<L: BenchLock> Subject for Rounds<L> {
    fn name(&self) -> &str {
        L::NAME
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let lock = L::new(0);
        let lock = &lock;
        let threads = self.threads;
        let jobs = (0..threads).map(|i| {
            Box::new(move || {
                for _ in 0..share(ops, threads, i) {
                    black_box(lock).with(|value| *value += 1);
                }
            }) as Job<'_>
        });
        let elapsed = time_parallel(jobs.collect());
        anyhow::ensure!(lock.with(|value| *value) == ops, "lost increments");
        Ok(elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounds<L: BenchLock>() {
        Rounds::<L>::uncontended().round(100).unwrap();
        Rounds::<L>::contended().round(101).unwrap();
    }

    #[test]
    fn every_lock_finishes_both_rounds() {
        rounds::<tripool::sync::Lock<u64>>();
        rounds::<std::sync::Mutex<u64>>();
        rounds::<parking_lot::Mutex<u64>>();
    }
}
