//! The state a task's [`Completer`](crate::Completer) and
//! [`TaskHandle`](crate::TaskHandle) share: one allocation holding an atomic
//! state word, the outcome's slot and hooks behind a mutex, the done
//! [`Event`] inline and, for a [`Job`](crate::Job), its closure.
//!
//! The hot transitions (start, cancel, "is it done?") touch only the state
//! word; the mutex guards the slot and the hooks (callbacks, watchers, the
//! handle's waker), and the event's wait list is touched only if someone may
//! wait on it. A task started, completed and collected without waiting
//! costs two compare-and-swaps and two uncontended lock/unlock pairs (a
//! [`Job`](crate::Job) adds one pair, to take its closure).
//!
//! The outcome has a single holder at any time: the completer while it
//! settles, the slot once settled, a caller of `add_done_callback` while it
//! runs its callback on a settled task, or finally the handle's owner. The
//! holder runs callbacks without any lock held, and before it gives the
//! outcome back to the slot it runs every callback others queued meanwhile:
//! so each callback runs exactly once, on a borrowed outcome, outside the lock.

use std::fmt;
use std::mem;
use std::task::{Context, Poll, Waker};

use tripool_sync::Event;

use crate::TaskError;
use crate::loom::{Arc, AtomicUsize, Mutex, Ordering};
use crate::panic::run_callback;
use crate::watch::Watcher;

/// A done callback, given the outcome by reference.
pub(crate) type Callback<T> = Box<dyn FnOnce(Result<&T, &TaskError>) + Send>;

// The state word: a phase in the low two bits, and two flags.
//
// | phase      | means                                       | next                 |
// |------------|---------------------------------------------|----------------------|
// | `PENDING`  | waiting for an executor to start it         | `RUNNING`, `SETTLING`, `DONE` |
// | `RUNNING`  | `Completer::start` returned `true`          | `SETTLING`, `DONE`   |
// | `SETTLING` | outcome known; its holder runs callbacks    | `DONE`               |
// | `DONE`     | outcome in the slot (or taken, or lent)     | —                    |
//
// `CANCELLED` is set with `SETTLING` or `DONE` when the outcome is
// `Err(Cancelled)`: by `cancel()` (only from `PENDING`, so a cancelled task
// never starts) or by completing with that error. Settling goes straight to
// `DONE` when no callback is queued. Every move to `DONE` happens with the
// mutex held, after the slot is filled: a hook registered under the mutex
// either sees `DONE` or is seen by the settler.
//
// `EVENT` says the done event may have waiters. Whoever sets it and finds
// `DONE` sets the event; whoever moves to `DONE` and finds it sets the event.
// Both are read-modify-writes of this one word, so one of them sees the
// other: no waiter misses the event, and a task nobody waits for never
// touches the event's wait list.
const PHASE: usize = 0b0011;
const PENDING: usize = 0b0000;
const RUNNING: usize = 0b0001;
const SETTLING: usize = 0b0010;
const DONE: usize = 0b0011;
const CANCELLED: usize = 0b0100;
const EVENT: usize = 0b1000;

/// Where the outcome is.
enum Slot<T> {
    /// Not produced yet, or lent to whoever runs callbacks on it.
    Away,
    /// In the slot, ready to be taken or lent.
    Ready(Result<T, TaskError>),
    /// Taken by the handle's owner; no one can ask for it again.
    Taken,
}

/// What the mutex guards.
struct Inner<T> {
    slot: Slot<T>,
    /// Allocated by the first registration: most tasks never have one.
    hooks: Option<Box<Hooks<T>>>,
}

/// Who hears of the task once its outcome is known.
struct Hooks<T> {
    /// Callbacks waiting for the outcome's holder to run them.
    callbacks: Vec<Callback<T>>,
    /// Multi-task waits (`as_completed`, `wait`) to tell, with their key.
    watchers: Vec<(Arc<Watcher>, usize)>,
    /// The task awaiting the handle itself.
    waker: Option<Waker>,
}

impl<T> Inner<T> {
    fn hooks(&mut self) -> &mut Hooks<T> {
        self.hooks.get_or_insert_with(|| {
            Box::new(Hooks {
                callbacks: Vec::new(),
                watchers: Vec::new(),
                waker: None,
            })
        })
    }

    fn take_callbacks(&mut self) -> Vec<Callback<T>> {
        self.hooks
            .as_mut()
            .map(|hooks| mem::take(&mut hooks.callbacks))
            .unwrap_or_default()
    }

