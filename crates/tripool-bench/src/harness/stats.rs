//! Medians and ratios.

/// The median of `samples`: the middle value, or the mean of the two
/// middle values for an even count; `None` when there is no sample.
///
/// NaNs sort last (they never come from the harness, which clamps
/// durations) so that the function is total.
pub(crate) fn median(samples: &[f64]) -> Option<f64> {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[mid]),
        _ => Some((sorted[mid - 1] + sorted[mid]) / 2.0),
    }
}

/// tripool's figure divided by the peer's; `None` when either is missing
/// or the peer's is not positive.
///
/// Read it with the unit's direction: for times (lower is better) below 1
/// means tripool is faster; for rates (higher is better) above 1 does.
pub(crate) fn ratio(tripool: Option<f64>, peer: Option<f64>) -> Option<f64> {
    match (tripool, peer) {
        (Some(t), Some(p)) if p > 0.0 => Some(t / p),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_nothing_is_none() {
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn median_of_an_odd_count_is_the_middle_value() {
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[7.0]), Some(7.0));
    }

    #[test]
    fn median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 100.0]), Some(3.5));
    }

    #[test]
    fn median_ignores_one_outlier() {
        assert_eq!(median(&[10.0, 11.0, 1e9, 10.5, 9.5]), Some(10.5));
    }

    #[test]
    fn ratio_is_tripool_over_peer() {
        assert_eq!(ratio(Some(3.0), Some(2.0)), Some(1.5));
        assert_eq!(ratio(Some(1.0), Some(4.0)), Some(0.25));
    }

    #[test]
    fn ratio_needs_both_sides_and_a_positive_peer() {
        assert_eq!(ratio(None, Some(2.0)), None);
        assert_eq!(ratio(Some(2.0), None), None);
        assert_eq!(ratio(Some(2.0), Some(0.0)), None);
    }
}
