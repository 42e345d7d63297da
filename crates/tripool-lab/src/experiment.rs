//! The [`Experiment`] trait and the [`Claim`] each experiment puts to the test.

use serde::Serialize;

use crate::{Config, LabError, Outcome};

/// One claim of the source material, reproduced on this machine.
///
/// An experiment is a unit struct in its own file under `src/experiments/`,
/// listed once in the [registry](crate::experiments). It measures, then judges
/// its own figures; the judging is a pure function of the figures, so that a
/// test can feed it numbers for which the claim does not hold.
///
/// # Examples
///
/// ```
/// use tripool_lab::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Verdict};
///
/// struct Arithmetic;
///
/// impl Experiment for Arithmetic {
///     fn name(&self) -> &'static str {
///         "arithmetic"
///     }
///
///     fn claim(&self) -> Claim {
///         Claim {
///             summary: "one plus one is two",
///             quotes: &[Quote { seed: "none.txt", words: "一加一等于二" }],
///         }
///     }
///
///     fn run(&self, _config: &Config) -> Result<Outcome, LabError> {
///         let sum = 1 + 1;
///         Ok(Outcome {
///             method: "added one and one".into(),
///             figures: vec![Figure::new("sum", f64::from(sum), "")],
///             verdict: if sum == 2 {
///                 Verdict::holds("the sum is two")
///             } else {
///                 Verdict::does_not_hold(format!("the sum is {sum}"))
///             },
///         })
///     }
/// }
///
/// let outcome = Arithmetic.run(&Config::new(true))?;
/// assert!(outcome.verdict.holds);
/// # Ok::<(), LabError>(())
/// ```
pub trait Experiment: Send + Sync {
    /// The name used on the command line: lowercase words joined by `-`.
    fn name(&self) -> &'static str;

    /// What the experiment puts to the test, and where the material says it.
    fn claim(&self) -> Claim;

    /// Runs the experiment on this machine and judges the claim.
    ///
    /// # Errors
    ///
    /// A [`LabError`] if the experiment could not be carried out (a primitive
    /// failed or a safety-net timeout expired). A claim that does not hold is
    /// not an error: it is an [`Outcome`] whose verdict says so.
    fn run(&self, config: &Config) -> Result<Outcome, LabError>;
}

/// A claim of the source material: one English line and the seed's own words.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Claim {
    /// The claim in one English line.
    pub summary: &'static str,
    /// The passages of the seeds that make the claim, verbatim.
    pub quotes: &'static [Quote],
}

/// A passage of a seed article, verbatim, and the file it comes from.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Quote {
    /// The seed's file name, e.g. `002_4e37179c854e1ce7.txt`.
    pub seed: &'static str,
    /// The seed's own words (Chinese), copied exactly.
    pub words: &'static str,
}
