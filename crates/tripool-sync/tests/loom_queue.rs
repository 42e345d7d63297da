//! Loom models of the queues: run with
//! `RUSTFLAGS="--cfg tripool_loom" LOOM_MAX_PREEMPTIONS=2 cargo test -p tripool-sync
//! --release --target-dir target/loom --test loom_queue`.
#![cfg(tripool_loom)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Waker};

use loom::sync::Arc;
use loom::thread;
use tripool_sync::{Queue, ShutDown, ShutDownError};

#[test]
fn one_slot_put_waits_for_get() {
    // The second put finds the slot full; the get must wake it.
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                queue.put(1).unwrap();
                queue.put(2).unwrap();
            })
        };
        assert_eq!(queue.get(), Ok(1));
        assert_eq!(queue.get(), Ok(2));
        producer.join().unwrap();
    });
}

#[test]
fn get_waits_for_put() {
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        let consumer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.get())
        };
        queue.put(7).unwrap();
        assert_eq!(consumer.join().unwrap(), Ok(7));
    });
}

#[test]
fn shutdown_wakes_a_blocked_getter() {
    loom::model(|| {
        let queue = Arc::new(Queue::<u8>::new());
        let consumer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.get())
        };
        queue.shutdown(false);
        assert_eq!(consumer.join().unwrap(), Err(ShutDownError));
    });
}

#[test]
fn shutdown_wakes_a_blocked_putter() {
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        queue.put(1).unwrap();
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.put(2))
        };
        assert_eq!(queue.shutdown(true), [1]);
        assert_eq!(producer.join().unwrap(), Err(ShutDown(2)));
    });
}

#[test]
fn join_is_woken_by_the_last_task_done() {
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        queue.put(()).unwrap();
        let worker = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                queue.get().unwrap();
                queue.task_done().unwrap();
            })
        };
        queue.join();
        worker.join().unwrap();
    });
}

#[test]
fn a_cancelled_notified_async_getter_hands_the_wake_up_on() {
    // `first` waits before anyone else; the put notifies it; it is then
    // dropped without taking the item. The other getter must still get it.
    // (Checked: without the hand-on in `cancel_get` loom finds a deadlock.)
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        let mut first = Box::pin(queue.get_async());
        let mut cx = Context::from_waker(Waker::noop());
        assert!(first.as_mut().poll(&mut cx).is_pending());
        let other = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || loom::future::block_on(queue.get_async()))
        };
        queue.put(5).unwrap();
        drop(first);
        assert_eq!(other.join().unwrap(), Ok(5));
    });
}

#[test]
fn a_cancelled_notified_async_putter_hands_the_room_on() {
    // As above, for the room a get makes in a full queue.
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        queue.put(0).unwrap();
        let other = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || loom::future::block_on(queue.put_async(2)))
        };
        {
            let mut first = pin!(queue.put_async(1));
            let mut cx = Context::from_waker(Waker::noop());
            // The queue is full until the get below.
            assert!(first.as_mut().poll(&mut cx).is_pending());
            assert_eq!(queue.get(), Ok(0));
        } // `first` dropped, perhaps after being notified
        other.join().unwrap().unwrap();
        assert_eq!(queue.get(), Ok(2));
    });
}

#[test]
fn two_putters_one_slot_one_getter() {
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        let putters: Vec<_> = (1..=2)
            .map(|n| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.put(n).unwrap())
            })
            .collect();
        let mut got = [queue.get().unwrap(), queue.get().unwrap()];
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
        for putter in putters {
            putter.join().unwrap();
        }
    });
}

#[test]
fn immediate_shutdown_racing_a_get_delivers_the_item_exactly_once() {
    // Either the getter gets the item or the shutdown hands it back.
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        queue.put(1).unwrap();
        let getter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.get().ok())
        };
        let drained = queue.shutdown(true);
        let got = getter.join().unwrap();
        match got {
            Some(item) => assert!(item == 1 && drained.is_empty()),
            None => assert_eq!(drained, [1]),
        }
        // Either way the item counts as finished only once it is done.
        assert_eq!(queue.unfinished_tasks(), usize::from(got.is_some()));
    });
}

