//! [`ProcessBuilder`] and [`SpawnError`].

use std::ffi::OsString;
use std::io;
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use tripool_task::new_task;

use super::Process;
use super::monitor::{self, ChildState, Status, StderrTail};
use crate::codec::{self, DEFAULT_MAX_FRAME, Encoded, Transport};
use crate::registry::{self, DuplicateTaskError, Task};
use crate::sys;
use crate::worker::Request;

/// Why [`Process::spawn`] or [`ProcessBuilder::spawn`] started no process.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpawnError {
    /// The arguments could not be serialized (nothing was started).
    #[error("could not serialize the task's arguments: {message}")]
    Serialize {
        /// The serializer's message.
        message: String,
    },
    /// The serialized arguments are larger than a control frame may be.
    #[error("the task's arguments take {len} bytes, over the limit of {limit}")]
    TooLarge {
        /// Their size in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Two tasks of the binary share a name, so no task can be found by name.
    #[error(transparent)]
    DuplicateTask(#[from] DuplicateTaskError),
    /// The operating system could not start the process or its helpers.
    #[error("could not start the worker process")]
    Io(#[source] io::Error),
}

/// Sets up a worker process before starting it: name, environment, working
/// directory, stderr capture. Made by [`Process::builder`].
///
/// # Examples
///
/// ```
/// use tripool_process::Process;
///
/// #[tripool_macros::task]
/// fn home() -> Option<String> {
///     std::env::var("HOME").ok()
/// }
///
/// let process = Process::builder()
///     .name("homebody")
///     .env("HOME", "/nowhere")
///     .current_dir("/")
///     .spawn(home::Task, ())
///     .unwrap();
/// assert_eq!(process.name(), Some("homebody"));
/// assert_eq!(process.join().unwrap().as_deref(), Some("/nowhere"));
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `spawn`"]
pub struct ProcessBuilder {
    name: Option<String>,
    env: Vec<(OsString, Option<OsString>)>,
    current_dir: Option<PathBuf>,
    capture_stderr: bool,
    forward_stderr: bool,
    memory_limit: Option<u64>,
}

impl Default for ProcessBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ProcessBuilder {
    /// A builder with no name, the parent's environment and directory, and
    /// stderr captured and forwarded.
    pub fn new() -> Self {
        Self {
            name: None,
            env: Vec::new(),
            current_dir: None,
            capture_stderr: true,
            forward_stderr: true,
            memory_limit: None,
        }
    }

    /// Names the process (shown by [`Process::name`] and as its `argv[0]`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets an environment variable for the process.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.env.push((key.into(), Some(value.into())));
        self
    }

    /// Removes an environment variable for the process.
    pub fn env_remove(mut self, key: impl Into<OsString>) -> Self {
        self.env.push((key.into(), None));
        self
    }

    /// Sets the process's working directory.
    pub fn current_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.current_dir = Some(dir.into());
        self
    }

    /// Whether to keep the last 4 KiB of the process's stderr for
    /// [`TaskError::WorkerDied`](tripool_task::TaskError::WorkerDied)
    /// (default `true`); `false` lets the child write to this process's
    /// stderr directly.
    pub fn capture_stderr(mut self, capture: bool) -> Self {
        self.capture_stderr = capture;
        self
    }

    /// Whether captured stderr is also copied to this process's stderr
    /// (default `true`).
    pub fn forward_stderr(mut self, forward: bool) -> Self {
        self.forward_stderr = forward;
        self
    }

    /// Caps the worker's address space at `bytes` (`RLIMIT_AS`). Past it an
    /// allocation fails, which aborts a Rust program: the task then fails
    /// with [`TaskError::WorkerDied`](tripool_task::TaskError::WorkerDied)
    /// by signal 6, its stderr saying `memory allocation of N bytes failed`.
    /// Address space counts reservations too (thread stacks, allocator
    /// arenas): leave room above what the task really uses.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_process::Process;
    /// use tripool_task::{ExitCause, TaskError};
    ///
    /// #[tripool_macros::task]
    /// fn hog(mib: usize) -> usize {
    ///     vec![1u8; mib << 20].iter().map(|&b| b as usize).sum()
    /// }
    ///
    /// let limited = || Process::builder().memory_limit(512 << 20).forward_stderr(false);
    /// assert_eq!(limited().spawn(hog::Task, (1,)).unwrap().join(), Ok(1 << 20));
    /// match limited().spawn(hog::Task, (4096,)).unwrap().join() {
    ///     Err(TaskError::WorkerDied { cause: ExitCause::Signal { signal: 6 }, stderr, .. }) => {
    ///         assert!(stderr.contains("memory allocation"), "{stderr}");
    ///     }
    ///     other => panic!("unexpected {other:?}"),
    /// }
    /// ```
    pub fn memory_limit(mut self, bytes: u64) -> Self {
        self.memory_limit = Some(bytes);
        self
    }

    /// Starts a worker process running `task(args)`.
    ///
    /// The arguments are serialized here, before anything starts. The
    /// worker is the current binary (`/proc/self/exe`) started again, in
    /// its own process group, with a death signal (`SIGKILL`) armed so it
    /// does not outlive this process, and with no descriptor of ours but
    /// its control socket.
    ///
    /// # Errors
    ///
    /// [`SpawnError`]: the arguments do not serialize or are too large,
    /// two tasks share a name, or the OS refused to start the process.
    pub fn spawn<K: Task>(self, task: K, args: K::Args) -> Result<Process<K::Output>, SpawnError> {
        let _ = task;
        // Fails if two tasks share a name; a task missing here is reported
        // by the worker as unknown.
        registry::lookup(K::NAME)?;
        let args = codec::encode(&args).map_err(|error| SpawnError::Serialize {
            message: error.to_string(),
        })?;
        let request = Request {
            name: K::NAME.to_owned(),
            args: args.bytes,
        };
        let bytes = postcard::to_stdvec(&request).map_err(|error| SpawnError::Serialize {
            message: error.to_string(),
        })?;
        if bytes.len() > DEFAULT_MAX_FRAME {
            return Err(SpawnError::TooLarge {
                len: bytes.len(),
                limit: DEFAULT_MAX_FRAME,
            });
        }
        let request = Encoded {
            bytes,
            fds: args.fds,
        };

        let (ours, theirs) = Transport::pair().map_err(SpawnError::Io)?;
        let socket = theirs.socket().as_raw_fd();
        let mut command = Command::new("/proc/self/exe");
        // argv[0]: the name, else ours, so `ps` shows something useful.
        if let Some(arg0) = self
            .name
            .clone()
            .map(OsString::from)
            .or_else(|| std::env::args_os().next())
        {
            command.arg0(arg0);
        }
        for (key, value) in &self.env {
            match value {
                Some(value) => command.env(key, value),
                None => command.env_remove(key),
            };
        }
        command.env(sys::WORKER_ENV, format!("{socket}:{}", std::process::id()));
        if let Some(dir) = &self.current_dir {
            command.current_dir(dir);
        }
        command.stdin(Stdio::null());
        if self.capture_stderr {
            command.stderr(Stdio::piped());
        }
        command.process_group(0);
        sys::prepare_child(&mut command, socket, self.memory_limit);
        let mut child = monitor::start(command).map_err(SpawnError::Io)?;
        drop(theirs);
        let pid = child.id();
        let state = Arc::new(ChildState {
            pid,
            status: Mutex::new(Status::Running),
        });

        let stderr = match child.stderr.take() {
            Some(stderr) => match StderrTail::read(stderr, self.forward_stderr) {
                Ok(tail) => Some(tail),
                Err(error) => return Err(abandon(&state, error)),
            },
            None => None,
        };
        // On failure the worker is gone already, or gets end of file and
        // exits: either way the monitor reports how it ended.
        let _ = ours.send(&request);
        let (completer, handle) = new_task();
        completer.start();
        let watched = Arc::clone(&state);
        let thread = std::thread::Builder::new()
            .name(format!("tripool-monitor-{pid}"))
            .spawn(move || monitor::watch(ours, watched, stderr, completer));
        if let Err(error) = thread {
            return Err(abandon(&state, error));
        }
        Ok(Process {
            pid,
            name: self.name,
            handle,
            child: state,
        })
    }
}

/// Kills and reaps a child we cannot watch, and returns `error`.
fn abandon(state: &ChildState, error: io::Error) -> SpawnError {
    let _ = state.signal(libc::SIGKILL);
    let _ = sys::wait_exited(state.pid).and_then(|()| sys::reap(state.pid));
    SpawnError::Io(error)
}
