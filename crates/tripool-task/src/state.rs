//! The state a task's [`Completer`](crate::Completer) and
//! [`TaskHandle`](crate::TaskHandle) share.
//!
//! The outcome has a single holder at any time: the completer while it
//! settles, the slot once settled, a caller of `add_done_callback` while it
//! runs its callback on a settled task, or finally the handle's owner. The
//! holder runs callbacks without any lock held, and before it gives the
//! outcome back to the slot it runs every callback others queued meanwhile:
//! so each callback runs exactly once, on a borrowed outcome, outside the lock.

use std::fmt;
use std::mem;

use tripool_sync::Event;

use crate::TaskError;
use crate::loom::{Arc, Mutex};
use crate::panic::run_callback;
use crate::watch::Watcher;

/// A done callback, given the outcome by reference.
pub(crate) type Callback<T> = Box<dyn FnOnce(Result<&T, &TaskError>) + Send>;

/// Where the task is in its life.
///
/// | phase                  | means                                      | next                    |
/// |------------------------|--------------------------------------------|-------------------------|
/// | `Pending`              | waiting for an executor to start it        | `Running`, `Settling`   |
/// | `Running`              | `Completer::start` returned `true`         | `Settling`              |
/// | `Settling{cancelled}`  | outcome known; its holder runs callbacks   | `Finished`, `Cancelled` |
/// | `Finished`             | outcome in the slot (or taken); done       | —                       |
/// | `Cancelled`            | outcome is `Err(Cancelled)`; done          | —                       |
///
/// `Pending → Settling{cancelled: true}` is `cancel()` (or completing a
/// task with `Err(TaskError::Cancelled)`); a task settling as cancelled never
/// starts. The done [`Event`] is set on entering `Finished` or `Cancelled`,
/// in the same critical section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Pending,
    Running,
    Settling { cancelled: bool },
    Finished,
    Cancelled,
}

impl Phase {
    fn is_done(self) -> bool {
        matches!(self, Self::Finished | Self::Cancelled)
    }

    fn is_cancelled(self) -> bool {
        matches!(self, Self::Settling { cancelled: true } | Self::Cancelled)
    }
}

/// Where the outcome is.
enum Slot<T> {
    /// Not produced yet, or lent to whoever runs callbacks on it.
    Away,
    /// In the slot, ready to be taken or lent.
    Ready(Result<T, TaskError>),
    /// Taken by the handle's owner; no one can ask for it again.
    Taken,
}

struct Inner<T> {
    phase: Phase,
    slot: Slot<T>,
    /// Callbacks waiting for the outcome's holder to run them.
    callbacks: Vec<Callback<T>>,
    /// Multi-task waits (`as_completed`, `wait`) to tell, with their key.
    watchers: Vec<(Arc<Watcher>, usize)>,
}

/// What a [`TaskHandle`](crate::TaskHandle) reports of its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Pending,
    Running,
    Finished,
    Cancelled,
}

/// The state shared by a completer and its handle.
pub(crate) struct Shared<T> {
    inner: Mutex<Inner<T>>,
    /// Set once the task is done: blocking and async waits use it.
    done: Arc<Event>,
}

impl<T> Shared<T> {
    pub(crate) fn new() -> Self {
        Self {
            inner: Mutex::new(Inner {
                phase: Phase::Pending,
                slot: Slot::Away,
                callbacks: Vec::new(),
                watchers: Vec::new(),
            }),
            done: Arc::new(Event::new()),
        }
    }

    /// The event set when the task is done.
    pub(crate) fn done_event(&self) -> &Arc<Event> {
        &self.done
    }

    pub(crate) fn is_done(&self) -> bool {
        self.done.is_set()
    }

    pub(crate) fn status(&self) -> Status {
        match self.inner.lock().phase {
            Phase::Pending => Status::Pending,
            Phase::Running | Phase::Settling { cancelled: false } => Status::Running,
            Phase::Settling { cancelled: true } => Status::Pending,
            Phase::Finished => Status::Finished,
            Phase::Cancelled => Status::Cancelled,
        }
    }

