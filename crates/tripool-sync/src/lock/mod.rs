//! `Lock<T>`: Python's `threading.Lock`, owning the data it protects.

mod raw;

pub(crate) use raw::{RawAcquire, RawLock};

use std::cell::UnsafeCell;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::wait::deadline_after;

/// A mutual-exclusion lock that owns the data it protects: Python's
/// `threading.Lock` with Rust ownership, in the manner of `std::sync::Mutex`.
///
/// [`acquire`](Lock::acquire) returns a [`LockGuard`] that dereferences to the
/// data and releases the lock when dropped (Python's `release`, or the end of
/// a `with` block). Every acquire comes in the crate's family of forms:
/// [`try_acquire`](Lock::try_acquire), [`acquire_timeout`](Lock::acquire_timeout),
/// [`acquire_deadline`](Lock::acquire_deadline) and
/// [`acquire_async`](Lock::acquire_async), so threads and tasks share one lock.
///
/// As in Python, the lock is not reentrant (a thread that acquires it twice
/// deadlocks; see [`RLock`](crate::RLock)) and may be released by another
/// thread than the one that acquired it, by sending the guard there. Unlike
/// `std::sync::Mutex`, it does not poison: a panic while it is held releases it.
///
/// # Performance and fairness
///
/// Acquiring and releasing a free lock is one atomic compare-and-swap each,
/// as in parking_lot. A contended acquire spins briefly, then parks. Release
/// wakes the oldest parked waiter but does not reserve the lock for it: a
/// running thread may take it first (barging), which gives much higher
/// throughput than strict FIFO. To bound starvation, roughly every half
/// millisecond a release hands the lock directly to the woken waiter instead.
///
/// # Examples
///
/// ```
/// use tripool_sync::Lock;
///
/// let counter = Lock::new(0);
/// std::thread::scope(|s| {
///     for _ in 0..4 {
///         s.spawn(|| {
///             for _ in 0..1000 {
///                 *counter.acquire() += 1;
///             }
///         });
///     }
/// });
/// assert_eq!(counter.into_inner(), 4000);
/// ```
pub struct Lock<T: ?Sized> {
    raw: RawLock,
    data: UnsafeCell<T>,
}

// SAFETY: the lock gives `&mut T` to one holder at a time, so sharing a
// `Lock<T>` across threads only ever moves access to `T` between threads:
// that needs `T: Send`, not `T: Sync` (as for `std::sync::Mutex`).
unsafe impl<T: ?Sized + Send> Sync for Lock<T> {}

impl<T> Lock<T> {
    /// A free lock protecting `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::Lock::new(vec![1, 2]);
    /// assert!(!lock.locked());
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            raw: RawLock::new(),
            data: UnsafeCell::new(value),
        }
    }

    /// Consumes the lock and returns the data.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::Lock::new(String::from("kept"));
    /// assert_eq!(lock.into_inner(), "kept");
    /// ```
    pub fn into_inner(self) -> T {
        self.data.into_inner()
    }
}

impl<T: ?Sized> Lock<T> {
    /// Blocks until the lock is acquired and returns the guard.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread while another holds the lock; from async code
    /// use [`acquire_async`](Lock::acquire_async). Acquiring a lock the
    /// calling thread already holds deadlocks, as in Python.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::Lock::new(1);
    /// *lock.acquire() += 1;
    /// assert_eq!(*lock.acquire(), 2);
    /// ```
    #[inline]
    pub fn acquire(&self) -> LockGuard<'_, T> {
        self.raw.lock();
        LockGuard::new(self)
    }

    /// Acquires the lock if it is free; never blocks (Python's
    /// `acquire(blocking=False)`).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::Lock::new(());
    /// let held = lock.try_acquire().unwrap();
    /// assert!(lock.try_acquire().is_none());
    /// drop(held);
    /// assert!(lock.try_acquire().is_some());
    /// ```
    #[inline]
    pub fn try_acquire(&self) -> Option<LockGuard<'_, T>> {
        self.raw.try_lock().then(|| LockGuard::new(self))
    }

    /// Blocks until the lock is acquired or `timeout` passes (Python's
    /// `acquire(timeout=…)`); `None` on timeout. A timeout too large to
    /// represent waits forever.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let lock = tripool_sync::Lock::new(());
    /// let held = lock.acquire();
    /// assert!(lock.acquire_timeout(Duration::from_millis(1)).is_none());
    /// drop(held);
    /// assert!(lock.acquire_timeout(Duration::from_millis(1)).is_some());
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<LockGuard<'_, T>> {
        self.acquire_until(deadline_after(timeout))
    }

    /// Blocks until the lock is acquired or `deadline` passes; `None` if it
    /// passed first.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let lock = tripool_sync::Lock::new(());
    /// let deadline = Instant::now() + Duration::from_secs(1);
    /// assert!(lock.acquire_deadline(deadline).is_some());
    /// ```
    pub fn acquire_deadline(&self, deadline: Instant) -> Option<LockGuard<'_, T>> {
        self.acquire_until(Some(deadline))
    }

    fn acquire_until(&self, deadline: Option<Instant>) -> Option<LockGuard<'_, T>> {
        self.raw.lock_until(deadline).then(|| LockGuard::new(self))
    }

    /// Acquires the lock from async code, on any executor.
    ///
    /// Waiting tasks and parked threads share one queue, so a lock can guard
    /// data used by both.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe. Dropping the future before it completes gives up the
    /// place in the queue; if a release had already chosen this task to wake
    /// (or handed it the lock), the drop passes that wake-up on to the next
    /// waiter, so nobody is left parked beside a free lock.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::Lock::new(0);
    /// futures::executor::block_on(async {
    ///     *lock.acquire_async().await += 1;
    /// });
    /// assert_eq!(*lock.acquire(), 1);
    /// ```
    pub fn acquire_async(&self) -> LockAcquire<'_, T> {
        LockAcquire {
            lock: self,
            raw: self.raw.lock_async(),
        }
    }

    /// Whether the lock is held by some thread or task (Python's `locked()`).
    /// The answer may be stale as soon as it is returned.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_sync::Lock::new(());
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
    /// let mut lock = tripool_sync::Lock::new(1);
    /// *lock.get_mut() = 2;
    /// assert_eq!(lock.into_inner(), 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }

    /// The raw lock, for the primitives built on it.
    pub(crate) fn raw(&self) -> &RawLock {
        &self.raw
    }
}

