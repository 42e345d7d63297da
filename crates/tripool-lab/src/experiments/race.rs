//! `race`: threads that read-modify-write a shared counter without a lock lose
//! updates; with tripool's `Lock` the count is exact.

use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use tripool::sync::Lock;

use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Summary, Verdict};

/// Seeds 001 and 002: five threads each run `n += i` for `i` in
/// `0..iterations` on one shared `n`, first without a lock, then with one.
///
/// Without a lock, `n += i` is a relaxed atomic load followed by a relaxed
/// store: two steps another thread can slip between (a real race, yet no
/// undefined behaviour). With a lock it is `*n.acquire() += i`.
pub(crate) struct Race;

const THREADS: usize = 5;

impl Experiment for Race {
    fn name(&self) -> &'static str {
        "race"
    }

    fn claim(&self) -> Claim {
        Claim {
            summary: "threads that read-modify-write a shared counter without a lock lose updates \
                      (a race condition); with a lock the count is exact",
            quotes: &[
                Quote {
                    seed: "001_b61d24d51aa3c12b.txt",
                    words: "由于线程之间能够共享地址空间，因此，需要考虑同步和互斥操作",
                },
                Quote {
                    seed: "002_4e37179c854e1ce7.txt",
                    words: "如果多个线程共同访问同一片数据，则由于数据访 问的顺序不一样，\
                            有可能导致数据结果的不一致的问题。这叫做竞态条件(race condition)。",
                },
            ],
        }
    }

    fn run(&self, config: &Config) -> Result<Outcome, LabError> {
        // Each unlocked thread must outlast a scheduler time slice, so that
        // the race shows even when the threads share one core; the locked
        // count needs fewer rounds of a slower increment to show it is exact.
        let unlocked_iterations: u64 = config.pick(10_000_000, 20_000_000);
        let locked_iterations: u64 = config.pick(1_000_000, 5_000_000);
        let rounds = config.pick(3, 7);
        let mut unlocked = Counts::new(unlocked_iterations);
        let mut locked = Counts::new(locked_iterations);
        for _ in 0..rounds {
            unlocked.record(count_unlocked(unlocked_iterations));
            locked.record(count_locked(locked_iterations));
        }
        let mut figures = vec![
            Figure::new("unlocked: expected n", unlocked.expected as f64, ""),
            Figure::new(
                format!("unlocked: n, median of {rounds}"),
                unlocked.median()?,
                "",
            ),
            Figure::new(
                "unlocked: rounds that lost updates",
                unlocked.wrong_rounds() as f64,
                "",
            ),
            Figure::new(
                "unlocked: n short of expected, worst round",
                unlocked.worst_short_percent(),
                "%",
            ),
            Figure::new(
                "unlocked: wall time / increments, median",
                unlocked.ns_median()?,
                "ns",
            ),
            Figure::new("locked: expected n", locked.expected as f64, ""),
            Figure::new(
                format!("locked: n, median of {rounds}"),
                locked.median()?,
                "",
            ),
        ];
        let exact = (locked.got.len() - locked.wrong_rounds()) as f64;
        figures.push(Figure::new("locked: rounds with exact n", exact, ""));
        figures.push(Figure::new(
            "locked: wall time / increments, median",
            locked.ns_median()?,
            "ns",
        ));
        Ok(Outcome {
            method: format!(
                "{THREADS} threads started together, each running n += i on one shared n, \
                 {rounds} rounds; unlocked: i in 0..{unlocked_iterations}, n += i as a relaxed \
                 atomic load then store; locked: i in 0..{locked_iterations}, n += i under a \
                 tripool Lock<u64>; on {} cores",
                config.cores
            ),
            figures,
            verdict: verdict(&unlocked, &locked),
        })
    }
}

/// `n` after every thread has added `0 + 1 + … + (iterations - 1)`.
fn expected(iterations: u64) -> u64 {
    THREADS as u64 * (iterations * iterations.saturating_sub(1) / 2)
}

/// Runs the threads together: each calls `add(i)` for `i` in `0..iterations`.
/// Returns the seconds from the start signal to the last thread's end.
fn run_threads(iterations: u64, add: impl Fn(u64) + Sync) -> f64 {
    let start = Barrier::new(THREADS + 1);
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                start.wait();
                (0..iterations).for_each(&add);
            });
        }
        start.wait();
        Instant::now()
    })
    .elapsed()
    .as_secs_f64()
}

fn count_unlocked(iterations: u64) -> (u64, f64) {
    let n = AtomicU64::new(0);
    let elapsed = run_threads(iterations, |i| {
        // Read, then write: another thread's update in between is lost.
        let seen = n.load(Ordering::Relaxed);
        n.store(seen.wrapping_add(i), Ordering::Relaxed);
    });
    (n.into_inner(), elapsed)
}

