//! The operating system calls of this crate (Linux: futex, memfd, pidfd, ...).

pub(crate) mod futex;
pub(crate) mod memfd;
pub(crate) mod mmap;
