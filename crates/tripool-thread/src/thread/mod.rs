//! [`Thread`]: a named OS thread whose result is a [`TaskHandle`].

mod builder;

use std::fmt;
use std::time::{Duration, Instant};

use tripool_task::{TaskError, TaskHandle};

pub use builder::{SpawnError, ThreadBuilder};

use crate::current::CurrentThread;

/// An OS thread with a name, an identifier, a daemon flag and a result:
/// Python's `threading.Thread`, returning a value like `std::thread`.
///
/// Waiting goes through the thread's [`TaskHandle`], so a thread can be
/// awaited, given a timeout, or mixed with pool tasks in
/// [`as_completed`](tripool_task::as_completed). A panic in the thread is
/// caught and becomes [`TaskError::Panicked`].
///
/// Dropping a `Thread` detaches it: it goes on running. A non-daemon thread
/// is still waited for by [`join_non_daemon`](crate::join_non_daemon).
///
/// # Examples
///
/// ```
/// use tripool_thread::Thread;
///
/// let t = Thread::spawn(|| (1..=10).sum::<u32>());
/// assert_eq!(t.join().unwrap(), 55);
///
/// let bad = Thread::spawn(|| -> u32 { panic!("boom") });
/// let err = bad.join().unwrap_err();
/// assert!(err.to_string().contains("boom"));
/// ```
///
/// The result crosses threads, so it must be `Send`:
///
/// ```compile_fail
/// let t = tripool_thread::Thread::spawn(|| std::rc::Rc::new(1));
/// ```
pub struct Thread<T> {
    pub(crate) handle: TaskHandle<T>,
    pub(crate) native: std::thread::JoinHandle<()>,
    pub(crate) info: CurrentThread,
}

impl Thread<()> {
    /// A builder to set the name, daemon flag or stack size before starting.
    pub fn builder() -> ThreadBuilder {
        ThreadBuilder::new()
    }
}

impl<T: Send + 'static> Thread<T> {
    /// Starts a thread running `f`, with no name and the creator's daemon
    /// flag.
    ///
    /// # Panics
    ///
    /// Panics if the OS refuses to create a thread, as `std::thread::spawn`
    /// does; use [`Thread::builder`] to get a [`SpawnError`] instead.
    pub fn spawn<F>(f: F) -> Self
    where
        F: FnOnce() -> T + Send + 'static,
    {
        match ThreadBuilder::new().spawn(f) {
            Ok(thread) => thread,
            Err(err) => panic!("{err}: {}", err.io_error()),
        }
    }
}

impl<T> Thread<T> {
    /// Waits for the thread to finish and returns its result.
    ///
    /// # Errors
    ///
    /// [`TaskError::Panicked`] with the panic message if the thread panicked.
    ///
    /// # Blocking
    ///
    /// Blocks until the thread ends; from async code await
    /// [`into_handle`](Thread::into_handle) instead.
    pub fn join(self) -> Result<T, TaskError> {
        // One wait, for the exit: the body delivers the result before it
        // ends, so the handle is done by then (the body never panics: the
        // closure's panic is caught and becomes the result).
        let _ = self.native.join();
        self.handle.result()
    }

    /// Waits at most `timeout` for the thread's result; returns whether it
    /// is there (Python's `join(timeout)` followed by `is_alive()`).
    ///
    /// # Blocking
    ///
    /// Blocks for at most `timeout`.
    #[doc(alias = "join_timeout")]
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.handle.wait_timeout(timeout)
    }

    /// Waits until `deadline` at most for the thread's result; returns
    /// whether it is there.
    ///
    /// # Blocking
    ///
    /// Blocks until `deadline` at most.
    #[doc(alias = "join_deadline")]
    pub fn wait_deadline(&self, deadline: Instant) -> bool {
        self.handle.wait_deadline(deadline)
    }

    /// Whether the thread is still running (it has not returned or panicked).
    pub fn is_alive(&self) -> bool {
        !self.native.is_finished()
    }

    /// The thread's identifier, the one
    /// [`current_thread().ident()`](crate::current_thread) reports inside it.
    pub fn ident(&self) -> u64 {
        self.info.ident
    }

    /// The thread's name, if it was given one.
    pub fn name(&self) -> Option<&str> {
        self.info.name()
    }

    /// Whether the thread is a daemon.
    pub fn is_daemon(&self) -> bool {
        self.info.daemon
    }

    /// The handle of the thread's result, to poll it ([`TaskHandle::done`]),
    /// wait with a timeout, or add a done callback. A thread counts as
    /// running from its start: [`TaskHandle::cancel`] on it returns `false`.
    pub fn handle(&self) -> &TaskHandle<T> {
        &self.handle
    }

    /// Detaches the thread and returns the handle of its result, which is
    /// also a `Future`.
    ///
    /// # Examples
    ///
    /// ```
    /// let handle = tripool_thread::Thread::spawn(|| 7).into_handle();
    /// assert_eq!(futures::executor::block_on(handle).unwrap(), 7);
    /// ```
    pub fn into_handle(self) -> TaskHandle<T> {
        self.handle
    }
}

impl<T> fmt::Debug for Thread<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Thread")
            .field("ident", &self.info.ident)
            .field("name", &self.info.name())
            .field("daemon", &self.info.daemon)
            .field("alive", &self.is_alive())
            .finish()
    }
}
