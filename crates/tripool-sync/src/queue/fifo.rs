//! The FIFO flavor: [`Queue`].

use super::lock_free::FifoCore;

/// A first-in, first-out queue for producer and consumer threads and tasks.
/// Python's `queue.Queue`.
///
/// Unbounded ([`new`](Queue::new)) or bounded
/// ([`with_maxsize`](Queue::with_maxsize)); every wait comes as `op` (blocks),
/// `try_op`, `op_timeout`, `op_deadline` and `op_async` (a `Send`, cancel-safe
/// future for any executor), so one queue connects threads and coroutines.
/// [`task_done`](Queue::task_done) and [`join`](Queue::join) let a producer
/// wait until every item has been processed, and
/// [`shutdown`](Queue::shutdown) ends it with Python 3.13's semantics.
///
/// `Queue<T>` is `Send` and `Sync` when `T` is `Send`; share it with an `Arc`
/// or a scoped thread.
///
/// # Examples
///
/// Workers process items, the producer waits until all are done:
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicU64, Ordering};
/// use tripool_sync::Queue;
///
/// let queue = Arc::new(Queue::with_maxsize(4));
/// let total = Arc::new(AtomicU64::new(0));
/// let workers: Vec<_> = (0..2)
///     .map(|_| {
///         let (queue, total) = (Arc::clone(&queue), Arc::clone(&total));
///         std::thread::spawn(move || {
///             // `get` fails once the queue is shut down and drained.
///             while let Ok(n) = queue.get() {
///                 total.fetch_add(n, Ordering::Relaxed);
///                 queue.task_done().unwrap();
///             }
///         })
///     })
///     .collect();
/// for n in 1..=100 {
///     queue.put(n).unwrap(); // blocks while 4 items wait
/// }
/// queue.join(); // every item was processed
/// assert_eq!(total.load(Ordering::Relaxed), 5050);
/// queue.shutdown(false); // let the workers go
/// for worker in workers {
///     worker.join().unwrap();
/// }
/// ```
///
/// A queue of items that are not `Send` cannot be shared with another
/// thread:
///
/// ```compile_fail
/// use std::rc::Rc;
///
/// let queue = tripool_sync::Queue::<Rc<u8>>::new();
/// std::thread::scope(|s| {
///     s.spawn(|| queue.put(Rc::new(1)));
/// });
/// ```
///
/// Items come out in the order they went in:
///
/// ```
/// let queue = tripool_sync::Queue::new();
/// for n in 1..=3 {
///     queue.put(n).unwrap();
/// }
/// assert_eq!([queue.get(), queue.get(), queue.get()], [Ok(1), Ok(2), Ok(3)]);
/// ```
pub struct Queue<T> {
    core: FifoCore<T>,
}

super::api::queue_api!(Queue);
