//! The `tripool` command line, as a library so that `main.rs` stays a few
//! lines and the argument handling can be tested without a process.
//!
//! Arguments go through two stages: `clap` parses them into raw arguments,
//! then validation resolves experiment names and opens files, so a bad
//! command line fails (exit code [`EXIT_USAGE`]) before any work starts.
//!
//! ```text
//! tripool lab [EXPERIMENT...] [--quick] [--json FILE|-] [--list]
//! ```
//!
//! ```
//! use std::process::ExitCode;
//!
//! let code = tripool_cli::main(["tripool", "lab", "no-such-experiment"].map(Into::into));
//! assert_eq!(code, ExitCode::from(tripool_cli::EXIT_USAGE));
//! ```
#![forbid(unsafe_code)]

mod app;
mod args;
mod exit;
mod lab;
mod options;
mod output;

pub use app::main;
pub use exit::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE};
