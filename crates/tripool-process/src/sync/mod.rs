//! Cross-process synchronisation primitives in shared memory, robust
//! against the death of a holder.

mod event;
mod lock;
mod owner;
mod raw;

pub use event::Event;
pub use lock::{Lock, LockGuard};
pub(crate) use raw::{RawGuard, RawLock};
