//! `as_completed`: completion order, timeouts, async iteration.

use std::collections::HashSet;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use tripool_sync::Event;
use tripool_task::{
    Completer, TaskHandle, as_completed, as_completed_deadline, as_completed_timeout, new_task,
};

const LONG: Duration = Duration::from_secs(10);

fn tasks(n: usize) -> (Vec<Completer<usize>>, Vec<TaskHandle<usize>>) {
    (0..n).map(|_| new_task()).unzip()
}

#[test]
fn yields_in_completion_order() {
    let (completers, handles) = tasks(4);
    let mut completers: Vec<_> = completers.into_iter().map(Some).collect();
    let mut order = as_completed(handles);
    assert_eq!(order.len(), 4);
    for index in [2, 0, 3, 1] {
        completers[index].take().unwrap().complete(Ok(index));
        assert_eq!(order.next().unwrap().result(), Ok(index));
    }
    assert_eq!(order.len(), 0);
    assert!(order.next().is_none());
    assert!(order.next().is_none());
}

#[test]
fn done_handles_come_first_in_input_order() {
    let (completers, handles) = tasks(4);
    let mut completers: Vec<_> = completers.into_iter().map(Some).collect();
    completers[3].take().unwrap().complete(Ok(3));
    completers[1].take().unwrap().complete(Ok(1));
    let mut order = as_completed(handles);
    assert_eq!(order.next().unwrap().result(), Ok(1));
    assert_eq!(order.next().unwrap().result(), Ok(3));
    completers[0].take().unwrap().complete(Ok(0));
    assert_eq!(order.next().unwrap().result(), Ok(0));
    drop(completers); // abandons task 2
    assert!(order.next().unwrap().result().is_err());
}

#[test]
fn empty_input_yields_nothing() {
    assert!(as_completed(Vec::<TaskHandle<u8>>::new()).next().is_none());
    let mut timed = as_completed_timeout(Vec::<TaskHandle<u8>>::new(), Duration::ZERO);
    assert!(timed.next().is_none());
}

#[test]
fn blocks_until_another_thread_completes() {
    let (completer, handle) = new_task();
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            completer.complete(Ok(11));
        });
        let mut order = as_completed([handle]);
        go.set();
        assert_eq!(order.next().unwrap().result(), Ok(11));
    });
}

#[test]
fn many_tasks_completed_by_many_threads_come_out_once_each() {
    const TASKS: usize = 400;
    let (completers, handles) = tasks(TASKS);
    let order = as_completed(handles);
    thread::scope(|s| {
        let mut chunks: Vec<Vec<Completer<usize>>> = (0..4).map(|_| Vec::new()).collect();
        for (index, completer) in completers.into_iter().enumerate() {
            chunks[index % 4].push(completer);
        }
        for (chunk_index, chunk) in chunks.into_iter().enumerate() {
            s.spawn(move || {
                for (i, completer) in chunk.into_iter().enumerate() {
                    completer.complete(Ok(i * 4 + chunk_index));
                }
            });
        }
        let seen: HashSet<usize> = order.map(|handle| handle.result().unwrap()).collect();
        assert_eq!(seen, (0..TASKS).collect());
    });
}

#[test]
fn timeout_hands_back_the_pending_handles() {
    let (mut completers, handles) = tasks(3);
    completers.remove(1).complete(Ok(1));
    let timeout = Duration::from_millis(20);
    let start = Instant::now();
    let mut order = as_completed_timeout(handles, timeout);
    assert_eq!(order.next().unwrap().unwrap().result(), Ok(1));
    let error = order.next().unwrap().unwrap_err();
    assert!(start.elapsed() >= timeout);
    assert_eq!(error.pending().len(), 2);
    assert_eq!(error.to_string(), "timed out with 2 task(s) not done");
    assert!(order.next().is_none());
    // The handles still work, in input order.
    let pending = error.into_pending();
    for (completer, value) in completers.into_iter().zip([0, 2]) {
        completer.complete(Ok(value));
    }
    let values: Vec<_> = pending.into_iter().map(|h| h.result().unwrap()).collect();
    assert_eq!(values, [0, 2]);
}

#[test]
fn deadline_form_completes_in_time() {
    let (completer, handle) = new_task();
    let go = Event::new();
    thread::scope(|s| {
        s.spawn(|| {
            go.wait();
            completer.complete(Ok(6));
        });
        let mut order = as_completed_deadline([handle], Instant::now() + LONG);
        go.set();
        assert_eq!(order.next().unwrap().unwrap().result(), Ok(6));
        assert!(order.next().is_none());
    });
}

#[test]
fn into_pending_keeps_unyielded_handles_in_input_order() {
    let (completers, handles) = tasks(3);
    let mut completers = completers.into_iter();
    let first = completers.next().unwrap();
    let mut order = as_completed(handles);
    first.complete(Ok(0));
    assert_eq!(order.next().unwrap().result(), Ok(0));
    let pending = order.into_pending();
    for (completer, value) in completers.zip([1, 2]) {
        completer.complete(Ok(value));
    }
    let values: Vec<_> = pending.into_iter().map(|h| h.result().unwrap()).collect();
    assert_eq!(values, [1, 2]);
}

#[test]
fn dropping_the_iterator_leaves_tasks_running() {
    let (completer, handle) = new_task();
    drop(as_completed([handle]));
    assert!(!completer.is_cancelled());
    assert!(completer.run(|| 1));
}

#[test]
fn next_async_on_tokio() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let (completers, handles) = tasks(5);
    let (tx, rx) = mpsc::channel::<()>();
    let completing = thread::spawn(move || {
        for (index, completer) in completers.into_iter().enumerate().rev() {
            rx.recv().unwrap();
            completer.complete(Ok(index));
        }
    });
    let order = runtime.block_on(async move {
        let mut order = as_completed(handles);
        let mut seen = Vec::new();
        tx.send(()).unwrap();
        while let Some(handle) = order.next_async().await {
            seen.push(handle.await.unwrap());
            let _ = tx.send(());
        }
        seen
    });
    assert_eq!(order, [4, 3, 2, 1, 0]);
    completing.join().unwrap();
}

#[test]
fn next_async_with_block_on() {
    let (completer, handle) = new_task();
    let mut order = as_completed([handle]);
    let worker = thread::spawn(move || completer.complete(Ok(2)));
    let next = futures::executor::block_on(order.next_async()).unwrap();
    assert_eq!(next.result(), Ok(2));
    assert!(futures::executor::block_on(order.next_async()).is_none());
    worker.join().unwrap();
}

#[test]
fn dropped_next_async_loses_nothing() {
    let (completer, handle) = new_task();
    let mut order = as_completed([handle]);
    assert!(order.next_async().now_or_never().is_none());
    assert_eq!(order.len(), 1);
    completer.complete(Ok(7));
    assert_eq!(order.next().unwrap().result(), Ok(7));
}

#[test]
fn await_yielded_handle_under_a_runtime_timeout() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let (completer, handle) = new_task::<u8>();
    let mut order = as_completed([handle]);
    runtime.block_on(async {
        let timed_out = tokio::time::timeout(Duration::from_millis(5), order.next_async()).await;
        assert!(timed_out.is_err());
    });
    completer.complete(Ok(1));
    assert_eq!(order.next().unwrap().result(), Ok(1));
}
