//! Catching panics: in tasks ([`catch_panic`]) and in done callbacks.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::TaskError;

/// Runs `f`, turning a panic into [`TaskError::Panicked`].
///
/// This is what [`Completer::run`](crate::Completer::run) does; executors
/// that run the body themselves use it to get the same error. The panic hook
/// runs as usual (by default it prints the message to stderr).
///
/// `f` is treated as unwind safe: the task's captured state is dropped or
/// handed back only through the error, never observed half-updated.
///
/// # Examples
///
/// ```
/// use tripool_task::{TaskError, catch_panic};
///
/// assert_eq!(catch_panic(|| 6 * 7), Ok(42));
/// assert_eq!(
///     catch_panic(|| -> u32 { panic!("no") }),
///     Err(TaskError::Panicked { message: "no".into() }),
/// );
/// ```
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, TaskError> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(TaskError::from_panic)
}

static CALLBACK_PANICS: AtomicU64 = AtomicU64::new(0);

/// How many done callbacks have panicked in this process so far.
///
/// A panic in a callback given to
/// [`TaskHandle::add_done_callback`](crate::TaskHandle::add_done_callback)
/// is caught: it does not poison the task, lose its result or stop the other
/// callbacks. It is reported by the panic hook (which prints it to stderr by
/// default, as Python's `concurrent.futures` logs "exception calling
/// callback") and counted here, so a test or a health check can notice it.
///
/// # Examples
///
/// ```
/// use tripool_task::{callback_panics, new_task};
///
/// let before = callback_panics();
/// let (completer, handle) = new_task::<u32>();
/// handle.add_done_callback(|_| panic!("careless callback"));
/// completer.complete(Ok(7));
/// assert!(callback_panics() > before);
/// assert_eq!(handle.result(), Ok(7));
/// ```
pub fn callback_panics() -> u64 {
    CALLBACK_PANICS.load(Ordering::Relaxed)
}

/// Runs one callback, catching and counting a panic.
pub(crate) fn run_callback(callback: impl FnOnce()) {
    if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(callback)) {
        CALLBACK_PANICS.fetch_add(1, Ordering::Relaxed);
        // Drop the payload safely too.
        drop(TaskError::from_panic(payload));
    }
}
