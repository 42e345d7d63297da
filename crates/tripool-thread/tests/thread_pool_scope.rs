//! `ThreadPool::scope`: tasks borrowing the caller's stack.

use std::num::NonZeroUsize;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tripool_sync::Event;
use tripool_thread::ThreadPool;

fn pool(workers: usize) -> ThreadPool {
    ThreadPool::builder()
        .workers(NonZeroUsize::new(workers).unwrap())
        .thread_name("scoped")
        .build()
        .unwrap()
}

#[test]
fn tasks_mutate_borrowed_chunks() {
    let pool = pool(3);
    let mut data: Vec<u32> = (0..100).collect();
    pool.scope(|s| {
        for chunk in data.chunks_mut(7) {
            drop(s.submit(move || chunk.iter_mut().for_each(|x| *x *= 2)));
        }
    });
    assert_eq!(data, (0..100).map(|x| x * 2).collect::<Vec<_>>());
}

#[test]
fn every_task_is_joined_before_scope_returns() {
    let pool = pool(2);
    let done = AtomicUsize::new(0);
    let value = pool.scope(|s| {
        for _ in 0..64 {
            drop(s.submit(|| done.fetch_add(1, Ordering::SeqCst)));
        }
        "scope value"
    });
    assert_eq!(value, "scope value");
    assert_eq!(done.load(Ordering::SeqCst), 64);
}

#[test]
fn results_come_back_through_handles() {
    let pool = pool(2);
    let words = ["alpha", "beta", "gamma"];
    let lens: Vec<usize> = pool.scope(|s| {
        let handles: Vec<_> = words.iter().map(|w| s.submit(move || w.len())).collect();
        handles.into_iter().map(|h| h.result().unwrap()).collect()
    });
    assert_eq!(lens, [5, 4, 5]);
}

#[test]
fn a_panicking_task_fails_its_handle_only() {
    let pool = pool(2);
    let outcome = pool.scope(|s| {
        let bad = s.submit(|| -> u8 { panic!("scoped boom") });
        let good = s.submit(|| 1u8);
        (bad.result(), good.result())
    });
    assert_eq!(outcome.0.unwrap_err().panic_message(), Some("scoped boom"));
    assert_eq!(outcome.1, Ok(1));
}

#[test]
fn a_panic_in_the_closure_propagates_after_the_tasks_finish() {
    let pool = pool(2);
    let task_ran = AtomicBool::new(false);
    let caught = catch_unwind(AssertUnwindSafe(|| {
        pool.scope(|s| {
            drop(s.submit(|| task_ran.store(true, Ordering::SeqCst)));
            panic!("closure boom");
        })
    }));
    assert!(caught.is_err());
    assert!(task_ran.load(Ordering::SeqCst));
}

#[test]
fn tasks_waiting_for_each_other_do_not_starve() {
    let pool = pool(2);
    let first_done = Event::new();
    pool.scope(|s| {
        let waiter = s.submit(|| first_done.wait());
        let setter = s.submit(|| first_done.set());
        setter.result().unwrap();
        waiter.result().unwrap();
    });
}

#[test]
fn helpers_are_named_after_the_pool() {
    let pool = pool(1);
    let name = pool.scope(|s| {
        s.submit(|| std::thread::current().name().map(str::to_owned))
            .result()
            .unwrap()
    });
    assert_eq!(name.as_deref(), Some("scoped-scope-0"));
}
