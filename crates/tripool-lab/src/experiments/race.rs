//! `race`: threads that read-modify-write a shared counter without a lock lose
//! updates; with tripool's `Lock` the count is exact.

use std::sync::Barrier;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tripool::sync::Lock;

use crate::run::panic_message;
use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Verdict};

/// Seeds 001 and 002: five threads started together each run `n += i` for
/// `i = 0, 1, 2, …` on one shared `n`, first without a lock, then with one.
///
/// Without a lock, `n += i` is a relaxed atomic load, an add, and a relaxed
/// store: steps another thread can slip between (a real race, yet no
/// undefined behaviour). With a lock the same steps run under
/// `n.acquire()`.
///
/// The seed counts to a fixed 100000; here each round runs for a fixed time
/// instead, longer than a scheduler time slice, so that the threads meet
/// whether they run on separate cores or take turns on one, and a slow debug
/// build takes no longer. Each thread counts how far it got, which gives the
/// expected `n`: the sum over threads of `0 + 1 + … + (k - 1)`.
pub(crate) struct Race;

const THREADS: usize = 5;
/// Opaque steps in each `n + i` (see [`add_slowly`]).
const ADD_STEPS: usize = 32;

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
        let duration = config.pick(Duration::from_millis(25), Duration::from_millis(50));
        let rounds = config.pick(3, 7);
        let mut unlocked = Vec::with_capacity(rounds);
        let mut locked = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            unlocked.push(count_unlocked(duration)?);
            locked.push(count_locked(duration)?);
        }
        let (unlocked, locked) = (Counts(unlocked), Counts(locked));
        let mut figures = unlocked.figures("unlocked");
        figures.extend(locked.figures("locked"));
        Ok(Outcome {
            method: format!(
                "{THREADS} threads started together, each running n += i for i = 0, 1, 2, … on \
                 one shared n for {} ms, {rounds} rounds; unlocked: a relaxed atomic load, an add \
                 taking {ADD_STEPS} opaque steps, a relaxed store; locked: the same add under a \
                 tripool Lock<u64>; expected n from how far each thread counted; cores: {}",
                duration.as_millis(),
                config.cores
            ),
            figures,
            verdict: verdict(&unlocked, &locked),
        })
    }
}

/// One round: the `n` the threads should have reached, the `n` they did, and
/// how many increments they made.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Round {
    expected: u64,
    got: u64,
    increments: u64,
}

impl Round {
    fn exact(&self) -> bool {
        self.got == self.expected
    }

    /// How far `got` fell short of `expected`, in percent.
    fn short_percent(&self) -> f64 {
        if self.expected == 0 {
            return 0.0;
        }
        (self.expected as f64 - self.got as f64) / self.expected as f64 * 100.0
    }
}

/// `n + i`, computed in [`ADD_STEPS`] opaque steps: like Python's `n += i`,
/// whose read, add and write are separate bytecodes, the add takes most of
/// the time between the read and the write, so a thread switched out at a
/// random moment is most likely holding a value it has read but not written.
fn add_slowly(n: u64, i: u64) -> u64 {
    let mut sum = n;
    for _ in 0..ADD_STEPS {
        sum = std::hint::black_box(sum);
    }
    sum.wrapping_add(i)
}

/// `0 + 1 + … + (k - 1)`: what one thread adds in `k` increments.
fn triangle(k: u64) -> u64 {
    k.saturating_mul(k.saturating_sub(1)) / 2
}

/// Runs the threads together for `duration`: each calls `add(i)` for
/// `i = 0, 1, 2, …` until told to stop. Returns the expected total and the
/// number of increments.
fn run_threads(duration: Duration, add: impl Fn(u64) + Sync) -> Result<(u64, u64), LabError> {
    let start = Barrier::new(THREADS + 1);
    let stop = AtomicBool::new(false);
    let counted: Vec<Result<u64, LabError>> = std::thread::scope(|s| {
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                s.spawn(|| {
                    start.wait();
                    let mut i = 0;
                    while !stop.load(Ordering::Relaxed) {
                        add(i);
                        i += 1;
                    }
                    i
                })
            })
            .collect();
        start.wait();
        let end = Instant::now() + duration;
        // The time the threads count for is the subject here: sleeping is the measurement.
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            std::thread::sleep(left);
        }
        stop.store(true, Ordering::Relaxed);
        threads
            .into_iter()
            .map(|t| {
                t.join()
                    .map_err(|p| LabError::panicked(panic_message(p.as_ref())))
            })
            .collect()
    });
    let counted = counted
        .into_iter()
        .collect::<Result<Vec<u64>, LabError>>()?;
    let expected = counted
        .iter()
        .map(|&k| triangle(k))
        .fold(0, u64::saturating_add);
    Ok((expected, counted.iter().sum()))
}

fn count_unlocked(duration: Duration) -> Result<Round, LabError> {
    let n = AtomicU64::new(0);
    let (expected, increments) = run_threads(duration, |i| {
        // Read, add, write: another thread's update in between is lost.
        let seen = n.load(Ordering::Relaxed);
        n.store(add_slowly(seen, i), Ordering::Relaxed);
    })?;
    Ok(Round {
        expected,
        got: n.into_inner(),
        increments,
    })
}

fn count_locked(duration: Duration) -> Result<Round, LabError> {
    let n = Lock::new(0_u64);
    let (expected, increments) = run_threads(duration, |i| {
        let mut guard = n.acquire();
        *guard = add_slowly(*guard, i);
    })?;
    Ok(Round {
        expected,
        got: n.into_inner(),
        increments,
    })
}

