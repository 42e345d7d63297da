//! One small error type per queue operation.
//!
//! The errors of `put` hand back the value that could not be delivered
//! (crossbeam-channel's style), so nothing is lost when a queue is full or
//! shut down. `Debug` never prints the value, so `T` need not be `Debug`.

use std::fmt;

/// [`put`](crate::Queue::put) failed because the queue is shut down; holds the
/// value back. Python's `queue.ShutDown` raised by `put`.
///
/// # Examples
///
/// ```
/// use tripool_sync::Queue;
///
/// let queue = Queue::new();
/// queue.shutdown(false);
/// let error = queue.put("lost?").unwrap_err();
/// assert_eq!(error.into_inner(), "lost?");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("queue is shut down")]
pub struct ShutDown<T>(pub T);

impl<T> ShutDown<T> {
    /// The value that was not put.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> fmt::Debug for ShutDown<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShutDown(..)")
    }
}

/// [`try_put`](crate::Queue::try_put) failed; holds the value back.
/// Python's `queue.Full` and `queue.ShutDown` raised by `put_nowait`.
///
/// # Examples
///
/// ```
/// use tripool_sync::{Queue, TryPutError};
///
/// let queue = Queue::with_maxsize(1);
/// queue.try_put(1).unwrap();
/// assert_eq!(queue.try_put(2), Err(TryPutError::Full(2)));
/// queue.shutdown(false);
/// assert_eq!(queue.try_put(3), Err(TryPutError::ShutDown(3)));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TryPutError<T> {
    /// The queue holds `maxsize` items.
    #[error("queue is full")]
    Full(T),
    /// The queue is shut down.
    #[error("queue is shut down")]
    ShutDown(T),
}

/// [`put_timeout`](crate::Queue::put_timeout) or
/// [`put_deadline`](crate::Queue::put_deadline) failed; holds the value back.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tripool_sync::{PutTimeoutError, Queue};
///
/// let queue = Queue::with_maxsize(1);
/// queue.put('a').unwrap();
/// let error = queue.put_timeout('b', Duration::from_millis(1)).unwrap_err();
/// assert!(error.is_timeout());
/// assert_eq!(error.into_inner(), 'b');
/// ```
#[derive(Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PutTimeoutError<T> {
    /// The queue stayed full until the deadline.
    #[error("timed out waiting for room in the queue")]
    Timeout(T),
    /// The queue is shut down.
    #[error("queue is shut down")]
    ShutDown(T),
}

/// `into_inner`, the predicates, `Debug` without `T: Debug`, and the
/// conversion from [`ShutDown`], for an error enum of one other variant.
macro_rules! value_error {
    ($Error:ident, $Other:ident, $is_other:ident, $other_doc:literal) => {
        impl<T> $Error<T> {
            /// The value that was not put.
            pub fn into_inner(self) -> T {
                match self {
                    Self::$Other(value) | Self::ShutDown(value) => value,
                }
            }

            #[doc = $other_doc]
            pub fn $is_other(&self) -> bool {
                matches!(self, Self::$Other(_))
            }

            /// Whether the queue was shut down.
            pub fn is_shut_down(&self) -> bool {
                matches!(self, Self::ShutDown(_))
            }
        }

        impl<T> fmt::Debug for $Error<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    Self::$Other(_) => concat!(stringify!($Other), "(..)"),
                    Self::ShutDown(_) => "ShutDown(..)",
                })
            }
        }

        impl<T> From<ShutDown<T>> for $Error<T> {
            fn from(error: ShutDown<T>) -> Self {
                Self::ShutDown(error.0)
            }
        }
    };
}

value_error!(TryPutError, Full, is_full, "Whether the queue was full.");
value_error!(
    PutTimeoutError,
    Timeout,
    is_timeout,
    "Whether the deadline passed."
);

/// [`get`](crate::Queue::get) failed: the queue is shut down and empty.
/// Python's `queue.ShutDown` raised by `get`.
///
/// # Examples
///
/// ```
/// use tripool_sync::{Queue, ShutDownError};
///
/// let queue = Queue::new();
/// queue.put(1).unwrap();
/// queue.shutdown(false);
/// assert_eq!(queue.get(), Ok(1)); // what was queued is still delivered
/// assert_eq!(queue.get(), Err(ShutDownError));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, thiserror::Error)]
#[error("queue is shut down")]
pub struct ShutDownError;

/// [`try_get`](crate::Queue::try_get) failed. Python's `queue.Empty` and
/// `queue.ShutDown` raised by `get_nowait`.
///
/// # Examples
///
/// ```
/// use tripool_sync::{Queue, TryGetError};
///
/// let queue = Queue::<u8>::new();
/// assert_eq!(queue.try_get(), Err(TryGetError::Empty));
/// queue.shutdown(false);
/// assert_eq!(queue.try_get(), Err(TryGetError::ShutDown));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum TryGetError {
    /// The queue holds no item.
    #[error("queue is empty")]
    Empty,
    /// The queue is shut down and empty.
    #[error("queue is shut down")]
    ShutDown,
}

impl From<ShutDownError> for TryGetError {
    fn from(_: ShutDownError) -> Self {
        Self::ShutDown
    }
}

/// [`get_timeout`](crate::Queue::get_timeout) or
/// [`get_deadline`](crate::Queue::get_deadline) failed.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tripool_sync::{GetTimeoutError, Queue};
///
/// let queue = Queue::<u8>::new();
/// let error = queue.get_timeout(Duration::from_millis(1)).unwrap_err();
/// assert_eq!(error, GetTimeoutError::Timeout);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, thiserror::Error)]
pub enum GetTimeoutError {
    /// The queue stayed empty until the deadline.
    #[error("timed out waiting for an item")]
    Timeout,
    /// The queue is shut down and empty.
    #[error("queue is shut down")]
    ShutDown,
}

impl From<ShutDownError> for GetTimeoutError {
    fn from(_: ShutDownError) -> Self {
        Self::ShutDown
    }
}

/// [`task_done`](crate::Queue::task_done) was called more times than items
/// were put. Python raises `ValueError` here.
///
/// # Examples
///
/// ```
/// use tripool_sync::{Queue, TaskDoneError};
///
/// let queue = Queue::<u8>::new();
/// assert_eq!(queue.task_done(), Err(TaskDoneError));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, thiserror::Error)]
#[error("task_done called more times than items were put")]
pub struct TaskDoneError;
