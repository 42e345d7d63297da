//! `ResultTimeoutError`: why `TaskHandle::result_timeout` returned no value.

use std::fmt;

use crate::{TaskError, TaskHandle};

/// Why [`TaskHandle::result_timeout`] (or `result_deadline`) returned no
/// value: the task is not done yet (and here is the handle back), or it
/// failed.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tripool_task::{ResultTimeoutError, TaskError, new_task};
///
/// let (completer, handle) = new_task::<u8>();
/// let error = handle.result_timeout(Duration::ZERO).unwrap_err();
/// assert!(error.is_timeout());
/// let handle = error.into_handle().unwrap();
///
/// completer.complete(Err(TaskError::PoolShutDown));
/// match handle.result_timeout(Duration::ZERO) {
///     Err(ResultTimeoutError::Failed(error)) => assert_eq!(error, TaskError::PoolShutDown),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(thiserror::Error)]
pub enum ResultTimeoutError<T> {
    /// The task was not done in time; wait again with the handle.
    #[error("timed out waiting for the task")]
    Timeout(TaskHandle<T>),
    /// The task is done, and failed.
    #[error(transparent)]
    Failed(TaskError),
}

impl<T> ResultTimeoutError<T> {
    /// Whether the task was not done in time.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout(_))
    }

    /// The handle given back on timeout.
    pub fn into_handle(self) -> Option<TaskHandle<T>> {
        match self {
            Self::Timeout(handle) => Some(handle),
            Self::Failed(_) => None,
        }
    }
}

impl<T> fmt::Debug for ResultTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout(handle) => f.debug_tuple("Timeout").field(handle).finish(),
            Self::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
        }
    }
}
