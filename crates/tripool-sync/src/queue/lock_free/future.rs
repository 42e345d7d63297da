//! The async forms on [`FifoCore`]: the same steps as the blocking ones, with
//! a task [`Waiter`] kept in the future between polls.

use std::task::{Context, Poll};

use super::FifoCore;
use crate::loom::Arc;
use crate::queue::future::{RawJoin, RawQueue, still_waiting};
use crate::queue::{Failure, ShutDown, ShutDownError};
use crate::wait::Waiter;

impl<T> FifoCore<T> {
    /// Registers a task waiter for `cx` in `list` and looks once more with
    /// `attempt` (told whether it is registered); on success leaves the
    /// list again.
    fn poll_wait<R>(
        &self,
        list: super::ListOf,
        hand_on: super::HandOn<T>,
        slot: &mut Option<Arc<Waiter>>,
        cx: &Context<'_>,
        mut attempt: impl FnMut(bool) -> Option<R>,
    ) -> Poll<R> {
        if let Some(result) = attempt(false) {
            return Poll::Ready(result);
        }
        let waiter = Waiter::for_task(cx.waker());
        self.register(list, Arc::clone(&waiter));
        if let Some(result) = attempt(true) {
            self.leave(list, &waiter, hand_on);
            return Poll::Ready(result);
        }
        *slot = Some(waiter);
        Poll::Pending
    }
}

impl<T: Send> RawQueue<T> for FifoCore<T> {
    fn poll_put(
        &self,
        item: &mut Option<T>,
        slot: &mut Option<Arc<Waiter>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), ShutDown<T>>> {
        if still_waiting(slot, cx) {
            return Poll::Pending;
        }
        let admitted = self.poll_wait(
            |waiters| &mut waiters.putters,
            Self::next_putter,
            slot,
            cx,
            |_| match self.admit() {
                Ok(admitted) => Some(Ok(admitted)),
                Err(Some(failure)) => Some(Err(failure)),
                Err(None) => None,
            },
        );
        admitted.map(|admitted| {
            let Some(value) = item.take() else {
                panic!("`QueuePut` polled after completion");
            };
            match admitted {
                Ok(admitted) => {
                    self.store(value, admitted);
                    Ok(())
                }
                Err(_) => Err(ShutDown(value)),
            }
        })
    }

    fn cancel_put(&self, waiter: Arc<Waiter>) {
        self.leave(|waiters| &mut waiters.putters, &waiter, Self::next_putter);
    }

    fn poll_get(
        &self,
        slot: &mut Option<Arc<Waiter>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<T, ShutDownError>> {
        if still_waiting(slot, cx) {
            return Poll::Pending;
        }
        self.poll_wait(
            |waiters| &mut waiters.getters,
            Self::next_getter,
            slot,
            cx,
            |registered| match self.take_or_closed(registered) {
                Ok(item) => Some(Ok(item)),
                Err(Some(Failure::ShutDown | Failure::Timeout)) => Some(Err(ShutDownError)),
                Err(None) => None,
            },
        )
    }

    fn cancel_get(&self, waiter: Arc<Waiter>) {
        self.leave(|waiters| &mut waiters.getters, &waiter, Self::next_getter);
    }
}

impl<T: Send> RawJoin for FifoCore<T> {
    fn poll_join(&self, slot: &mut Option<Arc<Waiter>>, cx: &mut Context<'_>) -> Poll<()> {
        if still_waiting(slot, cx) {
            return Poll::Pending;
        }
        self.poll_wait(
            |waiters| &mut waiters.joiners,
            Self::no_one,
            slot,
            cx,
            |_| (self.unfinished_tasks() == 0).then_some(()),
        )
    }

    fn cancel_join(&self, waiter: Arc<Waiter>) {
        self.leave(|waiters| &mut waiters.joiners, &waiter, Self::no_one);
    }
}
