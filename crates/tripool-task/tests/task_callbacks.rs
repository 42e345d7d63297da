//! Done callbacks: exactly once, outside locks, panics contained.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::thread;

use tripool_task::{TaskError, TaskHandle, callback_panics, new_task};

/// Records what callbacks saw, in order.
fn recorder() -> (Arc<Mutex<Vec<String>>>, impl Fn(&str) + Clone) {
    let log = Arc::new(Mutex::new(Vec::new()));
    let push = {
        let log = Arc::clone(&log);
        move |entry: &str| log.lock().unwrap().push(entry.to_owned())
    };
    (log, push)
}

fn describe(outcome: Result<&u32, &TaskError>) -> String {
    match outcome {
        Ok(value) => format!("ok {value}"),
        Err(error) => format!("err {error}"),
    }
}

#[test]
fn callbacks_run_once_in_order_on_completion() {
    let (log, push) = recorder();
    let (completer, handle) = new_task::<u32>();
    for name in ["a", "b", "c"] {
        let push = push.clone();
        handle.add_done_callback(move |outcome| push(&format!("{name} {}", describe(outcome))));
    }
    assert!(log.lock().unwrap().is_empty());
    completer.complete(Ok(5));
    assert_eq!(*log.lock().unwrap(), ["a ok 5", "b ok 5", "c ok 5"]);
    assert_eq!(handle.result(), Ok(5));
    assert_eq!(log.lock().unwrap().len(), 3);
}

#[test]
fn callbacks_run_in_the_completing_thread_before_done() {
    let (completer, handle) = new_task::<u32>();
    let handle = Arc::new(handle);
    let (tx, rx) = mpsc::channel();
    {
        let handle = Arc::clone(&handle);
        handle.clone().add_done_callback(move |_| {
            // No lock is held: the handle is usable, and not done yet.
            tx.send((thread::current().id(), handle.done())).unwrap();
        });
    }
    let completing = thread::spawn(move || {
        completer.complete(Ok(1));
        thread::current().id()
    })
    .join()
    .unwrap();
    assert_eq!(rx.recv().unwrap(), (completing, false));
    assert!(handle.done());
}

#[test]
fn callback_on_a_done_task_runs_at_once_in_the_caller() {
    let (completer, handle) = new_task::<u32>();
    completer.complete(Ok(9));
    let (tx, rx) = mpsc::channel();
    handle.add_done_callback(move |outcome| {
        tx.send((thread::current().id(), describe(outcome)))
            .unwrap();
    });
    assert_eq!(
        rx.try_recv().unwrap(),
        (thread::current().id(), "ok 9".to_owned())
    );
    // Lending the outcome to the callback gave it back.
    assert_eq!(handle.result(), Ok(9));
}

#[test]
fn cancel_runs_callbacks_with_cancelled() {
    let (log, push) = recorder();
    let (_completer, handle) = new_task::<u32>();
    handle.add_done_callback(move |outcome| push(&describe(outcome)));
    assert!(handle.cancel());
    assert_eq!(*log.lock().unwrap(), ["err task was cancelled"]);
    assert!(handle.cancel());
    assert_eq!(log.lock().unwrap().len(), 1, "a second cancel runs nothing");
}

#[test]
fn abandoning_runs_callbacks() {
    let (log, push) = recorder();
    let (completer, handle) = new_task::<u32>();
    handle.add_done_callback(move |outcome| push(&describe(outcome)));
    drop(completer);
    assert_eq!(
        *log.lock().unwrap(),
        ["err task was abandoned by its executor"]
    );
    drop(handle);
}

#[test]
fn panicking_callback_does_not_hurt_the_task_or_the_others() {
    let (log, push) = recorder();
    let before = callback_panics();
    let (completer, handle) = new_task::<u32>();
    handle.add_done_callback(|_| panic!("first callback fails"));
    {
        let push = push.clone();
        handle.add_done_callback(move |outcome| push(&describe(outcome)));
    }
    completer.complete(Ok(3));
    handle.add_done_callback(|_| panic!("late callback fails"));
    handle.add_done_callback(move |outcome| push(&describe(outcome)));
    assert_eq!(*log.lock().unwrap(), ["ok 3", "ok 3"]);
    assert!(callback_panics() >= before + 2);
    assert!(handle.done());
    assert!(!handle.cancelled());
    assert_eq!(handle.result(), Ok(3));
}

#[test]
fn callback_may_add_a_callback_to_its_own_task() {
    let (log, push) = recorder();
    let (completer, handle) = new_task::<u32>();
    let handle = Arc::new(handle);
    {
        let inner = Arc::clone(&handle);
        handle.add_done_callback(move |outcome| {
            push(&format!("outer {}", describe(outcome)));
            let push = push.clone();
            inner.add_done_callback(move |outcome| push(&format!("inner {}", describe(outcome))));
        });
    }
    completer.complete(Ok(2));
    assert_eq!(*log.lock().unwrap(), ["outer ok 2", "inner ok 2"]);
    assert!(handle.done());
}

#[test]
fn callbacks_added_concurrently_with_completion_run_exactly_once() {
    const ADDERS: usize = 4;
    const PER_ADDER: usize = 50;
    for _ in 0..20 {
        let runs = Arc::new(AtomicUsize::new(0));
        let (completer, handle) = new_task::<u32>();
        let barrier = Barrier::new(ADDERS + 1);
        thread::scope(|s| {
            for _ in 0..ADDERS {
                s.spawn(|| {
                    barrier.wait();
                    for _ in 0..PER_ADDER {
                        let runs = Arc::clone(&runs);
                        handle.add_done_callback(move |outcome| {
                            assert_eq!(outcome, Ok(&8));
                            runs.fetch_add(1, Ordering::SeqCst);
                        });
                    }
                });
            }
            barrier.wait();
            completer.complete(Ok(8));
        });
        assert_eq!(runs.load(Ordering::SeqCst), ADDERS * PER_ADDER);
        assert_eq!(handle.result(), Ok(8));
    }
}

#[test]
fn callback_can_observe_a_value_that_is_only_send() {
    // `Cell` is `Send` but not `Sync`: the callback borrows it without sharing.
    let (completer, handle): (_, TaskHandle<std::cell::Cell<u32>>) = new_task();
    let (tx, rx) = mpsc::channel();
    handle.add_done_callback(move |outcome| tx.send(outcome.unwrap().get()).unwrap());
    thread::spawn(move || completer.complete(Ok(std::cell::Cell::new(4))))
        .join()
        .unwrap();
    assert_eq!(rx.recv().unwrap(), 4);
    assert_eq!(handle.result().unwrap().get(), 4);
}

#[test]
fn panicking_callback_while_an_executor_unwinds() {
    // The completer is dropped during a panic; its callbacks run during the
    // unwinding, and a panic among them must be caught, not abort.
    let (completer, handle) = new_task::<u32>();
    let (tx, rx) = mpsc::channel();
    handle.add_done_callback(|_| panic!("callback fails during unwinding"));
    handle
        .add_done_callback(move |outcome| tx.send(outcome.copied().map_err(Clone::clone)).unwrap());
    let executor = thread::spawn(move || {
        let _completer = completer;
        panic!("executor dies holding the task");
    });
    assert!(executor.join().is_err());
    assert_eq!(rx.recv().unwrap(), Err(TaskError::Abandoned));
    assert_eq!(handle.result(), Err(TaskError::Abandoned));
}
