//! Loom models of the task state machine: run with
//! `RUSTFLAGS="--cfg tripool_loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p tripool-task --release --target-dir target/loom --test loom_task`.
#![cfg(tripool_loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use tripool_task::{ReturnWhen, TaskError, as_completed, new_task, wait};

#[test]
fn cancel_races_start() {
    loom::model(|| {
        let (completer, handle) = new_task();
        let ran = Arc::new(AtomicUsize::new(0));
        let executor = {
            let ran = Arc::clone(&ran);
            thread::spawn(move || {
                completer.run(move || {
                    ran.fetch_add(1, Ordering::SeqCst);
                    1
                })
            })
        };
        let cancelled = handle.cancel();
        let started = executor.join().unwrap();
        assert_ne!(started, cancelled, "exactly one of start and cancel wins");
        assert_eq!(ran.load(Ordering::SeqCst), usize::from(started));
        let expected = if started {
            Ok(1)
        } else {
            Err(TaskError::Cancelled)
        };
        assert_eq!(handle.result(), expected);
    });
}

#[test]
fn complete_races_wait() {
    loom::model(|| {
        let (completer, handle) = new_task();
        let executor = thread::spawn(move || completer.complete(Ok(7)));
        handle.wait();
        assert!(handle.done());
        assert_eq!(handle.result(), Ok(7));
        executor.join().unwrap();
    });
}

#[test]
fn abandon_races_await() {
    loom::model(|| {
        let (completer, handle) = new_task::<u8>();
        let executor = thread::spawn(move || drop(completer));
        assert_eq!(loom::future::block_on(handle), Err(TaskError::Abandoned));
        executor.join().unwrap();
    });
}

#[test]
fn callback_added_during_completion_runs_once() {
    loom::model(|| {
        let (completer, handle) = new_task();
        let runs = Arc::new(AtomicUsize::new(0));
        let executor = thread::spawn(move || completer.complete(Ok(3)));
        {
            let runs = Arc::clone(&runs);
            handle.add_done_callback(move |outcome| {
                assert_eq!(outcome, Ok(&3));
                runs.fetch_add(1, Ordering::SeqCst);
            });
        }
        executor.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert_eq!(handle.result(), Ok(3));
    });
}

#[test]
fn callbacks_added_from_two_threads_on_a_done_task_run_once_each() {
    // Both lend the outcome or hand their callback to the lender.
    loom::model(|| {
        let (completer, handle) = new_task();
        completer.complete(Ok(1));
        let handle = Arc::new(handle);
        let runs = Arc::new(AtomicUsize::new(0));
        let add = |handle: &Arc<_>, runs: &Arc<AtomicUsize>| {
            let runs = Arc::clone(runs);
            tripool_task::TaskHandle::add_done_callback(handle, move |outcome| {
                assert_eq!(outcome, Ok(&1));
                runs.fetch_add(1, Ordering::SeqCst);
            });
        };
        let other = {
            let (handle, runs) = (Arc::clone(&handle), Arc::clone(&runs));
            thread::spawn(move || add(&handle, &runs))
        };
        add(&handle, &runs);
        other.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 2);
        let handle = Arc::try_unwrap(handle).unwrap();
        assert_eq!(handle.result(), Ok(1));
    });
}

#[test]
fn as_completed_sees_a_completion_racing_registration() {
    loom::model(|| {
        let (completer, handle) = new_task();
        let executor = thread::spawn(move || completer.complete(Ok(2)));
        let mut order = as_completed([handle]);
        assert_eq!(order.next().unwrap().result(), Ok(2));
        assert!(order.next().is_none());
        executor.join().unwrap();
    });
}

