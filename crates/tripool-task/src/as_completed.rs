//! `as_completed`: handles in the order their tasks finish.

use std::fmt;
use std::iter::FusedIterator;
use std::time::{Duration, Instant};

use crate::TaskHandle;
use crate::loom::Arc;
use crate::watch::Watcher;

/// Yields `handles` in the order their tasks become done (finished or
/// cancelled); handles already done come first, in their input order. Python's
/// `concurrent.futures.as_completed`.
///
/// Iterating blocks; from async code call
/// [`next_async`](AsCompleted::next_async). For a time limit on the whole
/// iteration, use [`as_completed_timeout`]. Dropping the iterator drops the
/// handles it has not yielded, which does not cancel their tasks;
/// [`into_pending`](AsCompleted::into_pending) keeps them.
///
/// # Examples
///
/// ```
/// use tripool_task::{as_completed, new_task};
///
/// let (slow, slow_handle) = new_task();
/// let (fast, fast_handle) = new_task();
/// fast.complete(Ok("fast"));
/// let mut order = as_completed([slow_handle, fast_handle]);
/// assert_eq!(order.next().unwrap().result(), Ok("fast"));
/// slow.complete(Ok("slow"));
/// assert_eq!(order.next().unwrap().result(), Ok("slow"));
/// assert!(order.next().is_none());
/// ```
pub fn as_completed<T, I>(handles: I) -> AsCompleted<T>
where
    I: IntoIterator<Item = TaskHandle<T>>,
{
    let handles: Vec<_> = handles.into_iter().map(Some).collect();
    let watcher = Watcher::new();
    for (key, handle) in handles.iter().enumerate() {
        if let Some(handle) = handle {
            Watcher::watch(&watcher, handle.shared(), key);
        }
    }
    AsCompleted {
        remaining: handles.len(),
        handles,
        watcher,
    }
}

/// As [`as_completed`], but gives up `timeout` after the call: the item after
/// the last handle done in time is an [`AsCompletedTimeoutError`] holding the
/// handles not yet done, and iteration ends there.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tripool_task::{as_completed_timeout, new_task};
///
/// let (done, done_handle) = new_task();
/// let (_stuck, stuck_handle) = new_task();
/// done.complete(Ok(1));
/// let mut order = as_completed_timeout([stuck_handle, done_handle], Duration::from_millis(10));
/// assert_eq!(order.next().unwrap().unwrap().result(), Ok(1));
/// let timed_out = order.next().unwrap().unwrap_err();
/// assert_eq!(timed_out.pending().len(), 1);
/// assert!(order.next().is_none());
/// ```
pub fn as_completed_timeout<T, I>(handles: I, timeout: Duration) -> AsCompletedTimeout<T>
where
    I: IntoIterator<Item = TaskHandle<T>>,
{
    AsCompletedTimeout {
        inner: as_completed(handles),
        deadline: Instant::now().checked_add(timeout),
    }
}

/// As [`as_completed_timeout`], with a deadline instead of a timeout.
///
/// # Examples
///
/// ```
/// use std::time::Instant;
/// use tripool_task::{as_completed_deadline, new_task};
///
/// let (_stuck, stuck_handle) = new_task::<()>();
/// let mut order = as_completed_deadline([stuck_handle], Instant::now());
/// assert!(order.next().unwrap().is_err());
/// ```
pub fn as_completed_deadline<T, I>(handles: I, deadline: Instant) -> AsCompletedTimeout<T>
where
    I: IntoIterator<Item = TaskHandle<T>>,
{
    AsCompletedTimeout {
        inner: as_completed(handles),
        deadline: Some(deadline),
    }
}

/// Iterator of [`as_completed`]: handles in completion order.
#[must_use = "iterators are lazy; dropping this drops the handles"]
pub struct AsCompleted<T> {
    /// `None` once yielded; indexed by the key each task reports.
    handles: Vec<Option<TaskHandle<T>>>,
    remaining: usize,
    watcher: Arc<Watcher>,
}

impl<T> AsCompleted<T> {
    /// The next handle whose task is done, from async code; `None` when all
    /// were yielded.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a handle leaves the iterator only in the poll that
    /// returns it, so dropping the future (in `select!`, or a runtime's
    /// timeout) loses nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::{as_completed, new_task};
    ///
    /// let (completer, handle) = new_task();
    /// let mut order = as_completed([handle]);
    /// std::thread::spawn(move || completer.complete(Ok(5)));
    /// futures::executor::block_on(async {
    ///     while let Some(handle) = order.next_async().await {
    ///         assert_eq!(handle.await, Ok(5));
    ///     }
    /// });
    /// ```
    pub async fn next_async(&mut self) -> Option<TaskHandle<T>> {
        if self.remaining == 0 {
            return None;
        }
        let key = self.watcher.next_async().await;
        Some(self.yield_key(key))
    }

