//! Anonymous shared memory files (`memfd_create`): nothing is named in
//! `/dev/shm`, and the memory is freed with the last fd or mapping.

use std::ffi::CStr;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

/// A new close-on-exec memory file of exactly `len` bytes (zero-filled),
/// sealed so that its size can never change: a peer that receives the fd
/// cannot shrink it under our mapping (which would turn accesses into
/// `SIGBUS`).
///
/// # Errors
///
/// The OS error: the fd limit, memory, or a `len` the kernel refuses.
pub(crate) fn create(name: &CStr, len: u64) -> io::Result<OwnedFd> {
    let len = libc::off_t::try_from(len).map_err(|_| io::ErrorKind::InvalidInput)?;
    // SAFETY: `name` is a valid NUL-terminated string; the flags are valid.
    let raw =
        unsafe { libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING) };
    if raw < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `raw` is a fresh fd that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    // SAFETY: `fd` is an open fd we own; ftruncate has no memory effects.
    if unsafe { libc::ftruncate(fd.as_raw_fd(), len) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let seals = libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_SEAL;
    // SAFETY: `fd` is an open fd; F_ADD_SEALS takes an int argument.
    if unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_ADD_SEALS, seals) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(fd)
}

/// Whether `fd` is a memory file sealed against shrinking: only then is a
/// mapping of it safe from `SIGBUS` whatever its other holders do.
pub(crate) fn is_sealed_against_shrink(fd: BorrowedFd<'_>) -> bool {
    // SAFETY: `fd` is an open fd; F_GET_SEALS takes no argument.
    let seals = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GET_SEALS) };
    seals >= 0 && seals & libc::F_SEAL_SHRINK != 0
}

/// The size of the file behind `fd`, in bytes.
///
/// # Errors
///
/// The OS error of `fstat`.
pub(crate) fn size(fd: BorrowedFd<'_>) -> io::Result<u64> {
    let mut stat = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: `fd` is an open fd and `stat` is a writable `struct stat`.
    if unsafe { libc::fstat(fd.as_raw_fd(), stat.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fstat succeeded, so it filled `stat` in.
    let stat = unsafe { stat.assume_init() };
    u64::try_from(stat.st_size).map_err(|_| io::ErrorKind::InvalidData.into())
}
