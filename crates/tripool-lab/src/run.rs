//! Running experiments in order and handing each finding to a reporter.

use std::any::Any;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;

use crate::{Config, Experiment, Finding, LabError, Reporter};

/// Runs `experiment` and records what it produced; a panic becomes a
/// [`LabError`] of kind [`Panicked`](crate::LabErrorKind::Panicked).
///
/// # Examples
///
/// ```
/// use tripool_lab::{Config, run_one};
///
/// let finding = run_one(tripool_lab::find("semaphore-keys").unwrap(), &Config::new(true));
/// assert_eq!(finding.name, "semaphore-keys");
/// let outcome = finding.result.expect("the experiment ran");
/// assert!(!outcome.figures.is_empty());
/// ```
pub fn run_one(experiment: &dyn Experiment, config: &Config) -> Finding {
    let start = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| experiment.run(config)))
        .unwrap_or_else(|payload| Err(LabError::panicked(panic_message(payload.as_ref()))));
    Finding {
        name: experiment.name(),
        claim: experiment.claim(),
        elapsed: start.elapsed(),
        result,
    }
}

/// Runs `experiments` in order, handing each finding to `reporter` as soon as
/// it is known; a failed experiment does not stop the others.
///
/// # Errors
///
/// The first error the reporter returns (say, a closed stdout); the run
/// stops there.
///
/// # Examples
///
/// ```
/// use tripool_lab::{Config, JsonReporter, run_all};
///
/// let mut json = Vec::new();
/// let config = Config::new(true);
/// let chosen = [tripool_lab::find("semaphore-keys").unwrap()];
/// let mut reporter = JsonReporter::new(&mut json, &config);
/// let tally = run_all(&chosen, &config, &mut reporter)?;
/// assert_eq!((tally.ran, tally.failed), (1, 0));
/// drop(reporter);
/// assert!(String::from_utf8(json).unwrap().contains("\"semaphore-keys\""));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn run_all(
    experiments: &[&dyn Experiment],
    config: &Config,
    reporter: &mut dyn Reporter,
) -> io::Result<Tally> {
    reporter.begin(config, experiments.len())?;
    let mut tally = Tally::default();
    for (index, experiment) in experiments.iter().enumerate() {
        reporter.started(index, *experiment)?;
        let finding = run_one(*experiment, config);
        tally.ran += 1;
        match &finding.result {
            Ok(outcome) if outcome.verdict.holds => tally.held += 1,
            Ok(_) => {}
            Err(_) => tally.failed += 1,
        }
        reporter.finished(&finding)?;
    }
    reporter.end(&tally)?;
    Ok(tally)
}

/// How a run went: how many experiments ran, held, and failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Experiments run.
    pub ran: usize,
    /// Experiments whose claim held.
    pub held: usize,
    /// Experiments that could not be carried out (an error or a panic).
    pub failed: usize,
}

pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a non-string payload");
    format!("the experiment panicked: {text}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Claim, JsonReporter, LabErrorKind, Outcome, Quote, TextReporter, Verdict};

    /// An experiment whose behaviour the test chooses.
    struct Fake(&'static str, fn() -> Result<Outcome, LabError>);

    impl Experiment for Fake {
        fn name(&self) -> &'static str {
            self.0
        }

        fn claim(&self) -> Claim {
            Claim {
                summary: "fakes behave as told",
                quotes: &[Quote {
                    seed: "none.txt",
                    words: "假",
                }],
            }
        }

        fn run(&self, _: &Config) -> Result<Outcome, LabError> {
            (self.1)()
        }
    }

    fn outcome(holds: bool) -> Outcome {
        Outcome {
            method: "nothing".into(),
            figures: vec![crate::Figure::new("answer", 42.0, "")],
            verdict: if holds {
                Verdict::holds("yes")
            } else {
                Verdict::does_not_hold("no")
            },
        }
    }

    const HOLDS: Fake = Fake("holds", || Ok(outcome(true)));
    const FAILS: Fake = Fake("fails", || Err(LabError::stuck("waited too long")));
    const PANICS: Fake = Fake("panics", || panic!("on purpose"));
    const DOES_NOT_HOLD: Fake = Fake("does-not-hold", || Ok(outcome(false)));

    #[test]
    fn a_panic_becomes_an_error() {
        let finding = run_one(&PANICS, &Config::new(true));
        let error = finding.result.unwrap_err();
        assert_eq!(error.kind(), LabErrorKind::Panicked);
        assert_eq!(error.to_string(), "the experiment panicked: on purpose");
    }

    #[test]
    fn a_failure_does_not_stop_the_others() {
        let config = Config::new(true);
        let mut text = Vec::new();
        let mut json = Vec::new();
        let mut reporters: Vec<Box<dyn Reporter>> = vec![
            Box::new(TextReporter::new(&mut text)),
            Box::new(JsonReporter::new(&mut json, &config)),
        ];
        let chosen: [&dyn Experiment; 4] = [&HOLDS, &FAILS, &PANICS, &DOES_NOT_HOLD];
        let tally = run_all(&chosen, &config, &mut reporters).unwrap();
        drop(reporters);
        assert_eq!(
            tally,
            Tally {
                ran: 4,
                held: 1,
                failed: 2
            }
        );

        let text = String::from_utf8(text).unwrap();
        assert!(text.contains("[4/4] does-not-hold"), "{text}");
        assert!(text.contains("verdict  HOLDS: yes"), "{text}");
        assert!(text.contains("verdict  DOES NOT HOLD here: no"), "{text}");
        assert!(text.contains("error    stuck: waited too long"), "{text}");
        assert!(
            text.contains("4 experiments run: 1 held, 1 did not hold here, 2 failed"),
            "{text}"
        );

        let json: serde_json::Value = serde_json::from_slice(&json).unwrap();
        let findings = json["experiments"].as_array().unwrap();
        assert_eq!(findings.len(), 4);
        assert_eq!(findings[0]["outcome"]["figures"][0]["value"], 42.0);
        assert_eq!(findings[0]["outcome"]["verdict"]["holds"], true);
        assert_eq!(findings[1]["error"]["kind"], "stuck");
        assert_eq!(
            findings[2]["error"]["message"],
            "the experiment panicked: on purpose"
        );
        assert_eq!(findings[3]["claim"]["quotes"][0]["words"], "假");
        assert_eq!(json["tally"]["failed"], 2);
    }

    #[test]
    fn a_reporter_error_stops_the_run() {
        struct Refuses;
        impl Reporter for Refuses {
            fn begin(&mut self, _: &Config, _: usize) -> io::Result<()> {
                Ok(())
            }
            fn started(&mut self, _: usize, _: &dyn Experiment) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn finished(&mut self, _: &Finding) -> io::Result<()> {
                unreachable!("the run stopped at started")
            }
            fn end(&mut self, _: &Tally) -> io::Result<()> {
                unreachable!("the run stopped at started")
            }
        }
        let error = run_all(&[&HOLDS], &Config::new(true), &mut Refuses).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
    }
}
