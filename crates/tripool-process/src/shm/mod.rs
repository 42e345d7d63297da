//! Shared memory: sealed anonymous memory files (`memfd_create`) mapped
//! `MAP_SHARED`, holding plain data behind a robust cross-process lock.

mod array;
mod atomic;
mod error;
mod plain;
mod region;
mod value;
mod wire;

pub use array::{Array, ArrayGuard, IndexError};
pub use atomic::{AtomicPlain, AtomicValue};
pub use error::{CreateError, OpenError};
pub use plain::Plain;
pub(crate) use region::{Elem, Kind, SharedRegion};
pub use value::{Value, ValueGuard};
