//! `Semaphore`: Python semantics, FIFO hand-off, timeouts, async forms,
//! cancel safety, owned permits and the kitchen with n keys.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use futures::task::noop_waker_ref;
use tripool_sync::{
    Barrier, OwnedSemaphorePermit, Semaphore, SemaphoreAcquire, SemaphoreAcquireOwned,
    SemaphorePermit,
};

/// Safety net for waits that should end at once; never reached when green.
const PATIENCE: Duration = Duration::from_secs(10);

fn poll_once<F: std::future::Future + Unpin>(future: &mut F) -> Poll<F::Output> {
    future.poll_unpin(&mut Context::from_waker(noop_waker_ref()))
}

/// Spins (yielding) until `n` acquirers are queued, as the `Debug` output
/// reports: how the tests know a thread is blocked without sleeping.
fn wait_for_waiters(sem: &Semaphore, n: usize) {
    let wanted = format!("waiters: {n} ");
    let start = Instant::now();
    while !format!("{sem:?}").contains(&wanted) {
        assert!(start.elapsed() < PATIENCE, "never saw {n} waiters: {sem:?}");
        thread::yield_now();
    }
}

#[test]
fn auto_traits() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Semaphore>();
    send_sync::<SemaphorePermit<'static>>();
    send_sync::<OwnedSemaphorePermit>();
    send::<SemaphoreAcquire<'static>>();
    send::<SemaphoreAcquireOwned>();
    fn is_static<T: 'static>() {}
    is_static::<OwnedSemaphorePermit>();
    is_static::<SemaphoreAcquireOwned>();
}

