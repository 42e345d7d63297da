//! Who holds a lock: a process id and that process's start time, so that a
//! dead owner whose pid was reused is not mistaken for a live one.
//!
//! The start time is field 22 of `/proc/<pid>/stat` (clock ticks since boot),
//! kept to its low 32 bits: at 100 ticks a second they wrap after 497 days,
//! and a reused pid would have to start a multiple of that later to match.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// The owner record of the calling process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Owner {
    /// The process id (at most 2^22 on Linux).
    pub(crate) pid: u32,
    /// The low 32 bits of the process's start time.
    pub(crate) start: u32,
}

/// This process's record, read once (`None` if `/proc` cannot be read; then
/// no liveness can be checked and owners are presumed alive).
///
/// Cached for the life of the process: `getpid` is a system call, and
/// acquiring a free lock must cost no more than an atomic operation. A
/// process made by `fork` without `exec` (which tripool never does) would
/// inherit its parent's record, so it must not take these locks.
fn this_process() -> Option<Owner> {
    static THIS: OnceLock<Option<Owner>> = OnceLock::new();
    *THIS.get_or_init(|| {
        let pid = std::process::id();
        start_time(pid).map(|start| Owner { pid, start })
    })
}

/// The record a lock taken by the calling process stores: one relaxed load
/// once known.
#[inline]
pub(crate) fn current() -> Owner {
    // 0 until first known: no process has pid 0.
    static CURRENT: AtomicU64 = AtomicU64::new(0);
    let packed = CURRENT.load(Ordering::Relaxed);
    if packed != 0 {
        return Owner {
            // The two halves, as packed below.
            pid: packed as u32,
            start: (packed >> 32) as u32,
        };
    }
    let owner = this_process().unwrap_or(Owner {
        pid: std::process::id(),
        start: 0,
    });
    CURRENT.store(
        u64::from(owner.pid) | u64::from(owner.start) << 32,
        Ordering::Relaxed,
    );
    owner
}

/// What `/proc/<pid>/stat` says about a process.
enum Status {
    /// No such process (or only its unreaped exit status).
    Gone,
    /// Running (or sleeping, stopped, ...) with this start time.
    Running(u32),
    /// `/proc` could not tell.
    Unknown,
}

fn status(pid: u32) -> Status {
    let text = match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Status::Gone,
        Err(e) if e.raw_os_error() == Some(libc::ESRCH) => return Status::Gone,
        Err(_) => return Status::Unknown,
    };
    // The command name (field 2) may hold spaces and parentheses: the
    // fields that follow start after its last ')'. Field 3 is the state,
    // field 22 the start time.
    let Some(rest) = text.rfind(')').map(|i| &text[i + 1..]) else {
        return Status::Unknown;
    };
    let mut fields = rest.split_ascii_whitespace();
    match fields.next() {
        Some("Z" | "X" | "x") => return Status::Gone,
        Some(_) => {}
        None => return Status::Unknown,
    }
    match fields.nth(18).and_then(|f| f.parse::<u64>().ok()) {
        // Truncation to the low 32 bits is the documented record format.
        Some(start) => Status::Running(start as u32),
        None => Status::Unknown,
    }
}

/// The low 32 bits of the start time of process `pid`, if it is running.
pub(crate) fn start_time(pid: u32) -> Option<u32> {
    match status(pid) {
        Status::Running(start) => Some(start),
        Status::Gone | Status::Unknown => None,
    }
}

/// Whether the process recorded as `owner` may still be running: `false`
/// only when it surely is not (no process has its pid, the process with its
/// pid is a zombie, or it started at another time).
pub(crate) fn may_be_alive(owner: Owner) -> bool {
    let Some(me) = this_process() else {
        return true;
    };
    if owner.pid == me.pid {
        return true;
    }
    match status(owner.pid) {
        Status::Gone => false,
        Status::Running(start) => start == owner.start,
        Status::Unknown => true,
    }
}
