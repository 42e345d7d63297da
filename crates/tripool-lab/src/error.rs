//! [`LabError`]: an experiment that could not be carried out.

use std::error::Error;
use std::fmt;

/// Why an experiment could not be carried out.
///
/// A claim that does not hold is not an error (its [`Verdict`](crate::Verdict)
/// says so); this is for an experiment that could not measure at all.
///
/// # Examples
///
/// ```
/// use tripool_lab::{LabError, LabErrorKind};
///
/// let error = LabError::stuck("consumers did not finish within 30 s");
/// assert_eq!(error.kind(), LabErrorKind::Stuck);
/// assert_eq!(error.to_string(), "consumers did not finish within 30 s");
/// ```
#[derive(Debug)]
pub struct LabError {
    kind: LabErrorKind,
    message: String,
    source: Option<Box<dyn Error + Send + Sync + 'static>>,
}

/// The kinds of [`LabError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LabErrorKind {
    /// A primitive, a thread or the operating system reported an error.
    Failed,
    /// A safety-net timeout expired: something that should have finished did not.
    Stuck,
    /// A measurement gave no usable number (no rounds, or not a number).
    NoData,
    /// The experiment panicked.
    Panicked,
}

impl LabError {
    /// `message` failed because of `source`.
    pub fn failed(
        message: impl Into<String>,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind: LabErrorKind::Failed,
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// A safety-net timeout expired; `message` says what did not finish.
    pub fn stuck(message: impl Into<String>) -> Self {
        Self {
            kind: LabErrorKind::Stuck,
            message: message.into(),
            source: None,
        }
    }

    /// A measurement gave no usable number; `message` says which.
    pub fn no_data(message: impl Into<String>) -> Self {
        Self {
            kind: LabErrorKind::NoData,
            message: message.into(),
            source: None,
        }
    }

    /// The experiment panicked with `message`.
    pub fn panicked(message: impl Into<String>) -> Self {
        Self {
            kind: LabErrorKind::Panicked,
            message: message.into(),
            source: None,
        }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> LabErrorKind {
        self.kind
    }
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for LabError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn Error + 'static))
    }
}

impl fmt::Display for LabErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Failed => "failed",
            Self::Stuck => "stuck",
            Self::NoData => "no data",
            Self::Panicked => "panicked",
        })
    }
}

/// `error` and its sources joined by `": "`, as `anyhow` prints `{:#}`.
pub(crate) fn chain(error: &dyn Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chain_joins_the_sources() {
        let io = std::io::Error::other("disk on fire");
        let error = LabError::failed("writing the log", io);
        assert_eq!(chain(&error), "writing the log: disk on fire");
        assert_eq!(error.kind(), LabErrorKind::Failed);
    }

    #[test]
    fn errors_are_send_and_sync() {
        fn is_send_sync<T: Send + Sync + 'static>() {}
        is_send_sync::<LabError>();
    }
}
