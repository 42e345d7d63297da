//! Loom models of `Condition`: run with
//! `RUSTFLAGS="--cfg tripool_loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p tripool-sync --release --target-dir target/loom --test loom_condition`.
//!
//! Each model waits on a predicate, so a notification that arrives before
//! the wait is fine; a lost one shows up as a deadlock.
#![cfg(tripool_loom)]

use std::future::Future;
use std::pin::Pin;
use std::task::Context;

use loom::sync::Arc;
use loom::thread;
use tripool_sync::Condition;

fn set_and_notify(cond: &Condition<bool>) {
    *cond.acquire() = true;
    cond.notify(1);
}

#[test]
fn a_notification_is_not_lost() {
    loom::model(|| {
        let cond = Arc::new(Condition::new(false));
        let notifier = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || set_and_notify(&cond))
        };
        cond.acquire().wait_while(|ready| !*ready);
        notifier.join().unwrap();
    });
}

#[test]
fn a_notification_is_not_lost_by_an_async_waiter() {
    loom::model(|| {
        let cond = Arc::new(Condition::new(false));
        let notifier = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || set_and_notify(&cond))
        };
        loom::future::block_on(async {
            let mut ready = cond.acquire_async().await;
            while !*ready {
                ready = ready.wait_async().await;
            }
        });
        notifier.join().unwrap();
    });
}

#[test]
fn notify_all_wakes_both_waiters() {
    loom::model(|| {
        let cond = Arc::new(Condition::new(false));
        let waiter = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || cond.acquire().wait_while(|ready| !*ready))
        };
        let notifier = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || {
                *cond.acquire() = true;
                cond.notify_all();
            })
        };
        cond.acquire().wait_while(|ready| !*ready);
        waiter.join().unwrap();
        notifier.join().unwrap();
    });
}

#[test]
fn a_cancelled_notified_async_wait_passes_the_notification_on() {
    loom::model(|| {
        let cond = Arc::new(Condition::new(false));
        // Queued first (and the lock released), so `notify(1)` picks it.
        let waker = futures::task::noop_waker();
        let mut first = cond.acquire().wait_async();
        assert!(
            Pin::new(&mut first)
                .poll(&mut Context::from_waker(&waker))
                .is_pending()
        );
        let second = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || cond.acquire().wait_while(|ready| !*ready))
        };
        let notifier = {
            let cond = Arc::clone(&cond);
            thread::spawn(move || set_and_notify(&cond))
        };
        drop(first);
        // Loom reports a deadlock if `second` missed the only notification.
        second.join().unwrap();
        notifier.join().unwrap();
    });
}
