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
///
/// # Examples
///
/// A reporter that only counts the claims that held:
///
/// ```
/// use std::io;
/// use tripool_lab::{Config, Experiment, Finding, Reporter, Tally, run_all};
///
/// #[derive(Default)]
/// struct Held(usize);
///
/// impl Reporter for Held {
///     fn begin(&mut self, _: &Config, _: usize) -> io::Result<()> {
///         Ok(())
///     }
///     fn started(&mut self, _: usize, _: &dyn Experiment) -> io::Result<()> {
///         Ok(())
///     }
///     fn finished(&mut self, finding: &Finding) -> io::Result<()> {
///         self.0 += finding.result.as_ref().is_ok_and(|o| o.verdict.holds) as usize;
///         Ok(())
///     }
///     fn end(&mut self, _: &Tally) -> io::Result<()> {
///         Ok(())
///     }
/// }
///
/// let mut held = Held::default();
/// let chosen = [tripool_lab::find("semaphore-keys").unwrap()];
/// let tally = run_all(&chosen, &Config::new(true), &mut held)?;
/// assert_eq!(held.0, tally.held);
/// # Ok::<(), io::Error>(())
/// ```
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
