//! `producer-consumer`: seed 003's producer-consumer model over a bounded
//! tripool `Queue`, with `task_done` and `join`.

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::ScopedJoinHandle;
use std::time::{Duration, Instant};

use tripool::sync::{GetTimeoutError, Queue};

use crate::run::panic_message;
use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Summary, Verdict};

/// Seed 003: producers put numbered items into a bounded tripool `Queue`,
/// consumers take them and call `task_done`, the main thread waits in `join`.
/// Every item must be consumed exactly once and the queue must never hold
/// more than its `maxsize`.
pub(crate) struct ProducerConsumer;

const PRODUCERS: usize = 2;
const CONSUMERS: usize = 2;
const CAPACITY: usize = 16;
/// A safety net: no put, get or join waits longer than this.
const PATIENCE: Duration = Duration::from_secs(30);

impl Experiment for ProducerConsumer {
    fn name(&self) -> &'static str {
        "producer-consumer"
    }

    fn claim(&self) -> Claim {
        Claim {
            summary: "producers and consumers joined by a bounded queue hand over every item \
                      exactly once, and join() returns when every item is done",
            quotes: &[Quote {
                seed: "003_bcf8631573e45785.txt",
                words: "7. 生产者消费者模型",
            }],
        }
    }

    fn run(&self, config: &Config) -> Result<Outcome, LabError> {
        let per_producer = config.pick(50_000, 200_000);
        let rounds = config.pick(5, 7);
        let mut rates = Vec::with_capacity(rounds);
        let mut total = Delivery::default();
        for _ in 0..rounds {
            let (delivery, elapsed) = round(per_producer)?;
            rates.push(delivery.items as f64 / elapsed.as_secs_f64());
            total.add(&delivery);
        }
        let rates = Summary::measured("items per second", &rates)?;
        let mut figures = vec![Figure::new(
            "items per round",
            (PRODUCERS * per_producer) as f64,
            "",
        )];
        figures.extend(rates.figures("throughput", "items/s"));
        figures.push(Figure::new(
            "items consumed twice or more, all rounds",
            total.duplicated as f64,
            "",
        ));
        figures.push(Figure::new(
            "items never consumed, all rounds",
            total.missing as f64,
            "",
        ));
        let most_queued = format!("most items seen queued (maxsize {CAPACITY})");
        figures.push(Figure::new(most_queued, total.most_queued as f64, ""));
        Ok(Outcome {
            method: format!(
                "{PRODUCERS} producer threads put {per_producer} numbered items each into a tripool \
                 Queue with maxsize {CAPACITY}; {CONSUMERS} consumer threads get them and call \
                 task_done; the main thread waits in join, then shuts the queue down; {rounds} \
                 rounds; throughput is items from start to join"
            ),
            figures,
            verdict: total.verdict(),
        })
    }
}

/// What consumers received, summed over rounds.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Delivery {
    items: usize,
    duplicated: usize,
    missing: usize,
    most_queued: usize,
}

impl Delivery {
    /// Checks the ids consumers saw against `0..items`.
    fn check(items: usize, seen: impl IntoIterator<Item = usize>, most_queued: usize) -> Self {
        let mut times = vec![0_u32; items];
        let mut duplicated = 0;
        for id in seen {
            match times.get_mut(id) {
                Some(count) => {
                    *count += 1;
                    if *count == 2 {
                        duplicated += 1;
                    }
                }
                // An id nobody produced counts as a duplicate delivery.
                None => duplicated += 1,
            }
        }
        Self {
            items,
            duplicated,
            missing: times.iter().filter(|&&count| count == 0).count(),
            most_queued,
        }
    }

    fn add(&mut self, other: &Self) {
        self.items += other.items;
        self.duplicated += other.duplicated;
        self.missing += other.missing;
        self.most_queued = self.most_queued.max(other.most_queued);
    }

    fn verdict(&self) -> Verdict {
        if self.duplicated > 0 || self.missing > 0 {
            return Verdict::does_not_hold(format!(
                "of {} items {} were consumed more than once and {} never",
                self.items, self.duplicated, self.missing
            ));
        }
        if self.most_queued > CAPACITY {
            return Verdict::does_not_hold(format!(
                "the queue held {} items although its maxsize is {CAPACITY}",
                self.most_queued
            ));
        }
        Verdict::holds(format!(
            "all {} items were consumed exactly once, join returned after the last task_done, \
             and the queue never held more than its maxsize ({} of {CAPACITY} seen)",
            self.items, self.most_queued
        ))
    }
}

