//! `tripool lab`: list or run the experiments and report their findings.

use std::io::{self, BufWriter, Write};

use anyhow::Context;
use tripool_lab::{JsonReporter, Reporter, TextReporter, run_all};

use crate::exit::{EXIT_FAILURE, EXIT_OK};
use crate::options::{JsonTarget, LabOptions};
use crate::output::Named;

/// Lists or runs the experiments; returns the exit code.
///
/// # Errors
///
/// An output that could not be written.
pub(crate) fn lab(options: LabOptions) -> anyhow::Result<u8> {
    if options.list {
        list(&options).context("writing the list to stdout")?;
        return Ok(EXIT_OK);
    }
    let mut reporters: Vec<Box<dyn Reporter>> = Vec::new();
    match options.json {
        None => reporters.push(Box::new(TextReporter::new(Named::new(
            "stdout",
            io::stdout(),
        )))),
        Some(JsonTarget::Stdout) => {
            reporters.push(Box::new(TextReporter::new(Named::new(
                "stderr",
                io::stderr(),
            ))));
            let json = Named::new("stdout", io::stdout());
            reporters.push(Box::new(JsonReporter::new(json, &options.config)));
        }
        Some(JsonTarget::File { path, file }) => {
            reporters.push(Box::new(TextReporter::new(Named::new(
                "stdout",
                io::stdout(),
            ))));
            let json = Named::new(format!("'{}'", path.display()), BufWriter::new(file));
            reporters.push(Box::new(JsonReporter::new(json, &options.config)));
        }
    }
    let tally = run_all(&options.experiments, &options.config, &mut reporters)
        .context("writing the report")?;
    Ok(if tally.failed > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    })
}

fn list(options: &LabOptions) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let width = options
        .experiments
        .iter()
        .map(|e| e.name().len())
        .max()
        .unwrap_or(0);
    for experiment in &options.experiments {
        let name = experiment.name();
        writeln!(out, "{name:<width$}  {}", experiment.claim().summary)?;
    }
    out.flush()
}
