//! Messages between processes: postcard encoding plus descriptors
//! ([`Encoded`]), and length-prefixed frames over a Unix stream socket
//! ([`Transport`]).
//!
//! A frame is a little-endian `u32` length followed by that many bytes of
//! postcard; the descriptors of the message ride with the length as
//! `SCM_RIGHTS`. Encoding happens in the caller (`encode`), before anything
//! is sent, so a value that cannot be serialized fails where it was given.
//!
//! A peer that is gone gives [`TransportError::Disconnected`], never a hang:
//! the socket's other end is closed by the kernel when the peer exits.

#![deny(unsafe_code)]

mod fd;

use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;

use serde::Serialize;
use serde::de::DeserializeOwned;

#[allow(unused_imports)] // used by the shared-memory types
pub(crate) use fd::{deserialize_fd, serialize_fd};

use crate::sys;

/// The largest frame a [`Transport`] sends or accepts unless told otherwise.
pub(crate) const DEFAULT_MAX_FRAME: usize = 64 << 20;

/// A serialized value and the descriptors it carries.
#[derive(Debug, Default)]
pub(crate) struct Encoded {
    pub(crate) bytes: Vec<u8>,
    pub(crate) fds: Vec<OwnedFd>,
}

/// Serializes `value` (postcard), gathering its descriptors.
pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<Encoded, postcard::Error> {
    let (bytes, fds) = fd::gather(|| postcard::to_stdvec(value));
    Ok(Encoded { bytes: bytes?, fds })
}

/// Deserializes a value from `encoded`; descriptors it does not take are closed.
pub(crate) fn decode<T: DeserializeOwned>(encoded: Encoded) -> Result<T, postcard::Error> {
    let Encoded { bytes, fds } = encoded;
    fd::provide(fds, || postcard::from_bytes(&bytes))
}

/// Why a frame could not be sent or received.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum TransportError {
    /// The peer closed its end or exited.
    #[error("peer disconnected")]
    Disconnected,
    /// The frame is larger than the transport's limit.
    #[error("frame of {len} bytes exceeds the limit of {limit} bytes")]
    TooLarge { len: usize, limit: usize },
    /// The frame carried more descriptors than one frame may.
    #[error("frame carries too many file descriptors")]
    TooManyFds,
    /// Another I/O error on the socket.
    #[error("i/o error on the transport")]
    Io(#[source] io::Error),
}

impl From<io::Error> for TransportError {
    fn from(error: io::Error) -> Self {
        match error.kind() {
            io::ErrorKind::BrokenPipe
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::UnexpectedEof
            | io::ErrorKind::NotConnected => Self::Disconnected,
            _ => Self::Io(error),
        }
    }
}

/// One end of a socket carrying frames.
#[derive(Debug)]
pub(crate) struct Transport {
    socket: UnixStream,
    max_frame: usize,
}

impl Transport {
    /// Frames over `socket`, limited to [`DEFAULT_MAX_FRAME`] bytes.
    pub(crate) fn new(socket: UnixStream) -> Self {
        Self {
            socket,
            max_frame: DEFAULT_MAX_FRAME,
        }
    }

    /// A connected pair of transports.
    pub(crate) fn pair() -> io::Result<(Self, Self)> {
        let (a, b) = UnixStream::pair()?;
        Ok((Self::new(a), Self::new(b)))
    }

    /// Sets the largest frame this end sends or accepts.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn with_max_frame(mut self, max_frame: usize) -> Self {
        self.max_frame = max_frame;
        self
    }

    /// The socket, e.g. to hand its descriptor to a child.
    pub(crate) fn socket(&self) -> BorrowedFd<'_> {
        self.socket.as_fd()
    }

    /// Closes both directions of the socket: the peer sees the end of the
    /// stream, and this end's reads and writes fail from now on.
    #[allow(dead_code)] // used by the pipe ends
    pub(crate) fn shutdown(&self) {
        // Fails only if the socket is already unconnected, which is the goal.
        let _ = self.socket.shutdown(std::net::Shutdown::Both);
    }

    /// Sends one frame.
    ///
    /// # Errors
    ///
    /// [`TransportError::TooLarge`] before anything is sent;
    /// [`TransportError::Disconnected`] if the peer is gone.
    pub(crate) fn send(&self, message: &Encoded) -> Result<(), TransportError> {
        let len = message.bytes.len();
        if len > self.max_frame || u32::try_from(len).is_err() {
            return Err(TransportError::TooLarge {
                len,
                limit: self.max_frame,
            });
        }
        if message.fds.len() > sys::MAX_FDS_PER_FRAME {
            return Err(TransportError::TooManyFds);
        }
        let mut frame = Vec::with_capacity(4 + len);
        frame.extend_from_slice(&(len as u32).to_le_bytes());
        frame.extend_from_slice(&message.bytes);
        let fds: Vec<BorrowedFd<'_>> = message.fds.iter().map(AsFd::as_fd).collect();
        let mut sent = sys::send_with_fds(self.socket(), &frame, &fds)?;
        while sent < frame.len() {
            sent += sys::send_with_fds(self.socket(), &frame[sent..], &[])?;
        }
        Ok(())
    }

    /// Receives one frame, blocking until it is complete.
    ///
    /// # Errors
    ///
    /// [`TransportError::Disconnected`] if the peer closed its end, even
    /// mid-frame; [`TransportError::TooLarge`] if the announced length is
    /// over the limit (the connection is then unusable).
    pub(crate) fn recv(&self) -> Result<Encoded, TransportError> {
        let mut header = [0u8; 4];
        let (mut read, fds, truncated) = sys::recv_with_fds(self.socket(), &mut header)?;
        if read == 0 {
            return Err(TransportError::Disconnected);
        }
        if truncated {
            return Err(TransportError::TooManyFds);
        }
        while read < header.len() {
            let more = (&self.socket).read(&mut header[read..])?;
            if more == 0 {
                return Err(TransportError::Disconnected);
            }
            read += more;
        }
        let len = u32::from_le_bytes(header) as usize;
        if len > self.max_frame {
            return Err(TransportError::TooLarge {
                len,
                limit: self.max_frame,
            });
        }
        let mut bytes = vec![0; len];
        (&self.socket).read_exact(&mut bytes)?;
        Ok(Encoded { bytes, fds })
    }
}

#[cfg(test)]
mod tests;
