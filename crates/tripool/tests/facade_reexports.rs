//! The facade's paths are the ones users write: each re-export resolves and
//! works through `tripool::…`.

use std::num::NonZeroUsize;
use std::time::Duration;

use tripool::sync::{
    Barrier, BoundedSemaphore, Condition, Event, LifoQueue, Lock, PriorityQueue, Queue, RLock,
    Semaphore,
};
use tripool::task::{ReturnWhen, TaskError, as_completed, new_task, wait};
use tripool::thread::{Thread, ThreadPool, Timer, current_thread, join_non_daemon};

#[test]
fn sync_primitives_are_reachable_through_the_facade() {
    let lock = Lock::new(1);
    *lock.acquire() += 1;
    assert_eq!(*lock.acquire(), 2);

    let rlock = RLock::new(());
    let outer = rlock.acquire();
    let inner = rlock.acquire();
    drop((inner, outer));

    let condition = Condition::new(false);
    assert!(!condition.acquire().wait_timeout(Duration::from_millis(1)));

    let semaphore = Semaphore::new(1);
    drop(semaphore.acquire());
    let bounded = BoundedSemaphore::new(1);
    assert!(bounded.release(1).is_err());

    let event = Event::new();
    event.set();
    assert!(event.wait_timeout(Duration::ZERO));

    let barrier = Barrier::new(NonZeroUsize::MIN);
    assert!(barrier.wait().unwrap().is_leader());

    let fifo = Queue::new();
    let lifo = LifoQueue::new();
    let priority = PriorityQueue::new();
    for value in [2, 1, 3] {
        fifo.put(value).unwrap();
        lifo.put(value).unwrap();
        priority.put(value).unwrap();
    }
    assert_eq!(fifo.get().unwrap(), 2);
    assert_eq!(lifo.get().unwrap(), 3);
    assert_eq!(priority.get().unwrap(), 1);
}

#[test]
fn task_and_thread_items_are_reachable_through_the_facade() {
    let (completer, handle) = new_task::<u8>();
    completer.complete(Err(TaskError::PoolShutDown));
    assert_eq!(handle.result(), Err(TaskError::PoolShutDown));

    let pool = ThreadPool::new();
    let handles: Vec<_> = (0..4).map(|i| pool.submit(move || i * 2)).collect();
    let mut doubled: Vec<_> = as_completed(handles)
        .map(|handle| handle.result().unwrap())
        .collect();
    doubled.sort_unstable();
    assert_eq!(doubled, [0, 2, 4, 6]);

    let waited = wait(vec![pool.submit(|| 1)], None, ReturnWhen::AllCompleted);
    assert_eq!(waited.done.len(), 1);

    let named = Thread::builder()
        .name("facade")
        .spawn(|| current_thread().name().map(str::to_owned))
        .unwrap();
    assert_eq!(named.join().unwrap().as_deref(), Some("facade"));

    let timer = Timer::start(Duration::ZERO, || 7);
    assert_eq!(timer.join().unwrap(), 7);
    join_non_daemon();
}
