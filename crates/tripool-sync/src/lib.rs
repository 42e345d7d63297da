//! Python's `threading` primitives and `queue` module, with Rust ownership.
//!
//! Every blocking wait comes in the same family of forms: `op` blocks,
//! `try_op` never blocks, `op_timeout(Duration)` and `op_deadline(Instant)`
//! give up in time, and `op_async()` returns a `Send`, cancel-safe future
//! that runs on any executor. One primitive can therefore connect threads and
//! coroutines.
//!
//! ```
//! use tripool_sync::Event;
//!
//! let done = Event::new();
//! std::thread::scope(|s| {
//!     s.spawn(|| done.set());
//!     done.wait();
//! });
//! assert!(done.is_set());
//! ```

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
