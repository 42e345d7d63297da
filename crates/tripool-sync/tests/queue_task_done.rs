//! `task_done` and `join`: counting, the overuse error, timed and async joins.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tripool_sync::{Event, Queue, TaskDoneError};

const SAFETY: Duration = Duration::from_secs(10);

#[test]
fn task_done_without_a_put_is_an_error() {
    let queue = Queue::<u8>::new();
    assert_eq!(queue.task_done(), Err(TaskDoneError));
    assert_eq!(queue.unfinished_tasks(), 0);
}

#[test]
fn task_done_more_times_than_puts_is_an_error_and_changes_nothing() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    queue.put(2).unwrap();
    assert_eq!(queue.unfinished_tasks(), 2);
    queue.task_done().unwrap();
    queue.task_done().unwrap();
    assert_eq!(queue.task_done(), Err(TaskDoneError));
    assert_eq!(queue.unfinished_tasks(), 0);
    // The queue still works and counts again.
    queue.put(3).unwrap();
    assert_eq!(queue.unfinished_tasks(), 1);
}

#[test]
fn join_returns_at_once_when_nothing_is_unfinished() {
    let queue = Queue::<u8>::new();
    queue.join();
    assert!(queue.join_timeout(Duration::ZERO));
    assert!(queue.join_deadline(Instant::now()));
    futures::executor::block_on(queue.join_async());
}

#[test]
fn join_waits_for_every_task_done() {
    let queue = Arc::new(Queue::new());
    let processed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (queue, processed) = (Arc::clone(&queue), Arc::clone(&processed));
            std::thread::spawn(move || {
                while let Ok(()) = queue.get() {
                    processed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    queue.task_done().unwrap();
                }
            })
        })
        .collect();
    for _ in 0..50 {
        queue.put(()).unwrap();
    }
    queue.join();
    assert_eq!(processed.load(std::sync::atomic::Ordering::SeqCst), 50);
    queue.shutdown(false);
    for worker in workers {
        worker.join().unwrap();
    }
}

#[test]
fn join_timeout_gives_up_after_the_timeout() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    queue.get().unwrap(); // taken, not yet done
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    assert!(!queue.join_timeout(timeout));
    assert!(start.elapsed() >= timeout);
    queue.task_done().unwrap();
    assert!(queue.join_timeout(timeout));
}

#[test]
fn a_timed_join_is_woken_by_the_last_task_done() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    let joined = Event::new();
    std::thread::scope(|s| {
        s.spawn(|| {
            assert!(queue.join_timeout(SAFETY));
            joined.set();
        });
        queue.get().unwrap();
        queue.task_done().unwrap();
        assert!(joined.wait_timeout(SAFETY));
    });
}

#[test]
fn several_joiners_are_all_woken() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    std::thread::scope(|s| {
        let joiners: Vec<_> = (0..3).map(|_| s.spawn(|| queue.join())).collect();
        queue.get().unwrap();
        queue.task_done().unwrap();
        for joiner in joiners {
            joiner.join().unwrap();
        }
    });
}

#[test]
fn join_can_be_repeated() {
    let queue = Queue::new();
    for round in 0..3 {
        queue.put(round).unwrap();
        queue.get().unwrap();
        queue.task_done().unwrap();
        queue.join();
    }
}

#[test]
fn async_join_is_woken_by_task_done_on_a_thread() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            queue.get().unwrap();
            queue.task_done().unwrap();
        });
        futures::executor::block_on(queue.join_async());
    });
    assert_eq!(queue.unfinished_tasks(), 0);
}

#[test]
fn a_dropped_async_join_leaves_no_trace() {
    use futures::FutureExt;
    let queue = Queue::new();
    queue.put(1).unwrap();
    let mut join = queue.join_async();
    assert!((&mut join).now_or_never().is_none());
    drop(join);
    queue.get().unwrap();
    queue.task_done().unwrap();
    queue.join();
}
