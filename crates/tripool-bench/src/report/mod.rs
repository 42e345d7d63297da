//! Where rows go: the table for people, JSON for tools. Each format is one
//! [`Exporter`] in its own file; rows are handed over as they arrive, so a
//! run that fails part-way keeps what it finished.

mod json;
mod table;

use std::io;

pub(crate) use json::{Json, Target};
pub(crate) use table::Table;

use crate::harness::{Row, Settings};

/// The sentence that says how to read a ratio, printed in the table's
/// header and stored in the JSON document.
pub(crate) const RATIO_RULE: &str = "ratio = tripool / peer: for times (lower is better, ↓) \
     below 1 means tripool is faster; for rates (higher is better, ↑) above 1 does";

/// A destination for rows.
pub(crate) trait Exporter {
    /// Called once before the first row.
    fn start(&mut self, settings: &Settings) -> io::Result<()>;
    /// Called for each row, in order.
    fn row(&mut self, row: &Row) -> io::Result<()>;
    /// Called once after the last row.
    fn finish(&mut self) -> io::Result<()>;
}
