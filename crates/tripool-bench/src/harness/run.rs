//! Running a figure: warm-up, calibration, interleaved rounds, rows.

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use super::figure::{Context, Figure, Ops};
use super::row::{Row, Side};
use super::stats::{median, ratio};
use super::subject::Subject;
use super::watchdog::watch;

/// How hard to measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Whether figures use their `--quick` sizes.
    pub(crate) quick: bool,
    /// Measured rounds per implementation; the median is reported.
    pub(crate) rounds: usize,
    /// Unmeasured rounds per implementation before them (at least 1: the
    /// first one calibrates).
    pub(crate) warmup: usize,
    /// The longest a round should take: an implementation whose first
    /// round takes longer does fewer operations per round from then on
    /// (Python's pool is ~100× slower than the Rust ones).
    pub(crate) budget: Duration,
    /// A round that takes longer hangs: the watchdog ends the run.
    pub(crate) round_limit: Duration,
}

impl Settings {
    /// `--quick`: small rounds, a few of them; well under a minute in all.
    pub(crate) fn quick() -> Self {
        Self {
            quick: true,
            rounds: 9,
            warmup: 1,
            budget: Duration::from_millis(100),
            round_limit: Duration::from_secs(20),
        }
    }

    /// A full run: more and longer rounds.
    pub(crate) fn full() -> Self {
        Self {
            quick: false,
            rounds: 15,
            warmup: 2,
            budget: Duration::from_millis(400),
            round_limit: Duration::from_secs(120),
        }
    }

    /// The operations per round of a figure with these settings.
    fn ops(&self, ops: Ops) -> u64 {
        let ops = if self.quick { ops.quick } else { ops.full };
        ops.max(1)
    }
}

/// What a round is for.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// The first warm-up round: shrink the round to the budget if needed.
    Calibrate(Duration),
    /// Another unmeasured round.
    WarmUp,
    /// A measured round.
    Measure,
}

/// One member of the lineup while it runs.
struct Slot {
    name: String,
    /// `None` once it is unavailable or has failed.
    subject: Option<Box<dyn Subject>>,
    ops: u64,
    samples: Vec<f64>,
    note: Option<String>,
}

impl Slot {
    fn new(subject: Box<dyn Subject>, ops: u64) -> Self {
        Self {
            name: subject.name().to_owned(),
            subject: Some(subject),
            ops,
            samples: Vec::new(),
            note: None,
        }
    }

    /// Runs one round; a failure or a panic ends this member's rounds and
    /// becomes its note, never the run's end.
    fn step(&mut self, figure: &Figure, settings: &Settings, phase: Phase) {
        let Some(subject) = self.subject.as_mut() else {
            return;
        };
        let ops = self.ops;
        let what = format!("{} ({})", figure.name, self.name);
        let watched = watch(what, settings.round_limit);
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| subject.round(ops)));
        drop(watched);
        let unit = figure.unit;
        match outcome {
            Ok(Ok(elapsed)) => match phase {
                Phase::Calibrate(budget) => self.ops = calibrated(ops, elapsed, budget),
                Phase::WarmUp => {}
                Phase::Measure => self.samples.push(unit.value(elapsed, ops)),
            },
            Ok(Err(error)) => self.fail(format!("{error:#}")),
            Err(payload) => self.fail(format!("panicked: {}", panic_message(&*payload))),
        }
    }

    fn fail(&mut self, note: String) {
        self.note = Some(note);
        self.subject = None;
    }

    fn into_side(self) -> Side {
        let value = if self.note.is_none() {
            median(&self.samples)
        } else {
            None
        };
        Side {
            name: self.name,
            value,
            ops: self.ops,
            samples: self.samples,
            note: self.note,
        }
    }
}

/// Operations per round so that a round that took `elapsed` for `ops`
/// fits in `budget`; never more than `ops`, never less than 1.
fn calibrated(ops: u64, elapsed: Duration, budget: Duration) -> u64 {
    if elapsed <= budget {
        return ops;
    }
    let scaled = u128::from(ops) * budget.as_nanos() / elapsed.as_nanos();
    u64::try_from(scaled).unwrap_or(ops).clamp(1, ops)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(message) = payload.downcast_ref::<&str>() {
        message
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message
    } else {
        "a non-string payload"
    }
}

