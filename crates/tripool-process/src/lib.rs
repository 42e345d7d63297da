//! Processes with their own address space, IPC and shared memory for tripool.
//!
//! Linux first: every OS call lives in `sys/`.
mod shm;
mod sync;
mod sys;

pub use shm::{
    Array, ArrayGuard, AtomicPlain, AtomicValue, CreateError, IndexError, OpenError, Plain, Value,
    ValueGuard,
};
pub use sync::{Event, Lock, LockGuard};