    fn has_callbacks(&self) -> bool {
        self.hooks
            .as_ref()
            .is_some_and(|hooks| !hooks.callbacks.is_empty())
    }
}

/// What a [`TaskHandle`](crate::TaskHandle) reports of its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Pending,
    Running,
    Finished,
    Cancelled,
}

/// Anything a task's allocation may carry after its state: nothing (`()`)
/// for [`new_task`](crate::new_task), the closure for
/// [`new_job`](crate::new_job). Handles and completers see it erased.
pub(crate) trait Tail: Send + Sync {}

impl<X: Send + Sync + ?Sized> Tail for X {}

/// The state shared by a completer (or job) and its handle, followed by the
/// job's closure if there is one: one allocation per task.
pub(crate) struct Shared<T, J: ?Sized = dyn Tail> {
    /// Phase and flags; see the table above.
    state: AtomicUsize,
    inner: Mutex<Inner<T>>,
    /// Set once the task is done, if anyone may wait for it (`EVENT`).
    done: Event,
    /// What the executor runs, for a task made by `new_job`.
    pub(crate) job: J,
}

impl<T, J> Shared<T, J> {
    /// A pending task carrying `job`.
    pub(crate) fn new(job: J) -> Self {
        Self {
            state: AtomicUsize::new(PENDING),
            inner: Mutex::new(Inner {
                slot: Slot::Away,
                hooks: None,
            }),
            done: Event::new(),
            job,
        }
    }
}

impl<T, J: ?Sized> Shared<T, J> {
    /// The event set when the task is done; calling this promises it will be.
    pub(crate) fn done_event(&self) -> &Event {
        let before = self.state.fetch_or(EVENT, Ordering::AcqRel);
        if before & (PHASE | EVENT) == DONE {
            // Done before anyone asked: the settler left the event alone.
            self.done.set();
        }
        &self.done
    }

    pub(crate) fn is_done(&self) -> bool {
        self.state.load(Ordering::Acquire) & PHASE == DONE
    }

    pub(crate) fn status(&self) -> Status {
        let state = self.state.load(Ordering::Acquire);
        match (state & PHASE, state & CANCELLED != 0) {
            (PENDING, _) | (SETTLING, true) => Status::Pending,
            (DONE, false) => Status::Finished,
            (DONE, true) => Status::Cancelled,
            _ => Status::Running,
        }
    }

