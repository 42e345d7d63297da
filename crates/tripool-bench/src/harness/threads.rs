//! Timing work spread over several threads.

use std::panic;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

/// A job for one thread of a timed round.
pub(crate) type Job<'a> = Box<dyn FnOnce() + Send + 'a>;

/// Runs each job on its own scoped thread, all released together, and
/// returns the time from the first job's start to the last job's end, so
/// thread creation stays out of the measurement.
///
/// The jobs take their own timestamps: a timestamp taken by the caller
/// after releasing them could come late on a busy machine, after the jobs
/// had done most of their work.
///
/// # Panics
///
/// Re-raises a job's panic once every job has ended (the harness turns it
/// into a note on the row).
pub(crate) fn time_parallel(jobs: Vec<Job<'_>>) -> Duration {
    let start = Barrier::new(jobs.len());
    let spans: Vec<thread::Result<(Instant, Instant)>> = thread::scope(|scope| {
        let threads: Vec<_> = jobs
            .into_iter()
            .map(|job| {
                let start = &start;
                scope.spawn(move || {
                    start.wait();
                    let began = Instant::now();
                    job();
                    (began, Instant::now())
                })
            })
            .collect();
        threads.into_iter().map(|thread| thread.join()).collect()
    });
    let mut first_start = None::<Instant>;
    let mut last_end = None::<Instant>;
    for span in spans {
        let (began, ended) = span.unwrap_or_else(|payload| panic::resume_unwind(payload));
        first_start = Some(first_start.map_or(began, |first| first.min(began)));
        last_end = Some(last_end.map_or(ended, |last| last.max(ended)));
    }
    match (first_start, last_end) {
        (Some(began), Some(ended)) => ended.duration_since(began),
        _ => Duration::ZERO,
    }
}

/// Thread `index`'s share when `ops` operations are split over `parts`
/// threads: the shares differ by at most one and add up to `ops`.
pub(crate) fn share(ops: u64, parts: u64, index: u64) -> u64 {
    ops / parts + u64::from(index < ops % parts)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use super::*;

    #[test]
    fn shares_add_up() {
        for ops in [0, 1, 7, 100, 101] {
            for parts in 1..5 {
                let total: u64 = (0..parts).map(|i| share(ops, parts, i)).sum();
                assert_eq!(total, ops, "{ops} over {parts}");
            }
        }
        assert_eq!(share(7, 2, 0), 4);
        assert_eq!(share(7, 2, 1), 3);
    }

    #[test]
    fn the_span_covers_the_slowest_job() {
        let pause = Duration::from_millis(20);
        let jobs: Vec<Job<'_>> = vec![Box::new(|| {}), Box::new(move || thread::sleep(pause))];
        assert!(time_parallel(jobs) >= pause);
        assert_eq!(time_parallel(Vec::new()), Duration::ZERO);
    }

    #[test]
    fn a_job_panic_is_raised_after_every_job_ended() {
        let finished = AtomicU64::new(0);
        let jobs: Vec<Job<'_>> = vec![
            Box::new(|| panic!("job failed")),
            Box::new(|| {
                finished.fetch_add(1, Ordering::Relaxed);
            }),
        ];
        let caught = panic::catch_unwind(panic::AssertUnwindSafe(|| time_parallel(jobs)));
        assert!(caught.is_err());
        assert_eq!(finished.load(Ordering::Relaxed), 1);
    }

    #[test]
    fn every_job_runs_before_the_time_is_taken() {
        let done = AtomicU64::new(0);
        let jobs: Vec<Job<'_>> = (0..3)
            .map(|_| {
                Box::new(|| {
                    done.fetch_add(1, Ordering::Relaxed);
                }) as Job<'_>
            })
            .collect();
        time_parallel(jobs);
        assert_eq!(done.load(Ordering::Relaxed), 3);
    }
}
