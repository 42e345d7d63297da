//! `TaskHandle`: the user's end of a task, a future in both senses.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tripool_sync::EventWait;

use crate::state::{Shared, Status};
use crate::{CancelOnDrop, ResultTimeoutError, TaskError};

const TAKEN: &str = "TaskHandle polled after it returned its result";

/// The result of a task that runs (or ran, or will run) somewhere else:
/// Python's `concurrent.futures.Future`, and a Rust [`Future`] too.
///
/// An executor gives one to whoever submits a task, and keeps the matching
/// [`Completer`](crate::Completer). Get the outcome by blocking
/// ([`result`](TaskHandle::result), [`result_timeout`](TaskHandle::result_timeout)),
/// by awaiting the handle, or by a callback
/// ([`add_done_callback`](TaskHandle::add_done_callback)); wait for many
/// handles with [`as_completed`](crate::as_completed) and [`wait`](crate::wait()).
///
/// A task is *pending*, then *running*, then *finished*; or, cancelled while
/// pending, *cancelled* (and it never runs). Finished and cancelled tasks are
/// *done*. The outcome is `Ok(value)` or a [`TaskError`] saying why there is
/// no value; a handle always resolves, since dropping a
/// [`Completer`](crate::Completer) resolves it to [`TaskError::Abandoned`].
///
/// # Differences from Python
///
/// - The handle owns the result: it is not `Clone`, and
///   [`result`](TaskHandle::result) consumes it and returns the value itself.
///   Share a handle by reference (it is `Sync`), or use callbacks.
/// - Dropping a handle does not cancel its task; call
///   [`cancel`](TaskHandle::cancel) first, or wrap it with
///   [`cancel_on_drop`](TaskHandle::cancel_on_drop).
/// - Callbacks registered before completion run *before* the task is
///   reported done (Python wakes waiters first): when [`done`](TaskHandle::done)
///   is `true`, the result is in the handle and those callbacks have run.
///
/// # Cancel safety
///
/// Awaiting a handle is cancel safe, and dropping the future does not cancel
/// the task: poll `&mut handle` in a `select!` and the result stays in the
/// handle for later. To cancel a pending task when its future is dropped, use
/// [`cancel_on_drop`](TaskHandle::cancel_on_drop).
///
/// # Examples
///
/// ```
/// use tripool_task::new_task;
///
/// let (completer, handle) = new_task();
/// let worker = std::thread::spawn(move || completer.run(|| 6 * 7));
/// assert_eq!(handle.result(), Ok(42));
/// # worker.join().unwrap();
/// ```
///
/// A handle is a `Send` future for any executor:
///
/// ```
/// use tripool_task::new_task;
///
/// let (completer, handle) = new_task();
/// std::thread::spawn(move || completer.complete(Ok("async too")));
/// assert_eq!(futures::executor::block_on(handle), Ok("async too"));
/// ```
///
/// A handle is `Send` and `Sync` only if its value may cross threads:
///
/// ```compile_fail
/// fn needs_send<S: Send>(_: S) {}
/// let (_completer, handle) = tripool_task::new_task::<std::rc::Rc<u8>>();
/// needs_send(handle);
/// ```
#[must_use = "dropping a TaskHandle does not cancel the task; its result is lost"]
pub struct TaskHandle<T> {
    shared: Arc<Shared<T>>,
}

impl<T> TaskHandle<T> {
    pub(crate) fn new(shared: Arc<Shared<T>>) -> Self {
        Self { shared }
    }

    pub(crate) fn shared(&self) -> &Shared<T> {
        &self.shared
    }

    /// Waits for the task and returns its outcome.
    ///
    /// # Errors
    ///
    /// The [`TaskError`] the task failed with: a panic, cancellation, the
    /// executor's shutdown, or its loss.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread until the task is done; from async code
    /// `.await` the handle instead.
    ///
    /// # Panics
    ///
    /// If the handle was already awaited to completion (a future polled
    /// after it returned `Ready`).
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::{TaskError, new_task};
    ///
    /// let (completer, handle) = new_task::<()>();
    /// drop(completer); // the executor lost the task
    /// assert_eq!(handle.result(), Err(TaskError::Abandoned));
    /// ```
    pub fn result(self) -> Result<T, TaskError> {
        self.wait();
        self.shared.take().expect(TAKEN)
    }

