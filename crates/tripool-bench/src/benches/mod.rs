//! The benchmarked areas, one file each: the tripool side and its peers
//! behind the harness's [`Subject`](crate::harness::Subject) trait.
//! Python's standard library joins as a peer through [`python`].

mod event;
mod lock;
mod pool;
mod python;
mod queue;
mod rlock;
mod thread;

use crate::harness::Figure;

/// Every figure, in the order they run and print.
pub(crate) fn figures() -> Vec<Figure> {
    [
        lock::figures(),
        rlock::figures(),
        queue::figures(),
        event::figures(),
        pool::figures(),
        thread::figures(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
