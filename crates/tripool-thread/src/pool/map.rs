//! [`ThreadPool::map`] and [`ThreadPool::map_unordered`]: lazy, with a
//! bounded number of tasks in flight.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::iter::Fuse;
use std::sync::Arc;

use crossbeam_channel::{Receiver, Sender};
use tripool_task::{TaskError, TaskHandle};

use super::ThreadPool;

impl ThreadPool {
    /// Applies `f` to every item of `items` on the pool and yields the
    /// results in input order: Python's `Executor.map`, but lazy.
    ///
    /// At most [`map_window`](super::ThreadPoolBuilder::map_window) tasks
    /// (default: twice the workers) are in flight: the first ones are
    /// submitted now, and each result taken submits the next item. An
    /// endless iterator is therefore fine. A panic in `f` becomes that
    /// item's [`TaskError::Panicked`]; the other items go on. Dropping the
    /// iterator cancels the tasks not started yet.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = tripool_thread::ThreadPool::new();
    /// let squares: Vec<u64> = pool
    ///     .map(|x: u64| x * x, 1..) // endless input, lazy output
    ///     .take(4)
    ///     .map(Result::unwrap)
    ///     .collect();
    /// assert_eq!(squares, [1, 4, 9, 16]);
    /// ```
    pub fn map<I, F, U>(&self, f: F, items: I) -> Map<'_, I::IntoIter, U>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> U + Send + Sync + 'static,
        U: Send + 'static,
    {
        let mut map = Map {
            feed: Feed::new(self, Arc::new(f), items.into_iter()),
            in_flight: VecDeque::with_capacity(self.map_window.get()),
        };
        map.fill();
        map
    }

    /// As [`map`](ThreadPool::map), but yields each result as soon as its
    /// task finishes, whatever its place in the input; the same bounded
    /// window applies.
    ///
    /// # Examples
    ///
    /// ```
    /// let pool = tripool_thread::ThreadPool::new();
    /// let mut sums: Vec<u32> = pool
    ///     .map_unordered(|x: u32| x + 1, vec![10, 20, 30])
    ///     .map(Result::unwrap)
    ///     .collect();
    /// sums.sort();
    /// assert_eq!(sums, [11, 21, 31]);
    /// ```
    pub fn map_unordered<I, F, U>(&self, f: F, items: I) -> MapUnordered<'_, I::IntoIter, U>
    where
        I: IntoIterator,
        I::Item: Send + 'static,
        F: Fn(I::Item) -> U + Send + Sync + 'static,
        U: Send + 'static,
    {
        let (done_tx, done_rx) = crossbeam_channel::unbounded();
        let mut map = MapUnordered {
            feed: Feed::new(self, Arc::new(f), items.into_iter()),
            in_flight: HashMap::with_capacity(self.map_window.get()),
            next_id: 0,
            done_tx,
            done_rx,
        };
        map.fill();
        map
    }
}

/// The function of a map, shared by its tasks.
type MapFn<T, U> = Arc<dyn Fn(T) -> U + Send + Sync>;

/// The input side shared by both maps: the pool, the function, the items.
struct Feed<'pool, I: Iterator, U> {
    pool: &'pool ThreadPool,
    f: MapFn<I::Item, U>,
    items: Fuse<I>,
}

impl<'pool, I, U> Feed<'pool, I, U>
where
    I: Iterator<Item: Send + 'static>,
    U: Send + 'static,
{
    fn new(pool: &'pool ThreadPool, f: MapFn<I::Item, U>, items: I) -> Self {
        Self {
            pool,
            f,
            items: items.fuse(),
        }
    }

    fn window(&self) -> usize {
        self.pool.map_window.get()
    }

    /// Submits `f(next item)` carrying `signal()`, or returns `None` at the end.
    fn submit_next(&mut self, signal: impl FnOnce() -> Option<Signal>) -> Option<TaskHandle<U>> {
        let item = self.items.next()?;
        let f = Arc::clone(&self.f);
        let signal = signal();
        Some(self.pool.submit(move || {
            // Dropped when the task ends, panics, or is dropped unrun.
            let _signal = signal;
            f(item)
        }))
    }
}

