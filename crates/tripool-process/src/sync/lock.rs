//! `Lock`: a mutual-exclusion lock shared between processes.

use std::fmt;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::time::{Duration, Instant};

use super::owner::{self, Owner};
use super::raw::RawGuard;
use crate::shm::{CreateError, Elem, Kind, OpenError, SharedRegion};

/// A lock in shared memory that threads of several processes can take:
/// Python's `multiprocessing.Lock`, robust against a holder's death.
///
/// It has the shape of [`tripool_sync::Lock`]: [`acquire`](Lock::acquire),
/// [`try_acquire`](Lock::try_acquire), [`acquire_timeout`](Lock::acquire_timeout)
/// and [`acquire_deadline`](Lock::acquire_deadline) return a [`LockGuard`]
/// that releases on drop. It guards no data of its own (put shared data in
/// a [`Value`](crate::Value) or [`Array`](crate::Array), which carry their
/// own lock). `acquire_async` is not there yet.
///
/// # A holder that dies
///
/// The lock records its owner: pid and start time (so a dead owner whose
/// pid was reused is told apart). If the owner exits or is killed while
/// holding the lock, the next acquirer gets it within about 50 ms, with
/// [`LockGuard::owner_died`] set, instead of waiting forever. Like a
/// poisoned `std::sync::Mutex`, the data the lock protects may be half
/// updated: check or repair it, then call [`LockGuard::mark_consistent`];
/// until then every acquirer sees `owner_died`.
///
/// The owner is the process, not the thread: a guard may be released by
/// another thread of the same process. Processes sharing a lock must see
/// one another's `/proc/<pid>` (the same pid namespace, `/proc` without
/// `hidepid`); where `/proc` cannot tell, owners are presumed alive.
///
/// # Examples
///
/// ```
/// use tripool_process::Lock;
///
/// let lock = Lock::new()?;
/// let other = lock.try_clone()?; // a second mapping, as in a child
/// let guard = lock.acquire();
/// assert!(other.try_acquire().is_none());
/// drop(guard);
/// assert!(!other.acquire().owner_died());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Lock {
    region: SharedRegion,
}

