//! `Completer` and `new_task`: the executor's end of a task.

use std::fmt;
use std::sync::Arc;

use crate::state::Shared;
use crate::{TaskError, TaskHandle, catch_panic};

/// Creates a task: the [`Completer`] goes to the executor that runs it, the
/// [`TaskHandle`] to whoever waits for it.
///
/// # Examples
///
/// A minimal executor: one thread per task.
///
/// ```
/// use tripool_task::{TaskHandle, new_task};
///
/// fn spawn<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> TaskHandle<T> {
///     let (completer, handle) = new_task();
///     std::thread::spawn(move || completer.run(f));
///     handle
/// }
///
/// assert_eq!(spawn(|| "hello").result(), Ok("hello"));
/// ```
pub fn new_task<T>() -> (Completer<T>, TaskHandle<T>) {
    let shared: Arc<Shared<T>> = Arc::new(Shared::new(()));
    let completer = Completer {
        shared: Arc::clone(&shared),
        completed: false,
    };
    (completer, TaskHandle::new(shared))
}

/// The executor's end of a task: it starts the task and delivers its outcome
/// to the [`TaskHandle`]. Created by [`new_task`].
///
/// An executor calls [`start`](Completer::start) when a worker picks the task
/// up (skipping the task if that returns `false`: it was cancelled), runs it,
/// then [`complete`](Completer::complete)s it; [`run`](Completer::run) does
/// all three. Dropping a completer without completing it resolves the handle
/// to [`TaskError::Abandoned`], so a task is never lost silently.
///
/// # Examples
///
/// ```
/// use tripool_task::{TaskError, new_task};
///
/// let (completer, handle) = new_task::<u32>();
/// // A pool shutting down fails its queued tasks:
/// completer.complete(Err(TaskError::PoolShutDown));
/// assert_eq!(handle.result(), Err(TaskError::PoolShutDown));
/// ```
pub struct Completer<T> {
    shared: Arc<Shared<T>>,
    completed: bool,
}

impl<T> Completer<T> {
    /// Marks the task running; `false` if it was cancelled, and then the
    /// executor must not run it. Python's `set_running_or_notify_cancel`.
    ///
    /// Once `start` has returned `true`, [`TaskHandle::cancel`] fails. Calling
    /// it again returns `true` again.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task::<()>();
    /// assert!(completer.start());
    /// assert!(!handle.cancel()); // running tasks cannot be cancelled
    /// ```
    pub fn start(&self) -> bool {
        self.shared.start()
    }

    /// Whether the task was cancelled (it must then not run).
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task::<()>();
    /// assert!(!completer.is_cancelled());
    /// handle.cancel();
    /// assert!(completer.is_cancelled());
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.shared.is_cancelled()
    }

    /// Delivers the task's outcome and runs the done callbacks in the calling
    /// thread.
    ///
    /// A task may be completed without being started (a pool failing its
    /// queue with [`TaskError::PoolShutDown`]). Completing it with
    /// `Err(TaskError::Cancelled)` marks it cancelled. If it was cancelled
    /// already, `result` is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// completer.complete(Ok(vec![1, 2]));
    /// assert_eq!(handle.result(), Ok(vec![1, 2]));
    /// ```
    pub fn complete(mut self, result: Result<T, TaskError>) {
        self.completed = true;
        self.shared.settle(result);
    }

    /// Starts the task, runs `f` catching a panic, and completes the task with
    /// the value or [`TaskError::Panicked`]. Returns `false`, without calling
    /// `f`, if the task was cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// assert!(completer.run(|| 1 + 1));
    /// assert_eq!(handle.result(), Ok(2));
    ///
    /// let (completer, handle) = new_task::<u8>();
    /// handle.cancel();
    /// assert!(!completer.run(|| unreachable!()));
    /// ```
    pub fn run(self, f: impl FnOnce() -> T) -> bool {
        if !self.start() {
            return false;
        }
        let result = catch_panic(f);
        self.complete(result);
        true
    }
}

impl<T> Drop for Completer<T> {
    fn drop(&mut self) {
        if !self.completed {
            self.shared.settle(Err(TaskError::Abandoned));
        }
    }
}

impl<T> fmt::Debug for Completer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Completer")
            .field("task", &self.shared)
            .finish_non_exhaustive()
    }
}
