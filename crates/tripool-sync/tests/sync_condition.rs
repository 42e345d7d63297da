//! `Condition<T>`: notify semantics, timeouts, no spurious wake-ups, async
//! forms, cancel safety and a producer/consumer stress test.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use futures::task::ArcWake;
use tripool_sync::Condition;

/// Generous safety net for waits that a correct implementation ends early.
const SAFETY: Duration = Duration::from_secs(30);

#[derive(Default)]
struct Gate {
    waiting: usize,
    woken: usize,
}

/// Yields until `check` holds under the lock (no sleeping).
fn until<T>(cond: &Condition<T>, mut check: impl FnMut(&T) -> bool) {
    let start = Instant::now();
    while !check(&cond.acquire()) {
        assert!(start.elapsed() < SAFETY, "gave up waiting");
        std::thread::yield_now();
    }
}

#[test]
fn notify_n_wakes_at_most_n_and_reports_how_many() {
    const WAITERS: usize = 5;
    let cond = Condition::new(Gate::default());
    std::thread::scope(|s| {
        for _ in 0..WAITERS {
            s.spawn(|| {
                let mut gate = cond.acquire();
                gate.waiting += 1;
                assert!(gate.wait_timeout(SAFETY), "woken by a notification");
                gate.woken += 1;
            });
        }
        // A waiter bumps `waiting` and registers before it releases the
        // lock, so once all are counted, all are queued.
        until(&cond, |gate| gate.waiting == WAITERS);
        assert_eq!(cond.notify(0), 0);
        assert_eq!(cond.notify(2), 2);
        until(&cond, |gate| gate.woken == 2);
        assert_eq!(cond.notify_all(), WAITERS - 2);
    });
    assert_eq!(cond.into_inner().woken, WAITERS);
}

#[test]
fn notify_without_holding_the_lock() {
    let cond = Condition::new(false);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| cond.acquire().wait_while_timeout(|open| !*open, SAFETY));
        *cond.acquire() = true;
        cond.notify(1);
        assert!(waiter.join().unwrap());
    });
}

#[test]
fn wait_timeout_times_out_with_the_lock_held_again() {
    let cond = Condition::new(0);
    let mut guard = cond.acquire();
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(!guard.wait_timeout(timeout));
    assert!(start.elapsed() >= timeout);
    assert!(cond.try_acquire().is_none());
    *guard += 1;
    let deadline = Instant::now() + timeout;
    assert!(!guard.wait_deadline(deadline));
    assert!(Instant::now() >= deadline);
}

#[test]
fn spurious_unparks_are_not_reported_as_notifications() {
    let cond = Condition::new(Gate::default());
    let timeout = Duration::from_millis(50);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            let mut gate = cond.acquire();
            gate.waiting = 1;
            let start = Instant::now();
            let notified = gate.wait_timeout(timeout);
            (notified, start.elapsed())
        });
        until(&cond, |gate| gate.waiting == 1);
        while !waiter.is_finished() {
            waiter.thread().unpark();
            std::thread::yield_now();
        }
        let (notified, elapsed) = waiter.join().unwrap();
        assert!(!notified);
        assert!(elapsed >= timeout);
    });
}

#[test]
fn wait_while_timeout_reports_the_predicate_outcome() {
    let cond = Condition::new(0);
    let mut guard = cond.acquire();
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    assert!(!guard.wait_while_timeout(|n| *n < 4, timeout));
    assert!(start.elapsed() >= timeout);
    assert!(guard.wait_while_deadline(|n| *n > 0, Instant::now()));
    drop(guard);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| cond.acquire().wait_while_timeout(|n| *n < 4, SAFETY));
        for _ in 0..4 {
            *cond.acquire() += 1;
            cond.notify(1);
        }
        assert!(waiter.join().unwrap());
    });
}

#[test]
fn debug_get_mut_default() {
    let mut cond: Condition<u8> = Condition::default();
    *cond.get_mut() = 3;
    assert_eq!(
        format!("{cond:?}"),
        "Condition { lock: Lock { data: 3, .. }, waiters: 0 }"
    );
    let guard = cond.acquire();
    assert_eq!(format!("{guard:?}"), "3");
}

