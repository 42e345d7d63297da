//! Cancelling tasks: Python's `Future.cancel` semantics and the cancel/start race.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::task::{Context, Poll};
use std::thread;

use tripool_sync::Event;
use tripool_task::{TaskError, new_task};

#[test]
fn cancel_pending_task() {
    let (completer, handle) = new_task::<u8>();
    assert!(handle.cancel());
    assert!(handle.cancelled());
    assert!(handle.done());
    assert!(!handle.running());
    assert!(completer.is_cancelled());
    assert!(!completer.start());
    assert!(!completer.run(|| unreachable!("a cancelled task never runs")));
    assert_eq!(handle.result(), Err(TaskError::Cancelled));
}

#[test]
fn cancel_is_idempotent() {
    let (_completer, handle) = new_task::<u8>();
    assert!(handle.cancel());
    assert!(handle.cancel());
    assert!(handle.cancelled());
}

#[test]
fn running_task_cannot_be_cancelled() {
    let (completer, handle) = new_task();
    assert!(completer.start());
    assert!(!handle.cancel());
    assert!(!handle.cancelled());
    assert!(handle.running());
    completer.complete(Ok(3));
    assert_eq!(handle.result(), Ok(3));
}

#[test]
fn finished_task_cannot_be_cancelled() {
    let (completer, handle) = new_task();
    completer.complete(Ok(3));
    assert!(!handle.cancel());
    assert!(!handle.cancelled());
    assert_eq!(handle.result(), Ok(3));
}

#[test]
fn abandoned_task_cannot_be_cancelled() {
    let (completer, handle) = new_task::<()>();
    drop(completer);
    assert!(!handle.cancel());
    assert_eq!(handle.result(), Err(TaskError::Abandoned));
}

#[test]
fn completing_with_cancelled_marks_the_task_cancelled() {
    let (completer, handle) = new_task::<()>();
    completer.complete(Err(TaskError::Cancelled));
    assert!(handle.cancelled());
    assert!(handle.cancel());
    assert_eq!(handle.result(), Err(TaskError::Cancelled));
}

#[test]
fn value_completed_after_cancel_is_dropped() {
    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let drops = Arc::new(AtomicUsize::new(0));
    let (completer, handle) = new_task();
    assert!(handle.cancel());
    completer.complete(Ok(Counted(Arc::clone(&drops))));
    assert_eq!(drops.load(Ordering::SeqCst), 1);
    assert!(matches!(handle.result(), Err(TaskError::Cancelled)));
}

#[test]
fn cancel_wakes_a_blocked_waiter() {
    let (completer, handle) = new_task::<u8>();
    let waiting = Event::new();
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            waiting.set();
            handle.wait();
            handle.cancelled()
        });
        waiting.wait();
        assert!(handle.cancel());
        assert!(waiter.join().unwrap());
    });
    drop(completer);
    assert_eq!(handle.result(), Err(TaskError::Cancelled));
}

#[test]
fn cancel_wakes_an_awaiting_future() {
    struct Flag(Event);
    impl futures::task::ArcWake for Flag {
        fn wake_by_ref(flag: &Arc<Self>) {
            flag.0.set();
        }
    }
    let woken = Arc::new(Flag(Event::new()));
    let waker = futures::task::waker(Arc::clone(&woken));
    let mut cx = Context::from_waker(&waker);
    let (_completer, mut handle) = new_task::<u8>();
    assert!(Pin::new(&mut handle).poll(&mut cx).is_pending());
    let canceller = thread::spawn(move || {
        assert!(handle.cancel());
        handle
    });
    woken.0.wait();
    let mut handle = canceller.join().unwrap();
    assert_eq!(
        Pin::new(&mut handle).poll(&mut cx),
        Poll::Ready(Err(TaskError::Cancelled))
    );
}

#[test]
fn cancel_races_start_exactly_one_wins() {
    for _ in 0..300 {
        let (completer, handle) = new_task();
        let ran = AtomicUsize::new(0);
        let barrier = Barrier::new(2);
        let (started, cancelled) = thread::scope(|s| {
            let executor = s.spawn(|| {
                barrier.wait();
                completer.run(|| {
                    ran.fetch_add(1, Ordering::SeqCst);
                    7
                })
            });
            barrier.wait();
            let cancelled = handle.cancel();
            (executor.join().unwrap(), cancelled)
        });
        assert_ne!(started, cancelled, "exactly one of start and cancel wins");
        assert_eq!(ran.load(Ordering::SeqCst), usize::from(started));
        if started {
            assert_eq!(handle.result(), Ok(7));
        } else {
            assert!(handle.cancelled());
            assert_eq!(handle.result(), Err(TaskError::Cancelled));
        }
    }
}

#[test]
fn cancel_on_drop_cancels_a_pending_task() {
    let (completer, handle) = new_task::<u8>();
    let guarded = handle.cancel_on_drop();
    assert!(!guarded.cancelled());
    drop(guarded);
    assert!(!completer.run(|| unreachable!("cancelled on drop")));
}

#[test]
fn cancel_on_drop_leaves_a_running_task_alone() {
    let (completer, handle) = new_task();
    assert!(completer.start());
    drop(handle.cancel_on_drop());
    completer.complete(Ok(1));
}

#[test]
fn cancel_on_drop_when_a_runtime_timeout_drops_the_future() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let (completer, handle) = new_task::<u8>();
    let guarded = handle.cancel_on_drop();
    let timed_out = runtime.block_on(async {
        tokio::time::timeout(std::time::Duration::from_millis(1), guarded).await
    });
    assert!(timed_out.is_err());
    assert!(completer.is_cancelled());
}

#[test]
fn cancel_on_drop_into_inner_disarms() {
    let (completer, handle) = new_task();
    let handle = handle.cancel_on_drop().into_inner();
    assert!(!completer.is_cancelled());
    completer.complete(Ok(4));
    assert_eq!(handle.result(), Ok(4));
}
