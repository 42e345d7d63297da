//! The futures of `put_async`, `get_async` and `join_async`.
//!
//! A future holds the queue as a trait object, so one future type serves the
//! three flavors. It registers a task [`Waiter`] only when it must wait, and on
//! drop follows rule 2 of the engine: leave the wait list, or, if a notifier
//! popped it already, hand the notification on to the next waiter when the
//! item (or room) it announced is still there.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Core, ShutDown, ShutDownError, Storage, wake};
use crate::loom::Arc;
use crate::wait::{WaitList, Waiter};

/// The operations a put or get future needs from a queue of `T`.
pub(crate) trait RawQueue<T>: Sync {
    fn poll_put(
        &self,
        item: &mut Option<T>,
        waiter: &mut Option<Arc<Waiter>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), ShutDown<T>>>;
    fn cancel_put(&self, waiter: Arc<Waiter>);
    fn poll_get(
        &self,
        waiter: &mut Option<Arc<Waiter>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<T, ShutDownError>>;
    fn cancel_get(&self, waiter: Arc<Waiter>);
}

/// The operations a join future needs from a queue.
pub(crate) trait RawJoin: Sync {
    fn poll_join(&self, waiter: &mut Option<Arc<Waiter>>, cx: &mut Context<'_>) -> Poll<()>;
    fn cancel_join(&self, waiter: Arc<Waiter>);
}

/// `true` while the registered waiter awaits its notification (its waker is
/// refreshed). Otherwise the slot is emptied: the caller owns whatever
/// notification came and must look at the state again.
pub(super) fn still_waiting(slot: &mut Option<Arc<Waiter>>, cx: &mut Context<'_>) -> bool {
    if let Some(waiter) = slot {
        if waiter.poll_notified(cx).is_pending() {
            return true;
        }
        *slot = None;
    }
    false
}

/// Registers a task waiter for `cx` at the back of `list`.
fn register(list: &mut WaitList, slot: &mut Option<Arc<Waiter>>, cx: &Context<'_>) {
    let waiter = Waiter::for_task(cx.waker());
    list.push(Arc::clone(&waiter));
    *slot = Some(waiter);
}

impl<S: Storage + Send> RawQueue<S::Item> for Core<S> {
    fn poll_put(
        &self,
        item: &mut Option<S::Item>,
        slot: &mut Option<Arc<Waiter>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<(), ShutDown<S::Item>>> {
        if still_waiting(slot, cx) {
            return Poll::Pending;
        }
        let mut state = self.state.acquire();
        if state.shut_down || self.has_room(&state) {
            let Some(value) = item.take() else {
                panic!("`QueuePut` polled after completion");
            };
            if state.shut_down {
                return Poll::Ready(Err(ShutDown(value)));
            }
            let getter = self.push_locked(&mut state, value);
            drop(state);
            wake(getter);
            return Poll::Ready(Ok(()));
        }
        register(&mut state.putters, slot, cx);
        Poll::Pending
    }

    fn cancel_put(&self, waiter: Arc<Waiter>) {
        let mut state = self.state.acquire();
        if waiter.is_notified() || !state.putters.remove(&waiter) {
            // We own a notification: pass it on while the room is there.
            let next = if !state.shut_down && self.has_room(&state) {
                state.putters.pop()
            } else {
                None
            };
            drop(state);
            wake(next);
        }
    }

    fn poll_get(
        &self,
        slot: &mut Option<Arc<Waiter>>,
        cx: &mut Context<'_>,
    ) -> Poll<Result<S::Item, ShutDownError>> {
        if still_waiting(slot, cx) {
            return Poll::Pending;
        }
        let mut state = self.state.acquire();
        if let Some((item, putter)) = self.pop_locked(&mut state) {
            drop(state);
            wake(putter);
            return Poll::Ready(Ok(item));
        }
        if state.shut_down {
            return Poll::Ready(Err(ShutDownError));
        }
        register(&mut state.getters, slot, cx);
        Poll::Pending
    }

    fn cancel_get(&self, waiter: Arc<Waiter>) {
        let mut state = self.state.acquire();
        if waiter.is_notified() || !state.getters.remove(&waiter) {
            // We own a notification: pass it on while the item is there.
            let next = if state.items.len() > 0 {
                state.getters.pop()
            } else {
                None
            };
            drop(state);
            wake(next);
        }
    }
}

impl<S: Storage + Send> RawJoin for Core<S> {
    fn poll_join(&self, slot: &mut Option<Arc<Waiter>>, cx: &mut Context<'_>) -> Poll<()> {
        if still_waiting(slot, cx) {
            return Poll::Pending;
        }
        let mut state = self.state.acquire();
        if state.unfinished == 0 {
            return Poll::Ready(());
        }
        register(&mut state.joiners, slot, cx);
        Poll::Pending
    }

