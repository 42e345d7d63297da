//! Auto traits: what may cross threads (tokio's `async_send_sync.rs` idea).

use std::future::Future;
use std::panic::{RefUnwindSafe, UnwindSafe};

use tripool_task::{
    AsCompleted, AsCompletedTimeout, AsCompletedTimeoutError, CancelOnDrop, Completer,
    DoneAndPending, Job, ResultTimeoutError, ReturnWhen, TaskError, TaskHandle, as_completed,
    new_task,
};

fn send_sync<T: Send + Sync>() {}
fn send<T: Send>(_: &T) {}
fn unpin<T: Unpin>() {}
fn static_error<E: std::error::Error + Send + Sync + 'static>() {}
fn unwind_safe<T: UnwindSafe + RefUnwindSafe>() {}

/// A value that is `Send` but not `Sync`.
type SendOnly = std::cell::Cell<u8>;

#[test]
fn handles_and_completers_are_send_and_sync_when_the_value_is_send() {
    send_sync::<TaskHandle<u8>>();
    send_sync::<Completer<u8>>();
    send_sync::<TaskHandle<SendOnly>>();
    send_sync::<Completer<SendOnly>>();
    send_sync::<Job>();
    send_sync::<AsCompleted<SendOnly>>();
    send_sync::<AsCompletedTimeout<SendOnly>>();
    send_sync::<DoneAndPending<SendOnly>>();
    send_sync::<CancelOnDrop<SendOnly>>();
    unpin::<TaskHandle<std::marker::PhantomPinned>>();
}

#[test]
fn errors_are_thread_safe_error_types() {
    static_error::<TaskError>();
    static_error::<ResultTimeoutError<SendOnly>>();
    static_error::<AsCompletedTimeoutError<SendOnly>>();
    send_sync::<ReturnWhen>();
    unwind_safe::<TaskError>();
}

#[test]
fn futures_are_send() {
    fn future_send<F: Future + Send>(_: &F) {}
    let (_completer, handle) = new_task::<SendOnly>();
    future_send(&handle);
    future_send(&handle.wait_async());
    let handle = handle.cancel_on_drop();
    future_send(&handle);
    let handle = handle.into_inner();
    let mut order = as_completed([handle]);
    let next = order.next_async();
    future_send(&next);
    send(&next);
}
