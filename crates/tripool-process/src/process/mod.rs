//! [`Process`]: a task running in a worker process, with its own address
//! space.

#![deny(unsafe_code)]

mod builder;
mod monitor;

use std::fmt;
use std::io;
use std::process::ExitStatus;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tripool_task::{TaskError, TaskHandle};

pub use builder::{ProcessBuilder, SpawnError};

use crate::registry::Task;
use monitor::{ChildState, Status};

/// A task running in a worker process: Python's `multiprocessing.Process`,
/// returning a value.
///
/// The worker is the current binary started again (never a `fork` without
/// `exec`); it becomes a worker before `main` runs, finds the task by name
/// and sends back its result. Waiting goes through a [`TaskHandle`], so a
/// process can be awaited or mixed with thread and pool tasks in
/// [`as_completed`](tripool_task::as_completed).
///
/// A worker lives in its own process group (so [`terminate`](Self::terminate)
/// and [`kill`](Self::kill) reach its children too) and is killed if this
/// process dies. Every worker is reaped, even after its `Process` is
/// dropped (dropping detaches it: it runs on).
///
/// # Examples
///
/// ```
/// use tripool_process::Process;
///
/// #[tripool_macros::task]
/// fn square(x: u64) -> u64 {
///     x * x
/// }
///
/// let process = Process::spawn(square::Task, (7,)).unwrap();
/// assert!(process.pid() > 0);
/// assert_eq!(process.join(), Ok(49));
/// ```
///
/// A panic in the worker is reported with its message:
///
/// ```
/// use tripool_process::Process;
/// use tripool_task::{ExitCause, TaskError};
///
/// #[tripool_macros::task]
/// fn fail() {
///     panic!("no such luck");
/// }
///
/// match Process::builder().forward_stderr(false).spawn(fail::Task, ()).unwrap().join() {
///     Err(TaskError::WorkerDied { cause: ExitCause::Panicked { message }, .. }) => {
///         assert_eq!(message, "no such luck");
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
///
/// Arguments and result are type-checked against the task:
///
/// ```compile_fail
/// # use tripool_process::Process;
/// #[tripool_macros::task]
/// fn square(x: u64) -> u64 { x * x }
///
/// let p = Process::spawn(square::Task, ("seven",));
/// ```
pub struct Process<T> {
    pid: u32,
    name: Option<String>,
    handle: TaskHandle<T>,
    child: Arc<ChildState>,
}

impl Process<()> {
    /// A builder to set the name, environment, directory or stderr capture.
    pub fn builder() -> ProcessBuilder {
        ProcessBuilder::new()
    }
}

impl<T: serde::de::DeserializeOwned + Send + 'static> Process<T> {
    /// Starts a worker process running `task(args)`; `args` is the tuple of
    /// the task's arguments.
    ///
    /// # Errors
    ///
    /// See [`ProcessBuilder::spawn`].
    pub fn spawn<K: Task<Output = T>>(task: K, args: K::Args) -> Result<Self, SpawnError> {
        ProcessBuilder::new().spawn(task, args)
    }
}

impl<T> Process<T> {
    /// The worker's process id (also its process group id).
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The name given by [`ProcessBuilder::name`].
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Whether the worker has not been reaped yet.
    pub fn is_alive(&self) -> bool {
        matches!(
            *self.child.status.lock().unwrap_or_else(|e| e.into_inner()),
            Status::Running
        )
    }

    /// How the worker ended, once it has been reaped; `None` while it runs
    /// (Python's `exitcode`).
    pub fn exit_status(&self) -> Option<ExitStatus> {
        match *self.child.status.lock().unwrap_or_else(|e| e.into_inner()) {
            Status::Running => None,
            Status::Exited(status) => status,
        }
    }

    /// Waits for the task's result.
    ///
    /// # Errors
    ///
    /// [`TaskError::WorkerDied`] if the worker panicked, was killed or
    /// exited without an answer (with the tail of its stderr);
    /// [`TaskError::UnknownTask`], [`TaskError::Serialize`] or
    /// [`TaskError::Deserialize`] if the task could not run.
    ///
    /// # Blocking
    ///
    /// Until the worker has exited and been reaped; from async code await
    /// [`into_handle`](Self::into_handle).
    pub fn join(self) -> Result<T, TaskError> {
        self.handle.result()
    }

