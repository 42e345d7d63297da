//! The experiments of `tripool lab`: the source material's claims about
//! processes, threads and coroutines, reproduced and judged on this machine.
//!
//! Each [`Experiment`] names a [`Claim`] (one English line and the seed
//! article's own words), runs a workload with tripool's primitives under a
//! [`Config`], and returns an [`Outcome`]: the method, the [`Figure`]s and a
//! [`Verdict`] that says whether the claim holds here and why. Timed figures
//! are the median of several rounds ([`Summary`]).
//!
//! [`run_all`] runs a list of experiments in order and hands each
//! [`Finding`] to a [`Reporter`] as it arrives: [`TextReporter`] for people,
//! [`JsonReporter`] for programs. A failed experiment becomes a finding with
//! a [`LabError`]; the others still run.
//!
//! ```
//! use tripool_lab::{Config, TextReporter, run_all};
//!
//! let config = Config::new(true);
//! let chosen = [tripool_lab::find("semaphore-keys").unwrap()];
//! let mut out = Vec::new();
//! let tally = run_all(&chosen, &config, &mut TextReporter::new(&mut out))?;
//! assert_eq!(tally.failed, 0);
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! To add an experiment, write one file in `src/experiments/` with a unit
//! struct implementing [`Experiment`] and list it in the registry there.
// `deny`, not `forbid`: `#[tripool::task]` places a worker-boot constructor
// in `.init_array`, which needs a scoped `allow(unsafe_code)`.
#![deny(unsafe_code)]

mod config;
mod error;
mod experiment;
mod experiments;
mod finding;
mod outcome;
mod report;
mod run;
mod stats;

pub use config::Config;
pub use error::{LabError, LabErrorKind};
pub use experiment::{Claim, Experiment, Quote};
pub use experiments::{experiments, find};
pub use finding::Finding;
pub use outcome::{Figure, Outcome, Verdict};
pub use report::{JsonReporter, Reporter, TextReporter};
pub use run::{Tally, run_all, run_one};
pub use stats::Summary;