/// Sends its id when dropped: tells [`MapUnordered`] a task is over.
struct Signal {
    id: u64,
    done: Sender<u64>,
}

impl Drop for Signal {
    fn drop(&mut self) {
        let _ = self.done.send(self.id);
    }
}

/// The iterator of [`ThreadPool::map`]: results in input order.
///
/// Dropping it cancels the tasks no worker has started.
///
/// # Examples
///
/// ```
/// let pool = tripool_thread::ThreadPool::new();
/// let mut lengths = pool.map(|s: &str| s.len(), ["a", "bb", "ccc"]);
/// assert_eq!(lengths.next(), Some(Ok(1)));
/// assert_eq!(lengths.collect::<Vec<_>>(), [Ok(2), Ok(3)]);
/// ```
#[must_use = "iterators are lazy: the window of tasks is submitted, but no more"]
pub struct Map<'pool, I: Iterator, U> {
    feed: Feed<'pool, I, U>,
    in_flight: VecDeque<TaskHandle<U>>,
}

impl<I, U> Map<'_, I, U>
where
    I: Iterator<Item: Send + 'static>,
    U: Send + 'static,
{
    fn fill(&mut self) {
        while self.in_flight.len() < self.feed.window() {
            match self.feed.submit_next(|| None) {
                Some(handle) => self.in_flight.push_back(handle),
                None => break,
            }
        }
    }
}

impl<I, U> Iterator for Map<'_, I, U>
where
    I: Iterator<Item: Send + 'static>,
    U: Send + 'static,
{
    type Item = Result<U, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.fill();
        let handle = self.in_flight.pop_front()?;
        Some(handle.result())
    }
}

impl<I: Iterator, U> Drop for Map<'_, I, U> {
    fn drop(&mut self) {
        for handle in &self.in_flight {
            handle.cancel();
        }
    }
}

impl<I: Iterator, U> fmt::Debug for Map<'_, I, U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Map")
            .field("in_flight", &self.in_flight.len())
            .finish_non_exhaustive()
    }
}

/// The iterator of [`ThreadPool::map_unordered`]: results in completion order.
///
/// Dropping it cancels the tasks no worker has started.
///
/// # Examples
///
/// ```
/// let pool = tripool_thread::ThreadPool::new();
/// let total: u32 = pool.map_unordered(|x: u32| x * 10, 1..=4).map(Result::unwrap).sum();
/// assert_eq!(total, 100);
/// ```
#[must_use = "iterators are lazy: the window of tasks is submitted, but no more"]
pub struct MapUnordered<'pool, I: Iterator, U> {
    feed: Feed<'pool, I, U>,
    in_flight: HashMap<u64, TaskHandle<U>>,
    next_id: u64,
    done_tx: Sender<u64>,
    done_rx: Receiver<u64>,
}

impl<I, U> MapUnordered<'_, I, U>
where
    I: Iterator<Item: Send + 'static>,
    U: Send + 'static,
{
    fn fill(&mut self) {
        while self.in_flight.len() < self.feed.window() {
            let id = self.next_id;
            let done = &self.done_tx;
            let Some(handle) = self.feed.submit_next(|| {
                Some(Signal {
                    id,
                    done: done.clone(),
                })
            }) else {
                break;
            };
            self.next_id += 1;
            self.in_flight.insert(id, handle);
        }
    }
}

impl<I, U> Iterator for MapUnordered<'_, I, U>
where
    I: Iterator<Item: Send + 'static>,
    U: Send + 'static,
{
    type Item = Result<U, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.fill();
        if self.in_flight.is_empty() {
            return None;
        }
        // Every task in flight sends its id exactly once, and we hold a
        // sender, so this neither fails nor misses one.
        let id = self.done_rx.recv().ok()?;
        let handle = self.in_flight.remove(&id)?;
        // The signal goes just before the result: this wait is short.
        Some(handle.result())
    }
}

impl<I: Iterator, U> Drop for MapUnordered<'_, I, U> {
    fn drop(&mut self) {
        for handle in self.in_flight.values() {
            handle.cancel();
        }
    }
}

impl<I: Iterator, U> fmt::Debug for MapUnordered<'_, I, U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MapUnordered")
            .field("in_flight", &self.in_flight.len())
            .finish_non_exhaustive()
    }
}
