//! `Condition<T>`: Python's `threading.Condition`, owning the data its lock
//! protects.

use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::lock::{Lock, LockAcquire, LockGuard};
use crate::loom::{Arc, Mutex};
use crate::wait::{WaitList, Waiter, deadline_after};

/// A lock plus a queue of threads and tasks waiting for its data to change:
/// Python's `threading.Condition`, in the manner of `std::sync::Condvar`
/// paired with its `Mutex`.
///
/// [`acquire`](Condition::acquire) gives a [`ConditionGuard`]. A waiter calls
/// [`wait`](ConditionGuard::wait) (or better
/// [`wait_while`](ConditionGuard::wait_while)) on it: that releases the lock,
/// sleeps until [`notify`](Condition::notify) or
/// [`notify_all`](Condition::notify_all), and takes the lock again before it
/// returns. A notifier changes the data under the lock, then notifies.
///
/// Differences from Python: the lock is a plain [`Lock`] owned by the
/// condition (Python defaults to an `RLock` and may share a lock between
/// conditions), and `notify` may be called without holding the lock.
///
/// Waits are free of spurious wake-ups: [`wait_timeout`](ConditionGuard::wait_timeout)
/// returns `true` only when a notification arrived. Still, another thread may
/// take the lock between the notification and the waiter's return and change
/// the data, so check the state in a loop or use `wait_while`.
///
/// # Examples
///
/// ```
/// use tripool_sync::Condition;
///
/// let jobs = Condition::new(Vec::new());
/// std::thread::scope(|s| {
///     let consumer = s.spawn(|| {
///         let mut queue = jobs.acquire();
///         queue.wait_while(|queue| queue.is_empty());
///         queue.pop().unwrap()
///     });
///     jobs.acquire().push("job");
///     jobs.notify(1);
///     assert_eq!(consumer.join().unwrap(), "job");
/// });
/// ```
pub struct Condition<T: ?Sized> {
    waiters: Mutex<WaitList>,
    lock: Lock<T>,
}

impl<T> Condition<T> {
    /// A condition whose lock is free and protects `value`.
    ///
    /// # Examples
    ///
    /// ```
    /// let ready = tripool_sync::Condition::new(false);
    /// assert!(!*ready.acquire());
    /// ```
    pub fn new(value: T) -> Self {
        Self {
            waiters: Mutex::new(WaitList::new()),
            lock: Lock::new(value),
        }
    }

    /// Consumes the condition and returns the data.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_sync::Condition::new(4).into_inner(), 4);
    /// ```
    pub fn into_inner(self) -> T {
        self.lock.into_inner()
    }
}

