//! The waiting engine every primitive shares.
//!
//! A primitive keeps its state and one or more [`WaitList`]s behind its own
//! [`Mutex`](crate::loom::Mutex). A caller that must wait puts a [`Waiter`] in a
//! list, releases the mutex and then either parks its thread
//! ([`Waiter::park_until`]) or, from a future, returns `Pending` after
//! [`Waiter::poll_notified`] has stored its waker. Whoever changes the state
//! pops waiters and calls [`Waiter::notify`].
//!
//! Two rules keep this free of lost wake-ups (see `docs/architecture.md`):
//!
//! 1. A waiter is pushed while the state mutex is held, after the caller saw
//!    that it must wait, and popped only under that mutex. Notification sets a
//!    flag before it wakes, so a wake that lands before the park is not lost.
//! 2. A waiter that gives up (timeout, or its future dropped) takes the mutex
//!    and calls [`WaitList::remove`]. If that returns `false`, a notifier popped
//!    it already: the waiter owns that notification and must consume it (take
//!    the lock, the permit, the item) or hand it on to the next waiter.

mod list;
mod waiter;

pub(crate) use list::WaitList;
pub(crate) use waiter::Waiter;

use std::time::{Duration, Instant};

/// The deadline `timeout` from now; `None` (wait forever) if it overflows.
pub(crate) fn deadline_after(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout)
}
