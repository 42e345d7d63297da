//! `RLock<T>`: Python's `threading.RLock`, a lock its owner may take again.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::lock::{RawAcquire, RawLock};
use crate::loom::atomic::{AtomicUsize, Ordering};
use crate::wait::deadline_after;

/// A reentrant lock: the thread that holds it may acquire it again, and it is
/// released when the last of that thread's guards drops. Python's
/// `threading.RLock`, owning the data it protects.
///
/// Since one thread may hold several guards at once, a guard gives only
/// `&T`; put a `RefCell` or `Cell` inside for mutation (`RLock<T>` is `Sync`
/// whenever `T: Send`, so `RLock<RefCell<T>>` may be shared between threads).
/// Guards cannot leave their thread: the owner is a thread, as in Python.
///
/// # Ownership and tasks
///
/// Ownership belongs to the thread, not to a task. [`acquire_async`] on a
/// thread that already holds the lock succeeds at once, so two tasks of a
/// single-threaded executor share an `RLock` exactly as two coroutines on one
/// Python thread share a `threading.RLock`. Between tasks, use [`Lock`].
///
/// [`acquire_async`]: RLock::acquire_async
/// [`Lock`]: crate::Lock
///
/// # Examples
///
/// ```
/// use std::cell::RefCell;
/// use tripool_sync::RLock;
///
/// let log = RLock::new(RefCell::new(Vec::new()));
/// let outer = log.acquire();
/// outer.borrow_mut().push("outer");
/// {
///     // The owner may acquire again: no deadlock.
///     let inner = log.acquire();
///     inner.borrow_mut().push("inner");
/// }
/// assert!(log.is_owned());
/// drop(outer);
/// assert!(!log.locked());
/// assert_eq!(log.into_inner().into_inner(), ["outer", "inner"]);
/// ```
pub struct RLock<T: ?Sized> {
    raw: RawLock,
    /// Identity of the owning thread (see [`current_thread`]), 0 if none.
    /// Written only by the owner; a thread reading it can only see its own
    /// identity if it wrote it, so `Relaxed` suffices (as in parking_lot).
    owner: AtomicUsize,
    /// How many guards the owner holds; touched only by the owner.
    count: AtomicUsize,
    data: T,
}

// SAFETY: all guards of an `RLock` live on its one owning thread at a time,
// so `T` is only ever reached from one thread at once and moves between
// threads with the lock: `T: Send` is enough, as for parking_lot's
// `ReentrantMutex`.
unsafe impl<T: ?Sized + Send> Sync for RLock<T> {}

impl<T> RLock<T> {
    /// A free reentrant lock protecting `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::RLock::new(5);
    /// assert!(!lock.locked());
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            raw: RawLock::new(),
            owner: AtomicUsize::new(0),
            count: AtomicUsize::new(0),
            data: value,
        }
    }

    /// Consumes the lock and returns the data.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_sync::RLock::new(3).into_inner(), 3);
    /// ```
    pub fn into_inner(self) -> T {
        self.data
    }
}

