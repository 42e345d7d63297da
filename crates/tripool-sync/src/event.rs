//! `Event`: a flag that threads and tasks wait to see set.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::loom::atomic::{AtomicBool, Ordering};
use crate::loom::{Arc, Mutex};
use crate::wait::{WaitList, Waiter, deadline_after};

/// A flag that starts clear; [`set`](Event::set) wakes every waiter, and waits
/// return at once while it stays set. Python's `threading.Event`.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use tripool_sync::Event;
///
/// let ready = Arc::new(Event::new());
/// let worker = {
///     let ready = Arc::clone(&ready);
///     std::thread::spawn(move || {
///         ready.wait();
///         "went"
///     })
/// };
/// ready.set();
/// assert_eq!(worker.join().unwrap(), "went");
/// assert!(ready.is_set());
/// ```
pub struct Event {
    flag: AtomicBool,
    waiters: Mutex<WaitList>,
}

impl Event {
    /// A clear event.
    pub fn new() -> Self {
        Self {
            flag: AtomicBool::new(false),
            waiters: Mutex::new(WaitList::new()),
        }
    }

    /// Whether the flag is set.
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::Acquire)
    }

    /// Sets the flag and wakes every thread and task waiting for it.
    pub fn set(&self) {
        let mut woken = {
            let mut waiters = self.waiters.lock();
            self.flag.store(true, Ordering::Release);
            waiters.take_all()
        };
        woken.notify_all();
    }

    /// Clears the flag; later waits block until the next [`set`](Event::set).
    pub fn clear(&self) {
        // No lock needed: a waiter decides to park only under the lock, after
        // reading the flag, and `set` notifies everyone it finds in the list.
        self.flag.store(false, Ordering::Release);
    }

    /// Blocks until the flag is set.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`wait_async`](Event::wait_async).
    pub fn wait(&self) {
        self.wait_until(None);
    }

    /// Blocks until the flag is set or `timeout` passes; returns whether it
    /// was set (Python's `Event.wait(timeout)`).
    ///
    /// A waiter woken by [`set`](Event::set) returns `true` even if the flag
    /// was cleared again before it ran, as in Python.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        self.wait_until(deadline_after(timeout))
    }

    /// Blocks until the flag is set or `deadline` passes; returns whether it
    /// was set.
    pub fn wait_deadline(&self, deadline: Instant) -> bool {
        self.wait_until(Some(deadline))
    }

    fn wait_until(&self, deadline: Option<Instant>) -> bool {
        if self.is_set() {
            return true;
        }
        let waiter = {
            let mut waiters = self.waiters.lock();
            if self.is_set() {
                return true;
            }
            let waiter = Waiter::for_current_thread();
            waiters.push(Arc::clone(&waiter));
            waiter
        };
        if waiter.park_until(deadline) {
            return true;
        }
        // Timed out: unless `set` popped us meanwhile, leave the list.
        !self.waiters.lock().remove(&waiter)
    }

    /// Waits until the flag is set, from async code on any executor.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe: dropping the future takes it out of the wait list and
    /// costs nothing else; `set` wakes every waiter, so no wake-up is lost.
    pub fn wait_async(&self) -> EventWait<'_> {
        EventWait {
            event: self,
            waiter: None,
        }
    }
}

impl Default for Event {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("is_set", &self.is_set())
            .finish()
    }
}

/// Future of [`Event::wait_async`]: ready once the flag is set.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub struct EventWait<'a> {
    event: &'a Event,
    waiter: Option<Arc<Waiter>>,
}

impl Future for EventWait<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(waiter) = &self.waiter {
            return waiter.poll_notified(cx);
        }
        if self.event.is_set() {
            return Poll::Ready(());
        }
        let mut waiters = self.event.waiters.lock();
        if self.event.is_set() {
            return Poll::Ready(());
        }
        let waiter = Waiter::for_task(cx.waker());
        waiters.push(Arc::clone(&waiter));
        drop(waiters);
        self.waiter = Some(waiter);
        Poll::Pending
    }
}

impl Drop for EventWait<'_> {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter.take() {
            if !waiter.is_notified() {
                self.event.waiters.lock().remove(&waiter);
            }
        }
    }
}