impl Lock {
    /// A free lock in new shared memory.
    ///
    /// # Errors
    ///
    /// The OS refused the memory (fd limit, memory).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_process::Lock::new()?;
    /// assert!(!lock.locked());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn new() -> Result<Self, CreateError> {
        Ok(Self {
            region: SharedRegion::create(Kind::Lock, Elem::of::<()>(), 0)?,
        })
    }

    /// Opens the lock behind `fd`, received from another process.
    ///
    /// # Errors
    ///
    /// [`OpenError`] if `fd` is not a sealed memory file made by
    /// [`Lock::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use tripool_process::Lock;
    ///
    /// let lock = Lock::new()?;
    /// let there = Lock::from_fd(lock.as_fd().try_clone_to_owned()?)?;
    /// let _held = there.acquire();
    /// assert!(lock.locked());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fd(fd: OwnedFd) -> Result<Self, OpenError> {
        Ok(Self {
            region: SharedRegion::open(fd, Kind::Lock, Elem::of::<()>())?,
        })
    }

    /// Another handle to the same lock, with its own fd and mapping.
    ///
    /// # Errors
    ///
    /// The OS error of `dup` or `mmap`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Lock::new()?;
    /// let b = a.try_clone()?;
    /// let _held = a.acquire();
    /// assert!(b.locked());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_clone(&self) -> io::Result<Self> {
        Ok(Self {
            region: self.region.try_clone()?,
        })
    }

    /// Blocks until the lock is acquired and returns the guard.
    ///
    /// # Blocking
    ///
    /// Sleeps on a futex while another process or thread holds the lock,
    /// waking every 50 ms to check that the holder lives. Acquiring a lock
    /// the caller already holds deadlocks, as in Python.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_process::Lock::new()?;
    /// let guard = lock.acquire();
    /// assert!(!guard.owner_died());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    #[inline]
    pub fn acquire(&self) -> LockGuard<'_> {
        LockGuard {
            guard: RawGuard::lock(self.region.lock()),
        }
    }

    /// Acquires the lock if it is free, or if its holder died; never
    /// sleeps (Python's `acquire(block=False)`).
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_process::Lock::new()?;
    /// let held = lock.try_acquire().unwrap();
    /// assert!(lock.try_acquire().is_none());
    /// drop(held);
    /// assert!(lock.try_acquire().is_some());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn try_acquire(&self) -> Option<LockGuard<'_>> {
        RawGuard::try_lock(self.region.lock()).map(|guard| LockGuard { guard })
    }

    /// Blocks until the lock is acquired or `timeout` passes; `None` on
    /// timeout. A timeout too large to represent waits forever.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let lock = tripool_process::Lock::new()?;
    /// let held = lock.acquire();
    /// assert!(lock.acquire_timeout(Duration::from_millis(1)).is_none());
    /// drop(held);
    /// assert!(lock.acquire_timeout(Duration::from_millis(1)).is_some());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn acquire_timeout(&self, timeout: Duration) -> Option<LockGuard<'_>> {
        self.acquire_until(Instant::now().checked_add(timeout))
    }

    /// Blocks until the lock is acquired or `deadline` passes; `None` if it
    /// passed first.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let lock = tripool_process::Lock::new()?;
    /// assert!(lock.acquire_deadline(Instant::now() + Duration::from_secs(1)).is_some());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn acquire_deadline(&self, deadline: Instant) -> Option<LockGuard<'_>> {
        self.acquire_until(Some(deadline))
    }

    fn acquire_until(&self, deadline: Option<Instant>) -> Option<LockGuard<'_>> {
        RawGuard::lock_until(self.region.lock(), deadline).map(|guard| LockGuard { guard })
    }

    /// Whether some process holds the lock (Python's `locked()`); the
    /// answer may be stale at once.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_process::Lock::new()?;
    /// let held = lock.acquire();
    /// assert!(lock.locked());
    /// drop(held);
    /// assert!(!lock.locked());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn locked(&self) -> bool {
        self.region.lock().is_locked()
    }

    /// For tests of dead holders: marks the free lock as held by process
    /// `pid`, with its real start time (`None`: read from `/proc` now, so
    /// the process must be running) or the given one. `false` if the lock
    /// was not free or `pid` is not running. Not part of the stable API.
    #[doc(hidden)]
    pub fn hold_as_for_tests(&self, pid: u32, start_time: Option<u32>) -> bool {
        let Some(start) = start_time.or_else(|| owner::start_time(pid)) else {
            return false;
        };
        self.region.lock().hold_as(Owner { pid, start })
    }
}

impl AsFd for Lock {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.region.as_fd()
    }
}

impl fmt::Debug for Lock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lock")
            .field("locked", &self.locked())
            .finish_non_exhaustive()
    }
}

/// Holds a [`Lock`]; releases it when dropped.
#[must_use = "if unused the lock is released at once"]
#[derive(Debug)]
pub struct LockGuard<'a> {
    guard: RawGuard<'a>,
}

impl LockGuard<'_> {
    /// Whether a holder died holding the lock and nobody has called
    /// [`mark_consistent`](Self::mark_consistent) since.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_process::Lock::new()?;
    /// let mut guard = lock.acquire();
    /// if guard.owner_died() {
    ///     // check or repair the shared data here, then:
    ///     guard.mark_consistent();
    /// }
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn owner_died(&self) -> bool {
        self.guard.owner_died()
    }

    /// Declares what the lock protects repaired: later acquirers no longer
    /// see [`owner_died`](Self::owner_died). Without it, the mark stays,
    /// release after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let lock = tripool_process::Lock::new()?;
    /// lock.acquire().mark_consistent(); // a no-op on a consistent lock
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn mark_consistent(&mut self) {
        self.guard.mark_consistent();
    }
}
