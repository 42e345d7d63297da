//! `RawLock`: the robust lock word that lives in shared memory, under
//! [`Lock`](super::Lock), [`Value`](crate::Value) and [`Array`](crate::Array).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::owner::{self, Owner};
use crate::sys::futex;

/// The owner's pid, in the low 30 bits (Linux pids stay below 2^22).
const PID_MASK: u64 = (1 << 30) - 1;
/// Set from the moment an acquirer takes the lock over from a dead owner
/// until a holder calls `mark_consistent`; it survives releases.
const INCONSISTENT: u64 = 1 << 30;
/// Set while some process may sleep on the word: release must wake one.
const WAITERS: u64 = 1 << 31;

/// How long a waiter sleeps before it checks again that the owner lives.
const SLICE: Duration = Duration::from_millis(50);
/// Spins (with `spin_loop`, then `yield_now`) before sleeping.
const SPINS: u32 = 8;

/// A lock word in shared memory, robust against the death of its holder.
///
/// One 64-bit word, so that the owner record changes atomically with the
/// state; the futex sleeps on its low half:
///
/// | bits   | field          | meaning                                           |
/// |--------|----------------|---------------------------------------------------|
/// | 0–29   | owner pid      | 0: free                                           |
/// | 30     | `INCONSISTENT` | a holder died; cleared only by `mark_consistent`  |
/// | 31     | `WAITERS`      | someone may sleep: release wakes one              |
/// | 32–63  | owner start    | low 32 bits of the owner's start time (ticks)     |
///
/// Acquire is one compare-and-swap from a free word (0 or `INCONSISTENT`) to
/// the caller's record. Release swaps in the free word and wakes one sleeper
/// if `WAITERS` was set; the woken one sets `WAITERS` again when it takes
/// the lock, since others may still sleep (Drepper's "futexes are tricky").
///
/// A waiter checks that the owner lives before it first sleeps and after
/// each [`SLICE`] that passes without a wake-up; if the owner surely died
/// (see [`owner::may_be_alive`]), the waiter swaps the *same* word it
/// examined for its own record with `INCONSISTENT`: had the lock changed
/// hands meanwhile, even to a new process with the dead one's pid, the
/// start time would differ and the swap fail.
#[derive(Debug)]
#[repr(transparent)]
pub(crate) struct RawLock {
    word: AtomicU64,
}

/// The owner record `owner` as stored in the word.
fn record(owner: Owner) -> u64 {
    u64::from(owner.pid) & PID_MASK | u64::from(owner.start) << 32
}

/// The owner record stored in a held `word`.
fn owner_of(word: u64) -> Owner {
    Owner {
        // Both masks keep the value within 32 bits.
        pid: (word & PID_MASK) as u32,
        start: (word >> 32) as u32,
    }
}

/// The futex half of `word`.
fn low(word: u64) -> u32 {
    word as u32
}

impl RawLock {
    /// Whether some process holds the lock.
    pub(crate) fn is_locked(&self) -> bool {
        self.word.load(Ordering::Relaxed) & PID_MASK != 0
    }

    /// Takes the lock if it is free, or if its owner died; `Some(owner_died)`
    /// when taken. Never sleeps (a held lock costs a read of `/proc`).
    pub(crate) fn try_lock(&self) -> Option<bool> {
        let me = record(owner::current());
        let mut word = self.word.load(Ordering::Relaxed);
        loop {
            let result = if word & PID_MASK == 0 {
                self.take(word, me, 0)
            } else if !owner::may_be_alive(owner_of(word)) {
                self.take(word, me, INCONSISTENT)
            } else {
                return None;
            };
            match result {
                Ok(died) => return Some(died),
                Err(now) => word = now,
            }
        }
    }

    /// Takes the lock, waiting until `deadline` (`None`: forever);
    /// `Some(owner_died)` when taken, `None` when the deadline passed.
    #[inline]
    pub(crate) fn lock_until(&self, deadline: Option<Instant>) -> Option<bool> {
        let me = record(owner::current());
        match self.take(0, me, 0) {
            Ok(died) => Some(died),
            Err(_) => self.lock_slow(me, deadline),
        }
    }

