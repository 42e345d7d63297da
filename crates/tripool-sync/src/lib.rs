//! Python's `threading` primitives and `queue` module, with Rust ownership.
//!
//! | Python                        | tripool-sync                                  |
//! |-------------------------------|-----------------------------------------------|
//! | `threading.Lock`              | [`Lock<T>`]: the guard derefs to the data     |
//! | `threading.RLock`             | [`RLock<T>`]: reentrant, the guard gives `&T` |
//! | `threading.Condition`         | [`Condition<T>`]: owns its data               |
//! | `threading.Semaphore`         | [`Semaphore`]: permits released on drop       |
//! | `threading.BoundedSemaphore`  | [`BoundedSemaphore`]: over-release is an error|
//! | `threading.Event`             | [`Event`]                                     |
//! | `threading.Barrier`           | [`Barrier`]: a timeout breaks it, as Python's |
//! | `queue.Queue`, `LifoQueue`, `PriorityQueue` | [`Queue`], [`LifoQueue`], [`PriorityQueue`] with `task_done`/`join` and 3.13 `shutdown` |
//!
//! Every blocking wait comes in the same family of forms: `op` blocks,
//! `try_op` never blocks, `op_timeout(Duration)` and `op_deadline(Instant)`
//! give up in time, and `op_async()` returns a `Send`, cancel-safe future
//! that runs on any executor. One primitive can therefore connect threads and
//! coroutines: here a thread produces and a task on tokio consumes.
//!
//! ```
//! use std::sync::Arc;
//! use tripool_sync::Queue;
//!
//! let queue = Arc::new(Queue::with_maxsize(4));
//! let producer = {
//!     let queue = Arc::clone(&queue);
//!     std::thread::spawn(move || {
//!         for i in 1..=10 {
//!             queue.put(i).unwrap();
//!         }
//!         queue.shutdown(false); // consumers drain, then see ShutDown
//!     })
//! };
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let sum = runtime.block_on(async {
//!     let mut sum = 0;
//!     while let Ok(i) = queue.get_async().await {
//!         sum += i;
//!     }
//!     sum
//! });
//! producer.join().unwrap();
//! assert_eq!(sum, 55);
//! ```
//!
//! Errors hand back what could not be delivered: a failed `try_put` returns
//! the value in `TryPutError::Full(value)`, a put after shutdown in
//! `ShutDown(value)`. Nothing is dropped silently.

mod barrier;
mod bounded_semaphore;
mod condition;
mod event;
mod lock;
mod loom;
mod queue;
mod rlock;
mod semaphore;
mod wait;

pub use barrier::{
    Barrier, BarrierBuilder, BarrierWait, BarrierWaitResult, BrokenBarrierError, ZeroPartiesError,
};
pub use bounded_semaphore::{
    BoundedSemaphore, BoundedSemaphoreAcquire, BoundedSemaphoreAcquireOwned,
    BoundedSemaphorePermit, OverReleaseError, OwnedBoundedSemaphorePermit,
};
pub use condition::{Condition, ConditionAcquire, ConditionGuard, ConditionWait};
pub use event::{Event, EventWait};
pub use lock::{Lock, LockAcquire, LockGuard};
pub use queue::{
    GetTimeoutError, LifoQueue, PriorityQueue, PutTimeoutError, Queue, QueueGet, QueueJoin,
    QueuePut, ShutDown, ShutDownError, TaskDoneError, TryGetError, TryPutError,
};
pub use rlock::{RLock, RLockAcquire, RLockGuard};
pub use semaphore::{
    OwnedSemaphorePermit, Semaphore, SemaphoreAcquire, SemaphoreAcquireOwned, SemaphorePermit,
};