impl<T: ?Sized> RLock<T> {
    /// Blocks until the calling thread holds the lock; returns at once if it
    /// holds it already.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread while another thread holds the lock; from
    /// async code use [`acquire_async`](RLock::acquire_async).
    ///
    /// # Panics
    ///
    /// Panics if the owner already holds `usize::MAX` guards (only reachable
    /// by leaking guards).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::RLock::new(1);
    /// let a = lock.acquire();
    /// let b = lock.acquire();
    /// assert_eq!(*a + *b, 2);
    /// ```
    pub fn acquire(&self) -> RLockGuard<'_, T> {
        let me = current_thread();
        if self.is_owner(me) {
            return self.reenter();
        }
        self.raw.lock();
        self.enter(me)
    }

    /// Acquires the lock if it is free or already held by the calling thread;
    /// never blocks.
    ///
    /// # Panics
    ///
    /// As [`acquire`](RLock::acquire).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::RLock::new(());
    /// let held = lock.try_acquire().unwrap();
    /// assert!(lock.try_acquire().is_some()); // reentrant
    /// std::thread::scope(|s| {
    ///     s.spawn(|| assert!(lock.try_acquire().is_none()));
    /// });
    /// drop(held);
    /// ```
    pub fn try_acquire(&self) -> Option<RLockGuard<'_, T>> {
        let me = current_thread();
        if self.is_owner(me) {
            return Some(self.reenter());
        }
        self.raw.try_lock().then(|| self.enter(me))
    }

    /// Blocks until the lock is acquired or `timeout` passes; `None` on
    /// timeout. The owner acquires at once.
    ///
    /// # Panics
    ///
    /// As [`acquire`](RLock::acquire).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let lock = tripool_sync::RLock::new(());
    /// let held = lock.acquire();
    /// std::thread::scope(|s| {
    ///     s.spawn(|| assert!(lock.acquire_timeout(Duration::from_millis(1)).is_none()));
    /// });
    /// assert!(lock.acquire_timeout(Duration::from_millis(1)).is_some());
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<RLockGuard<'_, T>> {
        self.acquire_until(deadline_after(timeout))
    }

    /// Blocks until the lock is acquired or `deadline` passes; `None` if it
    /// passed first. The owner acquires at once.
    ///
    /// # Panics
    ///
    /// As [`acquire`](RLock::acquire).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let lock = tripool_sync::RLock::new(());
    /// assert!(lock.acquire_deadline(Instant::now() + Duration::from_secs(1)).is_some());
    /// ```
    pub fn acquire_deadline(&self, deadline: Instant) -> Option<RLockGuard<'_, T>> {
        self.acquire_until(Some(deadline))
    }

    fn acquire_until(&self, deadline: Option<Instant>) -> Option<RLockGuard<'_, T>> {
        let me = current_thread();
        if self.is_owner(me) {
            return Some(self.reenter());
        }
        self.raw.lock_until(deadline).then(|| self.enter(me))
    }

    /// Acquires the lock from async code; the thread that completes the
    /// future becomes the owner (see [Ownership and tasks](RLock#ownership-and-tasks)).
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, as [`Lock::acquire_async`](crate::Lock::acquire_async):
    /// a dropped future leaves the queue or passes its wake-up on.
    ///
    /// # Panics
    ///
    /// As [`acquire`](RLock::acquire).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::RLock::new(7);
    /// futures::executor::block_on(async {
    ///     let guard = lock.acquire_async().await;
    ///     assert_eq!(*guard, 7);
    ///     assert!(lock.is_owned());
    /// });
    /// ```
    pub fn acquire_async(&self) -> RLockAcquire<'_, T> {
        RLockAcquire {
            rlock: self,
            raw: self.raw.lock_async(),
        }
    }

    /// Whether the calling thread holds the lock (Python's `_is_owned()`).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::RLock::new(());
    /// assert!(!lock.is_owned());
    /// let held = lock.acquire();
    /// assert!(lock.is_owned());
    /// std::thread::scope(|s| {
    ///     s.spawn(|| assert!(!lock.is_owned()));
    /// });
    /// ```
    pub fn is_owned(&self) -> bool {
        self.is_owner(current_thread())
    }

    /// Whether any thread holds the lock. The answer may be stale as soon as
    /// it is returned.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::RLock::new(());
    /// let held = lock.acquire();
    /// assert!(lock.locked());
    /// drop(held);
    /// assert!(!lock.locked());
    /// ```
    pub fn locked(&self) -> bool {
        self.raw.is_locked()
    }

    /// The data, through a unique borrow: no locking is needed.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut lock = tripool_sync::RLock::new(1);
    /// *lock.get_mut() += 1;
    /// assert_eq!(lock.into_inner(), 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        &mut self.data
    }

    fn is_owner(&self, me: usize) -> bool {
        self.owner.load(Ordering::Relaxed) == me
    }

    /// A further guard for the thread that owns the lock.
    fn reenter(&self) -> RLockGuard<'_, T> {
        let count = self.count.load(Ordering::Relaxed);
        let count = count.checked_add(1).expect("RLock acquired too many times");
        self.count.store(count, Ordering::Relaxed);
        RLockGuard::new(self)
    }

    /// The first guard, once the raw lock is held.
    fn enter(&self, me: usize) -> RLockGuard<'_, T> {
        self.owner.store(me, Ordering::Relaxed);
        self.count.store(1, Ordering::Relaxed);
        RLockGuard::new(self)
    }
}

