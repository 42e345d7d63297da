//! The task model every tripool executor shares: a [`TaskHandle`] is the
//! result of work running elsewhere (Python's `concurrent.futures.Future`,
//! and a Rust [`Future`]); a [`TaskError`] says why there
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
//! is never lost silently. [`new_job`] bundles a closure with its task in one
//! allocation: the [`Job`] is what an executor queues and runs.
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
//! # Waiting for many tasks
//!
//! [`as_completed`] yields handles as their tasks finish (blocking, with
//! [`as_completed_timeout`], or async with [`AsCompleted::next_async`]);
//! [`wait()`] blocks until the first task finishes, the first fails, or all
//! finish ([`ReturnWhen`]), and splits the handles into done and pending.
//!
//! ```
//! use std::time::Duration;
//! use tripool_task::{ReturnWhen, as_completed, new_task, wait};
//!
//! let (completers, handles): (Vec<_>, Vec<_>) = (0..3).map(|_| new_task()).unzip();
//! for (n, completer) in completers.into_iter().enumerate().rev() {
//!     std::thread::spawn(move || completer.run(|| n * 10));
//! }
//! let mut total = 0;
//! for handle in as_completed(handles) {
//!     total += handle.result().unwrap();
//! }
//! assert_eq!(total, 30);
//!
//! let (_never, stuck) = new_task::<()>();
//! let split = wait([stuck], Some(Duration::from_millis(1)), ReturnWhen::AllCompleted);
//! assert_eq!((split.done.len(), split.pending.len()), (0, 1));
//! ```
//!
//! # State of a task
//!
//! A task is *pending*, *running* once its executor starts it, then
//! *finished*; a pending task may instead be *cancelled*
//! ([`TaskHandle::cancel`]) and then never runs. Finished and cancelled tasks
//! are *done*; a done task's outcome never changes.
//! [`TaskHandle::add_done_callback`] runs code once the task is done.
//!
//! # Differences from Python's `concurrent.futures`
//!
//! - A [`TaskHandle`] owns the result: `result()` consumes it and returns
//!   the value; handles are not `Clone`. Errors are values ([`TaskError`]),
//!   not raised exceptions; a cancelled task's result is
//!   `Err(TaskError::Cancelled)`.
//! - Done callbacks receive the outcome by reference, not the future, and
//!   run *before* waiters are woken, so a done handle has its callbacks run.
//! - [`wait()`] returns two `Vec`s in input order instead of two sets; on
//!   timeout [`as_completed_timeout`] hands the unfinished handles back in its
//!   error instead of raising `TimeoutError`.
//! - Dropping a handle never cancels its task ([`TaskHandle::cancel_on_drop`]
//!   makes one that does, for tasks not yet started).
//! - A panicking done callback is counted in [`callback_panics`] and reported
//!   by the panic hook, where Python logs the exception.

#![forbid(unsafe_code)]

mod as_completed;
mod cancel_on_drop;
mod completer;
mod error;
mod handle;
mod job;
mod loom;
mod panic;
mod result_error;
mod state;
mod wait;
mod watch;

pub use as_completed::{
    AsCompleted, AsCompletedTimeout, AsCompletedTimeoutError, as_completed, as_completed_deadline,
    as_completed_timeout,
};
pub use cancel_on_drop::CancelOnDrop;
pub use completer::{Completer, new_task};
pub use error::{ExitCause, TaskError};
pub use handle::TaskHandle;
pub use job::{Job, new_job};
pub use panic::{callback_panics, catch_panic};
pub use result_error::ResultTimeoutError;
pub use wait::{DoneAndPending, ReturnWhen, wait};
