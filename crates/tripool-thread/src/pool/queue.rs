//! The pool's job queue: one `VecDeque` behind a mutex, a condition variable
//! for idle workers, and the shutdown flag, all under the same lock.
//!
//! A queue that allocates nothing per job matters here: a lock-free list
//! (crossbeam-channel's) allocates a block per 31 messages on the submitting
//! thread and frees it on a worker, and glibc then takes the submitter's
//! arena lock on every such free, which under load costs a futex wait and
//! wake each time. The deque's buffer is kept and reused.
//!
//! # Wake-ups
//!
//! A worker waits only after finding the queue empty, with the lock held
//! (so a push cannot slip between its look and its wait), counting itself in
//! `idle`. A push notifies one worker only if more workers are idle than
//! notifications are already on their way (`wakes`), so a burst of pushes
//! while workers are busy costs no system call, and an idle worker is never
//! left asleep beside a queued job: either the push notified, or at least as
//! many notifications as idle workers are in flight, and a woken worker
//! sleeps again only once the queue is empty. A spurious wake-up only lowers
//! `wakes`, which can cause an extra notification, never a missing one.

use std::collections::VecDeque;
use std::hint::spin_loop;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, TryLockError};
use std::thread;

use tripool_task::Job;

/// How long a worker that found the queue empty watches it before it
/// waits, in steps (crossbeam's `Backoff::snooze`).
const SNOOZE_STEPS: u32 = 10;
/// The first steps spin `1 << step` times; the later ones yield the CPU.
const SPIN_STEPS: u32 = 6;

/// What the lock guards.
struct State {
    jobs: VecDeque<Job>,
    /// Workers waiting on `ready`.
    idle: usize,
    /// Notifications sent and not yet received.
    wakes: usize,
    /// No more pushes; workers leave once the queue is empty.
    closed: bool,
}

/// The queue of a [`ThreadPool`](crate::ThreadPool).
pub(crate) struct JobQueue {
    state: Mutex<State>,
    ready: Condvar,
    /// `state.jobs.len()`, stored under the lock, read without it by workers
    /// snoozing before they wait. A hint only: no decision to wait uses it.
    queued: AtomicUsize,
}

impl JobQueue {
    pub(crate) fn new() -> Self {
        Self {
            state: Mutex::new(State {
                jobs: VecDeque::new(),
                idle: 0,
                wakes: 0,
                closed: false,
            }),
            ready: Condvar::new(),
            queued: AtomicUsize::new(0),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // No user code runs under this lock: poisoning means nothing.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Queues `job` and wakes an idle worker if none is being woken; hands
    /// the job back if the queue is closed.
    pub(crate) fn push(&self, job: Job) -> Result<(), Job> {
        let mut state = self.lock();
        if state.closed {
            return Err(job);
        }
        state.jobs.push_back(job);
        self.queued.store(state.jobs.len(), Ordering::Relaxed);
        let wake = state.idle > state.wakes;
        if wake {
            state.wakes += 1;
        }
        drop(state);
        if wake {
            self.ready.notify_one();
        }
        Ok(())
    }

    /// The next job, waiting while the queue is empty and open; `None` once
    /// it is closed and empty.
    ///
    /// A worker first snoozes a few microseconds watching `queued`, taking
    /// the lock only when it is free: under a stream of small jobs the next
    /// one usually arrives meanwhile, and neither side makes a system call
    /// (a worker that blocked on the lock would make the pusher's unlock one).
    pub(crate) fn pop(&self) -> Option<Job> {
        loop {
            if let Some(job) = self.snooze() {
                return Some(job);
            }
            let mut state = self.lock();
            if state.jobs.is_empty() && !state.closed {
                state.idle += 1;
                state = self
                    .ready
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
                state.idle -= 1;
                state.wakes = state.wakes.saturating_sub(1);
            }
            if let Some(job) = state.jobs.pop_front() {
                self.queued.store(state.jobs.len(), Ordering::Relaxed);
                return Some(job);
            }
            if state.closed {
                return None;
            }
        }
    }

    /// Watches `queued` for a short while, taking a job if one is there and
    /// the lock is free.
    fn snooze(&self) -> Option<Job> {
        for step in 0..SNOOZE_STEPS {
            if self.queued.load(Ordering::Relaxed) != 0 {
                let state = match self.state.try_lock() {
                    Ok(state) => Some(state),
                    Err(TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
                    Err(TryLockError::WouldBlock) => None,
                };
                if let Some(mut state) = state {
                    if let Some(job) = state.jobs.pop_front() {
                        self.queued.store(state.jobs.len(), Ordering::Relaxed);
                        return Some(job);
                    }
                }
            }
            if step < SPIN_STEPS {
                for _ in 0..1u32 << step {
                    spin_loop();
                }
            } else {
                thread::yield_now();
            }
        }
        None
    }

    /// Refuses later pushes and wakes every worker; with `drain`, also takes
    /// the queued jobs out (to be cancelled by the caller, without the lock).
    pub(crate) fn close(&self, drain: bool) -> VecDeque<Job> {
        let mut state = self.lock();
        state.closed = true;
        let drained = if drain {
            self.queued.store(0, Ordering::Relaxed);
            std::mem::take(&mut state.jobs)
        } else {
            VecDeque::new()
        };
        drop(state);
        self.ready.notify_all();
        drained
    }

    /// The number of queued jobs.
    pub(crate) fn len(&self) -> usize {
        self.lock().jobs.len()
    }
}