impl<T: ?Sized> Condition<T> {
    /// Blocks until the lock is acquired.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread while another holds the lock; from async code
    /// use [`acquire_async`](Condition::acquire_async). The lock is not
    /// reentrant: acquiring it twice on one thread deadlocks.
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(0);
    /// *cond.acquire() += 1;
    /// assert_eq!(*cond.acquire(), 1);
    /// ```
    pub fn acquire(&self) -> ConditionGuard<'_, T> {
        self.guard(self.lock.acquire())
    }

    /// Acquires the lock if it is free; never blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(());
    /// let held = cond.acquire();
    /// assert!(cond.try_acquire().is_none());
    /// ```
    pub fn try_acquire(&self) -> Option<ConditionGuard<'_, T>> {
        self.lock.try_acquire().map(|guard| self.guard(guard))
    }

    /// Blocks until the lock is acquired or `timeout` passes; `None` on
    /// timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let cond = tripool_sync::Condition::new(());
    /// assert!(cond.acquire_timeout(Duration::from_millis(1)).is_some());
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<ConditionGuard<'_, T>> {
        let guard = self.lock.acquire_timeout(timeout)?;
        Some(self.guard(guard))
    }

    /// Blocks until the lock is acquired or `deadline` passes; `None` if it
    /// passed first.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let cond = tripool_sync::Condition::new(());
    /// assert!(cond.acquire_deadline(Instant::now() + Duration::from_secs(1)).is_some());
    /// ```
    pub fn acquire_deadline(&self, deadline: Instant) -> Option<ConditionGuard<'_, T>> {
        let guard = self.lock.acquire_deadline(deadline)?;
        Some(self.guard(guard))
    }

    /// Acquires the lock from async code, on any executor.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, as [`Lock::acquire_async`].
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(1);
    /// let value = futures::executor::block_on(async { *cond.acquire_async().await });
    /// assert_eq!(value, 1);
    /// ```
    pub fn acquire_async(&self) -> ConditionAcquire<'_, T> {
        ConditionAcquire {
            cond: self,
            acquire: self.lock.acquire_async(),
        }
    }

    /// Wakes up to `n` of the threads and tasks waiting on this condition,
    /// oldest first, and returns how many it woke (Python's `notify(n)`).
    ///
    /// May be called with or without holding the lock (Python requires it).
    /// Either way, change the data under the lock *before* notifying, or a
    /// waiter may check the old state, miss the change and sleep on.
    /// Waking does not hand over the lock: each woken waiter takes it again
    /// in turn before its `wait` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(());
    /// assert_eq!(cond.notify(1), 0); // nobody waits: nothing happens
    /// ```
    pub fn notify(&self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        self.waiters.lock().notify(n)
    }

    /// Wakes every thread and task waiting on this condition and returns how
    /// many it woke (Python's `notify_all`).
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(());
    /// assert_eq!(cond.notify_all(), 0);
    /// ```
    pub fn notify_all(&self) -> usize {
        self.waiters.lock().notify_all()
    }

    /// The data, through a unique borrow: no locking is needed.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut cond = tripool_sync::Condition::new(1);
    /// *cond.get_mut() = 2;
    /// assert_eq!(cond.into_inner(), 2);
    /// ```
    pub fn get_mut(&mut self) -> &mut T {
        self.lock.get_mut()
    }

    fn guard<'a>(&'a self, guard: LockGuard<'a, T>) -> ConditionGuard<'a, T> {
        ConditionGuard { cond: self, guard }
    }

    /// Registers a waiter; called with the lock held, so a notifier that
    /// changes the data under the lock afterwards is sure to see it.
    fn register(&self, waiter: &Arc<Waiter>) {
        self.waiters.lock().push(Arc::clone(waiter));
    }

    /// A waiter that gave up: leaves the queue and says whether it was
    /// notified meanwhile (then it owns that notification).
    fn deregister(&self, waiter: &Arc<Waiter>) -> bool {
        !self.waiters.lock().remove(waiter)
    }
}

impl<T: Default> Default for Condition<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for Condition<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Condition")
            .field("lock", &&self.lock)
            .field("waiters", &self.waiters.lock().len())
            .finish()
    }
}

/// The held lock of a [`Condition`]: dereferences to the data and waits for
/// notifications. Releases the lock when dropped.
///
/// Like [`LockGuard`], it is `Send` when `T: Send`, so it may be held across
/// `.await` and released by another thread.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// let cond = tripool_sync::Condition::new(0);
/// let mut guard = cond.acquire();
/// // Nobody notifies: the wait times out, with the lock held again.
/// assert!(!guard.wait_timeout(Duration::from_millis(1)));
/// *guard += 1;
/// ```
#[must_use = "if unused the lock is released at once"]
pub struct ConditionGuard<'a, T: ?Sized> {
    cond: &'a Condition<T>,
    guard: LockGuard<'a, T>,
}

impl<'a, T: ?Sized> ConditionGuard<'a, T> {
    /// Releases the lock, blocks until notified, then takes the lock again.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`wait_async`](ConditionGuard::wait_async).
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(false);
    /// std::thread::scope(|s| {
    ///     let mut guard = cond.acquire();
    ///     s.spawn(|| {
    ///         *cond.acquire() = true;
    ///         cond.notify_all();
    ///     });
    ///     while !*guard {
    ///         guard.wait();
    ///     }
    /// });
    /// ```
    pub fn wait(&mut self) {
        self.wait_until(None);
    }

    /// As [`wait`](ConditionGuard::wait), but gives up after `timeout`.
    /// Returns `false` if it timed out, `true` if it was notified (Python's
    /// `wait(timeout)`); the lock is held again either way.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let cond = tripool_sync::Condition::new(());
    /// let mut guard = cond.acquire();
    /// assert!(!guard.wait_timeout(Duration::from_millis(1)));
    /// ```
    pub fn wait_timeout(&mut self, timeout: Duration) -> bool {
        self.wait_until(deadline_after(timeout))
    }

    /// As [`wait`](ConditionGuard::wait), but gives up at `deadline`.
    /// Returns `false` if it timed out, `true` if it was notified.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let cond = tripool_sync::Condition::new(());
    /// let mut guard = cond.acquire();
    /// assert!(!guard.wait_deadline(Instant::now() + Duration::from_millis(1)));
    /// ```
    pub fn wait_deadline(&mut self, deadline: Instant) -> bool {
        self.wait_until(Some(deadline))
    }

