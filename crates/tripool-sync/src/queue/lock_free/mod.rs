//! The lock-free core of the FIFO [`Queue`](crate::Queue): [`FifoCore`].
//!
//! Items travel through a lock-free queue ([`Items`]); counters say how many
//! were admitted, taken and done; the state lock guards only the wait lists,
//! and is taken only by someone who must wait, or who must wake a waiter.
//! The protocol is described in the parent module's notes.

mod future;
mod items;

use std::ops::Deref;
use std::time::Instant;

use self::items::Items;
use super::error::TaskDoneError;
use super::{Failure, NewCore, SPIN, expired, spin_until, wake};
use crate::Lock;
use crate::loom::Arc;
use crate::loom::atomic::{AtomicBool, AtomicUsize, Ordering, fence};
use crate::wait::{WaitList, Waiter};

/// The bit of [`FifoCore::puts`] set by `shutdown`.
const SHUT_DOWN: usize = 1 << (usize::BITS - 1);

/// The count part of [`FifoCore::puts`].
const COUNT: usize = !SHUT_DOWN;

/// Keeps a value on cache lines of its own (two, as crossbeam-utils does
/// for x86-64's adjacent-line prefetch), so writers of one counter do not
/// slow readers of another.
#[derive(Debug, Default)]
#[repr(align(128))]
struct Padded<T>(T);

impl<T> Deref for Padded<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// What the producers and consumers read on every operation and write only
/// rarely: the bound, and how many wait in each list.
#[derive(Debug, Default)]
struct Shared {
    /// The maximum size, `0` for unbounded; written under the lock.
    maxsize: AtomicUsize,
    /// Mirror of `waiters.getters.len()`, written under the lock.
    getters: AtomicUsize,
    /// Mirror of `waiters.putters.len()`, written under the lock.
    putters: AtomicUsize,
    /// Mirror of `waiters.joiners.len()`, written under the lock.
    joiners: AtomicUsize,
    /// Mirror of the `SHUT_DOWN` bit of `puts`, written under the lock: a
    /// getter that finds no item reads it here rather than on the
    /// producers' line.
    shut_down: AtomicBool,
}

/// What the lock guards: who waits for an item, for room, for `join`.
#[derive(Debug, Default)]
struct Waiters {
    getters: WaitList,
    putters: WaitList,
    joiners: WaitList,
}

/// A put admitted by [`FifoCore::admit`], whose item must be stored.
#[must_use = "an admitted put must store its item"]
struct Admitted {
    /// A getter waited when the put was admitted: wake one once stored.
    wake_getter: bool,
}

/// Which wait list.
type ListOf = fn(&mut Waiters) -> &mut WaitList;

/// Whom a leaving waiter that owns a notification hands it on to.
type HandOn<T> = fn(&FifoCore<T>, &mut Waiters) -> Option<Arc<Waiter>>;

/// The FIFO queue: a lock-free data path, the lock only to wait.
///
/// | counter | written by            | meaning                                  |
/// |---------|-----------------------|------------------------------------------|
/// | `puts`  | puts (CAS), shutdown  | puts admitted, ever; top bit: shut down  |
/// | `gets`  | gets, immediate drain | items taken out, ever                    |
/// | `done`  | `task_done`, drain    | tasks finished, ever; never above `puts` |
/// | `gets_seen` | bounded puts      | a lagging copy of `gets`, never ahead    |
///
/// `qsize = puts - gets`, `unfinished_tasks = puts - done`. An admitted put
/// always stores its item, at once and without blocking, so the items still
/// to come after a shutdown are exactly `puts - gets` (see `shutdown`).
pub(crate) struct FifoCore<T> {
    items: Items<T>,
    puts: Padded<AtomicUsize>,
    /// A copy of `gets` for the producers, never ahead of it (see
    /// `has_room`); written only when the queue looks full.
    gets_seen: Padded<AtomicUsize>,
    gets: Padded<AtomicUsize>,
    shared: Padded<Shared>,
    done: Padded<AtomicUsize>,
    waiters: Lock<Waiters>,
}

