//! `Barrier`: Python semantics, generations, action, timeouts, abort and
//! reset, async forms and their cancel safety.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::task::{Context, Poll};
use std::thread;
use std::time::{Duration, Instant};

use futures::FutureExt;
use futures::task::noop_waker_ref;
use tripool_sync::{
    Barrier, BarrierBuilder, BarrierWait, BarrierWaitResult, BrokenBarrierError, Event,
    ZeroPartiesError,
};

/// Safety net for waits that should end at once; never reached when green.
const PATIENCE: Duration = Duration::from_secs(10);

fn poll_once<F: std::future::Future + Unpin>(future: &mut F) -> Poll<F::Output> {
    future.poll_unpin(&mut Context::from_waker(noop_waker_ref()))
}

fn parties(n: usize) -> NonZeroUsize {
    NonZeroUsize::new(n).unwrap()
}

/// Spins (yielding) until `n` parties wait: how the tests know threads are
/// blocked without sleeping.
fn wait_for_waiting(barrier: &Barrier, n: usize) {
    let start = Instant::now();
    while barrier.n_waiting() != n {
        assert!(start.elapsed() < PATIENCE, "never saw {n} waiting");
        thread::yield_now();
    }
}

/// Runs `f` in `n` threads and returns their results.
fn run<T: Send>(n: usize, f: impl Fn() -> T + Sync) -> Vec<T> {
    thread::scope(|s| {
        let threads: Vec<_> = (0..n).map(|_| s.spawn(&f)).collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    })
}

#[test]
fn auto_traits() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Barrier>();
    send_sync::<BarrierWaitResult>();
    send_sync::<BrokenBarrierError>();
    send_sync::<ZeroPartiesError>();
    send::<BarrierBuilder>();
    send::<BarrierWait<'static>>();
}

#[test]
fn zero_parties_is_an_error() {
    let err = Barrier::try_new(0).unwrap_err();
    assert_eq!(err.to_string(), "a barrier needs at least one party");
    assert_eq!(Barrier::try_new(2).unwrap().parties(), 2);
}

#[test]
fn a_single_party_passes_alone_every_time() {
    let barrier = Barrier::new(NonZeroUsize::MIN);
    for _ in 0..3 {
        let result = barrier.wait().unwrap();
        assert_eq!((result.index(), result.is_leader()), (0, true));
    }
}

#[test]
fn indices_are_unique_and_the_last_to_arrive_leads() {
    const N: usize = 5;
    let barrier = Barrier::new(parties(N));
    let mut results = run(N, || barrier.wait().unwrap());
    results.sort_by_key(BarrierWaitResult::index);
    let indices: Vec<_> = results.iter().map(BarrierWaitResult::index).collect();
    assert_eq!(indices, (0..N).collect::<Vec<_>>());
    let leaders: Vec<_> = results.iter().filter(|r| r.is_leader()).collect();
    assert_eq!(leaders.len(), 1);
    assert_eq!(leaders[0].index(), N - 1);
}

