//! Processes with their own address space, IPC and shared memory for tripool.
//!
//! Linux first: every OS call lives in `sys/`.
mod sys;
