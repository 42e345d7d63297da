//! `Queue`: small messages (`u64`) through one producer and one consumer
//! (SPSC), and through two producers and two consumers (MPMC), unbounded
//! and bounded, in messages per second. Peers: crossbeam-channel,
//! `std::sync::mpsc` (SPSC only: std has no stable multi-consumer
//! channel), and Python's `queue.Queue` (SPSC, unbounded).

use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use crate::benches::python;
use crate::harness::{Figure, Job, Lineup, Ops, Subject, Unit, share, time_parallel};

/// Capacity of the bounded figures.
const BOUND: usize = 1024;

/// Producers, and consumers, of the MPMC figures.
const SIDES: u64 = 2;

/// Messages per round in every figure of this area.
const OPS: Ops = Ops {
    full: 2_000_000,
    quick: 600_000,
};

/// The figures of this area.
pub(crate) fn figures() -> Vec<Figure> {
    let unit = Unit::PerSecond("msgs/s");
    vec![
        Figure {
            name: "queue/spsc-unbounded",
            title: "put+get, one producer thread, one consumer thread, unbounded",
            unit,
            ops: OPS,
            build: |context| {
                Lineup::new(Spsc::<TripoolQueue>::new(None))
                    .peer(Spsc::<Crossbeam>::new(None))
                    .peer(Spsc::<StdMpsc>::new(None))
                    .maybe_peer(python::peer(context, "queue.Queue", "queue_queue.py", &[]))
            },
        },
        Figure {
            name: "queue/spsc-bounded",
            title: "put+get, one producer thread, one consumer thread, capacity 1024",
            unit,
            ops: OPS,
            build: |_| {
                Lineup::new(Spsc::<TripoolQueue>::new(Some(BOUND)))
                    .peer(Spsc::<Crossbeam>::new(Some(BOUND)))
                    .peer(Spsc::<StdMpsc>::new(Some(BOUND)))
            },
        },
        Figure {
            name: "queue/mpmc-unbounded",
            title: "put+get, two producer threads, two consumer threads, unbounded",
            unit,
            ops: OPS,
            build: |_| {
                Lineup::new(Mpmc::<TripoolQueue>::new(None)).peer(Mpmc::<Crossbeam>::new(None))
            },
        },
        Figure {
            name: "queue/mpmc-bounded",
            title: "put+get, two producer threads, two consumer threads, capacity 1024",
            unit,
            ops: OPS,
            build: |_| {
                Lineup::new(Mpmc::<TripoolQueue>::new(Some(BOUND)))
                    .peer(Mpmc::<Crossbeam>::new(Some(BOUND)))
            },
        },
    ]
}

/// A channel of `u64`: a sending end and a receiving end.
trait Channel {
    /// The sending end.
    type Tx: Send;
    /// The receiving end.
    type Rx: Send;
    /// The implementation's name in the table, with its bound.
    fn name(bound: Option<usize>) -> String;
    /// A new channel, unbounded or holding at most `bound` messages.
    fn channel(bound: Option<usize>) -> (Self::Tx, Self::Rx);
    /// Sends, blocking while a bounded channel is full.
    fn send(tx: &Self::Tx, message: u64);
    /// Receives, blocking while the channel is empty.
    fn recv(rx: &Self::Rx) -> u64;
}

/// `tripool::sync::Queue`: both ends are the shared queue.
struct TripoolQueue;

impl Channel for TripoolQueue {
    type Tx = Arc<tripool::sync::Queue<u64>>;
    type Rx = Arc<tripool::sync::Queue<u64>>;

    fn name(bound: Option<usize>) -> String {
        match bound {
            None => "tripool::sync::Queue::new()".to_owned(),
            Some(bound) => format!("tripool::sync::Queue::with_maxsize({bound})"),
        }
    }

    fn channel(bound: Option<usize>) -> (Self::Tx, Self::Rx) {
        let queue = Arc::new(match bound {
            None => tripool::sync::Queue::new(),
            Some(bound) => tripool::sync::Queue::with_maxsize(bound),
        });
        (Arc::clone(&queue), queue)
    }

    fn send(tx: &Self::Tx, message: u64) {
        // The queue is never shut down during a round.
        tx.put(message).expect("the queue is open");
    }

    fn recv(rx: &Self::Rx) -> u64 {
        rx.get().expect("the queue is open")
    }
}

/// `crossbeam_channel::{unbounded, bounded}`.
struct Crossbeam;

impl Channel for Crossbeam {
    type Tx = crossbeam_channel::Sender<u64>;
    type Rx = crossbeam_channel::Receiver<u64>;

    fn name(bound: Option<usize>) -> String {
        match bound {
            None => "crossbeam_channel::unbounded".to_owned(),
            Some(bound) => format!("crossbeam_channel::bounded({bound})"),
        }
    }

    fn channel(bound: Option<usize>) -> (Self::Tx, Self::Rx) {
        match bound {
            None => crossbeam_channel::unbounded(),
            Some(bound) => crossbeam_channel::bounded(bound),
        }
    }

    fn send(tx: &Self::Tx, message: u64) {
        tx.send(message)
            .expect("the receivers live through the round");
    }

    fn recv(rx: &Self::Rx) -> u64 {
        rx.recv().expect("the senders live through the round")
    }
}

/// `std::sync::mpsc::{channel, sync_channel}`.
struct StdMpsc;

