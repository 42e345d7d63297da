//! Loom models of `Barrier`: run with `RUSTFLAGS="--cfg tripool_loom"
//! LOOM_MAX_PREEMPTIONS=2 cargo test -p tripool-sync --release --target-dir
//! target/loom --test loom_barrier`.
#![cfg(tripool_loom)]

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use tripool_sync::Barrier;

#[test]
fn two_parties_trip() {
    loom::model(|| {
        let barrier = Arc::new(Barrier::try_new(2).unwrap());
        let other = {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || barrier.wait().unwrap())
        };
        let mine = barrier.wait().unwrap();
        let other = other.join().unwrap();
        assert!(mine.is_leader() != other.is_leader());
        assert_eq!(mine.index() + other.index(), 1);
        assert_eq!(barrier.n_waiting(), 0);
    });
}

#[test]
fn generations_are_reused_without_mixing() {
    loom::model(|| {
        let trips = Arc::new(AtomicUsize::new(0));
        let barrier = {
            let trips = Arc::clone(&trips);
            Arc::new(
                Barrier::builder(2.try_into().unwrap())
                    .action(move || {
                        trips.fetch_add(1, Ordering::SeqCst);
                    })
                    .build(),
            )
        };
        let other = {
            let (barrier, trips) = (Arc::clone(&barrier), Arc::clone(&trips));
            thread::spawn(move || {
                for round in 1..=2 {
                    barrier.wait().unwrap();
                    assert_eq!(trips.load(Ordering::SeqCst), round);
                }
            })
        };
        for round in 1..=2 {
            barrier.wait().unwrap();
            assert_eq!(trips.load(Ordering::SeqCst), round);
        }
        other.join().unwrap();
    });
}

#[test]
fn abort_wakes_a_waiting_party() {
    loom::model(|| {
        let barrier = Arc::new(Barrier::try_new(2).unwrap());
        let waiter = {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || barrier.wait())
        };
        barrier.abort();
        assert!(waiter.join().unwrap().is_err());
        assert!(barrier.is_broken());
    });
}

#[test]
fn async_party_meets_a_thread() {
    loom::model(|| {
        let barrier = Arc::new(Barrier::try_new(2).unwrap());
        let other = {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || barrier.wait().unwrap())
        };
        let mine = loom::future::block_on(barrier.wait_async()).unwrap();
        let other = other.join().unwrap();
        assert!(mine.is_leader() != other.is_leader());
    });
}
