//! `RawLock`: the state machine under [`Lock`](super::Lock), `RLock` and
//! `Condition`. It guards no data; the public types wrap it.
//!
//! The design is parking_lot's `raw_mutex`, with the crate's waiting engine
//! (a [`WaitList`] behind a small mutex, one per lock) instead of a global
//! parking lot:
//!
//! * one compare-and-swap locks and one unlocks while nobody waits;
//! * a contended locker spins briefly (the holder is usually about to leave),
//!   then sets `PARKED` and parks in the wait list;
//! * an unlock that finds `PARKED` wakes the oldest waiter and leaves the lock
//!   *free*: the woken waiter competes again with newcomers (barging), which
//!   keeps the lock busy instead of idle while a thread wakes up;
//! * eventual fairness: about every half millisecond (randomised, as in
//!   parking_lot) an unlock hands the lock *directly* to the woken waiter
//!   instead, so a steady stream of bargers cannot starve a parked thread
//!   for longer than that.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use crate::loom::atomic::{AtomicU8, AtomicUsize, Ordering};
use crate::loom::{Arc, Mutex};
use crate::wait::{WaitList, Waiter};

/// Set while the lock is held.
const LOCKED: u8 = 0b01;
/// Set while the wait list may be non-empty: unlock must take the slow path.
const PARKED: u8 = 0b10;

/// Spins before parking: the first few back off exponentially with
/// `spin_loop`, the rest yield the CPU.
#[cfg(not(tripool_loom))]
const SPIN_LIMIT: u32 = 10;
/// Spins that busy-wait rather than yield.
#[cfg(not(tripool_loom))]
const BUSY_SPINS: u32 = 3;

/// Spins once more unless `spins` used up the budget; `false`: park now.
#[cfg(not(tripool_loom))]
fn spin(spins: &mut u32) -> bool {
    if *spins >= SPIN_LIMIT {
        return false;
    }
    *spins += 1;
    if *spins <= BUSY_SPINS {
        for _ in 0..(1 << *spins) {
            std::hint::spin_loop();
        }
    } else {
        std::thread::yield_now();
    }
    true
}

/// Under loom a spin is a yield, which lets the holder run first and hides
/// the parking paths from the model: loom never spins.
#[cfg(tripool_loom)]
fn spin(_spins: &mut u32) -> bool {
    false
}

/// A lock without data.
///
/// State table of `state` (parking_lot's, with our wait list):
///
/// | `PARKED` | `LOCKED` | meaning                                                 |
/// |----------|----------|---------------------------------------------------------|
/// | 0        | 0        | free, nobody waits: `lock` is one CAS                   |
/// | 0        | 1        | held, nobody waits: `unlock` is one CAS                 |
/// | 1        | 0        | free, waiters parked (one was just woken, or is leaving) |
/// | 1        | 1        | held, waiters parked: `unlock` wakes one                |
///
/// `PARKED` is set outside the mutex by a thread about to park, but cleared
/// only under the mutex, when the list is found empty. A parker pushes itself
/// only if, under the mutex, the state is still `LOCKED | PARKED`; so once a
/// waiter is in the list, the next unlock sees `PARKED` and wakes someone.
///
/// `handoff` holds the address of the waiter to which a fair unlock passed
/// the lock (still `LOCKED`), or 0. At most one hand-off is in flight, since
/// the lock stays held until its recipient releases it.
#[derive(Debug)]
pub(crate) struct RawLock {
    state: AtomicU8,
    handoff: AtomicUsize,
    slow: Mutex<Slow>,
}

/// What only the slow paths touch, under the mutex.
#[derive(Debug)]
struct Slow {
    waiters: WaitList,
    fairness: FairTimer,
}

/// How a parked waiter's wait ended.
enum Woken {
    /// The waiter owns the lock: a fair unlock handed it over (or, for a
    /// waiter woken at its deadline, it took the lock while still free).
    HandedOff,
    /// An unlock woke the waiter: the lock was free a moment ago; compete.
    Retry,
    /// The deadline passed and the waiter left the list un-notified.
    TimedOut,
}

impl RawLock {
    /// A free lock.
    pub(crate) fn new() -> Self {
        Self {
            state: AtomicU8::new(0),
            handoff: AtomicUsize::new(0),
            slow: Mutex::new(Slow {
                waiters: WaitList::new(),
                fairness: FairTimer::new(),
            }),
        }
    }

    /// Whether some thread or task holds the lock.
    pub(crate) fn is_locked(&self) -> bool {
        self.state.load(Ordering::Relaxed) & LOCKED != 0
    }

