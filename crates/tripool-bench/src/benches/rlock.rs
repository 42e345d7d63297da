//! `RLock`: acquire+release of a free lock, and reentrant acquire+release
//! by the thread that already holds it (ns/op). Peer:
//! `parking_lot::ReentrantMutex`.

use std::hint::black_box;
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use crate::harness::{Figure, Lineup, Ops, Subject, Unit};

/// The figures of this area.
pub(crate) fn figures() -> Vec<Figure> {
    vec![
        Figure {
            name: "rlock/uncontended",
            title: "acquire+release of a free reentrant lock, one thread",
            unit: Unit::NsPerOp,
            ops: Ops {
                full: 5_000_000,
                quick: 2_000_000,
            },
            build: |_| {
                Lineup::new(Rounds::<tripool::sync::RLock<u64>>::first())
                    .peer(Rounds::<parking_lot::ReentrantMutex<u64>>::first())
            },
        },
        Figure {
            name: "rlock/reentrant",
            title: "acquire+release by the thread that already holds the lock",
            unit: Unit::NsPerOp,
            ops: Ops {
                full: 5_000_000,
                quick: 2_000_000,
            },
            build: |_| {
                Lineup::new(Rounds::<tripool::sync::RLock<u64>>::nested())
                    .peer(Rounds::<parking_lot::ReentrantMutex<u64>>::nested())
            },
        },
    ]
}

/// A lock its holder may take again.
trait BenchRLock {
    /// The implementation's name in the table.
    const NAME: &'static str;
    /// A free lock holding `value`.
    fn new(value: u64) -> Self;
    /// Acquires the lock (again, if this thread holds it), runs `f`,
    /// releases it once.
    fn with<R>(&self, f: impl FnOnce(&u64) -> R) -> R;
}

impl BenchRLock for tripool::sync::RLock<u64> {
    const NAME: &'static str = "tripool::sync::RLock";

    fn new(value: u64) -> Self {
        tripool::sync::RLock::new(value)
    }

    fn with<R>(&self, f: impl FnOnce(&u64) -> R) -> R {
        f(&self.acquire())
    }
}

impl BenchRLock for parking_lot::ReentrantMutex<u64> {
    const NAME: &'static str = "parking_lot::ReentrantMutex";

    fn new(value: u64) -> Self {
        parking_lot::ReentrantMutex::new(value)
    }

    fn with<R>(&self, f: impl FnOnce(&u64) -> R) -> R {
        f(&self.lock())
    }
}

/// Acquire+release rounds: from a free lock, or nested in a held one.
struct Rounds<L> {
    nested: bool,
    lock: PhantomData<L>,
}

impl<L> Rounds<L> {
    /// Each operation takes a free lock.
    fn first() -> Self {
        Self {
            nested: false,
            lock: PhantomData,
        }
    }

    /// Each operation takes the lock again while the round holds it.
    fn nested() -> Self {
        Self {
            nested: true,
            lock: PhantomData,
        }
    }
}

impl<L: BenchRLock> Subject for Rounds<L> {
    fn name(&self) -> &str {
        L::NAME
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let lock = L::new(1);
        let lock = black_box(&lock);
        let run = || {
            let start = Instant::now();
            let mut sum = 0;
            for _ in 0..ops {
                sum += lock.with(|value| *value);
            }
            (start.elapsed(), sum)
        };
        let (elapsed, sum) = if self.nested {
            lock.with(|_| run())
        } else {
            run()
        };
        anyhow::ensure!(sum == ops, "wrong sum");
        Ok(elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rounds<L: BenchRLock>() {
        Rounds::<L>::first().round(100).unwrap();
        Rounds::<L>::nested().round(100).unwrap();
    }

    #[test]
    fn every_lock_finishes_both_rounds() {
        rounds::<tripool::sync::RLock<u64>>();
        rounds::<parking_lot::ReentrantMutex<u64>>();
    }
}
