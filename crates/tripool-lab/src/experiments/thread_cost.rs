//! `thread-cost`: creating and destroying a thread costs much less time than
//! a process.

use std::process::{Command, Stdio};
use std::time::Instant;

use tripool::thread::Thread;

use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Summary, Verdict};

/// Seeds 000 and 001: the time to start and join a tripool `Thread` that does
/// nothing, against the time to start and reap a process that does nothing.
///
/// tripool's own `Process` comes with a later issue; until then the process
/// figure is `std::process::Command` running `true` (spawn and wait), the
/// cheapest honest process start from Rust.
pub(crate) struct ThreadCost;

/// "Much smaller": a process must cost at least this many threads.
const MUCH: f64 = 5.0;

impl Experiment for ThreadCost {
    fn name(&self) -> &'static str {
        "thread-cost"
    }

    fn claim(&self) -> Claim {
        Claim {
            summary: "creating and destroying a thread takes much less time than a process",
            quotes: &[
                Quote {
                    seed: "001_b61d24d51aa3c12b.txt",
                    words: "线程比进程小，基本上不拥有系统资源。线程的创建和销毁所需要的时间比进程小很多",
                },
                Quote {
                    seed: "000_c3ac689cb92272e0.txt",
                    words: "进程是资源的拥有者，进程的创建，撤销，切换花销太大",
                },
            ],
        }
    }

    fn run(&self, config: &Config) -> Result<Outcome, LabError> {
        let threads = config.pick(500, 2_000);
        let processes = config.pick(50, 200);
        let rounds = config.pick(5, 7);
        let mut tripool_us = Vec::with_capacity(rounds);
        let mut std_us = Vec::with_capacity(rounds);
        let mut process_us = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            tripool_us.push(per_op_us(threads, tripool_thread)?);
            std_us.push(per_op_us(threads, std_thread)?);
            process_us.push(per_op_us(processes, process)?);
        }
        let costs = Costs {
            thread: Summary::measured("thread start+join", &tripool_us)?,
            process: Summary::measured("process spawn+wait", &process_us)?,
        };
        let std_us = Summary::measured("std thread spawn+join", &std_us)?;
        let mut figures = Vec::new();
        figures.extend(costs.thread.figures("tripool Thread start+join", "µs"));
        figures.push(Figure::new(
            format!("std::thread spawn+join, median of {rounds}"),
            std_us.median,
            "µs",
        ));
        figures.extend(
            costs
                .process
                .figures("process spawn+wait (std Command `true`)", "µs"),
        );
        figures.push(Figure::new(
            "process / tripool Thread, medians",
            costs.ratio(),
            "×",
        ));
        Ok(Outcome {
            method: format!(
                "{rounds} rounds of: {threads} tripool Threads started and joined one after \
                 another (empty body), the same with std::thread, and {processes} processes \
                 running `true` spawned and waited for with std::process::Command; tripool's \
                 own Process figures come with a later issue"
            ),
            figures,
            verdict: costs.verdict(),
        })
    }
}

/// Runs `op` `count` times; returns the mean time per call in µs.
fn per_op_us(count: usize, op: fn() -> Result<(), LabError>) -> Result<f64, LabError> {
    let start = Instant::now();
    for _ in 0..count {
        op()?;
    }
    Ok(start.elapsed().as_secs_f64() * 1e6 / count as f64)
}

fn tripool_thread() -> Result<(), LabError> {
    Thread::builder()
        .spawn(|| ())
        .map_err(|e| LabError::failed("starting a tripool Thread", e))?
        .join()
        .map_err(|e| LabError::failed("joining a tripool Thread", e))
}

fn std_thread() -> Result<(), LabError> {
    std::thread::Builder::new()
        .spawn(|| ())
        .map_err(|e| LabError::failed("starting a std thread", e))?
        .join()
        .map_err(|_| LabError::panicked("an empty std thread panicked"))
}

fn process() -> Result<(), LabError> {
    let status = Command::new("true")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| LabError::failed("running `true`", e))?;
    if status.success() {
        Ok(())
    } else {
        Err(LabError::failed(
            "running `true`",
            format!("it exited with {status}"),
        ))
    }
}

/// The two medians the verdict compares.
struct Costs {
    thread: Summary,
    process: Summary,
}

impl Costs {
    fn ratio(&self) -> f64 {
        self.process.median / self.thread.median
    }

    fn verdict(&self) -> Verdict {
        let (thread, process, ratio) = (self.thread.median, self.process.median, self.ratio());
        let figures = format!(
            "a thread took {thread:.1} µs to start and join, a process {process:.1} µs to spawn \
             and reap ({ratio:.1}×)"
        );
        if ratio >= MUCH {
            Verdict::holds(format!("{figures}: at least {MUCH}× is much smaller"))
        } else if ratio > 1.0 {
            Verdict::does_not_hold(format!(
                "{figures}: cheaper, but not the {MUCH}× this lab takes \"much\" to mean"
            ))
        } else {
            Verdict::does_not_hold(format!("{figures}: the thread was not cheaper"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn costs(thread: f64, process: f64) -> Costs {
        Costs {
            thread: Summary::of(&[thread]).unwrap(),
            process: Summary::of(&[process]).unwrap(),
        }
    }

    #[test]
    fn holds_when_a_process_costs_many_threads() {
        let verdict = costs(20.0, 600.0).verdict();
        assert!(verdict.holds, "{}", verdict.why);
        assert!(verdict.why.contains("30.0×"), "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_when_threads_are_only_a_little_cheaper() {
        let verdict = costs(100.0, 200.0).verdict();
        assert!(!verdict.holds);
        assert!(verdict.why.contains("not the 5×"), "{}", verdict.why);
    }

    #[test]
    fn does_not_hold_when_threads_are_dearer() {
        let verdict = costs(300.0, 200.0).verdict();
        assert!(!verdict.holds);
        assert!(verdict.why.contains("not cheaper"), "{}", verdict.why);
    }

    #[test]
    fn each_operation_runs() {
        assert!(per_op_us(2, std_thread).unwrap() > 0.0);
        assert!(per_op_us(2, tripool_thread).unwrap() > 0.0);
        assert!(per_op_us(1, process).unwrap() > 0.0);
    }
}