/// Measures `figure`: every member of its lineup runs `settings.warmup`
/// then `settings.rounds` rounds, interleaved and in a rotating order;
/// returns one row per peer, each with tripool's median and the peer's.
pub(crate) fn measure(figure: &Figure, settings: &Settings, context: &Context) -> Vec<Row> {
    let lineup = (figure.build)(context);
    let ops = settings.ops(figure.ops);
    let mut slots = vec![Slot::new(lineup.tripool, ops)];
    for peer in lineup.peers {
        slots.push(match peer {
            Ok(subject) => Slot::new(subject, ops),
            Err(missing) => Slot {
                name: missing.name,
                subject: None,
                ops,
                samples: Vec::new(),
                note: Some(missing.note),
            },
        });
    }

    let warmup = settings.warmup.max(1);
    let phases = (0..warmup + settings.rounds).map(|k| match k {
        0 => Phase::Calibrate(settings.budget),
        k if k < warmup => Phase::WarmUp,
        _ => Phase::Measure,
    });
    let count = slots.len();
    for (k, phase) in phases.enumerate() {
        for i in 0..count {
            slots[(k + i) % count].step(figure, settings, phase);
        }
    }

    let mut slots = slots.into_iter();
    let tripool = slots.next().map(Slot::into_side);
    let tripool = tripool.expect("a lineup always has tripool's side");
    slots
        .map(|peer| {
            let peer = peer.into_side();
            Row {
                figure: figure.name,
                title: figure.title,
                unit: figure.unit,
                better: figure.unit.better(),
                ratio: ratio(tripool.value, peer.value),
                tripool: tripool.clone(),
                peer,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::super::figure::Unit;
    use super::super::subject::{Lineup, Unavailable};
    use super::*;

    /// A subject whose rounds "take" `ns_per_op` per operation and that
    /// logs when it ran.
    struct Fake {
        name: &'static str,
        ns_per_op: u64,
        log: Rc<RefCell<Vec<&'static str>>>,
    }

    impl Subject for Fake {
        fn name(&self) -> &str {
            self.name
        }

        fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
            self.log.borrow_mut().push(self.name);
            Ok(Duration::from_nanos(ops * self.ns_per_op))
        }
    }

    struct Failing;

    impl Subject for Failing {
        fn name(&self) -> &str {
            "failing"
        }

        fn round(&mut self, _: u64) -> anyhow::Result<Duration> {
            anyhow::bail!("broke")
        }
    }

    struct Panicking;

    impl Subject for Panicking {
        fn name(&self) -> &str {
            "panicking"
        }

        fn round(&mut self, _: u64) -> anyhow::Result<Duration> {
            panic!("boom")
        }
    }

    thread_local! {
        static LOG: Rc<RefCell<Vec<&'static str>>> = Rc::default();
    }

    fn fake(name: &'static str, ns_per_op: u64) -> Fake {
        Fake {
            name,
            ns_per_op,
            log: LOG.with(Rc::clone),
        }
    }

    fn figure(build: fn(&Context) -> Lineup) -> Figure {
        Figure {
            name: "test/fake",
            title: "fake operations",
            unit: Unit::NsPerOp,
            ops: Ops {
                full: 1000,
                quick: 100,
            },
            build,
        }
    }

    fn run(figure: &Figure) -> Vec<Row> {
        let context = Context {
            python: "python3".into(),
            workers: std::num::NonZeroUsize::MIN,
        };
        let settings = Settings {
            rounds: 3,
            ..Settings::quick()
        };
        measure(figure, &settings, &context)
    }

    #[test]
    fn rows_pair_tripool_with_each_peer() {
        let rows = run(&figure(|_| {
            Lineup::new(fake("tripool", 20))
                .peer(fake("a", 10))
                .peer(fake("b", 40))
        }));
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].tripool.value, Some(20.0));
        assert_eq!(rows[0].peer.name, "a");
        assert_eq!(rows[0].ratio, Some(2.0));
        assert_eq!(rows[1].ratio, Some(0.5));
        assert_eq!(rows[1].peer.samples, vec![40.0; 3]);
        assert_eq!(rows[1].peer.ops, 100);
    }

    #[test]
    fn rounds_interleave_in_a_rotating_order() {
        LOG.with(|log| log.borrow_mut().clear());
        run(&figure(|_| {
            Lineup::new(fake("t", 1))
                .peer(fake("p", 1))
                .peer(fake("q", 1))
        }));
        let log = LOG.with(|log| log.borrow().clone());
        let expected = ["t", "p", "q", "p", "q", "t", "q", "t", "p", "t", "p", "q"];
        assert_eq!(log, expected);
    }

    #[test]
    fn a_slow_implementation_is_calibrated_to_the_budget() {
        // 2 ms per operation: 100 operations would take 200 ms > 100 ms.
        let rows = run(&figure(|_| {
            Lineup::new(fake("tripool", 10)).peer(fake("slow", 2_000_000))
        }));
        assert_eq!(rows[0].tripool.ops, 100);
        assert_eq!(rows[0].peer.ops, 50);
        assert_eq!(rows[0].peer.value, Some(2_000_000.0));
    }

    #[test]
    fn failures_and_missing_peers_become_notes() {
        let rows = run(&figure(|_| {
            Lineup::new(fake("tripool", 10))
                .peer(Failing)
                .maybe_peer(Err(Unavailable {
                    name: "python3 x".into(),
                    note: "python3 not found".into(),
                }))
                .peer(Panicking)
                .peer(fake("fine", 10))
        }));
        let notes: Vec<_> = rows.iter().map(Row::note).collect();
        assert_eq!(
            notes,
            [
                Some("broke"),
                Some("python3 not found"),
                Some("panicked: boom"),
                None
            ]
        );
        assert!(rows[..3].iter().all(|row| row.ratio.is_none()));
        assert_eq!(rows[3].ratio, Some(1.0));
    }

    #[test]
    fn calibration_only_shrinks() {
        let budget = Duration::from_millis(10);
        assert_eq!(calibrated(1000, Duration::from_millis(5), budget), 1000);
        assert_eq!(calibrated(1000, Duration::from_millis(20), budget), 500);
        assert_eq!(calibrated(1000, Duration::from_secs(1000), budget), 1);
    }
}
