//! Processes with their own address space, IPC and shared memory for tripool.
//!
//! Linux first: every OS call lives in `sys/`.
//!
//! # Tasks and worker processes
//!
//! `#[tripool::task]` registers a function under a stable name; a
//! [`Process`] runs it in a new process, which is this binary started again
//! in *worker mode*:
//!
//! ```
//! use tripool_process::Process;
//!
//! #[tripool_macros::task]
//! fn count(n: u64) -> u64 {
//!     (0..n).sum()
//! }
//!
//! let workers: Vec<_> = (0..3).map(|_| Process::spawn(count::Task, (100_000,)).unwrap()).collect();
//! for worker in workers {
//!     assert_eq!(worker.join(), Ok(4_999_950_000));
//! }
//! ```
//!
//! # How a worker starts
//!
//! Every `#[task]` adds a constructor that runs before `main` (an
//! `.init_array` entry on Linux). In a process started by [`Process`] it
//! takes the control socket, runs the requested task, sends the result and
//! exits, so `main`, and libtest in a test or doctest binary, never run
//! there. Tests and doctests therefore use tasks with nothing special: put
//! `#[tripool::task]` on a function and spawn it.
//!
//! [`init`] does the same from `main`'s first line; call it (or use
//! `#[tripool::main]`) in every binary that spawns processes, so that a
//! worker starts even where constructors do not run.
//!
//! Task names are `module_path!()` plus the function name. Two tasks with
//! one name make every spawn fail with [`DuplicateTaskError`], naming both.

mod codec;
pub mod pipe;
mod process;
mod registry;
mod shm;
mod sync;
mod sys;
mod worker;

pub use pipe::{Connection, Pipe, Receiver, Sender};
pub use process::{JoinTimeoutError, Process, ProcessBuilder, SpawnError};
pub use registry::{DuplicateTaskError, Task};
pub use shm::{
    Array, ArrayGuard, AtomicPlain, AtomicValue, CreateError, IndexError, OpenError, Plain, Value,
    ValueGuard,
};
pub use sync::{Event, Lock, LockGuard};

/// Turns this process into a worker if [`Process`] started it (it then runs
/// its task and exits, never returning); returns at once in a normal run.
///
/// Call it first in `main` (or put `#[tripool::main]` on `main`). On Linux
/// the `#[task]` constructors already do this before `main`, so `init` is
/// a safety net there: it is needed where constructors do not run.
///
/// # Examples
///
/// ```
/// // The first line of `main`; returns at once in a normal run.
/// tripool_process::init();
/// ```
pub fn init() {
    worker::worker_boot();
}

/// What the macros' expansions use; not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::registry::{TASKS, TaskEntry};
    pub use crate::worker::worker_boot;
    pub use linkme;
}
