//! `new_job`: a task and its closure in one allocation, as pools queue them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tripool_task::{TaskError, new_job};

/// Counts its drops, to see where a closure's captures end up.
struct Dropped(Arc<AtomicUsize>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_job_runs_on_another_thread() {
    let (job, handle) = new_job(|| "ran");
    assert!(!handle.done() && !handle.running());
    std::thread::spawn(move || assert!(job.run()))
        .join()
        .unwrap();
    assert_eq!(handle.result(), Ok("ran"));
}

#[test]
fn a_cancelled_job_drops_its_closure_unrun() {
    let drops = Arc::new(AtomicUsize::new(0));
    let guard = Dropped(Arc::clone(&drops));
    let (job, handle) = new_job(move || {
        let _guard = &guard;
        unreachable!("cancelled jobs never run")
    });
    assert!(handle.cancel());
    assert_eq!(drops.load(Ordering::SeqCst), 0, "the job still holds it");
    assert!(!job.run());
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    let outcome: Result<(), _> = handle.result();
    assert_eq!(outcome, Err(TaskError::Cancelled));
}

#[test]
fn a_panicking_job_fails_with_its_message() {
    let (job, handle) = new_job(|| -> u8 { panic!("no luck") });
    assert!(job.run());
    assert_eq!(
        handle.result(),
        Err(TaskError::Panicked {
            message: "no luck".into()
        })
    );
}

#[test]
fn failing_a_job_drops_the_closure_and_delivers_the_error() {
    let drops = Arc::new(AtomicUsize::new(0));
    let guard = Dropped(Arc::clone(&drops));
    let (job, handle) = new_job(move || drop(guard));
    job.fail(TaskError::PoolShutDown);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert_eq!(handle.result(), Err(TaskError::PoolShutDown));

    let (job, handle) = new_job(|| 1);
    job.fail(TaskError::Cancelled);
    assert!(handle.cancelled());
}

#[test]
fn a_dropped_job_abandons_its_task() {
    let (job, handle) = new_job(|| 1);
    drop(job);
    assert_eq!(handle.result(), Err(TaskError::Abandoned));
}

#[test]
fn callbacks_and_await_work_as_for_any_task() {
    let (job, handle) = new_job(|| 20);
    let (tx, rx) = std::sync::mpsc::channel();
    handle.add_done_callback(move |outcome| tx.send(outcome.copied().ok()).unwrap());
    let worker = std::thread::spawn(move || job.run());
    assert_eq!(futures::executor::block_on(handle), Ok(20));
    assert_eq!(rx.recv().unwrap(), Some(20));
    assert!(worker.join().unwrap());
}

#[test]
fn the_handle_may_outlive_the_job_and_the_job_the_handle() {
    let (job, handle) = new_job(|| vec![1, 2]);
    drop(handle);
    assert!(job.run()); // nobody waits: the value is dropped with the task

    let (job, handle) = new_job(|| vec![3]);
    assert!(job.run());
    assert_eq!(handle.result(), Ok(vec![3]));
}
