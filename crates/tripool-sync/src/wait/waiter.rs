//! One waiting thread or task.

use std::task::{Context, Poll, Waker};
use std::time::Instant;

use crate::loom::atomic::{AtomicBool, Ordering};
use crate::loom::thread::{self, Thread};
use crate::loom::{Arc, Mutex};

/// A thread or a task that waits for one notification.
///
/// | `notified` | meaning                                             |
/// |------------|-----------------------------------------------------|
/// | `false`    | waiting (or not yet parked); may be in a `WaitList` |
/// | `true`     | popped from its list and woken; never reset         |
#[derive(Debug)]
pub(crate) struct Waiter {
    notified: AtomicBool,
    wake: Wake,
}

#[derive(Debug)]
enum Wake {
    Thread(Thread),
    Task(Mutex<Option<Waker>>),
}

impl Waiter {
    /// A waiter for the calling thread, to be parked with [`Waiter::park_until`].
    pub(crate) fn for_current_thread() -> Arc<Self> {
        Arc::new(Self {
            notified: AtomicBool::new(false),
            wake: Wake::Thread(thread::current()),
        })
    }

    /// A waiter for a future, polled with [`Waiter::poll_notified`].
    pub(crate) fn for_task(waker: &Waker) -> Arc<Self> {
        Arc::new(Self {
            notified: AtomicBool::new(false),
            wake: Wake::Task(Mutex::new(Some(waker.clone()))),
        })
    }

    /// Whether a notifier has popped and woken this waiter.
    pub(crate) fn is_notified(&self) -> bool {
        self.notified.load(Ordering::Acquire)
    }

    /// Marks the waiter notified, then wakes its thread or task.
    ///
    /// Called only by the one who popped the waiter from its list, so each
    /// waiter is notified at most once.
    pub(crate) fn notify(&self) {
        self.notified.store(true, Ordering::Release);
        match &self.wake {
            Wake::Thread(thread) => thread.unpark(),
            Wake::Task(slot) => {
                let waker = slot.lock().take();
                if let Some(waker) = waker {
                    waker.wake();
                }
            }
        }
    }

    /// Parks the calling thread until notified or until `deadline` passes.
    ///
    /// Returns whether the waiter was notified. A `false` obliges the caller to
    /// [`WaitList::remove`](super::WaitList::remove) it (rule 2 of the engine).
    /// Must be called by the thread that created the waiter.
    pub(crate) fn park_until(&self, deadline: Option<Instant>) -> bool {
        loop {
            if self.is_notified() {
                return true;
            }
            match deadline {
                None => thread::park(),
                Some(deadline) => {
                    let now = Instant::now();
                    if now >= deadline {
                        return self.is_notified();
                    }
                    thread::park_timeout(deadline - now);
                }
            }
        }
    }

    /// Stores the current waker and reports whether the waiter was notified.
    pub(crate) fn poll_notified(&self, cx: &mut Context<'_>) -> Poll<()> {
        if self.is_notified() {
            return Poll::Ready(());
        }
        if let Wake::Task(slot) = &self.wake {
            let mut stored = slot.lock();
            match stored.as_mut() {
                Some(waker) => waker.clone_from(cx.waker()),
                None => *stored = Some(cx.waker().clone()),
            }
        }
        // Checked after the waker is stored: a `notify` that took the slot
        // before we stored set the flag first, so it is seen here.
        if self.is_notified() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}
