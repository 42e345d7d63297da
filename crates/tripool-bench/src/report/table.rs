//! The aligned text table, written row by row.

use std::io::{self, Write};

use super::{Exporter, RATIO_RULE};
use crate::harness::{Better, Row, Settings};

/// Column widths: figure, tripool, peer, peer's value, unit, ratio.
const WIDTHS: [usize; 6] = [22, 10, 46, 10, 12, 6];

/// Prints rows as an aligned table to any writer (stdout, or stderr when
/// JSON goes to stdout).
pub(crate) struct Table<W> {
    out: W,
}

impl<W: Write> Table<W> {
    /// A table printed to `out`.
    pub(crate) fn new(out: W) -> Self {
        Self { out }
    }
}

impl<W: Write> Exporter for Table<W> {
    fn start(&mut self, settings: &Settings) -> io::Result<()> {
        let mode = if settings.quick { "quick" } else { "full" };
        writeln!(
            self.out,
            "tripool-bench ({mode}): median of {} rounds after {} warm-up, \
             tripool and peers interleaved",
            settings.rounds,
            settings.warmup.max(1)
        )?;
        writeln!(self.out, "{RATIO_RULE}")?;
        writeln!(self.out)?;
        let [f, t, p, v, u, r] = WIDTHS;
        writeln!(
            self.out,
            "{:<f$} {:>t$}  {:<p$} {:>v$}  {:<u$} {:>r$}",
            "figure", "tripool", "peer", "peer", "unit", "ratio"
        )?;
        self.out.flush()
    }

    fn row(&mut self, row: &Row) -> io::Result<()> {
        let [f, t, p, v, u, r] = WIDTHS;
        let arrow = match row.better {
            Better::Lower => "↓",
            Better::Higher => "↑",
        };
        let unit = format!("{} {arrow}", row.unit.label());
        let ratio = row
            .ratio
            .map_or_else(|| "-".to_owned(), |x| format!("{x:.2}"));
        write!(
            self.out,
            "{:<f$} {:>t$}  {:<p$} {:>v$}  {:<u$} {:>r$}",
            row.figure,
            value(row.tripool.value),
            row.peer.name,
            value(row.peer.value),
            unit,
            ratio,
        )?;
        match (row.note(), verdict(row)) {
            (Some(note), _) => writeln!(self.out, "  ({note})")?,
            (None, Some(verdict)) => writeln!(self.out, "  {verdict}")?,
            (None, None) => writeln!(self.out)?,
        }
        self.out.flush()
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// "tripool faster" or "tripool slower", read from the ratio and the
/// unit's direction.
fn verdict(row: &Row) -> Option<&'static str> {
    let ratio = row.ratio?;
    // Judge the ratio as printed, so "1.00" never reads "faster".
    let shown = (ratio * 100.0).round() / 100.0;
    let faster = match row.better {
        Better::Lower => shown < 1.0,
        Better::Higher => shown > 1.0,
    };
    Some(if shown == 1.0 {
        "same"
    } else if faster {
        "tripool faster"
    } else {
        "tripool slower"
    })
}

/// A value with three or so significant digits and a k/M/G suffix for
/// large rates; `-` when missing.
fn value(value: Option<f64>) -> String {
    let Some(v) = value else {
        return "-".to_owned();
    };
    match v {
        v if v >= 1e9 => format!("{:.2}G", v / 1e9),
        v if v >= 1e6 => format!("{:.2}M", v / 1e6),
        v if v >= 1e4 => format!("{:.1}k", v / 1e3),
        v if v >= 100.0 => format!("{v:.0}"),
        v if v >= 10.0 => format!("{v:.1}"),
        v => format!("{v:.2}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{Side, Unit};

    #[test]
    fn values_keep_three_significant_digits() {
        assert_eq!(value(None), "-");
        assert_eq!(value(Some(1.234)), "1.23");
        assert_eq!(value(Some(17.25)), "17.2");
        assert_eq!(value(Some(123.4)), "123");
        assert_eq!(value(Some(25_300.0)), "25.3k");
        assert_eq!(value(Some(25_300_000.0)), "25.30M");
        assert_eq!(value(Some(2.5e9)), "2.50G");
    }

    fn row(unit: Unit, tripool: f64, peer: f64) -> Row {
        let side = |name: &str, value: f64| Side {
            name: name.into(),
            value: Some(value),
            ops: 10,
            samples: vec![value],
            note: None,
        };
        Row {
            figure: "queue/spsc-unbounded",
            title: "put+get",
            unit,
            better: unit.better(),
            tripool: side("tripool::sync::Queue", tripool),
            peer: side("crossbeam_channel::unbounded", peer),
            ratio: Some(tripool / peer),
        }
    }

    #[test]
    fn the_verdict_follows_the_unit_direction() {
        let rate = Unit::PerSecond("msgs/s");
        assert_eq!(verdict(&row(rate, 2.0, 1.0)), Some("tripool faster"));
        assert_eq!(
            verdict(&row(Unit::NsPerOp, 2.0, 1.0)),
            Some("tripool slower")
        );
        assert_eq!(verdict(&row(Unit::NsPerOp, 1.0, 1.0)), Some("same"));
        assert_eq!(verdict(&row(Unit::NsPerOp, 0.998, 1.0)), Some("same"));
        assert_eq!(
            verdict(&row(Unit::NsPerOp, 0.994, 1.0)),
            Some("tripool faster")
        );
    }

    #[test]
    fn a_row_is_one_line_with_name_values_unit_and_ratio() {
        let mut table = Table::new(Vec::new());
        table
            .row(&row(Unit::PerSecond("msgs/s"), 2e7, 1e7))
            .unwrap();
        let line = String::from_utf8(table.out).unwrap();
        assert_eq!(line.lines().count(), 1);
        for part in [
            "queue/spsc-unbounded",
            "20.00M",
            "crossbeam_channel::unbounded",
        ] {
            assert!(line.contains(part), "{line}");
        }
        for part in ["10.00M", "msgs/s ↑", "2.00", "tripool faster"] {
            assert!(line.contains(part), "{line}");
        }
    }
}
