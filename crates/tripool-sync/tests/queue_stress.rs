//! Many producers and consumers: every item is delivered exactly once.
//!
//! 200k items in release, 20k in debug (so the file stays fast there).

use std::sync::Arc;
use std::time::Duration;

use tripool_sync::{GetTimeoutError, Queue, TryGetError};

const ITEMS: u64 = if cfg!(debug_assertions) {
    20_000
} else {
    200_000
};
const PRODUCERS: u64 = 4;
const CONSUMERS: usize = 4;

/// How a consumer takes items.
#[derive(Clone, Copy)]
enum Take {
    Get,
    Timeout,
    Try,
    Async,
}

/// Runs `PRODUCERS` threads putting `ITEMS` distinct numbers and consumers
/// taking them the ways given, then checks each number arrived exactly once.
fn exactly_once(maxsize: usize, takes: [Take; CONSUMERS]) {
    let queue = Arc::new(Queue::with_maxsize(maxsize));
    let per_producer = ITEMS / PRODUCERS;
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                for n in p * per_producer..(p + 1) * per_producer {
                    queue.put(n).unwrap();
                }
            })
        })
        .collect();
    let consumers: Vec<_> = takes
        .into_iter()
        .map(|take| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || consume(&queue, take))
        })
        .collect();
    for producer in producers {
        producer.join().unwrap();
    }
    queue.join(); // every item was taken and marked done
    queue.shutdown(false);
    let mut seen: Vec<u64> = consumers
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert_eq!(
        seen.len() as u64,
        per_producer * PRODUCERS,
        "lost or duplicated"
    );
    seen.sort_unstable();
    assert!(seen.iter().copied().eq(0..per_producer * PRODUCERS));
}

fn consume(queue: &Queue<u64>, take: Take) -> Vec<u64> {
    let mut seen = Vec::new();
    loop {
        let item = match take {
            Take::Get => queue.get().ok(),
            Take::Timeout => match queue.get_timeout(Duration::from_micros(100)) {
                Ok(n) => Some(n),
                Err(GetTimeoutError::Timeout) => continue,
                Err(GetTimeoutError::ShutDown) => None,
            },
            Take::Try => match queue.try_get() {
                Ok(n) => Some(n),
                Err(TryGetError::Empty) => {
                    std::thread::yield_now();
                    continue;
                }
                Err(TryGetError::ShutDown) => None,
            },
            Take::Async => futures::executor::block_on(queue.get_async()).ok(),
        };
        let Some(n) = item else { return seen };
        seen.push(n);
        queue.task_done().unwrap();
    }
}

#[test]
fn bounded_mpmc_blocking() {
    exactly_once(8, [Take::Get; CONSUMERS]);
}

#[test]
fn unbounded_mpmc_blocking() {
    exactly_once(0, [Take::Get; CONSUMERS]);
}

#[test]
fn one_slot_mpmc_mixed_forms() {
    exactly_once(1, [Take::Get, Take::Timeout, Take::Try, Take::Async]);
}

#[test]
fn bounded_mpmc_async_consumers() {
    exactly_once(4, [Take::Async, Take::Async, Take::Get, Take::Async]);
}

#[test]
fn async_producers_and_cancelling_consumers_on_tokio() {
    // Consumers race each get against a short timer, so many get futures are
    // dropped after being woken: none may lose an item or strand a waiter.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .unwrap();
    let queue = Arc::new(Queue::with_maxsize(2));
    let items = ITEMS / 10;
    let seen = runtime.block_on(async {
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| {
                let queue = Arc::clone(&queue);
                tokio::spawn(async move {
                    for n in (0..items).filter(|n| n % PRODUCERS == p) {
                        queue.put_async(n).await.unwrap();
                    }
                })
            })
            .collect();
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                let queue = Arc::clone(&queue);
                tokio::spawn(async move {
                    let mut seen = Vec::new();
                    loop {
                        tokio::select! {
                            item = queue.get_async() => match item {
                                Ok(n) => seen.push(n),
                                Err(_) => return seen,
                            },
                            () = tokio::time::sleep(Duration::from_micros(20)) => {}
                        }
                    }
                })
            })
            .collect();
        for producer in producers {
            producer.await.unwrap();
        }
        queue.shutdown(false);
        let mut seen = Vec::new();
        for consumer in consumers {
            seen.extend(consumer.await.unwrap());
        }
        seen
    });
    let mut seen = seen;
    seen.sort_unstable();
    assert!(seen.iter().copied().eq(0..items), "lost or duplicated");
}

/// Producers put distinct numbers until the queue is shut down under them,
/// consumers get until it reports the shutdown: every number whose put
/// succeeded is received once or handed back by an immediate shutdown, and
/// every refused number comes back in its error.
fn exactly_once_across_a_shutdown(maxsize: usize, immediate: bool) {
    use std::sync::atomic::{AtomicUsize, Ordering};

    let queue = Arc::new(Queue::with_maxsize(maxsize));
    let received = Arc::new(AtomicUsize::new(0));
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                let (mut put, mut refused) = (Vec::new(), Vec::new());
                for n in (0..).map(|i| i * PRODUCERS + p) {
                    match queue.put(n) {
                        Ok(()) => put.push(n),
                        Err(error) => {
                            refused.push(error.into_inner());
                            break;
                        }
                    }
                }
                (put, refused)
            })
        })
        .collect();
    let consumers: Vec<_> = (0..CONSUMERS)
        .map(|_| {
            let (queue, received) = (Arc::clone(&queue), Arc::clone(&received));
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                while let Ok(n) = queue.get() {
                    seen.push(n);
                    received.fetch_add(1, Ordering::Relaxed);
                }
                seen
            })
        })
        .collect();
    // Shut down in the middle of the traffic.
    while received.load(Ordering::Relaxed) < 2_000 {
        std::thread::yield_now();
    }
    let drained = queue.shutdown(immediate);
    let mut put = Vec::new();
    for producer in producers {
        let (ok, refused) = producer.join().unwrap();
        assert_eq!(refused.len(), 1, "a producer stops at its first refusal");
        put.extend(ok);
    }
    let mut delivered: Vec<u64> = consumers
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert!(immediate || drained.is_empty());
    // Taken items wait for their `task_done`; drained ones count as done.
    assert_eq!(queue.unfinished_tasks(), delivered.len());
    delivered.extend(drained);
    put.sort_unstable();
    delivered.sort_unstable();
    assert_eq!(put.len(), delivered.len(), "lost or duplicated");
    assert!(put == delivered, "lost or duplicated");
    assert_eq!(queue.qsize(), 0);
}

#[test]
fn unbounded_shutdown_under_traffic_loses_nothing() {
    for immediate in [false, true] {
        exactly_once_across_a_shutdown(0, immediate);
    }
}

#[test]
fn bounded_shutdown_under_traffic_loses_nothing() {
    for immediate in [false, true] {
        exactly_once_across_a_shutdown(4, immediate);
    }
}
