//! `Semaphore`: a count of permits that threads and tasks acquire and release.

mod acquire;
mod permit;

pub(crate) use acquire::AcquireState;
pub use acquire::{SemaphoreAcquire, SemaphoreAcquireOwned};
pub use permit::{OwnedSemaphorePermit, SemaphorePermit};

use std::fmt;
use std::time::{Duration, Instant};

use crate::loom::{Arc, Mutex};
use crate::wait::{WaitList, Waiter, deadline_after};

/// A count of permits: [`acquire`](Semaphore::acquire) takes one, waiting
/// while none is free, and the permit it returns gives it back when dropped.
/// Python's `threading.Semaphore` (and `asyncio.Semaphore` through
/// [`acquire_async`](Semaphore::acquire_async)).
///
/// # Fairness
///
/// Strictly first in, first out. A release hands its permits straight to the
/// threads and tasks already waiting, oldest first, and only adds what is left
/// to the free count; [`try_acquire`](Semaphore::try_acquire) and `acquire`
/// take a free permit only when nobody waits. A waiter is therefore never
/// starved by callers that barge in, however many there are. (Python's
/// `threading.Semaphore` promises no order.) The price is a hand-off per
/// release while there are waiters, which costs some throughput under heavy
/// contention.
///
/// # Examples
///
/// A kitchen with two keys: at most two cooks inside at a time.
///
/// ```
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use tripool_sync::Semaphore;
///
/// let keys = Semaphore::new(2);
/// let inside = AtomicUsize::new(0);
/// std::thread::scope(|s| {
///     for _ in 0..6 {
///         s.spawn(|| {
///             let _key = keys.acquire();
///             let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
///             assert!(now <= 2);
///             inside.fetch_sub(1, Ordering::SeqCst);
///         });
///     }
/// });
/// assert_eq!(keys.available_permits(), 2);
/// ```
pub struct Semaphore {
    state: Mutex<State>,
}

/// What the mutex guards.
///
/// | `permits` | `waiters`  | meaning                                          |
/// |-----------|------------|--------------------------------------------------|
/// | `> 0`     | empty      | free permits; acquire takes one at once          |
/// | `0`       | empty      | none free; an acquirer queues                    |
/// | `0`       | non-empty  | queued acquirers; a release pops one per permit  |
///
/// `permits > 0` with waiters never holds once the mutex is released: a
/// release serves the queue first. A popped waiter owns its permit.
#[derive(Debug)]
struct State {
    permits: usize,
    waiters: WaitList,
}

impl State {
    /// Takes a free permit if there is one.
    fn try_take(&mut self) -> bool {
        if self.permits == 0 {
            return false;
        }
        self.permits -= 1;
        true
    }

    /// How many permits may be added before the free count passes `max`.
    fn room(&self, max: usize) -> usize {
        max.saturating_sub(self.permits)
    }

    /// Hands up to `n` permits to waiters, oldest first, and frees the rest.
    /// The caller checked `n <= self.room(max)` for its bound.
    fn release(&mut self, mut n: usize) {
        while n > 0 && self.waiters.notify_one() {
            n -= 1;
        }
        self.permits += n;
    }
}

impl Semaphore {
    /// A semaphore with `permits` free permits.
    ///
    /// Python's `Semaphore(value)`; a negative value, an error there, cannot
    /// be written here.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(3);
    /// assert_eq!(sem.available_permits(), 3);
    /// ```
    pub fn new(permits: usize) -> Self {
        Self {
            state: Mutex::new(State {
                permits,
                waiters: WaitList::new(),
            }),
        }
    }

    /// How many permits are free now (Python's `_value`).
    ///
    /// Permits handed to a waiter that has not run yet are not free.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(2);
    /// let permit = sem.acquire();
    /// assert_eq!(sem.available_permits(), 1);
    /// drop(permit);
    /// assert_eq!(sem.available_permits(), 2);
    /// ```
    pub fn available_permits(&self) -> usize {
        self.state.lock().permits
    }