    /// Takes the lock if it is free. Never blocks.
    #[inline]
    pub(crate) fn try_lock(&self) -> bool {
        let mut state = self.state.load(Ordering::Relaxed);
        while state & LOCKED == 0 {
            match self.set(state, LOCKED) {
                Ok(()) => return true,
                Err(now) => state = now,
            }
        }
        false
    }

    /// Blocks until the lock is taken.
    #[inline]
    pub(crate) fn lock(&self) {
        if self.set(0, LOCKED).is_err() {
            self.lock_slow(None);
        }
    }

    /// Blocks until the lock is taken (`true`) or `deadline` passes (`false`);
    /// `None` waits forever.
    #[inline]
    pub(crate) fn lock_until(&self, deadline: Option<Instant>) -> bool {
        self.set(0, LOCKED).is_ok() || self.lock_slow(deadline)
    }

    #[cold]
    fn lock_slow(&self, deadline: Option<Instant>) -> bool {
        let mut spins = 0;
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & LOCKED == 0 {
                match self.set(state, LOCKED) {
                    Ok(()) => return true,
                    Err(now) => state = now,
                }
                continue;
            }
            // Spin only while nobody is parked: if others already sleep, the
            // lock is busy enough that spinning would just burn CPU.
            if state & PARKED == 0 && spin(&mut spins) {
                state = self.state.load(Ordering::Relaxed);
                continue;
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return false;
            }
            if state & PARKED == 0 {
                if let Err(now) = self.set(state, PARKED) {
                    state = now;
                    continue;
                }
            }
            let waiter = Waiter::for_current_thread();
            if self.enqueue(&waiter) {
                let woken = if waiter.park_until(deadline) {
                    self.after_notified(&waiter)
                } else {
                    self.abandon(&waiter)
                };
                match woken {
                    Woken::HandedOff => return true,
                    Woken::Retry => spins = 0,
                    Woken::TimedOut => return false,
                }
            }
            state = self.state.load(Ordering::Relaxed);
        }
    }

    /// One attempt to set `bit` (`LOCKED` or `PARKED`) in a state last seen
    /// as `state`; on failure, the state found instead. Taking `LOCKED`
    /// acquires the data the last holder released.
    #[inline]
    fn set(&self, state: u8, bit: u8) -> Result<(), u8> {
        let success = if bit == LOCKED {
            Ordering::Acquire
        } else {
            Ordering::Relaxed
        };
        self.state
            .compare_exchange_weak(state, state | bit, success, Ordering::Relaxed)
            .map(drop)
    }

    /// Releases the lock, waking one waiter if any.
    #[inline]
    pub(crate) fn unlock(&self) {
        if self
            .state
            .compare_exchange(LOCKED, 0, Ordering::Release, Ordering::Relaxed)
            .is_err()
        {
            self.unlock_slow();
        }
    }

    #[cold]
    fn unlock_slow(&self) {
        let mut slow = self.slow.lock();
        let woken = slow.waiters.pop();
        let parked = if slow.waiters.is_empty() { 0 } else { PARKED };
        // Under the mutex and while we hold LOCKED, the state is LOCKED or
        // LOCKED|PARKED and nobody else may clear a bit: a plain store is safe.
        // (A would-be parker may set PARKED meanwhile; it re-checks under the
        // mutex and retries, so overwriting its bit loses nothing.)
        match &woken {
            Some(waiter) if slow.fairness.due() => {
                self.handoff.store(address(waiter), Ordering::Relaxed);
                self.state.store(LOCKED | parked, Ordering::Relaxed);
            }
            _ => self.state.store(parked, Ordering::Release),
        }
        drop(slow);
        if let Some(waiter) = woken {
            waiter.notify();
        }
    }

    /// Under the mutex, puts `waiter` in the list if the lock is still held
    /// with `PARKED` set; `false` means the state moved on: retry.
    fn enqueue(&self, waiter: &Arc<Waiter>) -> bool {
        let mut slow = self.slow.lock();
        if self.state.load(Ordering::Relaxed) != LOCKED | PARKED {
            return false;
        }
        slow.waiters.push(Arc::clone(waiter));
        true
    }

    /// What a notified waiter received: the lock itself, or a turn to retry.
    fn after_notified(&self, waiter: &Arc<Waiter>) -> Woken {
        // The notifier stored `handoff` before it set `notified` (Release),
        // which the waiter read with Acquire.
        if self.handoff.load(Ordering::Relaxed) == address(waiter) {
            self.handoff.store(0, Ordering::Relaxed);
            Woken::HandedOff
        } else {
            Woken::Retry
        }
    }

    /// A waiter gives up (deadline, or its future dropped): leaves the list,
    /// or learns under the mutex that an unlock popped it first.
    fn abandon(&self, waiter: &Arc<Waiter>) -> Woken {
        let mut slow = self.slow.lock();
        if slow.waiters.remove(waiter) {
            if slow.waiters.is_empty() {
                self.state.fetch_and(!PARKED, Ordering::Relaxed);
            }
            return Woken::TimedOut;
        }
        drop(slow);
        match self.after_notified(waiter) {
            Woken::HandedOff => Woken::HandedOff,
            // Woken just as the deadline passed: take the lock if it is still
            // free. If a barger took it, its unlock wakes the next waiter.
            _ if self.try_lock() => Woken::HandedOff,
            _ => Woken::TimedOut,
        }
    }

    /// Takes the lock from async code; see [`RawAcquire`].
    pub(crate) fn lock_async(&self) -> RawAcquire<'_> {
        RawAcquire {
            raw: self,
            waiter: None,
        }
    }
}

