//! Reporters: where findings go as they arrive (one file per format).

mod json;
mod text;

pub use json::JsonReporter;
pub use text::TextReporter;

use std::io;

use crate::{Config, Experiment, Finding, Tally};

/// Receives a run's findings in order, as they arrive.
///
/// Every method returns the reporter's I/O error; [`run_all`](crate::run_all)
/// stops at the first one. A `Vec` of boxed reporters is itself a reporter that
/// hands every event to each in turn.
pub trait Reporter {
    /// The run starts: `count` experiments with `config`.
    fn begin(&mut self, config: &Config, count: usize) -> io::Result<()>;

    /// Experiment number `index` (from 0) is about to run.
    fn started(&mut self, index: usize, experiment: &dyn Experiment) -> io::Result<()>;

    /// An experiment finished, with an outcome or an error.
    fn finished(&mut self, finding: &Finding) -> io::Result<()>;

    /// The run is over.
    fn end(&mut self, tally: &Tally) -> io::Result<()>;
}

impl Reporter for Vec<Box<dyn Reporter + '_>> {
    fn begin(&mut self, config: &Config, count: usize) -> io::Result<()> {
        self.iter_mut().try_for_each(|r| r.begin(config, count))
    }

    fn started(&mut self, index: usize, experiment: &dyn Experiment) -> io::Result<()> {
        self.iter_mut()
            .try_for_each(|r| r.started(index, experiment))
    }

    fn finished(&mut self, finding: &Finding) -> io::Result<()> {
        self.iter_mut().try_for_each(|r| r.finished(finding))
    }

    fn end(&mut self, tally: &Tally) -> io::Result<()> {
        self.iter_mut().try_for_each(|r| r.end(tally))
    }
}
