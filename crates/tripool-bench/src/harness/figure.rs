//! What one figure measures and in which unit.

use std::ffi::OsString;
use std::num::NonZeroUsize;
use std::time::Duration;

use serde::{Serialize, Serializer};

use super::row::Better;
use super::subject::Lineup;

/// One benchmarked figure: a name to filter on, a sentence for the reader,
/// a unit, a size, and a way to build its [`Lineup`].
///
/// The lineup is built only when the figure runs, so listing and filtering
/// start no thread and no process.
pub(crate) struct Figure {
    /// Short name, `area/case`, matched by the command line's filters.
    pub(crate) name: &'static str,
    /// What one operation is, in a few words.
    pub(crate) title: &'static str,
    /// How a round's time is reported.
    pub(crate) unit: Unit,
    /// Operations per round.
    pub(crate) ops: Ops,
    /// Builds tripool's side and the peers'.
    pub(crate) build: fn(&Context) -> Lineup,
}

/// What building a lineup may take from the command line.
#[derive(Debug, Clone)]
pub(crate) struct Context {
    /// The interpreter that runs the Python peers (`python3`).
    pub(crate) python: OsString,
    /// Worker threads of every pool, tripool's and the peers' alike.
    pub(crate) workers: NonZeroUsize,
}

/// Operations per round, in a full run and in a `--quick` one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ops {
    /// In a full run.
    pub(crate) full: u64,
    /// With `--quick`.
    pub(crate) quick: u64,
}

/// How a round's duration and operation count become a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Nanoseconds per operation (lower is better).
    NsPerOp,
    /// Microseconds per operation (lower is better).
    UsPerOp,
    /// Operations per second, named by what is counted, e.g. `msgs/s`
    /// (higher is better).
    PerSecond(&'static str),
}

impl Unit {
    /// The figure for `ops` operations that took `elapsed`.
    pub(crate) fn value(self, elapsed: Duration, ops: u64) -> f64 {
        // A zero duration (a coarse clock) is clamped to a nanosecond so
        // that a rate stays finite.
        let secs = elapsed.as_secs_f64().max(1e-9);
        let ops = ops as f64;
        match self {
            Unit::NsPerOp => secs * 1e9 / ops,
            Unit::UsPerOp => secs * 1e6 / ops,
            Unit::PerSecond(_) => ops / secs,
        }
    }

    /// Which direction is better for this unit.
    pub(crate) fn better(self) -> Better {
        match self {
            Unit::NsPerOp | Unit::UsPerOp => Better::Lower,
            Unit::PerSecond(_) => Better::Higher,
        }
    }

    /// The unit's label, e.g. `ns/op`.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Unit::NsPerOp => "ns/op",
            Unit::UsPerOp => "µs/op",
            Unit::PerSecond(label) => label,
        }
    }
}

impl Serialize for Unit {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_per_operation_and_rates_per_second() {
        let elapsed = Duration::from_millis(2);
        assert_eq!(Unit::NsPerOp.value(elapsed, 1000), 2000.0);
        assert_eq!(Unit::UsPerOp.value(elapsed, 1000), 2.0);
        assert_eq!(Unit::PerSecond("msgs/s").value(elapsed, 1000), 500_000.0);
    }

    #[test]
    fn a_zero_duration_still_gives_a_finite_rate() {
        assert!(Unit::PerSecond("x/s").value(Duration::ZERO, 5).is_finite());
    }

    #[test]
    fn direction_follows_the_unit() {
        assert_eq!(Unit::NsPerOp.better(), Better::Lower);
        assert_eq!(Unit::UsPerOp.better(), Better::Lower);
        assert_eq!(Unit::PerSecond("msgs/s").better(), Better::Higher);
        assert_eq!(Unit::PerSecond("msgs/s").label(), "msgs/s");
    }
}
