//! A watchdog that ends the run when a round hangs: a benchmark must never
//! hang CI, even when the implementation it measures has a lost wake-up.

use std::process;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

/// Exit code of a run the watchdog ended (the CLI's "failed").
const EXIT_HUNG: i32 = 1;

/// The round being watched, if any.
struct Armed {
    what: String,
    limit: Duration,
    deadline: Instant,
}

/// The watchdog's state, shared with its thread.
struct Watchdog {
    armed: Mutex<Option<Armed>>,
    changed: Condvar,
}

/// While alive, the watchdog ends the process if it lives past its limit.
#[must_use = "the round is watched only while the guard lives"]
pub(crate) struct WatchGuard {
    watchdog: &'static Watchdog,
}

/// Watches one round: if the returned guard is not dropped within `limit`,
/// prints which `what` hung to stderr and exits the process with code 1
/// (rows already written, to the table and to a `--json` file, stay).
pub(crate) fn watch(what: String, limit: Duration) -> WatchGuard {
    static WATCHDOG: OnceLock<&'static Watchdog> = OnceLock::new();
    let watchdog = *WATCHDOG.get_or_init(|| {
        let watchdog: &'static Watchdog = Box::leak(Box::new(Watchdog {
            armed: Mutex::new(None),
            changed: Condvar::new(),
        }));
        thread::Builder::new()
            .name("bench-watchdog".into())
            .spawn(move || watchdog.run())
            .expect("cannot start the watchdog thread");
        watchdog
    });
    *watchdog.lock() = Some(Armed {
        what,
        limit,
        deadline: Instant::now() + limit,
    });
    watchdog.changed.notify_one();
    WatchGuard { watchdog }
}

impl Watchdog {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Armed>> {
        self.armed.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn run(&self) {
        let mut armed = self.lock();
        loop {
            let wait = match &*armed {
                None => None,
                Some(round) => match round.deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => {
                        eprintln!(
                            "error: {} did not finish a round within {:?}: it hangs, ending the run",
                            round.what, round.limit
                        );
                        process::exit(EXIT_HUNG);
                    }
                },
            };
            armed = match wait {
                None => {
                    let waited = self.changed.wait(armed);
                    waited.unwrap_or_else(PoisonError::into_inner)
                }
                Some(left) => {
                    let waited = self.changed.wait_timeout(armed, left);
                    waited.unwrap_or_else(PoisonError::into_inner).0
                }
            };
        }
    }
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        *self.watchdog.lock() = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_that_ends_in_time_is_disarmed() {
        for _ in 0..3 {
            let guard = watch("test round".into(), Duration::from_secs(60));
            let watchdog = guard.watchdog;
            assert!(watchdog.lock().is_some());
            drop(guard);
            assert!(watchdog.lock().is_none());
        }
    }
}