/// Every round of one way of counting.
struct Counts(Vec<Round>);

impl Counts {
    fn wrong_rounds(&self) -> usize {
        self.0.iter().filter(|r| !r.exact()).count()
    }

    /// The round furthest from its expected `n` (the first if all are exact).
    fn worst(&self) -> Option<&Round> {
        self.0.iter().reduce(|worst, r| {
            if r.short_percent().abs() > worst.short_percent().abs() {
                r
            } else {
                worst
            }
        })
    }

    fn figures(&self, label: &str) -> Vec<Figure> {
        let rounds = self.0.len();
        let mut figures = Vec::new();
        if let Some(worst) = self.worst() {
            figures.push(Figure::new(
                format!("{label}: expected n, worst round"),
                worst.expected as f64,
                "",
            ));
            figures.push(Figure::new(
                format!("{label}: got n, worst round"),
                worst.got as f64,
                "",
            ));
            figures.push(Figure::new(
                format!("{label}: n short of expected, worst round"),
                worst.short_percent(),
                "%",
            ));
        }
        let exact = (rounds - self.wrong_rounds()) as f64;
        figures.push(Figure::new(
            format!("{label}: rounds with exact n, of {rounds}"),
            exact,
            "",
        ));
        let increments: u64 = self.0.iter().map(|r| r.increments).sum();
        figures.push(Figure::new(
            format!("{label}: increments, all rounds"),
            increments as f64,
            "",
        ));
        figures
    }
}

fn verdict(unlocked: &Counts, locked: &Counts) -> Verdict {
    let rounds = locked.0.len();
    if let Some(wrong) = locked.0.iter().find(|r| !r.exact()) {
        return Verdict::does_not_hold(format!(
            "with tripool's Lock n was {} instead of {} ({} of {rounds} rounds wrong): \
             the lock did not protect the counter",
            wrong.got,
            wrong.expected,
            locked.wrong_rounds()
        ));
    }
    let racy = unlocked.wrong_rounds();
    let Some(worst) = unlocked.worst().filter(|_| racy > 0) else {
        return Verdict::does_not_hold(format!(
            "without a lock no update was lost in any of {} rounds: the threads never came \
             between another's read and write here; with tripool's Lock every round was exact",
            unlocked.0.len()
        ));
    };
    Verdict::holds(format!(
        "without a lock {racy} of {} rounds lost updates (at worst n was {:.1}% short of the \
         expected {}); with tripool's Lock all {rounds} rounds were exact",
        unlocked.0.len(),
        worst.short_percent(),
        worst.expected
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(rounds: &[(u64, u64)]) -> Counts {
        Counts(
            rounds
                .iter()
                .map(|&(expected, got)| Round {
                    expected,
                    got,
                    increments: 10,
                })
                .collect(),
        )
    }

    #[test]
    fn holds_when_unlocked_loses_and_locked_is_exact() {
        let verdict = verdict(
            &counts(&[(500, 500), (500, 300), (400, 380)]),
            &counts(&[(9, 9), (7, 7), (8, 8)]),
        );
        assert!(verdict.holds, "{}", verdict.why);
        assert!(
            verdict.why.contains("2 of 3 rounds lost updates"),
            "{}",
            verdict.why
        );
        assert!(
            verdict.why.contains("40.0% short of the expected 500"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn does_not_hold_when_no_update_is_lost() {
        let verdict = verdict(&counts(&[(5, 5), (6, 6)]), &counts(&[(5, 5), (6, 6)]));
        assert!(!verdict.holds);
        assert!(
            verdict
                .why
                .contains("no update was lost in any of 2 rounds"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn does_not_hold_when_the_lock_loses_an_update() {
        let verdict = verdict(&counts(&[(500, 100)]), &counts(&[(525, 525), (525, 524)]));
        assert!(!verdict.holds);
        assert!(
            verdict.why.contains("n was 524 instead of 525"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn figures_show_the_worst_round() {
        let figures = counts(&[(100, 90), (100, 60), (100, 100)]).figures("unlocked");
        let value = |name: &str| figures.iter().find(|f| f.name == name).map(|f| f.value);
        assert_eq!(value("unlocked: expected n, worst round"), Some(100.0));
        assert_eq!(value("unlocked: got n, worst round"), Some(60.0));
        assert_eq!(
            value("unlocked: n short of expected, worst round"),
            Some(40.0)
        );
        assert_eq!(value("unlocked: rounds with exact n, of 3"), Some(1.0));
        assert_eq!(value("unlocked: increments, all rounds"), Some(30.0));
    }

    #[test]
    fn a_thread_adds_a_triangle_number() {
        // The seed's threads each add 0..100000: 4999950000 each.
        assert_eq!(triangle(100_000), 4_999_950_000);
        assert_eq!((triangle(0), triangle(1), triangle(3)), (0, 0, 3));
        assert_eq!(triangle(u64::MAX), u64::MAX / 2);
    }

    #[test]
    fn a_short_run_counts_exactly_with_the_lock() {
        let round = count_locked(Duration::from_millis(2)).unwrap();
        assert!(round.exact(), "{round:?}");
        let round = count_unlocked(Duration::from_millis(2)).unwrap();
        assert!(round.got <= round.expected, "{round:?}");
    }
}