    fn cancel_join(&self, waiter: Arc<Waiter>) {
        // Joiners are woken all at once: there is nothing to hand on.
        if !waiter.is_notified() {
            self.state.acquire().joiners.remove(&waiter);
        }
    }
}

/// Future of `put_async` on [`Queue`](crate::Queue),
/// [`LifoQueue`](crate::LifoQueue) and [`PriorityQueue`](crate::PriorityQueue):
/// resolves once the value is in the queue, or hands it back in
/// [`ShutDown`] if the queue is shut down.
///
/// # Cancel safety
///
/// The value enters the queue only in the `poll` that returns
/// `Ready(Ok(()))`. Dropped before that, the future did not put it, and the
/// value is dropped with the future; [`cancel`](QueuePut::cancel) gives it
/// back instead. A future dropped after a getter made room for it hands that
/// wake-up on to the next waiting putter.
///
/// # Panics
///
/// Polling it again after it completed panics.
///
/// # Examples
///
/// ```
/// use tripool_sync::Queue;
///
/// let queue = Queue::with_maxsize(1);
/// queue.put(1).unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| queue.get().unwrap());
///     // Waits until the thread's get makes room.
///     futures::executor::block_on(queue.put_async(2)).unwrap();
/// });
/// assert_eq!(queue.get(), Ok(2));
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct QueuePut<'a, T> {
    queue: &'a dyn RawQueue<T>,
    item: Option<T>,
    waiter: Option<Arc<Waiter>>,
}

// The value is never pinned: it is moved into the queue or handed back.
impl<T> Unpin for QueuePut<'_, T> {}

impl<'a, T> QueuePut<'a, T> {
    pub(crate) fn new(queue: &'a dyn RawQueue<T>, item: T) -> Self {
        Self {
            queue,
            item: Some(item),
            waiter: None,
        }
    }

    /// Gives up the put and returns the value, or `None` if the future had
    /// already put it (or handed it back in its output).
    ///
    /// # Examples
    ///
    /// ```
    /// use futures::FutureExt;
    /// use tripool_sync::Queue;
    ///
    /// let queue = Queue::with_maxsize(1);
    /// queue.put(1).unwrap();
    /// let mut put = queue.put_async(2);
    /// assert!((&mut put).now_or_never().is_none()); // full: waits
    /// assert_eq!(put.cancel(), Some(2));
    /// assert_eq!(queue.qsize(), 1);
    /// ```
    pub fn cancel(mut self) -> Option<T> {
        if let Some(waiter) = self.waiter.take() {
            self.queue.cancel_put(waiter);
        }
        self.item.take()
    }
}

impl<T> Future for QueuePut<'_, T> {
    type Output = Result<(), ShutDown<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        this.queue.poll_put(&mut this.item, &mut this.waiter, cx)
    }
}

impl<T> Drop for QueuePut<'_, T> {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter.take() {
            self.queue.cancel_put(waiter);
        }
    }
}

impl<T> fmt::Debug for QueuePut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueuePut")
            .field("pending", &self.item.is_some())
            .field("waiting", &self.waiter.is_some())
            .finish()
    }
}

/// Future of `get_async` on [`Queue`](crate::Queue),
/// [`LifoQueue`](crate::LifoQueue) and [`PriorityQueue`](crate::PriorityQueue):
/// resolves to the next item, or to [`ShutDownError`] once the queue is shut
/// down and empty.
///
/// # Cancel safety
///
/// An item leaves the queue only in the `poll` that returns it, so dropping
/// the future never loses one. A future dropped after a put woke it hands
/// that wake-up on to the next waiting getter, so no getter is stranded.
///
/// # Examples
///
/// ```
/// use futures::FutureExt;
/// use tripool_sync::Queue;
///
/// let queue = Queue::new();
/// let mut get = queue.get_async();
/// assert!((&mut get).now_or_never().is_none()); // empty: waits
/// queue.put("item").unwrap();
/// drop(get); // cancelled: the item stays in the queue
/// assert_eq!(queue.try_get(), Ok("item"));
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct QueueGet<'a, T> {
    queue: &'a dyn RawQueue<T>,
    waiter: Option<Arc<Waiter>>,
}

impl<'a, T> QueueGet<'a, T> {
    pub(crate) fn new(queue: &'a dyn RawQueue<T>) -> Self {
        Self {
            queue,
            waiter: None,
        }
    }
}

impl<T> Future for QueueGet<'_, T> {
    type Output = Result<T, ShutDownError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self;
        this.queue.poll_get(&mut this.waiter, cx)
    }
}

impl<T> Drop for QueueGet<'_, T> {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter.take() {
            self.queue.cancel_get(waiter);
        }
    }
}

impl<T> fmt::Debug for QueueGet<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueueGet")
            .field("waiting", &self.waiter.is_some())
            .finish()
    }
}

/// Future of `join_async` on [`Queue`](crate::Queue),
/// [`LifoQueue`](crate::LifoQueue) and [`PriorityQueue`](crate::PriorityQueue):
/// resolves once every item put has been marked done.
///
/// # Cancel safety
///
/// Cancel safe: dropping it leaves the wait list and costs nothing else
/// (joiners are all woken together, so there is no wake-up to hand on).
///
/// # Examples
///
/// ```
/// use tripool_sync::Queue;
///
/// let queue = Queue::new();
/// queue.put(1).unwrap();
/// std::thread::scope(|s| {
///     s.spawn(|| {
///         queue.get().unwrap();
///         queue.task_done().unwrap();
///     });
///     futures::executor::block_on(queue.join_async());
/// });
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct QueueJoin<'a> {
    queue: &'a dyn RawJoin,
    waiter: Option<Arc<Waiter>>,
}

impl<'a> QueueJoin<'a> {
    pub(crate) fn new(queue: &'a dyn RawJoin) -> Self {
        Self {
            queue,
            waiter: None,
        }
    }
}

impl Future for QueueJoin<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = &mut *self;
        this.queue.poll_join(&mut this.waiter, cx)
    }
}

impl Drop for QueueJoin<'_> {
    fn drop(&mut self) {
        if let Some(waiter) = self.waiter.take() {
            self.queue.cancel_join(waiter);
        }
    }
}

impl fmt::Debug for QueueJoin<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueueJoin")
            .field("waiting", &self.waiter.is_some())
            .finish()
    }
}
