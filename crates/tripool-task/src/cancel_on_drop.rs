//! `CancelOnDrop`: a handle that cancels its pending task when dropped.

use std::fmt;
use std::future::Future;
use std::ops::Deref;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::{TaskError, TaskHandle};

/// A [`TaskHandle`] that [`cancel`](TaskHandle::cancel)s its task when
/// dropped, made by [`TaskHandle::cancel_on_drop`].
///
/// Only a task that has not started is cancelled; a running task goes on and
/// its result is dropped. Useful when a `select!` or a timeout may drop the
/// future: the work then does not start if it has not yet.
///
/// # Examples
///
/// ```
/// use tripool_task::new_task;
///
/// let (completer, handle) = new_task::<u8>();
/// drop(handle.cancel_on_drop());
/// assert!(completer.is_cancelled());
///
/// let (completer, handle) = new_task();
/// let guarded = handle.cancel_on_drop();
/// completer.complete(Ok(1));
/// assert_eq!(futures::executor::block_on(guarded), Ok(1));
/// ```
#[must_use = "dropping a CancelOnDrop cancels its task"]
pub struct CancelOnDrop<T> {
    /// `None` only after `into_inner`.
    handle: Option<TaskHandle<T>>,
}

impl<T> CancelOnDrop<T> {
    pub(crate) fn new(handle: TaskHandle<T>) -> Self {
        Self {
            handle: Some(handle),
        }
    }

    /// The plain handle, which no longer cancels on drop.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// let handle = handle.cancel_on_drop().into_inner();
    /// completer.complete(Ok(2));
    /// assert_eq!(handle.result(), Ok(2));
    /// ```
    pub fn into_inner(mut self) -> TaskHandle<T> {
        self.handle.take().expect("present until into_inner")
    }
}

impl<T> Deref for CancelOnDrop<T> {
    type Target = TaskHandle<T>;

    fn deref(&self) -> &TaskHandle<T> {
        self.handle.as_ref().expect("present until into_inner")
    }
}

impl<T> Future for CancelOnDrop<T> {
    type Output = Result<T, TaskError>;

    /// # Cancel safety
    ///
    /// Dropping this future cancels the task if it has not started.
    ///
    /// # Panics
    ///
    /// If polled again after it returned `Ready`.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let handle = self
            .get_mut()
            .handle
            .as_mut()
            .expect("present until into_inner");
        Pin::new(handle).poll(cx)
    }
}

impl<T> Drop for CancelOnDrop<T> {
    fn drop(&mut self) {
        if let Some(handle) = &self.handle {
            handle.cancel();
        }
    }
}

impl<T> fmt::Debug for CancelOnDrop<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CancelOnDrop").field(&self.handle).finish()
    }
}
