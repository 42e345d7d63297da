//! `isolation`: each process has its own copy of a global; threads share
//! one.

use std::sync::atomic::{AtomicU64, Ordering};

use tripool::process::Process;
use tripool::thread::Thread;

use super::join::join_process;
use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Verdict};

/// Seed 001's `count()`: five workers each add `0..100000` into the global
/// `n`, first as five tripool `Process`es, then as five tripool `Thread`s.
///
/// Each process adds into its own copy of `N` and reports 4999950000 while
/// the parent's `N` stays 0; the threads add into the parent's one `N`,
/// which ends at five times that. `N` is an atomic so that the threads'
/// sharing is not a data race (the seed's Python has the GIL for that).
pub(crate) struct Isolation;

/// The seed's global `n`.
static N: AtomicU64 = AtomicU64::new(0);

/// How many workers of each kind, as in the seed.
const WORKERS: u32 = 5;

/// What one `count()` adds: `0 + 1 + … + 99999`.
const ONE_COUNT: u64 = 4_999_950_000;

/// The seed's `count(num)`: adds `0..100000` into the global `n` and
/// reports the `n` it then sees, with the pid it ran in.
#[tripool::task]
fn count(num: u32) -> Seen {
    for i in 0..100_000 {
        N.fetch_add(i, Ordering::Relaxed);
    }
    Seen {
        num,
        pid: std::process::id(),
        n: N.load(Ordering::Relaxed),
    }
}

/// What one worker reported: its number, its pid and the `n` it saw.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Seen {
    num: u32,
    pid: u32,
    n: u64,
}

