//! One switch between `std` and [`loom`](https://docs.rs/loom): the task state
//! takes its atomics and `Mutex` from here, so that
//! `RUSTFLAGS="--cfg tripool_loom"` model-checks the code users run.
//!
//! The task's own allocation is always a `std` `Arc`: it is shared by a
//! typed handle and an erased job (an unsized coercion, which loom's `Arc`
//! cannot do), and what loom must see are the state word and mutexes inside.

#[cfg(not(tripool_loom))]
use std::sync as imp;

#[cfg(tripool_loom)]
use loom::sync as imp;

pub(crate) use imp::Arc;
pub(crate) use imp::atomic::{AtomicUsize, Ordering};

/// Guard of [`Mutex`].
pub(crate) type MutexGuard<'a, T> = imp::MutexGuard<'a, T>;

/// A mutex without poisoning: the task's critical sections never run user
/// code (callbacks run outside them), so poisoning carries no meaning.
#[derive(Debug, Default)]
pub(crate) struct Mutex<T>(imp::Mutex<T>);

impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(imp::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
