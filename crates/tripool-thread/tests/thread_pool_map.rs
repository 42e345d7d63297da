//! `ThreadPool::map` and `map_unordered`: order, laziness, bounded window.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use tripool_sync::Event;
use tripool_task::TaskError;
use tripool_thread::ThreadPool;

const SAFETY_NET: Duration = Duration::from_secs(10);

fn pool(workers: usize, window: usize) -> ThreadPool {
    ThreadPool::builder()
        .workers(NonZeroUsize::new(workers).unwrap())
        .map_window(NonZeroUsize::new(window).unwrap())
        .build()
        .unwrap()
}

#[test]
fn map_keeps_input_order() {
    let pool = pool(4, 8);
    let out: Vec<u64> = pool
        .map(
            |x: u64| {
                (0..x % 7 * 1000).fold(x, |a, b| a ^ b) ^ (0..x % 7 * 1000).fold(0, |a, b| a ^ b)
            },
            0..500,
        )
        .map(Result::unwrap)
        .collect();
    assert_eq!(out, (0..500).collect::<Vec<_>>());
}

#[test]
fn map_is_lazy_with_a_bounded_window_over_an_endless_iterator() {
    let pool = pool(2, 3);
    let pulled = Arc::new(AtomicUsize::new(0));
    let items = {
        let pulled = Arc::clone(&pulled);
        (0u64..).inspect(move |_| {
            pulled.fetch_add(1, Ordering::SeqCst);
        })
    };
    let mut results = pool.map(|x| x + 1, items);
    assert_eq!(pulled.load(Ordering::SeqCst), 3, "the first window only");
    for expected in 1..=1_000u64 {
        assert_eq!(results.next().unwrap(), Ok(expected));
        let taken = expected as usize;
        assert!(pulled.load(Ordering::SeqCst) <= taken + 3);
    }
    drop(results);
    assert_eq!(
        pool.map(|x| x * 2, 0u64..)
            .take(5)
            .map(Result::unwrap)
            .collect::<Vec<_>>(),
        [0, 2, 4, 6, 8]
    );
}

#[test]
fn map_unordered_is_lazy_too() {
    let pool = pool(2, 4);
    let taken: Vec<u64> = pool
        .map_unordered(|x: u64| x, 0..)
        .take(100)
        .map(Result::unwrap)
        .collect();
    assert_eq!(taken.len(), 100);
    assert!(taken.iter().all(|&x| x < 100 + 4));
}

#[test]
fn a_panic_fails_only_its_item() {
    let pool = pool(2, 4);
    let out: Vec<_> = pool
        .map(
            |x: u32| if x == 2 { panic!("bad item {x}") } else { x },
            0..5,
        )
        .collect();
    assert_eq!(out[..2], [Ok(0), Ok(1)]);
    assert_eq!(
        out[2].as_ref().unwrap_err().panic_message(),
        Some("bad item 2")
    );
    assert_eq!(out[3..], [Ok(3), Ok(4)]);
}

#[test]
fn map_unordered_yields_in_completion_order() {
    let pool = pool(2, 2);
    let gate = Arc::new(Event::new());
    let slow_gate = Arc::clone(&gate);
    let mut results = pool.map_unordered(
        move |x: u32| {
            if x == 0 {
                slow_gate.wait();
            }
            x
        },
        [0, 1],
    );
    assert_eq!(
        results.next(),
        Some(Ok(1)),
        "item 1 finishes while item 0 waits"
    );
    gate.set();
    assert_eq!(results.next(), Some(Ok(0)));
    assert_eq!(results.next(), None);
}

#[test]
fn map_unordered_returns_every_result_once() {
    let pool = pool(3, 6);
    let mut out: Vec<u32> = pool
        .map_unordered(|x: u32| x * 3, 0..300)
        .map(Result::unwrap)
        .collect();
    out.sort_unstable();
    assert_eq!(out, (0..300).map(|x| x * 3).collect::<Vec<_>>());
}

#[test]
fn dropping_the_iterator_cancels_tasks_not_started() {
    let pool = pool(1, 4);
    let ran = Arc::new(AtomicUsize::new(0));
    let gate = Arc::new(Event::new());
    let (started_tx, started_rx) = mpsc::channel();
    let results = {
        let (ran, gate) = (Arc::clone(&ran), Arc::clone(&gate));
        pool.map(
            move |x: u32| {
                ran.fetch_add(1, Ordering::SeqCst);
                if x == 0 {
                    started_tx.send(()).unwrap();
                    gate.wait();
                }
            },
            0..100,
        )
    };
    started_rx.recv_timeout(SAFETY_NET).unwrap();
    drop(results); // items 1..=3 are queued behind item 0
    gate.set();
    pool.shutdown(true, false);
    assert_eq!(ran.load(Ordering::SeqCst), 1);
}

#[test]
fn empty_input_and_shut_down_pool() {
    let pool = pool(1, 2);
    assert!(pool.map(|x: u8| x, []).next().is_none());
    assert!(pool.map_unordered(|x: u8| x, []).next().is_none());
    pool.shutdown(true, false);
    let out: Vec<_> = pool.map(|x: u8| x, [1, 2, 3]).collect();
    assert_eq!(out, vec![Err(TaskError::PoolShutDown); 3]);
    let out: Vec<_> = pool.map_unordered(|x: u8| x, [1, 2]).collect();
    assert_eq!(out, vec![Err(TaskError::PoolShutDown); 2]);
}

#[test]
fn default_window_is_twice_the_workers() {
    let pool = ThreadPool::builder()
        .workers(NonZeroUsize::new(3).unwrap())
        .build()
        .unwrap();
    let pulled = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&pulled);
    let results = pool.map(
        |x: u32| x,
        (0..).inspect(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        }),
    );
    assert_eq!(pulled.load(Ordering::SeqCst), 6);
    drop(results);
}
