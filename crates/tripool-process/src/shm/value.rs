//! `Value<T>`: one plain value in shared memory, behind a robust lock.

use std::fmt;
use std::io;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use super::{CreateError, Elem, Kind, OpenError, Plain, SharedRegion};
use crate::sync::RawGuard;

/// One value of a [`Plain`] type in memory shared between processes,
/// behind a robust cross-process lock: Python's `multiprocessing.Value`.
///
/// [`get`](Value::get) and [`set`](Value::set) each take the lock for one
/// copy; [`lock`](Value::lock) holds it for a read-modify-write. The memory
/// is an anonymous memory file, freed when the last handle in any process
/// is gone.
///
/// # Sharing with a process
///
/// Pass a handle ([`try_clone`](Value::try_clone)) to
/// [`Process::spawn`](crate::Process::spawn) as an ordinary task argument:
/// it serializes as its memory file's descriptor, which the process
/// transport sends by `SCM_RIGHTS`, and the worker maps the same memory
/// (serializing it for anything but a tripool transport fails). By hand:
/// send [`as_fd`](AsFd::as_fd) and open it with [`from_fd`](Value::from_fd).
/// [`Array`](crate::Array), [`AtomicValue`](crate::AtomicValue),
/// [`Lock`](crate::Lock) and [`Event`](crate::Event) travel the same way.
///
/// # Examples
///
/// ```
/// use tripool_process::Value;
///
/// let counter = Value::new(0u64)?;
/// let other = counter.try_clone()?; // a second mapping, as in a child
/// std::thread::scope(|s| {
///     s.spawn(|| {
///         for _ in 0..1000 {
///             *other.lock() += 1;
///         }
///     });
///     for _ in 0..1000 {
///         *counter.lock() += 1;
///     }
/// });
/// assert_eq!(counter.get(), 2000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Value<T: Plain> {
    region: SharedRegion,
    _type: PhantomData<T>,
}

impl<T: Plain> Value<T> {
    /// A new shared value holding `value`.
    ///
    /// # Errors
    ///
    /// The OS refused the memory (fd limit, memory).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = tripool_process::Value::new(1.5f64)?;
    /// assert_eq!(v.get(), 1.5);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn new(value: T) -> Result<Self, CreateError> {
        let value_ = Self {
            region: SharedRegion::create(Kind::Value, Elem::of::<T>(), 1)?,
            _type: PhantomData,
        };
        value_.set(value);
        Ok(value_)
    }

    /// Opens the value behind `fd`, received from another process.
    ///
    /// # Errors
    ///
    /// [`OpenError`] if `fd` is not a sealed memory file made by
    /// [`Value::<T>::new`](Value::new) (same `T` size and alignment).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use tripool_process::Value;
    ///
    /// let v = Value::new(7i32)?;
    /// let fd = v.as_fd().try_clone_to_owned()?; // what SCM_RIGHTS delivers
    /// let there = Value::<i32>::from_fd(fd)?;
    /// there.set(8);
    /// assert_eq!(v.get(), 8);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fd(fd: OwnedFd) -> Result<Self, OpenError> {
        Ok(Self {
            region: SharedRegion::open(fd, Kind::Value, Elem::of::<T>())?,
            _type: PhantomData,
        })
    }

    /// Another handle to the same value, with its own fd and mapping.
    ///
    /// # Errors
    ///
    /// The OS error of `dup` or `mmap`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Value::new(1u8)?;
    /// let b = a.try_clone()?;
    /// b.set(2);
    /// assert_eq!(a.get(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_clone(&self) -> io::Result<Self> {
        Ok(Self {
            region: self.region.try_clone()?,
            _type: PhantomData,
        })
    }

    /// A copy of the value, read under the lock.
    ///
    /// # Blocking
    ///
    /// Waits while another holder has the lock (at most 50 ms more if that
    /// holder died).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_process::Value::new(3u16)?.get(), 3);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn get(&self) -> T {
        *self.lock()
    }

    /// Replaces the value, under the lock.
    ///
    /// # Blocking
    ///
    /// As [`get`](Value::get).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = tripool_process::Value::new(0u32)?;
    /// v.set(5);
    /// assert_eq!(v.get(), 5);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn set(&self, value: T) {
        *self.lock() = value;
    }

    /// Blocks until the value's lock is held; the guard dereferences to the
    /// value (Python's `with value.get_lock():`).
    ///
    /// If a holder died with the lock, the guard says so
    /// ([`ValueGuard::owner_died`]): the value may be half-updated.
    ///
    /// # Blocking
    ///
    /// As [`get`](Value::get).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = tripool_process::Value::new(1u64)?;
    /// {
    ///     let mut guard = v.lock();
    ///     *guard = *guard * 10 + 1;
    /// }
    /// assert_eq!(v.get(), 11);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    #[doc(alias = "get_lock")]
    pub fn lock(&self) -> ValueGuard<'_, T> {
        self.guard(RawGuard::lock(self.region.lock()))
    }

    /// Takes the lock if it is free (or its holder died); never blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = tripool_process::Value::new(0i8)?;
    /// let held = v.lock();
    /// assert!(v.try_lock().is_none());
    /// drop(held);
    /// assert!(v.try_lock().is_some());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn try_lock(&self) -> Option<ValueGuard<'_, T>> {
        RawGuard::try_lock(self.region.lock()).map(|guard| self.guard(guard))
    }

    fn guard<'a>(&'a self, guard: RawGuard<'a>) -> ValueGuard<'a, T> {
        ValueGuard {
            guard,
            value: self.region.data().cast::<T>(),
            _type: PhantomData,
        }
    }
}

impl<T: Plain> AsFd for Value<T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.region.as_fd()
    }
}

impl<T: Plain + fmt::Debug> fmt::Debug for Value<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Value");
        match self.try_lock() {
            Some(guard) => d.field("value", &*guard),
            None => d.field("value", &format_args!("<locked>")),
        };
        d.finish()
    }
}

/// Holds a [`Value`]'s lock and dereferences to the value; releases the
/// lock when dropped.
#[must_use = "if unused the lock is released at once"]
pub struct ValueGuard<'a, T: Plain> {
    guard: RawGuard<'a>,
    value: *mut T,
    _type: PhantomData<&'a mut T>,
}

impl<T: Plain> ValueGuard<'_, T> {
    /// Whether a holder died holding the lock and nobody has called
    /// [`mark_consistent`](Self::mark_consistent) since: check or repair
    /// the value, then mark it consistent.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = tripool_process::Value::new(0u8)?;
    /// assert!(!v.lock().owner_died());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn owner_died(&self) -> bool {
        self.guard.owner_died()
    }

    /// Declares the value repaired: later holders no longer see
    /// [`owner_died`](Self::owner_died).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = tripool_process::Value::new(0u8)?;
    /// let mut guard = v.lock();
    /// guard.mark_consistent(); // a no-op on a consistent value
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn mark_consistent(&mut self) {
        self.guard.mark_consistent();
    }
}

impl<T: Plain> Deref for ValueGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: `value` points to the aligned, in-bounds element of a
        // mapping that outlives the guard; the lock is held, so no other
        // holder that follows the protocol touches it; any bits are a `T`.
        unsafe { &*self.value }
    }
}

impl<T: Plain> DerefMut for ValueGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` makes this the only
        // reference made through this guard.
        unsafe { &mut *self.value }
    }
}

impl<T: Plain + fmt::Debug> fmt::Debug for ValueGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValueGuard")
            .field("value", &**self)
            .field("owner_died", &self.owner_died())
            .finish()
    }
}
