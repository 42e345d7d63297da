//! `TaskError`: why a task produced no value.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Why a task produced no value.
///
/// Every executor reports failures through this one type, so the same code
/// handles a task whether it ran on a thread, in a process or as a coroutine.
/// New causes may be added (the enum is `#[non_exhaustive]`); every variant
/// carries plain data, so the error is cheap to clone and compare.
///
/// # Examples
///
/// ```
/// use tripool_task::{TaskError, new_task};
///
/// let (completer, handle) = new_task::<u32>();
/// completer.run(|| panic!("out of coffee"));
/// match handle.result() {
///     Err(TaskError::Panicked { message }) => assert_eq!(message, "out of coffee"),
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TaskError {
    /// The task panicked; `message` is the panic's `&str` or `String` payload.
    #[error("task panicked: {message}")]
    Panicked {
        /// The panic message, or `"Box<dyn Any>"` for another payload type.
        message: String,
    },
    /// The task was cancelled before it started and will never run.
    #[error("task was cancelled")]
    Cancelled,
    /// The executor shut down before it ran the task.
    #[error("pool was shut down before the task ran")]
    PoolShutDown,
    /// The executor dropped the task's [`Completer`](crate::Completer) without
    /// completing it (for instance its worker died): the task is lost, but
    /// never silently.
    #[error("task was abandoned by its executor")]
    Abandoned,
    /// The worker process running the task ended without delivering a
    /// result: it panicked, was killed by a signal or exited.
    #[error("worker process {pid} {cause}")]
    WorkerDied {
        /// The worker's process id.
        pid: u32,
        /// How it ended.
        cause: ExitCause,
        /// The last few KiB of its standard error (empty unless captured),
        /// decoded lossily as UTF-8.
        stderr: String,
    },
    /// The task's arguments or result could not be serialized.
    #[error("could not serialize the task's {what}: {message}")]
    Serialize {
        /// `"arguments"` or `"result"`.
        what: &'static str,
        /// The serializer's message.
        message: String,
    },
    /// The task's arguments or result could not be deserialized.
    #[error("could not deserialize the task's {what}: {message}")]
    Deserialize {
        /// `"arguments"` or `"result"`.
        what: &'static str,
        /// The deserializer's message.
        message: String,
    },
    /// The worker does not know a task by this name (it runs another
    /// binary, or the task is defined in code the binary does not link).
    #[error("no task named `{name}` is registered in the worker")]
    UnknownTask {
        /// The name that was asked for.
        name: String,
    },
}

/// How a worker process ended, in [`TaskError::WorkerDied`].
///
/// # Examples
///
/// ```
/// use tripool_task::ExitCause;
///
/// assert_eq!(ExitCause::Signal { signal: 9 }.to_string(), "was killed by signal 9");
/// assert_eq!(ExitCause::Code { code: 3 }.to_string(), "exited with code 3");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExitCause {
    /// The task panicked in the worker; `message` is the panic message.
    #[error("panicked: {message}")]
    Panicked {
        /// The panic message.
        message: String,
    },
    /// The worker was killed by signal `signal` (9 for `SIGKILL`, 6 for an
    /// abort).
    #[error("was killed by signal {signal}")]
    Signal {
        /// The signal number.
        signal: i32,
    },
    /// The worker exited with `code` before delivering a result.
    #[error("exited with code {code}")]
    Code {
        /// The exit code.
        code: i32,
    },
}

impl TaskError {
    /// Turns the payload of a caught panic into [`TaskError::Panicked`].
    ///
    /// The message is the payload's `&str` or `String`, as the standard panic
    /// hook prints it. The payload is dropped here; should its own `Drop`
    /// panic, that second panic is caught and its payload leaked.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::TaskError;
    ///
    /// let payload = std::panic::catch_unwind(|| panic!("bad {}", 42)).unwrap_err();
    /// assert_eq!(
    ///     TaskError::from_panic(payload),
    ///     TaskError::Panicked { message: "bad 42".into() },
    /// );
    /// ```
    pub fn from_panic(payload: Box<dyn Any + Send>) -> Self {
        let message = if let Some(message) = payload.downcast_ref::<&'static str>() {
            (*message).to_owned()
        } else if let Some(message) = payload.downcast_ref::<String>() {
            message.clone()
        } else {
            "Box<dyn Any>".to_owned()
        };
        if let Err(nested) = panic::catch_unwind(AssertUnwindSafe(move || drop(payload))) {
            std::mem::forget(nested);
        }
        Self::Panicked { message }
    }

    /// Whether this is [`TaskError::Cancelled`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::TaskError;
    ///
    /// assert!(TaskError::Cancelled.is_cancelled());
    /// assert!(!TaskError::Abandoned.is_cancelled());
    /// ```
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Self::Cancelled)
    }

    /// The panic message if this is [`TaskError::Panicked`].
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_task::catch_panic;
    ///
    /// let error = catch_panic(|| panic!("boom")).unwrap_err();
    /// assert_eq!(error.panic_message(), Some("boom"));
    /// ```
    pub fn panic_message(&self) -> Option<&str> {
        match self {
            Self::Panicked { message } => Some(message),
            _ => None,
        }
    }
}
