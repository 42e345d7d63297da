//! No lost wake-ups in the pool's job queue: workers that went to sleep on
//! an empty queue are always woken for the next job, whatever the timing.

use std::num::NonZeroUsize;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tripool_sync::Barrier;
use tripool_thread::ThreadPool;

/// Generous: a lost wake-up would hang forever, a slow machine only delays.
const SAFETY_NET: Duration = Duration::from_secs(20);

fn pool(workers: usize) -> ThreadPool {
    ThreadPool::builder()
        .workers(NonZeroUsize::new(workers).unwrap())
        .thread_name("wake")
        .build()
        .unwrap()
}

#[test]
fn one_job_at_a_time_always_wakes_a_worker() {
    // Each job arrives when every worker has just found the queue empty:
    // the path where a worker snoozes, waits, and must be woken.
    for workers in [1, 2, 3] {
        let pool = pool(workers);
        for i in 0..2_000u32 {
            let handle = pool.submit(move || i + 1);
            assert_eq!(handle.result_timeout(SAFETY_NET).ok(), Some(i + 1));
        }
    }
}

#[test]
fn bursts_from_several_submitters_all_run() {
    let pool = Arc::new(pool(2));
    let ran = Arc::new(AtomicUsize::new(0));
    let submitters = 4;
    let start = Arc::new(Barrier::new(NonZeroUsize::new(submitters).unwrap()));
    let threads: Vec<_> = (0..submitters)
        .map(|_| {
            let (pool, ran, start) = (Arc::clone(&pool), Arc::clone(&ran), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait().unwrap();
                for burst in 0..200 {
                    let handles: Vec<_> = (0..burst % 7 + 1)
                        .map(|_| {
                            let ran = Arc::clone(&ran);
                            pool.submit(move || ran.fetch_add(1, Ordering::Relaxed))
                        })
                        .collect();
                    for handle in handles {
                        assert!(handle.result_timeout(SAFETY_NET).is_ok());
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let per_submitter: usize = (0..200).map(|burst| burst % 7 + 1).sum();
    assert_eq!(ran.load(Ordering::Relaxed), submitters * per_submitter);
}

#[test]
fn shutdown_wakes_sleeping_workers() {
    for _ in 0..50 {
        let pool = pool(3);
        assert_eq!(pool.submit(|| 1).result_timeout(SAFETY_NET).ok(), Some(1));
        // Workers are asleep or about to be: closing must wake them all.
        pool.shutdown(true, false);
    }
}
