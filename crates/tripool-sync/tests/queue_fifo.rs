//! `Queue`: order, bounds, the non-blocking and timed forms, errors, auto traits.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tripool_sync::{
    Event, GetTimeoutError, LifoQueue, PriorityQueue, PutTimeoutError, Queue, QueueGet, QueueJoin,
    QueuePut, ShutDown, TryGetError, TryPutError,
};

/// Long enough to see that a blocked call stays blocked; elapsed time is the
/// subject of the checks that use it.
const BLOCKED: Duration = Duration::from_millis(30);
/// Safety net for waits that must end much sooner.
const SAFETY: Duration = Duration::from_secs(10);

#[test]
fn items_come_out_in_arrival_order() {
    let queue = Queue::new();
    for n in 0..100 {
        queue.put(n).unwrap();
    }
    assert_eq!(queue.qsize(), 100);
    let out: Vec<_> = (0..100).map(|_| queue.get().unwrap()).collect();
    assert_eq!(out, (0..100).collect::<Vec<_>>());
    assert!(queue.empty());
}

#[test]
fn maxsize_zero_is_unbounded() {
    let queue = Queue::with_maxsize(0);
    for n in 0..10_000 {
        queue.try_put(n).unwrap();
    }
    assert!(!queue.full());
    assert_eq!(queue.maxsize(), 0);
    assert_eq!(Queue::<u8>::new().maxsize(), 0);
    assert_eq!(Queue::<u8>::default().maxsize(), 0);
}

#[test]
fn try_forms_never_block_and_hand_the_value_back() {
    let queue = Queue::with_maxsize(2);
    assert_eq!(queue.try_get(), Err(TryGetError::Empty));
    queue.try_put("a").unwrap();
    queue.try_put("b").unwrap();
    assert!(queue.full());
    let error = queue.try_put("c").unwrap_err();
    assert!(error.is_full() && !error.is_shut_down());
    assert_eq!(error, TryPutError::Full("c"));
    assert_eq!(error.into_inner(), "c");
    assert_eq!(queue.try_get(), Ok("a"));
    assert!(!queue.full());
}

#[test]
fn a_bounded_put_blocks_until_a_get() {
    let queue = Queue::with_maxsize(1);
    queue.put(1).unwrap();
    let put_done = Event::new();
    std::thread::scope(|s| {
        s.spawn(|| {
            queue.put(2).unwrap();
            put_done.set();
        });
        assert!(!put_done.wait_timeout(BLOCKED), "put did not block");
        assert_eq!(queue.qsize(), 1);
        assert_eq!(queue.get(), Ok(1));
        assert!(put_done.wait_timeout(SAFETY), "put not woken by get");
    });
    assert_eq!(queue.get(), Ok(2));
}

#[test]
fn a_get_blocks_until_a_put() {
    let queue = Queue::new();
    let got = Event::new();
    std::thread::scope(|s| {
        let getter = s.spawn(|| {
            let item = queue.get();
            got.set();
            item
        });
        assert!(!got.wait_timeout(BLOCKED), "get did not block");
        queue.put("x").unwrap();
        assert_eq!(getter.join().unwrap(), Ok("x"));
    });
}

#[test]
fn put_timeout_waits_at_least_the_timeout() {
    let queue = Queue::with_maxsize(1);
    queue.put(0).unwrap();
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    let error = queue.put_timeout(1, timeout).unwrap_err();
    assert!(start.elapsed() >= timeout);
    assert!(error.is_timeout() && !error.is_shut_down());
    assert_eq!(error, PutTimeoutError::Timeout(1));
    assert_eq!(error.into_inner(), 1);
    assert_eq!(queue.qsize(), 1);
}

#[test]
fn get_timeout_waits_at_least_the_timeout() {
    let queue = Queue::<u8>::new();
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    assert_eq!(queue.get_timeout(timeout), Err(GetTimeoutError::Timeout));
    assert!(start.elapsed() >= timeout);
}

#[test]
fn deadlines_in_the_past_act_as_try() {
    let queue = Queue::with_maxsize(1);
    let past = Instant::now();
    assert_eq!(queue.get_deadline(past), Err(GetTimeoutError::Timeout));
    queue.put_deadline(1, past).unwrap();
    assert!(queue.put_deadline(2, past).unwrap_err().is_timeout());
    assert_eq!(queue.get_deadline(past), Ok(1));
    // A zero timeout behaves the same.
    assert_eq!(
        queue.get_timeout(Duration::ZERO),
        Err(GetTimeoutError::Timeout)
    );
}

