//! `ThreadPool`: submit, names, panics, cancellation, workers' survival.

use std::collections::BTreeSet;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tripool_sync::Event;
use tripool_task::TaskError;
use tripool_thread::{ThreadPool, current_thread};

const SAFETY_NET: Duration = Duration::from_secs(10);

fn pool(workers: usize, name: &str) -> ThreadPool {
    ThreadPool::builder()
        .workers(NonZeroUsize::new(workers).unwrap())
        .thread_name(name)
        .build()
        .unwrap()
}

/// Occupies every worker of `pool` until the returned gate is set.
fn block_all_workers(pool: &ThreadPool) -> (Arc<Event>, Vec<tripool_task::TaskHandle<String>>) {
    let gate = Arc::new(Event::new());
    let (tx, rx) = mpsc::channel();
    let handles = (0..pool.workers())
        .map(|_| {
            let (gate, tx) = (Arc::clone(&gate), tx.clone());
            pool.submit(move || {
                tx.send(()).unwrap();
                gate.wait();
                current_thread().name().unwrap().to_owned()
            })
        })
        .collect();
    for _ in 0..pool.workers() {
        rx.recv_timeout(SAFETY_NET)
            .expect("every worker takes one blocker");
    }
    (gate, handles)
}

#[test]
fn submit_returns_each_result() {
    let pool = pool(3, "sum");
    let handles: Vec<_> = (0..100u64).map(|i| pool.submit(move || i * 2)).collect();
    let total: u64 = handles.into_iter().map(|h| h.result().unwrap()).sum();
    assert_eq!(total, 9_900);
}

#[test]
fn workers_are_named_prefix_index() {
    let pool = pool(3, "named");
    let (gate, handles) = block_all_workers(&pool);
    gate.set();
    let names: BTreeSet<String> = handles.into_iter().map(|h| h.result().unwrap()).collect();
    let expected: BTreeSet<String> = (0..3).map(|i| format!("named-{i}")).collect();
    assert_eq!(names, expected);
}

#[test]
fn workers_report_themselves_as_non_daemon() {
    let pool = pool(1, "flag");
    assert!(
        !pool
            .submit(|| current_thread().is_daemon())
            .result()
            .unwrap()
    );
}

#[test]
fn a_panicking_task_fails_alone_and_every_worker_survives() {
    let pool = pool(3, "survivor");
    let failures: Vec<_> = (0..9)
        .map(|i| pool.submit(move || -> u8 { panic!("task {i} failed") }))
        .collect();
    for (i, handle) in failures.into_iter().enumerate() {
        let err = handle.result().unwrap_err();
        assert_eq!(
            err.panic_message(),
            Some(format!("task {i} failed").as_str())
        );
    }
    // All three workers are still there: three tasks can be inside at once.
    let (gate, handles) = block_all_workers(&pool);
    gate.set();
    assert_eq!(
        handles.into_iter().filter_map(|h| h.result().ok()).count(),
        3
    );
}

#[test]
fn a_cancelled_pending_task_never_runs() {
    let pool = pool(2, "cancel");
    let (gate, blockers) = block_all_workers(&pool);
    let ran = Arc::new(AtomicBool::new(false));
    let pending = {
        let ran = Arc::clone(&ran);
        pool.submit(move || ran.store(true, Ordering::SeqCst))
    };
    let kept = pool.submit(|| "kept");
    assert!(pending.cancel());
    assert!(pending.cancelled());
    gate.set();
    assert_eq!(kept.result(), Ok("kept"));
    for blocker in blockers {
        blocker.result().unwrap();
    }
    assert_eq!(pending.result(), Err(TaskError::Cancelled));
    pool.shutdown(true, false);
    assert!(!ran.load(Ordering::SeqCst));
}

#[test]
fn a_running_task_cannot_be_cancelled() {
    let pool = pool(1, "running");
    let (gate, mut blockers) = block_all_workers(&pool);
    let blocker = blockers.pop().unwrap();
    assert!(blocker.running());
    assert!(!blocker.cancel());
    gate.set();
    assert_eq!(blocker.result().unwrap(), "running-0");
}

#[test]
fn default_pool_has_at_least_one_worker() {
    let pool = ThreadPool::new();
    assert!(pool.workers() >= 1);
    assert_eq!(pool.submit(|| 1).result(), Ok(1));
    let text = format!("{pool:?}");
    assert!(text.contains("tripool-worker"), "{text}");
}

#[test]
fn a_nul_in_the_name_prefix_is_a_build_error() {
    let err = ThreadPool::builder()
        .thread_name("x\0")
        .build()
        .unwrap_err();
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn dropping_the_pool_runs_every_submitted_task() {
    let count = Arc::new(AtomicUsize::new(0));
    let pool = pool(2, "drop");
    for _ in 0..200 {
        let count = Arc::clone(&count);
        drop(pool.submit(move || count.fetch_add(1, Ordering::SeqCst)));
    }
    drop(pool);
    assert_eq!(count.load(Ordering::SeqCst), 200);
}

#[test]
fn tasks_may_submit_tasks_and_drop_the_last_pool_reference() {
    let pool = Arc::new(pool(2, "nested"));
    let outer = {
        let pool = Arc::clone(&pool);
        pool.clone().submit(move || {
            let inner = pool.submit(|| 40).result().unwrap();
            drop(pool); // may be the last reference: must not wait for itself
            inner + 2
        })
    };
    drop(pool);
    assert_eq!(outer.result(), Ok(42));
}

#[test]
fn handles_can_be_awaited() {
    let pool = pool(2, "async");
    let handle = pool.submit(|| "awaited");
    assert_eq!(futures::executor::block_on(handle), Ok("awaited"));
}

#[test]
fn concurrent_submitters_and_cancellers_account_for_every_task() {
    let pool = Arc::new(pool(2, "stress"));
    let ran = Arc::new(AtomicUsize::new(0));
    let submitters: Vec<_> = (0..4)
        .map(|_| {
            let (pool, ran) = (Arc::clone(&pool), Arc::clone(&ran));
            std::thread::spawn(move || {
                let mut cancelled = 0;
                for i in 0..500 {
                    let ran = Arc::clone(&ran);
                    let handle = pool.submit(move || ran.fetch_add(1, Ordering::SeqCst));
                    if i % 3 == 0 && handle.cancel() {
                        cancelled += 1;
                        assert_eq!(handle.result(), Err(TaskError::Cancelled));
                    } else {
                        assert!(handle.result().is_ok());
                    }
                }
                cancelled
            })
        })
        .collect();
    let cancelled: usize = submitters.into_iter().map(|s| s.join().unwrap()).sum();
    drop(pool);
    assert_eq!(ran.load(Ordering::SeqCst) + cancelled, 2_000);
}
