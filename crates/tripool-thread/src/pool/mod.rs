//! [`ThreadPool`]: a fixed set of named workers running submitted closures.
//!
//! Design notes (hot path, shutdown races, map window, scope): `README.md`
//! beside this file.

mod builder;
mod map;
mod queue;
mod scope;
mod worker;

use std::fmt;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use tripool_sync::Event;
use tripool_task::{TaskError, TaskHandle, new_job};

pub use builder::{BuildError, ThreadPoolBuilder};
pub use map::{Map, MapUnordered};
pub use scope::Scope;

use crate::thread::ThreadBuilder;
use queue::JobQueue;
use worker::Shared;

/// A fixed number of named worker threads running submitted closures:
/// Python's `concurrent.futures.ThreadPoolExecutor`.
///
/// [`submit`](ThreadPool::submit) returns a [`TaskHandle`] at once; a
/// panicking task resolves its handle to [`TaskError::Panicked`] and the
/// worker goes on. [`map`](ThreadPool::map) and
/// [`map_unordered`](ThreadPool::map_unordered) stream results with a
/// bounded number of tasks in flight; [`scope`](ThreadPool::scope) runs
/// tasks that borrow from the caller's stack.
///
/// Dropping the pool waits for every submitted task, like
/// [`shutdown(true, false)`](ThreadPool::shutdown).
///
/// # Examples
///
/// ```
/// use tripool_thread::ThreadPool;
///
/// let pool = ThreadPool::new();
/// let handles: Vec<_> = (0..4u64).map(|i| pool.submit(move || i * i)).collect();
/// let squares: Vec<u64> = handles.into_iter().map(|h| h.result().unwrap()).collect();
/// assert_eq!(squares, [0, 1, 4, 9]);
///
/// let doubled: Vec<u64> = pool.map(|x| x * 2, 1..=3).map(Result::unwrap).collect();
/// assert_eq!(doubled, [2, 4, 6]);
/// ```
pub struct ThreadPool {
    shared: Arc<Shared>,
    shut: AtomicBool,
    natives: Mutex<Vec<JoinHandle<()>>>,
    workers: NonZeroUsize,
    map_window: NonZeroUsize,
    name: String,
}

impl ThreadPool {
    /// A pool with the default settings: as many workers as
    /// [`std::thread::available_parallelism`], or the `TRIPOOL_WORKERS`
    /// environment variable clamped to `1..=1024` (see
    /// [`ThreadPoolBuilder::workers`]); workers named `tripool-worker-N`.
    ///
    /// # Panics
    ///
    /// Panics if the OS refuses to start a worker thread; use
    /// [`ThreadPool::builder`] to get a [`BuildError`] instead.
    pub fn new() -> Self {
        match ThreadPoolBuilder::new().build() {
            Ok(pool) => pool,
            Err(err) => panic!("{err}: {}", err_chain(&err)),
        }
    }

    /// A builder for the worker count, names, stack size and map window.
    pub fn builder() -> ThreadPoolBuilder {
        ThreadPoolBuilder::new()
    }

    fn start(builder: ThreadPoolBuilder) -> Result<Self, BuildError> {
        let workers = builder.worker_count();
        let shared = Arc::new(Shared {
            id: crate::current::next_ident(),
            queue: JobQueue::new(),
            live: AtomicUsize::new(workers.get()),
            terminated: Event::new(),
        });
        let name = builder
            .thread_name
            .unwrap_or_else(|| "tripool-worker".to_owned());
        let twice = NonZeroUsize::new(workers.get().saturating_mul(2)).unwrap_or(workers);
        let map_window = builder.map_window.unwrap_or(twice);
        let pool = Self {
            shared,
            shut: AtomicBool::new(false),
            natives: Mutex::new(Vec::with_capacity(workers.get())),
            workers,
            map_window,
            name,
        };
        for index in 0..workers.get() {
            let mut thread = ThreadBuilder::new()
                .name(format!("{}-{index}", pool.name))
                .daemon(false)
                .uncounted();
            if let Some(bytes) = builder.stack_size {
                thread = thread.stack_size(bytes);
            }
            let shared = Arc::clone(&pool.shared);
            match thread.start(move || worker::work(&shared)) {
                Ok((native, _)) => pool.lock_natives().push(native),
                Err(err) => {
                    // Workers never started count as stopped already.
                    pool.shared.workers_stopped(workers.get() - index);
                    return Err(err.into()); // `pool` drops: started workers stop
                }
            }
        }
        Ok(pool)
    }

