//! The human reporter: each experiment's claim, method, figures and verdict.

use std::io::{self, Write};

use crate::error::chain;
use crate::{Config, Experiment, Finding, Reporter, Tally};

/// Writes plain text (no colour) as each experiment starts and finishes.
///
/// # Examples
///
/// ```
/// use tripool_lab::{Config, TextReporter, run_all};
///
/// let mut out = Vec::new();
/// let config = Config::new(true);
/// let chosen = [tripool_lab::find("semaphore-keys").unwrap()];
/// run_all(&chosen, &config, &mut TextReporter::new(&mut out))?;
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.contains("[1/1] semaphore-keys"));
/// assert!(text.contains("verdict"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct TextReporter<W: Write> {
    out: W,
    count: usize,
}

impl<W: Write> TextReporter<W> {
    /// A reporter writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out, count: 0 }
    }
}

impl<W: Write> Reporter for TextReporter<W> {
    fn begin(&mut self, config: &Config, count: usize) -> io::Result<()> {
        self.count = count;
        let mode = if config.quick { "quick" } else { "full" };
        let cores = plural(config.cores, "core", "cores");
        let experiments = plural(count, "experiment", "experiments");
        writeln!(
            self.out,
            "tripool lab: {experiments} on {cores}, {mode} run"
        )?;
        self.out.flush()
    }

    fn started(&mut self, index: usize, experiment: &dyn Experiment) -> io::Result<()> {
        let claim = experiment.claim();
        writeln!(self.out)?;
        writeln!(
            self.out,
            "[{}/{}] {}",
            index + 1,
            self.count,
            experiment.name()
        )?;
        writeln!(self.out, "  claim    {}", claim.summary)?;
        for quote in claim.quotes {
            writeln!(self.out, "  seed     {}: 「{}」", quote.seed, quote.words)?;
        }
        self.out.flush()
    }

    fn finished(&mut self, finding: &Finding) -> io::Result<()> {
        match &finding.result {
            Ok(outcome) => {
                writeln!(self.out, "  method   {}", outcome.method)?;
                let width = outcome.figures.iter().map(|f| f.name.chars().count()).max();
                for (i, figure) in outcome.figures.iter().enumerate() {
                    let label = if i == 0 { "figures" } else { "" };
                    let value = format_value(figure.value);
                    let name = &figure.name;
                    let width = width.unwrap_or(0);
                    let line = format!("  {label:<8} {name:<width$}  {value} {}", figure.unit);
                    writeln!(self.out, "{}", line.trim_end())?;
                }
                let verdict = if outcome.verdict.holds {
                    "HOLDS"
                } else {
                    "DOES NOT HOLD here"
                };
                writeln!(self.out, "  verdict  {verdict}: {}", outcome.verdict.why)?;
            }
            Err(error) => {
                writeln!(self.out, "  error    {}: {}", error.kind(), chain(error))?;
            }
        }
        writeln!(
            self.out,
            "  took     {:.2} s",
            finding.elapsed.as_secs_f64()
        )?;
        self.out.flush()
    }

    fn end(&mut self, tally: &Tally) -> io::Result<()> {
        let not_held = tally.ran - tally.held - tally.failed;
        writeln!(self.out)?;
        writeln!(
            self.out,
            "{} run: {} held, {} did not hold here, {} failed",
            plural(tally.ran, "experiment", "experiments"),
            tally.held,
            not_held,
            tally.failed
        )?;
        self.out.flush()
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A number for people: integers with thousands separators, others with
/// three significant digits or one decimal for large values.
fn format_value(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let magnitude = value.abs();
    if magnitude >= 1000.0 || (value.fract() == 0.0 && magnitude < 1e15) {
        group_thousands(value.round())
    } else if magnitude >= 100.0 {
        format!("{value:.1}")
    } else if magnitude >= 10.0 {
        format!("{value:.2}")
    } else {
        format!("{value:.3}")
    }
}

fn group_thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.abs());
    let mut grouped = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if value < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_get_thousands_separators() {
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(999.0), "999");
        assert_eq!(format_value(1000.0), "1,000");
        assert_eq!(format_value(24_999_750_000.0), "24,999,750,000");
        assert_eq!(format_value(-1_234_567.0), "-1,234,567");
    }

    #[test]
    fn fractions_keep_three_significant_digits() {
        assert_eq!(format_value(0.1234), "0.123");
        assert_eq!(format_value(12.346), "12.35");
        assert_eq!(format_value(123.45), "123.5");
        assert_eq!(format_value(123_456.7), "123,457");
    }

    #[test]
    fn non_finite_values_are_spelled_out() {
        assert_eq!(format_value(f64::INFINITY), "inf");
        assert_eq!(format_value(f64::NAN), "NaN");
    }
}
