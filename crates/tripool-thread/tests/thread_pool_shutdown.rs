//! `ThreadPool::shutdown(wait, cancel_pending)`, as Python's `Executor.shutdown`.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tripool_sync::Event;
use tripool_task::{ResultTimeoutError, TaskError};
use tripool_thread::ThreadPool;

const SAFETY_NET: Duration = Duration::from_secs(10);

fn pool(workers: usize) -> ThreadPool {
    ThreadPool::builder()
        .workers(NonZeroUsize::new(workers).unwrap())
        .thread_name("shut")
        .build()
        .unwrap()
}

/// Submits a task that reports it started and then waits for `gate`.
fn blocker(pool: &ThreadPool, gate: &Arc<Event>) -> tripool_task::TaskHandle<&'static str> {
    let (tx, rx) = mpsc::channel();
    let gate = Arc::clone(gate);
    let handle = pool.submit(move || {
        tx.send(()).unwrap();
        gate.wait();
        "released"
    });
    rx.recv_timeout(SAFETY_NET).unwrap();
    handle
}

#[test]
fn shutdown_with_wait_runs_pending_tasks_first() {
    let pool = pool(2);
    let count = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..50)
        .map(|_| {
            let count = Arc::clone(&count);
            pool.submit(move || count.fetch_add(1, Ordering::SeqCst))
        })
        .collect();
    pool.shutdown(true, false);
    assert!(pool.is_shutdown());
    assert_eq!(count.load(Ordering::SeqCst), 50);
    assert!(handles.iter().all(|h| h.done()));
}

#[test]
fn shutdown_without_wait_returns_while_tasks_run_and_they_still_finish() {
    let pool = pool(1);
    let gate = Arc::new(Event::new());
    let running = blocker(&pool, &gate);
    let queued = pool.submit(|| "queued");
    pool.shutdown(false, false);
    assert!(!running.done());
    let late = pool.submit(|| "late");
    assert_eq!(late.result(), Err(TaskError::PoolShutDown));
    gate.set();
    assert_eq!(running.result(), Ok("released"));
    assert_eq!(queued.result(), Ok("queued"));
}

#[test]
fn cancel_pending_cancels_queued_tasks_only() {
    let pool = pool(1);
    let gate = Arc::new(Event::new());
    let running = blocker(&pool, &gate);
    let ran = Arc::new(AtomicUsize::new(0));
    let queued: Vec<_> = (0..5)
        .map(|_| {
            let ran = Arc::clone(&ran);
            pool.submit(move || ran.fetch_add(1, Ordering::SeqCst))
        })
        .collect();
    pool.shutdown(false, true);
    for handle in queued {
        assert_eq!(handle.result(), Err(TaskError::Cancelled));
    }
    gate.set();
    assert_eq!(running.result(), Ok("released"));
    pool.shutdown(true, false);
    assert_eq!(ran.load(Ordering::SeqCst), 0);
}

#[test]
fn a_second_shutdown_with_wait_still_waits() {
    let pool = Arc::new(pool(2));
    let gate = Arc::new(Event::new());
    let running = blocker(&pool, &gate);
    pool.shutdown(false, false);
    let (done_tx, done_rx) = mpsc::channel();
    let waiter = {
        let pool = Arc::clone(&pool);
        std::thread::spawn(move || {
            pool.shutdown(true, true);
            done_tx.send(()).unwrap();
        })
    };
    assert!(done_rx.recv_timeout(Duration::from_millis(50)).is_err());
    gate.set();
    done_rx.recv_timeout(SAFETY_NET).unwrap();
    waiter.join().unwrap();
    assert_eq!(running.result(), Ok("released"));
}

#[test]
fn shutdown_from_a_worker_does_not_wait_for_itself() {
    let pool = Arc::new(pool(2));
    let inner = Arc::clone(&pool);
    let handle = pool.submit(move || {
        inner.shutdown(true, false);
        inner.is_shutdown()
    });
    assert!(handle.wait_timeout(SAFETY_NET));
    assert_eq!(handle.result(), Ok(true));
}

#[test]
fn dropping_after_shutdown_is_fine() {
    let pool = pool(3);
    let handle = pool.submit(|| 1);
    pool.shutdown(false, false);
    drop(pool);
    assert_eq!(handle.result(), Ok(1));
}

#[test]
fn submits_racing_with_shutdown_all_resolve_while_the_pool_lives() {
    for _ in 0..20 {
        let pool = Arc::new(pool(2));
        let submitter = {
            let pool = Arc::clone(&pool);
            std::thread::spawn(move || {
                (0..200u32)
                    .map(|i| pool.submit(move || i))
                    .collect::<Vec<_>>()
            })
        };
        pool.shutdown(false, false);
        for (i, handle) in submitter.join().unwrap().into_iter().enumerate() {
            match handle.result_timeout(SAFETY_NET) {
                Ok(value) => assert_eq!(value as usize, i),
                Err(ResultTimeoutError::Failed(err)) => assert_eq!(err, TaskError::PoolShutDown),
                Err(err) => panic!("a racing submit never resolved: {err}"),
            }
        }
    }
}
