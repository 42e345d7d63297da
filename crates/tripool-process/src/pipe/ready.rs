//! Waiting until a socket is readable, without reading it: `poll(2)` for
//! the blocking forms, and [`Readable`], a future whose waiting happens on
//! a short-lived helper thread, for the async form.
//!
//! Neither ever consumes a byte, so giving up (a timeout, a dropped
//! future) loses nothing; the frame is read afterwards, in one piece, by
//! the caller.

use std::future::Future;
use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Instant;

/// Waits until one of `fds` is readable, hung up or in error, or until
/// `deadline`. Returns which are ready (all false on timeout).
fn poll_fds<const N: usize>(
    fds: [BorrowedFd<'_>; N],
    deadline: Option<Instant>,
) -> io::Result<[bool; N]> {
    let mut pollfds = fds.map(|fd| libc::pollfd {
        fd: fd.as_raw_fd(),
        events: libc::POLLIN,
        revents: 0,
    });
    loop {
        let timeout_ms = match deadline {
            None => -1,
            Some(deadline) => {
                let left = deadline.saturating_duration_since(Instant::now());
                // Round up, so a wake-up never comes before the deadline.
                let ms = left.as_nanos().div_ceil(1_000_000);
                i32::try_from(ms).unwrap_or(i32::MAX)
            }
        };
        // SAFETY: `pollfds` is a live, writable array of `N` pollfd
        // structures whose descriptors are borrowed for this call.
        let ready = unsafe { libc::poll(pollfds.as_mut_ptr(), N as libc::nfds_t, timeout_ms) };
        if ready >= 0 {
            return Ok(pollfds.map(|p| p.revents != 0));
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

/// Waits until `fd` is readable (a message has started to arrive, or the
/// peer is gone) or `deadline` passes. Returns whether it is readable; an
/// error of `poll` counts as readable, so the following read reports it.
pub(super) fn wait_readable(fd: BorrowedFd<'_>, deadline: Option<Instant>) -> bool {
    poll_fds([fd], deadline).map_or(true, |[ready]| ready)
}

/// Whether `fd` is readable now.
pub(super) fn is_readable(fd: BorrowedFd<'_>) -> bool {
    wait_readable(fd, Some(Instant::now()))
}

#[derive(Default)]
struct Shared {
    ready: bool,
    waker: Option<Waker>,
}

/// Resolves when a socket is readable. On its first poll it starts a
/// helper thread that waits in `poll(2)` on a duplicate of the socket and
/// on a cancel socket; dropping the future closes the cancel socket, so
/// the thread ends at once. The thread never reads the pipe.
pub(super) struct Readable {
    fd: Option<OwnedFd>,
    shared: Arc<Mutex<Shared>>,
    started: bool,
    /// Closed on drop, which wakes the helper thread.
    _cancel: Option<UnixStream>,
}

impl Readable {
    pub(super) fn new(fd: BorrowedFd<'_>) -> io::Result<Self> {
        Ok(Self {
            fd: Some(fd.try_clone_to_owned()?),
            shared: Arc::default(),
            started: false,
            _cancel: None,
        })
    }

    fn start(&mut self) -> io::Result<()> {
        let (cancel, cancelled) = UnixStream::pair()?;
        let fd = self.fd.take().expect("started once");
        let shared = Arc::clone(&self.shared);
        thread::Builder::new()
            .name("tripool-pipe-wait".into())
            .spawn(move || {
                // On error, report ready: the caller's read gives the error.
                let _ = poll_fds([fd.as_fd(), cancelled.as_fd()], None);
                let waker = {
                    let mut shared = shared.lock().unwrap_or_else(|e| e.into_inner());
                    shared.ready = true;
                    shared.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            })?;
        self._cancel = Some(cancel);
        Ok(())
    }
}

impl Future for Readable {
    type Output = io::Result<()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        {
            let mut shared = self.shared.lock().unwrap_or_else(|e| e.into_inner());
            if shared.ready {
                return Poll::Ready(Ok(()));
            }
            shared.waker = Some(cx.waker().clone());
        }
        if !self.started {
            self.started = true;
            if let Err(error) = self.start() {
                return Poll::Ready(Err(error));
            }
        }
        Poll::Pending
    }
}
