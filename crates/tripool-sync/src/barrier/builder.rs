//! `BarrierBuilder`: a barrier with an action or a default timeout.

use std::fmt;
use std::num::NonZeroUsize;
use std::time::Duration;

use super::{Action, Barrier};

/// Builds a [`Barrier`] with an action and a default timeout (Python's
/// `Barrier(parties, action, timeout)`); from [`Barrier::builder`].
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use std::sync::atomic::{AtomicUsize, Ordering};
/// use std::sync::Arc;
/// use tripool_sync::Barrier;
///
/// let trips = Arc::new(AtomicUsize::new(0));
/// let barrier = {
///     let trips = Arc::clone(&trips);
///     Barrier::builder(NonZeroUsize::new(2).unwrap())
///         .action(move || {
///             trips.fetch_add(1, Ordering::SeqCst);
///         })
///         .build()
/// };
/// std::thread::scope(|s| {
///     s.spawn(|| barrier.wait().unwrap());
///     barrier.wait().unwrap();
///     // The action ran before anyone was released.
///     assert_eq!(trips.load(Ordering::SeqCst), 1);
/// });
/// ```
#[must_use = "a builder does nothing until `build`"]
pub struct BarrierBuilder {
    parties: NonZeroUsize,
    action: Option<Action>,
    timeout: Option<Duration>,
}

impl BarrierBuilder {
    pub(super) fn new(parties: NonZeroUsize) -> Self {
        Self {
            parties,
            action: None,
            timeout: None,
        }
    }

    /// Runs `action` each time the barrier trips: once, in the last party to
    /// arrive, before any party is released. If it panics, the barrier
    /// breaks: the leader and every waiting party get
    /// [`BrokenBarrierError`](crate::BrokenBarrierError) (the panic is
    /// caught; its payload is dropped after the panic hook reported it).
    ///
    /// The action runs outside the barrier's lock, so it may call
    /// [`abort`](Barrier::abort), [`n_waiting`](Barrier::n_waiting) and the
    /// like, but it must not wait on the same barrier: the next generation
    /// opens only once the action has returned.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use tripool_sync::Barrier;
    ///
    /// let barrier = Barrier::builder(NonZeroUsize::MIN)
    ///     .action(|| panic!("the action failed"))
    ///     .build();
    /// assert!(barrier.wait().is_err());
    /// assert!(barrier.is_broken());
    /// ```
    pub fn action(mut self, action: impl FnMut() + Send + 'static) -> Self {
        self.action = Some(Box::new(action));
        self
    }

    /// The timeout of [`Barrier::wait`]; a wait that reaches it breaks the
    /// barrier. [`wait_timeout`](Barrier::wait_timeout) and
    /// [`wait_deadline`](Barrier::wait_deadline) use their own.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    /// use tripool_sync::Barrier;
    ///
    /// let barrier = Barrier::builder(NonZeroUsize::new(2).unwrap())
    ///     .timeout(Duration::from_millis(1))
    ///     .build();
    /// assert!(barrier.wait().is_err());
    /// ```
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The barrier.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    ///
    /// let barrier = tripool_sync::Barrier::builder(NonZeroUsize::MIN).build();
    /// assert_eq!(barrier.parties(), 1);
    /// ```
    pub fn build(self) -> Barrier {
        Barrier::from_builder(self.parties, self.action, self.timeout)
    }
}

impl fmt::Debug for BarrierBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BarrierBuilder")
            .field("parties", &self.parties)
            .field("has_action", &self.action.is_some())
            .field("timeout", &self.timeout)
            .finish()
    }
}
