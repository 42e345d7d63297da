//! `TaskHandle` and `Completer`: results, errors, blocking and async waits.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use tripool_sync::Event;
use tripool_task::{ResultTimeoutError, TaskError, TaskHandle, catch_panic, new_task};

/// Safety net for waits that must succeed.
const LONG: Duration = Duration::from_secs(10);

#[test]
fn result_from_another_thread() {
    let (completer, handle) = new_task();
    let worker = thread::spawn(move || completer.run(|| String::from("done")));
    assert_eq!(handle.result(), Ok("done".to_owned()));
    assert!(worker.join().unwrap());
}

#[test]
fn panic_becomes_panicked_error() {
    let (completer, handle) = new_task::<u8>();
    assert!(completer.run(|| panic!("kaboom {}", 7)));
    assert_eq!(
        handle.result(),
        Err(TaskError::Panicked {
            message: "kaboom 7".into()
        })
    );
}

#[test]
fn non_string_panic_payload() {
    let error = catch_panic(|| std::panic::panic_any(17_u32)).unwrap_err();
    assert_eq!(error.panic_message(), Some("Box<dyn Any>"));
}

#[test]
fn dropped_completer_abandons_the_task() {
    let (completer, handle) = new_task::<u8>();
    let dropper = thread::spawn(move || drop(completer));
    assert_eq!(handle.result(), Err(TaskError::Abandoned));
    dropper.join().unwrap();
}

#[test]
fn started_then_dropped_completer_abandons_the_task() {
    let (completer, handle) = new_task::<u8>();
    assert!(completer.start());
    assert!(handle.running());
    drop(completer);
    assert!(handle.done());
    assert!(!handle.running());
    assert_eq!(handle.result(), Err(TaskError::Abandoned));
}

#[test]
fn completer_error_is_delivered() {
    let (completer, handle) = new_task::<u8>();
    completer.complete(Err(TaskError::PoolShutDown));
    assert!(handle.done());
    assert!(!handle.cancelled());
    assert_eq!(handle.result(), Err(TaskError::PoolShutDown));
}

#[test]
fn dropping_the_handle_does_not_stop_the_task() {
    let (completer, handle) = new_task();
    drop(handle);
    assert!(!completer.is_cancelled());
    assert!(completer.run(|| 5));
}

#[test]
fn wait_blocks_until_completion() {
    let (completer, handle) = new_task();
    let (started_tx, started_rx) = mpsc::channel();
    let worker = thread::spawn(move || {
        started_rx.recv().unwrap();
        completer.complete(Ok(1));
    });
    assert!(!handle.done());
    started_tx.send(()).unwrap();
    handle.wait();
    assert!(handle.done());
    assert!(handle.wait_timeout(Duration::ZERO));
    assert_eq!(handle.result(), Ok(1));
    worker.join().unwrap();
}

#[test]
fn wait_timeout_times_out_then_succeeds() {
    let (completer, handle) = new_task();
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    assert!(!handle.wait_timeout(timeout));
    assert!(start.elapsed() >= timeout);
    assert!(!handle.wait_deadline(Instant::now()));
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            completer.complete(Ok(3));
        });
        go.set();
        assert!(handle.wait_timeout(LONG));
    });
    assert_eq!(handle.result(), Ok(3));
}

#[test]
fn result_timeout_hands_the_handle_back() {
    let (completer, handle) = new_task();
    let timeout = Duration::from_millis(10);
    let start = Instant::now();
    let handle = match handle.result_timeout(timeout) {
        Err(ResultTimeoutError::Timeout(handle)) => handle,
        other => panic!("unexpected {other:?}"),
    };
    assert!(start.elapsed() >= timeout);
    let worker = thread::spawn(move || completer.complete(Ok(9)));
    assert_eq!(handle.result_timeout(LONG).unwrap(), 9);
    worker.join().unwrap();
}