/// Backs off while another thread finishes a step that never blocks (an
/// admitted put storing its item, a get counting the item it took).
fn back_off() {
    if SPIN {
        crate::loom::spin_loop();
    }
    crate::loom::thread::yield_now();
}

impl<T> NewCore for FifoCore<T> {
    fn new(maxsize: usize) -> Self {
        Self {
            items: Items::new(),
            puts: Padded::default(),
            gets_seen: Padded::default(),
            gets: Padded::default(),
            shared: Padded(Shared {
                maxsize: AtomicUsize::new(maxsize),
                ..Shared::default()
            }),
            done: Padded::default(),
            waiters: Lock::new(Waiters::default()),
        }
    }
}

impl<T> FifoCore<T> {
    // ----- observers -------------------------------------------------------

    pub(crate) fn qsize(&self) -> usize {
        // `gets` first: it never passes `puts`, which only grows.
        let gets = self.gets.load(Ordering::Acquire);
        (self.puts.load(Ordering::Acquire) & COUNT).saturating_sub(gets)
    }

    pub(crate) fn maxsize(&self) -> usize {
        self.shared.maxsize.load(Ordering::Relaxed)
    }

    pub(crate) fn full(&self) -> bool {
        let maxsize = self.maxsize();
        maxsize > 0 && self.qsize() >= maxsize
    }

    pub(crate) fn is_shut_down(&self) -> bool {
        self.shared.shut_down.load(Ordering::Acquire)
    }

    pub(crate) fn unfinished_tasks(&self) -> usize {
        // `done` first: it never passes `puts`, which only grows.
        let done = self.done.load(Ordering::Acquire);
        (self.puts.load(Ordering::Acquire) & COUNT).saturating_sub(done)
    }

    /// Changes the maximum size; wakes every putter so each looks again.
    pub(crate) fn set_maxsize(&self, maxsize: usize) {
        let mut waiters = self.waiters.acquire();
        self.shared.maxsize.store(maxsize, Ordering::Relaxed);
        let mut putters = std::mem::take(&mut waiters.putters);
        self.publish(&waiters);
        drop(waiters);
        putters.notify_all();
    }

    // ----- the data path ---------------------------------------------------

    /// Admits one put: counts it in `puts` unless the queue is shut down
    /// (`Err(Some(ShutDown))`) or full (`Err(None)`). The caller must then
    /// [`store`](Self::store) its item, at once.
    fn admit(&self) -> Result<Admitted, Option<Failure>> {
        let mut puts = self.puts.load(Ordering::Relaxed);
        loop {
            if puts & SHUT_DOWN != 0 {
                if !self.is_shut_down() {
                    // The shutdown holds the lock until it has published its
                    // flag: wait for that, so that this thread's later looks
                    // (`is_shut_down`, a get finding no item) agree with the
                    // refusal.
                    drop(self.waiters.acquire());
                }
                return Err(Some(Failure::ShutDown));
            }
            let maxsize = self.maxsize();
            if maxsize != 0 && !self.has_room(puts, maxsize) {
                return Err(None);
            }
            match self.puts.compare_exchange_weak(
                puts,
                puts + 1,
                Ordering::SeqCst,
                Ordering::Relaxed,
            ) {
                Ok(_) => break,
                Err(now) => puts = now,
            }
        }
        // Dekker with `register`: either this load sees the getter's
        // registration, or the getter's second look sees the admitted put
        // (`puts` above `gets`) and waits for its item. Sequentially
        // consistent operations serve as the fence: in C++20's model
        // (Rust's) a seq_cst read-modify-write then a seq_cst load cannot
        // both miss a store that the other side follows with a seq_cst
        // fence. Loom treats seq_cst operations as acquire/release only, so
        // there it gets the fence.
        if cfg!(tripool_loom) {
            fence(Ordering::SeqCst);
        }
        Ok(Admitted {
            wake_getter: self.shared.getters.load(Ordering::SeqCst) > 0,
        })
    }