#[test]
fn wait_all_completed_with_two_completers() {
    loom::model(|| {
        let (first, first_handle) = new_task();
        let (second, second_handle) = new_task();
        let completers = [
            thread::spawn(move || first.complete(Ok(1))),
            thread::spawn(move || second.complete(Ok(2))),
        ];
        let split = wait(
            [first_handle, second_handle],
            None,
            ReturnWhen::AllCompleted,
        );
        assert!(split.pending.is_empty());
        let values: Vec<_> = split.done.into_iter().map(|h| h.result()).collect();
        assert_eq!(values, [Ok(1), Ok(2)]);
        for completer in completers {
            completer.join().unwrap();
        }
    });
}

#[test]
fn cancel_races_add_done_callback() {
    loom::model(|| {
        let (completer, handle) = new_task::<u8>();
        let handle = Arc::new(handle);
        let runs = Arc::new(AtomicUsize::new(0));
        let canceller = {
            let handle = Arc::clone(&handle);
            thread::spawn(move || assert!(handle.cancel()))
        };
        {
            let runs = Arc::clone(&runs);
            handle.add_done_callback(move |outcome| {
                assert_eq!(outcome, Err(&TaskError::Cancelled));
                runs.fetch_add(1, Ordering::SeqCst);
            });
        }
        canceller.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert!(!completer.start());
    });
}

#[test]
fn as_completed_async_sees_two_completions() {
    loom::model(|| {
        let (first, first_handle) = new_task();
        let (second, second_handle) = new_task();
        let mut order = as_completed([first_handle, second_handle]);
        let completer = thread::spawn(move || {
            second.complete(Ok(2));
            first.complete(Ok(1));
        });
        let mut sum = 0;
        while let Some(handle) = loom::future::block_on(order.next_async()) {
            assert!(handle.done());
            sum += handle.result().unwrap();
        }
        assert_eq!(sum, 3);
        completer.join().unwrap();
    });
}

#[test]
fn event_wait_races_completion_without_hooks() {
    // The settler goes straight to done without looking at the event unless
    // a waiter flagged it first; the waiter sets it itself if it was late.
    loom::model(|| {
        let (completer, handle) = new_task();
        let handle = Arc::new(handle);
        let waiter = {
            let handle = Arc::clone(&handle);
            thread::spawn(move || loom::future::block_on(handle.wait_async()))
        };
        completer.complete(Ok(4));
        handle.wait();
        waiter.join().unwrap();
        let handle = Arc::try_unwrap(handle).unwrap();
        assert_eq!(handle.result(), Ok(4));
    });
}

#[test]
fn cancel_races_complete_without_start() {
    loom::model(|| {
        let (completer, handle) = new_task();
        let executor = thread::spawn(move || completer.complete(Ok(9)));
        let cancelled = handle.cancel();
        executor.join().unwrap();
        assert_eq!(handle.cancelled(), cancelled);
        let expected = if cancelled {
            Err(TaskError::Cancelled)
        } else {
            Ok(9)
        };
        assert_eq!(handle.result(), expected);
    });
}

#[test]
fn await_races_completion_with_a_callback() {
    // A queued callback sends the settler through `SETTLING`; the awaiting
    // task is woken only once the callback has run.
    loom::model(|| {
        let (completer, handle) = new_task();
        let runs = Arc::new(AtomicUsize::new(0));
        {
            let runs = Arc::clone(&runs);
            handle.add_done_callback(move |_| {
                runs.fetch_add(1, Ordering::SeqCst);
            });
        }
        let executor = thread::spawn(move || completer.run(|| 5));
        assert_eq!(loom::future::block_on(handle), Ok(5));
        assert_eq!(runs.load(Ordering::SeqCst), 1);
        assert!(executor.join().unwrap());
    });
}

#[test]
fn job_run_races_cancel() {
    // `new_job` shares one allocation between the job and the handle.
    loom::model(|| {
        let (job, handle) = tripool_task::new_job(|| 8);
        let executor = thread::spawn(move || job.run());
        let cancelled = handle.cancel();
        let ran = executor.join().unwrap();
        assert_ne!(ran, cancelled, "exactly one of run and cancel wins");
        let expected = if ran {
            Ok(8)
        } else {
            Err(TaskError::Cancelled)
        };
        assert_eq!(handle.result(), expected);
    });
}
