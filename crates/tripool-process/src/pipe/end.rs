//! The machinery shared by every pipe end: a framed socket ([`Transport`])
//! with one lock per direction, so concurrent senders (or receivers) on
//! one end never interleave their frames.
//!
//! # Receiving
//!
//! Waiting and reading are separate steps. An end first waits, without
//! the receive lock and without reading, until its socket is readable
//! ([`ready`](super::ready)); then it takes the receive lock, checks that
//! the socket is still readable (another receiver may have taken the
//! message), and reads one whole frame. Giving up while waiting therefore
//! never consumes anything; once a frame has started to arrive, the read
//! runs to its end, which comes as soon as the sender has written it or
//! has died (the kernel then closes its end and the read fails with
//! `Disconnected`; a truncated frame is never decoded).

use std::io;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{CodecError, RecvError, RecvTimeoutError, SendError};
use super::ready::{self, Readable};
use crate::codec::{self, Transport, TransportError};

/// One end of a pipe, untyped.
#[derive(Debug)]
pub(super) struct End {
    transport: Transport,
    send_lock: Mutex<()>,
    recv_lock: Mutex<()>,
    /// Set when an error left the stream out of step; the socket is then
    /// shut down and every later operation reports `Disconnected`.
    closed: AtomicBool,
}

fn lock(mutex: &Mutex<()>) -> MutexGuard<'_, ()> {
    // The mutex guards no data, so a panic while holding it breaks nothing.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl End {
    fn new(socket: UnixStream) -> Self {
        Self {
            transport: Transport::new(socket),
            send_lock: Mutex::new(()),
            recv_lock: Mutex::new(()),
            closed: AtomicBool::new(false),
        }
    }

    /// Two connected ends.
    pub(super) fn pair() -> io::Result<(Self, Self)> {
        let (a, b) = UnixStream::pair()?;
        Ok((Self::new(a), Self::new(b)))
    }

    /// An end over a socket received from another process.
    pub(super) fn from_fd(fd: OwnedFd) -> Self {
        Self::new(UnixStream::from(fd))
    }

    /// The socket's descriptor.
    pub(super) fn fd(&self) -> BorrowedFd<'_> {
        self.transport.socket()
    }

    fn close(&self) {
        self.closed.store(true, Ordering::Release);
        self.transport.shutdown();
    }

    fn is_closed(&self) -> bool {
        self.closed.load(Ordering::Acquire)
    }

    /// Serializes `value` here, then sends it as one frame.
    pub(super) fn send<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), SendError> {
        let encoded =
            codec::encode(value).map_err(|e| SendError::Serialize(CodecError::from(e)))?;
        let _guard = lock(&self.send_lock);
        if self.is_closed() {
            return Err(SendError::Disconnected);
        }
        self.transport.send(&encoded).map_err(|error| {
            if matches!(error, TransportError::Io(_)) {
                // Part of the frame may be out: nothing after it would parse.
                self.close();
            }
            SendError::from(error)
        })
    }

    /// Receives one message, waiting until `deadline` (`None`: forever)
    /// for one to start arriving.
    pub(super) fn recv_deadline<T: DeserializeOwned>(
        &self,
        deadline: Option<Instant>,
    ) -> Result<T, RecvTimeoutError> {
        loop {
            if self.is_closed() {
                return Err(RecvError::Disconnected.into());
            }
            if !ready::wait_readable(self.fd(), deadline) {
                return Err(RecvTimeoutError::Timeout);
            }
            let _guard = lock(&self.recv_lock);
            if self.is_closed() {
                return Err(RecvError::Disconnected.into());
            }
            if ready::is_readable(self.fd()) {
                return self.read_frame().map_err(Into::into);
            }
            // Another receiver took the message: wait again.
        }
    }

    /// Reads and decodes one frame; the receive lock is held.
    fn read_frame<T: DeserializeOwned>(&self) -> Result<T, RecvError> {
        let encoded = self.transport.recv().map_err(|error| {
            if !matches!(error, TransportError::Disconnected) {
                // The rest of the frame is unread: the stream is out of step.
                self.close();
            }
            RecvError::from(error)
        })?;
        codec::decode(encoded).map_err(|e| RecvError::Deserialize(e.into()))
    }

    /// Receives one message without blocking the executor while waiting.
    pub(super) async fn recv_async<T: DeserializeOwned>(&self) -> Result<T, RecvError> {
        loop {
            match self.recv_deadline(Some(Instant::now())) {
                Ok(value) => return Ok(value),
                Err(RecvTimeoutError::Recv(error)) => return Err(error),
                Err(RecvTimeoutError::Timeout) => {}
            }
            Readable::new(self.fd())
                .map_err(RecvError::Io)?
                .await
                .map_err(RecvError::Io)?;
        }
    }

    /// Whether a receive would not wait: a message has started to arrive,
    /// or the peer is gone.
    pub(super) fn poll(&self, deadline: Option<Instant>) -> bool {
        self.is_closed() || ready::wait_readable(self.fd(), deadline)
    }
}

impl AsFd for End {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd()
    }
}
