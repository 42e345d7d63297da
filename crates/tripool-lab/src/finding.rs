//! [`Finding`]: one experiment's claim together with its outcome or error.

use std::time::Duration;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::error::chain;
use crate::{Claim, LabError, Outcome};

/// What running one experiment produced: its outcome, or why it failed.
///
/// Serializes as `{ name, claim, elapsed_seconds, outcome }` or, for a failed
/// experiment, `{ name, claim, elapsed_seconds, error: { kind, message } }`.
#[derive(Debug)]
pub struct Finding {
    /// The experiment's name.
    pub name: &'static str,
    /// The claim it put to the test.
    pub claim: Claim,
    /// How long it ran.
    pub elapsed: Duration,
    /// The outcome, or the error that stopped it.
    pub result: Result<Outcome, LabError>,
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut finding = serializer.serialize_struct("Finding", 4)?;
        finding.serialize_field("name", self.name)?;
        finding.serialize_field("claim", &self.claim)?;
        finding.serialize_field("elapsed_seconds", &self.elapsed.as_secs_f64())?;
        match &self.result {
            Ok(outcome) => finding.serialize_field("outcome", outcome)?,
            Err(error) => finding.serialize_field(
                "error",
                &ErrorRecord {
                    kind: error.kind().to_string(),
                    message: chain(error),
                },
            )?,
        }
        finding.end()
    }
}

#[derive(serde::Serialize)]
struct ErrorRecord {
    kind: String,
    message: String,
}
