//! The barrier's state machine, kept behind its mutex, and the generations
//! that parties wait in.
//!
//! Each trip of the barrier closes a *generation*: the parties that waited in
//! it share one [`Generation`], whose outcome is written once, under the
//! state mutex, before its waiters are notified. A party reads the outcome of
//! its own generation, so parties of different cycles never mix, however
//! quickly the barrier is reused.

use super::{BarrierWaitResult, BrokenBarrierError};
use crate::loom::{Arc, Mutex};
use crate::wait::{WaitList, Waiter};

/// What the barrier's mutex guards.
///
/// | `broken` | `tripping` | meaning                                                |
/// |----------|------------|--------------------------------------------------------|
/// | false    | false      | filling: arrivals join `generation`                    |
/// | false    | true       | full: the leader runs the action; arrivals queue in `entry` |
/// | true     | false      | broken: every wait fails until `reset`                 |
/// | true     | true       | broken during the action: the full generation still passes, later waits fail |
#[derive(Debug)]
pub(super) struct State {
    pub(super) broken: bool,
    pub(super) tripping: bool,
    /// The generation that arrivals join now.
    generation: Arc<Generation>,
    /// Parties in `generation`, withdrawn ones excluded.
    pub(super) arrived: usize,
    /// Arrival tickets handed out in `generation`, withdrawn ones included.
    tickets: usize,
    /// Tickets of the parties that withdrew from `generation`.
    withdrawn: Vec<usize>,
    /// The parties of `generation` that wait for it to trip.
    waiters: WaitList,
    /// Callers that arrived while `tripping` and wait to join the next
    /// generation.
    entry: WaitList,
}

/// One cycle of the barrier; its outcome is set once, when it ends.
#[derive(Debug)]
pub(super) struct Generation {
    outcome: Mutex<Option<Outcome>>,
}

#[derive(Debug)]
enum Outcome {
    /// Tripped. The tickets of withdrawn parties turn tickets into indices.
    Passed { withdrawn: Vec<usize> },
    /// Broken by `abort`, `reset`, a timeout or a panicking action.
    Broken,
}

impl Generation {
    fn new() -> Arc<Self> {
        Arc::new(Self {
            outcome: Mutex::new(None),
        })
    }
}

/// A party waiting in a generation.
#[derive(Debug)]
pub(super) struct Party {
    generation: Arc<Generation>,
    ticket: usize,
    pub(super) waiter: Arc<Waiter>,
}

impl Party {
    /// The party's result once its generation has ended; `None` before.
    pub(super) fn outcome(&self) -> Option<Result<BarrierWaitResult, BrokenBarrierError>> {
        let outcome = self.generation.outcome.lock();
        Some(match outcome.as_ref()? {
            Outcome::Passed { withdrawn } => {
                let before = withdrawn.iter().filter(|&&t| t < self.ticket).count();
                Ok(BarrierWaitResult::follower(self.ticket - before))
            }
            Outcome::Broken => Err(BrokenBarrierError::new()),
        })
    }

    /// The result of a party its notifier has woken.
    pub(super) fn notified_outcome(&self) -> Result<BarrierWaitResult, BrokenBarrierError> {
        self.outcome()
            .expect("a generation has its outcome before its parties are woken")
    }
}

/// What an arrival at the barrier leads to.
#[derive(Debug)]
pub(super) enum Arrival {
    /// Decided at once: the barrier is broken, or this arrival tripped it and
    /// there is no action to run.
    Done(Result<BarrierWaitResult, BrokenBarrierError>),
    /// This arrival filled the generation: run the action, then
    /// [`State::finish`] it.
    Lead,
    /// Wait for the generation to end.
    Wait(Party),
    /// The previous generation is still running its action: wait on this
    /// waiter, then arrive again.
    Blocked(Arc<Waiter>),
}

