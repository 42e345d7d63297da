//! `LifoQueue` and `PriorityQueue`: their orders, and that they share
//! everything else with `Queue`.

use std::cmp::Reverse;

use tripool_sync::{LifoQueue, PriorityQueue, TryGetError};

#[test]
fn lifo_returns_the_newest_first() {
    let stack = LifoQueue::new();
    for n in 0..10 {
        stack.put(n).unwrap();
    }
    let out: Vec<_> = (0..10).map(|_| stack.get().unwrap()).collect();
    assert_eq!(out, (0..10).rev().collect::<Vec<_>>());
    assert_eq!(stack.try_get(), Err(TryGetError::Empty));
}

#[test]
fn lifo_interleaved() {
    let stack = LifoQueue::new();
    stack.put(1).unwrap();
    stack.put(2).unwrap();
    assert_eq!(stack.get(), Ok(2));
    stack.put(3).unwrap();
    assert_eq!(stack.get(), Ok(3));
    assert_eq!(stack.get(), Ok(1));
}

#[test]
fn priority_returns_the_smallest_first() {
    let queue = PriorityQueue::new();
    for n in [5, 1, 4, 1, 3, 9, 2, 6] {
        queue.put(n).unwrap();
    }
    let out: Vec<_> = (0..8).map(|_| queue.get().unwrap()).collect();
    assert_eq!(out, [1, 1, 2, 3, 4, 5, 6, 9]);
}

#[test]
fn reverse_gives_the_greatest_first() {
    let queue = PriorityQueue::new();
    for n in [2, 7, 1] {
        queue.put(Reverse(n)).unwrap();
    }
    assert_eq!(queue.get(), Ok(Reverse(7)));
    assert_eq!(queue.get(), Ok(Reverse(2)));
    assert_eq!(queue.get(), Ok(Reverse(1)));
}

#[test]
fn a_sequence_number_keeps_equal_priorities_in_arrival_order() {
    // The heap itself is not stable (as in Python): the documented recipe is
    // a (priority, sequence) key.
    let queue = PriorityQueue::new();
    for (seq, (priority, name)) in [(1, "a"), (0, "b"), (1, "c"), (0, "d"), (1, "e")]
        .into_iter()
        .enumerate()
    {
        queue.put((priority, seq, name)).unwrap();
    }
    let names: Vec<_> = (0..5).map(|_| queue.get().unwrap().2).collect();
    assert_eq!(names, ["b", "d", "a", "c", "e"]);
}

#[test]
fn bounded_flavors_block_and_refuse_like_queue() {
    let stack = LifoQueue::with_maxsize(1);
    stack.put(1).unwrap();
    assert!(stack.try_put(2).unwrap_err().is_full());
    let heap = PriorityQueue::with_maxsize(1);
    heap.put(1).unwrap();
    assert!(heap.try_put(0).unwrap_err().is_full());
    std::thread::scope(|s| {
        let putter = s.spawn(|| heap.put(0));
        assert_eq!(heap.get(), Ok(1));
        putter.join().unwrap().unwrap();
    });
    assert_eq!(heap.get(), Ok(0));
}

#[test]
fn immediate_shutdown_returns_items_in_get_order() {
    let stack = LifoQueue::new();
    let heap = PriorityQueue::new();
    for n in [3, 1, 2] {
        stack.put(n).unwrap();
        heap.put(n).unwrap();
    }
    assert_eq!(stack.shutdown(true), [2, 1, 3]);
    assert_eq!(heap.shutdown(true), [1, 2, 3]);
}

#[test]
fn task_done_and_join_work_on_every_flavor() {
    let stack = LifoQueue::new();
    let heap = PriorityQueue::new();
    stack.put('s').unwrap();
    heap.put('h').unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            stack.get().unwrap();
            stack.task_done().unwrap();
            heap.get().unwrap();
            heap.task_done().unwrap();
        });
        stack.join();
        heap.join();
    });
    assert!(stack.task_done().is_err());
    assert!(heap.task_done().is_err());
}

#[test]
fn async_forms_work_on_every_flavor() {
    let stack = LifoQueue::new();
    let heap = PriorityQueue::new();
    futures::executor::block_on(async {
        stack.put_async(1).await.unwrap();
        stack.put_async(2).await.unwrap();
        heap.put_async(2).await.unwrap();
        heap.put_async(1).await.unwrap();
        assert_eq!(stack.get_async().await, Ok(2));
        assert_eq!(heap.get_async().await, Ok(1));
    });
}

#[test]
fn debug_names_the_flavor() {
    assert!(format!("{:?}", LifoQueue::<u8>::new()).starts_with("LifoQueue {"));
    assert!(format!("{:?}", PriorityQueue::<u8>::new()).starts_with("PriorityQueue {"));
}