impl<T: Default> Default for Lock<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> From<T> for Lock<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Lock<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Lock");
        match self.try_acquire() {
            Some(guard) => d.field("data", &&*guard),
            None => d.field("data", &format_args!("<locked>")),
        };
        d.finish_non_exhaustive()
    }
}

/// Access to a [`Lock`]'s data; releases the lock when dropped.
///
/// # Auto traits
///
/// The guard is `Send` when `T: Send`: Python lets another thread release a
/// lock, and sending the guard moves exclusive access as sending a `&mut T`
/// would (this also lets a future hold it across `.await` on a multi-threaded
/// executor). It is `Sync` only when `T: Sync`, since a shared guard shares
/// `&T`:
///
/// ```compile_fail
/// use std::cell::Cell;
/// fn shared<S: Sync>(_: S) {}
/// let lock = tripool_sync::Lock::new(Cell::new(0));
/// shared(&lock.acquire()); // error: `Cell` is not `Sync`
/// ```
///
/// # Examples
///
/// ```
/// let lock = tripool_sync::Lock::new(vec![1]);
/// let mut guard = lock.acquire();
/// guard.push(2);
/// std::thread::scope(|s| {
///     // Released by another thread, as Python allows.
///     s.spawn(move || drop(guard));
/// });
/// assert_eq!(*lock.acquire(), [1, 2]);
/// ```
#[must_use = "if unused the lock is released at once"]
pub struct LockGuard<'a, T: ?Sized> {
    lock: &'a Lock<T>,
    /// Makes the guard `Sync` only if `T: Sync` (a `&'a Lock<T>` alone would
    /// be `Sync` whenever `T: Send`); see the explicit impl below.
    _not_sync: PhantomData<*const ()>,
}

// SAFETY: the guard owns exclusive access to the data until it drops, and
// releasing the lock from any thread is allowed: sending the guard is sending
// a `&mut T`, which needs `T: Send`.
unsafe impl<T: ?Sized + Send> Send for LockGuard<'_, T> {}
// SAFETY: through `&LockGuard` one only reaches `&T`, so `T: Sync` suffices.
unsafe impl<T: ?Sized + Sync> Sync for LockGuard<'_, T> {}

impl<'a, T: ?Sized> LockGuard<'a, T> {
    /// Called only once the raw lock is held on the guard's behalf.
    fn new(lock: &'a Lock<T>) -> Self {
        Self {
            lock,
            _not_sync: PhantomData,
        }
    }

    /// The lock this guard holds, for the primitives built on it.
    pub(crate) fn lock(&self) -> &'a Lock<T> {
        self.lock
    }
}

impl<T: ?Sized> Deref for LockGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: the guard exists only while this holder owns the lock, so
        // no `&mut T` is live elsewhere.
        unsafe { &*self.lock.data.get() }
    }
}

impl<T: ?Sized> DerefMut for LockGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes this borrow unique.
        unsafe { &mut *self.lock.data.get() }
    }
}

impl<T: ?Sized> Drop for LockGuard<'_, T> {
    #[inline]
    fn drop(&mut self) {
        self.lock.raw.unlock();
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for LockGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display> fmt::Display for LockGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

/// Future of [`Lock::acquire_async`]: resolves to the guard.
///
/// # Cancel safety
///
/// Cancel safe: see [`Lock::acquire_async`].
///
/// # Examples
///
/// ```
/// use tripool_sync::{Lock, LockAcquire};
///
/// let lock = Lock::new(1);
/// let acquire: LockAcquire<'_, i32> = lock.acquire_async();
/// assert_eq!(*futures::executor::block_on(acquire), 1);
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct LockAcquire<'a, T: ?Sized> {
    lock: &'a Lock<T>,
    raw: RawAcquire<'a>,
}

impl<'a, T: ?Sized> Future for LockAcquire<'a, T> {
    type Output = LockGuard<'a, T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let lock = self.lock;
        Pin::new(&mut self.raw)
            .poll(cx)
            .map(|()| LockGuard::new(lock))
    }
}

impl<T: ?Sized> fmt::Debug for LockAcquire<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockAcquire").finish_non_exhaustive()
    }
}
