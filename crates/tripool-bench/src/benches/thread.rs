//! `Thread`: start a thread that does nothing and join it (µs). Peer:
//! `std::thread::spawn` + `join`.

use std::time::{Duration, Instant};

use crate::harness::{Figure, Lineup, Ops, Subject, Unit};

/// The figures of this area.
pub(crate) fn figures() -> Vec<Figure> {
    vec![Figure {
        name: "thread/start-join",
        title: "start a thread that returns at once, and join it",
        unit: Unit::UsPerOp,
        ops: Ops {
            full: 3_000,
            quick: 600,
        },
        build: |_| Lineup::new(Tripool).peer(Std),
    }]
}

/// `tripool::thread::Thread::spawn` + `join`.
struct Tripool;

impl Subject for Tripool {
    fn name(&self) -> &str {
        "tripool::thread::Thread"
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let start = Instant::now();
        for i in 0..ops {
            let joined = tripool::thread::Thread::spawn(move || i).join()?;
            anyhow::ensure!(joined == i, "wrong result");
        }
        Ok(start.elapsed())
    }
}

/// `std::thread::spawn` + `join`.
struct Std;

impl Subject for Std {
    fn name(&self) -> &str {
        "std::thread::spawn"
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let start = Instant::now();
        for i in 0..ops {
            let joined = std::thread::spawn(move || i)
                .join()
                .map_err(|_| anyhow::anyhow!("the thread panicked"))?;
            anyhow::ensure!(joined == i, "wrong result");
        }
        Ok(start.elapsed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_finish_a_round() {
        Tripool.round(5).unwrap();
        Std.round(5).unwrap();
    }
}