    /// Whether the task is (being) cancelled, so it must never start.
    pub(crate) fn is_cancelled(&self) -> bool {
        self.inner.lock().phase.is_cancelled()
    }

    /// `Pending → Running`; `false` if the task was cancelled.
    pub(crate) fn start(&self) -> bool {
        let mut inner = self.inner.lock();
        match inner.phase {
            Phase::Pending => {
                inner.phase = Phase::Running;
                true
            }
            phase => !phase.is_cancelled(),
        }
    }

    /// `Pending → Cancelled`, running the callbacks; see `TaskHandle::cancel`.
    pub(crate) fn cancel(&self) -> bool {
        let mut inner = self.inner.lock();
        match inner.phase {
            Phase::Pending => {
                inner.phase = Phase::Settling { cancelled: true };
                let callbacks = mem::take(&mut inner.callbacks);
                drop(inner);
                self.hold(Err(TaskError::Cancelled), callbacks);
                true
            }
            phase => phase.is_cancelled(),
        }
    }

    /// Gives the task its outcome; `false` (dropping `outcome`) if it had one.
    ///
    /// An `Err(TaskError::Cancelled)` outcome settles the task as cancelled.
    pub(crate) fn settle(&self, outcome: Result<T, TaskError>) -> bool {
        let mut inner = self.inner.lock();
        if matches!(inner.phase, Phase::Pending | Phase::Running) {
            let cancelled = matches!(outcome, Err(TaskError::Cancelled));
            inner.phase = Phase::Settling { cancelled };
            let callbacks = mem::take(&mut inner.callbacks);
            drop(inner);
            self.hold(outcome, callbacks);
            true
        } else {
            drop(inner);
            drop(outcome);
            false
        }
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
                inner.callbacks.push(callback);
                true
            }
            Slot::Taken => {
                inner.slot = Slot::Taken;
                false
            }
        }
    }

    /// As the outcome's holder: runs `callbacks` and those queued meanwhile,
    /// then puts the outcome in the slot. If that settles the task, marks it
    /// done and tells the watchers.
    fn hold(&self, outcome: Result<T, TaskError>, mut callbacks: Vec<Callback<T>>) {
        loop {
            for callback in callbacks.drain(..) {
                run_callback(|| callback(outcome.as_ref()));
            }
            let mut inner = self.inner.lock();
            if !inner.callbacks.is_empty() {
                mem::swap(&mut callbacks, &mut inner.callbacks);
                continue;
            }
            inner.slot = Slot::Ready(outcome);
            let Phase::Settling { cancelled } = inner.phase else {
                return; // a lender: the task was done already
            };
            inner.phase = if cancelled {
                Phase::Cancelled
            } else {
                Phase::Finished
            };
            let watchers = mem::take(&mut inner.watchers);
            // Set under the lock: whoever sees the final phase sees `done`.
            self.done.set();
            drop(inner);
            for (watcher, key) in watchers {
                watcher.notify(key);
            }
            return;
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

    /// Whether the task is done with an error.
    pub(crate) fn failed(&self) -> bool {
        matches!(self.inner.lock().slot, Slot::Ready(Err(_)))
    }

    /// Asks for `watcher.notify(key)` when the task is done; `false` (and no
    /// registration) if it is done already.
    pub(crate) fn watch(&self, watcher: &Arc<Watcher>, key: usize) -> bool {
        let mut inner = self.inner.lock();
        if inner.phase.is_done() {
            return false;
        }
        inner.watchers.push((Arc::clone(watcher), key));
        true
    }

    /// Withdraws every registration of `watcher`.
    pub(crate) fn unwatch(&self, watcher: &Arc<Watcher>) {
        self.inner
            .lock()
            .watchers
            .retain(|(w, _)| !Arc::ptr_eq(w, watcher));
    }
}

impl<T> fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("status", &self.status())
            .finish_non_exhaustive()
    }
}