impl Experiment for Isolation {
    fn name(&self) -> &'static str {
        "isolation"
    }

    fn claim(&self) -> Claim {
        Claim {
            summary: "each process has its own address space; the threads of a process share it",
            quotes: &[
                Quote {
                    seed: "001_b61d24d51aa3c12b.txt",
                    words: "每个进程都拥有唯一的地址空间",
                },
                Quote {
                    seed: "001_b61d24d51aa3c12b.txt",
                    words: "同一进程中的多个线程将共享该进程中的全部系统资源，如虚拟地址空间，文件描述符和信号处理等等",
                },
            ],
        }
    }

    fn run(&self, _config: &Config) -> Result<Outcome, LabError> {
        // The parent's `n` as at the start of the seed's program.
        N.store(0, Ordering::Relaxed);
        let processes = (0..WORKERS)
            .map(|num| {
                Process::spawn(count::Task, (num,))
                    .map_err(|e| LabError::failed(format!("starting process {num}"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let processes = processes
            .into_iter()
            .enumerate()
            .map(|(num, p)| join_process(p, &format!("process {num}")))
            .collect::<Result<Vec<_>, _>>()?;
        let parent_n = N.load(Ordering::Relaxed);

        let threads = (0..WORKERS)
            .map(|num| {
                Thread::builder()
                    .spawn(move || count(num))
                    .map_err(|e| LabError::failed(format!("starting thread {num}"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let threads = threads
            .into_iter()
            .enumerate()
            .map(|(num, t)| {
                t.join()
                    .map_err(|e| LabError::failed(format!("joining thread {num}"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let report = Report {
            parent_pid: std::process::id(),
            processes,
            parent_n,
            threads,
            shared_n: N.load(Ordering::Relaxed),
        };
        Ok(Outcome {
            method: format!(
                "{WORKERS} tripool Processes, started together then joined, each ran the \
                 task count(): `for i in 0..100000 {{ N += i }}` on the global N, then \
                 reported N and its pid; the parent then read its own N. Then {WORKERS} \
                 tripool Threads ran the same function on the parent's N (an atomic), \
                 started together then joined"
            ),
            figures: report.figures(),
            verdict: report.verdict(),
        })
    }
}

/// Everything the verdict looks at.
struct Report {
    parent_pid: u32,
    processes: Vec<Seen>,
    /// The parent's `n` after the processes ran.
    parent_n: u64,
    threads: Vec<Seen>,
    /// The parent's `n` after the threads ran.
    shared_n: u64,
}

impl Report {
    fn figures(&self) -> Vec<Figure> {
        let seen = |kind: &str, s: &Seen| {
            Figure::new(
                format!("{kind} {} (pid {}): n", s.num, s.pid),
                s.n as f64,
                "",
            )
        };
        let mut figures: Vec<_> = self.processes.iter().map(|s| seen("process", s)).collect();
        figures.push(Figure::new(
            format!("parent (pid {}) after the processes: n", self.parent_pid),
            self.parent_n as f64,
            "",
        ));
        figures.extend(self.threads.iter().map(|s| seen("thread", s)));
        figures.push(Figure::new(
            format!("parent (pid {}) after the threads: n", self.parent_pid),
            self.shared_n as f64,
            "",
        ));
        figures
    }

    fn verdict(&self) -> Verdict {
        let workers = self.threads.len() as u64;
        let own = self
            .processes
            .iter()
            .all(|s| s.n == ONE_COUNT && s.pid != self.parent_pid);
        let mut pids: Vec<_> = self.processes.iter().map(|s| s.pid).collect();
        pids.sort_unstable();
        pids.dedup();
        let distinct = pids.len() == self.processes.len();
        if self.processes.is_empty() || self.threads.is_empty() {
            return Verdict::does_not_hold("no worker reported");
        }
        if !own || !distinct {
            let seen: Vec<_> = self
                .processes
                .iter()
                .map(|s| format!("{} in pid {}", s.n, s.pid))
                .collect();
            return Verdict::does_not_hold(format!(
                "the processes did not each see only their own n = {ONE_COUNT}: {}",
                seen.join(", ")
            ));
        }
        if self.parent_n != 0 {
            return Verdict::does_not_hold(format!(
                "the parent's n became {} while the processes counted",
                self.parent_n
            ));
        }
        let last = self.threads.iter().map(|s| s.n).max().unwrap_or(0);
        let in_parent = self.threads.iter().all(|s| s.pid == self.parent_pid);
        if !in_parent || self.shared_n != workers * ONE_COUNT || last != self.shared_n {
            return Verdict::does_not_hold(format!(
                "the threads did not share one n: it ended at {} (shared would be {}), \
                 the last thread saw {last}",
                self.shared_n,
                workers * ONE_COUNT
            ));
        }
        Verdict::holds(format!(
            "{} processes (distinct pids) each saw only their own n = {ONE_COUNT} while the \
             parent's stayed 0; {workers} threads added into the parent's one n, which \
             ended at {} = {workers} × {ONE_COUNT}",
            self.processes.len(),
            self.shared_n
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARENT: u32 = 100;

    fn seen(num: u32, pid: u32, n: u64) -> Seen {
        Seen { num, pid, n }
    }

    /// What the seed printed: own copies in the processes, one shared n in
    /// the threads (which interleave).
    fn as_in_the_seed() -> Report {
        Report {
            parent_pid: PARENT,
            processes: (0..5).map(|i| seen(i, 200 + i, ONE_COUNT)).collect(),
            parent_n: 0,
            threads: vec![
                seen(0, PARENT, 5_756_690_257),
                seen(1, PARENT, 11_829_507_727),
                seen(2, PARENT, 10_819_616_173),
                seen(3, PARENT, 14_424_763_612),
                seen(4, PARENT, 5 * ONE_COUNT),
            ],
            shared_n: 5 * ONE_COUNT,
        }
    }

    #[test]
    fn holds_as_in_the_seed() {
        let verdict = as_in_the_seed().verdict();
        assert!(verdict.holds, "{}", verdict.why);
        assert!(verdict.why.contains("24999750000"), "{}", verdict.why);
        assert_eq!(as_in_the_seed().figures().len(), 12);
    }

    #[test]
    fn does_not_hold_when_a_process_sees_a_shared_n() {
        let mut report = as_in_the_seed();
        report.processes[3].n = 2 * ONE_COUNT;
        let verdict = report.verdict();
        assert!(!verdict.holds);
        assert!(
            verdict.why.contains("9999900000 in pid 203"),
            "{}",
            verdict.why
        );
    }

    #[test]
    fn does_not_hold_when_a_process_ran_in_the_parent_or_twice_in_one_pid() {
        let mut report = as_in_the_seed();
        report.processes[0].pid = PARENT;
        assert!(!report.verdict().holds);
        let mut report = as_in_the_seed();
        report.processes[1].pid = 200;
        assert!(!report.verdict().holds);
    }

    #[test]
    fn does_not_hold_when_the_parent_n_moved() {
        let mut report = as_in_the_seed();
        report.parent_n = ONE_COUNT;
        let verdict = report.verdict();
        assert!(!verdict.holds);
        assert!(verdict.why.contains("parent's n became"), "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_when_the_threads_have_their_own_n() {
        let mut report = as_in_the_seed();
        for thread in &mut report.threads {
            thread.n = ONE_COUNT;
        }
        report.shared_n = ONE_COUNT;
        let verdict = report.verdict();
        assert!(!verdict.holds);
        assert!(verdict.why.contains("did not share"), "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_without_workers() {
        let mut report = as_in_the_seed();
        report.processes.clear();
        assert!(!report.verdict().holds);
    }

    #[test]
    fn runs_and_holds_here() {
        let outcome = Isolation.run(&Config::new(true)).unwrap();
        assert!(outcome.verdict.holds, "{}", outcome.verdict.why);
    }
}