    /// Waits at most `timeout` for the task's result; gives the process
    /// back if it is not done.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use tripool_process::{JoinTimeoutError, Process};
    ///
    /// #[tripool_macros::task]
    /// fn nap(ms: u64) -> u64 {
    ///     std::thread::sleep(Duration::from_millis(ms));
    ///     ms
    /// }
    ///
    /// let process = Process::spawn(nap::Task, (100,)).unwrap();
    /// let Err(JoinTimeoutError::Timeout(process)) = process.join_timeout(Duration::ZERO) else {
    ///     panic!("a nap takes longer than no time at all");
    /// };
    /// assert_eq!(process.join_timeout(Duration::from_secs(60)).unwrap(), 100);
    /// ```
    ///
    /// # Errors
    ///
    /// [`JoinTimeoutError::Timeout`] with the process, or
    /// [`JoinTimeoutError::Failed`] as for [`join`](Self::join).
    ///
    /// # Blocking
    ///
    /// For at most `timeout`.
    pub fn join_timeout(self, timeout: Duration) -> Result<T, JoinTimeoutError<T>> {
        match Instant::now().checked_add(timeout) {
            Some(deadline) => self.join_deadline(deadline),
            None => self.join().map_err(JoinTimeoutError::Failed),
        }
    }

    /// Waits until `deadline` at most for the task's result.
    ///
    /// # Errors
    ///
    /// As for [`join_timeout`](Self::join_timeout).
    ///
    /// # Blocking
    ///
    /// Until `deadline` at most.
    pub fn join_deadline(self, deadline: Instant) -> Result<T, JoinTimeoutError<T>> {
        if self.handle.wait_deadline(deadline) {
            self.join().map_err(JoinTimeoutError::Failed)
        } else {
            Err(JoinTimeoutError::Timeout(self))
        }
    }

    /// Sends `SIGTERM` to the worker's process group; does nothing if it has
    /// been reaped.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::os::unix::process::ExitStatusExt;
    /// use tripool_process::Process;
    /// use tripool_task::{ExitCause, TaskError};
    ///
    /// #[tripool_macros::task]
    /// fn forever() {
    ///     loop {
    ///         std::thread::park();
    ///     }
    /// }
    ///
    /// let process = Process::spawn(forever::Task, ()).unwrap();
    /// assert!(process.is_alive());
    /// assert_eq!(process.exit_status(), None);
    /// process.terminate().unwrap();
    /// process.handle().wait();
    /// assert!(!process.is_alive());
    /// assert_eq!(process.exit_status().unwrap().signal(), Some(15));
    /// assert!(matches!(
    ///     process.join(),
    ///     Err(TaskError::WorkerDied { cause: ExitCause::Signal { signal: 15 }, .. })
    /// ));
    /// ```
    ///
    /// # Errors
    ///
    /// If the signal could not be sent.
    pub fn terminate(&self) -> io::Result<()> {
        self.child.signal(libc::SIGTERM)
    }

    /// Sends `SIGKILL` to the worker's process group; does nothing if it has
    /// been reaped.
    ///
    /// # Errors
    ///
    /// If the signal could not be sent.
    pub fn kill(&self) -> io::Result<()> {
        self.child.signal(libc::SIGKILL)
    }

    /// The handle of the task's result, to poll it or add a done callback.
    pub fn handle(&self) -> &TaskHandle<T> {
        &self.handle
    }

    /// Detaches the worker and returns the handle of its result, which is
    /// also a `Future`.
    pub fn into_handle(self) -> TaskHandle<T> {
        self.handle
    }
}

impl<T> fmt::Debug for Process<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Process")
            .field("pid", &self.pid)
            .field("name", &self.name)
            .field("alive", &self.is_alive())
            .finish()
    }
}

/// Why [`Process::join_timeout`] returned no value.
#[derive(thiserror::Error)]
pub enum JoinTimeoutError<T> {
    /// The task was not done in time; here is the process back.
    #[error("timed out waiting for the process")]
    Timeout(Process<T>),
    /// The task is done, and failed.
    #[error(transparent)]
    Failed(TaskError),
}

impl<T> fmt::Debug for JoinTimeoutError<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Timeout(process) => f.debug_tuple("Timeout").field(process).finish(),
            Self::Failed(error) => f.debug_tuple("Failed").field(error).finish(),
        }
    }
}
