//! Daemon flags and `join_non_daemon`.
//!
//! The count of non-daemon threads is process-wide, so the tests of this
//! file take turns through `SERIAL`.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tripool_sync::Event;
use tripool_thread::{Thread, current_thread, join_non_daemon};

static SERIAL: Mutex<()> = Mutex::new(());
const SAFETY_NET: Duration = Duration::from_secs(10);
/// How long a waiter that must stay blocked is watched for.
const STILL_BLOCKED: Duration = Duration::from_millis(50);

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Runs `join_non_daemon` on a plain std thread; the receiver fires when it returns.
fn join_in_background() -> mpsc::Receiver<()> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        join_non_daemon();
        let _ = tx.send(());
    });
    rx
}

#[test]
fn the_flag_defaults_to_the_creators() {
    let _serial = serial();
    assert!(!current_thread().is_daemon());
    let plain = Thread::spawn(|| current_thread().is_daemon());
    assert!(!plain.is_daemon());
    assert!(!plain.join().unwrap());

    let parent = Thread::builder()
        .daemon(true)
        .spawn(|| {
            let child = Thread::spawn(|| current_thread().is_daemon());
            let explicit = Thread::builder().daemon(false).spawn(|| ()).unwrap();
            (
                child.is_daemon(),
                child.join().unwrap(),
                explicit.is_daemon(),
            )
        })
        .unwrap();
    assert!(parent.is_daemon());
    assert_eq!(parent.join().unwrap(), (true, true, false));
}

#[test]
fn join_non_daemon_waits_for_non_daemon_threads() {
    let _serial = serial();
    let gate = Arc::new(Event::new());
    let worker = {
        let gate = Arc::clone(&gate);
        Thread::spawn(move || gate.wait())
    };
    let joined = join_in_background();
    assert!(joined.recv_timeout(STILL_BLOCKED).is_err());
    gate.set();
    joined.recv_timeout(SAFETY_NET).unwrap();
    assert!(worker.handle().done());
}

#[test]
fn join_non_daemon_waits_for_threads_started_while_it_waits() {
    let _serial = serial();
    let first_gate = Arc::new(Event::new());
    let second_gate = Arc::new(Event::new());
    let (child_tx, child_rx) = mpsc::channel();
    {
        let first_gate = Arc::clone(&first_gate);
        let second_gate = Arc::clone(&second_gate);
        drop(Thread::spawn(move || {
            first_gate.wait();
            // Started while `join_non_daemon` waits; outlives its parent.
            let child = Thread::spawn(move || second_gate.wait());
            child_tx.send(child.ident()).unwrap();
        }));
    }
    let joined = join_in_background();
    first_gate.set();
    child_rx.recv_timeout(SAFETY_NET).unwrap();
    assert!(joined.recv_timeout(STILL_BLOCKED).is_err());
    second_gate.set();
    joined.recv_timeout(SAFETY_NET).unwrap();
}

#[test]
fn daemon_threads_are_not_waited_for() {
    let _serial = serial();
    let gate = Arc::new(Event::new());
    let daemon = {
        let gate = Arc::clone(&gate);
        Thread::builder()
            .daemon(true)
            .spawn(move || gate.wait())
            .unwrap()
    };
    join_in_background().recv_timeout(SAFETY_NET).unwrap();
    assert!(daemon.is_alive());
    gate.set();
    daemon.join().unwrap();
}

#[test]
fn a_non_daemon_thread_does_not_wait_for_itself() {
    let _serial = serial();
    let t = Thread::spawn(|| {
        join_non_daemon();
        "returned"
    });
    assert!(t.wait_timeout(SAFETY_NET));
    assert_eq!(t.join().unwrap(), "returned");
}

#[test]
fn a_thread_that_failed_to_start_is_not_counted() {
    let _serial = serial();
    assert!(Thread::builder().name("nul\0").spawn(|| ()).is_err());
    join_in_background().recv_timeout(SAFETY_NET).unwrap();
}

#[test]
fn pool_workers_are_not_counted() {
    let _serial = serial();
    let pool = tripool_thread::ThreadPool::new();
    let gate = Arc::new(Event::new());
    let blocked = {
        let gate = Arc::clone(&gate);
        pool.submit(move || gate.wait())
    };
    join_in_background().recv_timeout(SAFETY_NET).unwrap();
    gate.set();
    blocked.result().unwrap();
}
