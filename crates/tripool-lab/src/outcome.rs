//! [`Outcome`]: what an experiment measured and what it concludes.

use serde::Serialize;

/// The result of one experiment: how it was run, the figures, the verdict.
///
/// # Examples
///
/// ```
/// use tripool_lab::{Figure, Outcome, Verdict};
///
/// let outcome = Outcome {
///     method: "5 threads × 100000 increments".into(),
///     figures: vec![Figure::new("lost updates", 0.0, "")],
///     verdict: Verdict::does_not_hold("no update was lost"),
/// };
/// assert!(!outcome.verdict.holds);
/// ```
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// What was run, in one or two sentences (sizes, rounds, primitives).
    pub method: String,
    /// The measured figures, in the order a reader should see them.
    pub figures: Vec<Figure>,
    /// Whether the claim holds on this machine, and why.
    pub verdict: Verdict,
}

/// One measured number with its name and unit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    /// What the number is, e.g. `"thread start+join, median"`.
    pub name: String,
    /// The number itself.
    pub value: f64,
    /// Its unit, e.g. `"µs"`, `"items/s"`; empty for a plain count.
    pub unit: String,
}

impl Figure {
    /// A figure named `name` of `value` `unit`.
    pub fn new(name: impl Into<String>, value: f64, unit: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value,
            unit: unit.into(),
        }
    }
}

/// Whether a claim holds here, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// `true` if the measurement bears the claim out on this machine.
    pub holds: bool,
    /// The reason, with the deciding figures, in one sentence.
    pub why: String,
}

impl Verdict {
    /// The claim holds, because `why`.
    pub fn holds(why: impl Into<String>) -> Self {
        Self {
            holds: true,
            why: why.into(),
        }
    }

    /// The claim does not hold here, because `why`.
    pub fn does_not_hold(why: impl Into<String>) -> Self {
        Self {
            holds: false,
            why: why.into(),
        }
    }
}
