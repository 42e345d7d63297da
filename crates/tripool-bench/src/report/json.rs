//! The JSON document, rewritten after every row.

use std::fs;
use std::io::{self, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::{Exporter, RATIO_RULE};
use crate::harness::{Row, Settings};

/// Where the document goes.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    /// Standard output, written once at the end (`--json -`).
    Stdout,
    /// A file, rewritten after every row so a run that stops part-way
    /// leaves a complete document of what it finished.
    File(PathBuf),
}

/// The whole document.
#[derive(Debug, Serialize)]
struct Document {
    tool: &'static str,
    quick: bool,
    rounds: usize,
    warmup: usize,
    round_budget_ms: u128,
    ratio: &'static str,
    rows: Vec<Row>,
}

/// Collects rows into one JSON document.
pub(crate) struct Json {
    target: Target,
    document: Document,
}

impl Json {
    /// A document for `target`.
    pub(crate) fn new(target: Target) -> Self {
        Self {
            target,
            document: Document {
                tool: "tripool-bench",
                quick: false,
                rounds: 0,
                warmup: 0,
                round_budget_ms: 0,
                ratio: RATIO_RULE,
                rows: Vec::new(),
            },
        }
    }

    fn write(&self) -> io::Result<()> {
        let text = serde_json::to_string_pretty(&self.document)?;
        match &self.target {
            Target::Stdout => {
                let mut out = io::stdout().lock();
                writeln!(out, "{text}")?;
                out.flush()
            }
            Target::File(path) => fs::write(path, text + "\n"),
        }
    }
}

impl Exporter for Json {
    fn start(&mut self, settings: &Settings) -> io::Result<()> {
        self.document.quick = settings.quick;
        self.document.rounds = settings.rounds;
        self.document.warmup = settings.warmup.max(1);
        self.document.round_budget_ms = settings.budget.as_millis();
        match self.target {
            Target::Stdout => Ok(()),
            // Fail before any work if the file cannot be written.
            Target::File(_) => self.write(),
        }
    }

    fn row(&mut self, row: &Row) -> io::Result<()> {
        self.document.rows.push(row.clone());
        match self.target {
            Target::Stdout => Ok(()),
            Target::File(_) => self.write(),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        self.write()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_is_a_complete_document_from_the_start() {
        let path = std::env::temp_dir().join(format!("tripool-bench-{}.json", std::process::id()));
        let mut json = Json::new(Target::File(path.clone()));
        json.start(&Settings::quick()).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        fs::remove_file(&path).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(document["tool"], "tripool-bench");
        assert_eq!(document["quick"], true);
        assert_eq!(document["rounds"], 9);
        assert!(
            document["ratio"]
                .as_str()
                .unwrap()
                .starts_with("ratio = tripool / peer")
        );
        assert_eq!(document["rows"].as_array().unwrap().len(), 0);
    }
}
