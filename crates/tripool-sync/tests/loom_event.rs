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
fn set_wakes_every_waiter_and_clear_does_not_lose_them() {
    loom::model(|| {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let event = Arc::clone(&event);
                thread::spawn(move || event.wait())
            })
            .collect();
        event.set();
        event.clear();
        for waiter in waiters {
            waiter.join().unwrap();
        }
        assert!(!event.is_set());
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
