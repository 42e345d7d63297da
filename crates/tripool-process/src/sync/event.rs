//! `Event`: a flag in shared memory that processes wait to see set.

use std::fmt;
use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::shm::{CreateError, Elem, Kind, OpenError, SharedRegion};
use crate::sys::futex;

/// A flag in shared memory that starts clear; [`set`](Event::set) wakes
/// every waiter in every process, and waits return at once while it stays
/// set: Python's `multiprocessing.Event`, with the shape of
/// [`tripool_sync::Event`] (`wait_async` is not there yet).
///
/// The flag is a futex word: waiting costs no CPU, and a waiter whose
/// setter died simply goes on waiting (or times out); nothing is held.
///
/// # Examples
///
/// ```
/// use tripool_process::Event;
///
/// let ready = Event::new()?;
/// let there = ready.try_clone()?; // a second mapping, as in a child
/// std::thread::scope(|s| {
///     s.spawn(|| there.set());
///     ready.wait();
/// });
/// assert!(ready.is_set());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Event {
    region: SharedRegion,
}

impl Event {
    /// A clear event in new shared memory.
    ///
    /// # Errors
    ///
    /// The OS refused the memory (fd limit, memory).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!tripool_process::Event::new()?.is_set());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn new() -> Result<Self, CreateError> {
        Ok(Self {
            region: SharedRegion::create(Kind::Event, Elem::of::<()>(), 0)?,
        })
    }

    /// Opens the event behind `fd`, received from another process.
    ///
    /// # Errors
    ///
    /// [`OpenError`] if `fd` is not a sealed memory file made by
    /// [`Event::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use tripool_process::Event;
    ///
    /// let event = Event::new()?;
    /// Event::from_fd(event.as_fd().try_clone_to_owned()?)?.set();
    /// assert!(event.is_set());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fd(fd: OwnedFd) -> Result<Self, OpenError> {
        Ok(Self {
            region: SharedRegion::open(fd, Kind::Event, Elem::of::<()>())?,
        })
    }

    /// Another handle to the same event, with its own fd and mapping.
    ///
    /// # Errors
    ///
    /// The OS error of `dup` or `mmap`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Event::new()?;
    /// a.try_clone()?.set();
    /// assert!(a.is_set());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_clone(&self) -> io::Result<Self> {
        Ok(Self {
            region: self.region.try_clone()?,
        })
    }

    /// Whether the flag is set.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = tripool_process::Event::new()?;
    /// e.set();
    /// assert!(e.is_set());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn is_set(&self) -> bool {
        self.region.header().flag.load(Ordering::Acquire) != 0
    }

    /// Sets the flag and wakes every waiter, in every process.
    ///
    /// # Examples
    ///
    /// ```
    /// let e = tripool_process::Event::new()?;
    /// e.set();
    /// e.wait(); // returns at once
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn set(&self) {
        let flag = &self.region.header().flag;
        if flag.swap(1, Ordering::Release) == 0 {
            futex::wake(flag, u32::MAX);
        }
    }

    /// Clears the flag: later waits block until the next [`set`](Event::set).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = tripool_process::Event::new()?;
    /// e.set();
    /// e.clear();
    /// assert!(!e.is_set());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn clear(&self) {
        self.region.header().flag.store(0, Ordering::Relaxed);
    }

    /// Blocks until the flag is set.
    ///
    /// # Blocking
    ///
    /// Sleeps on a futex; never returns if nobody sets the flag.
    ///
    /// # Examples
    ///
    /// See [`Event`].
    pub fn wait(&self) {
        while !self.wait_until(None) {}
    }

    /// Blocks until the flag is set (`true`) or `timeout` passes (`false`).
    /// A timeout too large to represent waits forever.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let e = tripool_process::Event::new()?;
    /// assert!(!e.wait_timeout(Duration::from_millis(1)));
    /// e.set();
    /// assert!(e.wait_timeout(Duration::from_millis(1)));
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.wait_until(Instant::now().checked_add(timeout))
    }

    /// Blocks until the flag is set (`true`) or `deadline` passes (`false`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    ///
    /// let e = tripool_process::Event::new()?;
    /// assert!(!e.wait_deadline(Instant::now() + Duration::from_millis(1)));
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn wait_deadline(&self, deadline: Instant) -> bool {
        self.wait_until(Some(deadline))
    }

    fn wait_until(&self, deadline: Option<Instant>) -> bool {
        let flag = &self.region.header().flag;
        loop {
            if flag.load(Ordering::Acquire) != 0 {
                return true;
            }
            let timeout = match deadline {
                None => None,
                Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => return false,
                },
            };
            futex::wait(flag, 0, timeout);
        }
    }
}

impl AsFd for Event {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.region.as_fd()
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("is_set", &self.is_set())
            .finish_non_exhaustive()
    }
}
