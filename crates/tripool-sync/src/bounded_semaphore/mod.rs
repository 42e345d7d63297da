//! `BoundedSemaphore`: a `Semaphore` whose count never passes its initial
//! value.

mod acquire;
mod permit;

pub use acquire::{BoundedSemaphoreAcquire, BoundedSemaphoreAcquireOwned};
pub use permit::{BoundedSemaphorePermit, OwnedBoundedSemaphorePermit};

use std::fmt;
use std::time::{Duration, Instant};

use crate::semaphore::Semaphore;
use crate::wait::deadline_after;

/// A [`Semaphore`] that refuses to be released past its initial value:
/// Python's `threading.BoundedSemaphore`. Over-releasing is almost always a
/// bug (a permit given back twice), so [`release`](BoundedSemaphore::release)
/// reports it as an error instead of silently raising the count.
///
/// It queues and wakes exactly as [`Semaphore`] does (strictly first in,
/// first out), since it is one.
///
/// # Examples
///
/// ```
/// use tripool_sync::BoundedSemaphore;
///
/// let pool = BoundedSemaphore::new(2);
/// let permit = pool.acquire();
/// assert_eq!(pool.available_permits(), 1);
/// drop(permit);
/// assert!(pool.release(1).is_err()); // nothing was taken
/// assert_eq!(pool.available_permits(), 2);
/// ```
pub struct BoundedSemaphore {
    inner: Semaphore,
    max: usize,
}

/// The error of [`BoundedSemaphore::release`]: the release would have raised
/// the count past the initial value. Nothing was changed.
///
/// # Examples
///
/// ```
/// let sem = tripool_sync::BoundedSemaphore::new(3);
/// let err = sem.release(2).unwrap_err();
/// assert_eq!(err.requested(), 2);
/// assert_eq!(err.available(), 3);
/// assert_eq!(err.max_permits(), 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("releasing {requested} permits would exceed the initial value {max} ({available} free)")]
pub struct OverReleaseError {
    requested: usize,
    available: usize,
    max: usize,
}

impl OverReleaseError {
    /// How many permits the refused release tried to add.
    pub fn requested(&self) -> usize {
        self.requested
    }

    /// How many permits were free when the release was refused.
    pub fn available(&self) -> usize {
        self.available
    }

    /// The semaphore's initial value, which the count may not pass.
    pub fn max_permits(&self) -> usize {
        self.max
    }
}

impl BoundedSemaphore {
    /// A bounded semaphore with `permits` free permits, which is also the
    /// most it may ever hold.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(3);
    /// assert_eq!(sem.available_permits(), 3);
    /// assert_eq!(sem.max_permits(), 3);
    /// ```
    pub fn new(permits: usize) -> Self {
        Self {
            inner: Semaphore::new(permits),
            max: permits,
        }
    }

    /// How many permits are free now.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(2);
    /// let _permit = sem.acquire();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn available_permits(&self) -> usize {
        self.inner.available_permits()
    }

    /// The initial value: the most permits the semaphore can hold.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_sync::BoundedSemaphore::new(4).max_permits(), 4);
    /// ```
    pub fn max_permits(&self) -> usize {
        self.max
    }

    /// Adds `n` permits, handing them first to up to `n` waiters, oldest
    /// first, as [`Semaphore::release`]. `release(0)` does nothing.
    ///
    /// # Errors
    ///
    /// [`OverReleaseError`] if the free count would pass
    /// [`max_permits`](BoundedSemaphore::max_permits) (Python's
    /// `ValueError`); the semaphore is then left unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(2);
    /// sem.acquire().forget();
    /// sem.acquire().forget();
    /// assert!(sem.release(3).is_err());
    /// assert_eq!(sem.available_permits(), 0);
    /// sem.release(2)?;
    /// assert_eq!(sem.available_permits(), 2);
    /// # Ok::<(), tripool_sync::OverReleaseError>(())
    /// ```
    pub fn release(&self, n: usize) -> Result<(), OverReleaseError> {
        self.inner
            .release_within(n, self.max)
            .map_err(|available| OverReleaseError {
                requested: n,
                available,
                max: self.max,
            })
    }

    /// Gives back one permit from a dropped permit or future: never past the
    /// bound, and never an error, since it runs in `Drop`.
    fn give_back(&self) {
        let _full_already = self.inner.release_within(1, self.max);
    }

    /// Takes a permit if one is free and nobody waits; never blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(1);
    /// let permit = sem.try_acquire().unwrap();
    /// assert!(sem.try_acquire().is_none());
    /// ```
    pub fn try_acquire(&self) -> Option<BoundedSemaphorePermit<'_>> {
        self.inner
            .try_acquire()
            .map(|permit| BoundedSemaphorePermit::adopt(self, permit))
    }

    /// Takes a permit, waiting for one as long as it takes.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`acquire_async`](BoundedSemaphore::acquire_async).
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(1);
    /// let permit = sem.acquire();
    /// drop(permit);
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn acquire(&self) -> BoundedSemaphorePermit<'_> {
        BoundedSemaphorePermit::adopt(self, self.inner.acquire())
    }

    /// Takes a permit, waiting at most `timeout`; `None` if none came in time.
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
    /// let sem = tripool_sync::BoundedSemaphore::new(0);
    /// assert!(sem.acquire_timeout(Duration::from_millis(1)).is_none());
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<BoundedSemaphorePermit<'_>> {
        self.inner
            .acquire_until(deadline_after(timeout))
            .then(|| BoundedSemaphorePermit::new(self))
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
    /// let sem = tripool_sync::BoundedSemaphore::new(1);
    /// assert!(sem.acquire_deadline(Instant::now()).is_some());
    /// ```
    pub fn acquire_deadline(&self, deadline: Instant) -> Option<BoundedSemaphorePermit<'_>> {
        self.inner
            .acquire_until(Some(deadline))
            .then(|| BoundedSemaphorePermit::new(self))
    }

    /// Takes a permit from async code on any executor.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future leaves the queue, or passes on the
    /// permit a release had already handed it (never past the bound).
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(1);
    /// let permit = futures::executor::block_on(sem.acquire_async());
    /// assert_eq!(sem.available_permits(), 0);
    /// drop(permit);
    /// ```
    pub fn acquire_async(&self) -> BoundedSemaphoreAcquire<'_> {
        BoundedSemaphoreAcquire::new(self)
    }
}

