//! The async forms: executors, mixing threads and tasks, cancel safety.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use futures::FutureExt;
use tripool_sync::{Queue, ShutDown, ShutDownError};

/// A waker that counts its wake-ups.
#[derive(Default)]
struct CountingWaker(AtomicUsize);

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn counting_waker() -> (Arc<CountingWaker>, Waker) {
    let counter = Arc::new(CountingWaker::default());
    (Arc::clone(&counter), Waker::from(counter))
}

fn poll_once<F: std::future::Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    future.poll_unpin(&mut Context::from_waker(waker))
}

#[test]
fn futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let queue = Queue::<u8>::new();
    send(&queue.get_async());
    send(&queue.put_async(1));
    send(&queue.join_async());
}

#[test]
fn threads_produce_tokio_tasks_consume() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let queue = Arc::new(Queue::with_maxsize(16));
    let producers: Vec<_> = (0..2u64)
        .map(|p| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                for n in 0..1000 {
                    queue.put(p * 1000 + n).unwrap();
                }
            })
        })
        .collect();
    let consumers: Vec<_> = (0..3)
        .map(|_| {
            let queue = Arc::clone(&queue);
            runtime.spawn(async move {
                let mut sum = 0u64;
                while let Ok(n) = queue.get_async().await {
                    sum += n;
                    queue.task_done().unwrap();
                }
                sum
            })
        })
        .collect();
    for producer in producers {
        producer.join().unwrap();
    }
    queue.join();
    queue.shutdown(false);
    let total: u64 = runtime.block_on(async {
        let mut total = 0;
        for consumer in consumers {
            total += consumer.await.unwrap();
        }
        total
    });
    assert_eq!(total, (0..2000).sum::<u64>());
}

