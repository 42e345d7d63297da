//! [`ThreadPool::scope`]: tasks that borrow from the caller's stack.
//!
//! Pool workers are `'static` threads, and handing them a borrowing closure
//! safely is impossible without `unsafe` lifetime erasure, which this crate
//! forbids. A scope therefore runs its tasks on up to
//! [`workers`](ThreadPool::workers) *scoped* helper threads of its own
//! (`std::thread::scope`), started on demand and joined before `scope`
//! returns; the compiler proves every borrow outlives them.
//!
//! Helpers take jobs from the scope's own channel. A submit either claims an
//! idle helper (the `idle` count) or starts a new one while fewer than
//! `workers` exist, so tasks that wait for each other never starve while a
//! helper could still be started.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crossbeam_channel::{Receiver, Sender};
use tripool_task::{TaskHandle, new_task};

use super::ThreadPool;
use super::worker::{Message, TaskJob};

impl ThreadPool {
    /// Runs `f` with a [`Scope`] whose tasks may borrow anything that outlives
    /// this call, and returns once every task submitted through it has
    /// finished: rayon's `scope`, `std::thread::scope`.
    ///
    /// The tasks run on up to [`workers`](ThreadPool::workers) scoped helper
    /// threads named `<prefix>-scope-<n>`, started as tasks arrive and
    /// joined before this returns (see the module notes: the pool's own
    /// workers cannot run borrowing closures without `unsafe`). A panicking
    /// task resolves its handle to
    /// [`TaskError::Panicked`](tripool_task::TaskError::Panicked); a panic in
    /// `f` itself propagates after the tasks are joined.
    ///
    /// # Blocking
    ///
    /// Blocks until every task of the scope has finished.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = tripool_thread::ThreadPool::new();
    /// let words = vec!["scoped".to_owned(), "tasks".to_owned()];
    /// let mut total = 0;
    /// pool.scope(|s| {
    ///     let lens: Vec<_> = words.iter().map(|w| s.submit(move || w.len())).collect();
    ///     total = lens.into_iter().map(|h| h.result().unwrap()).sum();
    /// });
    /// assert_eq!(total, 11);
    /// ```
    pub fn scope<'env, F, R>(&self, f: F) -> R
    where
        F: for<'scope> FnOnce(&Scope<'scope, 'env>) -> R,
    {
        let name: Arc<str> = Arc::from(self.name.as_str());
        let max = self.workers.get();
        std::thread::scope(|threads| {
            let (jobs, receiver) = crossbeam_channel::unbounded();
            let scope = Scope {
                threads,
                jobs,
                receiver,
                idle: Arc::new(AtomicUsize::new(0)),
                started: AtomicUsize::new(0),
                max,
                name,
                _env: PhantomData,
            };
            f(&scope)
            // `scope` drops here: its sender closes the channel, helpers
            // finish the queue and exit, and `std::thread::scope` joins them.
        })
    }
}

/// Submits tasks that borrow from the stack of [`ThreadPool::scope`]'s caller.
///
/// The lifetimes are those of [`std::thread::Scope`]: `'env` is what tasks
/// may borrow, `'scope` the scope itself. Tasks cannot submit further tasks
/// to the scope (the `&Scope` does not live long enough); submit them all
/// from the scope's closure.
///
/// # Examples
///
/// ```
/// let pool = tripool_thread::ThreadPool::new();
/// let mut counts = [0u32; 3];
/// pool.scope(|s| {
///     for (i, count) in counts.iter_mut().enumerate() {
///         let _ = s.submit(move || *count = i as u32 + 1); // joined by `scope`
///     }
/// });
/// assert_eq!(counts, [1, 2, 3]);
/// ```
///
/// A task cannot borrow a value created inside the scope's closure, since
/// it may run after the closure returns:
///
/// ```compile_fail
/// let pool = tripool_thread::ThreadPool::new();
/// pool.scope(|s| {
///     let local = vec![1, 2, 3];
///     s.submit(|| local.len());
/// });
/// ```
pub struct Scope<'scope, 'env: 'scope> {
    threads: &'scope std::thread::Scope<'scope, 'env>,
    jobs: Sender<Message<'env>>,
    receiver: Receiver<Message<'env>>,
    /// Helpers waiting for a job and not yet claimed by a submit.
    idle: Arc<AtomicUsize>,
    started: AtomicUsize,
    max: usize,
    name: Arc<str>,
    /// Invariance, as `std::thread::Scope`: `'env` cannot shrink.
    _env: PhantomData<&'env mut &'env ()>,
}

impl<'env> Scope<'_, 'env> {
    /// Runs `f` on a helper thread of the scope and returns the handle of its
    /// result; `f` may borrow anything that outlives the scope.
    ///
    /// # Panics
    ///
    /// Panics if the OS refuses to start a helper thread while none is
    /// running (with at least one helper, the task just waits its turn).
    pub fn submit<F, T>(&self, f: F) -> TaskHandle<T>
    where
        F: FnOnce() -> T + Send + 'env,
        T: Send + 'env,
    {
        let (completer, handle) = new_task::<T>();
        let _ = self.jobs.send(Some(TaskJob::boxed(f, completer)));
        let claimed = self
            .idle
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1))
            .is_ok();
        if !claimed {
            self.start_helper();
        }
        handle
    }

    /// Starts one more helper unless `max` are running.
    fn start_helper(&self) {
        let Ok(index) = self
            .started
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
        else {
            return;
        };
        let receiver = self.receiver.clone();
        let idle = Arc::clone(&self.idle);
        let spawned = std::thread::Builder::new()
            .name(format!("{}-scope-{index}", self.name))
            .spawn_scoped(self.threads, move || {
                while let Ok(Some(job)) = receiver.recv() {
                    job.run();
                    idle.fetch_add(1, Ordering::AcqRel);
                }
            });
        if let Err(err) = spawned {
            assert!(index > 0, "failed to start a scope helper thread: {err}");
            self.started.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

impl fmt::Debug for Scope<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scope")
            .field("helpers", &self.started.load(Ordering::Relaxed))
            .field("queued", &self.jobs.len())
            .finish_non_exhaustive()
    }
}