    /// Waits at most `timeout` for the task and returns its outcome; on
    /// timeout hands the handle back (Python's `result(timeout)`).
    ///
    /// `result_timeout(Duration::ZERO)` never blocks.
    ///
    /// # Errors
    ///
    /// [`ResultTimeoutError::Timeout`] with the handle if the task is not done
    /// in time; [`ResultTimeoutError::Failed`] if it failed.
    ///
    /// # Panics
    ///
    /// As [`result`](TaskHandle::result).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use tripool_task::{ResultTimeoutError, new_task};
    ///
    /// let (completer, handle) = new_task();
    /// let Err(ResultTimeoutError::Timeout(handle)) = handle.result_timeout(Duration::ZERO) else {
    ///     panic!("not done yet");
    /// };
    /// completer.complete(Ok(5));
    /// assert_eq!(handle.result_timeout(Duration::ZERO).unwrap(), 5);
    /// ```
    pub fn result_timeout(self, timeout: Duration) -> Result<T, ResultTimeoutError<T>> {
        let done = self.wait_timeout(timeout);
        self.result_if(done)
    }

    /// Waits until `deadline` at most for the task and returns its outcome;
    /// on timeout hands the handle back.
    ///
    /// # Errors
    ///
    /// As [`result_timeout`](TaskHandle::result_timeout).
    ///
    /// # Panics
    ///
    /// As [`result`](TaskHandle::result).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// completer.complete(Ok('x'));
    /// let deadline = Instant::now() + Duration::from_secs(1);
    /// assert_eq!(handle.result_deadline(deadline).unwrap(), 'x');
    /// ```
    pub fn result_deadline(self, deadline: Instant) -> Result<T, ResultTimeoutError<T>> {
        let done = self.wait_deadline(deadline);
        self.result_if(done)
    }

    /// The outcome if `done`, else the handle back.
    fn result_if(self, done: bool) -> Result<T, ResultTimeoutError<T>> {
        if done {
            self.shared
                .take()
                .expect(TAKEN)
                .map_err(ResultTimeoutError::Failed)
        } else {
            Err(ResultTimeoutError::Timeout(self))
        }
    }

    /// Blocks until the task is done.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`wait_async`](TaskHandle::wait_async).
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// std::thread::spawn(move || completer.complete(Ok(1)));
    /// handle.wait();
    /// assert!(handle.done());
    /// ```
    pub fn wait(&self) {
        if !self.shared.is_done() {
            self.shared.done_event().wait();
        }
    }