    #[cold]
    fn lock_slow(&self, me: u64, deadline: Option<Instant>) -> Option<bool> {
        let mut spins = 0;
        let mut check_owner = true;
        // Once this caller has slept, others may sleep too: keep `WAITERS`.
        let mut extra = 0;
        let mut word = self.word.load(Ordering::Relaxed);
        loop {
            if word & PID_MASK == 0 {
                match self.take(word, me, extra) {
                    Ok(died) => return Some(died),
                    Err(now) => word = now,
                }
                continue;
            }
            if spins < SPINS {
                spins += 1;
                if spins <= 3 {
                    std::hint::spin_loop();
                } else {
                    std::thread::yield_now();
                }
                word = self.word.load(Ordering::Relaxed);
                continue;
            }
            if check_owner {
                check_owner = false;
                if !owner::may_be_alive(owner_of(word)) {
                    match self.take(word, me, INCONSISTENT | extra) {
                        Ok(died) => return Some(died),
                        Err(now) => word = now,
                    }
                    continue;
                }
            }
            let slice = match deadline {
                None => SLICE,
                Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => left.min(SLICE),
                    _ => return None,
                },
            };
            if word & WAITERS == 0 {
                if let Err(now) = self.word.compare_exchange_weak(
                    word,
                    word | WAITERS,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    word = now;
                    continue;
                }
                word |= WAITERS;
            }
            let timed_out = futex::wait_low(&self.word, low(word), Some(slice));
            extra = WAITERS;
            let now = self.word.load(Ordering::Relaxed);
            // A full slice without change: time to ask whether the owner lives.
            check_owner = timed_out && now == word;
            word = now;
        }
    }

    /// One attempt to replace `word` (free, or held by a dead owner) by
    /// `me`, keeping its `INCONSISTENT` and `WAITERS` bits and adding
    /// `extra`; `Ok(owner_died)` on success, else the word found instead.
    #[inline]
    fn take(&self, word: u64, me: u64, extra: u64) -> Result<bool, u64> {
        let new = me | word & (INCONSISTENT | WAITERS) | extra;
        self.word
            .compare_exchange(word, new, Ordering::Acquire, Ordering::Relaxed)
            .map(|_| new & INCONSISTENT != 0)
    }

    /// Releases the lock (the caller holds it); `inconsistent` says whether
    /// the `INCONSISTENT` mark stays.
    #[inline]
    pub(crate) fn unlock(&self, inconsistent: bool) {
        let free = if inconsistent { INCONSISTENT } else { 0 };
        if self.word.swap(free, Ordering::Release) & WAITERS != 0 {
            futex::wake_low(&self.word, 1);
        }
    }

    /// Clears the `INCONSISTENT` mark (the caller holds the lock).
    pub(crate) fn mark_consistent(&self) {
        self.word.fetch_and(!INCONSISTENT, Ordering::Relaxed);
    }

    /// Marks the lock as held by `owner` if it is free; for tests that need
    /// a holder which then dies.
    pub(crate) fn hold_as(&self, owner: Owner) -> bool {
        self.take(0, record(owner), 0).is_ok()
    }
}

/// Proof that the caller holds a [`RawLock`]; releases it on drop.
#[derive(Debug)]
pub(crate) struct RawGuard<'a> {
    raw: &'a RawLock,
    owner_died: bool,
    inconsistent: bool,
}

impl<'a> RawGuard<'a> {
    /// Takes `raw`, however long it takes.
    #[inline]
    pub(crate) fn lock(raw: &'a RawLock) -> Self {
        loop {
            if let Some(guard) = Self::lock_until(raw, None) {
                return guard;
            }
        }
    }

    /// Takes `raw` until `deadline`.
    #[inline]
    pub(crate) fn lock_until(raw: &'a RawLock, deadline: Option<Instant>) -> Option<Self> {
        raw.lock_until(deadline).map(|died| Self::new(raw, died))
    }

    /// Takes `raw` if it is free (or its owner died).
    pub(crate) fn try_lock(raw: &'a RawLock) -> Option<Self> {
        raw.try_lock().map(|died| Self::new(raw, died))
    }

    fn new(raw: &'a RawLock, owner_died: bool) -> Self {
        Self {
            raw,
            owner_died,
            inconsistent: owner_died,
        }
    }

    /// Whether a previous holder died holding the lock and nobody has
    /// called [`mark_consistent`](Self::mark_consistent) since.
    pub(crate) fn owner_died(&self) -> bool {
        self.owner_died
    }

    /// Clears the mark: later acquirers see a consistent lock.
    pub(crate) fn mark_consistent(&mut self) {
        if self.inconsistent {
            self.raw.mark_consistent();
            self.inconsistent = false;
        }
    }
}

impl Drop for RawGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        self.raw.unlock(self.inconsistent);
    }
}
