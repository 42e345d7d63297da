//! `creation-cost`: creating and destroying a thread costs much less time
//! than a process.

use std::process::{Command, Stdio};
use std::time::Instant;

use tripool::process::Process;
use tripool::thread::Thread;

use super::join::join_process;
use crate::{Claim, Config, Experiment, Figure, LabError, Outcome, Quote, Summary, Verdict};

/// Seeds 000 and 001: the time to start and join a tripool `Thread` that does
/// nothing, against the time to start and join a tripool `Process` running an
/// empty task (this binary started again in worker mode, the task run, its
/// result sent back and the worker reaped).
///
/// For context it also times `std::thread` and `std::process::Command`
/// running `true`, the cheapest process start from Rust; the verdict compares
/// tripool's own Thread and Process.
pub(crate) struct CreationCost;

/// "Much smaller": a process must cost at least this many threads.
const MUCH: f64 = 5.0;

/// The task a process runs for this experiment: nothing.
#[tripool::task]
fn nothing() {}

impl Experiment for CreationCost {
    fn name(&self) -> &'static str {
        "creation-cost"
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
        let threads = config.pick(300, 2_000);
        let processes = config.pick(15, 100);
        let rounds = config.pick(5, 7);
        let mut tripool_thread_us = Vec::with_capacity(rounds);
        let mut std_thread_us = Vec::with_capacity(rounds);
        let mut tripool_process_us = Vec::with_capacity(rounds);
        let mut command_us = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            tripool_thread_us.push(per_op_us(threads, tripool_thread)?);
            std_thread_us.push(per_op_us(threads, std_thread)?);
            tripool_process_us.push(per_op_us(processes, tripool_process)?);
            command_us.push(per_op_us(processes, command)?);
        }
        let costs = Costs {
            thread: Summary::measured("thread start+join", &tripool_thread_us)?,
            process: Summary::measured("process start+join", &tripool_process_us)?,
        };
        let std_thread_us = Summary::measured("std thread spawn+join", &std_thread_us)?;
        let command_us = Summary::measured("std Command spawn+wait", &command_us)?;
        let mut figures = Vec::new();
        figures.extend(costs.thread.figures("tripool Thread start+join", "µs"));
        figures.extend(costs.process.figures("tripool Process start+join", "µs"));
        figures.push(Figure::new(
            "tripool Process / tripool Thread, medians",
            costs.ratio(),
            "×",
        ));
        figures.push(Figure::new(
            format!("for context: std::thread spawn+join, median of {rounds}"),
            std_thread_us.median,
            "µs",
        ));
        figures.push(Figure::new(
            format!("for context: std Command `true` spawn+wait, median of {rounds}"),
            command_us.median,
            "µs",
        ));
        Ok(Outcome {
            method: format!(
                "{rounds} rounds of: {threads} tripool Threads started and joined one after \
                 another (empty body), {processes} tripool Processes started and joined one \
                 after another (an empty #[tripool::task]), and for context the same with \
                 std::thread and with std::process::Command running `true`"
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

fn tripool_process() -> Result<(), LabError> {
    let process = Process::spawn(nothing::Task, ())
        .map_err(|e| LabError::failed("starting a tripool Process", e))?;
    join_process(process, "an empty task's process")
}

fn command() -> Result<(), LabError> {
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
            "a thread took {thread:.1} µs to start and join, a process {process:.1} µs \
             ({ratio:.1}×)"
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
        assert!(per_op_us(1, tripool_process).unwrap() > 0.0);
        assert!(per_op_us(1, command).unwrap() > 0.0);
    }
}