#[test]
fn result_timeout_reports_failure() {
    let (completer, handle) = new_task::<()>();
    drop(completer);
    let error = handle.result_deadline(Instant::now()).unwrap_err();
    assert!(!error.is_timeout());
    assert_eq!(error.to_string(), "task was abandoned by its executor");
    assert!(error.into_handle().is_none());
}

#[test]
fn error_messages_are_lowercase() {
    let errors = [
        TaskError::Panicked {
            message: "x".into(),
        },
        TaskError::Cancelled,
        TaskError::PoolShutDown,
        TaskError::Abandoned,
    ];
    for error in errors {
        let message = error.to_string();
        assert!(message.starts_with(char::is_lowercase), "{message}");
        assert!(!message.ends_with('.'), "{message}");
    }
    let (_completer, handle) = new_task::<()>();
    let timeout = handle.result_timeout(Duration::ZERO).unwrap_err();
    assert_eq!(timeout.to_string(), "timed out waiting for the task");
}

#[test]
fn await_with_futures_block_on() {
    let (completer, handle) = new_task();
    let worker = thread::spawn(move || completer.run(|| 40 + 2));
    assert_eq!(futures::executor::block_on(handle), Ok(42));
    worker.join().unwrap();
}

#[test]
fn await_ready_handle() {
    let (completer, handle) = new_task();
    completer.complete(Ok('r'));
    assert_eq!(futures::executor::block_on(handle), Ok('r'));
}

#[test]
fn await_on_tokio_multi_thread() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let (completer, handle) = new_task();
    let worker = thread::spawn(move || completer.run(|| vec![1, 2, 3]));
    let result = runtime.block_on(async move { tokio::spawn(handle).await.unwrap() });
    assert_eq!(result, Ok(vec![1, 2, 3]));
    worker.join().unwrap();
}

#[test]
fn select_by_reference_keeps_the_handle() {
    // A `&mut handle` polled once and dropped leaves the result in the handle.
    let (completer, mut handle) = new_task();
    let waker = futures::task::noop_waker();
    let mut cx = std::task::Context::from_waker(&waker);
    assert!(
        std::pin::Pin::new(&mut handle)
            .poll_fut(&mut cx)
            .is_pending()
    );
    completer.complete(Ok(8));
    assert_eq!(handle.result(), Ok(8));
}

#[test]
fn wait_async_then_result() {
    let (completer, handle) = new_task();
    let worker = thread::spawn(move || completer.complete(Ok(4)));
    futures::executor::block_on(handle.wait_async());
    assert!(handle.done());
    assert_eq!(handle.result(), Ok(4));
    worker.join().unwrap();
}

#[test]
#[should_panic(expected = "polled after")]
fn result_after_await_panics() {
    let (completer, mut handle) = new_task();
    completer.complete(Ok(1));
    assert_eq!(futures::executor::block_on(&mut handle), Ok(1));
    let _ = handle.result();
}

#[test]
fn value_may_borrow_from_a_scope() {
    let text = String::from("borrowed");
    let (completer, handle) = new_task::<&str>();
    thread::scope(|s| {
        s.spawn(|| completer.run(|| text.as_str()));
    });
    assert_eq!(handle.result(), Ok("borrowed"));
}

#[test]
fn debug_shows_status() {
    let (completer, handle): (_, TaskHandle<u8>) = new_task();
    assert!(format!("{handle:?}").contains("Pending"));
    completer.start();
    assert!(format!("{completer:?}").contains("Running"));
    completer.complete(Ok(1));
    assert!(format!("{handle:?}").contains("Finished"));
}

/// Extension so the test reads as a poll without importing `Future` twice.
trait PollFut {
    fn poll_fut(self, cx: &mut std::task::Context<'_>) -> std::task::Poll<()>;
}

impl<F: std::future::Future> PollFut for std::pin::Pin<&mut F> {
    fn poll_fut(self, cx: &mut std::task::Context<'_>) -> std::task::Poll<()> {
        self.poll(cx).map(drop)
    }
}
