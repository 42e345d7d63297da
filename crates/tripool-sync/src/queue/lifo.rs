//! The LIFO flavor: [`LifoQueue`].

use super::{Core, Storage};

/// A last-in, first-out queue (a stack): [`get`](LifoQueue::get) returns the
/// item put most recently. Python's `queue.LifoQueue`.
///
/// Everything else is as in [`Queue`](crate::Queue): bounded or not,
/// blocking, timed and async forms, `task_done`/`join` and `shutdown`.
///
/// # Examples
///
/// ```
/// use tripool_sync::LifoQueue;
///
/// let stack = LifoQueue::new();
/// for n in 1..=3 {
///     stack.put(n).unwrap();
/// }
/// assert_eq!([stack.get(), stack.get(), stack.get()], [Ok(3), Ok(2), Ok(1)]);
/// ```
pub struct LifoQueue<T> {
    core: Core<Vec<T>>,
}

/// Items with the newest on top.
impl<T> Storage for Vec<T> {
    type Item = T;

    fn push(&mut self, item: T) {
        Vec::push(self, item);
    }

    fn pop(&mut self) -> Option<T> {
        Vec::pop(self)
    }

    fn len(&self) -> usize {
        Vec::len(self)
    }
}

super::api::queue_api!(LifoQueue);