    /// Runs `f` on a worker and returns the handle of its result at once.
    ///
    /// Cancelling the handle before a worker takes the task means it never
    /// runs. After [`shutdown`](ThreadPool::shutdown) the handle is already
    /// resolved to [`TaskError::PoolShutDown`] and `f` is dropped unrun.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = tripool_thread::ThreadPool::new();
    /// let handle = pool.submit(|| "done");
    /// assert_eq!(handle.result().unwrap(), "done");
    ///
    /// pool.shutdown(true, false);
    /// let late = pool.submit(|| "never");
    /// assert!(matches!(late.result(), Err(tripool_task::TaskError::PoolShutDown)));
    /// ```
    pub fn submit<F, T>(&self, f: F) -> TaskHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (job, handle) = new_job(f);
        // Refused once `shutdown` has closed the queue.
        if let Err(job) = self.shared.queue.push(job) {
            job.fail(TaskError::PoolShutDown);
        }
        handle
    }

    /// Stops the pool: Python's `Executor.shutdown(wait, cancel_futures)`.
    ///
    /// Later [`submit`](ThreadPool::submit)s resolve to
    /// [`TaskError::PoolShutDown`]. With `cancel_pending`, tasks no worker
    /// has started are resolved to [`TaskError::Cancelled`] and never run;
    /// otherwise they all run. With `wait`, returns once every worker has
    /// stopped (so every task has finished). Calling it again is allowed;
    /// a later call with `wait` still waits.
    ///
    /// Called from one of the pool's own workers, it never waits (the
    /// worker would wait for itself).
    ///
    /// # Blocking
    ///
    /// With `wait`, blocks until the running and queued tasks have finished.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = tripool_thread::ThreadPool::new();
    /// let handle = pool.submit(|| 1 + 1);
    /// pool.shutdown(true, false);
    /// assert_eq!(handle.result().unwrap(), 2);
    /// ```
    pub fn shutdown(&self, wait: bool, cancel_pending: bool) {
        self.shut.store(true, Ordering::Release);
        // Workers finish what stays queued, then stop.
        for job in self.shared.queue.close(cancel_pending) {
            job.fail(TaskError::Cancelled);
        }
        if wait && !worker::is_worker_of(self.shared.id) {
            self.shared.terminated.wait();
            for native in self.lock_natives().drain(..) {
                let _ = native.join();
            }
        }
    }

    /// The number of worker threads.
    pub fn workers(&self) -> usize {
        self.workers.get()
    }

    /// Whether [`shutdown`](ThreadPool::shutdown) has been called.
    pub fn is_shutdown(&self) -> bool {
        self.shut.load(Ordering::Acquire)
    }

    fn lock_natives(&self) -> std::sync::MutexGuard<'_, Vec<JoinHandle<()>>> {
        self.natives.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The error and its source on one line, for `new`'s panic message.
fn err_chain(err: &BuildError) -> String {
    let mut source = std::error::Error::source(err);
    let mut text = String::new();
    while let Some(cause) = source {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

impl Default for ThreadPool {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        self.shutdown(true, false);
    }
}

impl fmt::Debug for ThreadPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPool")
            .field("name", &self.name)
            .field("workers", &self.workers)
            .field("queued", &self.shared.queue.len())
            .field("shutdown", &self.is_shutdown())
            .finish()
    }
}
