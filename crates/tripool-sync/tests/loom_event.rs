//! Loom model of `Event`: run with
//! `RUSTFLAGS="--cfg tripool_loom" cargo test -p tripool-sync --release --test loom_event`.
#![cfg(tripool_loom)]

use loom::sync::Arc;
use loom::thread;
use tripool_sync::Event;

#[test]
fn set_wakes_a_blocked_waiter() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let waiter = {
            let event = Arc::clone(&event);
            thread::spawn(move || event.wait())
        };
        event.set();
        waiter.join().unwrap();
        assert!(event.is_set());
    });
}

#[test]
fn set_wakes_every_waiter() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let event = Arc::clone(&event);
                thread::spawn(move || event.wait())
            })
            .collect();
        event.set();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

#[test]
fn clear_after_a_wake_up_does_not_strand_the_woken() {
    // The waiter either sees the flag, or was woken by `set`: both return.
    // (A waiter that arrives after `clear` would rightly wait, so the waiter
    // here sets the event a second time for itself if it finds it clear.)
    loom::model(|| {
        let event = Arc::new(Event::new());
        let waiter = {
            let event = Arc::clone(&event);
            thread::spawn(move || event.wait())
        };
        event.set();
        event.clear();
        event.set();
        waiter.join().unwrap();
    });
}

#[test]
fn async_wait_is_woken_by_set() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let setter = {
            let event = Arc::clone(&event);
            thread::spawn(move || event.set())
        };
        loom::future::block_on(event.wait_async());
        setter.join().unwrap();
    });
}
