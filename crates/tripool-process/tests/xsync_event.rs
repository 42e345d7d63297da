//! The cross-process `Event` through two independent mappings.

use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use tripool_process::Event;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn auto_traits() {
    assert_send_sync::<Event>();
}

#[test]
fn set_wakes_every_waiter_of_both_mappings() {
    let here = Event::new().unwrap();
    let there = Event::from_fd(here.as_fd().try_clone_to_owned().unwrap()).unwrap();
    std::thread::scope(|s| {
        let waiters: Vec<_> = [&here, &there, &here, &there]
            .into_iter()
            .map(|event| s.spawn(move || event.wait_timeout(Duration::from_secs(10))))
            .collect();
        there.set();
        for waiter in waiters {
            assert!(waiter.join().unwrap());
        }
    });
    assert!(here.is_set());
}

#[test]
fn clear_and_timeouts() {
    let here = Event::new().unwrap();
    let there = here.try_clone().unwrap();
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    assert!(!there.wait_timeout(timeout));
    assert!(start.elapsed() >= timeout);
    assert!(!there.wait_deadline(Instant::now()));
    here.set();
    assert!(there.wait_timeout(timeout));
    there.wait();
    here.clear();
    assert!(!there.is_set());
    assert!(!there.wait_timeout(Duration::from_millis(1)));
}

#[test]
fn ping_pong_between_mappings() {
    let ping = Event::new().unwrap();
    let pong = Event::new().unwrap();
    let (ping2, pong2) = (ping.try_clone().unwrap(), pong.try_clone().unwrap());
    std::thread::scope(|s| {
        s.spawn(move || {
            for _ in 0..200 {
                assert!(ping2.wait_timeout(Duration::from_secs(10)));
                ping2.clear();
                pong2.set();
            }
        });
        for _ in 0..200 {
            ping.set();
            assert!(pong.wait_timeout(Duration::from_secs(10)));
            pong.clear();
        }
    });
}