    /// The handles not yielded yet, in their input order.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::{as_completed, new_task};
    ///
    /// let (_completer, handle) = new_task::<u8>();
    /// let order = as_completed([handle]);
    /// let pending = order.into_pending();
    /// assert_eq!(pending.len(), 1);
    /// ```
    pub fn into_pending(mut self) -> Vec<TaskHandle<T>> {
        self.take_pending()
    }

    /// The next handle, waiting until `deadline` (`None`: forever); `Err`
    /// if the deadline passed and handles remain.
    fn next_until(&mut self, deadline: Option<Instant>) -> Option<Result<TaskHandle<T>, ()>> {
        if self.remaining == 0 {
            return None;
        }
        Some(
            self.watcher
                .next_until(deadline)
                .map(|key| self.yield_key(key))
                .ok_or(()),
        )
    }

    fn yield_key(&mut self, key: usize) -> TaskHandle<T> {
        self.remaining -= 1;
        self.handles[key]
            .take()
            .expect("each task reports done once")
    }

    fn take_pending(&mut self) -> Vec<TaskHandle<T>> {
        self.remaining = 0;
        let pending: Vec<_> = self.handles.drain(..).flatten().collect();
        for handle in &pending {
            handle.shared().unwatch(&self.watcher);
        }
        pending
    }
}

impl<T> Iterator for AsCompleted<T> {
    type Item = TaskHandle<T>;

    /// # Blocking
    ///
    /// Parks the calling thread until one more task is done.
    fn next(&mut self) -> Option<TaskHandle<T>> {
        self.next_until(None).map(|next| next.expect("no deadline"))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> ExactSizeIterator for AsCompleted<T> {}

impl<T> FusedIterator for AsCompleted<T> {}

impl<T> Drop for AsCompleted<T> {
    fn drop(&mut self) {
        drop(self.take_pending());
    }
}

impl<T> fmt::Debug for AsCompleted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsCompleted")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// Iterator of [`as_completed_timeout`]: `Ok(handle)` in completion order,
/// then, if time ran out, one `Err` holding the rest.
#[must_use = "iterators are lazy; dropping this drops the handles"]
pub struct AsCompletedTimeout<T> {
    inner: AsCompleted<T>,
    deadline: Option<Instant>,
}

impl<T> AsCompletedTimeout<T> {
    /// The handles not yielded yet, in their input order.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use tripool_task::{as_completed_timeout, new_task};
    ///
    /// let (_completer, handle) = new_task::<u8>();
    /// let order = as_completed_timeout([handle], Duration::from_secs(1));
    /// assert_eq!(order.into_pending().len(), 1);
    /// ```
    pub fn into_pending(self) -> Vec<TaskHandle<T>> {
        self.inner.into_pending()
    }
}

impl<T> Iterator for AsCompletedTimeout<T> {
    type Item = Result<TaskHandle<T>, AsCompletedTimeoutError<T>>;

    /// # Blocking
    ///
    /// Parks the calling thread until one more task is done or the deadline
    /// passes.
    fn next(&mut self) -> Option<Self::Item> {
        Some(match self.inner.next_until(self.deadline)? {
            Ok(handle) => Ok(handle),
            Err(()) => Err(AsCompletedTimeoutError {
                pending: self.inner.take_pending(),
            }),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let remaining = self.inner.remaining;
        (remaining.min(1), Some(remaining))
    }
}

impl<T> FusedIterator for AsCompletedTimeout<T> {}

impl<T> fmt::Debug for AsCompletedTimeout<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsCompletedTimeout")
            .field("remaining", &self.inner.remaining)
            .field("deadline", &self.deadline)
            .finish_non_exhaustive()
    }
}

/// The time of [`as_completed_timeout`] ran out; holds the handles whose tasks
/// were not done, in their input order (Python raises `TimeoutError` and the
/// futures stay with the caller; here they come back in the error).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tripool_task::{as_completed_timeout, new_task};
///
/// let (completer, handle) = new_task();
/// let error = as_completed_timeout([handle], Duration::ZERO).next().unwrap().unwrap_err();
/// assert_eq!(error.to_string(), "timed out with 1 task(s) not done");
/// completer.complete(Ok(2));
/// let handle = error.into_pending().pop().unwrap();
/// assert_eq!(handle.result(), Ok(2));
/// ```
#[derive(thiserror::Error)]
#[error("timed out with {} task(s) not done", pending.len())]
pub struct AsCompletedTimeoutError<T> {
    pending: Vec<TaskHandle<T>>,
}

impl<T> AsCompletedTimeoutError<T> {
    /// The handles whose tasks were not done in time.
    pub fn pending(&self) -> &[TaskHandle<T>] {
        &self.pending
    }

    /// Takes the handles whose tasks were not done in time.
    pub fn into_pending(self) -> Vec<TaskHandle<T>> {
        self.pending
    }
}

impl<T> fmt::Debug for AsCompletedTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsCompletedTimeoutError")
            .field("pending", &self.pending)
            .finish()
    }
}
