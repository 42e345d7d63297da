//! The cross-process `Lock` through two independent mappings of one memory
//! file, and with holders that are real processes which die.

use std::io::Read;
use std::os::fd::AsFd;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tripool_process::Lock;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn auto_traits() {
    assert_send_sync::<Lock>();
    assert_send_sync::<tripool_process::LockGuard<'static>>();
}

#[test]
fn mutual_exclusion_through_two_mappings() {
    const PER_THREAD: u64 = 5_000;
    let here = Lock::new().unwrap();
    let there = Lock::from_fd(here.as_fd().try_clone_to_owned().unwrap()).unwrap();
    let inside = AtomicU32::new(0);
    let total = AtomicU64::new(0);
    std::thread::scope(|s| {
        for lock in [&here, &there, &here, &there] {
            let (inside, total) = (&inside, &total);
            s.spawn(move || {
                for _ in 0..PER_THREAD {
                    let guard = lock.acquire();
                    assert_eq!(inside.fetch_add(1, Ordering::Relaxed), 0);
                    // A non-atomic read-modify-write made of two steps.
                    let seen = total.load(Ordering::Relaxed);
                    total.store(seen + 1, Ordering::Relaxed);
                    inside.fetch_sub(1, Ordering::Relaxed);
                    assert!(!guard.owner_died());
                }
            });
        }
    });
    assert_eq!(total.load(Ordering::Relaxed), 4 * PER_THREAD);
    assert!(!here.locked());
}

#[test]
fn timeouts_and_try() {
    let here = Lock::new().unwrap();
    let there = here.try_clone().unwrap();
    let held = here.acquire();
    assert!(there.locked());
    assert!(there.try_acquire().is_none());
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(there.acquire_timeout(timeout).is_none());
    assert!(start.elapsed() >= timeout);
    assert!(there.acquire_deadline(Instant::now()).is_none());
    drop(held);
    assert!(there.acquire_timeout(timeout).is_some());
    assert!(there.acquire_timeout(Duration::MAX).is_some());
}

#[test]
fn a_release_wakes_a_sleeping_waiter_in_the_other_mapping() {
    let here = Lock::new().unwrap();
    let there = here.try_clone().unwrap();
    let held = here.acquire();
    std::thread::scope(|s| {
        let waiter = s.spawn(|| there.acquire_timeout(Duration::from_secs(10)).is_some());
        drop(held);
        assert!(waiter.join().unwrap());
    });
}

/// A real process that stays alive until its stdin closes: the helper
/// that plays a holder which then dies.
fn holder() -> Child {
    Command::new("cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cat runs")
}

/// Ends `child` and reaps it: its pid no longer names a process.
fn end(mut child: Child) {
    drop(child.stdin.take());
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_dead_owner_hands_over_with_owner_died() {
    let here = Lock::new().unwrap();
    let there = here.try_clone().unwrap();
    let child = holder();
    assert!(here.hold_as_for_tests(child.id(), None));
    // Alive: nobody may take it.
    assert!(there.try_acquire().is_none());
    end(child);

    let mut guard = there
        .acquire_timeout(Duration::from_millis(100))
        .expect("the dead owner's lock is taken within 100 ms");
    assert!(guard.owner_died());
    drop(guard);

    // The mark stays until a holder declares the data consistent.
    guard = here.acquire();
    assert!(guard.owner_died());
    guard.mark_consistent();
    drop(guard);
    assert!(!there.acquire().owner_died());
}

#[test]
fn a_sleeping_waiter_takes_over_when_the_owner_dies() {
    let here = Lock::new().unwrap();
    let there = here.try_clone().unwrap();
    let child = holder();
    assert!(here.hold_as_for_tests(child.id(), None));
    std::thread::scope(|s| {
        let waiter = s.spawn(|| {
            there
                .acquire_timeout(Duration::from_secs(10))
                .map(|guard| guard.owner_died())
        });
        end(child);
        assert_eq!(waiter.join().unwrap(), Some(true));
    });
}

#[test]
fn a_reused_pid_is_not_the_owner() {
    let lock = Lock::new().unwrap();
    let child = holder();
    // The pid runs, but it started at another time than the recorded owner.
    assert!(lock.hold_as_for_tests(child.id(), Some(u32::MAX)));
    let guard = lock.try_acquire().expect("a reused pid is a dead owner");
    assert!(guard.owner_died());
    drop(guard);
    end(child);
}
