//! `AtomicValue<T>`: one integer in shared memory with lock-free atomic
//! operations.

use std::fmt;
use std::io;
use std::marker::PhantomData;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::atomic::{
    AtomicI32, AtomicI64, AtomicIsize, AtomicU32, AtomicU64, AtomicUsize, Ordering,
};

use super::{CreateError, Elem, Kind, OpenError, Plain, SharedRegion};

mod sealed {
    pub trait Sealed {}
}

/// The integers an [`AtomicValue`] can hold: those with a lock-free atomic
/// type of the same size (`u32`, `i32`, `u64`, `i64`, `usize`, `isize`).
/// Sealed: the atomic operations come from `std::sync::atomic`.
pub trait AtomicPlain: Plain + sealed::Sealed {
    /// The `std::sync::atomic` type of the same size.
    #[doc(hidden)]
    type Atom: Send + Sync + 'static;
    #[doc(hidden)]
    fn load(atom: &Self::Atom, order: Ordering) -> Self;
    #[doc(hidden)]
    fn store(atom: &Self::Atom, value: Self, order: Ordering);
    #[doc(hidden)]
    fn swap(atom: &Self::Atom, value: Self, order: Ordering) -> Self;
    #[doc(hidden)]
    fn compare_exchange(
        atom: &Self::Atom,
        current: Self,
        new: Self,
        success: Ordering,
        failure: Ordering,
    ) -> Result<Self, Self>;
    #[doc(hidden)]
    fn fetch_add(atom: &Self::Atom, value: Self, order: Ordering) -> Self;
    #[doc(hidden)]
    fn fetch_sub(atom: &Self::Atom, value: Self, order: Ordering) -> Self;
    #[doc(hidden)]
    fn fetch_max(atom: &Self::Atom, value: Self, order: Ordering) -> Self;
    #[doc(hidden)]
    fn fetch_min(atom: &Self::Atom, value: Self, order: Ordering) -> Self;
}

macro_rules! atomic_plain {
    ($($t:ty => $atom:ty),* $(,)?) => {
        $(
            impl sealed::Sealed for $t {}

            impl AtomicPlain for $t {
                type Atom = $atom;
                fn load(atom: &$atom, order: Ordering) -> Self {
                    atom.load(order)
                }
                fn store(atom: &$atom, value: Self, order: Ordering) {
                    atom.store(value, order)
                }
                fn swap(atom: &$atom, value: Self, order: Ordering) -> Self {
                    atom.swap(value, order)
                }
                fn compare_exchange(
                    atom: &$atom,
                    current: Self,
                    new: Self,
                    success: Ordering,
                    failure: Ordering,
                ) -> Result<Self, Self> {
                    atom.compare_exchange(current, new, success, failure)
                }
                fn fetch_add(atom: &$atom, value: Self, order: Ordering) -> Self {
                    atom.fetch_add(value, order)
                }
                fn fetch_sub(atom: &$atom, value: Self, order: Ordering) -> Self {
                    atom.fetch_sub(value, order)
                }
                fn fetch_max(atom: &$atom, value: Self, order: Ordering) -> Self {
                    atom.fetch_max(value, order)
                }
                fn fetch_min(atom: &$atom, value: Self, order: Ordering) -> Self {
                    atom.fetch_min(value, order)
                }
            }
        )*
    };
}

atomic_plain!(
    u32 => AtomicU32,
    i32 => AtomicI32,
    u64 => AtomicU64,
    i64 => AtomicI64,
    usize => AtomicUsize,
    isize => AtomicIsize,
);

/// One integer in memory shared between processes, changed with lock-free
/// atomic operations (`fetch_add`, `compare_exchange`, ...) as a
/// `std::sync::atomic` integer is: the fast way to share a counter.
///
/// It is a type of its own, not a mode of [`Value`](crate::Value): a
/// `Value`'s guard hands out `&mut T`, and a plain access racing with an
/// atomic one would be a data race. An `AtomicValue` has no lock, so no
/// holder can die with it; it is shared with another process as a `Value`
/// is ([`as_fd`](AsFd::as_fd), [`from_fd`](AtomicValue::from_fd)).
///
/// # Examples
///
/// ```
/// use std::sync::atomic::Ordering;
/// use tripool_process::AtomicValue;
///
/// let hits = AtomicValue::new(0u64)?;
/// let other = hits.try_clone()?; // a second mapping, as in a child
/// std::thread::scope(|s| {
///     s.spawn(|| {
///         for _ in 0..1000 {
///             other.fetch_add(1, Ordering::Relaxed);
///         }
///     });
///     for _ in 0..1000 {
///         hits.fetch_add(1, Ordering::Relaxed);
///     }
/// });
/// assert_eq!(hits.load(Ordering::Relaxed), 2000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AtomicValue<T: AtomicPlain> {
    region: SharedRegion,
    _type: PhantomData<T>,
}

