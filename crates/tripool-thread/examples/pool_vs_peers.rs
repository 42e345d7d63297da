//! Quick figures for the hot paths, against the peers the targets name:
//! `cargo run --release -p tripool-thread --example pool_vs_peers`.
//!
//! The two sides run in alternating rounds; medians of each, and the median
//! of the per-round ratios. The real side-by-side suite is `tripool-bench`.
//! On a busy machine, wall times mislead: pass one of `pool`, `rayon`,
//! `thread`, `std` to run only that side (only its pool is built), under
//! `perf stat -e task-clock`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tripool_thread::{Thread, ThreadPool};

const TASKS: u64 = 100_000;
const THREADS: usize = 2_000;
const ROUNDS: usize = 9;

/// Times `ours` and `peer` in alternating rounds (so both see the same
/// machine load) and returns their medians and the median of the per-round
/// ratios; a side that is `None` is not run.
fn race(
    mut ours: Option<impl FnMut() -> Duration>,
    mut peer: Option<impl FnMut() -> Duration>,
) -> (Option<Duration>, Option<Duration>, Option<f64>) {
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let x = ours.as_mut().map(|f| f());
        let y = peer.as_mut().map(|f| f());
        a.extend(x);
        b.extend(y);
        if let (Some(x), Some(y)) = (x, y) {
            ratios.push(x.as_secs_f64() / y.as_secs_f64());
        }
    }
    (median(a), median(b), median(ratios))
}

fn median<T: PartialOrd + Copy>(mut values: Vec<T>) -> Option<T> {
    values.sort_by(|x, y| x.partial_cmp(y).expect("no NaN"));
    values.get(values.len() / 2).copied()
}

fn main() {
    let only = std::env::args().nth(1);
    let run = |side: &str| only.as_deref().is_none_or(|o| o == side);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = run("pool").then(ThreadPool::new);
    let rayon = run("rayon").then(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .build()
            .unwrap()
    });

    let ours = pool.as_ref().map(|pool| {
        move || {
            let start = Instant::now();
            let handles: Vec<_> = (0..TASKS)
                .map(|i| pool.submit(move || black_box(i) + 1))
                .collect();
            let sum: u64 = handles.into_iter().map(|h| h.result().unwrap()).sum();
            black_box(sum);
            start.elapsed()
        }
    });
    let peer = rayon.as_ref().map(|rayon| {
        move || {
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
        }
    });
    report(
        "submit+result of 100k tiny tasks",
        "rayon::scope spawn",
        race(ours, peer),
    );

    let ours = run("thread").then_some(|| {
        let start = Instant::now();
        for i in 0..THREADS {
            black_box(Thread::spawn(move || black_box(i)).join().unwrap());
        }
        start.elapsed()
    });
    let peer = run("std").then_some(|| {
        let start = Instant::now();
        for i in 0..THREADS {
            black_box(std::thread::spawn(move || black_box(i)).join().unwrap());
        }
        start.elapsed()
    });
    report("thread start+join (2000)", "std::thread", race(ours, peer));
}

fn report(what: &str, peer_name: &str, figures: (Option<Duration>, Option<Duration>, Option<f64>)) {
    match figures {
        (Some(ours), Some(peer), Some(ratio)) => println!(
            "{what}: tripool {ours:?}, {peer_name} {peer:?}, tripool/peer time = {ratio:.2} (median of {ROUNDS} paired rounds)"
        ),
        (Some(ours), None, _) => println!("{what}: tripool {ours:?}"),
        (None, Some(peer), _) => println!("{what}: {peer_name} {peer:?}"),
        _ => {}
    }
}