#[test]
fn generations_never_mix_under_stress() {
    const N: usize = 4;
    const ROUNDS: usize = 200;
    let trips = Arc::new(AtomicUsize::new(0));
    let barrier = {
        let trips = Arc::clone(&trips);
        Barrier::builder(parties(N))
            .action(move || {
                trips.fetch_add(1, Ordering::SeqCst);
            })
            .build()
    };
    let arrived: Vec<AtomicUsize> = (0..ROUNDS).map(|_| AtomicUsize::new(0)).collect();
    let leaders = AtomicUsize::new(0);
    run(N, || {
        for (round, arrived) in arrived.iter().enumerate() {
            arrived.fetch_add(1, Ordering::SeqCst);
            let result = barrier.wait_timeout(PATIENCE).unwrap();
            // Everyone of this round arrived; the action ran once per trip,
            // before anyone of this round was released.
            assert_eq!(arrived.load(Ordering::SeqCst), N);
            assert_eq!(trips.load(Ordering::SeqCst), round + 1);
            if result.is_leader() {
                leaders.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    assert_eq!(trips.load(Ordering::SeqCst), ROUNDS);
    assert_eq!(leaders.load(Ordering::SeqCst), ROUNDS);
    assert_eq!(barrier.n_waiting(), 0);
    assert!(!barrier.is_broken());
}

#[test]
fn a_panicking_action_breaks_the_barrier_for_everyone() {
    let barrier = Barrier::builder(parties(3))
        .action(|| panic!("action failed on purpose"))
        .build();
    let results = run(3, || barrier.wait_timeout(PATIENCE));
    assert!(results.iter().all(Result::is_err));
    assert!(barrier.is_broken());
    assert!(barrier.wait().is_err());
    barrier.reset();
    assert!(!barrier.is_broken());
}

#[test]
fn a_timeout_breaks_the_barrier() {
    let barrier = Barrier::new(parties(2));
    let timeout = Duration::from_millis(30);
    let start = Instant::now();
    assert!(barrier.wait_timeout(timeout).is_err());
    assert!(start.elapsed() >= timeout);
    assert!(barrier.is_broken());
    let err: BrokenBarrierError = barrier.wait().unwrap_err();
    assert_eq!(err.to_string(), "barrier is broken");
    assert_eq!(barrier.n_waiting(), 0);
}

#[test]
fn a_timeout_frees_the_other_waiting_parties() {
    let barrier = Barrier::new(parties(3));
    thread::scope(|s| {
        let patient = s.spawn(|| barrier.wait());
        wait_for_waiting(&barrier, 1);
        let timeout = Duration::from_millis(20);
        let start = Instant::now();
        assert!(barrier.wait_timeout(timeout).is_err());
        assert!(start.elapsed() >= timeout);
        assert!(patient.join().unwrap().is_err());
    });
}

#[test]
fn the_default_timeout_applies_to_wait() {
    let timeout = Duration::from_millis(20);
    let barrier = Barrier::builder(parties(2)).timeout(timeout).build();
    assert_eq!(barrier.timeout(), Some(timeout));
    let start = Instant::now();
    assert!(barrier.wait().is_err());
    assert!(start.elapsed() >= timeout);
}

#[test]
fn a_deadline_that_passed_breaks_at_once_unless_this_party_trips_it() {
    let barrier = Barrier::new(NonZeroUsize::MIN);
    assert!(barrier.wait_deadline(Instant::now()).is_ok());
    let barrier = Barrier::new(parties(2));
    assert!(barrier.wait_deadline(Instant::now()).is_err());
}

#[test]
fn abort_frees_every_waiting_party() {
    const N: usize = 4;
    let barrier = Barrier::new(parties(N));
    thread::scope(|s| {
        let waiting: Vec<_> = (0..N - 1).map(|_| s.spawn(|| barrier.wait())).collect();
        wait_for_waiting(&barrier, N - 1);
        barrier.abort();
        for party in waiting {
            assert!(party.join().unwrap().is_err());
        }
    });
    assert!(barrier.is_broken());
    assert_eq!(barrier.n_waiting(), 0);
}

#[test]
fn reset_frees_the_waiting_and_the_barrier_works_again() {
    let barrier = Barrier::new(parties(3));
    thread::scope(|s| {
        let waiting: Vec<_> = (0..2).map(|_| s.spawn(|| barrier.wait())).collect();
        wait_for_waiting(&barrier, 2);
        barrier.reset();
        for party in waiting {
            assert!(party.join().unwrap().is_err());
        }
    });
    assert!(!barrier.is_broken());
    let results = run(3, || barrier.wait_timeout(PATIENCE));
    assert!(results.iter().all(Result::is_ok));
}

#[test]
fn arrivals_during_the_action_join_the_next_generation() {
    let in_action = Arc::new(Event::new());
    let finish_action = Arc::new(Event::new());
    let barrier = {
        let (in_action, finish_action) = (Arc::clone(&in_action), Arc::clone(&finish_action));
        Barrier::builder(parties(2))
            .action(move || {
                in_action.set();
                assert!(finish_action.wait_timeout(PATIENCE));
            })
            .build()
    };
    let (results, collected) = mpsc::channel();
    thread::scope(|s| {
        for _ in 0..2 {
            let results = results.clone();
            let barrier = &barrier;
            s.spawn(move || results.send(("first", barrier.wait())).unwrap());
        }
        assert!(in_action.wait_timeout(PATIENCE));
        in_action.clear();
        // The generation is full: as in Python, nobody counts as waiting,
        // and a newcomer waits for the next generation.
        assert_eq!(barrier.n_waiting(), 0);
        let late = {
            let results = results.clone();
            let barrier = &barrier;
            s.spawn(move || results.send(("second", barrier.wait())).unwrap())
        };
        finish_action.set();
        for _ in 0..2 {
            let (generation, result) = collected.recv_timeout(PATIENCE).unwrap();
            assert_eq!(generation, "first");
            assert!(result.is_ok());
        }
        // The late party and this thread form the second generation.
        assert!(barrier.wait_timeout(PATIENCE).is_ok());
        let (generation, result) = collected.recv_timeout(PATIENCE).unwrap();
        assert_eq!(generation, "second");
        assert!(result.is_ok());
        late.join().unwrap();
    });
}

#[test]
fn a_deadline_passing_during_the_action_does_not_break_the_full_generation() {
    // Time is the subject here: the action outlasts the first party's
    // deadline, which must not break a generation that is already full.
    let deadline = Instant::now() + Duration::from_millis(300);
    let never = Arc::new(Event::new());
    let barrier = {
        let never = Arc::clone(&never);
        Barrier::builder(parties(2))
            .action(move || {
                assert!(!never.wait_deadline(deadline + Duration::from_millis(50)));
            })
            .build()
    };
    thread::scope(|s| {
        let early = s.spawn(|| barrier.wait_deadline(deadline));
        wait_for_waiting(&barrier, 1);
        assert!(barrier.wait().unwrap().is_leader());
        assert!(early.join().unwrap().is_ok());
    });
    assert!(Instant::now() >= deadline);
    assert!(!barrier.is_broken());
}

#[test]
fn abort_during_the_action_lets_the_full_generation_pass() {
    let barrier = Arc::new_cyclic(|weak: &std::sync::Weak<Barrier>| {
        let weak = weak.clone();
        Barrier::builder(parties(2))
            .action(move || weak.upgrade().unwrap().abort())
            .build()
    });
    let results = run(2, || barrier.wait_timeout(PATIENCE));
    assert!(results.iter().all(Result::is_ok));
    assert!(barrier.is_broken());
    assert!(barrier.wait().is_err());
}

#[test]
fn wait_async_on_block_on_and_threads() {
    let barrier = Barrier::new(parties(3));
    let results = thread::scope(|s| {
        let thread = s.spawn(|| barrier.wait());
        let task = s.spawn(|| futures::executor::block_on(barrier.wait_async()));
        let mine = futures::executor::block_on(barrier.wait_async());
        [mine, thread.join().unwrap(), task.join().unwrap()]
    });
    let mut indices: Vec<_> = results.iter().map(|r| r.unwrap().index()).collect();
    indices.sort_unstable();
    assert_eq!(indices, [0, 1, 2]);
}

#[test]
fn wait_async_on_tokio_for_many_generations() {
    const N: usize = 4;
    const ROUNDS: usize = 50;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let barrier = Arc::new(Barrier::new(parties(N)));
    let leaders = runtime.block_on(async {
        let tasks: Vec<_> = (0..N)
            .map(|_| {
                let barrier = Arc::clone(&barrier);
                tokio::spawn(async move {
                    let mut leaders = 0;
                    for _ in 0..ROUNDS {
                        if barrier.wait_async().await.unwrap().is_leader() {
                            leaders += 1;
                        }
                    }
                    leaders
                })
            })
            .collect();
        let mut leaders = 0;
        for task in tasks {
            leaders += tokio::time::timeout(PATIENCE, task).await.unwrap().unwrap();
        }
        leaders
    });
    assert_eq!(leaders, ROUNDS);
}

#[test]
fn a_dropped_future_withdraws_before_the_trip() {
    let barrier = Barrier::new(parties(2));
    let mut future = barrier.wait_async();
    assert!(poll_once(&mut future).is_pending());
    assert_eq!(barrier.n_waiting(), 1);
    drop(future);
    assert_eq!(barrier.n_waiting(), 0);
    assert!(!barrier.is_broken());
    let results = run(2, || barrier.wait_timeout(PATIENCE).unwrap().index());
    let mut indices = results;
    indices.sort_unstable();
    assert_eq!(indices, [0, 1]);
}

#[test]
fn withdrawals_keep_indices_unique() {
    let barrier = Barrier::new(parties(3));
    let mut gone = barrier.wait_async();
    let mut first = barrier.wait_async();
    assert!(poll_once(&mut gone).is_pending());
    assert!(poll_once(&mut first).is_pending());
    drop(gone);
    let mut second = barrier.wait_async();
    assert!(poll_once(&mut second).is_pending());
    assert_eq!(barrier.n_waiting(), 2);
    let leader = barrier.wait().unwrap();
    assert_eq!((leader.index(), leader.is_leader()), (2, true));
    let Poll::Ready(Ok(first)) = poll_once(&mut first) else {
        panic!("first party not released");
    };
    let Poll::Ready(Ok(second)) = poll_once(&mut second) else {
        panic!("second party not released");
    };
    assert_eq!((first.index(), second.index()), (0, 1));
    assert!(!first.is_leader() && !second.is_leader());
}

#[test]
fn a_future_dropped_after_the_trip_changes_nothing() {
    let barrier = Barrier::new(parties(2));
    let mut future = barrier.wait_async();
    assert!(poll_once(&mut future).is_pending());
    assert!(barrier.wait().unwrap().is_leader());
    drop(future);
    assert_eq!(barrier.n_waiting(), 0);
    assert!(!barrier.is_broken());
}

#[test]
fn a_future_sees_abort() {
    let barrier = Barrier::new(parties(2));
    let mut future = barrier.wait_async();
    assert!(poll_once(&mut future).is_pending());
    barrier.abort();
    assert!(matches!(poll_once(&mut future), Poll::Ready(Err(_))));
    assert!(matches!(
        poll_once(&mut barrier.wait_async()),
        Poll::Ready(Err(_))
    ));
}

#[test]
fn a_future_queued_at_the_entry_can_be_dropped() {
    let in_action = Arc::new(Event::new());
    let finish_action = Arc::new(Event::new());
    let barrier = {
        let (in_action, finish_action) = (Arc::clone(&in_action), Arc::clone(&finish_action));
        Barrier::builder(NonZeroUsize::MIN)
            .action(move || {
                in_action.set();
                assert!(finish_action.wait_timeout(PATIENCE));
            })
            .build()
    };
    thread::scope(|s| {
        let leader = s.spawn(|| barrier.wait());
        assert!(in_action.wait_timeout(PATIENCE));
        let mut queued = barrier.wait_async();
        assert!(poll_once(&mut queued).is_pending());
        drop(queued);
        finish_action.set();
        assert!(leader.join().unwrap().is_ok());
    });
    in_action.clear();
    finish_action.set();
    assert!(barrier.wait().is_ok());
}

#[test]
fn debug_output() {
    let barrier = Barrier::new(parties(2));
    assert_eq!(
        format!("{barrier:?}"),
        "Barrier { parties: 2, n_waiting: 0, is_broken: false, timeout: None, has_action: false }"
    );
    let builder = Barrier::builder(parties(2));
    assert!(format!("{builder:?}").starts_with("BarrierBuilder"));
}
