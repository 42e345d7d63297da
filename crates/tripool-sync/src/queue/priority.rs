//! The priority flavor: [`PriorityQueue`].

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::{Core, Storage};

/// A queue that returns its smallest item first. Python's
/// `queue.PriorityQueue` (a `heapq` min-heap).
///
/// [`get`](PriorityQueue::get) returns the least item by `Ord`; wrap items in
/// [`Reverse`] to get the greatest first. As in Python the order of equal
/// items is unspecified (the heap is not stable): to keep equal priorities in
/// arrival order, put `(priority, sequence_number, item)` tuples.
///
/// Everything else is as in [`Queue`](crate::Queue): bounded or not,
/// blocking, timed and async forms, `task_done`/`join` and `shutdown`.
///
/// # Panics
///
/// A panic in `T`'s `Ord` reaches the caller of the put or get that compared
/// the items. The queue stays usable (its lock is not poisoned), but the heap
/// order, and the item being moved when a get panicked, are then unspecified.
///
/// # Examples
///
/// ```
/// use std::cmp::Reverse;
/// use tripool_sync::PriorityQueue;
///
/// let jobs = PriorityQueue::new();
/// jobs.put((2, "later")).unwrap();
/// jobs.put((1, "first")).unwrap();
/// jobs.put((3, "last")).unwrap();
/// assert_eq!(jobs.get(), Ok((1, "first")));
/// assert_eq!(jobs.get(), Ok((2, "later")));
///
/// let max_first = PriorityQueue::new();
/// max_first.put(Reverse(1)).unwrap();
/// max_first.put(Reverse(5)).unwrap();
/// assert_eq!(max_first.get(), Ok(Reverse(5)));
/// ```
pub struct PriorityQueue<T: Ord> {
    core: Core<BinaryHeap<Reverse<T>>>,
}

/// A min-heap of items.
impl<T: Ord> Storage for BinaryHeap<Reverse<T>> {
    type Item = T;

    fn push(&mut self, item: T) {
        BinaryHeap::push(self, Reverse(item));
    }

    fn pop(&mut self) -> Option<T> {
        BinaryHeap::pop(self).map(|Reverse(item)| item)
    }

    fn len(&self) -> usize {
        BinaryHeap::len(self)
    }
}

super::api::queue_api!(PriorityQueue, Ord);
