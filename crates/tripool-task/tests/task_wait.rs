//! `wait` with `ReturnWhen`: Python's `concurrent.futures.wait`.

use std::thread;
use std::time::{Duration, Instant};

use tripool_sync::Event;
use tripool_task::{Completer, ReturnWhen, TaskError, TaskHandle, new_task, wait};

const LONG: Option<Duration> = Some(Duration::from_secs(10));

fn tasks(n: usize) -> (Vec<Completer<usize>>, Vec<TaskHandle<usize>>) {
    (0..n).map(|_| new_task()).unzip()
}

fn values(handles: Vec<TaskHandle<usize>>) -> Vec<Result<usize, TaskError>> {
    handles.into_iter().map(TaskHandle::result).collect()
}

#[test]
fn all_completed_waits_for_every_task() {
    let (completers, handles) = tasks(4);
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            for (index, completer) in completers.into_iter().enumerate().rev() {
                completer.complete(Ok(index));
            }
        });
        go.set();
        let split = wait(handles, None, ReturnWhen::AllCompleted);
        assert!(split.pending.is_empty());
        assert_eq!(values(split.done), [Ok(0), Ok(1), Ok(2), Ok(3)]);
    });
}

#[test]
fn first_completed_returns_after_one() {
    let (mut completers, handles) = tasks(3);
    let middle = completers.remove(1);
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            middle.complete(Ok(1));
        });
        go.set();
        let split = wait(handles, LONG, ReturnWhen::FirstCompleted);
        assert_eq!(values(split.done), [Ok(1)]);
        assert_eq!(split.pending.len(), 2);
        for (completer, value) in completers.into_iter().zip([0, 2]) {
            completer.complete(Ok(value));
        }
        assert_eq!(values(split.pending), [Ok(0), Ok(2)]);
    });
}

#[test]
fn first_completed_with_one_already_done() {
    let (mut completers, handles) = tasks(2);
    completers.remove(1).complete(Ok(1));
    let split = wait(handles, None, ReturnWhen::FirstCompleted);
    assert_eq!(split.done.len(), 1);
    assert_eq!(split.pending.len(), 1);
}

#[test]
fn first_exception_returns_on_a_failure() {
    let (mut completers, handles) = tasks(3);
    let failing = completers.remove(2);
    completers.remove(0).complete(Ok(0));
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            failing.run(|| panic!("task 2 fails"));
        });
        go.set();
        let split = wait(handles, LONG, ReturnWhen::FirstException);
        let done = values(split.done);
        assert_eq!(done[0], Ok(0));
        assert!(matches!(done[1], Err(TaskError::Panicked { .. })));
        assert_eq!(split.pending.len(), 1);
    });
    drop(completers);
}

#[test]
fn first_exception_ignores_cancellation_and_waits_for_all() {
    let (mut completers, handles) = tasks(3);
    assert!(handles[0].cancel());
    let last = completers.pop().unwrap();
    completers.pop().unwrap().complete(Ok(1));
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            last.complete(Ok(2));
        });
        go.set();
        let split = wait(handles, LONG, ReturnWhen::FirstException);
        assert!(split.pending.is_empty());
        assert_eq!(
            values(split.done),
            [Err(TaskError::Cancelled), Ok(1), Ok(2)]
        );
    });
}

#[test]
fn timeout_returns_the_pending() {
    let (mut completers, handles) = tasks(3);
    completers.remove(0).complete(Ok(0));
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    let split = wait(handles, Some(timeout), ReturnWhen::AllCompleted);
    assert!(start.elapsed() >= timeout);
    assert_eq!(split.done.len(), 1);
    assert_eq!(split.pending.len(), 2);
    for (completer, value) in completers.into_iter().zip([1, 2]) {
        completer.complete(Ok(value));
    }
    assert_eq!(values(split.pending), [Ok(1), Ok(2)]);
}

#[test]
fn zero_timeout_polls() {
    let (completers, handles) = tasks(2);
    let split = wait(handles, Some(Duration::ZERO), ReturnWhen::FirstCompleted);
    assert!(split.done.is_empty());
    assert_eq!(split.pending.len(), 2);
    drop(completers);
}

#[test]
fn no_handles_returns_at_once() {
    for return_when in [
        ReturnWhen::FirstCompleted,
        ReturnWhen::FirstException,
        ReturnWhen::AllCompleted,
    ] {
        let split = wait(Vec::<TaskHandle<u8>>::new(), None, return_when);
        assert!(split.done.is_empty() && split.pending.is_empty());
    }
}

#[test]
fn huge_timeout_means_no_limit() {
    let (completer, handle) = new_task();
    completer.complete(Ok(1));
    let split = wait([handle], Some(Duration::MAX), ReturnWhen::AllCompleted);
    assert_eq!(values(split.done), [Ok(1)]);
}
