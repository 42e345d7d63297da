//! The three kinds of pipe end.

use std::fmt;
use std::io;
use std::marker::PhantomData;

use super::end::End;

/// The sending end of a one-way [`Pipe`](super::Pipe).
///
/// `Send` and `Sync` whatever `T` is (it holds only a socket); sends from
/// several threads never interleave.
///
/// # Examples
///
/// ```
/// use tripool_process::Pipe;
///
/// let (tx, rx) = Pipe::<Vec<u8>>::new().unwrap();
/// let sender = std::thread::spawn(move || tx.send(&vec![1, 2, 3]).unwrap());
/// assert_eq!(rx.recv().unwrap(), [1, 2, 3]);
/// sender.join().unwrap();
/// ```
///
/// A sender only sends, and only `T`:
///
/// ```compile_fail
/// let (tx, _rx) = tripool_process::Pipe::<u32>::new().unwrap();
/// let _ = tx.recv();
/// ```
///
/// ```compile_fail
/// let (tx, _rx) = tripool_process::Pipe::<u32>::new().unwrap();
/// tx.send(&"seven").unwrap();
/// ```
pub struct Sender<T> {
    pub(super) end: End,
    _type: PhantomData<fn(T)>,
}

/// The receiving end of a one-way [`Pipe`](super::Pipe).
///
/// `Send` and `Sync` whatever `T` is; receives from several threads each
/// get whole, distinct messages.
///
/// # Examples
///
/// ```
/// use tripool_process::Pipe;
///
/// let (tx, rx) = Pipe::<u32>::new().unwrap();
/// tx.send(&1).unwrap();
/// drop(tx);
/// assert_eq!(rx.recv().unwrap(), 1);
/// assert!(rx.recv().unwrap_err().is_disconnected());
/// ```
///
/// A receiver only receives:
///
/// ```compile_fail
/// let (_tx, rx) = tripool_process::Pipe::<u32>::new().unwrap();
/// rx.send(&1).unwrap();
/// ```
pub struct Receiver<T> {
    pub(super) end: End,
    _type: PhantomData<fn() -> T>,
}

/// One end of a duplex pipe: sends `S` and receives `R` (Python's
/// `Connection`).
///
/// `Send` and `Sync` whatever `S` and `R` are; sending and receiving may
/// go on at once from different threads.
///
/// # Examples
///
/// ```
/// use tripool_process::Connection;
///
/// let (client, server) = Connection::<String, usize>::pair().unwrap();
/// client.send(&"four".to_string()).unwrap();
/// let word = server.recv().unwrap();
/// server.send(&word.len()).unwrap();
/// assert_eq!(client.recv().unwrap(), 4);
/// ```
pub struct Connection<S, R = S> {
    pub(super) end: End,
    _type: PhantomData<fn(S) -> R>,
}

impl<T> Sender<T> {
    pub(super) fn from_end(end: End) -> Self {
        Self {
            end,
            _type: PhantomData,
        }
    }

    send_method!(
        T,
        "let (tx, rx) = tripool_process::Pipe::<u32>::new().unwrap();"
    );
}

impl<T> Receiver<T> {
    pub(super) fn from_end(end: End) -> Self {
        Self {
            end,
            _type: PhantomData,
        }
    }

    recv_methods!(
        T,
        "let (tx, rx) = tripool_process::Pipe::<u32>::new().unwrap();"
    );
}

impl<S, R> Connection<S, R> {
    pub(super) fn from_end(end: End) -> Self {
        Self {
            end,
            _type: PhantomData,
        }
    }

    /// Two connected ends: the first sends `S` and receives `R`, the
    /// second the other way round.
    ///
    /// # Errors
    ///
    /// If the socket pair cannot be created.
    ///
    /// # Examples
    ///
    /// ```
    /// use tripool_process::Connection;
    ///
    /// let (a, b) = Connection::<u8, bool>::pair().unwrap();
    /// a.send(&1).unwrap();
    /// b.send(&(b.recv().unwrap() == 1)).unwrap();
    /// assert!(a.recv().unwrap());
    /// ```
    pub fn pair() -> io::Result<(Self, Connection<R, S>)> {
        let (a, b) = End::pair()?;
        Ok((Self::from_end(a), Connection::from_end(b)))
    }

    send_method!(
        S,
        "let (tx, rx) = tripool_process::Pipe::<u32>::duplex().unwrap();"
    );
    recv_methods!(
        R,
        "let (tx, rx) = tripool_process::Pipe::<u32>::duplex().unwrap();"
    );
}

macro_rules! debug_end {
    ($name:literal, $ty:ty, [$($g:ident),*]) => {
        impl<$($g),*> fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct($name).field("fd", &self.end.fd()).finish()
            }
        }
    };
}

debug_end!("Sender", Sender<T>, [T]);
debug_end!("Receiver", Receiver<T>, [T]);
debug_end!("Connection", Connection<S, R>, [S, R]);