#[test]
fn tokio_tasks_produce_threads_consume() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let queue = Arc::new(Queue::with_maxsize(4));
    let consumers: Vec<_> = (0..2)
        .map(|_| {
            let queue = Arc::clone(&queue);
            std::thread::spawn(move || {
                let mut count = 0;
                while queue.get().is_ok() {
                    count += 1;
                }
                count
            })
        })
        .collect();
    runtime.block_on(async {
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let queue = Arc::clone(&queue);
                tokio::spawn(async move {
                    for n in 0..250 {
                        queue.put_async(n).await.unwrap();
                    }
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
    });
    queue.shutdown(false);
    let count: usize = consumers.into_iter().map(|c| c.join().unwrap()).sum();
    assert_eq!(count, 1000);
}

#[test]
fn a_notified_getter_dropped_hands_the_wake_up_on() {
    let queue = Queue::new();
    let (first_count, first_waker) = counting_waker();
    let (second_count, second_waker) = counting_waker();
    let mut first = queue.get_async();
    let mut second = queue.get_async();
    assert!(poll_once(&mut first, &first_waker).is_pending());
    assert!(poll_once(&mut second, &second_waker).is_pending());

    queue.put(7).unwrap(); // wakes the first getter only
    assert_eq!(first_count.0.load(Ordering::SeqCst), 1);
    assert_eq!(second_count.0.load(Ordering::SeqCst), 0);

    drop(first); // cancelled after its notification: hands it on
    assert_eq!(second_count.0.load(Ordering::SeqCst), 1);
    assert_eq!(poll_once(&mut second, &second_waker), Poll::Ready(Ok(7)));
}

#[test]
fn a_dropped_getter_does_not_hand_on_a_wake_up_whose_item_is_gone() {
    let queue = Queue::new();
    let (_, waker) = counting_waker();
    let (second_count, second_waker) = counting_waker();
    let mut first = queue.get_async();
    let mut second = queue.get_async();
    assert!(poll_once(&mut first, &waker).is_pending());
    assert!(poll_once(&mut second, &second_waker).is_pending());
    queue.put(1).unwrap();
    assert_eq!(queue.try_get(), Ok(1)); // someone else took it first
    drop(first);
    assert_eq!(second_count.0.load(Ordering::SeqCst), 0);
    assert!(poll_once(&mut second, &second_waker).is_pending());
    queue.put(2).unwrap();
    assert_eq!(poll_once(&mut second, &second_waker), Poll::Ready(Ok(2)));
}

#[test]
fn a_waiting_getter_dropped_before_any_put_leaves_the_list() {
    let queue = Queue::new();
    let (count, waker) = counting_waker();
    let mut first = queue.get_async();
    assert!(poll_once(&mut first, &waker).is_pending());
    drop(first);
    let mut second = queue.get_async();
    assert!(poll_once(&mut second, &waker).is_pending());
    queue.put(3).unwrap();
    assert_eq!(count.0.load(Ordering::SeqCst), 1); // the live getter was woken
    assert_eq!(poll_once(&mut second, &waker), Poll::Ready(Ok(3)));
}

#[test]
fn a_getter_future_never_polled_takes_nothing() {
    let queue = Queue::new();
    queue.put(1).unwrap();
    drop(queue.get_async());
    assert_eq!(queue.try_get(), Ok(1));
}

#[test]
fn a_cancelled_put_never_inserts_its_value() {
    let queue = Queue::with_maxsize(1);
    queue.put(0).unwrap();
    let (count, waker) = counting_waker();
    let mut put = queue.put_async(1);
    assert!(poll_once(&mut put, &waker).is_pending());
    drop(put);
    assert_eq!(queue.qsize(), 1);
    assert_eq!(queue.get(), Ok(0));
    assert_eq!(count.0.load(Ordering::SeqCst), 0);
    assert!(queue.try_get().is_err()); // the dropped value was not put
}

#[test]
fn cancel_hands_the_value_back() {
    let queue = Queue::with_maxsize(1);
    queue.put(String::from("first")).unwrap();
    let (_, waker) = counting_waker();
    let mut put = queue.put_async(String::from("kept"));
    assert!(poll_once(&mut put, &waker).is_pending());
    queue.get().unwrap(); // makes room and notifies the future
    assert_eq!(put.cancel().as_deref(), Some("kept"));
    assert!(queue.empty());

    let mut done = queue.put_async(String::from("in"));
    assert_eq!(poll_once(&mut done, &waker), Poll::Ready(Ok(())));
    assert_eq!(done.cancel(), None); // already in the queue
    assert_eq!(queue.get().as_deref(), Ok("in"));
}

#[test]
fn a_notified_putter_dropped_hands_the_room_on() {
    let queue = Queue::with_maxsize(1);
    queue.put(0).unwrap();
    let (first_count, first_waker) = counting_waker();
    let (second_count, second_waker) = counting_waker();
    let mut first = queue.put_async(1);
    let mut second = queue.put_async(2);
    assert!(poll_once(&mut first, &first_waker).is_pending());
    assert!(poll_once(&mut second, &second_waker).is_pending());

    assert_eq!(queue.get(), Ok(0)); // room: wakes the first putter only
    assert_eq!(first_count.0.load(Ordering::SeqCst), 1);
    assert_eq!(second_count.0.load(Ordering::SeqCst), 0);
    drop(first);
    assert_eq!(second_count.0.load(Ordering::SeqCst), 1);
    assert_eq!(poll_once(&mut second, &second_waker), Poll::Ready(Ok(())));
    assert_eq!(queue.get(), Ok(2));
    assert!(queue.empty());
}

#[test]
#[should_panic(expected = "polled after completion")]
fn a_put_polled_after_completion_panics() {
    let queue = Queue::new();
    let (_, waker) = counting_waker();
    let mut put = queue.put_async(1);
    assert!(poll_once(&mut put, &waker).is_ready());
    let _ = poll_once(&mut put, &waker);
}

#[test]
fn a_repolled_waiter_uses_the_newest_waker() {
    let queue = Queue::new();
    let (old_count, old_waker) = counting_waker();
    let (new_count, new_waker) = counting_waker();
    let mut get = queue.get_async();
    assert!(poll_once(&mut get, &old_waker).is_pending());
    assert!(poll_once(&mut get, &new_waker).is_pending());
    queue.put(1).unwrap();
    assert_eq!(old_count.0.load(Ordering::SeqCst), 0);
    assert_eq!(new_count.0.load(Ordering::SeqCst), 1);
    assert_eq!(poll_once(&mut get, &new_waker), Poll::Ready(Ok(1)));
}

#[test]
fn tokio_select_timeouts_lose_no_item() {
    // A consumer that gives up waiting over and over, while a thread
    // produces: every item is still received exactly once.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let queue = Arc::new(Queue::new());
    let producer = {
        let queue = Arc::clone(&queue);
        std::thread::spawn(move || {
            for n in 0..500u32 {
                queue.put(n).unwrap();
            }
            queue.shutdown(false);
        })
    };
    let received = runtime.block_on(async {
        let mut received = Vec::new();
        loop {
            tokio::select! {
                item = queue.get_async() => match item {
                    Ok(n) => received.push(n),
                    Err(ShutDownError) => break,
                },
                () = tokio::time::sleep(Duration::from_micros(50)) => {}
            }
        }
        received
    });
    producer.join().unwrap();
    assert_eq!(received, (0..500).collect::<Vec<_>>());
}

#[test]
fn put_async_on_a_shut_down_queue_hands_the_value_back() {
    let queue = Queue::new();
    queue.shutdown(false);
    let error = futures::executor::block_on(queue.put_async(vec![1, 2])).unwrap_err();
    assert_eq!(error, ShutDown(vec![1, 2]));
}
