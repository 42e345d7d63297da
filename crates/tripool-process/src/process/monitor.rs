//! The parent's side of one worker: the thread that starts children (so
//! their death signal stays armed), and the thread per child that waits for
//! its answer, reaps it and completes its task.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStderr, Command, ExitStatus};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use tripool_task::{Completer, ExitCause, TaskError};

use crate::codec::{self, Encoded, Transport};
use crate::sys;
use crate::worker::Response;

/// How many bytes of a worker's stderr are kept.
pub(crate) const STDERR_TAIL: usize = 4096;
/// How long the monitor waits for a dead worker's stderr to end (a
/// grandchild may hold it open).
const STDERR_GRACE: Duration = Duration::from_millis(250);

/// Whether a child still exists (it may be a zombie: its pid stays reserved).
#[derive(Debug)]
pub(crate) enum Status {
    Running,
    /// Reaped; `None` if someone else reaped it first.
    Exited(Option<ExitStatus>),
}

/// A child's pid and status; signals are sent under the lock, so never to
/// a reaped (and possibly reused) pid.
#[derive(Debug)]
pub(crate) struct ChildState {
    pub(crate) pid: u32,
    pub(crate) status: Mutex<Status>,
}

impl ChildState {
    /// Sends `signal` to the child's process group unless it was reaped.
    pub(crate) fn signal(&self, signal: i32) -> io::Result<()> {
        let status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        match *status {
            Status::Running => sys::killpg(self.pid, signal),
            Status::Exited(_) => Ok(()),
        }
    }

    fn reap(&self) -> Option<ExitStatus> {
        let exited = sys::wait_exited(self.pid).is_ok();
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        let result = if exited {
            sys::reap(self.pid).ok()
        } else {
            None
        };
        *status = Status::Exited(result);
        result
    }
}

type SpawnJob = (Command, mpsc::SyncSender<io::Result<Child>>);

/// Starts `command` from the spawner thread, which lives as long as the
/// process: a child's `PR_SET_PDEATHSIG` fires when the thread that forked
/// it exits, so forking from a short-lived thread would kill the child early.
pub(crate) fn start(command: Command) -> io::Result<Child> {
    static SPAWNER: OnceLock<io::Result<mpsc::Sender<SpawnJob>>> = OnceLock::new();
    let spawner = SPAWNER.get_or_init(|| {
        let (sender, jobs) = mpsc::channel::<SpawnJob>();
        std::thread::Builder::new()
            .name("tripool-spawner".into())
            .spawn(move || {
                for (mut command, reply) in jobs {
                    let _ = reply.send(command.spawn());
                }
            })?;
        Ok(sender)
    });
    let spawner = spawner
        .as_ref()
        .map_err(|error| io::Error::new(error.kind(), error.to_string()))?;
    let (reply, result) = mpsc::sync_channel(1);
    let gone = || io::Error::other("the tripool spawner thread is gone");
    spawner.send((command, reply)).map_err(|_| gone())?;
    result.recv().map_err(|_| gone())?
}

/// The last [`STDERR_TAIL`] bytes of a child's stderr, read by a thread.
pub(crate) struct StderrTail {
    tail: Arc<Mutex<VecDeque<u8>>>,
    done: mpsc::Receiver<()>,
}

impl StderrTail {
    /// Reads `stderr` to its end, copying it to this process's stderr if
    /// `forward`.
    pub(crate) fn read(mut stderr: ChildStderr, forward: bool) -> io::Result<Self> {
        let tail = Arc::new(Mutex::new(VecDeque::with_capacity(STDERR_TAIL)));
        let (finished, done) = mpsc::sync_channel(1);
        let shared = Arc::clone(&tail);
        std::thread::Builder::new()
            .name("tripool-stderr".into())
            .spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n @ 1..) = stderr.read(&mut buf) {
                    if forward {
                        let _ = io::stderr().write_all(&buf[..n]);
                    }
                    let mut tail = shared.lock().unwrap_or_else(|e| e.into_inner());
                    tail.extend(&buf[..n]);
                    let excess = tail.len().saturating_sub(STDERR_TAIL);
                    tail.drain(..excess);
                }
                drop(stderr);
                let _ = finished.send(());
            })?;
        Ok(Self { tail, done })
    }

    /// The tail, once the stream ended or after a short grace period.
    fn finish(self) -> String {
        let _ = self.done.recv_timeout(STDERR_GRACE);
        let tail = self.tail.lock().unwrap_or_else(|e| e.into_inner());
        let (a, b) = tail.as_slices();
        String::from_utf8_lossy(&[a, b].concat()).into_owned()
    }
}

/// Waits for the worker's answer and exit, then completes its task.
pub(crate) fn watch<T: DeserializeOwned>(
    transport: Transport,
    child: Arc<ChildState>,
    stderr: Option<StderrTail>,
    completer: Completer<T>,
) {
    let answer = transport.recv();
    drop(transport);
    let status = child.reap();
    let stderr = stderr.map(StderrTail::finish).unwrap_or_default();
    let died = |cause| TaskError::WorkerDied {
        pid: child.pid,
        cause,
        stderr: stderr.clone(),
    };
    let result = match answer.map(|frame| {
        let Encoded { bytes, fds } = frame;
        postcard::from_bytes::<Response>(&bytes).map(|response| (response, fds))
    }) {
        Ok(Ok((Response::Done(bytes), fds))) => {
            codec::decode(Encoded { bytes, fds }).map_err(|error| TaskError::Deserialize {
                what: "result",
                message: error.to_string(),
            })
        }
        Ok(Ok((Response::Panicked(message), _))) => Err(died(ExitCause::Panicked { message })),
        Ok(Ok((Response::UnknownTask(name), _))) => Err(TaskError::UnknownTask { name }),
        // The parent checks for duplicates before it spawns, so this only
        // happens if the binary changed on disk meanwhile.
        Ok(Ok((Response::Duplicate(message), _))) => Err(TaskError::UnknownTask { name: message }),
        Ok(Ok((Response::BadArgs(message), _))) => Err(TaskError::Deserialize {
            what: "arguments",
            message,
        }),
        Ok(Ok((Response::BadOutput(message), _))) => Err(TaskError::Serialize {
            what: "result",
            message,
        }),
        Ok(Err(error)) => Err(TaskError::Deserialize {
            what: "result",
            message: error.to_string(),
        }),
        Err(_) => Err(died(cause_of(status))),
    };
    completer.complete(result);
}

fn cause_of(status: Option<ExitStatus>) -> ExitCause {
    match status {
        Some(status) => match (status.signal(), status.code()) {
            (Some(signal), _) => ExitCause::Signal { signal },
            (None, Some(code)) => ExitCause::Code { code },
            (None, None) => ExitCause::Code { code: -1 },
        },
        None => ExitCause::Code { code: -1 },
    }
}
