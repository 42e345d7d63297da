//! The futures of `Semaphore::acquire_async` and `acquire_owned_async`, and
//! the queueing state they (and `BoundedSemaphore`'s futures) share.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{OwnedSemaphorePermit, Semaphore, SemaphorePermit};
use crate::loom::Arc;
use crate::wait::Waiter;

/// Where an acquiring future stands in a semaphore's queue.
///
/// | `waiter`   | `done` | meaning                                        |
/// |------------|--------|------------------------------------------------|
/// | `None`     | false  | not polled yet, or polled and saw no permit    |
/// | `Some(_)`  | false  | queued; once notified, owns a permit           |
/// | `None`     | true   | ready: the permit went to the caller           |
#[derive(Debug)]
pub(crate) struct AcquireState {
    waiter: Option<Arc<Waiter>>,
    done: bool,
    /// Bound that a permit handed on at cancellation must respect.
    max: usize,
}

impl AcquireState {
    /// State of a future whose handed-on permits never push the free count
    /// past `max`.
    pub(crate) fn new(max: usize) -> Self {
        Self {
            waiter: None,
            done: false,
            max,
        }
    }

    /// Polls for one permit of `sem`; `Ready` once the caller owns it.
    ///
    /// # Panics
    ///
    /// If polled again after it returned `Ready`.
    pub(crate) fn poll_acquire(&mut self, sem: &Semaphore, cx: &mut Context<'_>) -> Poll<()> {
        assert!(!self.done, "semaphore future polled after completion");
        if let Some(waiter) = &self.waiter {
            if waiter.poll_notified(cx).is_pending() {
                return Poll::Pending;
            }
            self.waiter = None;
            self.done = true;
            return Poll::Ready(());
        }
        let mut state = sem.state.lock();
        if state.try_take() {
            self.done = true;
            return Poll::Ready(());
        }
        let waiter = Waiter::for_task(cx.waker());
        state.waiters.push(Arc::clone(&waiter));
        drop(state);
        self.waiter = Some(waiter);
        Poll::Pending
    }

    /// Gives up: leaves the queue, or passes on the permit a release already
    /// handed over (rule 2 of the waiting engine).
    pub(crate) fn cancel(&mut self, sem: &Semaphore) {
        if let Some(waiter) = self.waiter.take() {
            let mut state = sem.state.lock();
            if !state.waiters.remove(&waiter) && state.room(self.max) > 0 {
                state.release(1);
            }
        }
    }
}

/// Future of [`Semaphore::acquire_async`]: ready with a permit.
///
/// # Cancel safety
///
/// Dropping it before it is ready leaves the queue, or passes on to the next
/// waiter a permit that was already handed to it.
///
/// # Panics
///
/// Polling it again after it returned a permit panics.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct SemaphoreAcquire<'a> {
    sem: &'a Semaphore,
    state: AcquireState,
}

impl<'a> SemaphoreAcquire<'a> {
    pub(super) fn new(sem: &'a Semaphore) -> Self {
        Self {
            sem,
            state: AcquireState::new(usize::MAX),
        }
    }
}

impl<'a> Future for SemaphoreAcquire<'a> {
    type Output = SemaphorePermit<'a>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<SemaphorePermit<'a>> {
        let this = &mut *self;
        this.state
            .poll_acquire(this.sem, cx)
            .map(|()| SemaphorePermit::new(this.sem))
    }
}

impl Drop for SemaphoreAcquire<'_> {
    fn drop(&mut self) {
        self.state.cancel(self.sem);
    }
}

/// Future of [`Semaphore::acquire_owned_async`]: ready with an owned permit.
///
/// # Cancel safety
///
/// As [`SemaphoreAcquire`]: dropping it leaves the queue or passes on the
/// permit it was handed.
///
/// # Panics
///
/// Polling it again after it returned a permit panics.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct SemaphoreAcquireOwned {
    /// `None` once the permit took it.
    sem: Option<std::sync::Arc<Semaphore>>,
    state: AcquireState,
}

impl SemaphoreAcquireOwned {
    pub(super) fn new(sem: std::sync::Arc<Semaphore>) -> Self {
        Self {
            sem: Some(sem),
            state: AcquireState::new(usize::MAX),
        }
    }
}

impl Future for SemaphoreAcquireOwned {
    type Output = OwnedSemaphorePermit;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<OwnedSemaphorePermit> {
        let this = &mut *self;
        let Some(sem) = &this.sem else {
            panic!("semaphore future polled after completion");
        };
        if this.state.poll_acquire(sem, cx).is_pending() {
            return Poll::Pending;
        }
        let sem = this.sem.take().expect("checked above");
        Poll::Ready(OwnedSemaphorePermit::new(sem))
    }
}

impl Drop for SemaphoreAcquireOwned {
    fn drop(&mut self) {
        if let Some(sem) = &self.sem {
            self.state.cancel(sem);
        }
    }
}
