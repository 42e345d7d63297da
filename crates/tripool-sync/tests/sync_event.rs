//! `Event`: set, clear, timeouts, many waiters, the async form and its
//! cancel safety.

use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use tripool_sync::{Barrier, Event, EventWait};

/// Safety net for waits that should end at once; never reached when green.
const PATIENCE: Duration = Duration::from_secs(10);

/// A waker that records whether it was woken.
#[derive(Default)]
struct Flag(Event);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.set();
    }
}

fn flag_waker() -> (Arc<Flag>, Waker) {
    let flag = Arc::new(Flag::default());
    (Arc::clone(&flag), Waker::from(flag))
}

fn poll_once<F: std::future::Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    future.poll_unpin(&mut Context::from_waker(waker))
}

#[test]
fn auto_traits() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Event>();
    send_sync::<EventWait<'static>>();
}

#[test]
fn set_clear_is_set() {
    let event = Event::new();
    assert!(!event.is_set());
    event.set();
    event.set();
    assert!(event.is_set());
    event.clear();
    event.clear();
    assert!(!event.is_set());
    assert!(!Event::default().is_set());
    assert_eq!(format!("{event:?}"), "Event { is_set: false }");
}

#[test]
fn wait_returns_at_once_while_set() {
    let event = Event::new();
    event.set();
    event.wait();
    assert!(event.wait_timeout(Duration::ZERO));
    assert!(event.wait_deadline(Instant::now()));
}

#[test]
fn wait_timeout_is_false_after_the_timeout() {
    let event = Event::new();
    assert!(!event.wait_timeout(Duration::ZERO));
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(!event.wait_timeout(timeout));
    assert!(start.elapsed() >= timeout);
    assert!(!event.wait_deadline(Instant::now()));
}

#[test]
fn wait_timeout_is_true_when_set_in_time() {
    let event = Event::new();
    let arrived = Barrier::try_new(2).unwrap();
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            arrived.wait().unwrap();
            event.wait_timeout(PATIENCE)
        });
        arrived.wait().unwrap();
        event.set();
        assert!(waiter.join().unwrap());
    });
}

#[test]
fn a_woken_waiter_returns_true_even_if_cleared_before_it_runs() {
    // Python's gh-57711. The waker for the parked thread is `set`; the flag is
    // cleared before the thread can look at it, yet its wait was successful.
    let event = Arc::new(Event::new());
    let (woken, waker) = flag_waker();
    let mut task = event.wait_async();
    assert!(poll_once(&mut task, &waker).is_pending());
    event.set();
    event.clear();
    assert!(woken.0.is_set());
    assert!(poll_once(&mut task, &waker).is_ready());

    // A storm of set/clear pairs against parked threads: each is either
    // woken by a `set` or sees the flag set, and returns true; none sleeps
    // through to its timeout.
    let arrived = Barrier::try_new(6).unwrap();
    thread::scope(|s| {
        let waiters: Vec<_> = (0..5)
            .map(|_| {
                s.spawn(|| {
                    arrived.wait().unwrap();
                    event.wait_timeout(PATIENCE)
                })
            })
            .collect();
        arrived.wait().unwrap();
        let start = Instant::now();
        while !waiters.iter().all(|w| w.is_finished()) && start.elapsed() < PATIENCE {
            event.set();
            event.clear();
            thread::yield_now();
        }
        for waiter in waiters {
            assert!(waiter.join().unwrap());
        }
    });
}

#[test]
fn set_wakes_many_waiters_twice() {
    const N: usize = 5;
    let event = Event::new();
    let arrived = Barrier::try_new(N + 1).unwrap();
    for _ in 0..2 {
        thread::scope(|s| {
            for _ in 0..N {
                s.spawn(|| {
                    arrived.wait().unwrap();
                    event.wait();
                    event.wait();
                });
            }
            arrived.wait().unwrap();
            event.set();
        });
        event.clear();
    }
}

#[test]
fn wait_async_on_block_on_and_tokio() {
    let event = Arc::new(Event::new());
    let setter = {
        let event = Arc::clone(&event);
        thread::spawn(move || event.set())
    };
    futures::executor::block_on(event.wait_async());
    setter.join().unwrap();

    event.clear();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let event = Arc::clone(&event);
                tokio::spawn(async move { event.wait_async().await })
            })
            .collect();
        event.set();
        for task in tasks {
            tokio::time::timeout(PATIENCE, task).await.unwrap().unwrap();
        }
    });
}

#[test]
fn a_dropped_wait_async_leaves_and_costs_nothing() {
    let event = Event::new();
    let (woken_a, waker_a) = flag_waker();
    let (woken_b, waker_b) = flag_waker();
    let mut dropped = event.wait_async();
    let mut kept = event.wait_async();
    assert!(poll_once(&mut dropped, &waker_a).is_pending());
    assert!(poll_once(&mut kept, &waker_b).is_pending());
    drop(dropped);
    event.set();
    assert!(!woken_a.0.is_set());
    assert!(woken_b.0.is_set());
    assert!(poll_once(&mut kept, &waker_b).is_ready());
}

#[test]
fn a_wait_async_dropped_after_set_loses_nothing() {
    let event = Event::new();
    let waker = futures::task::noop_waker();
    let mut first = event.wait_async();
    let mut second = event.wait_async();
    assert!(poll_once(&mut first, &waker).is_pending());
    assert!(poll_once(&mut second, &waker).is_pending());
    event.set();
    drop(first);
    assert!(poll_once(&mut second, &waker).is_ready());
}

#[test]
fn a_repolled_wait_async_uses_the_latest_waker() {
    let event = Event::new();
    let (old, old_waker) = flag_waker();
    let (new, new_waker) = flag_waker();
    let mut task = event.wait_async();
    assert!(poll_once(&mut task, &old_waker).is_pending());
    assert!(poll_once(&mut task, &new_waker).is_pending());
    event.set();
    assert!(new.0.is_set());
    assert!(!old.0.is_set());
}
