//! The worker's side: the messages of the control protocol, and the entry
//! point that turns a process started by [`Process::spawn`](crate::Process)
//! into a worker.
//!
//! Protocol: the parent sends a [`Request`] frame whose descriptors belong
//! to the arguments; the worker answers with one [`Response`] frame whose
//! descriptors belong to the result, and waits for the next request. It
//! exits with 0 when the parent closes the socket, and at once (code 101)
//! after a panic, since the task may have left its state broken.
//! [`Process`](crate::Process) sends one request and closes; a pool will
//! send many.

#![deny(unsafe_code)]

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use tripool_task::TaskError;

use crate::codec::{Encoded, Transport};
use crate::registry::{self, RunError};
use crate::sys;

/// The exit code of a worker whose task panicked (as a Rust `main` that
/// panics).
pub(crate) const PANIC_EXIT: i32 = 101;
/// The exit code of a worker that lost its parent before it got a task.
const NO_REQUEST_EXIT: i32 = 70;

/// What the parent asks a worker to run.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    /// The task's registered name.
    pub(crate) name: String,
    /// The postcard-encoded arguments.
    pub(crate) args: Vec<u8>,
}

/// How the task went, as the worker reports it.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) enum Response {
    /// The postcard-encoded result.
    Done(Vec<u8>),
    /// The task panicked with this message.
    Panicked(String),
    /// No task has the requested name.
    UnknownTask(String),
    /// Two tasks share a name in the worker's binary.
    Duplicate(String),
    /// The arguments could not be deserialized.
    BadArgs(String),
    /// The result could not be serialized.
    BadOutput(String),
}

/// Turns this process into a worker if it was started as one, and never
/// returns then; returns at once otherwise. Runs at most once.
#[doc(hidden)]
pub fn worker_boot() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if STARTED.swap(true, Ordering::AcqRel) {
        return;
    }
    let Some(socket) = sys::take_worker_socket() else {
        return;
    };
    let code = serve(&Transport::new(socket));
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    std::process::exit(code);
}

/// Runs requests until the parent closes the socket or a task panics;
/// returns the exit code.
fn serve(transport: &Transport) -> i32 {
    let mut served = false;
    loop {
        let Ok(frame) = transport.recv() else {
            return if served { 0 } else { NO_REQUEST_EXIT };
        };
        served = true;
        let (response, fds, code) = match run(frame) {
            Ok(Encoded { bytes, fds }) => (Response::Done(bytes), fds, 0),
            Err((response, code)) => (response, Vec::new(), code),
        };
        let message = match postcard::to_stdvec(&response) {
            Ok(bytes) => Encoded { bytes, fds },
            Err(_) => return NO_REQUEST_EXIT,
        };
        if let Err(error) = transport.send(&message) {
            eprintln!("tripool worker: could not send the result: {error}");
            return NO_REQUEST_EXIT;
        }
        if code != 0 {
            return code;
        }
    }
}

fn run(frame: Encoded) -> Result<Encoded, (Response, i32)> {
    let Encoded { bytes, fds } = frame;
    let request: Request =
        postcard::from_bytes(&bytes).map_err(|error| (Response::BadArgs(error.to_string()), 0))?;
    let entry = match registry::lookup(&request.name) {
        Ok(Some(entry)) => entry,
        Ok(None) => return Err((Response::UnknownTask(request.name), 0)),
        Err(duplicate) => return Err((Response::Duplicate(duplicate.to_string()), 0)),
    };
    let args = Encoded {
        bytes: request.args,
        fds,
    };
    match panic::catch_unwind(AssertUnwindSafe(|| entry.run(args))) {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(RunError::Args(error))) => Err((Response::BadArgs(error.to_string()), 0)),
        Ok(Err(RunError::Output(error))) => Err((Response::BadOutput(error.to_string()), 0)),
        Err(payload) => {
            let message = match TaskError::from_panic(payload) {
                TaskError::Panicked { message } => message,
                other => other.to_string(),
            };
            Err((Response::Panicked(message), PANIC_EXIT))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec;
    use crate::registry::{TASKS, Task, TaskEntry};

    #[derive(Clone, Copy)]
    struct Double;

    impl Task for Double {
        type Args = (u32,);
        type Output = u32;
        const NAME: &'static str = "worker::tests::double";
        fn call((x,): (u32,)) -> u32 {
            if x == 0 {
                panic!("zero");
            }
            x * 2
        }
    }

    #[linkme::distributed_slice(TASKS)]
    #[allow(unsafe_code)] // linkme places the entry with `link_section`
    static DOUBLE: TaskEntry = TaskEntry::new::<Double>(file!(), line!());

    fn ask(parent: &Transport, name: &str, x: u32) -> Response {
        let args = codec::encode(&(x,)).unwrap().bytes;
        let request = Request {
            name: name.into(),
            args,
        };
        let bytes = postcard::to_stdvec(&request).unwrap();
        parent
            .send(&Encoded {
                bytes,
                fds: Vec::new(),
            })
            .unwrap();
        postcard::from_bytes(&parent.recv().unwrap().bytes).unwrap()
    }

    #[test]
    fn serves_requests_until_the_parent_closes() {
        let (parent, child) = Transport::pair().unwrap();
        let worker = std::thread::spawn(move || serve(&child));
        let Response::Done(bytes) = ask(&parent, Double::NAME, 21) else {
            panic!()
        };
        assert_eq!(postcard::from_bytes::<u32>(&bytes).unwrap(), 42);
        assert!(matches!(ask(&parent, "nope", 1), Response::UnknownTask(name) if name == "nope"));
        assert!(matches!(ask(&parent, Double::NAME, 2), Response::Done(_)));
        drop(parent);
        assert_eq!(worker.join().unwrap(), 0);
    }

    #[test]
    fn stops_after_a_panic() {
        let (parent, child) = Transport::pair().unwrap();
        let worker = std::thread::spawn(move || serve(&child));
        assert!(
            matches!(ask(&parent, Double::NAME, 0), Response::Panicked(message) if message == "zero")
        );
        assert_eq!(worker.join().unwrap(), PANIC_EXIT);
    }

    #[test]
    fn a_parent_that_never_asks_gets_no_request_exit() {
        let (parent, child) = Transport::pair().unwrap();
        drop(parent);
        assert_eq!(serve(&child), NO_REQUEST_EXIT);
    }
}
