//! `wait`: block until some or all of many tasks are done.

use std::time::{Duration, Instant};

use crate::TaskHandle;
use crate::watch::Watcher;

/// When [`wait`](crate::wait()) returns. Python's `FIRST_COMPLETED`,
/// `FIRST_EXCEPTION` and `ALL_COMPLETED`.
///
/// # Examples
///
/// ```
/// use tripool_task::ReturnWhen;
///
/// assert_eq!(ReturnWhen::default(), ReturnWhen::AllCompleted);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum ReturnWhen {
    /// As soon as any task is done (finished or cancelled).
    FirstCompleted,
    /// As soon as any task finishes with an error other than
    /// [`TaskError::Cancelled`](crate::TaskError::Cancelled), or when all are
    /// done.
    FirstException,
    /// When every task is done.
    #[default]
    AllCompleted,
}

/// What [`wait`](crate::wait()) returns: the handles split by whether their
/// task was done, each part in input order. Python's `DoneAndNotDoneFutures`.
///
/// # Examples
///
/// ```
/// use tripool_task::{DoneAndPending, ReturnWhen, new_task, wait};
///
/// let (completer, handle) = new_task();
/// completer.complete(Ok(1));
/// let DoneAndPending { done, pending } = wait([handle], None, ReturnWhen::AllCompleted);
/// assert_eq!((done.len(), pending.len()), (1, 0));
/// ```
#[doc(alias = "DoneAndNotDoneFutures")]
#[derive(Debug)]
#[must_use = "dropping this drops the handles"]
pub struct DoneAndPending<T> {
    /// Handles whose task was done when `wait` returned.
    pub done: Vec<TaskHandle<T>>,
    /// Handles whose task was not done yet (Python's `not_done`).
    pub pending: Vec<TaskHandle<T>>,
}

/// Blocks until the tasks of `handles` satisfy `return_when`, or `timeout`
/// passes (`None`: no limit); returns the handles split into done and pending.
/// Python's `concurrent.futures.wait`.
///
/// With no handles it returns at once. A task done after the condition was
/// met may still land in `done`, never the other way round.
///
/// From async code, use [`as_completed`](crate::as_completed)'s
/// [`next_async`](crate::AsCompleted::next_async) or await the handles.
///
/// # Blocking
///
/// Parks the calling thread until the condition holds or time runs out.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use tripool_task::{ReturnWhen, TaskError, new_task, wait};
///
/// let (ok, ok_handle) = new_task();
/// let (bad, bad_handle) = new_task();
/// let (_slow, slow_handle) = new_task();
/// ok.complete(Ok(1));
/// bad.complete(Err(TaskError::PoolShutDown));
/// let split = wait(
///     [ok_handle, slow_handle, bad_handle],
///     Some(Duration::from_secs(5)),
///     ReturnWhen::FirstException,
/// );
/// assert_eq!(split.done.len(), 2);
/// assert_eq!(split.pending.len(), 1);
/// ```
pub fn wait<T, I>(
    handles: I,
    timeout: Option<Duration>,
    return_when: ReturnWhen,
) -> DoneAndPending<T>
where
    I: IntoIterator<Item = TaskHandle<T>>,
{
    let handles: Vec<_> = handles.into_iter().collect();
    let deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
    let watcher = Watcher::new();
    for (key, handle) in handles.iter().enumerate() {
        Watcher::watch(&watcher, handle.shared(), key);
    }
    let mut done = 0;
    while done < handles.len() {
        let Some(key) = watcher.next_until(deadline) else {
            break; // timed out
        };
        done += 1;
        let stop = match return_when {
            ReturnWhen::FirstCompleted => true,
            ReturnWhen::FirstException => {
                let task = handles[key].shared();
                task.failed() && !task.is_cancelled()
            }
            ReturnWhen::AllCompleted => false,
        };
        if stop {
            break;
        }
    }
    let mut split = DoneAndPending {
        done: Vec::new(),
        pending: Vec::new(),
    };
    for handle in handles {
        handle.shared().unwatch(&watcher);
        if handle.done() {
            split.done.push(handle);
        } else {
            split.pending.push(handle);
        }
    }
    split
}