/// One round: returns what was delivered and the time from start to `join`.
fn round(per_producer: usize) -> Result<(Delivery, Duration), LabError> {
    let queue = Queue::with_maxsize(CAPACITY);
    let most_queued = AtomicUsize::new(0);
    let start = Barrier::new(PRODUCERS + CONSUMERS + 1);
    let (seen, elapsed) = std::thread::scope(|s| {
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| {
                let (queue, most_queued, start) = (&queue, &most_queued, &start);
                s.spawn(move || {
                    start.wait();
                    for id in p * per_producer..(p + 1) * per_producer {
                        queue.put_timeout(id, PATIENCE).map_err(|e| {
                            LabError::failed("a producer could not put", e.to_string())
                        })?;
                        most_queued.fetch_max(queue.qsize(), Ordering::Relaxed);
                    }
                    Ok(Vec::new())
                })
            })
            .collect();
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| s.spawn(|| consume(&queue, &start)))
            .collect();
        start.wait();
        let began = Instant::now();
        let produced = join_all(producers);
        let done = produced.is_ok() && queue.join_timeout(PATIENCE);
        let elapsed = began.elapsed();
        // Plain shutdown lets consumers see the queue empty and stop; an
        // immediate one frees everyone if something went wrong.
        queue.shutdown(!done);
        let consumed = join_all(consumers);
        produced?;
        if !done {
            return Err(LabError::stuck(format!(
                "join did not return within {} s of the last put",
                PATIENCE.as_secs()
            )));
        }
        Ok((consumed?, elapsed))
    })?;
    let items = PRODUCERS * per_producer;
    Ok((
        Delivery::check(items, seen, most_queued.into_inner()),
        elapsed,
    ))
}

/// Gets items until the queue is shut down; returns the ids seen.
fn consume(queue: &Queue<usize>, start: &Barrier) -> Result<Vec<usize>, LabError> {
    start.wait();
    let mut seen = Vec::new();
    loop {
        match queue.get_timeout(PATIENCE) {
            Ok(id) => {
                seen.push(id);
                queue
                    .task_done()
                    .map_err(|e| LabError::failed("a consumer's task_done failed", e))?;
            }
            Err(GetTimeoutError::ShutDown) => return Ok(seen),
            Err(GetTimeoutError::Timeout) => {
                return Err(LabError::stuck(format!(
                    "a consumer waited {} s for an item",
                    PATIENCE.as_secs()
                )));
            }
        }
    }
}

/// Joins every thread, concatenating what they returned; the first error or
/// panic wins, but every thread is joined.
fn join_all(
    handles: Vec<ScopedJoinHandle<'_, Result<Vec<usize>, LabError>>>,
) -> Result<Vec<usize>, LabError> {
    let mut all = Vec::new();
    let mut first_error = None;
    for handle in handles {
        let result = handle
            .join()
            .unwrap_or_else(|payload| Err(LabError::panicked(panic_message(payload.as_ref()))));
        match result {
            Ok(seen) => all.extend(seen),
            Err(error) => {
                first_error.get_or_insert(error);
            }
        }
    }
    first_error.map_or(Ok(all), Err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_when_every_item_arrives_once() {
        let delivery = Delivery::check(4, [2, 0, 3, 1], 3);
        assert_eq!((delivery.duplicated, delivery.missing), (0, 0));
        let verdict = delivery.verdict();
        assert!(verdict.holds, "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_when_an_item_is_lost_or_doubled() {
        let delivery = Delivery::check(4, [0, 1, 1, 2], 3);
        assert_eq!((delivery.duplicated, delivery.missing), (1, 1));
        let verdict = delivery.verdict();
        assert!(!verdict.holds);
        assert!(
            verdict
                .why
                .contains("1 were consumed more than once and 1 never"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn an_unknown_id_counts_as_a_bad_delivery() {
        assert_eq!(Delivery::check(2, [0, 1, 7], 1).duplicated, 1);
    }

    #[test]
    fn does_not_hold_when_the_queue_overfills() {
        let verdict = Delivery::check(1, [0], CAPACITY + 1).verdict();
        assert!(!verdict.holds);
        assert!(verdict.why.contains("maxsize"), "{}", verdict.why);
    }

    #[test]
    fn rounds_add_up() {
        let mut total = Delivery::default();
        total.add(&Delivery::check(2, [0, 1], 2));
        total.add(&Delivery::check(2, [0], 5));
        assert_eq!(
            total,
            Delivery {
                items: 4,
                duplicated: 0,
                missing: 1,
                most_queued: 5
            }
        );
    }

    #[test]
    fn a_small_round_delivers_everything() {
        let (delivery, _) = round(100).unwrap();
        assert_eq!(delivery.items, PRODUCERS * 100);
        assert!(delivery.verdict().holds);
    }
}
