//! `Job` and `new_job`: a task and its closure in one allocation.

use std::fmt;
use std::sync::Arc;

use crate::loom::Mutex;
use crate::state::Shared;
use crate::{TaskError, TaskHandle, catch_panic};

/// Creates a task together with the closure that computes it: the [`Job`]
/// goes to the executor, the [`TaskHandle`] to whoever waits.
///
/// What [`new_task`](crate::new_task) and a boxed closure holding the
/// [`Completer`](crate::Completer) do, in a single allocation shared by the
/// job and the handle: the cheapest way for an executor to queue a closure.
///
/// # Examples
///
/// ```
/// use tripool_task::new_job;
///
/// let (job, handle) = new_job(|| 6 * 7);
/// std::thread::spawn(move || job.run());
/// assert_eq!(handle.result(), Ok(42));
/// ```
pub fn new_job<F, T>(f: F) -> (Job, TaskHandle<T>)
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let task = Arc::new(Shared::<T, _>::new(Mutex::new(Some(f))));
    let runnable: Arc<dyn Runnable> = Arc::clone(&task) as _;
    let handle = TaskHandle::new(task);
    let job = Job {
        task: runnable,
        finished: false,
    };
    (job, handle)
}

/// A task's closure as the executor sees it.
trait Runnable: Send + Sync {
    /// Starts the task, runs the closure catching a panic, completes the
    /// task; `false`, dropping the closure, if the task was cancelled.
    fn run(&self) -> bool;

    /// Drops the closure and completes the task with `error`.
    fn fail(&self, error: TaskError);
}

impl<F, T> Runnable for Shared<T, Mutex<Option<F>>>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    fn run(&self) -> bool {
        let f = self.job.lock().take();
        match f {
            Some(f) if self.start() => {
                self.settle(catch_panic(f));
                true
            }
            _ => false,
        }
    }

    fn fail(&self, error: TaskError) {
        drop(self.job.lock().take());
        self.settle(Err(error));
    }
}

/// A closure and the task it computes, made by [`new_job`]: the
/// executor's end, as a [`Completer`](crate::Completer) with the closure
/// inside.
///
/// [`run`](Job::run) it on a worker, or [`fail`](Job::fail) it to resolve the
/// handle without running the closure. Dropping a job that did neither
/// resolves its handle to [`TaskError::Abandoned`].
///
/// # Examples
///
/// ```
/// use tripool_task::{TaskError, new_job};
///
/// let (job, handle) = new_job(|| "never");
/// assert!(handle.cancel());
/// assert!(!job.run()); // cancelled before a worker took it
/// assert_eq!(handle.result(), Err(TaskError::Cancelled));
/// ```
#[must_use = "dropping a Job resolves its handle to TaskError::Abandoned"]
pub struct Job {
    task: Arc<dyn Runnable>,
    /// Whether `run` or `fail` took care of the task.
    finished: bool,
}

impl Job {
    /// Starts the task, runs its closure catching a panic, and completes the
    /// task with the value or [`TaskError::Panicked`], as
    /// [`Completer::run`](crate::Completer::run). Returns `false`, dropping
    /// the closure unrun, if the task was cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_job;
    ///
    /// let (job, handle) = new_job(|| 1 + 1);
    /// assert!(job.run());
    /// assert_eq!(handle.result(), Ok(2));
    /// ```
    pub fn run(mut self) -> bool {
        self.finished = true;
        self.task.run()
    }

    /// Drops the closure unrun and completes the task with `error` (a pool
    /// shutting down fails its queue with [`TaskError::PoolShutDown`]).
    /// Failing with [`TaskError::Cancelled`] marks the task cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::{TaskError, new_job};
    ///
    /// let (job, handle) = new_job(|| 1);
    /// job.fail(TaskError::PoolShutDown);
    /// assert_eq!(handle.result(), Err(TaskError::PoolShutDown));
    /// ```
    pub fn fail(mut self, error: TaskError) {
        self.finished = true;
        self.task.fail(error);
    }
}

impl Drop for Job {
    fn drop(&mut self) {
        if !self.finished {
            self.task.fail(TaskError::Abandoned);
        }
    }
}

impl fmt::Debug for Job {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Job")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}