fn count_locked(iterations: u64) -> (u64, f64) {
    let n = Lock::new(0_u64);
    let elapsed = run_threads(iterations, |i| {
        let mut guard = n.acquire();
        *guard = guard.wrapping_add(i);
    });
    (n.into_inner(), elapsed)
}

/// The final `n` of every round of one way of counting.
struct Counts {
    iterations: u64,
    expected: u64,
    got: Vec<u64>,
    ns_per_increment: Vec<f64>,
}

impl Counts {
    fn new(iterations: u64) -> Self {
        Self {
            iterations,
            expected: expected(iterations),
            got: Vec::new(),
            ns_per_increment: Vec::new(),
        }
    }

    /// Records one round: its final `n` and how long it took in seconds.
    fn record(&mut self, (n, seconds): (u64, f64)) {
        let increments = (THREADS as u64 * self.iterations) as f64;
        self.got.push(n);
        self.ns_per_increment.push(seconds * 1e9 / increments);
    }

    fn wrong_rounds(&self) -> usize {
        self.got.iter().filter(|&&n| n != self.expected).count()
    }

    /// How far `n` fell short of the expected count, in percent.
    fn short_percent(&self, n: u64) -> f64 {
        if self.expected == 0 {
            return 0.0;
        }
        (self.expected as f64 - n as f64) / self.expected as f64 * 100.0
    }

    fn worst_short_percent(&self) -> f64 {
        self.got
            .iter()
            .map(|&n| self.short_percent(n))
            .fold(0.0, f64::max)
    }

    fn median(&self) -> Result<f64, LabError> {
        let got: Vec<f64> = self.got.iter().map(|&n| n as f64).collect();
        Ok(Summary::measured("counts", &got)?.median)
    }

    fn ns_median(&self) -> Result<f64, LabError> {
        Ok(Summary::measured("increment times", &self.ns_per_increment)?.median)
    }
}

fn verdict(unlocked: &Counts, locked: &Counts) -> Verdict {
    let rounds = locked.got.len();
    if let Some(&wrong) = locked.got.iter().find(|&&n| n != locked.expected) {
        return Verdict::does_not_hold(format!(
            "with tripool's Lock n was {wrong} instead of {} ({} of {rounds} rounds wrong): \
             the lock did not protect the counter",
            locked.expected,
            locked.wrong_rounds()
        ));
    }
    let racy = unlocked.wrong_rounds();
    if racy == 0 {
        return Verdict::does_not_hold(format!(
            "without a lock no update was lost in any of {} rounds: the threads never came \
             between another's read and write here; with tripool's Lock every round was exact",
            unlocked.got.len()
        ));
    }
    Verdict::holds(format!(
        "without a lock {racy} of {} rounds lost updates (n up to {:.1}% short of {}); \
         with tripool's Lock all {rounds} rounds were exact",
        unlocked.got.len(),
        unlocked.worst_short_percent(),
        unlocked.expected
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts of 0..15 (expected 5 × 105 = 525) with these final values.
    fn counts(got: &[u64]) -> Counts {
        let mut counts = Counts::new(15);
        for &n in got {
            counts.record((n, 1e-6));
        }
        counts
    }

    #[test]
    fn holds_when_unlocked_loses_and_locked_is_exact() {
        let verdict = verdict(&counts(&[525, 315, 420]), &counts(&[525, 525, 525]));
        assert!(verdict.holds, "{}", verdict.why);
        assert!(
            verdict.why.contains("2 of 3 rounds lost updates"),
            "{}",
            verdict.why
        );
        assert!(
            verdict.why.contains("40.0% short of 525"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn does_not_hold_when_no_update_is_lost() {
        let verdict = verdict(&counts(&[525, 525]), &counts(&[525, 525]));
        assert!(!verdict.holds);
        assert!(
            verdict.why.contains("no update was lost"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn does_not_hold_when_the_lock_loses_an_update() {
        let verdict = verdict(&counts(&[100, 200]), &counts(&[525, 524]));
        assert!(!verdict.holds);
        assert!(
            verdict.why.contains("n was 524 instead of 525"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn figures_of_the_rounds() {
        let counts = counts(&[525, 420, 315]);
        assert_eq!(counts.median().unwrap(), 420.0);
        assert_eq!(counts.wrong_rounds(), 2);
        assert_eq!(counts.worst_short_percent(), 40.0);
        // 1 µs for 5 × 15 increments.
        assert!((counts.ns_median().unwrap() - 1000.0 / 75.0).abs() < 1e-9);
    }

    #[test]
    fn expected_is_the_seeds_sum() {
        // The seed's threads each add 0..100000: 4999950000 each.
        assert_eq!(expected(100_000), 5 * 4_999_950_000);
        assert_eq!(expected(0), 0);
    }

    #[test]
    fn a_tiny_run_counts_exactly_with_the_lock() {
        let (n, _) = count_locked(1_000);
        assert_eq!(n, expected(1_000));
        let (n, _) = count_unlocked(1_000);
        assert!(n <= expected(1_000));
    }
}
