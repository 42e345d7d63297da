//! Raw command-line arguments, as `clap` parses them (stage one).

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Processes, threads and coroutines behind one API, with Python's names.
#[derive(Debug, Parser)]
#[command(name = "tripool", version, long_about = None)]
pub(crate) struct RawArgs {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: RawCommand,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum RawCommand {
    /// Run the source material's experiments on this machine and judge each claim.
    Lab(RawLabArgs),
}

/// The arguments of `tripool lab`, before validation.
#[derive(Debug, Args)]
pub(crate) struct RawLabArgs {
    /// Experiments to run, in this order (default: all; see --list).
    #[arg(value_name = "EXPERIMENT")]
    pub(crate) experiments: Vec<String>,

    /// Smaller workloads and fewer rounds: the whole lab in a few seconds.
    #[arg(long)]
    pub(crate) quick: bool,

    /// Also write the findings as JSON to FILE ('-' for stdout; the text report
    /// then goes to stderr).
    #[arg(long, value_name = "FILE")]
    pub(crate) json: Option<PathBuf>,

    /// List the experiments and their claims, then exit without running any.
    #[arg(long, conflicts_with_all = ["quick", "json"])]
    pub(crate) list: bool,
}

impl RawArgs {
    /// Parses `args` (the program name first).
    ///
    /// # Errors
    ///
    /// clap's error for a malformed command line, or its help or version
    /// output (which `clap::Error::use_stderr` tells apart).
    pub(crate) fn parse_from_os(
        args: impl IntoIterator<Item = OsString>,
    ) -> Result<Self, clap::Error> {
        Self::try_parse_from(args)
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        RawArgs::command().debug_assert();
    }
}
