//! `ThreadPool`: submit many tiny tasks, then wait for all of them, in
//! tasks per second. Peers: `rayon`'s `scope` + `spawn` on a pool of the
//! same size, and Python's `concurrent.futures.ThreadPoolExecutor`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;

use crate::benches::python;
use crate::harness::{Context, Figure, Lineup, Ops, Peer, Subject, Unavailable, Unit};

/// The figures of this area.
pub(crate) fn figures() -> Vec<Figure> {
    vec![Figure {
        name: "pool/submit-result",
        title: "submit a batch of tiny tasks, then wait for every result",
        unit: Unit::PerSecond("tasks/s"),
        ops: Ops {
            full: 100_000,
            quick: 30_000,
        },
        build: |context| {
            Lineup::new(Tripool::new(context))
                .maybe_peer(Rayon::peer(context))
                .maybe_peer(python_pool(context))
        },
    }]
}

/// Python's executor with as many workers as the Rust pools.
fn python_pool(context: &Context) -> Peer {
    let workers = context.workers.to_string();
    python::peer(
        context,
        "concurrent.futures.ThreadPoolExecutor",
        "thread_pool_executor.py",
        &[workers],
    )
}

/// `tripool::thread::ThreadPool`: `submit` each task, then `result` each
/// handle. A pool that cannot be built fails its rounds with the reason.
struct Tripool {
    pool: anyhow::Result<tripool::thread::ThreadPool>,
}

impl Tripool {
    fn new(context: &Context) -> Self {
        let pool = tripool::thread::ThreadPool::builder()
            .workers(context.workers)
            .thread_name("bench-tripool")
            .build()
            .context("cannot build the tripool pool");
        Self { pool }
    }
}

impl Subject for Tripool {
    fn name(&self) -> &str {
        "tripool::thread::ThreadPool"
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let pool = self
            .pool
            .as_ref()
            .map_err(|error| anyhow::anyhow!("{error:#}"))?;
        let start = Instant::now();
        let handles: Vec<_> = (0..ops).map(|i| pool.submit(move || i)).collect();
        let mut sum = 0u64;
        for handle in handles {
            sum = sum.wrapping_add(handle.result()?);
        }
        let elapsed = start.elapsed();
        anyhow::ensure!(sum == (0..ops).fold(0, u64::wrapping_add), "lost results");
        Ok(elapsed)
    }
}

/// `rayon::ThreadPool::scope` with one `spawn` per task; rayon's tasks
/// return nothing, so each adds its number to a shared sum.
struct Rayon {
    pool: rayon::ThreadPool,
}

impl Rayon {
    /// The name in the table.
    const NAME: &'static str = "rayon::ThreadPool::scope+spawn";

    /// A pool of `context.workers` threads, or why there is none.
    fn peer(context: &Context) -> Peer {
        match rayon::ThreadPoolBuilder::new()
            .num_threads(context.workers.get())
            .thread_name(|i| format!("bench-rayon-{i}"))
            .build()
        {
            Ok(pool) => Ok(Box::new(Self { pool })),
            Err(error) => Err(Unavailable {
                name: Self::NAME.to_owned(),
                note: format!("cannot build the rayon pool: {error}"),
            }),
        }
    }
}

impl Subject for Rayon {
    fn name(&self) -> &str {
        Self::NAME
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let sum = AtomicU64::new(0);
        let start = Instant::now();
        self.pool.scope(|scope| {
            for i in 0..ops {
                let sum = &sum;
                scope.spawn(move |_| {
                    sum.fetch_add(i, Ordering::Relaxed);
                });
            }
        });
        let elapsed = start.elapsed();
        anyhow::ensure!(
            sum.into_inner() == (0..ops).fold(0, u64::wrapping_add),
            "lost tasks"
        );
        Ok(elapsed)
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::*;

    #[test]
    fn both_pools_finish_a_round() {
        let context = Context {
            python: "python3".into(),
            workers: NonZeroUsize::new(2).unwrap(),
        };
        Tripool::new(&context).round(500).unwrap();
        Rayon::peer(&context).unwrap().round(500).unwrap();
    }
}