/// The two kinds of std sender.
enum StdSender {
    Unbounded(mpsc::Sender<u64>),
    Bounded(mpsc::SyncSender<u64>),
}

impl Channel for StdMpsc {
    type Tx = StdSender;
    type Rx = mpsc::Receiver<u64>;

    fn name(bound: Option<usize>) -> String {
        match bound {
            None => "std::sync::mpsc::channel".to_owned(),
            Some(bound) => format!("std::sync::mpsc::sync_channel({bound})"),
        }
    }

    fn channel(bound: Option<usize>) -> (Self::Tx, Self::Rx) {
        match bound {
            None => {
                let (tx, rx) = mpsc::channel();
                (StdSender::Unbounded(tx), rx)
            }
            Some(bound) => {
                let (tx, rx) = mpsc::sync_channel(bound);
                (StdSender::Bounded(tx), rx)
            }
        }
    }

    fn send(tx: &Self::Tx, message: u64) {
        let sent = match tx {
            StdSender::Unbounded(tx) => tx.send(message),
            StdSender::Bounded(tx) => tx.send(message),
        };
        sent.expect("the receiver lives through the round");
    }

    fn recv(rx: &Self::Rx) -> u64 {
        rx.recv().expect("the sender lives through the round")
    }
}

/// The sum of `0..n`, what the consumers must add up to.
fn sum_below(n: u64) -> u64 {
    if n % 2 == 0 {
        n / 2 * n.saturating_sub(1)
    } else {
        n * ((n - 1) / 2)
    }
}

/// What both kinds of round know: the channel's name and bound.
struct Setup<C> {
    name: String,
    bound: Option<usize>,
    channel: PhantomData<C>,
}

impl<C: Channel> Setup<C> {
    fn new(bound: Option<usize>) -> Self {
        Self {
            name: C::name(bound),
            bound,
            channel: PhantomData,
        }
    }
}

/// Times `ops` messages from `senders` to `receivers`, one thread per end:
/// sender `i` sends its share of `0..ops` in order, receiver `i` takes its
/// share, whichever messages those are; the sum proves none was lost.
fn flow<C: Channel>(
    senders: Vec<C::Tx>,
    receivers: Vec<C::Rx>,
    ops: u64,
) -> anyhow::Result<Duration> {
    let received = AtomicU64::new(0);
    let received_ref = &received;
    let mut jobs: Vec<Job<'_>> = Vec::new();
    let (producers, consumers) = (senders.len() as u64, receivers.len() as u64);
    let mut first = 0;
    for (i, tx) in (0..producers).zip(senders) {
        let messages = first..first + share(ops, producers, i);
        first = messages.end;
        jobs.push(Box::new(move || {
            for message in messages {
                C::send(&tx, message);
            }
        }));
    }
    for (i, rx) in (0..consumers).zip(receivers) {
        let count = share(ops, consumers, i);
        jobs.push(Box::new(move || {
            let sum = (0..count).map(|_| C::recv(&rx)).fold(0, u64::wrapping_add);
            received_ref.fetch_add(sum, Ordering::Relaxed);
        }));
    }
    let elapsed = time_parallel(jobs);
    anyhow::ensure!(received.into_inner() == sum_below(ops), "lost messages");
    Ok(elapsed)
}

/// One producer thread, one consumer thread.
struct Spsc<C>(Setup<C>);

impl<C: Channel> Spsc<C> {
    fn new(bound: Option<usize>) -> Self {
        Self(Setup::new(bound))
    }
}

impl<C: Channel> Subject for Spsc<C> {
    fn name(&self) -> &str {
        &self.0.name
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let (tx, rx) = C::channel(self.0.bound);
        flow::<C>(vec![tx], vec![rx], ops)
    }
}

/// [`SIDES`] producer threads and as many consumer threads on one channel.
struct Mpmc<C>(Setup<C>);

impl<C: Channel> Mpmc<C> {
    fn new(bound: Option<usize>) -> Self {
        Self(Setup::new(bound))
    }
}

impl<C: Channel> Subject for Mpmc<C>
where
    C::Tx: Clone,
    C::Rx: Clone,
{
    fn name(&self) -> &str {
        &self.0.name
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let (tx, rx) = C::channel(self.0.bound);
        let senders = (0..SIDES).map(|_| tx.clone()).collect();
        let receivers = (0..SIDES).map(|_| rx.clone()).collect();
        drop((tx, rx));
        flow::<C>(senders, receivers, ops)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_below_is_the_arithmetic_series() {
        for n in 0..50 {
            assert_eq!(sum_below(n), (0..n).sum::<u64>(), "{n}");
        }
    }

    fn spsc<C: Channel>() {
        Spsc::<C>::new(None).round(1001).unwrap();
        Spsc::<C>::new(Some(4)).round(1001).unwrap();
    }

    fn mpmc<C: Channel>()
    where
        C::Tx: Clone,
        C::Rx: Clone,
    {
        Mpmc::<C>::new(None).round(1001).unwrap();
        Mpmc::<C>::new(Some(4)).round(1001).unwrap();
    }

    #[test]
    fn every_channel_delivers_every_message() {
        spsc::<TripoolQueue>();
        spsc::<Crossbeam>();
        spsc::<StdMpsc>();
        mpmc::<TripoolQueue>();
        mpmc::<Crossbeam>();
    }
}
