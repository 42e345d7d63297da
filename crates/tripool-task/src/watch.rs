//! `Watcher`: the wait of [`as_completed`](crate::as_completed) and
//! [`wait`](crate::wait) on many tasks at once.
//!
//! Each watched task holds the watcher and a key (the task's index); when the
//! task becomes done it pushes the key and sets the watcher's [`Event`]. The
//! single consumer clears the event *before* it looks for keys, so a key
//! pushed after the look sets the event after the clear: no wake-up is lost.
//! This costs O(1) per completion, however many tasks are watched.

use std::collections::VecDeque;
use std::time::Instant;

use tripool_sync::Event;

use crate::loom::{Arc, Mutex};
use crate::state::Shared;

/// Keys of done tasks, in completion order, and an event to wait for more.
#[derive(Debug)]
pub(crate) struct Watcher {
    ready: Mutex<VecDeque<usize>>,
    signal: Event,
}

impl Watcher {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            ready: Mutex::new(VecDeque::new()),
            signal: Event::new(),
        })
    }

    /// Watches `task` under `key`; a task done already is ready at once.
    pub(crate) fn watch<T>(watcher: &Arc<Self>, task: &Shared<T>, key: usize) {
        if !task.watch(watcher, key) {
            watcher.notify(key);
        }
    }

    /// Reports the task under `key` done.
    pub(crate) fn notify(&self, key: usize) {
        self.ready.lock().push_back(key);
        self.signal.set();
    }

    /// The next done key, waiting until `deadline` (`None`: forever); `None`
    /// if the deadline passed first.
    ///
    /// Only one thread or task may consume keys.
    pub(crate) fn next_until(&self, deadline: Option<Instant>) -> Option<usize> {
        loop {
            self.signal.clear();
            if let Some(key) = self.ready.lock().pop_front() {
                return Some(key);
            }
            match deadline {
                None => self.signal.wait(),
                Some(deadline) => {
                    if !self.signal.wait_deadline(deadline) {
                        return self.ready.lock().pop_front();
                    }
                }
            }
        }
    }

    /// The next done key, from async code.
    ///
    /// Cancel safe: a key is only popped in the poll that returns it.
    pub(crate) async fn next_async(&self) -> usize {
        loop {
            self.signal.clear();
            if let Some(key) = self.ready.lock().pop_front() {
                return key;
            }
            self.signal.wait_async().await;
        }
    }
}
