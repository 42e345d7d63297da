//! `Barrier`: a meeting point where a fixed number of parties wait for each
//! other, cycle after cycle.

mod builder;
mod state;
mod wait;

pub use builder::BarrierBuilder;
pub use wait::BarrierWait;

use std::fmt;
use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use crate::loom::Mutex;
use crate::wait::{Waiter, deadline_after};
use state::{Arrival, State};

/// The action a barrier runs when it trips.
type Action = Box<dyn FnMut() + Send>;

/// A meeting point for a fixed number of parties (threads or tasks): each
/// [`wait`](Barrier::wait)s until all have arrived, then all go on together.
/// Python's `threading.Barrier` (and `asyncio.Barrier` through
/// [`wait_async`](Barrier::wait_async)).
///
/// The barrier is reusable: once it trips, the next arrivals form a new
/// generation, and parties of different generations never mix. An optional
/// action runs once per trip, in the last party to arrive, before anyone is
/// released. A barrier breaks if it is [`abort`](Barrier::abort)ed, if a
/// wait times out, or if the action panics; then every waiting party, and
/// every later `wait`, gets [`BrokenBarrierError`] until
/// [`reset`](Barrier::reset).
///
/// A barrier needs at least one party. [`Barrier::new`] takes a
/// [`NonZeroUsize`], so zero cannot be written; [`Barrier::try_new`] takes a
/// plain count and returns [`ZeroPartiesError`] for zero (Python's
/// `ValueError`).
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use tripool_sync::Barrier;
///
/// let barrier = Barrier::new(NonZeroUsize::new(3).unwrap());
/// let leaders = std::thread::scope(|s| {
///     let parties: Vec<_> = (0..3).map(|_| s.spawn(|| barrier.wait())).collect();
///     parties
///         .into_iter()
///         .map(|party| party.join().unwrap().unwrap())
///         .filter(|result| result.is_leader())
///         .count()
/// });
/// assert_eq!(leaders, 1);
/// ```
pub struct Barrier {
    parties: NonZeroUsize,
    timeout: Option<Duration>,
    action: Option<Mutex<Action>>,
    state: Mutex<State>,
}

/// What [`Barrier::wait`] returns to a party that passed the barrier.
///
/// # Examples
///
/// ```
/// use tripool_sync::Barrier;
///
/// let barrier = Barrier::try_new(1).unwrap();
/// let result = barrier.wait().unwrap();
/// assert_eq!(result.index(), 0);
/// assert!(result.is_leader());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BarrierWaitResult {
    index: usize,
    is_leader: bool,
}

impl BarrierWaitResult {
    fn leader(parties: usize) -> Self {
        Self {
            index: parties - 1,
            is_leader: true,
        }
    }

    fn follower(index: usize) -> Self {
        Self {
            index,
            is_leader: false,
        }
    }

    /// The party's place in its generation's order of arrival, from `0` to
    /// `parties - 1`, unique within the generation: Python's return value of
    /// `wait()`. Parties that withdrew (a dropped
    /// [`wait_async`](Barrier::wait_async)) take no place.
    pub fn index(&self) -> usize {
        self.index
    }

    /// Whether this party was the leader: the last to arrive, the one that
    /// tripped the barrier and ran its action. Exactly one party per
    /// generation is the leader; its index is `parties - 1`.
    pub fn is_leader(&self) -> bool {
        self.is_leader
    }
}

/// The error of a wait on a broken barrier: it was aborted, a wait timed
/// out, or the action panicked (Python's `BrokenBarrierError`).
///
/// # Examples
///
/// ```
/// let barrier = tripool_sync::Barrier::try_new(2).unwrap();
/// barrier.abort();
/// assert!(barrier.wait().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("barrier is broken")]
pub struct BrokenBarrierError(());

impl BrokenBarrierError {
    fn new() -> Self {
        Self(())
    }
}

/// The error of [`Barrier::try_new`] with zero parties.
///
/// # Examples
///
/// ```
/// assert!(tripool_sync::Barrier::try_new(0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a barrier needs at least one party")]
pub struct ZeroPartiesError(());

impl Barrier {
    /// A barrier for `parties` parties, without action or default timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    ///
    /// let barrier = tripool_sync::Barrier::new(NonZeroUsize::MIN);
    /// assert!(barrier.wait().unwrap().is_leader());
    /// ```
    ///
    /// Zero parties cannot be written:
    ///
    /// ```compile_fail
    /// let barrier = tripool_sync::Barrier::new(0);
    /// ```
    pub fn new(parties: NonZeroUsize) -> Self {
        Self::builder(parties).build()
    }