    /// Whether `puts` admitted puts leave room under `maxsize`. Reads the
    /// producers' copy of `gets` first, which lags the real one: if even
    /// that shows room, there is; only otherwise is the consumers' line read
    /// (and the copy refreshed), so a producer of a bounded queue that is
    /// not full does not pull that line to its core on every put.
    fn has_room(&self, puts: usize, maxsize: usize) -> bool {
        // A `gets` read after `puts` may pass it: then `puts` is stale and
        // the caller's exchange fails.
        if puts.saturating_sub(self.gets_seen.load(Ordering::Relaxed)) < maxsize {
            return true;
        }
        let gets = self.gets.load(Ordering::Acquire);
        // Racing producers may store an older value: it only costs a look.
        self.gets_seen.store(gets, Ordering::Relaxed);
        puts.saturating_sub(gets) < maxsize
    }

    /// Stores the item of an admitted put, then wakes a getter if one waited.
    fn store(&self, item: T, admitted: Admitted) {
        self.items.push(item);
        if admitted.wake_getter {
            self.wake_one(|waiters| &mut waiters.getters, |_, _| true);
        }
    }

    /// Takes the oldest item, then wakes a putter if one waits.
    fn take(&self) -> Option<T> {
        let item = self.items.pop()?;
        // Dekker with `register`, as in `admit`.
        self.gets.fetch_add(1, Ordering::SeqCst);
        if cfg!(tripool_loom) {
            fence(Ordering::SeqCst);
        }
        if self.shared.putters.load(Ordering::SeqCst) > 0 {
            self.wake_one(|waiters| &mut waiters.putters, Self::room_for_putter);
        }
        Some(item)
    }

    /// `try_get`: an item, or `Err(None)` if empty, `Err(Some(ShutDown))` if
    /// shut down and empty.
    ///
    /// A getter that has `registered` (or a queue shut down) needs the exact
    /// answer: empty means that every admitted put's item was taken. While
    /// an admitted put stores its item, or a get that took one has not yet
    /// counted it, this backs off and looks again (each is a step that never
    /// blocks). Otherwise a failed pop is answer enough (the put still under
    /// way has not happened yet), and the producers' line is left alone.
    fn take_or_closed(&self, registered: bool) -> Result<T, Option<Failure>> {
        loop {
            if let Some(item) = self.take() {
                return Ok(item);
            }
            if !registered && !self.is_shut_down() {
                return Err(None);
            }
            let puts = self.puts.load(Ordering::Acquire);
            if self.gets.load(Ordering::Acquire) >= puts & COUNT {
                return Err((puts & SHUT_DOWN != 0).then_some(Failure::ShutDown));
            }
            back_off();
        }
    }

    // ----- the wait lists ----------------------------------------------------

    /// Copies the lists' lengths to their mirrors; called under the lock
    /// after every change to a list.
    fn publish(&self, waiters: &Waiters) {
        let shared = &self.shared;
        for (mirror, len) in [
            (&shared.getters, waiters.getters.len()),
            (&shared.putters, waiters.putters.len()),
            (&shared.joiners, waiters.joiners.len()),
        ] {
            // Only changes are written: the line is read on every operation.
            if mirror.load(Ordering::Relaxed) != len {
                mirror.store(len, Ordering::Relaxed);
            }
        }
    }

    /// Pops the oldest waiter of `list`, if `worth` it, and notifies it.
    fn wake_one(&self, list: ListOf, worth: fn(&Self, &mut Waiters) -> bool) {
        let mut waiters = self.waiters.acquire();
        let waiter = if worth(self, &mut waiters) {
            list(&mut waiters).pop()
        } else {
            None
        };
        self.publish(&waiters);
        drop(waiters);
        wake(waiter);
    }

    /// Whether a get that made room should wake a putter.
    fn room_for_putter(&self, _: &mut Waiters) -> bool {
        let maxsize = self.maxsize();
        maxsize == 0 || self.qsize() < maxsize
    }

    /// Puts `waiter` at the back of `list`. The caller must then look once
    /// more before it waits (the other half of the Dekker pattern).
    fn register(&self, list: ListOf, waiter: Arc<Waiter>) {
        let mut waiters = self.waiters.acquire();
        list(&mut waiters).push(waiter);
        self.publish(&waiters);
        drop(waiters);
        fence(Ordering::SeqCst);
    }