    /// Blocks until the task is done or `timeout` passes; returns whether it
    /// is done.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use tripool_task::new_task;
    ///
    /// let (_completer, handle) = new_task::<()>();
    /// assert!(!handle.wait_timeout(Duration::from_millis(1)));
    /// ```
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.shared.is_done() || self.shared.done_event().wait_timeout(timeout)
    }

    /// Blocks until the task is done or `deadline` passes; returns whether it
    /// is done.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Instant;
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// completer.complete(Ok(()));
    /// assert!(handle.wait_deadline(Instant::now()));
    /// ```
    pub fn wait_deadline(&self, deadline: Instant) -> bool {
        self.shared.is_done() || self.shared.done_event().wait_deadline(deadline)
    }

    /// Waits until the task is done, from async code, without taking the
    /// result (awaiting the handle itself returns the result).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future only stops waiting.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// std::thread::spawn(move || completer.complete(Ok(3)));
    /// futures::executor::block_on(handle.wait_async());
    /// assert_eq!(handle.result(), Ok(3));
    /// ```
    pub fn wait_async(&self) -> EventWait<'_> {
        self.shared.done_event().wait_async()
    }

    /// Whether the task is done: finished (with a value or an error) or
    /// cancelled. Never blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// assert!(!handle.done());
    /// completer.complete(Ok(0));
    /// assert!(handle.done());
    /// ```
    pub fn done(&self) -> bool {
        self.shared.is_done()
    }

    /// Whether an executor has started the task and it has not finished.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// assert!(!handle.running());
    /// assert!(completer.start());
    /// assert!(handle.running());
    /// completer.complete(Ok(0));
    /// assert!(!handle.running());
    /// ```
    pub fn running(&self) -> bool {
        self.shared.status() == Status::Running
    }

    /// Cancels the task if it has not started; returns `true` if it is
    /// cancelled (now or before) and will never run, `false` if it is
    /// running or finished. Python's `Future.cancel`.
    ///
    /// Cancelling runs the done callbacks in the calling thread; when the
    /// call that cancelled the task returns, the task is done and its outcome
    /// is `Err(TaskError::Cancelled)`. A running task is never interrupted.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::{TaskError, new_task};
    ///
    /// let (completer, handle) = new_task::<u8>();
    /// assert!(handle.cancel());
    /// assert!(handle.cancelled() && handle.done());
    /// assert!(!completer.start()); // the executor skips it
    /// assert_eq!(handle.result(), Err(TaskError::Cancelled));
    /// ```
    pub fn cancel(&self) -> bool {
        self.shared.cancel()
    }

    /// Whether the task was cancelled.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// completer.complete(Ok(1));
    /// assert!(!handle.cancel()); // too late
    /// assert!(!handle.cancelled());
    /// ```
    pub fn cancelled(&self) -> bool {
        self.shared.is_cancelled()
    }

    /// Calls `f` once with the outcome when the task is done, or at once in
    /// the calling thread if it is done already. Python's
    /// `Future.add_done_callback`.
    ///
    /// `f` borrows the outcome: `Ok(&value)` or `Err(&error)` (a cancelled
    /// task gives `Err(&TaskError::Cancelled)`). Callbacks run in the order
    /// they were added, in the thread that completes or cancels the task, and
    /// before the task is reported [`done`](TaskHandle::done); no lock is held
    /// while they run, so they may use this handle. A callback added while
    /// another thread runs callbacks on this task is run by that thread.
    ///
    /// A callback must not wait for its own task: the task is reported done
    /// only once its callbacks have returned.
    ///
    /// A panicking callback does not affect the task, its result or the other
    /// callbacks: the panic is caught, reported by the panic hook and counted
    /// in [`callback_panics`](crate::callback_panics).
    ///
    /// # Panics
    ///
    /// If the handle was already awaited to completion: its result is gone.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::mpsc;
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task();
    /// let (tx, rx) = mpsc::channel();
    /// handle.add_done_callback(move |outcome: Result<&u32, _>| {
    ///     tx.send(outcome.map(|v| v * 2).map_err(|e| e.clone())).unwrap();
    /// });
    /// completer.complete(Ok(21));
    /// assert_eq!(rx.recv().unwrap(), Ok(42));
    /// assert_eq!(handle.result(), Ok(21));
    /// ```
    pub fn add_done_callback<F>(&self, f: F)
    where
        F: FnOnce(Result<&T, &TaskError>) + Send + 'static,
    {
        assert!(self.shared.add_callback(Box::new(f)), "{TAKEN}");
    }

    /// Wraps the handle so that dropping it cancels the task if it has not
    /// started (a plain handle never cancels).
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::new_task;
    ///
    /// let (completer, handle) = new_task::<()>();
    /// let guarded = handle.cancel_on_drop();
    /// assert!(!guarded.done()); // derefs to the handle
    /// drop(guarded);
    /// assert!(!completer.start());
    /// ```
    pub fn cancel_on_drop(self) -> CancelOnDrop<T> {
        CancelOnDrop::new(self)
    }
}

impl<T> Future for TaskHandle<T> {
    type Output = Result<T, TaskError>;

    /// # Cancel safety
    ///
    /// Dropping the handle (awaited or not) never cancels the task: a
    /// `select!` branch that loses leaves the task to run, and its result
    /// stays in the handle if the handle was polled by reference
    /// (`&mut handle`). To cancel a task not yet started when the future is
    /// dropped, await [`cancel_on_drop`](TaskHandle::cancel_on_drop) instead.
    ///
    /// # Panics
    ///
    /// If polled again after it returned `Ready`.
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let shared = &self.get_mut().shared;
        if shared.poll_done(cx).is_pending() {
            return Poll::Pending;
        }
        Poll::Ready(shared.take().expect(TAKEN))
    }
}

impl<T> fmt::Debug for TaskHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskHandle")
            .field("status", &self.shared.status())
            .finish_non_exhaustive()
    }
}
