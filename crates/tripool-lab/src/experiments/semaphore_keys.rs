//! `semaphore-keys`: seed 002's kitchen with n keys on a hook; a `Semaphore`
//! with n permits lets n people in at once and never more.

use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tripool::sync::Semaphore;

use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Verdict};

/// Seed 002: people visit a room guarded by a tripool `Semaphore` with n
/// permits, stay a moment and leave; the most people seen inside at once must
/// be exactly n. n = 1 is the seed's mutex, a special case of the semaphore.
pub(crate) struct SemaphoreKeys;

/// The key counts tried: the mutex (1) and the seed's kitchen (3).
const KEYS: [usize; 2] = [1, 3];
/// How long a visitor stays inside: long enough that others queue at the door.
const STAY: Duration = Duration::from_micros(200);

impl Experiment for SemaphoreKeys {
    fn name(&self) -> &'static str {
        "semaphore-keys"
    }

    fn claim(&self) -> Claim {
        Claim {
            summary: "a semaphore with n permits (a room with n keys) lets at most n threads \
                      in at once; with n = 1 it is a mutex",
            quotes: &[
                Quote {
                    seed: "002_4e37179c854e1ce7.txt",
                    words: "这时的解决方法，就是在门口挂n把钥匙。进去的人就取一把钥匙，出来时再把钥匙挂回原处。\
                        后到的人发现钥匙架空了，就知道必须在门口排队等着了。这种做法叫做\"信号量\"（Semaphore）",
                },
                Quote {
                    seed: "002_4e37179c854e1ce7.txt",
                    words: "不难看出，mutex是semaphore的一种特殊情况（n=1时）。",
                },
            ],
        }
    }

    fn run(&self, config: &Config) -> Result<Outcome, LabError> {
        let people = config.pick(8, 16);
        let visits = config.pick(40, 150);
        let rooms: Vec<Room> = KEYS
            .iter()
            .map(|&keys| visit(keys, people, visits))
            .collect();
        let mut figures = Vec::new();
        for room in &rooms {
            let n = key_count(room.keys);
            figures.push(Figure::new(
                format!("{n}: most people inside at once"),
                room.most_inside as f64,
                "",
            ));
            figures.push(Figure::new(
                format!("{n}: keys on the hook afterwards"),
                room.keys_after as f64,
                "",
            ));
        }
        Ok(Outcome {
            method: format!(
                "{people} threads each enter the room {visits} times through a tripool Semaphore \
                 with n permits (n = {}), stay {} µs, and count who is inside",
                KEYS.map(|k| k.to_string()).join(", then "),
                STAY.as_micros()
            ),
            figures,
            verdict: verdict(&rooms),
        })
    }
}

/// What one room with `keys` keys saw.
#[derive(Clone, Copy, Debug)]
struct Room {
    keys: usize,
    most_inside: usize,
    keys_after: usize,
}

fn visit(keys: usize, people: usize, visits: usize) -> Room {
    let door = Semaphore::new(keys);
    let inside = AtomicUsize::new(0);
    let most_inside = AtomicUsize::new(0);
    let start = Barrier::new(people);
    std::thread::scope(|s| {
        for _ in 0..people {
            s.spawn(|| {
                start.wait();
                for _ in 0..visits {
                    let _key = door.acquire();
                    let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                    most_inside.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(STAY);
                    inside.fetch_sub(1, Ordering::SeqCst);
                }
            });
        }
    });
    Room {
        keys,
        most_inside: most_inside.into_inner(),
        keys_after: door.available_permits(),
    }
}

fn verdict(rooms: &[Room]) -> Verdict {
    for room in rooms {
        let Room {
            keys,
            most_inside,
            keys_after,
        } = *room;
        if most_inside > keys {
            return Verdict::does_not_hold(format!(
                "{most_inside} people were inside a room with {} at once",
                key_count(keys)
            ));
        }
        if keys_after != keys {
            return Verdict::does_not_hold(format!(
                "after every visit {keys_after} of {keys} keys were back on the hook"
            ));
        }
        if most_inside < keys {
            return Verdict::does_not_hold(format!(
                "with {} never more than {most_inside} people were inside at once: \
                 the room never filled here, so the limit was not shown",
                key_count(keys)
            ));
        }
    }
    let seen: Vec<String> = rooms
        .iter()
        .map(|r| format!("{} with {}", r.most_inside, key_count(r.keys)))
        .collect();
    Verdict::holds(format!(
        "the most people inside at once was exactly the number of keys ({}), and every key \
         came back",
        seen.join(", ")
    ))
}

/// "1 key", "3 keys".
fn key_count(n: usize) -> String {
    format!("{n} {}", if n == 1 { "key" } else { "keys" })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(keys: usize, most_inside: usize, keys_after: usize) -> Room {
        Room {
            keys,
            most_inside,
            keys_after,
        }
    }

    #[test]
    fn holds_when_the_room_fills_to_exactly_n() {
        let verdict = verdict(&[room(1, 1, 1), room(3, 3, 3)]);
        assert!(verdict.holds, "{}", verdict.why);
        assert!(verdict.why.contains("3 with 3 keys"), "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_when_more_than_n_are_inside() {
        let verdict = verdict(&[room(1, 1, 1), room(3, 4, 3)]);
        assert!(!verdict.holds);
        assert!(
            verdict
                .why
                .contains("4 people were inside a room with 3 keys"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn does_not_hold_when_the_room_never_fills() {
        let verdict = verdict(&[room(3, 2, 3)]);
        assert!(!verdict.holds);
        assert!(verdict.why.contains("never more than 2"), "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_when_a_key_goes_missing() {
        let verdict = verdict(&[room(3, 3, 2)]);
        assert!(!verdict.holds);
        assert!(verdict.why.contains("2 of 3 keys"), "{}", verdict.why);
    }

    #[test]
    fn a_small_room_never_overfills() {
        let room = visit(2, 4, 3);
        assert!(room.most_inside <= 2);
        assert_eq!(room.keys_after, 2);
    }
}