    /// Takes a permit if one is free and nobody waits; never blocks
    /// (Python's `acquire(blocking=False)`).
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(1);
    /// let permit = sem.try_acquire().unwrap();
    /// assert!(sem.try_acquire().is_none());
    /// drop(permit);
    /// assert!(sem.try_acquire().is_some());
    /// ```
    pub fn try_acquire(&self) -> Option<SemaphorePermit<'_>> {
        self.state
            .lock()
            .try_take()
            .then(|| SemaphorePermit::new(self))
    }

    /// Takes a permit, waiting for one as long as it takes.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`acquire_async`](Semaphore::acquire_async).
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(1);
    /// let permit = sem.acquire();
    /// assert_eq!(sem.available_permits(), 0);
    /// drop(permit);
    /// ```
    pub fn acquire(&self) -> SemaphorePermit<'_> {
        self.acquire_until(None);
        SemaphorePermit::new(self)
    }

    /// Takes a permit, waiting at most `timeout`; `None` if none came in time
    /// (Python's `acquire(timeout=...)`).
    ///
    /// # Blocking
    ///
    /// Parks the calling thread for up to `timeout`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let sem = tripool_sync::Semaphore::new(0);
    /// assert!(sem.acquire_timeout(Duration::from_millis(1)).is_none());
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<SemaphorePermit<'_>> {
        self.acquire_until(deadline_after(timeout))
            .then(|| SemaphorePermit::new(self))
    }

    /// Takes a permit, waiting until `deadline` at the latest; `None` if none
    /// came in time.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread until `deadline` at the latest.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Instant;
    ///
    /// let sem = tripool_sync::Semaphore::new(1);
    /// assert!(sem.acquire_deadline(Instant::now()).is_some());
    /// ```
    pub fn acquire_deadline(&self, deadline: Instant) -> Option<SemaphorePermit<'_>> {
        self.acquire_until(Some(deadline))
            .then(|| SemaphorePermit::new(self))
    }

    /// Takes a permit from async code on any executor.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe. Dropping the future before it is ready takes it out of the
    /// queue; if a release had already handed it a permit, the drop passes that
    /// permit on to the next waiter (or frees it), so nothing is lost and no
    /// wake-up is wasted.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(1);
    /// let permit = futures::executor::block_on(sem.acquire_async());
    /// assert_eq!(sem.available_permits(), 0);
    /// drop(permit);
    /// ```
    pub fn acquire_async(&self) -> SemaphoreAcquire<'_> {
        SemaphoreAcquire::new(self)
    }

    /// Adds `n` permits, handing them first to up to `n` waiters, oldest
    /// first (Python 3.9's `release(n)`).
    ///
    /// A permit need not have been acquired to be released, as in Python:
    /// this is how the count grows past its initial value. `release(0)` does
    /// nothing (Python raises `ValueError`), and the free count saturates at
    /// `usize::MAX` instead of overflowing.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(0);
    /// sem.release(2);
    /// assert_eq!(sem.available_permits(), 2);
    /// ```
    pub fn release(&self, n: usize) {
        let mut state = self.state.lock();
        let n = n.min(state.room(usize::MAX));
        state.release(n);
    }

    /// Adds `n` permits unless the free count would pass `max`; then changes
    /// nothing and returns the free count.
    pub(crate) fn release_within(&self, n: usize, max: usize) -> Result<(), usize> {
        let mut state = self.state.lock();
        if n > state.room(max) {
            return Err(state.permits);
        }
        state.release(n);
        Ok(())
    }

    /// Waits for a permit until `deadline`; whether it got one.
    pub(crate) fn acquire_until(&self, deadline: Option<Instant>) -> bool {
        let waiter = {
            let mut state = self.state.lock();
            if state.try_take() {
                return true;
            }
            if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
                return false;
            }
            let waiter = Waiter::for_current_thread();
            state.waiters.push(Arc::clone(&waiter));
            waiter
        };
        if waiter.park_until(deadline) {
            return true;
        }
        // Timed out. Leave the queue, unless a release popped us meanwhile:
        // then the permit it handed over is ours.
        !self.state.lock().waiters.remove(&waiter)
    }
}

