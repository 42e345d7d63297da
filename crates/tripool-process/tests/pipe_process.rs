//! `Pipe` ends passed to worker processes as task arguments: ping-pong,
//! and workers killed in the middle of a receive or a send.

use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use tripool_macros::task;
use tripool_process::{Connection, Pipe, Process, Sender};

const SAFETY: Duration = Duration::from_secs(10);
const ROUNDS: u64 = 1_000;

/// Kills the worker when dropped, so a failing test leaves no child behind.
struct KillOnDrop<T>(Option<Process<T>>);

impl<T> KillOnDrop<T> {
    fn process(&self) -> &Process<T> {
        self.0.as_ref().unwrap()
    }
}

impl<T> Drop for KillOnDrop<T> {
    fn drop(&mut self) {
        if let Some(process) = &self.0 {
            let _ = process.kill();
        }
    }
}

/// Runs `f` on a thread; the returned function waits for its result, and
/// fails the test if that takes longer than the safety net (never hangs).
fn within_safety<R: Send + 'static>(f: impl FnOnce() -> R + Send + 'static) -> impl FnOnce() -> R {
    let (done, result) = mpsc::channel();
    thread::spawn(move || done.send(f()));
    move || {
        result
            .recv_timeout(SAFETY)
            .expect("finished within the safety net")
    }
}

#[task]
fn echo_plus_one(conn: Connection<u64>) -> u64 {
    let mut served = 0;
    while let Ok(n) = conn.recv() {
        conn.send(&(n + 1)).unwrap();
        served += 1;
    }
    served
}

#[task]
fn wait_forever(conn: Connection<u64>) {
    conn.send(&0).unwrap();
    // Blocks until the parent sends, which it never does.
    let _ = conn.recv();
}

#[task]
fn send_big(tx: Sender<Vec<u8>>) {
    let _ = tx.send(&vec![7u8; 8 << 20]);
}

#[test]
fn duplex_ping_pong_with_a_worker() {
    let (here, there) = Pipe::<u64>::duplex().unwrap();
    let worker = KillOnDrop(Some(Process::spawn(echo_plus_one::Task, (there,)).unwrap()));
    here.send(&0).unwrap();
    assert_eq!(here.recv_timeout(SAFETY).unwrap(), 1);
    let start = Instant::now();
    for i in 0..ROUNDS {
        here.send(&i).unwrap();
        assert_eq!(here.recv_timeout(SAFETY).unwrap(), i + 1);
    }
    let per_round_trip = start.elapsed() / ROUNDS as u32;
    eprintln!("pipe round trip with a worker process: {per_round_trip:?}");
    drop(here);
    let mut worker = worker;
    let process = worker.0.take().unwrap();
    assert_eq!(process.join_timeout(SAFETY).ok(), Some(ROUNDS + 1));
}

#[test]
fn a_worker_killed_while_the_parent_blocks_in_recv_gives_disconnected() {
    let (here, there) = Pipe::<u64>::duplex().unwrap();
    let worker = KillOnDrop(Some(Process::spawn(wait_forever::Task, (there,)).unwrap()));
    assert_eq!(here.recv_timeout(SAFETY).unwrap(), 0, "the worker runs");
    let receiver = within_safety(move || here.recv());
    worker.process().kill().unwrap();
    assert!(receiver().unwrap_err().is_disconnected());
}

#[test]
fn a_worker_killed_mid_send_gives_disconnected_not_a_partial_message() {
    let (tx, rx) = Pipe::<Vec<u8>>::new().unwrap();
    let worker = KillOnDrop(Some(Process::spawn(send_big::Task, (tx,)).unwrap()));
    // The message has started to arrive; it is far larger than the socket
    // buffer, and nothing reads it yet, so the worker is blocked mid-send.
    assert!(rx.poll(Some(SAFETY)), "the worker started sending");
    worker.process().kill().unwrap();
    let got = within_safety(move || (rx.recv(), rx.try_recv()))();
    assert!(got.0.unwrap_err().is_disconnected());
    assert!(got.1.unwrap_err().is_disconnected());
}