    /// A barrier for `parties` parties, from a plain count.
    ///
    /// # Errors
    ///
    /// [`ZeroPartiesError`] if `parties` is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// let barrier = tripool_sync::Barrier::try_new(4)?;
    /// assert_eq!(barrier.parties(), 4);
    /// # Ok::<(), tripool_sync::ZeroPartiesError>(())
    /// ```
    pub fn try_new(parties: usize) -> Result<Self, ZeroPartiesError> {
        NonZeroUsize::new(parties)
            .map(Self::new)
            .ok_or(ZeroPartiesError(()))
    }

    /// A builder, to add an action or a default timeout.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use std::time::Duration;
    /// use tripool_sync::Barrier;
    ///
    /// let barrier = Barrier::builder(NonZeroUsize::new(2).unwrap())
    ///     .action(|| println!("all here"))
    ///     .timeout(Duration::from_secs(10))
    ///     .build();
    /// assert_eq!(barrier.parties(), 2);
    /// ```
    pub fn builder(parties: NonZeroUsize) -> BarrierBuilder {
        BarrierBuilder::new(parties)
    }

    fn from_builder(
        parties: NonZeroUsize,
        action: Option<Action>,
        timeout: Option<Duration>,
    ) -> Self {
        Self {
            parties,
            timeout,
            action: action.map(Mutex::new),
            state: Mutex::new(State::new()),
        }
    }

    /// How many parties must arrive to trip the barrier.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_sync::Barrier::try_new(3).unwrap().parties(), 3);
    /// ```
    pub fn parties(&self) -> usize {
        self.parties.get()
    }

    /// The default timeout of [`wait`](Barrier::wait), if the builder set one.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_sync::Barrier::try_new(3).unwrap().timeout(), None);
    /// ```
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// How many parties wait for the current generation to fill. Zero while
    /// the barrier is broken, or while a full generation runs its action
    /// (as in Python).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(tripool_sync::Barrier::try_new(3).unwrap().n_waiting(), 0);
    /// ```
    pub fn n_waiting(&self) -> usize {
        let state = self.state.lock();
        if state.tripping { 0 } else { state.arrived }
    }

    /// Whether the barrier is broken (Python's `broken`).
    ///
    /// # Examples
    ///
    /// ```
    /// let barrier = tripool_sync::Barrier::try_new(3).unwrap();
    /// barrier.abort();
    /// assert!(barrier.is_broken());
    /// barrier.reset();
    /// assert!(!barrier.is_broken());
    /// ```
    #[doc(alias = "broken")]
    pub fn is_broken(&self) -> bool {
        self.state.lock().broken
    }

    /// Breaks the barrier: every waiting party, and every later wait, gets
    /// [`BrokenBarrierError`] until [`reset`](Barrier::reset). Use it to
    /// free the other parties when one of them cannot come.
    ///
    /// A generation whose parties have all arrived and whose action is
    /// running has passed already: its parties are released normally when
    /// the action returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use tripool_sync::Barrier;
    ///
    /// let barrier = Barrier::new(NonZeroUsize::new(2).unwrap());
    /// std::thread::scope(|s| {
    ///     let waiter = s.spawn(|| barrier.wait());
    ///     barrier.abort();
    ///     assert!(waiter.join().unwrap().is_err());
    /// });
    /// ```
    pub fn abort(&self) {
        self.state.lock().break_barrier();
    }

    /// Puts the barrier back to its initial state: the parties waiting now
    /// get [`BrokenBarrierError`], the barrier is no longer broken, and the
    /// next arrivals form a fresh generation. A generation running its
    /// action is not affected.
    ///
    /// # Examples
    ///
    /// ```
    /// let barrier = tripool_sync::Barrier::try_new(1).unwrap();
    /// barrier.abort();
    /// assert!(barrier.wait().is_err());
    /// barrier.reset();
    /// assert!(barrier.wait().is_ok());
    /// ```
    pub fn reset(&self) {
        self.state.lock().reset();
    }

    /// Waits until all parties have arrived, or until the default timeout
    /// passes if the builder set one.
    ///
    /// # Errors
    ///
    /// [`BrokenBarrierError`] if the barrier is broken, breaks while waiting
    /// (an abort, a reset, another party's timeout), if the default timeout
    /// passes (which breaks it, as in Python), or if this party is the leader
    /// and the action panics.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread; from async code use
    /// [`wait_async`](Barrier::wait_async).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::num::NonZeroUsize;
    /// use tripool_sync::Barrier;
    ///
    /// let barrier = Barrier::new(NonZeroUsize::new(2).unwrap());
    /// std::thread::scope(|s| {
    ///     let other = s.spawn(|| barrier.wait().unwrap().index());
    ///     let mine = barrier.wait().unwrap().index();
    ///     let mut indices = [mine, other.join().unwrap()];
    ///     indices.sort();
    ///     assert_eq!(indices, [0, 1]);
    /// });
    /// ```
    pub fn wait(&self) -> Result<BarrierWaitResult, BrokenBarrierError> {
        self.wait_until(self.timeout.and_then(deadline_after))
    }

