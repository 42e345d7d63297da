//! Statistics over repeated rounds: median, minimum, maximum.

use serde::Serialize;

use crate::{Figure, LabError};

/// The median, minimum and maximum of a measurement repeated over rounds.
///
/// The median is the reported figure: one slow round (another process took
/// the core) moves it less than it moves the mean.
///
/// # Examples
///
/// ```
/// use tripool_lab::Summary;
///
/// let summary = Summary::of(&[3.0, 1.0, 2.0, 10.0]).unwrap();
/// assert_eq!(summary.median, 2.5);
/// assert_eq!((summary.min, summary.max), (1.0, 10.0));
/// assert_eq!(summary.rounds, 4);
/// assert!(Summary::of(&[]).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// The middle value; the mean of the two middle values for an even count.
    pub median: f64,
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// How many values there were.
    pub rounds: usize,
}

impl Summary {
    /// The summary of `samples`; `None` if there are none or one is NaN.
    pub fn of(samples: &[f64]) -> Option<Self> {
        if samples.is_empty() || samples.iter().any(|x| x.is_nan()) {
            return None;
        }
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median = if n % 2 == 1 {
            sorted[n / 2]
        } else {
            (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
        };
        Some(Self {
            median,
            min: sorted[0],
            max: sorted[n - 1],
            rounds: n,
        })
    }

    /// The summary of `samples`, or an error naming `what` was measured.
    ///
    /// # Errors
    ///
    /// [`LabErrorKind::NoData`](crate::LabErrorKind::NoData) if there are
    /// no samples or one is NaN.
    pub fn measured(what: &str, samples: &[f64]) -> Result<Self, LabError> {
        Self::of(samples).ok_or_else(|| LabError::no_data(format!("no usable rounds of {what}")))
    }

    /// Three figures `"{name}, median of {rounds}"`, `"{name}, min"`, `"{name}, max"`
    /// in `unit`.
    pub fn figures(&self, name: &str, unit: &str) -> [Figure; 3] {
        [
            Figure::new(
                format!("{name}, median of {}", self.rounds),
                self.median,
                unit,
            ),
            Figure::new(format!("{name}, min"), self.min, unit),
            Figure::new(format!("{name}, max"), self.max, unit),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_name_the_median_rounds() {
        let summary = Summary::of(&[1.0, 2.0, 3.0]).unwrap();
        let [median, min, max] = summary.figures("spawn", "µs");
        assert_eq!(median, Figure::new("spawn, median of 3", 2.0, "µs"));
        assert_eq!(min.value, 1.0);
        assert_eq!(max.name, "spawn, max");
    }

    #[test]
    fn measured_names_what_had_no_data() {
        let error = Summary::measured("spawns", &[]).unwrap_err();
        assert_eq!(error.to_string(), "no usable rounds of spawns");
    }

    #[test]
    fn one_sample_is_its_own_summary() {
        let summary = Summary::of(&[7.5]).unwrap();
        assert_eq!((summary.median, summary.min, summary.max), (7.5, 7.5, 7.5));
        assert_eq!(summary.rounds, 1);
    }

    #[test]
    fn odd_count_takes_the_middle() {
        let summary = Summary::of(&[5.0, 1.0, 4.0, 2.0, 3.0]).unwrap();
        assert_eq!(summary.median, 3.0);
        assert_eq!((summary.min, summary.max), (1.0, 5.0));
    }

    #[test]
    fn even_count_averages_the_two_middles() {
        assert_eq!(Summary::of(&[1.0, 2.0, 4.0, 100.0]).unwrap().median, 3.0);
    }

    #[test]
    fn an_outlier_does_not_move_the_median() {
        let summary = Summary::of(&[10.0, 11.0, 1_000_000.0]).unwrap();
        assert_eq!(summary.median, 11.0);
        assert_eq!(summary.max, 1_000_000.0);
    }

    #[test]
    fn empty_or_nan_has_no_summary() {
        assert_eq!(Summary::of(&[]), None);
        assert_eq!(Summary::of(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn negative_and_infinite_values_sort_in_order() {
        let summary = Summary::of(&[f64::INFINITY, -1.0, 0.0]).unwrap();
        assert_eq!(summary.median, 0.0);
        assert_eq!((summary.min, summary.max), (-1.0, f64::INFINITY));
    }
}
