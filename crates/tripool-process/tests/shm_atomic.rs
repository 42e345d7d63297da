//! `AtomicValue<T>` through two independent mappings of one memory file.

use std::os::fd::AsFd;
use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed};

use tripool_process::{AtomicValue, OpenError, Value};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn auto_traits() {
    assert_send_sync::<AtomicValue<u64>>();
    assert_send_sync::<AtomicValue<isize>>();
}

#[test]
fn fetch_add_is_exact_across_two_mappings() {
    const PER_THREAD: u64 = 20_000;
    let here = AtomicValue::new(0u64).unwrap();
    let there = AtomicValue::<u64>::from_fd(here.as_fd().try_clone_to_owned().unwrap()).unwrap();
    std::thread::scope(|s| {
        for value in [&here, &there, &here, &there] {
            s.spawn(move || {
                for _ in 0..PER_THREAD {
                    value.fetch_add(1, Relaxed);
                }
            });
        }
    });
    assert_eq!(here.load(Acquire), 4 * PER_THREAD);
}

#[test]
fn compare_exchange_loops_stay_exact() {
    // A multiply-add no single atomic instruction does: a CAS loop.
    let here = AtomicValue::new(1i64).unwrap();
    let there = here.try_clone().unwrap();
    std::thread::scope(|s| {
        for value in [&here, &there] {
            s.spawn(move || {
                for _ in 0..1_000 {
                    let mut seen = value.load(Relaxed);
                    while let Err(now) = value.compare_exchange(seen, seen + 2, AcqRel, Relaxed) {
                        seen = now;
                    }
                }
            });
        }
    });
    assert_eq!(here.load(Acquire), 1 + 2 * 2 * 1_000);
}

#[test]
fn the_other_operations() {
    let v = AtomicValue::new(10i32).unwrap();
    assert_eq!(v.swap(3, AcqRel), 10);
    assert_eq!(v.fetch_sub(5, AcqRel), 3);
    assert_eq!(v.fetch_max(7, AcqRel), -2);
    assert_eq!(v.fetch_min(-9, AcqRel), 7);
    v.store(i32::MAX, Relaxed);
    assert_eq!(v.fetch_add(1, Relaxed), i32::MAX);
    assert_eq!(v.load(Relaxed), i32::MIN);
    assert_eq!(format!("{v:?}"), format!("AtomicValue({})", i32::MIN));
}

#[test]
fn a_value_fd_is_not_an_atomic_value() {
    let value = Value::new(0u64).unwrap();
    let fd = value.as_fd().try_clone_to_owned().unwrap();
    assert!(matches!(
        AtomicValue::<u64>::from_fd(fd),
        Err(OpenError::Mismatch)
    ));
    let atomic = AtomicValue::new(0u32).unwrap();
    let fd = atomic.as_fd().try_clone_to_owned().unwrap();
    assert!(matches!(
        AtomicValue::<u64>::from_fd(fd),
        Err(OpenError::Mismatch)
    ));
}
