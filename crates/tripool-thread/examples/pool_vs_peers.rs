//! Quick figures for the hot paths, against the peers the targets name:
//! `cargo run --release -p tripool-thread --example pool_vs_peers`.
//!
//! Medians of a few rounds; the real side-by-side suite is `tripool-bench`.
//! On a busy machine, wall times mislead: pass one of `pool`, `rayon`,
//! `thread`, `std` to run only that side, under `perf stat -e cycles:u`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tripool_thread::{Thread, ThreadPool};

const TASKS: u64 = 100_000;
const THREADS: usize = 2_000;
const ROUNDS: usize = 7;

fn median(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..ROUNDS).map(|_| f()).collect();
    times.sort();
    times[ROUNDS / 2]
}

fn main() {
    let only = std::env::args().nth(1);
    let run = |side: &str| only.as_deref().is_none_or(|o| o == side);
    let pool = ThreadPool::new();
    let rayon = rayon::ThreadPoolBuilder::new()
        .num_threads(pool.workers())
        .build()
        .unwrap();

    let ours = run("pool").then(|| {
        median(|| {
            let start = Instant::now();
            let handles: Vec<_> = (0..TASKS)
                .map(|i| pool.submit(move || black_box(i) + 1))
                .collect();
            let sum: u64 = handles.into_iter().map(|h| h.result().unwrap()).sum();
            black_box(sum);
            start.elapsed()
        })
    });
    let peer = run("rayon").then(|| {
        median(|| {
            let start = Instant::now();
            let sum = AtomicU64::new(0);
            rayon.scope(|s| {
                for i in 0..TASKS {
                    let sum = &sum;
                    s.spawn(move |_| {
                        sum.fetch_add(black_box(i) + 1, Ordering::Relaxed);
                    });
                }
            });
            black_box(sum.into_inner());
            start.elapsed()
        })
    });
    report(
        "submit+result of 100k tiny tasks",
        "rayon::scope spawn",
        ours,
        peer,
    );

    let ours = run("thread").then(|| {
        median(|| {
            let start = Instant::now();
            for i in 0..THREADS {
                black_box(Thread::spawn(move || black_box(i)).join().unwrap());
            }
            start.elapsed()
        })
    });
    let peer = run("std").then(|| {
        median(|| {
            let start = Instant::now();
            for i in 0..THREADS {
                black_box(std::thread::spawn(move || black_box(i)).join().unwrap());
            }
            start.elapsed()
        })
    });
    report("thread start+join (2000)", "std::thread", ours, peer);
}

fn report(what: &str, peer_name: &str, ours: Option<Duration>, peer: Option<Duration>) {
    let (Some(ours), Some(peer)) = (ours, peer) else {
        return;
    };
    println!(
        "{what}: tripool {ours:?}, {peer_name} {peer:?}, tripool/peer time = {:.2}",
        ours.as_secs_f64() / peer.as_secs_f64()
    );
}
