//! A FIFO list of waiters.

use std::collections::VecDeque;

use super::Waiter;
use crate::loom::Arc;

/// Waiters in arrival order. Kept inside a primitive's state mutex.
#[derive(Debug, Default)]
#[allow(dead_code)] // each primitive uses a part of it
pub(crate) struct WaitList {
    queue: VecDeque<Arc<Waiter>>,
}

impl WaitList {
    /// An empty list.
    pub(crate) const fn new() -> Self {
        Self {
            queue: VecDeque::new(),
        }
    }

    /// Adds a waiter at the back.
    pub(crate) fn push(&mut self, waiter: Arc<Waiter>) {
        self.queue.push_back(waiter);
    }

    /// Takes `waiter` out of the list; `false` if a notifier popped it already.
    pub(crate) fn remove(&mut self, waiter: &Arc<Waiter>) -> bool {
        match self.queue.iter().position(|w| Arc::ptr_eq(w, waiter)) {
            Some(index) => {
                self.queue.remove(index);
                true
            }
            None => false,
        }
    }

    /// Pops the oldest waiter, to be notified once the caller has dropped its
    /// state mutex (waking outside the lock saves the wakee a futile spin).
    pub(crate) fn pop(&mut self) -> Option<Arc<Waiter>> {
        self.queue.pop_front()
    }

    /// Pops and notifies the oldest waiter; `false` if there was none.
    pub(crate) fn notify_one(&mut self) -> bool {
        match self.pop() {
            Some(waiter) => {
                waiter.notify();
                true
            }
            None => false,
        }
    }

    /// Pops and notifies up to `n` waiters, oldest first; returns how many.
    pub(crate) fn notify(&mut self, n: usize) -> usize {
        let mut woken = 0;
        while woken < n && self.notify_one() {
            woken += 1;
        }
        woken
    }

    /// Takes every waiter out, to be notified (with [`notify_all`]) once the
    /// caller has dropped its state mutex, so the woken do not run into it.
    ///
    /// [`notify_all`]: WaitList::notify_all
    pub(crate) fn take_all(&mut self) -> Self {
        Self {
            queue: std::mem::take(&mut self.queue),
        }
    }

    /// Pops and notifies every waiter; returns how many.
    pub(crate) fn notify_all(&mut self) -> usize {
        let woken = self.queue.len();
        for waiter in self.queue.drain(..) {
            waiter.notify();
        }
        woken
    }

    /// How many are waiting.
    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }

    /// Whether nobody waits.
    pub(crate) fn is_empty(&self) -> bool {
        self.queue.is_empty()
    }
}
