//! The operating system calls of this crate (Linux: futex, memfd, pidfd, ...).
//!
//! Everything `unsafe` about processes lives here, behind safe functions.

mod child;
mod fdpass;
pub(crate) mod futex;
pub(crate) mod memfd;
pub(crate) mod mmap;

pub(crate) use child::{WORKER_ENV, killpg, prepare_child, reap, take_worker_socket, wait_exited};
pub(crate) use fdpass::{MAX_FDS_PER_FRAME, recv_with_fds, send_with_fds};
