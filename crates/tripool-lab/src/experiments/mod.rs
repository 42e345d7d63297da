//! The registry: every experiment, in the order `tripool lab` runs them.
//!
//! Adding an experiment is one new file in this folder holding a unit struct
//! that implements [`Experiment`], plus its `mod` line and its entry in
//! [`EXPERIMENTS`] below.

mod creation_cost;
mod isolation;
mod join;
mod producer_consumer;
mod race;
mod semaphore_keys;

use crate::Experiment;

static EXPERIMENTS: &[&dyn Experiment] = &[
    &race::Race,
    &semaphore_keys::SemaphoreKeys,
    &producer_consumer::ProducerConsumer,
    &isolation::Isolation,
    &creation_cost::CreationCost,
];

/// Every experiment, in the order `tripool lab` runs them.
///
/// # Examples
///
/// ```
/// let names: Vec<_> = tripool_lab::experiments().iter().map(|e| e.name()).collect();
/// assert!(names.contains(&"race"));
/// ```
pub fn experiments() -> &'static [&'static dyn Experiment] {
    EXPERIMENTS
}

/// The experiment called `name`, if there is one.
///
/// # Examples
///
/// ```
/// assert_eq!(tripool_lab::find("race").map(|e| e.name()), Some("race"));
/// assert!(tripool_lab::find("no-such-thing").is_none());
/// ```
pub fn find(name: &str) -> Option<&'static dyn Experiment> {
    EXPERIMENTS.iter().copied().find(|e| e.name() == name)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn names_are_unique_lowercase_words_joined_by_dashes() {
        let mut seen = HashSet::new();
        for experiment in experiments() {
            let name = experiment.name();
            assert!(seen.insert(name), "{name} is listed twice");
            assert!(!name.is_empty() && !name.starts_with('-') && !name.ends_with('-'));
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
        }
    }

    #[test]
    fn every_claim_quotes_a_seed() {
        for experiment in experiments() {
            let claim = experiment.claim();
            assert!(!claim.summary.is_empty(), "{}", experiment.name());
            assert!(!claim.quotes.is_empty(), "{}", experiment.name());
            for quote in claim.quotes {
                assert!(quote.seed.ends_with(".txt") && !quote.words.is_empty());
            }
        }
    }
}
