//! `tripool-bench`: tripool side by side with its peers (std, parking_lot,
//! crossbeam-channel, rayon, and Python's standard library through
//! `python3`), measured in the same run.
//!
//! ```text
//! cargo run --release -p tripool-bench -- [--quick] [--json FILE] [FILTER...]
//! ```
//!
//! Each figure prints one row per peer: tripool's median, the peer's, the
//! unit (↓ lower is better, ↑ higher is better) and the ratio tripool / peer.
//! The [`harness`] measures, [`benches`] holds one file per benchmarked area,
//! [`report`] prints and exports, [`cli`] ties them to the command line.
#![forbid(unsafe_code)]

mod benches;
mod cli;
mod harness;
mod report;

fn main() -> std::process::ExitCode {
    cli::main()
}
