//! The future of `Barrier::wait_async`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::state::{Arrival, Party};
use super::{Barrier, BarrierWaitResult, BrokenBarrierError};
use crate::loom::Arc;
use crate::wait::Waiter;

/// Future of [`Barrier::wait_async`]: ready once the barrier trips or breaks.
///
/// # Cancel safety
///
/// Dropping it before the barrier trips withdraws the party, as
/// `asyncio.Barrier` does; after, nothing changes.
///
/// # Panics
///
/// Polling it again after it returned a result panics.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct BarrierWait<'a> {
    barrier: &'a Barrier,
    stage: Stage,
}

#[derive(Debug)]
enum Stage {
    /// Not arrived yet (or woken at the entry: arrive again).
    Arrive,
    /// Queued at the entry while the previous generation runs its action.
    Entry(Arc<Waiter>),
    /// Arrived; waiting for the generation to end.
    Party(Party),
    /// Returned its result.
    Done,
}

impl<'a> BarrierWait<'a> {
    pub(super) fn new(barrier: &'a Barrier) -> Self {
        Self {
            barrier,
            stage: Stage::Arrive,
        }
    }
}

impl Future for BarrierWait<'_> {
    type Output = Result<BarrierWaitResult, BrokenBarrierError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        loop {
            match &this.stage {
                Stage::Done => panic!("barrier future polled after completion"),
                Stage::Entry(waiter) => {
                    if waiter.poll_notified(cx).is_pending() {
                        return Poll::Pending;
                    }
                    this.stage = Stage::Arrive;
                }
                Stage::Party(party) => {
                    if party.waiter.poll_notified(cx).is_pending() {
                        return Poll::Pending;
                    }
                    let result = party.notified_outcome();
                    this.stage = Stage::Done;
                    return Poll::Ready(result);
                }
                Stage::Arrive => match this.barrier.arrive(|| Waiter::for_task(cx.waker())) {
                    Arrival::Done(result) => {
                        this.stage = Stage::Done;
                        return Poll::Ready(result);
                    }
                    Arrival::Lead => {
                        this.stage = Stage::Done;
                        return Poll::Ready(this.barrier.lead());
                    }
                    Arrival::Wait(party) => {
                        this.stage = Stage::Party(party);
                        return Poll::Pending;
                    }
                    Arrival::Blocked(waiter) => {
                        this.stage = Stage::Entry(waiter);
                        return Poll::Pending;
                    }
                },
            }
        }
    }
}

impl Drop for BarrierWait<'_> {
    fn drop(&mut self) {
        match &self.stage {
            Stage::Entry(waiter) => {
                self.barrier.state.lock().leave_entry(waiter);
            }
            Stage::Party(party) => self.barrier.state.lock().withdraw(party),
            Stage::Arrive | Stage::Done => {}
        }
    }
}