    fn wait_until(&mut self, deadline: Option<Instant>) -> bool {
        let raw = self.guard.lock().raw();
        let waiter = Waiter::for_current_thread();
        self.cond.register(&waiter);
        // The guard stays alive but the lock is released while we sleep; the
        // code in between cannot unwind, so the guard never releases twice.
        raw.unlock();
        let notified = waiter.park_until(deadline) || self.cond.deregister(&waiter);
        raw.lock();
        notified
    }

    /// Blocks while `condition` returns `true`, as `std`'s
    /// `Condvar::wait_while`: checks it under the lock, and waits for a
    /// notification each time it holds.
    ///
    /// This is Python's `wait_for(predicate)` with the predicate negated:
    /// Python waits *until* its predicate is true, we wait *while* ours is.
    ///
    /// # Examples
    ///
    /// ```
    /// let count = tripool_sync::Condition::new(0);
    /// std::thread::scope(|s| {
    ///     for _ in 0..3 {
    ///         s.spawn(|| {
    ///             *count.acquire() += 1;
    ///             count.notify_all();
    ///         });
    ///     }
    ///     count.acquire().wait_while(|n| *n < 3);
    /// });
    /// ```
    #[doc(alias = "wait_for")]
    pub fn wait_while(&mut self, mut condition: impl FnMut(&mut T) -> bool) {
        while condition(&mut *self.guard) {
            self.wait();
        }
    }

    /// As [`wait_while`](ConditionGuard::wait_while), but gives up after
    /// `timeout` in total. Returns `false` if it timed out with `condition`
    /// still `true`, and `true` once it turned `false` (the result of
    /// Python's `wait_for(predicate, timeout)`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let cond = tripool_sync::Condition::new(0);
    /// let mut guard = cond.acquire();
    /// assert!(!guard.wait_while_timeout(|n| *n == 0, Duration::from_millis(1)));
    /// assert!(guard.wait_while_timeout(|n| *n == 1, Duration::from_millis(1)));
    /// ```
    #[doc(alias = "wait_for")]
    pub fn wait_while_timeout(
        &mut self,
        condition: impl FnMut(&mut T) -> bool,
        timeout: Duration,
    ) -> bool {
        self.wait_while_until(condition, deadline_after(timeout))
    }

    /// As [`wait_while`](ConditionGuard::wait_while), but gives up at
    /// `deadline`. Returns `false` if it timed out with `condition` still
    /// `true`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Instant;
    ///
    /// let cond = tripool_sync::Condition::new(1);
    /// let mut guard = cond.acquire();
    /// assert!(guard.wait_while_deadline(|n| *n == 0, Instant::now()));
    /// ```
    #[doc(alias = "wait_for")]
    pub fn wait_while_deadline(
        &mut self,
        condition: impl FnMut(&mut T) -> bool,
        deadline: Instant,
    ) -> bool {
        self.wait_while_until(condition, Some(deadline))
    }

    fn wait_while_until(
        &mut self,
        mut condition: impl FnMut(&mut T) -> bool,
        deadline: Option<Instant>,
    ) -> bool {
        while condition(&mut *self.guard) {
            if !self.wait_until(deadline) {
                // Timed out; as Python, report the condition's last word.
                return !condition(&mut *self.guard);
            }
        }
        true
    }

    /// Releases the lock, waits for a notification from async code, then
    /// takes the lock again and gives the guard back.
    ///
    /// The guard is moved into the future, so that a dropped future leaves
    /// the lock released rather than a guard without its lock.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: a dropped future leaves the lock released and the queue.
    /// If it had already been notified, it passes the notification on to the
    /// next waiter (as Python's `asyncio.Condition` does), so `notify(1)`
    /// still wakes someone who will look at the data.
    ///
    /// # Examples
    ///
    /// ```
    /// let cond = tripool_sync::Condition::new(false);
    /// std::thread::scope(|s| {
    ///     let waiter = s.spawn(|| {
    ///         futures::executor::block_on(async {
    ///             let mut guard = cond.acquire_async().await;
    ///             while !*guard {
    ///                 guard = guard.wait_async().await;
    ///             }
    ///         })
    ///     });
    ///     *cond.acquire() = true;
    ///     cond.notify_all();
    ///     waiter.join().unwrap();
    /// });
    /// ```
    pub fn wait_async(self) -> ConditionWait<'a, T> {
        ConditionWait {
            cond: self.cond,
            state: WaitState::Holding(self),
        }
    }
}

