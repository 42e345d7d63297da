//! The task model every tripool executor shares: a [`TaskHandle`] is the
//! result of work running elsewhere (Python's `concurrent.futures.Future`,
//! and a Rust [`Future`](std::future::Future)); a [`TaskError`] says why there
//! is no result.
//!
//! # Using handles
//!
//! Executors (thread pools, process pools, coroutines) return a
//! [`TaskHandle`] for each submitted task. Block for its result, await it, or
//! attach a callback:
//!
//! ```
//! use tripool_task::{TaskError, new_task};
//!
//! let (completer, handle) = new_task();
//! std::thread::spawn(move || completer.run(|| 2 + 2));
//! assert_eq!(handle.result(), Ok(4));
//!
//! let (completer, handle) = new_task::<u32>();
//! std::thread::spawn(move || completer.run(|| panic!("lost the plot")));
//! assert_eq!(
//!     handle.result(),
//!     Err(TaskError::Panicked { message: "lost the plot".into() }),
//! );
//! ```
//!
//! # Writing an executor
//!
//! [`new_task`] makes a ([`Completer`], [`TaskHandle`]) pair. The executor
//! keeps the completer: [`Completer::start`] tells it whether the task was
//! cancelled meanwhile, [`Completer::complete`] delivers the outcome, and
//! [`Completer::run`] does both around a closure, turning a panic into
//! [`TaskError::Panicked`] (as [`catch_panic`] does). A completer dropped
//! without completing resolves its handle to [`TaskError::Abandoned`]: a task
//! is never lost silently.
//!
//! ```
//! use std::sync::mpsc;
//! use tripool_task::{Completer, TaskHandle, new_task};
//!
//! type Job = Box<dyn FnOnce() + Send>;
//!
//! let (queue, jobs) = mpsc::channel::<Job>();
//! let worker = std::thread::spawn(move || jobs.into_iter().for_each(|job| job()));
//! let submit = |x: u64| -> TaskHandle<u64> {
//!     let (completer, handle) = new_task();
//!     queue.send(Box::new(move || { completer.run(|| x * x); })).unwrap();
//!     handle
//! };
//! let handles: Vec<_> = (1..=3).map(submit).collect();
//! let squares: Vec<_> = handles.into_iter().map(|h| h.result().unwrap()).collect();
//! assert_eq!(squares, [1, 4, 9]);
//! # drop(submit); drop(queue); worker.join().unwrap();
//! ```
//!
//! # State of a task
//!
//! A task is *pending*, *running* once its executor starts it, then
//! *finished*; a pending task may instead be *cancelled*
//! ([`TaskHandle::cancel`]) and then never runs. Finished and cancelled tasks
//! are *done*; a done task's outcome never changes.

#![forbid(unsafe_code)]

mod completer;
mod error;
mod handle;
mod loom;
mod panic;
mod result_error;
mod state;
mod watch;

pub use completer::{Completer, new_task};
pub use error::TaskError;
pub use handle::TaskHandle;
pub use panic::{callback_panics, catch_panic};
pub use result_error::ResultTimeoutError;
