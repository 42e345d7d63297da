//! `Pipe` within one process: threads, timeouts, disconnection, bad
//! values, large messages, async receives and auto traits.

use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Barrier;
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tripool_process::pipe::{RecvError, RecvTimeoutError, SendError, TryRecvError};
use tripool_process::{Pipe, Sender};

const SAFETY: Duration = Duration::from_secs(10);

#[test]
fn round_trip_across_threads() {
    let (tx, rx) = Pipe::<(u32, String)>::new().unwrap();
    let sender = thread::spawn(move || {
        for i in 0..100 {
            tx.send(&(i, format!("#{i}"))).unwrap();
        }
    });
    for i in 0..100 {
        assert_eq!(rx.recv().unwrap(), (i, format!("#{i}")));
    }
    sender.join().unwrap();
    assert!(rx.recv().unwrap_err().is_disconnected());
}

#[test]
fn concurrent_receivers_get_whole_distinct_messages() {
    let (tx, rx) = Pipe::<Vec<u32>>::new().unwrap();
    let start = Barrier::new(3);
    let got: Vec<Vec<u32>> = thread::scope(|s| {
        let receivers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let mut got = Vec::new();
                    while let Ok(message) = rx.recv() {
                        got.push(message);
                    }
                    got
                })
            })
            .collect();
        start.wait();
        for i in 0..200 {
            tx.send(&vec![i; 1000]).unwrap();
        }
        drop(tx);
        receivers
            .into_iter()
            .flat_map(|r| r.join().unwrap())
            .collect()
    });
    assert_eq!(got.len(), 200);
    assert!(
        got.iter()
            .all(|m| m.len() == 1000 && m.iter().all(|&x| x == m[0]))
    );
    let firsts: BTreeSet<u32> = got.iter().map(|m| m[0]).collect();
    assert_eq!(firsts, (0..200).collect());
}

#[test]
fn recv_timeout_elapses() {
    let (_tx, rx) = Pipe::<u8>::new().unwrap();
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(matches!(
        rx.recv_timeout(timeout),
        Err(RecvTimeoutError::Timeout)
    ));
    assert!(start.elapsed() >= timeout);
    assert!(matches!(
        rx.recv_deadline(Instant::now()),
        Err(RecvTimeoutError::Timeout)
    ));
    assert!(matches!(rx.try_recv(), Err(TryRecvError::Empty)));
    assert!(!rx.poll(Some(Duration::ZERO)));
}

#[test]
fn a_dropped_peer_is_disconnected_for_recv_and_send() {
    let (tx, rx) = Pipe::<u8>::new().unwrap();
    tx.send(&1).unwrap();
    drop(tx);
    assert!(rx.poll(Some(SAFETY)));
    assert_eq!(
        rx.recv().unwrap(),
        1,
        "a message sent before the drop arrives"
    );
    assert!(matches!(rx.recv(), Err(RecvError::Disconnected)));
    assert!(rx.try_recv().unwrap_err().is_disconnected());
    assert!(rx.recv_timeout(SAFETY).unwrap_err().is_disconnected());

    let (tx, rx) = Pipe::<u8>::new().unwrap();
    drop(rx);
    assert!(matches!(tx.send(&1), Err(SendError::Disconnected)));

    let (a, b) = Pipe::<u8>::duplex().unwrap();
    drop(b);
    assert!(matches!(a.send(&1), Err(SendError::Disconnected)));
    assert!(matches!(a.recv(), Err(RecvError::Disconnected)));
}

#[test]
fn a_peer_dropped_while_blocked_in_recv_wakes_it() {
    let (tx, rx) = Pipe::<u8>::new().unwrap();
    let start = Barrier::new(2);
    thread::scope(|s| {
        let receiver = s.spawn(|| {
            start.wait();
            rx.recv()
        });
        start.wait();
        drop(tx);
        assert!(receiver.join().unwrap().unwrap_err().is_disconnected());
    });
}

#[derive(Debug, PartialEq, Deserialize)]
struct Unserializable;

impl Serialize for Unserializable {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("not today"))
    }
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Maybe {
    Good(u32),
    Bad(Unserializable),
}

#[test]
fn a_value_that_fails_to_serialize_fails_at_send_and_sends_nothing() {
    let (tx, rx) = Pipe::<Maybe>::new().unwrap();
    assert!(matches!(
        tx.send(&Maybe::Bad(Unserializable)),
        Err(SendError::Serialize(_))
    ));
    assert!(matches!(rx.try_recv(), Err(TryRecvError::Empty)));
    tx.send(&Maybe::Good(5)).unwrap();
    assert_eq!(rx.recv().unwrap(), Maybe::Good(5));
}

