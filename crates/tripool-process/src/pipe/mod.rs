//! [`Pipe`]: a connection between two processes (or threads) carrying
//! typed messages, Python's `multiprocessing.Pipe`.
//!
//! [`Pipe::new`] gives a one-way pair ([`Sender`], [`Receiver`]);
//! [`Pipe::duplex`] and [`Connection::pair`] give two [`Connection`]s that
//! both send and receive. A message is serialized (postcard) by the caller
//! of `send`, so a value that cannot be serialized fails there and nothing
//! is sent, and travels as one length-prefixed frame over a Unix socket
//! (the crate's codec; descriptors inside a message, such as another pipe
//! end or a shared [`Value`](crate::Value), ride along by `SCM_RIGHTS`).
//!
//! Every end is an ordinary task argument: passing it to
//! [`Process::spawn`](crate::Process::spawn) moves it into the worker.
//! When the last copy of an end is closed (dropped, or its process exited
//! however it exited) the other end reports
//! [`Disconnected`](RecvError::Disconnected), never a hang, and never a
//! truncated message.
//!
//! See `end.rs` for how waiting and reading are kept apart, which makes
//! timeouts and dropped futures lose nothing.

mod end;
mod error;
#[macro_use]
mod methods;
mod ready;
mod types;
mod wire;

use std::io;
use std::marker::PhantomData;

pub use error::{CodecError, RecvError, RecvTimeoutError, SendError, TryRecvError};
pub use types::{Connection, Receiver, Sender};

use end::End;

/// Creates pipes: [`Pipe::new`] (one-way) and [`Pipe::duplex`]. `T` is the
/// type of the messages. No value of this type exists.
///
/// # Examples
///
/// A worker process answers on a duplex pipe:
///
/// ```
/// use tripool_process::{Connection, Pipe, Process};
///
/// #[tripool_macros::task]
/// fn double(conn: Connection<u64>) {
///     while let Ok(n) = conn.recv() {
///         conn.send(&(2 * n)).unwrap();
///     }
/// }
///
/// let (here, there) = Pipe::<u64>::duplex().unwrap();
/// let worker = Process::spawn(double::Task, (there,)).unwrap();
/// here.send(&21).unwrap();
/// assert_eq!(here.recv().unwrap(), 42);
/// drop(here); // the worker's recv gives Disconnected and it returns
/// worker.join().unwrap();
/// ```
pub struct Pipe<T> {
    _never: PhantomData<fn(T) -> T>,
    _private: std::convert::Infallible,
}

impl<T> Pipe<T> {
    /// A one-way pipe: what the [`Sender`] sends, the [`Receiver`] receives
    /// (Python's `Pipe(duplex=False)`, with the ends in write, read order).
    ///
    /// # Errors
    ///
    /// If the socket pair cannot be created (e.g. the descriptor limit is
    /// reached).
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_process::Pipe;
    ///
    /// let (tx, rx) = Pipe::<String>::new().unwrap();
    /// tx.send(&"hello".to_string()).unwrap();
    /// assert_eq!(rx.recv().unwrap(), "hello");
    /// ```
    #[allow(clippy::new_ret_no_self)] // Python's `Pipe()` returns the two ends
    pub fn new() -> io::Result<(Sender<T>, Receiver<T>)> {
        let (a, b) = End::pair()?;
        Ok((Sender::from_end(a), Receiver::from_end(b)))
    }

    /// A duplex pipe: two [`Connection`]s that both send and receive `T`
    /// (Python's `Pipe()`). For different types in each direction, see
    /// [`Connection::pair`].
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_process::Pipe;
    ///
    /// let (a, b) = Pipe::<u8>::duplex().unwrap();
    /// a.send(&1).unwrap();
    /// b.send(&2).unwrap();
    /// assert_eq!((b.recv().unwrap(), a.recv().unwrap()), (1, 2));
    /// ```
    pub fn duplex() -> io::Result<(Connection<T>, Connection<T>)> {
        Connection::pair()
    }
}
