//! [`ThreadPoolBuilder`]: worker count, names, stack size, map window.

use std::num::NonZeroUsize;

use super::ThreadPool;
use crate::SpawnError;

/// The environment variable that overrides the default worker count.
pub(crate) const WORKERS_ENV: &str = "TRIPOOL_WORKERS";

/// The most workers [`WORKERS_ENV`] may ask for.
const MAX_ENV_WORKERS: usize = 1024;

/// Configures a [`ThreadPool`] (rayon's `ThreadPoolBuilder`).
///
/// # Examples
///
/// ```
/// use std::num::NonZeroUsize;
/// use tripool_thread::ThreadPool;
///
/// let pool = ThreadPool::builder()
///     .workers(NonZeroUsize::new(2).unwrap())
///     .thread_name("crunch")
///     .stack_size(512 * 1024)
///     .build()?;
/// assert_eq!(pool.workers(), 2);
/// let name = pool.submit(|| std::thread::current().name().map(str::to_owned));
/// assert!(name.result().unwrap().unwrap().starts_with("crunch-"));
/// # Ok::<(), tripool_thread::BuildError>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ThreadPoolBuilder {
    pub(super) workers: Option<NonZeroUsize>,
    pub(super) thread_name: Option<String>,
    pub(super) stack_size: Option<usize>,
    pub(super) map_window: Option<NonZeroUsize>,
}

impl ThreadPoolBuilder {
    /// A builder with every setting at its default.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of worker threads.
    ///
    /// Defaults to `TRIPOOL_WORKERS` if that environment variable holds a
    /// number (clamped to `1..=1024`), else to
    /// [`std::thread::available_parallelism`], else to 1.
    pub fn workers(mut self, workers: NonZeroUsize) -> Self {
        self.workers = Some(workers);
        self
    }

    /// The prefix of the workers' names: workers are called `prefix-0`,
    /// `prefix-1`, … (default `tripool-worker`).
    pub fn thread_name(mut self, prefix: impl Into<String>) -> Self {
        self.thread_name = Some(prefix.into());
        self
    }

    /// The workers' stack size in bytes (default: std's).
    pub fn stack_size(mut self, bytes: usize) -> Self {
        self.stack_size = Some(bytes);
        self
    }

    /// How many tasks [`ThreadPool::map`] and [`ThreadPool::map_unordered`]
    /// keep submitted ahead of the consumer (default: twice the workers).
    pub fn map_window(mut self, window: NonZeroUsize) -> Self {
        self.map_window = Some(window);
        self
    }

    /// Starts the workers.
    ///
    /// # Errors
    ///
    /// [`BuildError`] if the OS refuses to start a worker (then the workers
    /// already started are stopped before this returns) or the name prefix
    /// contains a NUL byte.
    pub fn build(self) -> Result<ThreadPool, BuildError> {
        ThreadPool::start(self)
    }

    /// The worker count this builder asks for.
    pub(super) fn worker_count(&self) -> NonZeroUsize {
        self.workers
            .unwrap_or_else(|| default_workers(std::env::var(WORKERS_ENV).ok().as_deref()))
    }
}

/// The default worker count given the value of `TRIPOOL_WORKERS`.
fn default_workers(env: Option<&str>) -> NonZeroUsize {
    if let Some(n) = env.and_then(|v| v.trim().parse::<usize>().ok()) {
        let n = n.clamp(1, MAX_ENV_WORKERS);
        return NonZeroUsize::new(n).unwrap_or(NonZeroUsize::MIN);
    }
    std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)
}

/// A [`ThreadPool`] could not start its workers.
///
/// # Examples
///
/// ```
/// use tripool_thread::ThreadPool;
///
/// let err = ThreadPool::builder().thread_name("bad\0").build().unwrap_err();
/// assert_eq!(err.to_string(), "failed to start the pool's workers");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("failed to start the pool's workers")]
pub struct BuildError {
    #[from]
    source: SpawnError,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_value_is_clamped() {
        assert_eq!(default_workers(Some("0")).get(), 1);
        assert_eq!(default_workers(Some("3")).get(), 3);
        assert_eq!(default_workers(Some(" 7 ")).get(), 7);
        assert_eq!(default_workers(Some("100000")).get(), MAX_ENV_WORKERS);
    }

    #[test]
    fn bad_env_value_falls_back() {
        let fallback = default_workers(None);
        assert_eq!(default_workers(Some("many")), fallback);
        assert_eq!(default_workers(Some("-2")), fallback);
    }
}
