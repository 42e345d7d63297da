//! The whole command: parse, validate, run, and map the result to an exit code.

use std::ffi::OsString;
use std::io::{self, Write};
use std::process::ExitCode;

use crate::args::RawArgs;
use crate::exit::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE};
use crate::lab::lab;
use crate::options::Options;
use crate::output::is_broken_pipe;

/// Runs `tripool` with `args` (the program name first) and returns its exit
/// code; errors are printed to stderr as one line.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    ExitCode::from(run(args))
}

fn run(args: impl IntoIterator<Item = OsString>) -> u8 {
    let raw = match RawArgs::parse_from_os(args) {
        Ok(raw) => raw,
        Err(error) => {
            // Help and version go to stdout and succeed; the rest is a usage error.
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_USAGE
            } else {
                EXIT_OK
            };
        }
    };
    let options = match Options::from_raw(raw) {
        Ok(options) => options,
        Err(error) => {
            report(&anyhow::Error::from(error));
            return EXIT_USAGE;
        }
    };
    let result = match options {
        Options::Lab(options) => lab(options),
    };
    match result {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => EXIT_OK,
        Err(error) => {
            report(&error);
            EXIT_FAILURE
        }
    }
}

fn report(error: &anyhow::Error) {
    let _ = writeln!(io::stderr(), "error: {error:#}");
}
