//! [`Config`]: how hard the experiments work.

use std::num::NonZeroUsize;
use std::thread::available_parallelism;

use serde::Serialize;

/// The settings every experiment runs with.
///
/// # Examples
///
/// ```
/// use tripool_lab::Config;
///
/// let config = Config::new(true);
/// assert!(config.quick);
/// assert_eq!(config.pick(10, 1_000), 10);
/// assert!(config.cores >= 1);
/// ```
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Config {
    /// Smaller workloads and fewer rounds: the whole lab in a few seconds.
    pub quick: bool,
    /// The cores this process may run on (`std::thread::available_parallelism`,
    /// 1 if unknown).
    pub cores: usize,
}

impl Config {
    /// A configuration for this machine; `quick` shrinks every workload.
    pub fn new(quick: bool) -> Self {
        Self {
            quick,
            cores: available_parallelism().map_or(1, NonZeroUsize::get),
        }
    }

    /// `quick` in a quick run, `full` otherwise.
    pub fn pick<T>(&self, quick: T, full: T) -> T {
        if self.quick { quick } else { full }
    }
}
