//! `Timer`: fires after its delay, never fires once cancelled.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use tripool_sync::Event;
use tripool_task::TaskError;
use tripool_thread::{Thread, Timer};

const SAFETY_NET: Duration = Duration::from_secs(10);
const DELAY: Duration = Duration::from_millis(30);

#[test]
fn fires_no_earlier_than_its_delay() {
    let start = Instant::now();
    let timer = Timer::start(DELAY, move || start.elapsed());
    let seen = timer.join().unwrap();
    assert!(seen >= DELAY, "fired after {seen:?}");
}

#[test]
fn cancel_before_firing_prevents_the_run() {
    let ran = Arc::new(AtomicBool::new(false));
    let timer = {
        let ran = Arc::clone(&ran);
        Timer::start(Duration::from_secs(3600), move || {
            ran.store(true, Ordering::SeqCst)
        })
    };
    assert!(timer.cancel());
    assert!(
        timer.cancel(),
        "cancelled stays cancelled, as Future.cancel"
    );
    assert_eq!(timer.join(), Err(TaskError::Cancelled));
    assert!(!ran.load(Ordering::SeqCst));
}

#[test]
fn cancel_wakes_the_timer_thread_at_once() {
    let timer = Timer::start(Duration::from_secs(3600), || ());
    assert!(timer.cancel());
    // The thread leaves its wait on the cancel, not after an hour.
    let deadline = Instant::now() + SAFETY_NET;
    while timer.is_alive() && Instant::now() < deadline {
        std::thread::yield_now();
    }
    assert!(!timer.is_alive());
}

#[test]
fn cancel_after_firing_prevents_nothing() {
    let timer = Timer::start(Duration::ZERO, || 9);
    timer.handle().wait();
    assert!(!timer.cancel());
    assert_eq!(timer.join(), Ok(9));
}

#[test]
fn cancel_while_running_prevents_nothing() {
    let gate = Arc::new(Event::new());
    let (running_tx, running_rx) = mpsc::channel();
    let timer = {
        let gate = Arc::clone(&gate);
        Timer::start(Duration::ZERO, move || {
            running_tx.send(()).unwrap();
            gate.wait();
            "finished"
        })
    };
    running_rx.recv_timeout(SAFETY_NET).unwrap();
    assert!(!timer.cancel());
    gate.set();
    assert_eq!(timer.join(), Ok("finished"));
}

#[test]
fn a_panicking_timer_reports_it() {
    let timer = Timer::start(Duration::ZERO, || -> u8 { panic!("timer boom") });
    assert_eq!(
        timer.join().unwrap_err().panic_message(),
        Some("timer boom")
    );
}

#[test]
fn builder_timers_are_named_and_wait_with_timeouts() {
    let timer = Thread::builder()
        .name("alarm")
        .daemon(true)
        .spawn_timer(DELAY, || std::thread::current().name().map(str::to_owned))
        .unwrap();
    assert_eq!(timer.name(), Some("alarm"));
    assert!(timer.ident() > 0);
    assert!(timer.wait_timeout(SAFETY_NET));
    assert_eq!(timer.join().unwrap().as_deref(), Some("alarm"));
}

#[test]
fn the_result_is_a_future() {
    let start = Instant::now();
    let handle = Timer::start(DELAY, || 3).into_handle();
    assert_eq!(futures::executor::block_on(handle), Ok(3));
    assert!(start.elapsed() >= DELAY);
}
