//! `Array<T>`: a fixed-length array of plain values in shared memory.

use std::fmt;
use std::io;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use super::{CreateError, Elem, Kind, OpenError, Plain, SharedRegion};
use crate::sync::RawGuard;

/// A fixed-length array of a [`Plain`] type in memory shared between
/// processes, behind one robust cross-process lock: Python's
/// `multiprocessing.Array`.
///
/// [`get`](Array::get) and [`set`](Array::set) take the lock for one
/// element; [`lock`](Array::lock) holds it and gives the whole slice.
/// Share it with another process as a [`Value`](crate::Value) is shared.
///
/// # Examples
///
/// ```
/// use tripool_process::Array;
///
/// let hist = Array::new(4, 0u32)?;
/// let other = hist.try_clone()?; // a second mapping, as in a child
/// std::thread::scope(|s| {
///     s.spawn(|| {
///         for i in 0..100 {
///             other.lock()[i % 4] += 1;
///         }
///     });
///     for i in 0..100 {
///         hist.lock()[i % 4] += 1;
///     }
/// });
/// assert_eq!(hist.to_vec(), [50, 50, 50, 50]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Array<T: Plain> {
    region: SharedRegion,
    _type: PhantomData<T>,
}

impl<T: Plain> Array<T> {
    /// A new shared array of `len` copies of `value`.
    ///
    /// # Errors
    ///
    /// The OS refused the memory, or `len` elements do not fit in memory
    /// (`InvalidInput`).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::new(3, 1.0f32)?;
    /// assert_eq!(a.to_vec(), [1.0, 1.0, 1.0]);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn new(len: usize, value: T) -> Result<Self, CreateError> {
        let array = Self::zeroed(len)?;
        array.lock().fill(value);
        Ok(array)
    }

    /// A new shared array holding a copy of `values`.
    ///
    /// # Errors
    ///
    /// As [`new`](Array::new).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::from_slice(&[1i64, 2, 3])?;
    /// assert_eq!(a.get(2), Some(3));
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn from_slice(values: &[T]) -> Result<Self, CreateError> {
        let array = Self::zeroed(values.len())?;
        array.lock().copy_from_slice(values);
        Ok(array)
    }

    fn zeroed(len: usize) -> Result<Self, CreateError> {
        Ok(Self {
            region: SharedRegion::create(Kind::Array, Elem::of::<T>(), len)?,
            _type: PhantomData,
        })
    }

    /// Opens the array behind `fd`, received from another process. Its
    /// length is read once, here, and checked against the file's size.
    ///
    /// # Errors
    ///
    /// [`OpenError`] if `fd` is not a sealed memory file made by
    /// [`Array::<T>`](Array) or is too small for the length it announces.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::os::fd::AsFd;
    /// use tripool_process::Array;
    ///
    /// let a = Array::new(2, 0u8)?;
    /// let there = Array::<u8>::from_fd(a.as_fd().try_clone_to_owned()?)?;
    /// there.set(1, 9).unwrap();
    /// assert_eq!(a.to_vec(), [0, 9]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_fd(fd: OwnedFd) -> Result<Self, OpenError> {
        Ok(Self {
            region: SharedRegion::open(fd, Kind::Array, Elem::of::<T>())?,
            _type: PhantomData,
        })
    }

    /// Another handle to the same array, with its own fd and mapping.
    ///
    /// # Errors
    ///
    /// The OS error of `dup` or `mmap`.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::new(1, 0u8)?;
    /// a.try_clone()?.set(0, 4).unwrap();
    /// assert_eq!(a.get(0), Some(4));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn try_clone(&self) -> io::Result<Self> {
        Ok(Self {
            region: self.region.try_clone()?,
            _type: PhantomData,
        })
    }

    /// The number of elements.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_process::Array::new(5, 0u8)?.len(), 5);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.region.len()
    }

    /// Whether the array has no elements.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(tripool_process::Array::<u8>::from_slice(&[])?.is_empty());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of element `index` (read under the lock), or `None` past the
    /// end.
    ///
    /// # Blocking
    ///
    /// Waits while another holder has the lock (at most 50 ms more if that
    /// holder died).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::from_slice(&[5u8])?;
    /// assert_eq!(a.get(0), Some(5));
    /// assert_eq!(a.get(1), None);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn get(&self, index: usize) -> Option<T> {
        if index >= self.len() {
            return None;
        }
        self.lock().get(index).copied()
    }

    /// Replaces element `index` (under the lock).
    ///
    /// # Errors
    ///
    /// [`IndexError`] past the end, handing `value` back.
    ///
    /// # Blocking
    ///
    /// As [`get`](Array::get).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::new(1, 0u8)?;
    /// a.set(0, 1).unwrap();
    /// assert_eq!(a.set(1, 2).unwrap_err().into_inner(), 2);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn set(&self, index: usize, value: T) -> Result<(), IndexError<T>> {
        let len = self.len();
        if index >= len {
            return Err(IndexError { index, len, value });
        }
        self.lock()[index] = value;
        Ok(())
    }

    /// A copy of all elements, taken under the lock.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::from_slice(&[1u16, 2])?;
    /// assert_eq!(a.to_vec(), vec![1, 2]);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn to_vec(&self) -> Vec<T> {
        self.lock().to_vec()
    }

    /// Blocks until the array's lock is held; the guard dereferences to the
    /// whole slice (Python's `with array.get_lock():`). See
    /// [`ArrayGuard::owner_died`] for a holder that died.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::from_slice(&[3u8, 1, 2])?;
    /// a.lock().sort();
    /// assert_eq!(a.to_vec(), [1, 2, 3]);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    #[doc(alias = "get_lock")]
    pub fn lock(&self) -> ArrayGuard<'_, T> {
        self.guard(RawGuard::lock(self.region.lock()))
    }

    /// Takes the lock if it is free (or its holder died); never blocks.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::new(1, 0u8)?;
    /// let held = a.lock();
    /// assert!(a.try_lock().is_none());
    /// drop(held);
    /// assert!(a.try_lock().is_some());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn try_lock(&self) -> Option<ArrayGuard<'_, T>> {
        RawGuard::try_lock(self.region.lock()).map(|guard| self.guard(guard))
    }

    fn guard<'a>(&'a self, guard: RawGuard<'a>) -> ArrayGuard<'a, T> {
        ArrayGuard {
            guard,
            data: self.region.data().cast::<T>(),
            len: self.len(),
            _type: PhantomData,
        }
    }
}

