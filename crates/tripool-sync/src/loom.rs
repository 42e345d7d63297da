//! One switch between `std` and [`loom`](https://docs.rs/loom): the primitives
//! import their atomics, mutex and parking from here, so that
//! `RUSTFLAGS="--cfg tripool_loom"` model-checks the very code users run.
//!
//! Under loom, time cannot be modelled: `park_timeout` parks without a limit
//! and `Instant` is the real clock. Loom models therefore never use timeouts.

#[cfg(not(tripool_loom))]
mod imp {
    #[allow(unused_imports)]
    pub(crate) use std::hint::spin_loop;
    pub(crate) use std::sync::Arc;
    pub(crate) use std::sync::atomic;

    pub(crate) mod thread {
        #[allow(unused_imports)]
        pub(crate) use std::thread::{Thread, current, park, park_timeout, yield_now};
    }

    /// `std::sync::Mutex` without poisoning: tripool's own critical sections
    /// never run user code, so a poisoned internal lock carries no meaning.
    #[derive(Debug, Default)]
    pub(crate) struct Mutex<T>(std::sync::Mutex<T>);

    /// Guard of [`Mutex`].
    pub(crate) type MutexGuard<'a, T> = std::sync::MutexGuard<'a, T>;

    impl<T> Mutex<T> {
        pub(crate) const fn new(value: T) -> Self {
            Self(std::sync::Mutex::new(value))
        }

        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }
    }
}

#[cfg(tripool_loom)]
mod imp {
    #[allow(unused_imports)]
    pub(crate) use loom::hint::spin_loop;
    pub(crate) use loom::sync::Arc;
    pub(crate) use loom::sync::atomic;

    pub(crate) mod thread {
        #[allow(unused_imports)]
        pub(crate) use loom::thread::{Thread, current, park, yield_now};

        /// Loom has no clock: a timed park is an untimed one.
        pub(crate) fn park_timeout(_limit: std::time::Duration) {
            park();
        }
    }

    /// `loom::sync::Mutex` with the `std` wrapper's signature.
    #[derive(Debug, Default)]
    pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

    /// Guard of [`Mutex`].
    pub(crate) type MutexGuard<'a, T> = loom::sync::MutexGuard<'a, T>;

    impl<T> Mutex<T> {
        pub(crate) fn new(value: T) -> Self {
            Self(loom::sync::Mutex::new(value))
        }

        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            self.0
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
        }
    }
}

#[allow(unused_imports)]
pub(crate) use imp::*;
