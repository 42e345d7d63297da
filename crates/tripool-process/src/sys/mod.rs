//! The operating system calls of this crate (Linux: futex, memfd, pidfd, ...).
