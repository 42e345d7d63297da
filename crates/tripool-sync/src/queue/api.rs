//! The public API of the three queue types, written once.
//!
//! `queue_api!(Name [, Bound])` implements every method of `Name<T>`
//! by delegating to its `core: Core<_>` field, with documentation
//! and doctests that name the type (as std documents its integer types).

macro_rules! queue_api {
    ($Name:ident $(, $bound:path)?) => {
        impl<T $(: $bound)?> $Name<T> {
            #[doc = concat!("An empty, unbounded `", stringify!($Name), "`.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::<u32>::new();")]
            /// assert_eq!(queue.maxsize(), 0);
            /// assert!(queue.empty());
            /// ```
            pub fn new() -> Self {
                Self::with_maxsize(0)
            }

            #[doc = concat!("An empty `", stringify!($Name), "` holding at most `maxsize` items;")]
            /// `0` means unbounded, as Python's `maxsize <= 0`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(1);")]
            /// queue.put(1).unwrap();
            /// assert!(queue.full());
            /// assert!(queue.try_put(2).unwrap_err().is_full());
            /// ```
            pub fn with_maxsize(maxsize: usize) -> Self {
                Self {
                    core: $crate::queue::NewCore::new(maxsize),
                }
            }

            /// The maximum number of items, `0` if unbounded.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// assert_eq!(queue.maxsize(), 2);
            /// # queue.put(1).unwrap();
            /// ```
            pub fn maxsize(&self) -> usize {
                self.core.maxsize()
            }

            /// Changes the maximum number of items (`0`: unbounded), as
            /// assigning Python's `Queue.maxsize` does.
            ///
            /// Shrinking below [`qsize`](Self::qsize) removes nothing: puts
            /// wait until gets bring the queue under the new limit. Putters
            /// already waiting look again, so growing lets them in at once.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// queue.put(1).unwrap();
            /// queue.set_maxsize(1);
            /// assert!(queue.full());
            /// ```
            pub fn set_maxsize(&self, maxsize: usize) {
                self.core.set_maxsize(maxsize);
            }

            /// How many items the queue holds now (Python's `qsize()`); only a
            /// snapshot while other threads use the queue.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// queue.put(1).unwrap();
            /// assert_eq!(queue.qsize(), 1);
            /// ```
            pub fn qsize(&self) -> usize {
                self.core.qsize()
            }

            /// Whether the queue holds no item now (a snapshot).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// assert!(queue.empty());
            /// queue.put(1).unwrap();
            /// assert!(!queue.empty());
            /// ```
            pub fn empty(&self) -> bool {
                self.core.qsize() == 0
            }

            /// Whether the queue holds `maxsize` items now (a snapshot);
            /// never for an unbounded queue.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// queue.put(1).unwrap();
            /// assert!(!queue.full());
            /// queue.put(2).unwrap();
            /// assert!(queue.full());
            /// ```
            pub fn full(&self) -> bool {
                self.core.full()
            }

            /// Whether [`shutdown`](Self::shutdown) was called.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// # queue.put(1).unwrap();
            /// assert!(!queue.is_shut_down());
            /// queue.shutdown(false);
            /// assert!(queue.is_shut_down());
            /// ```
            pub fn is_shut_down(&self) -> bool {
                self.core.is_shut_down()
            }

            /// How many items were put and not yet marked done with
            /// [`task_done`](Self::task_done) (Python's `unfinished_tasks`).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(2);")]
            /// queue.put(1).unwrap();
            /// assert_eq!(queue.unfinished_tasks(), 1);
            /// queue.get().unwrap();
            /// assert_eq!(queue.unfinished_tasks(), 1); // taken, not done
            /// queue.task_done().unwrap();
            /// assert_eq!(queue.unfinished_tasks(), 0);
            /// ```
            pub fn unfinished_tasks(&self) -> usize {
                self.core.unfinished_tasks()
            }

            /// Puts `value`, blocking while the queue is full.
            ///
            /// # Errors
            ///
            /// [`ShutDown`](crate::ShutDown), holding `value`, if the queue is
            /// or gets shut down.
            ///
            /// # Blocking
            ///
            /// Parks the calling thread while the queue is full; from async
            /// code use [`put_async`](Self::put_async).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(7).unwrap();
            /// assert_eq!(queue.get(), Ok(7));
            /// ```
            pub fn put(&self, value: T) -> Result<(), $crate::ShutDown<T>> {
                // Without a deadline the only failure is a shutdown.
                self.core
                    .put_until(value, None)
                    .map_err(|(value, _)| $crate::ShutDown(value))
            }

            /// Puts `value` if there is room now; never blocks. Python's
            /// `put_nowait`.
            ///
            /// # Errors
            ///
            /// [`TryPutError::Full`](crate::TryPutError::Full) or
            /// [`TryPutError::ShutDown`](crate::TryPutError::ShutDown),
            /// holding `value`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(1);")]
            /// assert!(queue.try_put(1).is_ok());
            /// assert_eq!(queue.try_put(2).unwrap_err().into_inner(), 2);
            /// ```
            #[doc(alias = "put_nowait")]
            pub fn try_put(&self, value: T) -> Result<(), $crate::TryPutError<T>> {
                self.core.try_put(value).map_err(|(value, failure)| match failure {
                    None => $crate::TryPutError::Full(value),
                    Some(_) => $crate::TryPutError::ShutDown(value),
                })
            }

            /// Puts `value`, blocking while the queue is full for at most
            /// `timeout`. Python's `put(item, timeout=...)`.
            ///
            /// # Errors
            ///
            /// [`PutTimeoutError::Timeout`](crate::PutTimeoutError::Timeout)
            /// or [`PutTimeoutError::ShutDown`](crate::PutTimeoutError::ShutDown),
            /// holding `value`.
            ///
            /// # Blocking
            ///
            /// Parks the calling thread for up to `timeout`.
            ///
            /// # Examples
            ///
            /// ```
            /// use std::time::Duration;
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::with_maxsize(1);")]
            /// queue.put_timeout(1, Duration::from_millis(10)).unwrap();
            /// let error = queue.put_timeout(2, Duration::from_millis(10)).unwrap_err();
            /// assert!(error.is_timeout());
            /// ```
            pub fn put_timeout(
                &self,
                value: T,
                timeout: std::time::Duration,
            ) -> Result<(), $crate::PutTimeoutError<T>> {
                self.put_until($crate::wait::deadline_after(timeout), value)
            }

            /// Puts `value`, blocking while the queue is full until
            /// `deadline` at the latest.
            ///
            /// # Errors
            ///
            /// As [`put_timeout`](Self::put_timeout).
            ///
            /// # Blocking
            ///
            /// Parks the calling thread until `deadline` at the latest.
            ///
            /// # Examples
            ///
            /// ```
            /// use std::time::{Duration, Instant};
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// let deadline = Instant::now() + Duration::from_millis(10);
            /// queue.put_deadline(1, deadline).unwrap();
            /// ```
            pub fn put_deadline(
                &self,
                value: T,
                deadline: std::time::Instant,
            ) -> Result<(), $crate::PutTimeoutError<T>> {
                self.put_until(Some(deadline), value)
            }

            fn put_until(
                &self,
                deadline: Option<std::time::Instant>,
                value: T,
            ) -> Result<(), $crate::PutTimeoutError<T>> {
                self.core.put_until(value, deadline).map_err(|(value, failure)| match failure {
                    $crate::queue::Failure::Timeout => $crate::PutTimeoutError::Timeout(value),
                    $crate::queue::Failure::ShutDown => $crate::PutTimeoutError::ShutDown(value),
                })
            }

            /// Puts `value` from async code on any executor, waiting while
            /// the queue is full; resolves to `Err(ShutDown(value))` if the
            /// queue is or gets shut down.
            ///
            /// # Cancel safety
            ///
            /// Dropping the future before it completes never puts the value
            /// (it is dropped with the future;
            /// [`QueuePut::cancel`](crate::QueuePut::cancel) returns it).
            /// See [`QueuePut`](crate::QueuePut).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// futures::executor::block_on(async {
            ///     queue.put_async(5).await.unwrap();
            ///     assert_eq!(queue.get_async().await, Ok(5));
            /// });
            /// ```
            pub fn put_async(&self, value: T) -> $crate::QueuePut<'_, T>
            where
                T: Send,
            {
                $crate::QueuePut::new(&self.core, value)
            }

            /// Removes and returns the next item, blocking while the queue is
            /// empty.
            ///
            /// # Errors
            ///
            /// [`ShutDownError`](crate::ShutDownError) once the queue is shut
            /// down and empty: after a plain shutdown, gets drain what is
            /// left first.
            ///
            /// # Blocking
            ///
            /// Spins briefly, then parks the calling thread while the queue is
            /// empty; from async code use [`get_async`](Self::get_async).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// std::thread::scope(|s| {
            ///     s.spawn(|| queue.put(1).unwrap());
            ///     assert_eq!(queue.get(), Ok(1));
            /// });
            /// ```
            pub fn get(&self) -> Result<T, $crate::ShutDownError> {
                // Without a deadline the only failure is a shutdown.
                self.core.get_until(None).map_err(|_| $crate::ShutDownError)
            }

            /// Removes and returns the next item if there is one now; never
            /// blocks. Python's `get_nowait`.
            ///
            /// # Errors
            ///
            /// [`TryGetError::Empty`](crate::TryGetError::Empty), or
            /// [`TryGetError::ShutDown`](crate::TryGetError::ShutDown) if the
            /// queue is shut down and empty.
            ///
            /// # Examples
            ///
            /// ```
            /// use tripool_sync::TryGetError;
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// assert_eq!(queue.try_get(), Err(TryGetError::Empty));
            /// queue.put(1).unwrap();
            /// assert_eq!(queue.try_get(), Ok(1));
            /// ```
            #[doc(alias = "get_nowait")]
            pub fn try_get(&self) -> Result<T, $crate::TryGetError> {
                self.core.try_get().map_err(|failure| match failure {
                    None => $crate::TryGetError::Empty,
                    Some(_) => $crate::TryGetError::ShutDown,
                })
            }

            /// Removes and returns the next item, blocking while the queue is
            /// empty for at most `timeout`. Python's `get(timeout=...)`.
            ///
            /// # Errors
            ///
            /// [`GetTimeoutError::Timeout`](crate::GetTimeoutError::Timeout),
            /// or [`GetTimeoutError::ShutDown`](crate::GetTimeoutError::ShutDown)
            /// if the queue is shut down and empty.
            ///
            /// # Blocking
            ///
            /// Parks the calling thread for up to `timeout`.
            ///
            /// # Examples
            ///
            /// ```
            /// use std::time::Duration;
            /// use tripool_sync::GetTimeoutError;
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::<u8>::new();")]
            /// let got = queue.get_timeout(Duration::from_millis(10));
            /// assert_eq!(got, Err(GetTimeoutError::Timeout));
            /// ```
            pub fn get_timeout(
                &self,
                timeout: std::time::Duration,
            ) -> Result<T, $crate::GetTimeoutError> {
                self.get_until($crate::wait::deadline_after(timeout))
            }

            /// Removes and returns the next item, blocking while the queue is
            /// empty until `deadline` at the latest.
            ///
            /// # Errors
            ///
            /// As [`get_timeout`](Self::get_timeout).
            ///
            /// # Blocking
            ///
            /// Parks the calling thread until `deadline` at the latest.
            ///
            /// # Examples
            ///
            /// ```
            /// use std::time::Instant;
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(3).unwrap();
            /// assert_eq!(queue.get_deadline(Instant::now()), Ok(3));
            /// ```
            pub fn get_deadline(
                &self,
                deadline: std::time::Instant,
            ) -> Result<T, $crate::GetTimeoutError> {
                self.get_until(Some(deadline))
            }

            fn get_until(
                &self,
                deadline: Option<std::time::Instant>,
            ) -> Result<T, $crate::GetTimeoutError> {
                self.core.get_until(deadline).map_err(|failure| match failure {
                    $crate::queue::Failure::Timeout => $crate::GetTimeoutError::Timeout,
                    $crate::queue::Failure::ShutDown => $crate::GetTimeoutError::ShutDown,
                })
            }

            /// Removes and returns the next item from async code on any
            /// executor, waiting while the queue is empty; resolves to
            /// [`ShutDownError`](crate::ShutDownError) once the queue is shut
            /// down and empty.
            ///
            /// # Cancel safety
            ///
            /// Cancel safe: an item leaves the queue only when the future
            /// returns it, and a dropped future hands any wake-up it received
            /// on to the next getter. See [`QueueGet`](crate::QueueGet).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// std::thread::scope(|s| {
            ///     s.spawn(|| queue.put("hello").unwrap());
            ///     let got = futures::executor::block_on(queue.get_async());
            ///     assert_eq!(got, Ok("hello"));
            /// });
            /// ```
            pub fn get_async(&self) -> $crate::QueueGet<'_, T>
            where
                T: Send,
            {
                $crate::QueueGet::new(&self.core)
            }

            /// Marks one item taken with a get as processed, so that
            /// [`join`](Self::join) can return once every item put is done.
            ///
            /// # Errors
            ///
            /// [`TaskDoneError`](crate::TaskDoneError) if called more times
            /// than items were put (Python raises `ValueError`); the count is
            /// left unchanged.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(1).unwrap();
            /// queue.get().unwrap();
            /// assert_eq!(queue.task_done(), Ok(()));
            /// assert!(queue.task_done().is_err());
            /// ```
            pub fn task_done(&self) -> Result<(), $crate::TaskDoneError> {
                self.core.task_done()
            }

            /// Blocks until every item put has been marked done with
            /// [`task_done`](Self::task_done) (or drained by an immediate
            /// [`shutdown`](Self::shutdown)).
            ///
            /// # Blocking
            ///
            /// Parks the calling thread; from async code use
            /// [`join_async`](Self::join_async).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(1).unwrap();
            /// std::thread::scope(|s| {
            ///     s.spawn(|| {
            ///         queue.get().unwrap();
            ///         queue.task_done().unwrap();
            ///     });
            ///     queue.join();
            /// });
            /// assert_eq!(queue.unfinished_tasks(), 0);
            /// ```
            pub fn join(&self) {
                self.core.join_until(None);
            }

            /// Blocks until every item put is done or `timeout` passes;
            /// returns whether they are all done.
            ///
            /// # Blocking
            ///
            /// Parks the calling thread for up to `timeout`.
            ///
            /// # Examples
            ///
            /// ```
            /// use std::time::Duration;
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(1).unwrap();
            /// assert!(!queue.join_timeout(Duration::from_millis(10)));
            /// ```
            pub fn join_timeout(&self, timeout: std::time::Duration) -> bool {
                self.core.join_until($crate::wait::deadline_after(timeout))
            }

            /// Blocks until every item put is done or `deadline` passes;
            /// returns whether they are all done.
            ///
            /// # Blocking
            ///
            /// Parks the calling thread until `deadline` at the latest.
            ///
            /// # Examples
            ///
            /// ```
            /// use std::time::Instant;
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::<u8>::new();")]
            /// assert!(queue.join_deadline(Instant::now()));
            /// ```
            pub fn join_deadline(&self, deadline: std::time::Instant) -> bool {
                self.core.join_until(Some(deadline))
            }

            /// Waits from async code until every item put is done.
            ///
            /// # Cancel safety
            ///
            /// Cancel safe. See [`QueueJoin`](crate::QueueJoin).
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(1).unwrap();
            /// queue.get().unwrap();
            /// queue.task_done().unwrap();
            /// futures::executor::block_on(queue.join_async());
            /// ```
            pub fn join_async(&self) -> $crate::QueueJoin<'_>
            where
                T: Send,
            {
                $crate::QueueJoin::new(&self.core)
            }

            /// Shuts the queue down, with Python 3.13's semantics, and returns
            /// the items an immediate shutdown removed.
            ///
            /// From then on every put fails with its shut-down error, handing
            /// the value back, and blocked putters wake with it.
            ///
            /// * `immediate == false`: gets go on draining what is queued and
            ///   then fail with the shut-down error; blocked getters (who saw
            ///   an empty queue) wake with it. The returned `Vec` is empty.
            /// * `immediate == true`: the queue is drained at once. Each
            ///   drained item counts as done for [`join`](Self::join), so a
            ///   join waits only for items already taken by a get; getters
            ///   fail at once. Python discards the drained items; here they
            ///   are returned, in the order gets would have returned them, so
            ///   nothing is lost silently (drop the `Vec` to discard them).
            ///
            /// Calling it again is allowed; an immediate call after a plain
            /// one drains what is left.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("let queue = tripool_sync::", stringify!($Name), "::new();")]
            /// queue.put(1).unwrap();
            /// queue.put(1).unwrap();
            /// assert_eq!(queue.shutdown(true), vec![1, 1]);
            /// assert!(queue.put(2).is_err());
            /// assert!(queue.get().is_err());
            /// queue.join(); // the drained items count as done
            /// ```
            pub fn shutdown(&self, immediate: bool) -> Vec<T> {
                self.core.shutdown(immediate)
            }
        }

        impl<T $(: $bound)?> Default for $Name<T> {
            fn default() -> Self {
                Self::new()
            }
        }

        impl<T $(: $bound)?> std::fmt::Debug for $Name<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($Name))
                    .field("qsize", &self.qsize())
                    .field("maxsize", &self.maxsize())
                    .field("is_shut_down", &self.is_shut_down())
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(crate) use queue_api;