impl<T: ?Sized> Deref for ConditionGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.guard
    }
}

impl<T: ?Sized> DerefMut for ConditionGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.guard
    }
}

impl<T: ?Sized + fmt::Debug> fmt::Debug for ConditionGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

/// Future of [`Condition::acquire_async`]: resolves to the guard.
///
/// # Cancel safety
///
/// Cancel safe: see [`Lock::acquire_async`].
///
/// # Examples
///
/// ```
/// use tripool_sync::{Condition, ConditionAcquire};
///
/// let cond = Condition::new(1);
/// let acquire: ConditionAcquire<'_, i32> = cond.acquire_async();
/// assert_eq!(*futures::executor::block_on(acquire), 1);
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct ConditionAcquire<'a, T: ?Sized> {
    cond: &'a Condition<T>,
    acquire: LockAcquire<'a, T>,
}

impl<'a, T: ?Sized> Future for ConditionAcquire<'a, T> {
    type Output = ConditionGuard<'a, T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let cond = self.cond;
        Pin::new(&mut self.acquire)
            .poll(cx)
            .map(|guard| cond.guard(guard))
    }
}

impl<T: ?Sized> fmt::Debug for ConditionAcquire<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConditionAcquire").finish_non_exhaustive()
    }
}

/// Future of [`ConditionGuard::wait_async`]: resolves to the guard, with the
/// lock held again, once notified.
///
/// # Cancel safety
///
/// Cancel safe: see [`ConditionGuard::wait_async`].
///
/// # Panics
///
/// Panics if polled again after it completed (the guard was handed out).
///
/// # Examples
///
/// ```
/// use tripool_sync::{Condition, ConditionWait};
///
/// let cond = Condition::new(0);
/// std::thread::scope(|s| {
///     s.spawn(|| {
///         futures::executor::block_on(async {
///             let mut count = cond.acquire_async().await;
///             while *count == 0 {
///                 let wait: ConditionWait<'_, i32> = count.wait_async();
///                 count = wait.await;
///             }
///         });
///     });
///     *cond.acquire() = 1;
///     cond.notify_all();
/// });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct ConditionWait<'a, T: ?Sized> {
    cond: &'a Condition<T>,
    state: WaitState<'a, T>,
}

enum WaitState<'a, T: ?Sized> {
    /// Not polled yet: the lock is still held.
    Holding(ConditionGuard<'a, T>),
    /// In the condition's queue, with the lock released.
    Waiting(Arc<Waiter>),
    /// Notified; taking the lock again.
    Reacquiring(ConditionAcquire<'a, T>),
    /// Completed (or between states).
    Done,
}

impl<'a, T: ?Sized> Future for ConditionWait<'a, T> {
    type Output = ConditionGuard<'a, T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let cond = self.cond;
        loop {
            match &mut self.state {
                WaitState::Holding(_) => {
                    let waiter = Waiter::for_task(cx.waker());
                    cond.register(&waiter);
                    // Dropping the guard releases the lock, after registering.
                    self.state = WaitState::Waiting(waiter);
                }
                WaitState::Waiting(waiter) => {
                    if waiter.poll_notified(cx).is_pending() {
                        return Poll::Pending;
                    }
                    self.state = WaitState::Reacquiring(cond.acquire_async());
                }
                WaitState::Reacquiring(acquire) => {
                    let guard = std::task::ready!(Pin::new(acquire).poll(cx));
                    self.state = WaitState::Done;
                    return Poll::Ready(guard);
                }
                WaitState::Done => panic!("`ConditionWait` polled after completion"),
            }
        }
    }
}

impl<T: ?Sized> Drop for ConditionWait<'_, T> {
    fn drop(&mut self) {
        match std::mem::replace(&mut self.state, WaitState::Done) {
            WaitState::Waiting(waiter) => {
                if waiter.is_notified() || self.cond.deregister(&waiter) {
                    self.cond.notify(1);
                }
            }
            // Notified, but the caller never learns it: pass it on. (The
            // dropped acquire passes on its own wake-up of the lock.)
            WaitState::Reacquiring(_) => {
                self.cond.notify(1);
            }
            WaitState::Holding(_) | WaitState::Done => {}
        }
    }
}

impl<T: ?Sized> fmt::Debug for ConditionWait<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            WaitState::Holding(_) => "holding",
            WaitState::Waiting(_) => "waiting",
            WaitState::Reacquiring(_) => "reacquiring",
            WaitState::Done => "done",
        };
        f.debug_struct("ConditionWait")
            .field("state", &state)
            .finish()
    }
}
