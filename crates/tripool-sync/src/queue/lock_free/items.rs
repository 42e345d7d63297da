//! Where the FIFO queue keeps its items: crossbeam's lock-free `SegQueue`,
//! or, under loom, a model with `SegQueue`'s `new`, `push`, `pop` and
//! `is_empty`, so that the waiting protocol around it is model-checked.

#[cfg(not(tripool_loom))]
pub(super) use crossbeam_queue::SegQueue as Items;

#[cfg(tripool_loom)]
pub(super) use model::Items;

#[cfg(tripool_loom)]
mod model {
    use std::collections::VecDeque;

    use crate::loom::Mutex;
    use crate::loom::atomic::{AtomicUsize, Ordering, fence};

    /// `SegQueue`'s synchronization on loom types: a push publishes its item
    /// by a read-modify-write of `tail`; a pop decides "empty" from
    /// `fence(SeqCst)` and a load of `tail`, and claims an item by a
    /// compare-and-swap of `head`. The mutex only holds the values; it is
    /// never taken by a pop that finds the queue empty, so it adds no
    /// ordering that the real queue lacks.
    #[derive(Debug)]
    pub(crate) struct Items<T> {
        values: Mutex<VecDeque<T>>,
        head: AtomicUsize,
        tail: AtomicUsize,
    }

    impl<T> Items<T> {
        pub(crate) fn new() -> Self {
            Self {
                values: Mutex::new(VecDeque::new()),
                head: AtomicUsize::new(0),
                tail: AtomicUsize::new(0),
            }
        }

        pub(crate) fn push(&self, item: T) {
            self.values.lock().push_back(item);
            self.tail.fetch_add(1, Ordering::SeqCst);
        }

        pub(crate) fn pop(&self) -> Option<T> {
            let mut head = self.head.load(Ordering::Acquire);
            loop {
                fence(Ordering::SeqCst);
                if head == self.tail.load(Ordering::Acquire) {
                    return None;
                }
                match self.head.compare_exchange(
                    head,
                    head + 1,
                    Ordering::SeqCst,
                    Ordering::Acquire,
                ) {
                    // Claimed: the pushes up to `tail` stored their values.
                    Ok(_) => return self.values.lock().pop_front(),
                    Err(now) => head = now,
                }
            }
        }

        pub(crate) fn is_empty(&self) -> bool {
            let head = self.head.load(Ordering::SeqCst);
            head == self.tail.load(Ordering::SeqCst)
        }
    }
}
