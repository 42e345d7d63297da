//! Event ping-pong: two threads alternate two events; one operation is a
//! round trip (µs). Peer: the classic `Mutex<bool>` + `Condvar` pair.

use std::marker::PhantomData;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use crate::harness::{Figure, Job, Lineup, Ops, Subject, Unit, time_parallel};

/// The figures of this area.
pub(crate) fn figures() -> Vec<Figure> {
    vec![Figure {
        name: "event/ping-pong",
        title: "two threads alternating two events, per round trip",
        unit: Unit::UsPerOp,
        ops: Ops {
            full: 20_000,
            quick: 5_000,
        },
        build: |_| {
            Lineup::new(PingPong::<tripool::sync::Event>(PhantomData))
                .peer(PingPong::<CondvarFlag>(PhantomData))
        },
    }]
}

/// A flag one thread sets and another waits for.
trait Signal: Send + Sync {
    /// The implementation's name in the table.
    const NAME: &'static str;
    /// A clear flag.
    fn new() -> Self;
    /// Sets the flag and wakes the waiter.
    fn set(&self);
    /// Blocks until the flag is set.
    fn wait(&self);
    /// Clears the flag.
    fn clear(&self);
}

impl Signal for tripool::sync::Event {
    const NAME: &'static str = "tripool::sync::Event";

    fn new() -> Self {
        tripool::sync::Event::new()
    }

    fn set(&self) {
        tripool::sync::Event::set(self);
    }

    fn wait(&self) {
        tripool::sync::Event::wait(self);
    }

    fn clear(&self) {
        tripool::sync::Event::clear(self);
    }
}

/// The peer: a flag under a `std::sync::Mutex`, waited on with a `Condvar`.
struct CondvarFlag {
    flag: Mutex<bool>,
    changed: Condvar,
}

impl Signal for CondvarFlag {
    const NAME: &'static str = "std Mutex<bool> + Condvar";

    fn new() -> Self {
        Self {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    fn set(&self) {
        *self.flag.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.changed.notify_all();
    }

    fn wait(&self) {
        let flag = self.flag.lock().unwrap_or_else(PoisonError::into_inner);
        let _set = self
            .changed
            .wait_while(flag, |set| !*set)
            .unwrap_or_else(PoisonError::into_inner);
    }

    fn clear(&self) {
        *self.flag.lock().unwrap_or_else(PoisonError::into_inner) = false;
    }
}

/// Ping-pong over a pair of `S`.
struct PingPong<S>(PhantomData<S>);

impl<S: Signal> Subject for PingPong<S> {
    fn name(&self) -> &str {
        S::NAME
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let (ping, pong) = (S::new(), S::new());
        let (ping, pong) = (&ping, &pong);
        // Each side clears the flag it waited for before setting the other,
        // so a set is never lost to a later clear.
        let jobs: Vec<Job<'_>> = vec![
            Box::new(move || {
                for _ in 0..ops {
                    ping.set();
                    pong.wait();
                    pong.clear();
                }
            }),
            Box::new(move || {
                for _ in 0..ops {
                    ping.wait();
                    ping.clear();
                    pong.set();
                }
            }),
        ];
        Ok(time_parallel(jobs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_finish_a_round() {
        PingPong::<tripool::sync::Event>(PhantomData)
            .round(50)
            .unwrap();
        PingPong::<CondvarFlag>(PhantomData).round(50).unwrap();
    }
}