impl<T: Default> Default for RLock<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for RLock<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RLock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("RLock");
        match self.try_acquire() {
            Some(guard) => d.field("data", &&*guard),
            None => d.field("data", &format_args!("<locked>")),
        };
        d.finish_non_exhaustive()
    }
}

/// Shared access to an [`RLock`]'s data; the lock is released when the
/// owner's last guard drops.
///
/// The guard stays on the thread that acquired it (neither `Send` nor
/// `Sync`), since ownership is per thread:
///
/// ```compile_fail
/// let lock = tripool_sync::RLock::new(0);
/// let guard = lock.acquire();
/// std::thread::scope(|s| {
///     s.spawn(move || drop(guard)); // error: `RLockGuard` is not `Send`
/// });
/// ```
///
/// # Examples
///
/// ```
/// use std::cell::Cell;
///
/// let lock = tripool_sync::RLock::new(Cell::new(0));
/// let guard = lock.acquire();
/// guard.set(guard.get() + 1);
/// assert_eq!(lock.acquire().get(), 1);
/// ```
#[must_use = "if unused the lock is released at once"]
pub struct RLockGuard<'a, T: ?Sized> {
    rlock: &'a RLock<T>,
    _not_send: PhantomData<*const ()>,
}

impl<'a, T: ?Sized> RLockGuard<'a, T> {
    fn new(rlock: &'a RLock<T>) -> Self {
        Self {
            rlock,
            _not_send: PhantomData,
        }
    }
}

impl<T: ?Sized> std::ops::Deref for RLockGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.rlock.data
    }
}

impl<T: ?Sized> Drop for RLockGuard<'_, T> {
    fn drop(&mut self) {
        let rlock = self.rlock;
        let count = rlock.count.load(Ordering::Relaxed) - 1;
        rlock.count.store(count, Ordering::Relaxed);
        if count == 0 {
            rlock.owner.store(0, Ordering::Relaxed);
            rlock.raw.unlock();
        }
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for RLockGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for RLockGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// Future of [`RLock::acquire_async`]: resolves to a guard owned by the
/// thread that polled it to completion.
///
/// # Cancel safety
///
/// Cancel safe: see [`RLock::acquire_async`].
///
/// # Examples
///
/// ```
/// use tripool_sync::{RLock, RLockAcquire};
///
/// let lock = RLock::new(1);
/// let held = lock.acquire();
/// // The owning thread gets a further guard at once.
/// let acquire: RLockAcquire<'_, i32> = lock.acquire_async();
/// assert_eq!(*futures::executor::block_on(acquire) + *held, 2);
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct RLockAcquire<'a, T: ?Sized> {
    rlock: &'a RLock<T>,
    raw: RawAcquire<'a>,
}

impl<'a, T: ?Sized> Future for RLockAcquire<'a, T> {
    type Output = RLockGuard<'a, T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let rlock = self.rlock;
        let me = current_thread();
        if rlock.is_owner(me) {
            // Replacing the raw future drops any place it took in the queue.
            self.raw = rlock.raw.lock_async();
            return Poll::Ready(rlock.reenter());
        }
        Pin::new(&mut self.raw).poll(cx).map(|()| rlock.enter(me))
    }
}

impl<T: ?Sized> fmt::Debug for RLockAcquire<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RLockAcquire").finish_non_exhaustive()
    }
}

#[cfg(not(tripool_loom))]
std::thread_local! {
    static THREAD_KEY: u8 = const { 0 };
}

#[cfg(tripool_loom)]
loom::thread_local! {
    static THREAD_KEY: u8 = 0;
}

/// A non-zero identity of the calling thread, unique among live threads:
/// the address of a thread-local byte (cheaper than `thread::current().id()`).
#[inline]
fn current_thread() -> usize {
    THREAD_KEY.with(|key| std::ptr::from_ref(key).addr())
}