/// The owned family, for a semaphore shared through an [`Arc`](std::sync::Arc):
/// the permits hold a reference count instead of a borrow, so they are
/// `'static` and may move to other threads and tasks freely.
impl Semaphore {
    /// [`try_acquire`](Semaphore::try_acquire) with an owned permit.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tripool_sync::Semaphore;
    ///
    /// let sem = Arc::new(Semaphore::new(1));
    /// let permit = sem.try_acquire_owned().unwrap();
    /// assert!(sem.try_acquire_owned().is_none());
    /// std::thread::spawn(move || drop(permit)).join().unwrap();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn try_acquire_owned(self: &std::sync::Arc<Self>) -> Option<OwnedSemaphorePermit> {
        self.state
            .lock()
            .try_take()
            .then(|| OwnedSemaphorePermit::new(std::sync::Arc::clone(self)))
    }

    /// [`acquire`](Semaphore::acquire) with an owned permit.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`acquire_owned_async`](Semaphore::acquire_owned_async).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tripool_sync::Semaphore;
    ///
    /// let sem = Arc::new(Semaphore::new(1));
    /// let permit = sem.acquire_owned();
    /// let worker = std::thread::spawn(move || {
    ///     let _permit = permit; // released when the worker ends
    /// });
    /// worker.join().unwrap();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn acquire_owned(self: &std::sync::Arc<Self>) -> OwnedSemaphorePermit {
        self.acquire_until(None);
        OwnedSemaphorePermit::new(std::sync::Arc::clone(self))
    }

    /// [`acquire_timeout`](Semaphore::acquire_timeout) with an owned permit.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread for up to `timeout`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::{sync::Arc, time::Duration};
    /// use tripool_sync::Semaphore;
    ///
    /// let sem = Arc::new(Semaphore::new(0));
    /// assert!(sem.acquire_owned_timeout(Duration::from_millis(1)).is_none());
    /// ```
    pub fn acquire_owned_timeout(
        self: &std::sync::Arc<Self>,
        timeout: Duration,
    ) -> Option<OwnedSemaphorePermit> {
        self.acquire_until(deadline_after(timeout))
            .then(|| OwnedSemaphorePermit::new(std::sync::Arc::clone(self)))
    }

    /// [`acquire_deadline`](Semaphore::acquire_deadline) with an owned permit.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread until `deadline` at the latest.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::{sync::Arc, time::Instant};
    /// use tripool_sync::Semaphore;
    ///
    /// let sem = Arc::new(Semaphore::new(1));
    /// assert!(sem.acquire_owned_deadline(Instant::now()).is_some());
    /// ```
    pub fn acquire_owned_deadline(
        self: &std::sync::Arc<Self>,
        deadline: Instant,
    ) -> Option<OwnedSemaphorePermit> {
        self.acquire_until(Some(deadline))
            .then(|| OwnedSemaphorePermit::new(std::sync::Arc::clone(self)))
    }

    /// [`acquire_async`](Semaphore::acquire_async) with an owned permit; the
    /// future itself is `'static` too, so it can be spawned.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, as [`acquire_async`](Semaphore::acquire_async): a dropped
    /// future leaves the queue or passes on the permit it was handed.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use tripool_sync::Semaphore;
    ///
    /// let sem = Arc::new(Semaphore::new(1));
    /// let permit = futures::executor::block_on(sem.acquire_owned_async());
    /// drop(permit);
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn acquire_owned_async(self: &std::sync::Arc<Self>) -> SemaphoreAcquireOwned {
        SemaphoreAcquireOwned::new(std::sync::Arc::clone(self))
    }
}

impl Default for Semaphore {
    /// One permit, Python's default.
    fn default() -> Self {
        Self::new(1)
    }
}

impl fmt::Debug for Semaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state.lock();
        f.debug_struct("Semaphore")
            .field("permits", &state.permits)
            .field("waiters", &state.waiters.len())
            .finish()
    }
}