    /// Takes `waiter` out of `list`; if a notifier popped it already, hands
    /// that notification on as `hand_on` says (rule 2 of the engine).
    fn leave(&self, list: ListOf, waiter: &Arc<Waiter>, hand_on: HandOn<T>) {
        let mut waiters = self.waiters.acquire();
        let next = if waiter.is_notified() || !list(&mut waiters).remove(waiter) {
            hand_on(self, &mut waiters)
        } else {
            None
        };
        self.publish(&waiters);
        drop(waiters);
        wake(next);
    }

    /// A getter's notification goes on to the next getter while items wait.
    fn next_getter(&self, waiters: &mut Waiters) -> Option<Arc<Waiter>> {
        if self.qsize() > 0 {
            waiters.getters.pop()
        } else {
            None
        }
    }

    /// A putter's notification goes on to the next putter while there is room.
    fn next_putter(&self, waiters: &mut Waiters) -> Option<Arc<Waiter>> {
        if !self.is_shut_down() && self.room_for_putter(waiters) {
            waiters.putters.pop()
        } else {
            None
        }
    }

    /// Joiners are woken all at once: there is nothing to hand on.
    fn no_one(&self, _: &mut Waiters) -> Option<Arc<Waiter>> {
        None
    }

    /// Blocks the calling thread until `attempt` returns a result or
    /// `deadline` passes (`None`). Spins briefly while `ready` is false
    /// before it first registers in `list`. `attempt` is told whether the
    /// caller is registered (its look is then the Dekker pattern's second).
    fn wait_until<R>(
        &self,
        list: ListOf,
        hand_on: HandOn<T>,
        deadline: Option<Instant>,
        ready: impl Fn() -> bool,
        mut attempt: impl FnMut(bool) -> Option<R>,
    ) -> Option<R> {
        let mut spun = !SPIN;
        loop {
            // An item (or room) first, the clock last: a waiter never leaves
            // while it could use the notification it owns.
            if let Some(result) = attempt(false) {
                return Some(result);
            }
            if expired(deadline) {
                return None;
            }
            if !spun {
                spun = true;
                spin_until(&ready);
                continue;
            }
            let waiter = Waiter::for_current_thread();
            self.register(list, Arc::clone(&waiter));
            if let Some(result) = attempt(true) {
                self.leave(list, &waiter, hand_on);
                return Some(result);
            }
            // A notification usually follows soon: wait for it a little
            // longer (as crossbeam's `Context::wait_until`) before parking.
            // Yielding, not spinning: when threads outnumber cores, the
            // notifier may need this very core.
            if SPIN {
                for _ in 0..4 {
                    if waiter.is_notified() {
                        break;
                    }
                    crate::loom::thread::yield_now();
                }
            }
            if !waiter.park_until(deadline) {
                self.leave(list, &waiter, hand_on);
            }
        }
    }

    // ----- put -------------------------------------------------------------

    pub(crate) fn try_put(&self, item: T) -> Result<(), (T, Option<Failure>)> {
        match self.admit() {
            Ok(admitted) => {
                self.store(item, admitted);
                Ok(())
            }
            Err(failure) => Err((item, failure)),
        }
    }

    pub(crate) fn put_until(&self, item: T, deadline: Option<Instant>) -> Result<(), (T, Failure)> {
        let admitted = self.wait_until(
            |waiters| &mut waiters.putters,
            Self::next_putter,
            deadline,
            || !self.full() || self.is_shut_down(),
            |_| match self.admit() {
                Ok(admitted) => Some(Ok(admitted)),
                Err(Some(failure)) => Some(Err(failure)),
                Err(None) => None,
            },
        );
        match admitted {
            Some(Ok(admitted)) => {
                self.store(item, admitted);
                Ok(())
            }
            Some(Err(failure)) => Err((item, failure)),
            None => Err((item, Failure::Timeout)),
        }
    }

