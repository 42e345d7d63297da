//! The permits a `Semaphore` hands out.

use std::fmt;
use std::mem;

use super::Semaphore;

/// One permit of a [`Semaphore`], given back when dropped.
///
/// It borrows the semaphore; for a permit that must outlive the borrow (sent
/// to a spawned thread or task), share the semaphore in an
/// [`Arc`](std::sync::Arc) and use [`Semaphore::acquire_owned`]. A permit may
/// be dropped on any thread: it is `Send` and `Sync`.
///
/// # Examples
///
/// ```
/// let sem = tripool_sync::Semaphore::new(1);
/// {
///     let _permit = sem.acquire();
///     assert_eq!(sem.available_permits(), 0);
/// }
/// assert_eq!(sem.available_permits(), 1);
/// ```
///
/// The permit cannot outlive its semaphore:
///
/// ```compile_fail
/// let permit = {
///     let sem = tripool_sync::Semaphore::new(1);
///     sem.acquire()
/// };
/// ```
///
/// An unused permit is a mistake the compiler reports:
///
/// ```compile_fail
/// #![deny(unused_must_use)]
/// let sem = tripool_sync::Semaphore::new(1);
/// sem.acquire();
/// ```
#[must_use = "if unused the permit is released at once"]
pub struct SemaphorePermit<'a> {
    sem: &'a Semaphore,
}

impl<'a> SemaphorePermit<'a> {
    pub(super) fn new(sem: &'a Semaphore) -> Self {
        Self { sem }
    }

    /// Keeps the permit taken for good: the semaphore has one permit less,
    /// as after a Python `acquire()` that is never released.
    ///
    /// # Examples
    ///
    /// ```
    /// let sem = tripool_sync::Semaphore::new(2);
    /// sem.acquire().forget();
    /// assert_eq!(sem.available_permits(), 1);
    /// ```
    pub fn forget(self) {
        mem::forget(self);
    }
}

impl Drop for SemaphorePermit<'_> {
    fn drop(&mut self) {
        self.sem.release(1);
    }
}

impl fmt::Debug for SemaphorePermit<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SemaphorePermit").finish_non_exhaustive()
    }
}

/// One permit of a [`Semaphore`] shared through an [`Arc`](std::sync::Arc),
/// given back when dropped; `'static`, so it can move into spawned threads
/// and tasks.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use tripool_sync::Semaphore;
///
/// let sem = Arc::new(Semaphore::new(1));
/// let permit = sem.acquire_owned();
/// std::thread::spawn(move || drop(permit)).join().unwrap();
/// assert_eq!(sem.available_permits(), 1);
/// ```
#[must_use = "if unused the permit is released at once"]
pub struct OwnedSemaphorePermit {
    /// `None` once forgotten.
    sem: Option<std::sync::Arc<Semaphore>>,
}

impl OwnedSemaphorePermit {
    pub(super) fn new(sem: std::sync::Arc<Semaphore>) -> Self {
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
    /// let sem = Arc::new(tripool_sync::Semaphore::new(1));
    /// sem.acquire_owned().forget();
    /// assert_eq!(sem.available_permits(), 0);
    /// assert_eq!(Arc::strong_count(&sem), 1);
    /// ```
    pub fn forget(mut self) {
        self.sem = None;
    }
}

impl Drop for OwnedSemaphorePermit {
    fn drop(&mut self) {
        if let Some(sem) = &self.sem {
            sem.release(1);
        }
    }
}

impl fmt::Debug for OwnedSemaphorePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedSemaphorePermit")
            .finish_non_exhaustive()
    }
}