    /// Whether the task is (being) cancelled, so it must never start.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.state.load(Ordering::Acquire) & CANCELLED != 0
    }

    /// Moves the phase from one of `from` to `to` (adding `flags`), keeping
    /// `EVENT`; the state before, or the state that refused the move.
    fn advance(&self, from: &[usize], to: usize, flags: usize) -> Result<usize, usize> {
        self.state
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |state| {
                from.contains(&(state & PHASE))
                    .then_some(state & !PHASE | to | flags)
            })
    }

    /// `PENDING → RUNNING`; `false` if the task was cancelled.
    pub(crate) fn start(&self) -> bool {
        match self.advance(&[PENDING], RUNNING, 0) {
            Ok(_) => true,
            Err(state) => state & CANCELLED == 0,
        }
    }

    /// `PENDING → SETTLING | CANCELLED`, running the callbacks; see
    /// `TaskHandle::cancel`.
    pub(crate) fn cancel(&self) -> bool {
        match self.advance(&[PENDING], SETTLING, CANCELLED) {
            Ok(_) => {
                self.hold(Err(TaskError::Cancelled), Vec::new());
                true
            }
            Err(state) => state & CANCELLED != 0,
        }
    }

    /// Gives the task its outcome; `false` (dropping `outcome`) if it had one.
    ///
    /// An `Err(TaskError::Cancelled)` outcome settles the task as cancelled.
    pub(crate) fn settle(&self, outcome: Result<T, TaskError>) -> bool {
        let flags = if matches!(outcome, Err(TaskError::Cancelled)) {
            CANCELLED
        } else {
            0
        };
        let mut inner = self.inner.lock();
        let to = if inner.has_callbacks() {
            SETTLING
        } else {
            DONE
        };
        match self.advance(&[PENDING, RUNNING], to, flags) {
            Ok(before) if to == DONE => {
                inner.slot = Slot::Ready(outcome);
                let hooks = inner.hooks.take();
                drop(inner);
                self.announce(before, hooks);
            }
            Ok(_) => {
                let callbacks = inner.take_callbacks();
                drop(inner);
                self.hold(outcome, callbacks);
            }
            Err(_) => {
                drop(inner);
                drop(outcome);
                return false;
            }
        }
        true
    }

    /// Registers `callback`, or runs it now (in the caller) if the task is
    /// done and its outcome in the slot.
    ///
    /// Returns `false`, without running it, if the outcome was taken.
    pub(crate) fn add_callback(&self, callback: Callback<T>) -> bool {
        let mut inner = self.inner.lock();
        match mem::replace(&mut inner.slot, Slot::Away) {
            Slot::Ready(outcome) => {
                drop(inner);
                self.hold(outcome, vec![callback]);
                true
            }
            Slot::Away => {
                inner.hooks().callbacks.push(callback);
                true
            }
            Slot::Taken => {
                inner.slot = Slot::Taken;
                false
            }
        }
    }

    /// As the outcome's holder: runs `callbacks` and those queued meanwhile,
    /// then puts the outcome in the slot. If the task was settling, that
    /// makes it done.
    fn hold(&self, outcome: Result<T, TaskError>, mut callbacks: Vec<Callback<T>>) {
        loop {
            for callback in callbacks.drain(..) {
                run_callback(|| callback(outcome.as_ref()));
            }
            let mut inner = self.inner.lock();
            if inner.has_callbacks() {
                callbacks = inner.take_callbacks();
                continue;
            }
            inner.slot = Slot::Ready(outcome);
            if self.state.load(Ordering::Acquire) & PHASE == DONE {
                return; // a lender: the task was done already
            }
            // Only the holder leaves `SETTLING`: flip it to `DONE`.
            let before = self.state.fetch_xor(SETTLING ^ DONE, Ordering::AcqRel);
            let hooks = inner.hooks.take();
            drop(inner);
            self.announce(before, hooks);
            return;
        }
    }

    /// After the move to `DONE` from state `before`, without the mutex:
    /// wakes the waiters.
    fn announce(&self, before: usize, hooks: Option<Box<Hooks<T>>>) {
        if before & EVENT != 0 {
            self.done.set();
        }
        let Some(hooks) = hooks else { return };
        let Hooks {
            watchers, waker, ..
        } = *hooks;
        for (watcher, key) in watchers {
            watcher.notify(key);
        }
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Takes the outcome of a done task; `None` if it was taken already.
    pub(crate) fn take(&self) -> Option<Result<T, TaskError>> {
        debug_assert!(self.is_done());
        let mut inner = self.inner.lock();
        match mem::replace(&mut inner.slot, Slot::Taken) {
            Slot::Ready(outcome) => Some(outcome),
            // Only `add_callback` lends a done task's outcome, and it borrows
            // the handle that `take` needs by value or `&mut`.
            Slot::Away | Slot::Taken => None,
        }
    }

    /// `Ready` once the task is done; until then, `cx` is woken when it is.
    pub(crate) fn poll_done(&self, cx: &Context<'_>) -> Poll<()> {
        if self.is_done() {
            return Poll::Ready(());
        }
        let mut inner = self.inner.lock();
        if self.is_done() {
            return Poll::Ready(());
        }
        match &mut inner.hooks().waker {
            Some(waker) if waker.will_wake(cx.waker()) => {}
            waker => *waker = Some(cx.waker().clone()),
        }
        Poll::Pending
    }

    /// Whether the task is done with an error.
    pub(crate) fn failed(&self) -> bool {
        matches!(self.inner.lock().slot, Slot::Ready(Err(_)))
    }

    /// Asks for `watcher.notify(key)` when the task is done; `false` (and no
    /// registration) if it is done already.
    pub(crate) fn watch(&self, watcher: &Arc<Watcher>, key: usize) -> bool {
        let mut inner = self.inner.lock();
        if self.is_done() {
            return false;
        }
        inner.hooks().watchers.push((Arc::clone(watcher), key));
        true
    }

    /// Withdraws every registration of `watcher`.
    pub(crate) fn unwatch(&self, watcher: &Arc<Watcher>) {
        if let Some(hooks) = &mut self.inner.lock().hooks {
            hooks.watchers.retain(|(w, _)| !Arc::ptr_eq(w, watcher));
        }
    }
}

impl<T, J: ?Sized> fmt::Debug for Shared<T, J> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}
