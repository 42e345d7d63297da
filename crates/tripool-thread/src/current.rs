//! Who is running: the per-thread record behind [`current_thread`].

use std::cell::OnceCell;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The next identifier to hand out; 0 is never used.
static NEXT_IDENT: AtomicU64 = AtomicU64::new(1);

/// A fresh identifier, unique for the life of the process.
pub(crate) fn next_ident() -> u64 {
    NEXT_IDENT.fetch_add(1, Ordering::Relaxed)
}

thread_local! {
    static CURRENT: OnceCell<CurrentThread> = const { OnceCell::new() };
}

/// Records `info` as the calling thread's identity; called first thing in
/// every thread tripool starts.
pub(crate) fn enter(info: CurrentThread) {
    CURRENT.with(|cell| {
        // A fresh thread has an empty cell; a second `enter` cannot happen.
        let _ = cell.set(info);
    });
}

/// The identity of the calling thread, as Python's `threading.current_thread()`.
///
/// Threads started by tripool ([`Thread`](crate::Thread), [`Timer`](crate::Timer),
/// [`ThreadPool`](crate::ThreadPool) workers) report the name, identifier and
/// daemon flag they were given. Any other thread (the main thread, a
/// `std::thread`) reports std's name (`"main"` for the main thread), an
/// identifier assigned on its first call, and `daemon() == false`.
///
/// # Examples
///
/// ```
/// use tripool_thread::{Thread, current_thread};
///
/// let me = current_thread();
/// assert_eq!(me.ident(), current_thread().ident());
///
/// let t = Thread::builder()
///     .name("worker")
///     .spawn(|| current_thread().name().map(str::to_owned))
///     .unwrap();
/// assert_eq!(t.join().unwrap().as_deref(), Some("worker"));
/// ```
pub fn current_thread() -> CurrentThread {
    CURRENT.with(|cell| {
        cell.get_or_init(|| CurrentThread {
            ident: next_ident(),
            name: std::thread::current().name().map(Arc::from),
            daemon: false,
        })
        .clone()
    })
}

/// The daemon flag a thread spawned now inherits (Python's default).
pub(crate) fn current_daemon() -> bool {
    CURRENT.with(|cell| cell.get().is_some_and(|me| me.daemon))
}

/// A snapshot of a thread's identity, returned by [`current_thread`].
///
/// # Examples
///
/// ```
/// let me = tripool_thread::current_thread();
/// assert!(me.ident() > 0);
/// assert!(!me.is_daemon());
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CurrentThread {
    pub(crate) ident: u64,
    pub(crate) name: Option<Arc<str>>,
    pub(crate) daemon: bool,
}

impl CurrentThread {
    /// The thread's identifier: unique among all threads of the process and
    /// never reused (Python's `Thread.ident`, though not the OS thread id).
    pub fn ident(&self) -> u64 {
        self.ident
    }

    /// The thread's name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Whether the thread is a daemon: [`join_non_daemon`](crate::join_non_daemon)
    /// does not wait for it, and threads it spawns are daemons by default.
    pub fn is_daemon(&self) -> bool {
        self.daemon
    }
}

impl fmt::Debug for CurrentThread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CurrentThread")
            .field("ident", &self.ident)
            .field("name", &self.name())
            .field("daemon", &self.daemon)
            .finish()
    }
}
