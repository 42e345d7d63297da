//! `Thread`: spawning, results, panics, names, identifiers, waiting.

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tripool_sync::Event;
use tripool_task::TaskError;
use tripool_thread::{Thread, current_thread};

const SAFETY_NET: Duration = Duration::from_secs(10);

#[test]
fn join_returns_the_closures_value() {
    let t = Thread::spawn(|| vec![1, 2, 3]);
    assert_eq!(t.join().unwrap(), [1, 2, 3]);
}

#[test]
fn a_panic_becomes_task_error_panicked_with_its_message() {
    let t = Thread::spawn(|| -> u8 { panic!("thread went wrong") });
    let err = t.join().unwrap_err();
    assert!(matches!(err, TaskError::Panicked { .. }), "{err:?}");
    assert_eq!(err.panic_message(), Some("thread went wrong"));
}

#[test]
fn builder_name_is_seen_by_std_and_by_current_thread() {
    let t = Thread::builder()
        .name("named-one")
        .spawn(|| {
            (
                std::thread::current().name().map(str::to_owned),
                current_thread().name().map(str::to_owned),
            )
        })
        .unwrap();
    assert_eq!(t.name(), Some("named-one"));
    let (std_name, our_name) = t.join().unwrap();
    assert_eq!(std_name.as_deref(), Some("named-one"));
    assert_eq!(our_name.as_deref(), Some("named-one"));
}

#[test]
fn unnamed_thread_has_no_name() {
    let t = Thread::spawn(|| current_thread().name().map(str::to_owned));
    assert_eq!(t.name(), None);
    assert_eq!(t.join().unwrap(), None);
}

#[test]
fn ident_is_unique_and_matches_current_thread_inside() {
    let a = Thread::spawn(|| current_thread().ident());
    let b = Thread::spawn(|| current_thread().ident());
    let (ia, ib) = (a.ident(), b.ident());
    assert_ne!(ia, ib);
    assert_eq!(a.join().unwrap(), ia);
    assert_eq!(b.join().unwrap(), ib);
    assert_ne!(current_thread().ident(), ia);
}

#[test]
fn current_thread_of_a_foreign_thread_uses_std_name_and_a_stable_ident() {
    let (first, second, name) = std::thread::Builder::new()
        .name("plain-std".into())
        .spawn(|| {
            let me = current_thread();
            (
                me.ident(),
                current_thread().ident(),
                me.name().map(str::to_owned),
            )
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(name.as_deref(), Some("plain-std"));
}

#[test]
fn a_nul_in_the_name_is_an_error_not_a_panic() {
    let err = Thread::builder().name("a\0b").spawn(|| ()).unwrap_err();
    assert_eq!(err.io_error().kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn stack_size_is_accepted() {
    fn depth(n: u32) -> u32 {
        let pad = std::hint::black_box([0u8; 512]);
        if n == 0 {
            u32::from(pad[0])
        } else {
            1 + depth(n - 1) + u32::from(pad[1])
        }
    }
    let t = Thread::builder()
        .stack_size(8 * 1024 * 1024)
        .spawn(|| depth(2_000))
        .unwrap();
    assert_eq!(t.join().unwrap(), 2_000);
}

#[test]
fn wait_timeout_and_is_alive_follow_the_thread() {
    let gate = Arc::new(Event::new());
    let (started_tx, started_rx) = mpsc::channel();
    let t = {
        let gate = Arc::clone(&gate);
        Thread::spawn(move || {
            started_tx.send(()).unwrap();
            gate.wait();
            "out"
        })
    };
    started_rx.recv_timeout(SAFETY_NET).unwrap();
    assert!(t.is_alive());
    let start = Instant::now();
    assert!(!t.wait_timeout(Duration::from_millis(20)));
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert!(!t.handle().done());
    gate.set();
    assert!(t.wait_timeout(SAFETY_NET));
    assert!(t.wait_deadline(Instant::now()));
    // The result is delivered just before the thread exits.
    let deadline = Instant::now() + SAFETY_NET;
    while t.is_alive() && Instant::now() < deadline {
        std::thread::yield_now();
    }
    assert!(!t.is_alive());
    assert_eq!(t.join().unwrap(), "out");
}

#[test]
fn into_handle_is_a_future() {
    let handle = Thread::spawn(|| 5u8).into_handle();
    assert_eq!(futures::executor::block_on(handle).unwrap(), 5);
}

#[test]
fn dropping_a_thread_detaches_it() {
    let (tx, rx) = mpsc::channel();
    drop(Thread::spawn(move || tx.send("still ran").unwrap()));
    assert_eq!(rx.recv_timeout(SAFETY_NET).unwrap(), "still ran");
}

#[test]
fn debug_shows_identity() {
    let t = Thread::builder().name("dbg").spawn(|| ()).unwrap();
    let text = format!("{t:?}");
    assert!(text.contains("dbg") && text.contains("ident"), "{text}");
    t.join().unwrap();
}

#[test]
fn a_thread_cannot_be_cancelled_through_its_handle() {
    let gate = Arc::new(Event::new());
    let t = {
        let gate = Arc::clone(&gate);
        Thread::spawn(move || gate.wait())
    };
    assert!(t.handle().running());
    assert!(!t.handle().cancel());
    gate.set();
    assert_eq!(t.join(), Ok(()));
}
