//! Futex wait and wake on words in shared memory.
//!
//! The calls do not use `FUTEX_PRIVATE_FLAG`: the words live in `MAP_SHARED`
//! mappings of a memory file, and a waiter in one process must be woken by a
//! waker in another, which only the shared (inode-keyed) futexes do.

use std::sync::atomic::{AtomicU32, AtomicU64};
use std::time::Duration;

/// Sleeps while `*word == expected`, until woken, interrupted, or `timeout`
/// passes (`None`: no limit). Returns whether it returned by timeout; a
/// wake-up may be spurious, so callers re-check the word.
pub(crate) fn wait(word: &AtomicU32, expected: u32, timeout: Option<Duration>) -> bool {
    wait_raw(word.as_ptr(), expected, timeout)
}

/// Wakes up to `count` waiters of `word`; returns how many woke.
pub(crate) fn wake(word: &AtomicU32, count: u32) -> usize {
    wake_raw(word.as_ptr(), count)
}

/// [`wait`] on the low 32 bits of a 64-bit word (the half the lock's state
/// lives in; the other half is its owner's start time).
pub(crate) fn wait_low(word: &AtomicU64, expected: u32, timeout: Option<Duration>) -> bool {
    wait_raw(low_half(word), expected, timeout)
}

/// [`wake`] on the low 32 bits of a 64-bit word.
pub(crate) fn wake_low(word: &AtomicU64, count: u32) -> usize {
    wake_raw(low_half(word), count)
}

/// The address of the low 32 bits of `word` (its first four bytes on a
/// little-endian machine, its last four on a big-endian one).
fn low_half(word: &AtomicU64) -> *mut u32 {
    let offset = if cfg!(target_endian = "little") { 0 } else { 4 };
    word.as_ptr()
        .cast::<u8>()
        .wrapping_add(offset)
        .cast::<u32>()
}

fn wait_raw(addr: *mut u32, expected: u32, timeout: Option<Duration>) -> bool {
    let ts = timeout.map(|t| libc::timespec {
        tv_sec: libc::time_t::try_from(t.as_secs()).unwrap_or(libc::time_t::MAX),
        // Below one billion: fits in any `c_long`.
        tv_nsec: t.subsec_nanos() as libc::c_long,
    });
    let ts_ptr = ts
        .as_ref()
        .map_or(std::ptr::null(), |t| t as *const libc::timespec);
    // SAFETY: `addr` is a live, 4-byte-aligned word that the kernel only
    // reads atomically; `ts_ptr` is null or points to a timespec that
    // outlives the call. FUTEX_WAIT takes a relative timeout.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            addr,
            libc::FUTEX_WAIT,
            expected,
            ts_ptr,
            std::ptr::null::<u32>(),
            0u32,
        )
    };
    r != 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::ETIMEDOUT)
}

fn wake_raw(addr: *mut u32, count: u32) -> usize {
    let count = i32::try_from(count).unwrap_or(i32::MAX);
    // SAFETY: `addr` is a live, aligned word; FUTEX_WAKE does not touch it.
    let r = unsafe {
        libc::syscall(
            libc::SYS_futex,
            addr,
            libc::FUTEX_WAKE,
            count,
            std::ptr::null::<libc::timespec>(),
            std::ptr::null::<u32>(),
            0u32,
        )
    };
    usize::try_from(r).unwrap_or(0)
}
