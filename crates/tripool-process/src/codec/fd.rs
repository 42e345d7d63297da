//! Descriptors inside serialized values.
//!
//! A value that owns a file descriptor (a shared-memory region, a pipe end)
//! serializes it with [`serialize_fd`] and deserializes it with
//! [`deserialize_fd`]. They work only inside [`encode`](super::encode) and
//! [`decode`](super::decode) (so inside a transport's send and receive):
//! `encode` keeps a thread-local table where `serialize_fd` puts a
//! duplicate of the descriptor and writes its index; the table travels with
//! the frame as `SCM_RIGHTS`; `decode` installs the received descriptors in
//! the table, and `deserialize_fd` takes the one whose index it reads. Each
//! descriptor is taken once; those nobody takes are closed after decoding.
//! Outside a transport both functions fail with a serde error.
//!
//! ```ignore
//! impl Serialize for Region {
//!     fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
//!         serialize_fd(self.fd.as_fd(), s)
//!     }
//! }
//! impl<'de> Deserialize<'de> for Region {
//!     fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
//!         Region::from_fd(deserialize_fd(d)?).map_err(D::Error::custom)
//!     }
//! }
//! ```

use std::cell::RefCell;
use std::os::fd::{BorrowedFd, OwnedFd};

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::sys::MAX_FDS_PER_FRAME;

thread_local! {
    /// Descriptors gathered by the `encode` running on this thread.
    static OUTGOING: RefCell<Option<Vec<OwnedFd>>> = const { RefCell::new(None) };
    /// Descriptors received with the frame the running `decode` reads.
    static INCOMING: RefCell<Option<Vec<Option<OwnedFd>>>> = const { RefCell::new(None) };
}

/// Serializes a file descriptor as an index into the frame's descriptors;
/// the descriptor is duplicated (close-on-exec), so `fd` stays the caller's.
///
/// # Errors
///
/// Outside a transport's send, if the frame already carries the most
/// descriptors a frame may, or if duplicating fails.
#[allow(dead_code)] // used by the shared-memory types
pub(crate) fn serialize_fd<S: Serializer>(
    fd: BorrowedFd<'_>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let index = OUTGOING.with_borrow_mut(|table| {
        let table = table.as_mut().ok_or_else(|| {
            S::Error::custom("a file descriptor can only be sent through a tripool transport")
        })?;
        if table.len() == MAX_FDS_PER_FRAME {
            return Err(S::Error::custom("too many file descriptors in one message"));
        }
        let owned = fd.try_clone_to_owned().map_err(|error| {
            S::Error::custom(format_args!(
                "could not duplicate a file descriptor: {error}"
            ))
        })?;
        table.push(owned);
        Ok((table.len() - 1) as u32)
    })?;
    index.serialize(serializer)
}

/// Deserializes a file descriptor written by [`serialize_fd`], taking it
/// from the frame's descriptors.
///
/// # Errors
///
/// Outside a transport's receive, or if the index names no descriptor or
/// one already taken.
#[allow(dead_code)] // used by the shared-memory types
pub(crate) fn deserialize_fd<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<OwnedFd, D::Error> {
    let index = u32::deserialize(deserializer)? as usize;
    INCOMING.with_borrow_mut(|table| {
        let table = table.as_mut().ok_or_else(|| {
            D::Error::custom("a file descriptor can only be received through a tripool transport")
        })?;
        table.get_mut(index).and_then(Option::take).ok_or_else(|| {
            D::Error::custom(format_args!(
                "no file descriptor number {index} in the message"
            ))
        })
    })
}

/// Runs `f` with an empty outgoing table and returns what it gathered.
pub(super) fn gather<R>(f: impl FnOnce() -> R) -> (R, Vec<OwnedFd>) {
    let saved = OUTGOING.replace(Some(Vec::new()));
    let result = f();
    let fds = OUTGOING.replace(saved).unwrap_or_default();
    (result, fds)
}

/// Runs `f` with `fds` as the incoming table; descriptors `f` leaves are closed.
pub(super) fn provide<R>(fds: Vec<OwnedFd>, f: impl FnOnce() -> R) -> R {
    let saved = INCOMING.replace(Some(fds.into_iter().map(Some).collect()));
    let result = f();
    drop(INCOMING.replace(saved));
    result
}
