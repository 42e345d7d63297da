//! tripool: processes, threads and coroutines behind one API, with the names
//! of Python's `threading`, `queue` and `concurrent.futures`.
//!
//! This facade is the crate to depend on. It only re-exports:
//!
//! - [`sync`]: `Lock`, `RLock`, `Condition`, `Semaphore`, `BoundedSemaphore`,
//!   `Event`, `Barrier`, and the queues `Queue`, `LifoQueue`, `PriorityQueue`.
//!   Every wait comes as `op`, `try_op`, `op_timeout`, `op_deadline` and
//!   `op_async`.
//! - [`task`](mod@task): `TaskHandle` (a future you can also block on), `TaskError`,
//!   `as_completed` and `wait`.
//! - [`thread`]: `Thread`, `Timer`, `ThreadPool`, `join_non_daemon`.
//! - [`process`]: `Process` runs a `#[tripool::task]` function in a worker
//!   process (this binary started again); shared memory and cross-process
//!   primitives. [`init`] or `#[tripool::main]` turns a worker into one.
//!
//! ```
//! use tripool::sync::Queue;
//! use tripool::thread::ThreadPool;
//!
//! let pool = ThreadPool::new();
//! let queue = Queue::new();
//! pool.scope(|s| {
//!     for i in 0..4 {
//!         let queue = &queue;
//!         s.submit(move || queue.put(i * i).unwrap());
//!     }
//! });
//! let mut squares: Vec<i32> = std::iter::from_fn(|| queue.try_get().ok()).collect();
//! squares.sort_unstable();
//! assert_eq!(squares, [0, 1, 4, 9]);
//! ```
#![forbid(unsafe_code)]

/// Threads' synchronization primitives and queues (`tripool-sync`).
pub mod sync {
    pub use tripool_sync::*;
}

/// The task model: handles, errors, `as_completed`, `wait` (`tripool-task`).
pub mod task {
    pub use tripool_task::*;
}

/// Threads, timers and the thread pool (`tripool-thread`).
pub mod thread {
    pub use tripool_thread::*;
}

/// Processes, IPC and shared memory (`tripool-process`).
///
/// ```
/// use tripool::process::Process;
///
/// #[tripool::task]
/// fn square(x: u64) -> u64 {
///     x * x
/// }
///
/// #[tripool::main]
/// fn main() {
///     let worker = Process::spawn(square::Task, (12,)).unwrap();
///     assert_eq!(worker.join(), Ok(144));
///     assert_eq!(square(3), 9); // still a plain function
/// }
/// ```
pub mod process {
    pub use tripool_process::*;
}

/// `#[tripool::task]` registers a function as a task a worker process can
/// run (see [`process::Task`]); `#[tripool::main]` wraps `main` with
/// [`init`] first and [`thread::join_non_daemon`] last.
pub use tripool_macros::{main, task};

pub use tripool_process::init;

/// The README's tour, compiled and run as doctests.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
