//! The JSON reporter: one document with every finding, written at the end.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use crate::{Config, Experiment, Finding, Reporter, Tally};

/// Collects every finding and writes one JSON document when the run ends.
///
/// The document is `{ "tool", "version", "config": { quick, cores },
/// "experiments": [finding…], "tally": { ran, held, failed } }`; a finding is
/// described at [`Finding`]. An experiment that failed appears with its error,
/// so the others' figures are never lost.
///
/// # Examples
///
/// ```
/// use tripool_lab::{Config, JsonReporter, Reporter, Tally};
///
/// let mut out = Vec::new();
/// let config = Config::new(true);
/// let mut json = JsonReporter::new(&mut out, &config);
/// json.begin(&config, 0)?;
/// json.end(&Tally::default())?;
/// let document: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// assert_eq!(document["config"]["quick"], true);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct JsonReporter<W: Write> {
    out: W,
    config: Value,
    findings: Vec<Value>,
}

impl<W: Write> JsonReporter<W> {
    /// A reporter that writes the document to `out` for a run with `config`.
    pub fn new(out: W, config: &Config) -> Self {
        Self {
            out,
            config: to_value(config),
            findings: Vec::new(),
        }
    }
}

#[derive(Serialize)]
struct Document<'a> {
    tool: &'static str,
    version: &'static str,
    config: &'a Value,
    experiments: &'a [Value],
    tally: TallyRecord,
}

#[derive(Serialize)]
struct TallyRecord {
    ran: usize,
    held: usize,
    failed: usize,
}

impl<W: Write> Reporter for JsonReporter<W> {
    fn begin(&mut self, config: &Config, _count: usize) -> io::Result<()> {
        self.config = to_value(config);
        Ok(())
    }

    fn started(&mut self, _index: usize, _experiment: &dyn Experiment) -> io::Result<()> {
        Ok(())
    }

    fn finished(&mut self, finding: &Finding) -> io::Result<()> {
        self.findings.push(to_value(finding));
        Ok(())
    }

    fn end(&mut self, tally: &Tally) -> io::Result<()> {
        let document = Document {
            tool: "tripool lab",
            version: env!("CARGO_PKG_VERSION"),
            config: &self.config,
            experiments: &self.findings,
            tally: TallyRecord {
                ran: tally.ran,
                held: tally.held,
                failed: tally.failed,
            },
        };
        serde_json::to_writer_pretty(&mut self.out, &document)?;
        self.out.write_all(b"\n")?;
        self.out.flush()
    }
}

/// Our own types always serialize (string keys, finite or null numbers).
fn to_value(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