#[test]
fn plain_shutdown_racing_a_put_and_a_get_loses_nothing() {
    // The put either lands before the shutdown (and the getter receives the
    // item) or fails and hands the value back.
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        let putter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.put(1))
        };
        let getter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.get().ok())
        };
        queue.shutdown(false);
        let put = putter.join().unwrap();
        let got = getter.join().unwrap();
        let left = queue.try_get().ok();
        match put {
            Ok(()) => assert_eq!(got.or(left), Some(1)),
            Err(ShutDown(value)) => assert!(value == 1 && got.is_none() && left.is_none()),
        }
    });
}

// ----- the lock-free data path of `Queue` (its wait protocol) --------------

#[test]
fn immediate_shutdown_racing_a_put_loses_nothing() {
    // The put is admitted before the shutdown (and then drained) or refused.
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        let putter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.put(1))
        };
        let drained = queue.shutdown(true);
        match putter.join().unwrap() {
            Ok(()) => assert_eq!(drained, [1]),
            Err(ShutDown(value)) => assert!(value == 1 && drained.is_empty()),
        }
        assert_eq!(queue.qsize(), 0);
        assert_eq!(queue.unfinished_tasks(), 0);
        assert_eq!(queue.try_get(), Err(tripool_sync::TryGetError::ShutDown));
    });
}

#[test]
fn two_putters_wake_two_blocked_getters() {
    // Each put must wake a getter that registered, or be seen by its second
    // look: no getter may sleep while an item waits. (A getter that sees an
    // admitted put whose item is not stored yet backs off in a loop: with
    // two such getters the model needs more branches than loom's default,
    // and one preemption keeps it to seconds.)
    let mut builder = loom::model::Builder::new();
    builder.max_branches = 100_000;
    builder.preemption_bound = Some(1);
    builder.check(|| {
        let queue = Arc::new(Queue::new());
        let getters: Vec<_> = (0..2)
            .map(|_| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || queue.get().unwrap())
            })
            .collect();
        queue.put(1).unwrap();
        queue.put(2).unwrap();
        let mut got: Vec<_> = getters.into_iter().map(|g| g.join().unwrap()).collect();
        got.sort_unstable();
        assert_eq!(got, [1, 2]);
    });
}

#[test]
fn an_async_getter_registering_races_a_put() {
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        let getter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || loom::future::block_on(queue.get_async()))
        };
        queue.put(3).unwrap();
        assert_eq!(getter.join().unwrap(), Ok(3));
    });
}

#[test]
fn an_async_putter_of_a_full_queue_races_a_get() {
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        queue.put(1).unwrap();
        let putter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || loom::future::block_on(queue.put_async(2)))
        };
        assert_eq!(queue.get(), Ok(1));
        putter.join().unwrap().unwrap();
        assert_eq!(queue.get(), Ok(2));
    });
}

#[test]
fn a_join_races_a_put_and_the_last_task_done() {
    // The join returns only once both items are done.
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        queue.put(1).unwrap();
        let worker = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                queue.put(2).unwrap();
                for _ in 0..2 {
                    queue.get().unwrap();
                    queue.task_done().unwrap();
                }
            })
        };
        queue.join();
        assert_eq!(queue.unfinished_tasks(), 0);
        worker.join().unwrap();
    });
}

#[test]
fn a_plain_shutdown_racing_a_put_lets_a_getter_drain_it() {
    // A put admitted before the shutdown may still be storing its item: a
    // getter must wait for it rather than report the queue shut down.
    loom::model(|| {
        let queue = Arc::new(Queue::new());
        let putter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.put(1).is_ok())
        };
        queue.shutdown(false);
        let got = queue.get().ok();
        let put = putter.join().unwrap();
        assert_eq!(got.is_some(), put);
        assert_eq!(queue.get(), Err(ShutDownError));
    });
}

#[test]
fn growing_maxsize_lets_a_waiting_putter_in() {
    loom::model(|| {
        let queue = Arc::new(Queue::with_maxsize(1));
        queue.put(1).unwrap();
        let putter = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.put(2))
        };
        queue.set_maxsize(2);
        putter.join().unwrap().unwrap();
        assert_eq!(queue.qsize(), 2);
        assert_eq!([queue.get(), queue.get()], [Ok(1), Ok(2)]);
    });
}
