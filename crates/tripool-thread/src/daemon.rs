//! The count of live non-daemon threads behind [`join_non_daemon`].
//!
//! A non-daemon thread is counted by its creator *before* the OS thread
//! starts and uncounted by the thread itself after its result is delivered,
//! so a thread started while [`join_non_daemon`] waits is always waited for.

use std::cell::Cell;
use std::sync::{Condvar, Mutex, PoisonError};

/// Live non-daemon threads started through tripool, and a wake-up for
/// [`join_non_daemon`] when the count drops.
static LIVE: Mutex<Count> = Mutex::new(Count {
    live: 0,
    joiners: 0,
});
static CHANGED: Condvar = Condvar::new();

/// The state behind [`LIVE`].
struct Count {
    /// Non-daemon threads counted and not finished.
    live: usize,
    /// Threads inside [`join_non_daemon`]: only then is a notify worth its
    /// system call (thread exit stays as cheap as std's).
    joiners: usize,
}

fn count() -> std::sync::MutexGuard<'static, Count> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

thread_local! {
    /// Whether the calling thread is itself counted in [`LIVE`].
    static COUNTED: Cell<bool> = const { Cell::new(false) };
}

/// One counted non-daemon thread; dropping it uncounts the thread.
#[derive(Debug)]
pub(crate) struct NonDaemon(());

impl NonDaemon {
    /// Counts one more live non-daemon thread.
    pub(crate) fn register() -> Self {
        count().live += 1;
        Self(())
    }

    /// Marks the calling thread as the counted one; called first thing in
    /// the new thread, which then owns the guard until it ends.
    pub(crate) fn adopt(&self) {
        COUNTED.set(true);
    }
}

impl Drop for NonDaemon {
    fn drop(&mut self) {
        let mut count = count();
        count.live -= 1;
        let joiners = count.joiners;
        drop(count);
        if joiners > 0 {
            CHANGED.notify_all();
        }
    }
}

/// Blocks until every non-daemon thread started through tripool has
/// finished, including threads started while it waits: what Python's
/// interpreter does before it exits.
///
/// Rust does not wait for threads: when `main` returns, the process ends
/// and every other thread dies wherever it stands, daemon or not. Call
/// `join_non_daemon()` at the end of `main` to get Python's behaviour
/// (`#[tripool::main]` is meant to do it for you). Daemon threads are never
/// waited for; [`ThreadPool`](crate::ThreadPool) workers are not counted
/// either, since dropping their pool joins them.
///
/// Called from a non-daemon tripool thread, it does not wait for that
/// thread itself (which would never end).
///
/// # Blocking
///
/// Blocks the calling thread, possibly forever if a non-daemon thread never
/// finishes.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
/// use tripool_thread::{Thread, join_non_daemon};
///
/// let done = Arc::new(AtomicBool::new(false));
/// let flag = Arc::clone(&done);
/// drop(Thread::spawn(move || flag.store(true, Ordering::SeqCst))); // detached
/// join_non_daemon();
/// assert!(done.load(Ordering::SeqCst));
/// ```
pub fn join_non_daemon() {
    // A non-daemon tripool thread counts itself until it ends.
    let own = usize::from(COUNTED.get());
    let mut count = count();
    count.joiners += 1;
    while count.live > own {
        count = CHANGED.wait(count).unwrap_or_else(PoisonError::into_inner);
    }
    count.joiners -= 1;
}
