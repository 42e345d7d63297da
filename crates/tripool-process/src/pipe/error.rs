//! The errors of a pipe end: one type per operation.

use std::io;

use crate::codec::TransportError;

/// A value could not be encoded or decoded (postcard).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct CodecError(#[from] postcard::Error);

/// Why [`send`](super::Sender::send) failed. Nothing was sent, except for
/// [`Disconnected`](Self::Disconnected) and [`Io`](Self::Io), after which
/// the end is closed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError {
    /// The receiving end was dropped, or its process exited.
    #[error("pipe disconnected")]
    Disconnected,
    /// The value could not be serialized; nothing was sent.
    #[error("message could not be serialized")]
    Serialize(#[source] CodecError),
    /// The serialized value is larger than a frame may be; nothing was sent.
    #[error("message of {len} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The serialized size.
        len: usize,
        /// The largest frame.
        limit: usize,
    },
    /// Another I/O error on the socket.
    #[error("i/o error on the pipe")]
    Io(#[source] io::Error),
}

/// Why [`recv`](super::Receiver::recv) failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecvError {
    /// The sending end was dropped or its process exited (also when it died
    /// in the middle of a message: a truncated message is never returned),
    /// or this end was closed by an earlier error.
    #[error("pipe disconnected")]
    Disconnected,
    /// A whole message arrived but is not a valid value of the expected
    /// type; it is consumed and the end stays usable.
    #[error("message could not be deserialized")]
    Deserialize(#[source] CodecError),
    /// The peer announced a message larger than a frame may be; the end is
    /// closed.
    #[error("message of {len} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The announced size.
        len: usize,
        /// The largest frame.
        limit: usize,
    },
    /// Another I/O error on the socket; the end is closed.
    #[error("i/o error on the pipe")]
    Io(#[source] io::Error),
}

/// Why [`try_recv`](super::Receiver::try_recv) returned no value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TryRecvError {
    /// No message has started to arrive.
    #[error("pipe is empty")]
    Empty,
    /// Receiving failed.
    #[error(transparent)]
    Recv(#[from] RecvError),
}

/// Why [`recv_timeout`](super::Receiver::recv_timeout) returned no value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecvTimeoutError {
    /// No message started to arrive before the timeout.
    #[error("timed out waiting on pipe")]
    Timeout,
    /// Receiving failed.
    #[error(transparent)]
    Recv(#[from] RecvError),
}

impl RecvError {
    /// Whether the peer is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Disconnected)
    }
}

impl TryRecvError {
    /// Whether the peer is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Recv(RecvError::Disconnected))
    }
}

impl RecvTimeoutError {
    /// Whether the peer is gone.
    pub fn is_disconnected(&self) -> bool {
        matches!(self, Self::Recv(RecvError::Disconnected))
    }
}

impl From<TransportError> for SendError {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Disconnected => Self::Disconnected,
            TransportError::TooLarge { len, limit } => Self::TooLarge { len, limit },
            TransportError::TooManyFds => {
                Self::Serialize(CodecError(postcard::Error::SerdeSerCustom))
            }
            TransportError::Io(error) => Self::Io(error),
        }
    }
}

impl From<TransportError> for RecvError {
    fn from(error: TransportError) -> Self {
        match error {
            TransportError::Disconnected => Self::Disconnected,
            TransportError::TooLarge { len, limit } => Self::TooLarge { len, limit },
            TransportError::TooManyFds => Self::Io(io::Error::other("too many file descriptors")),
            TransportError::Io(error) => Self::Io(error),
        }
    }
}
