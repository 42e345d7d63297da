//! tripool: processes, threads and coroutines behind one API.
//!
//! This facade re-exports the parts users need; see each module.

/// Threads' synchronization primitives and queues (`tripool-sync`).
pub mod sync {
    pub use tripool_sync::*;
}

/// The task model: handles, errors, `as_completed`, `wait` (`tripool-task`).
pub mod task {
    pub use tripool_task::*;
}

/// Threads, timers and the thread pool (`tripool-thread`).
pub mod thread {
    pub use tripool_thread::*;
}
