//! Threads with names and daemon flags, timers and a thread pool: Python's
//! `threading.Thread`, `threading.Timer` and
//! `concurrent.futures.ThreadPoolExecutor`, with Rust's ownership.
//!
//! Every result is a [`TaskHandle`](tripool_task::TaskHandle): a thread, a
//! timer and a pool task are waited for, given timeouts, cancelled or
//! awaited the same way, and a panic becomes
//! [`TaskError::Panicked`](tripool_task::TaskError::Panicked) instead of
//! tearing anything down.
//!
//! # Threads
//!
//! ```
//! use tripool_thread::{Thread, current_thread};
//!
//! let t = Thread::builder()
//!     .name("greeter")
//!     .spawn(|| format!("hello from {}", current_thread().name().unwrap()))?;
//! assert_eq!(t.join().unwrap(), "hello from greeter");
//! # Ok::<(), tripool_thread::SpawnError>(())
//! ```
//!
//! # Daemon threads
//!
//! As in Python, a thread is a daemon if its creator is (the main thread is
//! not), and [`join_non_daemon`] waits for every non-daemon thread, as
//! Python's interpreter does before exiting. Rust itself waits for nothing:
//! returning from `main` ends the process and kills every thread.
//!
//! ```
//! use tripool_thread::{Thread, join_non_daemon};
//!
//! let _ = Thread::builder().daemon(true).spawn(|| loop { std::thread::park() })?;
//! drop(Thread::spawn(|| println!("finishes before main returns")));
//! join_non_daemon(); // waits for the second thread only
//! # Ok::<(), tripool_thread::SpawnError>(())
//! ```
//!
//! # Timers
//!
//! ```
//! use std::time::Duration;
//! use tripool_thread::Timer;
//!
//! let timer = Timer::start(Duration::from_millis(5), || "late");
//! assert_eq!(timer.join().unwrap(), "late");
//! ```
//!
//! # Pools
//!
//! ```
//! use tripool_thread::ThreadPool;
//!
//! let pool = ThreadPool::new();
//! let handle = pool.submit(|| 21 * 2);
//! assert_eq!(handle.result().unwrap(), 42);
//!
//! // Lazy map: at most a window of tasks in flight, results in order.
//! let firsts: Vec<u64> = pool.map(|n: u64| n * n, 0..).take(3).map(Result::unwrap).collect();
//! assert_eq!(firsts, [0, 1, 4]);
//!
//! // Tasks borrowing the caller's stack.
//! let data = [1, 2, 3, 4];
//! let sum: i32 = pool.scope(|s| {
//!     let halves = data.chunks(2).map(|c| s.submit(move || c.iter().sum::<i32>()));
//!     halves.collect::<Vec<_>>().into_iter().map(|h| h.result().unwrap()).sum()
//! });
//! assert_eq!(sum, 10);
//! ```

#![forbid(unsafe_code)]

mod current;
mod daemon;
mod pool;
mod thread;
mod timer;

pub use current::{CurrentThread, current_thread};
pub use daemon::join_non_daemon;
pub use pool::{BuildError, Map, MapUnordered, Scope, ThreadPool, ThreadPoolBuilder};
pub use thread::{SpawnError, Thread, ThreadBuilder};
pub use timer::Timer;