/// The identity of a waiter while it is alive, for the hand-off slot.
fn address(waiter: &Arc<Waiter>) -> usize {
    Arc::as_ptr(waiter).addr()
}

/// Future that takes a [`RawLock`]; ready once this task holds it.
///
/// Cancel safe: dropped while waiting, it leaves the list; dropped after an
/// unlock chose it, it takes the lock and releases it again (or releases the
/// lock handed to it), which passes the wake-up on to the next waiter.
#[must_use = "futures do nothing unless polled"]
#[derive(Debug)]
pub(crate) struct RawAcquire<'a> {
    raw: &'a RawLock,
    waiter: Option<Arc<Waiter>>,
}

impl Future for RawAcquire<'_> {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let raw = self.raw;
        loop {
            if let Some(waiter) = &self.waiter {
                if waiter.poll_notified(cx).is_pending() {
                    return Poll::Pending;
                }
                let woken = raw.after_notified(waiter);
                self.waiter = None;
                if let Woken::HandedOff = woken {
                    return Poll::Ready(());
                }
            }
            // No spinning here: a task must not hold up its executor thread.
            let mut state = raw.state.load(Ordering::Relaxed);
            loop {
                let bit = if state & LOCKED == 0 { LOCKED } else { PARKED };
                if state & bit != 0 {
                    break; // LOCKED | PARKED: queue up
                }
                match raw.set(state, bit) {
                    Ok(()) if bit == LOCKED => return Poll::Ready(()),
                    Ok(()) => break,
                    Err(now) => state = now,
                }
            }
            let waiter = Waiter::for_task(cx.waker());
            if raw.enqueue(&waiter) {
                // Polled again at once: a notification may already be there.
                self.waiter = Some(waiter);
            }
        }
    }
}

impl Drop for RawAcquire<'_> {
    fn drop(&mut self) {
        let Some(waiter) = self.waiter.take() else {
            return;
        };
        let woken = if waiter.is_notified() {
            self.raw.after_notified(&waiter)
        } else {
            self.raw.abandon(&waiter)
        };
        match woken {
            Woken::HandedOff => self.raw.unlock(),
            // Chosen by an unlock but never to run: take the free lock and
            // release it, which wakes the next waiter (rule 2 of the engine).
            Woken::Retry => {
                if self.raw.try_lock() {
                    self.raw.unlock();
                }
            }
            Woken::TimedOut => {}
        }
    }
}

/// When an unlock should hand the lock over instead of letting waiters race.
#[cfg(not(tripool_loom))]
#[derive(Debug)]
struct FairTimer {
    next: Option<Instant>,
    seed: u32,
}

#[cfg(not(tripool_loom))]
impl FairTimer {
    fn new() -> Self {
        Self {
            next: None,
            seed: 0x9e37_79b9,
        }
    }

    /// Whether the fairness period elapsed; starts the next one if so.
    fn due(&mut self) -> bool {
        let now = Instant::now();
        let due = self.next.is_some_and(|next| now >= next);
        if due || self.next.is_none() {
            // xorshift32: a period uniform in 0..1 ms, half a millisecond on
            // average, so that no workload falls into step with it.
            self.seed ^= self.seed << 13;
            self.seed ^= self.seed >> 17;
            self.seed ^= self.seed << 5;
            let nanos = u64::from(self.seed % 1_000_000);
            self.next = Some(now + std::time::Duration::from_nanos(nanos));
        }
        due
    }
}

/// Under loom there is no clock: every other slow unlock is fair, so both
/// paths are explored deterministically.
#[cfg(tripool_loom)]
#[derive(Debug)]
struct FairTimer {
    turn: bool,
}

#[cfg(tripool_loom)]
impl FairTimer {
    fn new() -> Self {
        Self { turn: false }
    }

    fn due(&mut self) -> bool {
        self.turn = !self.turn;
        !self.turn
    }
}
