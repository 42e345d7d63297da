//! [`Timer`]: run a closure once after a delay, unless cancelled first.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tripool_sync::Event;
use tripool_task::{TaskError, TaskHandle, new_task};

use crate::thread::{Thread, ThreadBuilder};

/// A thread that runs a closure once `delay` has passed, unless
/// [`cancel`](Timer::cancel) is called first: Python's `threading.Timer`,
/// started at once and returning a value.
///
/// The timer thread sleeps on an [`Event`] with a timeout, so it costs no
/// CPU while it waits and a cancel wakes it at once. The result is a
/// [`TaskHandle`]: a cancelled timer's result is [`TaskError::Cancelled`].
///
/// # Examples
///
/// ```
/// use std::time::{Duration, Instant};
/// use tripool_thread::Timer;
///
/// let start = Instant::now();
/// let timer = Timer::start(Duration::from_millis(20), || "fired");
/// assert_eq!(timer.join().unwrap(), "fired");
/// assert!(start.elapsed() >= Duration::from_millis(20));
///
/// let never = Timer::start(Duration::from_secs(3600), || unreachable!());
/// assert!(never.cancel());
/// assert!(never.join().unwrap_err().is_cancelled());
/// ```
pub struct Timer<T> {
    thread: Thread<T>,
    cancelled: Arc<Event>,
}

impl<T: Send + 'static> Timer<T> {
    /// Starts a timer that runs `f` on its own thread after `delay`.
    ///
    /// Use [`Thread::builder`]`().spawn_timer(..)` to name it, choose its
    /// daemon flag, or get a [`SpawnError`](crate::SpawnError) instead of a
    /// panic.
    ///
    /// # Panics
    ///
    /// Panics if the OS refuses to create a thread, as `std::thread::spawn`.
    pub fn start<F>(delay: Duration, f: F) -> Self
    where
        F: FnOnce() -> T + Send + 'static,
    {
        match Self::start_with(ThreadBuilder::new(), delay, f) {
            Ok(timer) => timer,
            Err(err) => panic!("{err}: {}", err.io_error()),
        }
    }

    pub(crate) fn start_with<F>(
        builder: ThreadBuilder,
        delay: Duration,
        f: F,
    ) -> Result<Self, crate::SpawnError>
    where
        F: FnOnce() -> T + Send + 'static,
    {
        let (completer, handle) = new_task::<T>();
        let cancelled = Arc::new(Event::new());
        let wake = Arc::clone(&cancelled);
        let (native, info) = builder.start(move || {
            if !wake.wait_timeout(delay) {
                // `run` does nothing if the handle was cancelled meanwhile.
                completer.run(f);
            }
        })?;
        let thread = Thread {
            handle,
            native,
            info,
        };
        Ok(Self { thread, cancelled })
    }
}

impl<T> Timer<T> {
    /// Stops the timer if it has not fired yet; returns whether the closure
    /// is now sure never to run (Python's `Timer.cancel`, returning what
    /// `Future.cancel` does).
    ///
    /// `true`: the closure never runs and the result is
    /// [`TaskError::Cancelled`] (also on a second call). `false`: the closure
    /// is already running or done.
    pub fn cancel(&self) -> bool {
        let prevented = self.thread.handle.cancel();
        self.cancelled.set();
        prevented
    }

    /// Waits for the timer to fire (or be cancelled) and returns the result.
    ///
    /// # Errors
    ///
    /// [`TaskError::Cancelled`] if the timer was cancelled,
    /// [`TaskError::Panicked`] if the closure panicked.
    ///
    /// # Blocking
    ///
    /// Blocks until the delay has passed and the closure has returned.
    pub fn join(self) -> Result<T, TaskError> {
        self.thread.join()
    }

    /// Waits at most `timeout` for the result; returns whether it is there.
    ///
    /// # Blocking
    ///
    /// Blocks for at most `timeout`.
    #[doc(alias = "join_timeout")]
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.thread.wait_timeout(timeout)
    }

    /// Waits until `deadline` at most for the result; returns whether it is
    /// there.
    ///
    /// # Blocking
    ///
    /// Blocks until `deadline` at most.
    pub fn wait_deadline(&self, deadline: Instant) -> bool {
        self.thread.wait_deadline(deadline)
    }

    /// Whether the timer's thread is still waiting or running the closure.
    pub fn is_alive(&self) -> bool {
        self.thread.is_alive()
    }

    /// The identifier of the timer's thread.
    pub fn ident(&self) -> u64 {
        self.thread.ident()
    }

    /// The name of the timer's thread, if it was given one.
    pub fn name(&self) -> Option<&str> {
        self.thread.name()
    }

    /// The handle of the timer's result.
    pub fn handle(&self) -> &TaskHandle<T> {
        self.thread.handle()
    }

    /// Detaches the timer and returns the handle of its result; the timer
    /// still fires (cancel it through [`TaskHandle::cancel`], which stops the
    /// run but leaves the thread waiting out its delay).
    pub fn into_handle(self) -> TaskHandle<T> {
        self.thread.into_handle()
    }
}

impl<T> fmt::Debug for Timer<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Timer")
            .field("thread", &self.thread)
            .field("cancelled", &self.cancelled.is_set())
            .finish()
    }
}