impl<T: Plain> AsFd for Array<T> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.region.as_fd()
    }
}

impl<T: Plain> fmt::Debug for Array<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Array").field("len", &self.len()).finish()
    }
}

/// Holds an [`Array`]'s lock and dereferences to its elements; releases
/// the lock when dropped.
#[must_use = "if unused the lock is released at once"]
pub struct ArrayGuard<'a, T: Plain> {
    guard: RawGuard<'a>,
    data: *mut T,
    len: usize,
    _type: PhantomData<&'a mut [T]>,
}

impl<T: Plain> ArrayGuard<'_, T> {
    /// Whether a holder died holding the lock and nobody has called
    /// [`mark_consistent`](Self::mark_consistent) since: check or repair
    /// the elements, then mark them consistent.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::new(1, 0u8)?;
    /// assert!(!a.lock().owner_died());
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn owner_died(&self) -> bool {
        self.guard.owner_died()
    }

    /// Declares the elements repaired: later holders no longer see
    /// [`owner_died`](Self::owner_died).
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::new(1, 0u8)?;
    /// a.lock().mark_consistent(); // a no-op on a consistent array
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn mark_consistent(&mut self) {
        self.guard.mark_consistent();
    }
}

impl<T: Plain> Deref for ArrayGuard<'_, T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        // SAFETY: `data` is the aligned start of `len` elements inside a
        // mapping that outlives the guard (checked against the file size
        // when opened); the lock is held; any bits are a `T`.
        unsafe { std::slice::from_raw_parts(self.data, self.len) }
    }
}

impl<T: Plain> DerefMut for ArrayGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut [T] {
        // SAFETY: as in `deref`, and `&mut self` makes this the only slice
        // made through this guard.
        unsafe { std::slice::from_raw_parts_mut(self.data, self.len) }
    }
}

impl<T: Plain + fmt::Debug> fmt::Debug for ArrayGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArrayGuard")
            .field("elements", &&**self)
            .field("owner_died", &self.owner_died())
            .finish()
    }
}

/// [`Array::set`] was given an index past the end; the value is handed
/// back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("index {index} out of bounds for a shared array of length {len}")]
pub struct IndexError<T> {
    index: usize,
    len: usize,
    value: T,
}

impl<T> IndexError<T> {
    /// The value that was not stored.
    ///
    /// # Examples
    ///
    /// ```
    /// let a = tripool_process::Array::<u8>::from_slice(&[])?;
    /// assert_eq!(a.set(0, 7).unwrap_err().into_inner(), 7);
    /// # Ok::<(), tripool_process::CreateError>(())
    /// ```
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The index that was out of bounds.
    pub fn index(&self) -> usize {
        self.index
    }
}
