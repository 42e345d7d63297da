//! The futures of `BoundedSemaphore::acquire_async` and
//! `acquire_owned_async`, on the semaphore's shared queueing state.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{BoundedSemaphore, BoundedSemaphorePermit, OwnedBoundedSemaphorePermit};
use crate::semaphore::AcquireState;

/// Future of [`BoundedSemaphore::acquire_async`]: ready with a permit.
///
/// # Cancel safety
///
/// Dropping it before it is ready leaves the queue, or passes on the permit
/// a release had already handed to it (never past the bound).
///
/// # Panics
///
/// Polling it again after it returned a permit panics.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct BoundedSemaphoreAcquire<'a> {
    sem: &'a BoundedSemaphore,
    state: AcquireState,
}

impl<'a> BoundedSemaphoreAcquire<'a> {
    pub(super) fn new(sem: &'a BoundedSemaphore) -> Self {
        Self {
            sem,
            state: AcquireState::new(sem.max),
        }
    }
}

impl<'a> Future for BoundedSemaphoreAcquire<'a> {
    type Output = BoundedSemaphorePermit<'a>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.state
            .poll_acquire(&this.sem.inner, cx)
            .map(|()| BoundedSemaphorePermit::new(this.sem))
    }
}

impl Drop for BoundedSemaphoreAcquire<'_> {
    fn drop(&mut self) {
        self.state.cancel(&self.sem.inner);
    }
}

/// Future of [`BoundedSemaphore::acquire_owned_async`]: ready with an owned
/// permit.
///
/// # Cancel safety
///
/// As [`BoundedSemaphoreAcquire`].
///
/// # Panics
///
/// Polling it again after it returned a permit panics.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct BoundedSemaphoreAcquireOwned {
    /// `None` once the permit took it.
    sem: Option<std::sync::Arc<BoundedSemaphore>>,
    state: AcquireState,
}

impl BoundedSemaphoreAcquireOwned {
    pub(super) fn new(sem: std::sync::Arc<BoundedSemaphore>) -> Self {
        let state = AcquireState::new(sem.max);
        Self {
            sem: Some(sem),
            state,
        }
    }
}

impl Future for BoundedSemaphoreAcquireOwned {
    type Output = OwnedBoundedSemaphorePermit;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        let Some(sem) = &this.sem else {
            panic!("semaphore future polled after completion");
        };
        if this.state.poll_acquire(&sem.inner, cx).is_pending() {
            return Poll::Pending;
        }
        let sem = this.sem.take().expect("checked above");
        Poll::Ready(OwnedBoundedSemaphorePermit::new(sem))
    }
}

impl Drop for BoundedSemaphoreAcquireOwned {
    fn drop(&mut self) {
        if let Some(sem) = &self.sem {
            self.state.cancel(&sem.inner);
        }
    }
}
