//! The errors of creating and opening shared memory.

use std::io;

/// Shared memory could not be created (`memfd_create`, `ftruncate` or
/// `mmap` failed: most often the fd limit or memory).
///
/// # Examples
///
/// ```
/// use tripool_process::Value;
///
/// match Value::new(0u64) {
///     Ok(value) => assert_eq!(value.get(), 0),
///     Err(e) => eprintln!("{e}: {}", e.io_error()),
/// }
/// ```
#[derive(Debug, thiserror::Error)]
#[error("error creating shared memory")]
pub struct CreateError {
    #[source]
    source: io::Error,
}

impl CreateError {
    pub(crate) fn new(source: io::Error) -> Self {
        Self { source }
    }

    /// The operating system's error.
    pub fn io_error(&self) -> &io::Error {
        &self.source
    }
}

/// A file descriptor received from elsewhere could not be opened as a
/// shared object. The peer is never trusted: the fd is checked before use.
///
/// # Examples
///
/// ```
/// use std::os::fd::AsFd;
/// use tripool_process::{Lock, OpenError, Value};
///
/// let lock = Lock::new()?;
/// let fd = lock.as_fd().try_clone_to_owned()?;
/// // A lock's memory is not a `Value<u64>`.
/// assert!(matches!(Value::<u64>::from_fd(fd), Err(OpenError::Mismatch)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OpenError {
    /// `fstat`, `fcntl` or `mmap` failed (for instance: not a memory file).
    #[error("error mapping shared memory")]
    Io(#[source] io::Error),
    /// The file is smaller than the object it claims to hold.
    #[error("shared memory region too small: {actual} bytes, {needed} needed")]
    TooSmall {
        /// Bytes the object needs.
        needed: u64,
        /// Bytes the file has.
        actual: u64,
    },
    /// The file holds another kind of object, or elements of another size
    /// or alignment, or was not made by this crate.
    #[error("shared memory region holds another kind of object")]
    Mismatch,
    /// The file is not sealed against shrinking, so another holder could
    /// shrink it under the mapping.
    #[error("shared memory region is not sealed against shrinking")]
    NotSealed,
}
