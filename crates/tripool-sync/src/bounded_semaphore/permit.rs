//! The permits a `BoundedSemaphore` hands out.

use std::fmt;
use std::mem;

use super::BoundedSemaphore;
use crate::semaphore::SemaphorePermit;

/// One permit of a [`BoundedSemaphore`], given back when dropped.
///
/// Dropping a permit never fails and never raises the count past the bound:
/// if explicit [`release`](BoundedSemaphore::release) calls already refilled
/// the semaphore, the permit's return is dropped (where Python's `with`
/// block would raise `ValueError` on exit).
///
/// # Examples
///
/// ```
/// let sem = tripool_sync::BoundedSemaphore::new(1);
/// let permit = sem.acquire();
/// sem.release(1).unwrap(); // released twice by mistake...
/// drop(permit); // ...still never past the bound
/// assert_eq!(sem.available_permits(), 1);
/// ```
///
/// The permit cannot outlive its semaphore:
///
/// ```compile_fail
/// let permit = {
///     let sem = tripool_sync::BoundedSemaphore::new(1);
///     sem.acquire()
/// };
/// ```
#[must_use = "if unused the permit is released at once"]
pub struct BoundedSemaphorePermit<'a> {
    sem: &'a BoundedSemaphore,
}

impl<'a> BoundedSemaphorePermit<'a> {
    pub(super) fn new(sem: &'a BoundedSemaphore) -> Self {
        Self { sem }
    }

    /// Takes over a permit of the inner semaphore.
    pub(super) fn adopt(sem: &'a BoundedSemaphore, permit: SemaphorePermit<'_>) -> Self {
        permit.forget();
        Self::new(sem)
    }

    /// Keeps the permit taken for good, as after a Python `acquire()` that
    /// is never released.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::BoundedSemaphore::new(2);
    /// sem.acquire().forget();
    /// assert_eq!(sem.available_permits(), 1);
    /// sem.release(1).unwrap();
    /// ```
    pub fn forget(self) {
        mem::forget(self);
    }
}

impl Drop for BoundedSemaphorePermit<'_> {
    fn drop(&mut self) {
        self.sem.give_back();
    }
}

impl fmt::Debug for BoundedSemaphorePermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BoundedSemaphorePermit")
            .finish_non_exhaustive()
    }
}

/// One permit of a [`BoundedSemaphore`] shared through an
/// [`Arc`](std::sync::Arc), given back when dropped (never past the bound);
/// `'static`, so it can move into spawned threads and tasks.
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
#[must_use = "if unused the permit is released at once"]
pub struct OwnedBoundedSemaphorePermit {
    /// `None` once forgotten.
    sem: Option<std::sync::Arc<BoundedSemaphore>>,
}

impl OwnedBoundedSemaphorePermit {
    pub(super) fn new(sem: std::sync::Arc<BoundedSemaphore>) -> Self {
        Self { sem: Some(sem) }
    }

    /// Keeps the permit taken for good and drops the reference to the
    /// semaphore.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    ///
    /// let sem = Arc::new(tripool_sync::BoundedSemaphore::new(1));
    /// sem.acquire_owned().forget();
    /// assert_eq!(sem.available_permits(), 0);
    /// ```
    pub fn forget(mut self) {
        self.sem = None;
    }
}

impl Drop for OwnedBoundedSemaphorePermit {
    fn drop(&mut self) {
        if let Some(sem) = &self.sem {
            sem.give_back();
        }
    }
}

impl fmt::Debug for OwnedBoundedSemaphorePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedBoundedSemaphorePermit")
            .finish_non_exhaustive()
    }
}
