//! `shutdown` in every state of the queue (Python 3.13 semantics).

use std::time::Duration;

use futures::FutureExt;
use tripool_sync::{
    GetTimeoutError, PutTimeoutError, Queue, ShutDown, ShutDownError, TaskDoneError, TryGetError,
    TryPutError,
};

const SAFETY: Duration = Duration::from_secs(10);

#[test]
fn empty_queue_refuses_puts_and_gets() {
    let queue = Queue::new();
    assert!(!queue.is_shut_down());
    assert!(queue.shutdown(false).is_empty());
    assert!(queue.is_shut_down());
    assert_eq!(queue.put(1), Err(ShutDown(1)));
    assert_eq!(queue.try_put(2), Err(TryPutError::ShutDown(2)));
    assert_eq!(
        queue.put_timeout(3, SAFETY),
        Err(PutTimeoutError::ShutDown(3))
    );
    assert_eq!(queue.get(), Err(ShutDownError));
    assert_eq!(queue.try_get(), Err(TryGetError::ShutDown));
    assert_eq!(queue.get_timeout(SAFETY), Err(GetTimeoutError::ShutDown));
    futures::executor::block_on(async {
        assert_eq!(queue.put_async(4).await, Err(ShutDown(4)));
        assert_eq!(queue.get_async().await, Err(ShutDownError));
    });
}

#[test]
fn plain_shutdown_lets_gets_drain_the_queue() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    queue.put(2).unwrap();
    assert!(queue.shutdown(false).is_empty());
    assert_eq!(queue.get(), Ok(1));
    assert_eq!(queue.try_get(), Ok(2));
    assert_eq!(queue.get(), Err(ShutDownError));
    // The items taken still need their task_done for join.
    assert_eq!(queue.unfinished_tasks(), 2);
    queue.task_done().unwrap();
    queue.task_done().unwrap();
    queue.join();
}

#[test]
fn immediate_shutdown_hands_back_the_items_and_counts_them_done() {
    let queue = Queue::new();
    for n in 0..3 {
        queue.put(n).unwrap();
    }
    assert_eq!(queue.get(), Ok(0)); // taken, task_done pending
    assert_eq!(queue.shutdown(true), [1, 2]);
    assert!(queue.empty());
    assert_eq!(queue.get(), Err(ShutDownError));
    assert_eq!(queue.unfinished_tasks(), 1);
    assert!(!queue.join_timeout(Duration::ZERO));
    queue.task_done().unwrap();
    queue.join();
    assert_eq!(queue.task_done(), Err(TaskDoneError));
}

#[test]
fn shutdown_twice_then_immediate_drains_the_rest() {
    let queue = Queue::new();
    queue.put('a').unwrap();
    assert!(queue.shutdown(false).is_empty());
    assert!(queue.shutdown(false).is_empty());
    assert_eq!(queue.shutdown(true), ['a']);
    assert!(queue.shutdown(true).is_empty());
}

#[test]
fn blocked_getters_wake_with_the_error() {
    let queue = Queue::<u8>::new();
    std::thread::scope(|s| {
        let getters: Vec<_> = (0..3).map(|_| s.spawn(|| queue.get())).collect();
        let timed = s.spawn(|| queue.get_timeout(SAFETY));
        queue.shutdown(false);
        for getter in getters {
            assert_eq!(getter.join().unwrap(), Err(ShutDownError));
        }
        assert_eq!(timed.join().unwrap(), Err(GetTimeoutError::ShutDown));
    });
}

#[test]
fn blocked_putters_of_a_full_queue_get_their_values_back() {
    for immediate in [false, true] {
        let queue = Queue::with_maxsize(1);
        queue.put(0).unwrap();
        std::thread::scope(|s| {
            let queue = &queue;
            let putters: Vec<_> = (1..=3)
                .map(|n| s.spawn(move || (n, queue.put(n))))
                .collect();
            let timed = s.spawn(|| queue.put_timeout(9, SAFETY));
            let drained = queue.shutdown(immediate);
            assert_eq!(drained, if immediate { vec![0] } else { vec![] });
            for putter in putters {
                let (n, result) = putter.join().unwrap();
                assert_eq!(result, Err(ShutDown(n)));
            }
            assert_eq!(timed.join().unwrap(), Err(PutTimeoutError::ShutDown(9)));
        });
        assert_eq!(queue.qsize(), usize::from(!immediate));
    }
}

#[test]
fn registered_async_waiters_wake_with_the_error() {
    // The futures are polled once, so they are certainly waiting.
    let empty = Queue::<u8>::new();
    let mut get = empty.get_async();
    assert!((&mut get).now_or_never().is_none());
    let full = Queue::with_maxsize(1);
    full.put(0).unwrap();
    let mut put = full.put_async(1);
    assert!((&mut put).now_or_never().is_none());

    empty.shutdown(false);
    assert_eq!(full.shutdown(true), [0]);
    assert_eq!(get.now_or_never(), Some(Err(ShutDownError)));
    assert_eq!(put.now_or_never(), Some(Err(ShutDown(1))));
}

#[test]
fn immediate_shutdown_releases_a_blocked_join() {
    let queue = Queue::new();
    queue.put("pending").unwrap();
    std::thread::scope(|s| {
        let joiner = s.spawn(|| queue.join_timeout(SAFETY));
        assert_eq!(queue.shutdown(true), ["pending"]);
        assert!(joiner.join().unwrap());
    });
}

#[test]
fn async_join_is_released_by_immediate_shutdown() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    let mut join = queue.join_async();
    assert!((&mut join).now_or_never().is_none());
    assert_eq!(queue.shutdown(true), [1]);
    assert_eq!(join.now_or_never(), Some(()));
}

#[test]
fn plain_shutdown_does_not_release_join_while_items_wait() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    queue.shutdown(false);
    assert!(!queue.join_timeout(Duration::from_millis(5)));
    assert_eq!(queue.get(), Ok(1));
    queue.task_done().unwrap();
    queue.join();
}

#[test]
fn shutdown_while_consumers_drain_loses_nothing() {
    // Plain shutdown under way: every item put before it is still delivered.
    let queue = Queue::with_maxsize(8);
    let total: u64 = std::thread::scope(|s| {
        let consumers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    let mut sum = 0u64;
                    while let Ok(n) = queue.get() {
                        sum += n;
                    }
                    sum
                })
            })
            .collect();
        for n in 1..=1000 {
            queue.put(n).unwrap();
        }
        queue.shutdown(false);
        consumers.into_iter().map(|c| c.join().unwrap()).sum()
    });
    assert_eq!(total, 500_500);
}