#[test]
fn a_huge_timeout_means_no_limit() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    assert_eq!(queue.get_timeout(Duration::MAX), Ok(1));
    queue.put_timeout(2, Duration::MAX).unwrap();
    assert_eq!(queue.qsize(), 1);
}

#[test]
fn a_timed_get_is_woken_by_a_put() {
    let queue = Arc::new(Queue::new());
    let getter = {
        let queue = Arc::clone(&queue);
        std::thread::spawn(move || queue.get_timeout(SAFETY))
    };
    queue.put(9).unwrap();
    assert_eq!(getter.join().unwrap(), Ok(9));
}

#[test]
fn growing_maxsize_lets_a_blocked_putter_in() {
    let queue = Queue::with_maxsize(1);
    queue.put(1).unwrap();
    std::thread::scope(|s| {
        let putter = s.spawn(|| queue.put(2));
        queue.set_maxsize(2);
        putter.join().unwrap().unwrap();
    });
    assert_eq!(queue.qsize(), 2);
    queue.set_maxsize(0);
    assert!(!queue.full());
}

#[test]
fn shrinking_maxsize_keeps_the_items() {
    let queue = Queue::with_maxsize(3);
    for n in 0..3 {
        queue.put(n).unwrap();
    }
    queue.set_maxsize(1);
    assert_eq!(queue.qsize(), 3);
    assert!(queue.try_put(3).unwrap_err().is_full());
    queue.get().unwrap();
    queue.get().unwrap();
    assert!(queue.try_put(3).unwrap_err().is_full());
    queue.get().unwrap();
    queue.try_put(3).unwrap();
}

#[test]
fn errors_display_lowercase_without_period() {
    let messages = [
        ShutDown(1).to_string(),
        TryPutError::Full(1).to_string(),
        TryPutError::ShutDown(1).to_string(),
        PutTimeoutError::Timeout(1).to_string(),
        TryGetError::Empty.to_string(),
        GetTimeoutError::Timeout.to_string(),
        tripool_sync::ShutDownError.to_string(),
        tripool_sync::TaskDoneError.to_string(),
    ];
    for message in messages {
        assert!(!message.ends_with('.'), "{message}");
        assert_eq!(message, message.to_lowercase());
    }
    // Debug needs no `T: Debug`, so the errors work with `?` and anyhow.
    struct Opaque;
    assert_eq!(format!("{:?}", ShutDown(Opaque)), "ShutDown(..)");
    assert_eq!(format!("{:?}", TryPutError::Full(Opaque)), "Full(..)");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(ShutDown(Opaque));
    assert_eq!(boxed.to_string(), "queue is shut down");
}

#[test]
fn error_conversions() {
    assert_eq!(TryPutError::from(ShutDown(1)), TryPutError::ShutDown(1));
    assert_eq!(
        PutTimeoutError::from(ShutDown(1)),
        PutTimeoutError::ShutDown(1)
    );
    let shut = tripool_sync::ShutDownError;
    assert_eq!(TryGetError::from(shut), TryGetError::ShutDown);
    assert_eq!(GetTimeoutError::from(shut), GetTimeoutError::ShutDown);
}

#[test]
fn debug_shows_the_state_not_the_items() {
    struct Opaque;
    let queue = Queue::with_maxsize(4);
    queue.put(Opaque).unwrap();
    let text = format!("{queue:?}");
    assert!(text.starts_with("Queue {"), "{text}");
    assert!(
        text.contains("qsize: 1") && text.contains("maxsize: 4"),
        "{text}"
    );
}

#[test]
fn auto_traits() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    // A queue of `Send` items is `Send + Sync`, even if the items are not `Sync`.
    send_sync::<Queue<std::cell::Cell<u8>>>();
    send_sync::<LifoQueue<std::cell::Cell<u8>>>();
    send_sync::<PriorityQueue<u8>>();
    send::<QueuePut<'static, std::cell::Cell<u8>>>();
    send::<QueueGet<'static, std::cell::Cell<u8>>>();
    send_sync::<QueueJoin<'static>>();
    send_sync::<ShutDown<u8>>();
    send_sync::<TryPutError<u8>>();
    send_sync::<PutTimeoutError<u8>>();
}

#[test]
fn many_blocked_getters_each_get_one_item() {
    let queue = Queue::new();
    std::thread::scope(|s| {
        let getters: Vec<_> = (0..4).map(|_| s.spawn(|| queue.get().unwrap())).collect();
        for n in 0..4 {
            queue.put(n).unwrap();
        }
        let mut got: Vec<_> = getters.into_iter().map(|g| g.join().unwrap()).collect();
        got.sort_unstable();
        assert_eq!(got, [0, 1, 2, 3]);
    });
}
