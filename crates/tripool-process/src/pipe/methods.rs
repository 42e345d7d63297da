//! The `send` and `recv` method families, written once for [`Sender`],
//! [`Receiver`] and [`Connection`] (each wraps an `End` in field `end`).
//!
//! [`Sender`]: super::Sender
//! [`Receiver`]: super::Receiver
//! [`Connection`]: super::Connection

/// `send` for an end whose outgoing type is `$t`; `$setup` is a doctest
/// line that binds `tx` (sends `u32`) and `rx` (receives `u32`).
macro_rules! send_method {
    ($t:ident, $setup:literal) => {
        /// Serializes `value` (postcard) in this thread and sends it as one
        /// message. Blocks only while the peer's socket buffer is full.
        ///
        /// # Errors
        ///
        /// [`SendError::Serialize`](crate::pipe::SendError::Serialize) or
        /// [`TooLarge`](crate::pipe::SendError::TooLarge) if the value
        /// cannot be sent, before anything is sent;
        /// [`Disconnected`](crate::pipe::SendError::Disconnected) if the
        /// receiving end was dropped or its process exited.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = $setup]
        /// tx.send(&7).unwrap();
        /// assert_eq!(rx.recv().unwrap(), 7);
        /// ```
        pub fn send(&self, value: &$t) -> Result<(), crate::pipe::SendError>
        where
            $t: serde::Serialize,
        {
            self.end.send(value)
        }
    };
}

/// The receive family for an end whose incoming type is `$t`.
macro_rules! recv_methods {
    ($t:ident, $setup:literal) => {
        /// Receives the next message, blocking until one arrives.
        ///
        /// # Errors
        ///
        /// [`RecvError::Disconnected`](crate::pipe::RecvError::Disconnected)
        /// once the sending end is dropped or its process exited (even in
        /// the middle of a message) and no whole message is left;
        /// [`Deserialize`](crate::pipe::RecvError::Deserialize) if a
        /// message is not a valid `T` (it is consumed).
        ///
        /// # Blocking
        ///
        /// Until a message arrives or the peer is gone.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = $setup]
        /// std::thread::spawn(move || tx.send(&3).unwrap());
        /// assert_eq!(rx.recv().unwrap(), 3);
        /// ```
        pub fn recv(&self) -> Result<$t, crate::pipe::RecvError>
        where
            $t: serde::de::DeserializeOwned,
        {
            self.end.recv_deadline(None).map_err(|error| match error {
                crate::pipe::RecvTimeoutError::Recv(error) => error,
                _ => unreachable!("no deadline"),
            })
        }

        /// Receives a message if one has started to arrive, without waiting
        /// for one.
        ///
        /// # Errors
        ///
        /// [`TryRecvError::Empty`](crate::pipe::TryRecvError::Empty) if no
        /// message is there; otherwise as [`recv`](Self::recv).
        ///
        /// # Blocking
        ///
        /// Never waits for a message; once one has started to arrive, reads
        /// it to its end.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = $setup]
        /// assert!(matches!(rx.try_recv(), Err(tripool_process::pipe::TryRecvError::Empty)));
        /// tx.send(&1).unwrap();
        /// assert_eq!(rx.try_recv().unwrap(), 1);
        /// ```
        pub fn try_recv(&self) -> Result<$t, crate::pipe::TryRecvError>
        where
            $t: serde::de::DeserializeOwned,
        {
            self.end
                .recv_deadline(Some(std::time::Instant::now()))
                .map_err(|error| match error {
                    crate::pipe::RecvTimeoutError::Recv(error) => error.into(),
                    _ => crate::pipe::TryRecvError::Empty,
                })
        }

        /// Receives the next message, waiting at most `timeout` for one to
        /// start arriving.
        ///
        /// # Errors
        ///
        /// [`RecvTimeoutError::Timeout`](crate::pipe::RecvTimeoutError::Timeout)
        /// if none started in time; otherwise as [`recv`](Self::recv).
        ///
        /// # Blocking
        ///
        /// Up to `timeout` waiting for a message; a message that has started
        /// to arrive is read to its end, which may take longer.
        ///
        /// # Examples
        ///
        /// ```
        /// use std::time::Duration;
        #[doc = $setup]
        /// assert!(rx.recv_timeout(Duration::from_millis(10)).is_err());
        /// ```
        pub fn recv_timeout(
            &self,
            timeout: std::time::Duration,
        ) -> Result<$t, crate::pipe::RecvTimeoutError>
        where
            $t: serde::de::DeserializeOwned,
        {
            self.end
                .recv_deadline(std::time::Instant::now().checked_add(timeout))
        }

        /// Receives the next message, waiting until `deadline` for one to
        /// start arriving.
        ///
        /// # Errors
        ///
        /// As [`recv_timeout`](Self::recv_timeout).
        ///
        /// # Blocking
        ///
        /// As [`recv_timeout`](Self::recv_timeout).
        ///
        /// # Examples
        ///
        /// ```
        /// use std::time::{Duration, Instant};
        #[doc = $setup]
        /// tx.send(&5).unwrap();
        /// let deadline = Instant::now() + Duration::from_secs(5);
        /// assert_eq!(rx.recv_deadline(deadline).unwrap(), 5);
        /// ```
        pub fn recv_deadline(
            &self,
            deadline: std::time::Instant,
        ) -> Result<$t, crate::pipe::RecvTimeoutError>
        where
            $t: serde::de::DeserializeOwned,
        {
            self.end.recv_deadline(Some(deadline))
        }

        /// Receives the next message without blocking the executor while
        /// waiting for one.
        ///
        /// The waiting happens in `poll(2)` on a helper thread started when
        /// the future first has to wait (none if a message is already
        /// there); it never reads the pipe and ends as soon as the message
        /// arrives or the future is dropped. The message is then read by the
        /// future itself, in one poll.
        ///
        /// # Errors
        ///
        /// As [`recv`](Self::recv); [`RecvError::Io`](crate::pipe::RecvError::Io)
        /// if the helper thread cannot start.
        ///
        /// # Cancel safety
        ///
        /// Cancel safe: a message is read whole within a single poll, so
        /// dropping the future never loses or half-consumes one; the next
        /// receive gets it. A poll that reads a large message blocks its
        /// executor thread until the message is complete.
        ///
        /// # Examples
        ///
        /// ```
        #[doc = $setup]
        /// std::thread::spawn(move || tx.send(&9).unwrap());
        /// assert_eq!(futures::executor::block_on(rx.recv_async()).unwrap(), 9);
        /// ```
        pub fn recv_async(
            &self,
        ) -> impl std::future::Future<Output = Result<$t, crate::pipe::RecvError>> + Send + '_
        where
            $t: serde::de::DeserializeOwned,
        {
            self.end.recv_async()
        }

        /// Whether a receive would find something without waiting for a
        /// message to start (Python's `Connection.poll`): waits up to
        /// `timeout` (`None`: forever) and returns `true` if a message has
        /// started to arrive or the peer is gone (the receive then reports
        /// [`Disconnected`](crate::pipe::RecvError::Disconnected)).
        ///
        /// # Examples
        ///
        /// ```
        /// use std::time::Duration;
        #[doc = $setup]
        /// assert!(!rx.poll(Some(Duration::ZERO)));
        /// tx.send(&2).unwrap();
        /// assert!(rx.poll(None));
        /// ```
        pub fn poll(&self, timeout: Option<std::time::Duration>) -> bool {
            let deadline = timeout.and_then(|t| std::time::Instant::now().checked_add(t));
            self.end.poll(deadline)
        }
    };
}