/// Serializes any byte; refuses to deserialize 0.
#[derive(Debug, PartialEq, Serialize)]
struct NonZero(u8);

impl<'de> Deserialize<'de> for NonZero {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match u8::deserialize(deserializer)? {
            0 => Err(serde::de::Error::custom("zero")),
            n => Ok(Self(n)),
        }
    }
}

#[test]
fn a_message_that_fails_to_deserialize_is_consumed_and_the_end_stays_usable() {
    let (tx, rx) = Pipe::<NonZero>::new().unwrap();
    tx.send(&NonZero(0)).unwrap();
    tx.send(&NonZero(1)).unwrap();
    assert!(matches!(rx.recv(), Err(RecvError::Deserialize(_))));
    assert_eq!(rx.recv().unwrap(), NonZero(1));
}

#[test]
fn a_16_mib_message_round_trips_intact() {
    let message: Vec<u8> = (0..16 << 20).map(|i: u32| (i % 251) as u8).collect();
    let (tx, rx) = Pipe::<Vec<u8>>::new().unwrap();
    thread::scope(|s| {
        s.spawn(|| tx.send(&message).unwrap());
        assert!(rx.recv().unwrap() == message);
    });
}

#[test]
fn an_end_travels_through_a_pipe() {
    let (tx, rx) = Pipe::<u8>::new().unwrap();
    let (a, b) = Pipe::<Sender<u8>>::new().unwrap();
    a.send(&tx).unwrap();
    drop(tx);
    let tx = b.recv().unwrap();
    tx.send(&6).unwrap();
    assert_eq!(rx.recv().unwrap(), 6);
    drop(tx);
    assert!(
        rx.recv().unwrap_err().is_disconnected(),
        "no copy is left behind"
    );
}

#[test]
fn async_recv_on_tokio() {
    let (tx, rx) = Pipe::<u64>::new().unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let sender = thread::spawn(move || tx.send(&11).unwrap());
        let got = tokio::task::spawn(async move { rx.recv_async().await.unwrap() })
            .await
            .unwrap();
        assert_eq!(got, 11);
        sender.join().unwrap();
    });
}

#[test]
fn async_recv_on_futures_executor() {
    let (a, b) = Pipe::<u64>::duplex().unwrap();
    let echo = thread::spawn(move || {
        while let Ok(n) = b.recv() {
            b.send(&(n + 1)).unwrap();
        }
    });
    futures::executor::block_on(async {
        for i in 0..10 {
            a.send(&i).unwrap();
            assert_eq!(a.recv_async().await.unwrap(), i + 1);
        }
    });
    drop(a);
    echo.join().unwrap();
}

#[test]
fn async_recv_reports_disconnection() {
    let (tx, rx) = Pipe::<u8>::new().unwrap();
    let start = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| {
            start.wait();
            drop(tx);
        });
        futures::executor::block_on(async {
            let recv = rx.recv_async();
            start.wait();
            assert!(recv.await.unwrap_err().is_disconnected());
        });
    });
}

#[test]
fn a_dropped_recv_future_loses_no_message() {
    let (tx, rx) = Pipe::<u8>::new().unwrap();
    let mut cx = Context::from_waker(futures::task::noop_waker_ref());
    {
        let mut recv = Box::pin(rx.recv_async());
        assert!(matches!(recv.poll_unpin(&mut cx), Poll::Pending));
    }
    tx.send(&4).unwrap();
    assert_eq!(rx.recv_timeout(SAFETY).unwrap(), 4);
}

#[test]
fn ends_are_send_and_sync_whatever_the_message() {
    fn send_sync<T: Send + Sync>(_: &T) {}
    fn send<T: Send>(_: &T) {}
    let (tx, rx) = Pipe::<Rc<u8>>::new().unwrap();
    let (a, _b) = Pipe::<Rc<u8>>::duplex().unwrap();
    send_sync(&tx);
    send_sync(&rx);
    send_sync(&a);
    let (_tx, rx) = Pipe::<u8>::new().unwrap();
    send(&rx.recv_async());
    let (c, _d) = Pipe::<u8>::duplex().unwrap();
    send(&c.recv_async());
    let _: Option<Sender<u8>> = None;
}