/// The owned family, for a bounded semaphore shared through an
/// [`Arc`](std::sync::Arc): `'static` permits that move freely.
impl BoundedSemaphore {
    /// [`try_acquire`](BoundedSemaphore::try_acquire) with an owned permit.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let sem = Arc::new(tripool_sync::BoundedSemaphore::new(1));
    /// let permit = sem.try_acquire_owned().unwrap();
    /// std::thread::spawn(move || drop(permit)).join().unwrap();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn try_acquire_owned(self: &std::sync::Arc<Self>) -> Option<OwnedBoundedSemaphorePermit> {
        self.inner.try_acquire().map(|permit| {
            permit.forget();
            OwnedBoundedSemaphorePermit::new(std::sync::Arc::clone(self))
        })
    }

    /// [`acquire`](BoundedSemaphore::acquire) with an owned permit.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`acquire_owned_async`](BoundedSemaphore::acquire_owned_async).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let sem = Arc::new(tripool_sync::BoundedSemaphore::new(1));
    /// let permit = sem.acquire_owned();
    /// std::thread::spawn(move || drop(permit)).join().unwrap();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn acquire_owned(self: &std::sync::Arc<Self>) -> OwnedBoundedSemaphorePermit {
        self.inner.acquire_until(None);
        OwnedBoundedSemaphorePermit::new(std::sync::Arc::clone(self))
    }

    /// [`acquire_timeout`](BoundedSemaphore::acquire_timeout) with an owned
    /// permit.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread for up to `timeout`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::{sync::Arc, time::Duration};
    ///
    /// let sem = Arc::new(tripool_sync::BoundedSemaphore::new(0));
    /// assert!(sem.acquire_owned_timeout(Duration::from_millis(1)).is_none());
    /// ```
    pub fn acquire_owned_timeout(
        self: &std::sync::Arc<Self>,
        timeout: Duration,
    ) -> Option<OwnedBoundedSemaphorePermit> {
        self.inner
            .acquire_until(deadline_after(timeout))
            .then(|| OwnedBoundedSemaphorePermit::new(std::sync::Arc::clone(self)))
    }

    /// [`acquire_deadline`](BoundedSemaphore::acquire_deadline) with an owned
    /// permit.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread until `deadline` at the latest.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::{sync::Arc, time::Instant};
    ///
    /// let sem = Arc::new(tripool_sync::BoundedSemaphore::new(1));
    /// assert!(sem.acquire_owned_deadline(Instant::now()).is_some());
    /// ```
    pub fn acquire_owned_deadline(
        self: &std::sync::Arc<Self>,
        deadline: Instant,
    ) -> Option<OwnedBoundedSemaphorePermit> {
        self.inner
            .acquire_until(Some(deadline))
            .then(|| OwnedBoundedSemaphorePermit::new(std::sync::Arc::clone(self)))
    }

    /// [`acquire_async`](BoundedSemaphore::acquire_async) with an owned
    /// permit; the future is `'static` too.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, as [`acquire_async`](BoundedSemaphore::acquire_async).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let sem = Arc::new(tripool_sync::BoundedSemaphore::new(1));
    /// let permit = futures::executor::block_on(sem.acquire_owned_async());
    /// drop(permit);
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn acquire_owned_async(self: &std::sync::Arc<Self>) -> BoundedSemaphoreAcquireOwned {
        BoundedSemaphoreAcquireOwned::new(std::sync::Arc::clone(self))
    }
}

impl Default for BoundedSemaphore {
    /// One permit, Python's default.
    fn default() -> Self {
        Self::new(1)
    }
}

impl fmt::Debug for BoundedSemaphore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundedSemaphore")
            .field("inner", &self.inner)
            .field("max_permits", &self.max)
            .finish()
    }
}