impl State {
    pub(super) fn new() -> Self {
        Self {
            broken: false,
            tripping: false,
            generation: Generation::new(),
            arrived: 0,
            tickets: 0,
            withdrawn: Vec::new(),
            waiters: WaitList::new(),
            entry: WaitList::new(),
        }
    }

    /// A caller arrives; `waiter` makes its waiter if it has to wait.
    pub(super) fn arrive(
        &mut self,
        parties: usize,
        has_action: bool,
        waiter: impl FnOnce() -> Arc<Waiter>,
    ) -> Arrival {
        if self.broken {
            return Arrival::Done(Err(BrokenBarrierError::new()));
        }
        if self.tripping {
            let waiter = waiter();
            self.entry.push(Arc::clone(&waiter));
            return Arrival::Blocked(waiter);
        }
        let ticket = self.tickets;
        self.tickets += 1;
        self.arrived += 1;
        if self.arrived == parties {
            if has_action {
                self.tripping = true;
                return Arrival::Lead;
            }
            self.finish(true);
            return Arrival::Done(Ok(BarrierWaitResult::leader(parties)));
        }
        let waiter = waiter();
        self.waiters.push(Arc::clone(&waiter));
        Arrival::Wait(Party {
            generation: Arc::clone(&self.generation),
            ticket,
            waiter,
        })
    }

    /// Ends the current generation, passed or broken, wakes its parties and
    /// the callers queued at the entry, and opens the next generation.
    pub(super) fn finish(&mut self, passed: bool) {
        let ended = std::mem::replace(&mut self.generation, Generation::new());
        let withdrawn = std::mem::take(&mut self.withdrawn);
        *ended.outcome.lock() = Some(if passed {
            Outcome::Passed { withdrawn }
        } else {
            Outcome::Broken
        });
        self.arrived = 0;
        self.tickets = 0;
        self.tripping = false;
        self.waiters.notify_all();
        self.entry.notify_all();
    }

    /// Breaks the barrier (`abort`, a timeout): the filling generation fails
    /// at once; a generation already full still passes, and the break hits
    /// everything after it.
    pub(super) fn break_barrier(&mut self) {
        self.broken = true;
        if self.tripping {
            self.entry.notify_all();
        } else {
            self.finish(false);
        }
    }

    /// Python's `reset`: the filling generation fails and the barrier is
    /// usable again.
    pub(super) fn reset(&mut self) {
        self.broken = false;
        if !self.tripping && self.arrived > 0 {
            self.finish(false);
        }
    }

    /// Whether `party`'s generation is still the one filling (not ended and
    /// not running its action): only then may it withdraw or break it.
    fn is_filling(&self, party: &Party) -> bool {
        !self.tripping && Arc::ptr_eq(&self.generation, &party.generation)
    }

    /// A waiting party's deadline passed. Its result if the generation ended
    /// meanwhile or the timeout breaks the barrier; `None` if the generation
    /// is full and running its action, so the party must wait for it.
    pub(super) fn time_out(
        &mut self,
        party: &Party,
    ) -> Option<Result<BarrierWaitResult, BrokenBarrierError>> {
        if let Some(result) = party.outcome() {
            return Some(result);
        }
        if !self.is_filling(party) {
            return None;
        }
        self.break_barrier();
        Some(Err(BrokenBarrierError::new()))
    }

    /// A waiting party gives up (its future was dropped). Before the
    /// generation is full it withdraws, as in `asyncio.Barrier`; after, it
    /// has passed and nothing changes.
    pub(super) fn withdraw(&mut self, party: &Party) {
        if party.outcome().is_some() || !self.is_filling(party) {
            return;
        }
        self.waiters.remove(&party.waiter);
        self.arrived -= 1;
        self.withdrawn.push(party.ticket);
    }

    /// A caller queued at the entry gives up: whether it left the queue,
    /// rather than having been woken already.
    pub(super) fn leave_entry(&mut self, waiter: &Arc<Waiter>) -> bool {
        self.entry.remove(waiter)
    }
}
