//! [`ThreadBuilder`]: a thread's name, daemon flag and stack size.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use tripool_task::new_task;

use super::Thread;
use crate::current::{self, CurrentThread};
use crate::daemon::NonDaemon;
use crate::timer::Timer;

/// Configures a [`Thread`] before it starts: Python's
/// `threading.Thread(name=…, daemon=…)` plus a stack size.
///
/// # Examples
///
/// ```
/// use tripool_thread::Thread;
///
/// let t = Thread::builder()
///     .name("loader")
///     .daemon(true)
///     .stack_size(256 * 1024)
///     .spawn(|| 6 * 7)?;
/// assert_eq!(t.name(), Some("loader"));
/// assert!(t.is_daemon());
/// assert_eq!(t.join().unwrap(), 42);
/// # Ok::<(), tripool_thread::SpawnError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `spawn` is called"]
pub struct ThreadBuilder {
    name: Option<String>,
    daemon: Option<bool>,
    stack_size: Option<usize>,
    /// Pool workers: non-daemon for inheritance, but joined by their pool
    /// rather than by `join_non_daemon`.
    uncounted: bool,
}

impl ThreadBuilder {
    /// A builder with no name, the creator's daemon flag and std's default
    /// stack size.
    pub fn new() -> Self {
        Self::default()
    }

    /// Names the thread; the name is also given to the OS (visible in
    /// debuggers and `top -H`) and appears in panic messages.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Makes the thread a daemon (or not). By default a thread inherits the
    /// flag of the thread that creates it, as in Python; threads not started
    /// by tripool, like the main thread, count as non-daemon.
    pub fn daemon(mut self, daemon: bool) -> Self {
        self.daemon = Some(daemon);
        self
    }

    /// Sets the thread's stack size in bytes (rounded up by the OS).
    pub fn stack_size(mut self, bytes: usize) -> Self {
        self.stack_size = Some(bytes);
        self
    }

    /// Starts a thread running `f`.
    ///
    /// # Errors
    ///
    /// [`SpawnError`] if the OS refuses to create the thread (out of memory,
    /// thread limit reached, a name containing a NUL byte).
    pub fn spawn<F, T>(self, f: F) -> Result<Thread<T>, SpawnError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (completer, handle) = new_task::<T>();
        // A thread runs from the start, as in Python: its handle reports
        // `running()` and cannot be cancelled.
        completer.start();
        let (native, info) = self.start(move || {
            completer.run(f);
        })?;
        Ok(Thread {
            handle,
            native,
            info,
        })
    }

    /// Starts a [`Timer`] that runs `f` once `delay` has passed, unless it is
    /// cancelled first.
    ///
    /// # Errors
    ///
    /// [`SpawnError`] if the OS refuses to create the timer's thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use tripool_thread::Thread;
    ///
    /// let timer = Thread::builder()
    ///     .name("reminder")
    ///     .spawn_timer(Duration::from_millis(1), || "ring")?;
    /// assert_eq!(timer.join().unwrap(), "ring");
    /// # Ok::<(), tripool_thread::SpawnError>(())
    /// ```
    pub fn spawn_timer<F, T>(self, delay: Duration, f: F) -> Result<Timer<T>, SpawnError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        Timer::start_with(self, delay, f)
    }

    /// Leaves the thread out of the count behind
    /// [`join_non_daemon`](crate::join_non_daemon) whatever its daemon flag.
    pub(crate) fn uncounted(mut self) -> Self {
        self.uncounted = true;
        self
    }

    /// Starts the OS thread running `body` with tripool's bookkeeping around
    /// it: its identity for [`current_thread`](crate::current_thread) and,
    /// for a non-daemon thread, its place in the count behind
    /// [`join_non_daemon`](crate::join_non_daemon).
    pub(crate) fn start(
        self,
        body: impl FnOnce() + Send + 'static,
    ) -> Result<(std::thread::JoinHandle<()>, CurrentThread), SpawnError> {
        if self.name.as_ref().is_some_and(|name| name.contains('\0')) {
            // std would panic on it; an error is the contract here.
            let source = io::Error::new(
                io::ErrorKind::InvalidInput,
                "thread name contains a NUL byte",
            );
            return Err(SpawnError { source });
        }
        let daemon = self.daemon.unwrap_or_else(current::current_daemon);
        let info = CurrentThread {
            ident: current::next_ident(),
            name: self.name.as_deref().map(Arc::from),
            daemon,
        };
        let mut native = std::thread::Builder::new();
        if let Some(name) = self.name {
            native = native.name(name);
        }
        if let Some(bytes) = self.stack_size {
            native = native.stack_size(bytes);
        }
        // Counted before the thread exists, so `join_non_daemon` cannot miss it.
        let counted = (!daemon && !self.uncounted).then(NonDaemon::register);
        let mine = info.clone();
        let native = native
            .spawn(move || {
                if let Some(counted) = &counted {
                    counted.adopt();
                }
                current::enter(mine);
                body();
                // `counted` drops here, after the result is delivered.
                drop(counted);
            })
            .map_err(|source| SpawnError { source })?;
        Ok((native, info))
    }
}

/// The OS refused to start a thread.
///
/// # Examples
///
/// ```
/// use tripool_thread::Thread;
///
/// // A name with a NUL byte cannot be given to the OS.
/// let err = Thread::builder().name("bad\0name").spawn(|| ()).unwrap_err();
/// assert_eq!(err.to_string(), "failed to spawn thread");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("failed to spawn thread")]
pub struct SpawnError {
    #[source]
    source: io::Error,
}

impl SpawnError {
    /// The OS error behind the failure.
    pub fn io_error(&self) -> &io::Error {
        &self.source
    }

    /// Takes the OS error out.
    pub fn into_io_error(self) -> io::Error {
        self.source
    }
}
