//! Shared objects passed to worker processes as ordinary task arguments
//! (their memory file travels by `SCM_RIGHTS`), and workers that die
//! holding a shared lock.

use std::sync::atomic::Ordering;
use std::time::Duration;

use tripool_macros::task;
use tripool_process::{Array, AtomicValue, Event, Lock, Process, Value};

const ROUNDS: u64 = 2_000;

#[task]
fn count_under_lock(value: Value<u64>, rounds: u64) {
    for _ in 0..rounds {
        *value.lock() += 1;
    }
}

#[task]
fn count_atomically(value: AtomicValue<u64>, rounds: u64) {
    for _ in 0..rounds {
        value.fetch_add(1, Ordering::Relaxed);
    }
}

#[task]
fn fill(array: Array<u32>, value: u32) -> usize {
    array.lock().fill(value);
    array.len()
}

#[task]
fn die_holding(lock: Lock, started: Event) {
    std::mem::forget(lock.acquire());
    started.set();
    std::process::exit(7);
}

#[test]
fn a_worker_and_the_parent_count_exactly_under_a_shared_value() {
    let value = Value::new(0u64).unwrap();
    let worker =
        Process::spawn(count_under_lock::Task, (value.try_clone().unwrap(), ROUNDS)).unwrap();
    for _ in 0..ROUNDS {
        *value.lock() += 1;
    }
    worker.join().unwrap();
    assert_eq!(value.get(), 2 * ROUNDS);
}

#[test]
fn workers_count_exactly_with_atomic_ops() {
    let value = AtomicValue::new(0u64).unwrap();
    let workers: Vec<_> = (0..2)
        .map(|_| {
            Process::spawn(count_atomically::Task, (value.try_clone().unwrap(), ROUNDS)).unwrap()
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(value.load(Ordering::Acquire), 2 * ROUNDS);
}

#[test]
fn a_worker_writes_a_shared_array() {
    let array = Array::new(5, 0u32).unwrap();
    let worker = Process::spawn(fill::Task, (array.try_clone().unwrap(), 9)).unwrap();
    assert_eq!(worker.join().unwrap(), 5);
    assert_eq!(array.to_vec(), [9; 5]);
}

#[test]
fn a_worker_that_dies_holding_the_lock_hands_it_over_with_owner_died() {
    let lock = Lock::new().unwrap();
    let started = Event::new().unwrap();
    let worker = Process::spawn(
        die_holding::Task,
        (lock.try_clone().unwrap(), started.try_clone().unwrap()),
    )
    .unwrap();
    assert!(
        started.wait_timeout(Duration::from_secs(10)),
        "the worker ran"
    );
    assert!(worker.join().is_err(), "the worker exited without a result");
    let mut guard = lock
        .acquire_timeout(Duration::from_millis(100))
        .expect("the dead worker's lock is taken within 100 ms");
    assert!(guard.owner_died());
    guard.mark_consistent();
}