impl<T: AtomicPlain> AtomicValue<T> {
    /// A new shared integer holding `value`.
    ///
    /// # Errors
    ///
    /// The OS refused the memory (fd limit, memory).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(-3i32)?;
    /// assert_eq!(v.load(Ordering::Relaxed), -3);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn new(value: T) -> Result<Self, CreateError> {
        let atomic = Self {
            region: SharedRegion::create(Kind::Atomic, Elem::of::<T::Atom>(), 1)?,
            _type: PhantomData,
        };
        atomic.store(value, Ordering::Release);
        Ok(atomic)
    }

    /// Opens the integer behind `fd`, received from another process.
    ///
    /// # Errors
    ///
    /// [`OpenError`] if `fd` is not a sealed memory file made by
    /// [`AtomicValue::<T>::new`](AtomicValue::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use std::sync::atomic::Ordering;
    /// use tripool_process::AtomicValue;
    ///
    /// let v = AtomicValue::new(1usize)?;
    /// let there = AtomicValue::<usize>::from_fd(v.as_fd().try_clone_to_owned()?)?;
    /// there.fetch_add(1, Ordering::Relaxed);
    /// assert_eq!(v.load(Ordering::Relaxed), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fd(fd: OwnedFd) -> Result<Self, OpenError> {
        Ok(Self {
            region: SharedRegion::open(fd, Kind::Atomic, Elem::of::<T::Atom>())?,
            _type: PhantomData,
        })
    }

    /// Another handle to the same integer, with its own fd and mapping.
    ///
    /// # Errors
    ///
    /// The OS error of `dup` or `mmap`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let a = tripool_process::AtomicValue::new(0u32)?;
    /// a.try_clone()?.store(9, Ordering::Relaxed);
    /// assert_eq!(a.load(Ordering::Relaxed), 9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_clone(&self) -> io::Result<Self> {
        Ok(Self {
            region: self.region.try_clone()?,
            _type: PhantomData,
        })
    }

    fn atom(&self) -> &T::Atom {
        // SAFETY: the data is one `T::Atom`, aligned for it (the region was
        // laid out, and checked when opened, with its size and alignment),
        // inside a mapping that lives as long as `self`. Atomics are valid
        // for any bits and, being lock-free, work across processes on
        // shared memory.
        unsafe { &*self.region.data().cast::<T::Atom>() }
    }

    /// The value (`AtomicU64::load`).
    ///
    /// # Panics
    ///
    /// If `order` is `Release` or `AcqRel`, as `std`'s `load`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(5i64)?;
    /// assert_eq!(v.load(Ordering::Acquire), 5);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn load(&self, order: Ordering) -> T {
        T::load(self.atom(), order)
    }

    /// Replaces the value (`AtomicU64::store`).
    ///
    /// # Panics
    ///
    /// If `order` is `Acquire` or `AcqRel`, as `std`'s `store`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(0u64)?;
    /// v.store(7, Ordering::Release);
    /// assert_eq!(v.load(Ordering::Acquire), 7);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn store(&self, value: T, order: Ordering) {
        T::store(self.atom(), value, order);
    }

    /// Replaces the value, returning the old one (`AtomicU64::swap`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(1u32)?;
    /// assert_eq!(v.swap(2, Ordering::AcqRel), 1);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn swap(&self, value: T, order: Ordering) -> T {
        T::swap(self.atom(), value, order)
    }

    /// Stores `new` if the value is `current`; `Ok(previous)` if it did,
    /// `Err(actual)` if not (`AtomicU64::compare_exchange`).
    ///
    /// # Panics
    ///
    /// If `failure` is `Release` or `AcqRel`, as `std`'s.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering::{Acquire, Relaxed};
    ///
    /// let v = tripool_process::AtomicValue::new(1u64)?;
    /// assert_eq!(v.compare_exchange(1, 2, Acquire, Relaxed), Ok(1));
    /// assert_eq!(v.compare_exchange(1, 3, Acquire, Relaxed), Err(2));
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn compare_exchange(
        &self,
        current: T,
        new: T,
        success: Ordering,
        failure: Ordering,
    ) -> Result<T, T> {
        T::compare_exchange(self.atom(), current, new, success, failure)
    }

    /// Adds `value` (wrapping on overflow), returning the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(u32::MAX)?;
    /// assert_eq!(v.fetch_add(1, Ordering::Relaxed), u32::MAX);
    /// assert_eq!(v.load(Ordering::Relaxed), 0);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn fetch_add(&self, value: T, order: Ordering) -> T {
        T::fetch_add(self.atom(), value, order)
    }

    /// Subtracts `value` (wrapping on overflow), returning the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(0i32)?;
    /// v.fetch_sub(5, Ordering::Relaxed);
    /// assert_eq!(v.load(Ordering::Relaxed), -5);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn fetch_sub(&self, value: T, order: Ordering) -> T {
        T::fetch_sub(self.atom(), value, order)
    }

    /// Stores the larger of the value and `value`, returning the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(3u64)?;
    /// v.fetch_max(8, Ordering::Relaxed);
    /// v.fetch_max(5, Ordering::Relaxed);
    /// assert_eq!(v.load(Ordering::Relaxed), 8);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn fetch_max(&self, value: T, order: Ordering) -> T {
        T::fetch_max(self.atom(), value, order)
    }

    /// Stores the smaller of the value and `value`, returning the old value.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::atomic::Ordering;
    ///
    /// let v = tripool_process::AtomicValue::new(3i64)?;
    /// v.fetch_min(-1, Ordering::Relaxed);
    /// assert_eq!(v.load(Ordering::Relaxed), -1);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn fetch_min(&self, value: T, order: Ordering) -> T {
        T::fetch_min(self.atom(), value, order)
    }
}

impl<T: AtomicPlain> AsFd for AtomicValue<T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.region.as_fd()
    }
}

impl<T: AtomicPlain + fmt::Debug> fmt::Debug for AtomicValue<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AtomicValue")
            .field(&self.load(Ordering::Relaxed))
            .finish()
    }
}
