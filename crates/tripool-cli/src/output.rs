//! [`Named`]: an output whose errors say which output failed.

use std::io::{self, Write};

/// Wraps a writer so that its errors name it ("stdout", a file's path) and
/// keep their [`io::ErrorKind`], so that a broken pipe is still recognised.
pub(crate) struct Named<W> {
    name: String,
    inner: W,
}

impl<W: Write> Named<W> {
    /// `inner`, called `name` in error messages.
    pub(crate) fn new(name: impl Into<String>, inner: W) -> Self {
        Self {
            name: name.into(),
            inner,
        }
    }

    fn name_error(&self, error: io::Error) -> io::Error {
        io::Error::new(error.kind(), format!("writing to {}: {error}", self.name))
    }
}

impl<W: Write> Write for Named<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.name_error(e))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush().map_err(|e| self.name_error(e))
    }
}

/// Whether `error` (or one of its causes) is a broken pipe: the reader went
/// away (`tripool lab | head`), which is not a failure.
pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from(io::ErrorKind::BrokenPipe))
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn errors_name_the_output_and_keep_their_kind() {
        let error = Named::new("stdout", Closed).write_all(b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        assert!(
            error.to_string().starts_with("writing to stdout: "),
            "{error}"
        );
        assert!(is_broken_pipe(
            &anyhow::Error::from(error).context("writing the report")
        ));
    }

    #[test]
    fn other_errors_are_not_broken_pipes() {
        let error = anyhow::Error::from(io::Error::other("disk full"));
        assert!(!is_broken_pipe(&error));
    }
}