    // ----- get -------------------------------------------------------------

    pub(crate) fn try_get(&self) -> Result<T, Option<Failure>> {
        self.take_or_closed(false)
    }

    pub(crate) fn get_until(&self, deadline: Option<Instant>) -> Result<T, Failure> {
        self.wait_until(
            |waiters| &mut waiters.getters,
            Self::next_getter,
            deadline,
            || !self.items.is_empty() || self.is_shut_down(),
            |registered| match self.take_or_closed(registered) {
                Ok(item) => Some(Ok(item)),
                Err(Some(failure)) => Some(Err(failure)),
                Err(None) => None,
            },
        )
        .unwrap_or(Err(Failure::Timeout))
    }

    // ----- task_done, join -------------------------------------------------

    pub(crate) fn task_done(&self) -> Result<(), TaskDoneError> {
        let mut done = self.done.load(Ordering::Acquire);
        loop {
            let puts = self.puts.load(Ordering::Acquire) & COUNT;
            if puts <= done {
                return Err(TaskDoneError);
            }
            match self.done.compare_exchange_weak(
                done,
                done + 1,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    // `puts` only grows: unless it was `done + 1` when read,
                    // tasks are still unfinished now.
                    if puts == done + 1 {
                        self.wake_joiners();
                    }
                    return Ok(());
                }
                Err(now) => done = now,
            }
        }
    }

    /// Wakes every joiner if no task is unfinished; called after `done` grew.
    fn wake_joiners(&self) {
        // Dekker with `register`, as in `store`.
        fence(Ordering::SeqCst);
        if self.shared.joiners.load(Ordering::Relaxed) == 0 {
            return;
        }
        let mut waiters = self.waiters.acquire();
        if self.unfinished_tasks() != 0 {
            return;
        }
        let mut joiners = std::mem::take(&mut waiters.joiners);
        self.publish(&waiters);
        drop(waiters);
        joiners.notify_all();
    }

    /// Blocks until no task is unfinished or `deadline`; returns which.
    pub(crate) fn join_until(&self, deadline: Option<Instant>) -> bool {
        self.wait_until(
            |waiters| &mut waiters.joiners,
            Self::no_one,
            deadline,
            || true, // joins do not spin
            |_| (self.unfinished_tasks() == 0).then_some(()),
        )
        .is_some()
    }

    // ----- shutdown ----------------------------------------------------------

    /// Shuts the queue down (Python 3.13); with `immediate`, drains it and
    /// returns the drained items in `get` order, each counted as done.
    ///
    /// Setting the bit in `puts` closes admission: every put admitted before
    /// has stored, or is about to store, its item, and no other will come.
    /// So the drain takes items until `gets` reaches the admitted count.
    pub(crate) fn shutdown(&self, immediate: bool) -> Vec<T> {
        let mut waiters = self.waiters.acquire();
        // Under the lock: a waiter registering later sees the bit when it
        // looks again; one registered before is in the lists taken here.
        let admitted = self.puts.fetch_or(SHUT_DOWN, Ordering::AcqRel) & COUNT;
        self.shared.shut_down.store(true, Ordering::Release);
        let mut getters = std::mem::take(&mut waiters.getters);
        let mut putters = std::mem::take(&mut waiters.putters);
        self.publish(&waiters);
        drop(waiters);
        getters.notify_all();
        putters.notify_all();
        if !immediate {
            return Vec::new();
        }
        // Without the lock: a put admitted before the bit may still need it
        // to wake a getter, after storing its item.
        let mut drained = Vec::new();
        while self.gets.load(Ordering::Acquire) < admitted {
            match self.items.pop() {
                Some(item) => {
                    self.gets.fetch_add(1, Ordering::Release);
                    drained.push(item);
                }
                None => back_off(),
            }
        }
        if !drained.is_empty() {
            // Each drained item counts as done, as long as any task is
            // unfinished (Python's saturating decrement).
            let _ = self
                .done
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |done| {
                    Some(done.saturating_add(drained.len()).min(admitted))
                });
            self.wake_joiners();
        }
        drained
    }
}
