//! Jobs and the worker loop.
//!
//! A pool job is a [`tripool_task::Job`]: the closure inside its task's own
//! allocation, the only one per task (see `README.md`). Workers take jobs
//! from the pool's [`JobQueue`], which parks them while it is empty and
//! wakes one per job while any is idle, so no wake-up is lost and an idle
//! pool costs no CPU. A scope's helpers run boxed [`TaskJob`]s instead,
//! whose closures may borrow.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tripool_sync::Event;
use tripool_task::{Completer, TaskError};

use super::queue::JobQueue;

/// A scope's unit of work, with its result's completer inside.
pub(crate) trait Job: Send {
    /// Runs the job (unless its handle was cancelled) and delivers the result.
    fn run(self: Box<Self>);
}

/// What a scope's helpers receive: a job, or `None` to stop.
pub(crate) type Message<'a> = Option<Box<dyn Job + 'a>>;

/// A scope's closure and the completer of its handle.
pub(crate) struct TaskJob<F, T> {
    f: F,
    completer: Unrun<T>,
}

impl<F, T> TaskJob<F, T> {
    pub(crate) fn boxed(f: F, completer: Completer<T>) -> Box<Self> {
        Box::new(Self {
            f,
            completer: Unrun(Some(completer)),
        })
    }
}

impl<F, T> Job for TaskJob<F, T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    fn run(self: Box<Self>) {
        let Self { f, mut completer } = *self;
        if let Some(completer) = completer.0.take() {
            completer.run(f);
        }
    }
}

/// A completer whose job was dropped without running (a scope's helper
/// could not start): its handle resolves to [`TaskError::PoolShutDown`].
struct Unrun<T>(Option<Completer<T>>);

impl<T> Drop for Unrun<T> {
    fn drop(&mut self) {
        if let Some(completer) = self.0.take() {
            completer.complete(Err(TaskError::PoolShutDown));
        }
    }
}

thread_local! {
    /// The id of the pool the calling thread works for (0: none).
    static POOL: Cell<u64> = const { Cell::new(0) };
}

/// Whether the calling thread is a worker of pool `id`.
pub(crate) fn is_worker_of(id: u64) -> bool {
    POOL.get() == id
}

/// What workers share with their pool.
pub(crate) struct Shared {
    pub(crate) id: u64,
    pub(crate) queue: JobQueue,
    /// Workers that have not stopped yet.
    pub(crate) live: AtomicUsize,
    /// Set when the last worker stops.
    pub(crate) terminated: Event,
}

/// A worker's life: run jobs until the queue is closed and empty.
pub(crate) fn work(shared: &Arc<Shared>) {
    POOL.set(shared.id);
    while let Some(job) = shared.queue.pop() {
        // `Completer::run` already turns a panic into the task's error; this
        // also covers a closure whose drop panics, so the worker survives.
        let _ = catch_unwind(AssertUnwindSafe(|| job.run()));
    }
    shared.workers_stopped(1);
}

impl Shared {
    /// Records that `n` workers stopped (or never started); the last one
    /// sets [`terminated`](Shared::terminated).
    pub(crate) fn workers_stopped(&self, n: usize) {
        if self.live.fetch_sub(n, Ordering::AcqRel) == n {
            self.terminated.set();
        }
    }
}