#[test]
fn permits_count_down_and_back_up() {
    let sem = Semaphore::new(2);
    let a = sem.try_acquire().unwrap();
    let b = sem.acquire();
    assert_eq!(sem.available_permits(), 0);
    assert!(sem.try_acquire().is_none());
    drop(a);
    assert_eq!(sem.available_permits(), 1);
    drop(b);
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn default_has_one_permit_like_python() {
    let sem = Semaphore::default();
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn release_without_acquire_grows_the_count() {
    let sem = Semaphore::new(1);
    sem.release(1);
    let _a = sem.acquire();
    let _b = sem.acquire();
    assert_eq!(sem.available_permits(), 0);
}

#[test]
fn release_zero_does_nothing_and_the_count_saturates() {
    let sem = Semaphore::new(0);
    sem.release(0);
    assert_eq!(sem.available_permits(), 0);
    let full = Semaphore::new(usize::MAX - 1);
    full.release(5);
    assert_eq!(full.available_permits(), usize::MAX);
}

#[test]
fn forget_keeps_the_permit_taken() {
    let sem = Semaphore::new(3);
    sem.acquire().forget();
    sem.try_acquire().unwrap().forget();
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_blocked_acquire_returns_after_release() {
    let sem = Semaphore::new(0);
    thread::scope(|s| {
        let waiter = s.spawn(|| sem.acquire().forget());
        wait_for_waiters(&sem, 1);
        sem.release(1);
        waiter.join().unwrap();
    });
    assert_eq!(sem.available_permits(), 0);
}

#[test]
fn release_n_wakes_exactly_n_waiters() {
    let sem = Semaphore::new(0);
    let (done, finished) = mpsc::channel();
    thread::scope(|s| {
        for i in 0..3 {
            let done = done.clone();
            let sem = &sem;
            s.spawn(move || {
                sem.acquire().forget();
                done.send(i).unwrap();
            });
        }
        wait_for_waiters(&sem, 3);
        sem.release(2);
        finished.recv_timeout(PATIENCE).unwrap();
        finished.recv_timeout(PATIENCE).unwrap();
        // The third stays queued: the two permits were handed over.
        wait_for_waiters(&sem, 1);
        assert_eq!(sem.available_permits(), 0);
        sem.release(1);
        finished.recv_timeout(PATIENCE).unwrap();
    });
}

#[test]
fn waiters_are_served_in_arrival_order() {
    let sem = Semaphore::new(0);
    let (order, served) = mpsc::channel();
    thread::scope(|s| {
        for i in 0..4 {
            let order = order.clone();
            let sem = &sem;
            s.spawn(move || {
                let _permit = sem.acquire();
                order.send(i).unwrap();
            });
            wait_for_waiters(sem, i + 1);
        }
        for expected in 0..4 {
            sem.release(1);
            assert_eq!(served.recv_timeout(PATIENCE).unwrap(), expected);
            // The permit came back when the served thread ended; hold it
            // again so that the next release serves the next waiter.
            let taken = Instant::now();
            loop {
                if let Some(permit) = sem.try_acquire() {
                    permit.forget();
                    break;
                }
                assert!(taken.elapsed() < PATIENCE);
                thread::yield_now();
            }
        }
    });
}

#[test]
fn try_acquire_cannot_barge_past_a_waiter() {
    let sem = Semaphore::new(0);
    thread::scope(|s| {
        let waiter = s.spawn(|| sem.acquire().forget());
        wait_for_waiters(&sem, 1);
        sem.release(1);
        // The permit went to the queued thread, not to this caller.
        assert!(sem.try_acquire().is_none());
        waiter.join().unwrap();
    });
}

#[test]
fn acquire_timeout_gives_up_after_the_timeout() {
    let sem = Semaphore::new(0);
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(sem.acquire_timeout(timeout).is_none());
    assert!(start.elapsed() >= timeout);
    // It left the queue: a later release is not swallowed.
    wait_for_waiters(&sem, 0);
    sem.release(1);
    assert_eq!(sem.available_permits(), 1);
    assert!(sem.acquire_timeout(timeout).is_some());
}

#[test]
fn acquire_deadline_in_the_past_still_takes_a_free_permit() {
    let sem = Semaphore::new(1);
    let past = Instant::now();
    let permit = sem.acquire_deadline(past).unwrap();
    assert!(sem.acquire_deadline(past).is_none());
    drop(permit);
}

#[test]
fn acquire_timeout_is_woken_by_release() {
    let sem = Semaphore::new(0);
    thread::scope(|s| {
        let waiter = s.spawn(|| sem.acquire_timeout(PATIENCE).map(SemaphorePermit::forget));
        wait_for_waiters(&sem, 1);
        sem.release(1);
        assert!(waiter.join().unwrap().is_some());
    });
}

#[test]
fn acquire_async_on_block_on() {
    let sem = Semaphore::new(1);
    let permit = futures::executor::block_on(sem.acquire_async());
    let mut second = sem.acquire_async();
    assert!(poll_once(&mut second).is_pending());
    drop(permit);
    let Poll::Ready(permit) = poll_once(&mut second) else {
        panic!("the released permit was not handed to the queued future");
    };
    drop(permit);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_thread_wakes_a_task_and_a_task_wakes_a_thread() {
    let sem = Arc::new(Semaphore::new(0));
    let task = {
        let sem = Arc::clone(&sem);
        thread::spawn(move || futures::executor::block_on(sem.acquire_async()).forget())
    };
    wait_for_waiters(&sem, 1);
    sem.release(1);
    task.join().unwrap();

    let thread = {
        let sem = Arc::clone(&sem);
        thread::spawn(move || sem.acquire().forget())
    };
    wait_for_waiters(&sem, 1);
    futures::executor::block_on(async { sem.release(1) });
    thread.join().unwrap();
}

#[test]
fn dropping_a_queued_future_leaves_the_queue() {
    let sem = Semaphore::new(0);
    let mut future = sem.acquire_async();
    assert!(poll_once(&mut future).is_pending());
    wait_for_waiters(&sem, 1);
    drop(future);
    wait_for_waiters(&sem, 0);
    sem.release(1);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_granted_future_dropped_unpolled_frees_its_permit() {
    let sem = Semaphore::new(0);
    let mut future = sem.acquire_async();
    assert!(poll_once(&mut future).is_pending());
    sem.release(1); // handed to the future
    assert_eq!(sem.available_permits(), 0);
    drop(future);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_granted_future_dropped_unpolled_passes_its_permit_on() {
    let sem = Semaphore::new(0);
    let mut first = sem.acquire_async();
    let mut second = sem.acquire_async();
    assert!(poll_once(&mut first).is_pending());
    assert!(poll_once(&mut second).is_pending());
    sem.release(1); // handed to `first`
    drop(first);
    let Poll::Ready(permit) = poll_once(&mut second) else {
        panic!("the dropped future did not pass its permit on");
    };
    assert_eq!(sem.available_permits(), 0);
    drop(permit);
}

#[test]
fn a_granted_future_dropped_passes_its_permit_to_a_thread() {
    let sem = Semaphore::new(0);
    let mut future = sem.acquire_async();
    assert!(poll_once(&mut future).is_pending());
    thread::scope(|s| {
        let waiter = s.spawn(|| sem.acquire().forget());
        wait_for_waiters(&sem, 2);
        sem.release(1);
        drop(future);
        waiter.join().unwrap();
    });
}

#[test]
#[should_panic(expected = "polled after completion")]
fn polling_after_completion_panics() {
    let sem = Semaphore::new(2);
    let mut future = sem.acquire_async();
    assert!(poll_once(&mut future).is_ready());
    let _ = poll_once(&mut future);
}

#[test]
fn owned_permits_move_to_other_threads() {
    let sem = Arc::new(Semaphore::new(2));
    let a = sem.acquire_owned();
    let b = sem.try_acquire_owned().unwrap();
    assert!(sem.try_acquire_owned().is_none());
    assert!(
        sem.acquire_owned_timeout(Duration::from_millis(1))
            .is_none()
    );
    assert!(sem.acquire_owned_deadline(Instant::now()).is_none());
    thread::spawn(move || drop((a, b))).join().unwrap();
    assert_eq!(sem.available_permits(), 2);
    sem.acquire_owned().forget();
    assert_eq!(sem.available_permits(), 1);
    assert_eq!(Arc::strong_count(&sem), 1);
}

#[test]
fn owned_futures_spawn_on_tokio() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sem = Arc::new(Semaphore::new(0));
    let tasks: Vec<_> = (0..4)
        .map(|_| runtime.spawn(sem.acquire_owned_async()))
        .collect();
    wait_for_waiters(&sem, 4);
    sem.release(4);
    runtime.block_on(async {
        for task in tasks {
            task.await.unwrap().forget();
        }
    });
    assert_eq!(sem.available_permits(), 0);
    let mut dropped = sem.acquire_owned_async();
    assert!(poll_once(&mut dropped).is_pending());
    sem.release(1);
    drop(dropped);
    assert_eq!(sem.available_permits(), 1);
}

/// The seed's kitchen with `n` keys: never more than `n` cooks inside, and
/// (the barrier of `n` inside proves it) `n` at once.
#[test]
fn kitchen_with_n_keys_threads() {
    const KEYS: usize = 3;
    const COOKS: usize = 12; // a multiple of KEYS, so every batch fills the barrier
    let keys = Semaphore::new(KEYS);
    let all_keys_used = Barrier::try_new(KEYS).unwrap();
    let inside = AtomicUsize::new(0);
    let most = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..COOKS {
            s.spawn(|| {
                let _key = keys.acquire();
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                all_keys_used.wait_timeout(PATIENCE).unwrap();
                inside.fetch_sub(1, Ordering::SeqCst);
            });
        }
    });
    assert_eq!(most.load(Ordering::SeqCst), KEYS);
    assert_eq!(keys.available_permits(), KEYS);
}

#[test]
fn kitchen_with_n_keys_tokio_tasks() {
    const KEYS: usize = 2;
    const COOKS: usize = 10;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let keys = Arc::new(Semaphore::new(KEYS));
    let all_keys_used = Arc::new(Barrier::try_new(KEYS).unwrap());
    let inside = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    runtime.block_on(async {
        let cooks: Vec<_> = (0..COOKS)
            .map(|_| {
                let (keys, all_keys_used) = (Arc::clone(&keys), Arc::clone(&all_keys_used));
                let (inside, most) = (Arc::clone(&inside), Arc::clone(&most));
                tokio::spawn(async move {
                    let _key = keys.acquire_owned_async().await;
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    all_keys_used.wait_async().await.unwrap();
                    inside.fetch_sub(1, Ordering::SeqCst);
                })
            })
            .collect();
        for cook in cooks {
            tokio::time::timeout(PATIENCE, cook).await.unwrap().unwrap();
        }
    });
    assert_eq!(most.load(Ordering::SeqCst), KEYS);
    assert_eq!(keys.available_permits(), KEYS);
}

#[test]
fn many_threads_and_tasks_never_exceed_the_permits() {
    const PERMITS: usize = 3;
    let sem = Arc::new(Semaphore::new(PERMITS));
    let inside = Arc::new(AtomicUsize::new(0));
    let enter = |inside: &AtomicUsize| {
        assert!(inside.fetch_add(1, Ordering::SeqCst) < PERMITS);
        thread::yield_now();
        inside.fetch_sub(1, Ordering::SeqCst);
    };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let (sem, inside) = (Arc::clone(&sem), Arc::clone(&inside));
            thread::spawn(move || {
                for _ in 0..200 {
                    let _permit = sem.acquire();
                    enter(&inside);
                }
            })
        })
        .collect();
    futures::executor::block_on(async {
        for _ in 0..200 {
            let _permit = sem.acquire_async().await;
            enter(&inside);
        }
    });
    for thread in threads {
        thread.join().unwrap();
    }
    assert_eq!(sem.available_permits(), PERMITS);
}

#[test]
fn debug_shows_permits_and_waiters() {
    let sem = Semaphore::new(2);
    assert_eq!(format!("{sem:?}"), "Semaphore { permits: 2, waiters: 0 }");
    let permit = sem.acquire();
    assert!(format!("{permit:?}").starts_with("SemaphorePermit"));
}

#[test]
fn cancellations_under_load_lose_no_permit() {
    const PERMITS: usize = 2;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let sem = Arc::new(Semaphore::new(PERMITS));
    let (acquired, cancelled) = runtime.block_on(async {
        let tasks: Vec<_> = (0..16)
            .map(|i| {
                let sem = Arc::clone(&sem);
                tokio::spawn(async move {
                    let (mut acquired, mut cancelled) = (0, 0);
                    for round in 0..50 {
                        // Some waits are cut short while others hold permits:
                        // a granted-but-cancelled future must pass its permit on.
                        let limit = Duration::from_micros(((i + round) % 7) as u64 * 50);
                        match tokio::time::timeout(limit, sem.acquire_async()).await {
                            Ok(_permit) => {
                                acquired += 1;
                                tokio::task::yield_now().await;
                            }
                            Err(_) => cancelled += 1,
                        }
                    }
                    (acquired, cancelled)
                })
            })
            .collect();
        let (mut acquired, mut cancelled) = (0, 0);
        for task in tasks {
            let (a, c) = tokio::time::timeout(PATIENCE, task).await.unwrap().unwrap();
            acquired += a;
            cancelled += c;
        }
        (acquired, cancelled)
    });
    assert_eq!(acquired + cancelled, 16 * 50);
    assert!(acquired > 0);
    assert_eq!(sem.available_permits(), PERMITS);
    wait_for_waiters(&sem, 0);
}