#[test]
fn wait_async_on_block_on() {
    let cond = Condition::new(false);
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            futures::executor::block_on(async {
                let mut guard = cond.acquire_async().await;
                while !*guard {
                    guard = guard.wait_async().await;
                }
            });
        });
        *cond.acquire() = true;
        cond.notify_all();
        waiter.join().unwrap();
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_async_on_tokio_with_threads_and_tasks_mixed() {
    const ITEMS: usize = 2_000;
    const CONSUMERS: usize = 4;
    // `None` tells a consumer to stop.
    let queue = Arc::new(Condition::new(VecDeque::<Option<usize>>::new()));
    let tasks: Vec<_> = (0..CONSUMERS / 2)
        .map(|_| {
            let queue = Arc::clone(&queue);
            tokio::spawn(async move {
                let mut sum = 0;
                let mut guard = queue.acquire_async().await;
                loop {
                    match guard.pop_front() {
                        Some(Some(item)) => sum += item,
                        Some(None) => return sum,
                        None => guard = guard.wait_async().await,
                    }
                }
            })
        })
        .collect();
    let threads: Vec<_> = (0..CONSUMERS / 2)
        .map(|_| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                let mut sum = 0;
                let mut guard = queue.acquire();
                loop {
                    guard.wait_while(|queue| queue.is_empty());
                    match guard.pop_front().unwrap() {
                        Some(item) => sum += item,
                        None => return sum,
                    }
                }
            })
        })
        .collect();
    for item in 1..=ITEMS {
        queue.acquire_async().await.push_back(Some(item));
        queue.notify(1);
    }
    for _ in 0..CONSUMERS {
        queue.acquire_async().await.push_back(None);
        queue.notify(1);
    }
    let mut total = 0;
    for task in tasks {
        total += task.await.unwrap();
    }
    for thread in threads {
        total += tokio::task::spawn_blocking(move || thread.join().unwrap())
            .await
            .unwrap();
    }
    assert_eq!(total, ITEMS * (ITEMS + 1) / 2);
}

#[derive(Default)]
struct Flag(AtomicBool);

impl ArcWake for Flag {
    fn wake_by_ref(flag: &Arc<Self>) {
        flag.0.store(true, Ordering::SeqCst);
    }
}

fn flag() -> (Arc<Flag>, Waker) {
    let flag = Arc::new(Flag::default());
    (Arc::clone(&flag), futures::task::waker(flag))
}

fn poll<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

#[test]
fn cancel_safety_a_dropped_notified_wait_passes_the_notification_on() {
    let cond = Condition::new(0);
    let (first_woken, first_waker) = flag();
    let (second_woken, second_waker) = flag();
    let mut first = cond.acquire().wait_async();
    assert!(poll(&mut first, &first_waker).is_pending()); // queued, lock released
    let mut second = cond.acquire().wait_async();
    assert!(poll(&mut second, &second_waker).is_pending());
    assert_eq!(cond.notify(1), 1);
    assert!(first_woken.load());
    drop(first); // notified but never to run
    assert!(second_woken.load(), "the notification was passed on");
    let Poll::Ready(mut guard) = poll(&mut second, &second_waker) else {
        panic!("the second waiter could not take the lock");
    };
    *guard += 1;
}

#[test]
fn cancel_safety_while_taking_the_lock_back() {
    let cond = Condition::new(0);
    let (_, first_waker) = flag();
    let (second_woken, second_waker) = flag();
    let mut first = cond.acquire().wait_async();
    assert!(poll(&mut first, &first_waker).is_pending());
    let mut second = cond.acquire().wait_async();
    assert!(poll(&mut second, &second_waker).is_pending());
    let held = cond.acquire();
    cond.notify(1);
    // Notified, now queued for the lock that `held` keeps.
    assert!(poll(&mut first, &first_waker).is_pending());
    drop(first);
    assert!(second_woken.load());
    drop(held);
    assert!(poll(&mut second, &second_waker).is_ready());
    assert!(cond.try_acquire().is_some());
}

#[test]
fn a_dropped_wait_that_was_never_notified_just_leaves() {
    let cond = Condition::new(());
    let (_, waker) = flag();
    let mut wait = cond.acquire().wait_async();
    assert!(poll(&mut wait, &waker).is_pending());
    drop(wait);
    assert_eq!(cond.notify_all(), 0);
    assert!(cond.try_acquire().is_some());
    // Dropped before its first poll, it releases the lock it still holds.
    drop(cond.acquire().wait_async());
    assert!(cond.try_acquire().is_some());
}

impl Flag {
    fn load(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
