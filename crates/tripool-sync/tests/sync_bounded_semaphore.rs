//! `BoundedSemaphore`: over-release errors, permits that never pass the
//! bound, and the same family of waits as `Semaphore`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use futures::task::noop_waker_ref;
use tripool_sync::{
    BoundedSemaphore, BoundedSemaphoreAcquire, BoundedSemaphoreAcquireOwned,
    BoundedSemaphorePermit, OverReleaseError, OwnedBoundedSemaphorePermit,
};

fn poll_once<F: std::future::Future + Unpin>(future: &mut F) -> Poll<F::Output> {
    future.poll_unpin(&mut Context::from_waker(noop_waker_ref()))
}

#[test]
fn auto_traits() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<BoundedSemaphore>();
    send_sync::<BoundedSemaphorePermit<'static>>();
    send_sync::<OwnedBoundedSemaphorePermit>();
    send_sync::<OverReleaseError>();
    send::<BoundedSemaphoreAcquire<'static>>();
    send::<BoundedSemaphoreAcquireOwned>();
}

#[test]
fn releasing_past_the_initial_value_is_an_error_that_changes_nothing() {
    let sem = BoundedSemaphore::new(2);
    let err = sem.release(1).unwrap_err();
    assert_eq!(
        (err.requested(), err.available(), err.max_permits()),
        (1, 2, 2)
    );
    assert_eq!(
        err.to_string(),
        "releasing 1 permits would exceed the initial value 2 (2 free)"
    );
    sem.acquire().forget();
    assert!(sem.release(2).is_err());
    assert_eq!(sem.available_permits(), 1);
    sem.release(1).unwrap();
    assert_eq!(sem.available_permits(), 2);
    assert!(sem.release(usize::MAX).is_err());
    sem.release(0).unwrap();
}

#[test]
fn release_n_within_the_bound_hands_permits_to_waiters() {
    let sem = BoundedSemaphore::new(2);
    sem.acquire().forget();
    sem.acquire().forget();
    let mut first = sem.acquire_async();
    let mut second = sem.acquire_async();
    assert!(poll_once(&mut first).is_pending());
    assert!(poll_once(&mut second).is_pending());
    sem.release(2).unwrap();
    let (Poll::Ready(a), Poll::Ready(b)) = (poll_once(&mut first), poll_once(&mut second)) else {
        panic!("release(2) did not serve both waiters");
    };
    assert_eq!(sem.available_permits(), 0);
    drop((a, b));
    assert_eq!(sem.available_permits(), 2);
}

#[test]
fn a_permit_dropped_after_an_explicit_release_stays_within_the_bound() {
    let sem = BoundedSemaphore::new(1);
    let permit = sem.acquire();
    sem.release(1).unwrap();
    drop(permit);
    assert_eq!(sem.available_permits(), 1);

    let sem = Arc::new(BoundedSemaphore::new(1));
    let permit = sem.acquire_owned();
    sem.release(1).unwrap();
    drop(permit);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_cancelled_granted_future_never_pushes_past_the_bound() {
    let sem = BoundedSemaphore::new(1);
    let permit = sem.acquire();
    let mut future = sem.acquire_async();
    assert!(poll_once(&mut future).is_pending());
    drop(permit); // handed to `future`
    sem.release(1).unwrap(); // a stray release refills the semaphore
    drop(future); // its permit has nowhere to go
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn a_cancelled_granted_future_passes_its_permit_on() {
    let sem = Arc::new(BoundedSemaphore::new(1));
    let permit = sem.acquire();
    let mut first = sem.acquire_owned_async();
    let mut second = sem.acquire_async();
    assert!(poll_once(&mut first).is_pending());
    assert!(poll_once(&mut second).is_pending());
    drop(permit);
    drop(first);
    let Poll::Ready(permit) = poll_once(&mut second) else {
        panic!("the dropped future did not pass its permit on");
    };
    drop(permit);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn default_has_one_permit() {
    let sem = BoundedSemaphore::default();
    assert_eq!((sem.available_permits(), sem.max_permits()), (1, 1));
}

#[test]
fn timeouts_and_deadlines() {
    let sem = BoundedSemaphore::new(1);
    let permit = sem.acquire_deadline(Instant::now()).unwrap();
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    assert!(sem.acquire_timeout(timeout).is_none());
    assert!(start.elapsed() >= timeout);
    drop(permit);
    assert!(sem.acquire_timeout(timeout).is_some());
}

#[test]
fn owned_family() {
    let sem = Arc::new(BoundedSemaphore::new(2));
    let a = sem.try_acquire_owned().unwrap();
    let b = sem.acquire_owned_deadline(Instant::now()).unwrap();
    assert!(
        sem.acquire_owned_timeout(Duration::from_millis(1))
            .is_none()
    );
    thread::spawn(move || drop((a, b))).join().unwrap();
    assert_eq!(sem.available_permits(), 2);
    let c = futures::executor::block_on(sem.acquire_owned_async());
    c.forget();
    assert_eq!(sem.available_permits(), 1);
    sem.release(1).unwrap();
}

#[test]
fn threads_never_exceed_the_bound() {
    const PERMITS: usize = 2;
    let sem = BoundedSemaphore::new(PERMITS);
    let inside = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..200 {
                    let _permit = sem.acquire();
                    assert!(inside.fetch_add(1, Ordering::SeqCst) < PERMITS);
                    inside.fetch_sub(1, Ordering::SeqCst);
                }
            });
        }
    });
    assert_eq!(sem.available_permits(), PERMITS);
    assert!(sem.release(1).is_err());
}

#[test]
fn tokio_tasks_share_a_bounded_semaphore() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let sem = Arc::new(BoundedSemaphore::new(1));
    let counter = Arc::new(AtomicUsize::new(0));
    runtime.block_on(async {
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (sem, counter) = (Arc::clone(&sem), Arc::clone(&counter));
                tokio::spawn(async move {
                    let _permit = sem.acquire_async().await;
                    counter.fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
    assert_eq!(counter.load(Ordering::SeqCst), 8);
    assert_eq!(sem.available_permits(), 1);
}

#[test]
fn debug_output() {
    let sem = BoundedSemaphore::new(3);
    let _permit = sem.acquire();
    assert_eq!(
        format!("{sem:?}"),
        "BoundedSemaphore { inner: Semaphore { permits: 2, waiters: 0 }, max_permits: 3 }"
    );
}