    /// Waits at most `timeout` for all parties to arrive (Python's
    /// `wait(timeout)`); this replaces the default timeout.
    ///
    /// # Errors
    ///
    /// As [`wait`](Barrier::wait); if `timeout` passes first, the barrier
    /// breaks, for this party and for all the others.
    ///
    /// # Blocking
    ///
    /// Parks the calling thread for up to `timeout` (longer only if the
    /// generation filled just in time and its action is still running).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let barrier = tripool_sync::Barrier::try_new(2).unwrap();
    /// assert!(barrier.wait_timeout(Duration::from_millis(1)).is_err());
    /// assert!(barrier.is_broken());
    /// ```
    pub fn wait_timeout(&self, timeout: Duration) -> Result<BarrierWaitResult, BrokenBarrierError> {
        self.wait_until(deadline_after(timeout))
    }

    /// Waits until `deadline` at the latest for all parties to arrive.
    ///
    /// # Errors
    ///
    /// As [`wait_timeout`](Barrier::wait_timeout).
    ///
    /// # Blocking
    ///
    /// Parks the calling thread until `deadline` at the latest (as
    /// `wait_timeout`).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Instant;
    ///
    /// let barrier = tripool_sync::Barrier::try_new(1).unwrap();
    /// assert!(barrier.wait_deadline(Instant::now()).is_ok());
    /// ```
    pub fn wait_deadline(
        &self,
        deadline: Instant,
    ) -> Result<BarrierWaitResult, BrokenBarrierError> {
        self.wait_until(Some(deadline))
    }

    /// Waits from async code, on any executor, until all parties have
    /// arrived. The default timeout does not apply (a future has no clock);
    /// wrap it in your runtime's timeout instead.
    ///
    /// # Cancel safety
    ///
    /// Cancel safe, with `asyncio.Barrier`'s meaning: a party whose future is
    /// dropped before the barrier trips withdraws, as if it had never
    /// arrived, and the barrier still needs `parties` arrivals. Dropped after
    /// the generation filled, it has passed and changes nothing. A runtime
    /// timeout therefore withdraws the party rather than breaking the barrier.
    ///
    /// # Examples
    ///
    /// ```
    /// let barrier = tripool_sync::Barrier::try_new(1).unwrap();
    /// let result = futures::executor::block_on(barrier.wait_async());
    /// assert!(result.unwrap().is_leader());
    /// ```
    pub fn wait_async(&self) -> BarrierWait<'_> {
        BarrierWait::new(self)
    }

    /// Arrives at the barrier; `waiter` makes the waiter if one is needed.
    fn arrive(&self, waiter: impl FnOnce() -> crate::loom::Arc<Waiter>) -> Arrival {
        self.state
            .lock()
            .arrive(self.parties.get(), self.action.is_some(), waiter)
    }

    /// Runs the action as the leader of a full generation, then ends it:
    /// passed, or broken if the action panicked.
    fn lead(&self) -> Result<BarrierWaitResult, BrokenBarrierError> {
        let passed = self.action.as_ref().is_none_or(|action| {
            let mut action = action.lock();
            catch_unwind(AssertUnwindSafe(|| (*action)())).is_ok()
        });
        let mut state = self.state.lock();
        if !passed {
            state.broken = true;
        }
        state.finish(passed);
        if passed {
            Ok(BarrierWaitResult::leader(self.parties.get()))
        } else {
            Err(BrokenBarrierError::new())
        }
    }

    fn wait_until(
        &self,
        deadline: Option<Instant>,
    ) -> Result<BarrierWaitResult, BrokenBarrierError> {
        let party = loop {
            match self.arrive(Waiter::for_current_thread) {
                Arrival::Done(result) => return result,
                Arrival::Lead => return self.lead(),
                Arrival::Wait(party) => break party,
                Arrival::Blocked(waiter) => {
                    if !waiter.park_until(deadline) {
                        let mut state = self.state.lock();
                        if state.leave_entry(&waiter) {
                            state.break_barrier();
                            return Err(BrokenBarrierError::new());
                        }
                    }
                }
            }
        };
        if party.waiter.park_until(deadline) {
            return party.notified_outcome();
        }
        if let Some(result) = self.state.lock().time_out(&party) {
            return result;
        }
        // Full and running its action: the generation has passed already.
        party.waiter.park_until(None);
        party.notified_outcome()
    }
}

impl fmt::Debug for Barrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Barrier")
            .field("parties", &self.parties)
            .field("n_waiting", &self.n_waiting())
            .field("is_broken", &self.is_broken())
            .field("timeout", &self.timeout)
            .field("has_action", &self.action.is_some())
            .finish()
    }
}
