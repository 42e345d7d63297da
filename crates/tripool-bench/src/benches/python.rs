//! Python's standard library as a peer: a `python3` process runs one of the
//! scripts in the crate's `python/` folder and times rounds on request
//! (protocol in `python/bench_rounds.py`), so its rounds interleave with
//! the Rust ones and the interpreter's start-up is never timed.
//!
//! A machine without `python3` gets rows with a "python3 not found" note;
//! a script that fails gets a note too; neither fails the run.

use std::ffi::OsStr;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, bail};

use crate::harness::{Context, Peer, Subject, Unavailable};

/// The folder holding the scripts, in the crate's source tree.
fn scripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("python")
}

/// A running script that answers round requests.
struct Script {
    name: String,
    /// The interpreter, for messages.
    program: String,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

/// The peer named `name` that runs `script` (a file in `python/`) with
/// `args`, or a note saying why it cannot run here.
pub(crate) fn peer(context: &Context, name: &str, script: &str, args: &[String]) -> Peer {
    let name = format!("python3 {name}");
    Script::start(&context.python, &name, script, args)
        .map(|script| Box::new(script) as _)
        .map_err(|note| Unavailable { name, note })
}

impl Script {
    fn start(program: &OsStr, name: &str, script: &str, args: &[String]) -> Result<Self, String> {
        let path = scripts().join(script);
        if !path.is_file() {
            return Err(format!("script not found: {}", path.display()));
        }
        let mut child = Command::new(program)
            .arg(&path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| match error.kind() {
                io::ErrorKind::NotFound => format!("{} not found", program.to_string_lossy()),
                _ => format!("cannot start {}: {error}", program.to_string_lossy()),
            })?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            unreachable!("stdin and stdout are piped");
        };
        Ok(Self {
            name: name.to_owned(),
            program: program.to_string_lossy().into_owned(),
            child,
            stdin,
            stdout: BufReader::new(stdout),
        })
    }

    /// The last line the script wrote to stderr (a Python traceback ends
    /// with the exception), once it has exited.
    fn last_error_line(&mut self) -> String {
        let mut text = String::new();
        if let Some(stderr) = self.child.stderr.as_mut() {
            // The script has exited, so this read ends.
            let _ = stderr.read_to_string(&mut text);
        }
        let line = text.lines().rev().find(|line| !line.trim().is_empty());
        line.unwrap_or("no message").trim().to_owned()
    }
}

impl Subject for Script {
    fn name(&self) -> &str {
        &self.name
    }

    fn round(&mut self, ops: u64) -> anyhow::Result<Duration> {
        let mut line = String::new();
        let asked = writeln!(self.stdin, "{ops}").and_then(|()| self.stdin.flush());
        match asked.and_then(|()| self.stdout.read_line(&mut line)) {
            // A closed pipe means the script has exited: say why below.
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => line.clear(),
            Err(error) => {
                let program = &self.program;
                return Err(error).with_context(|| format!("cannot talk to {program}"));
            }
            Ok(_) => {}
        }
        if line.is_empty() {
            let _ = self.child.wait();
            let last_words = self.last_error_line();
            bail!("{} exited: {last_words}", self.program);
        }
        let nanos: u64 = line.trim().parse().with_context(|| {
            format!(
                "{} answered {:?}, not nanoseconds",
                self.program,
                line.trim()
            )
        })?;
        Ok(Duration::from_nanos(nanos))
    }
}

impl Drop for Script {
    fn drop(&mut self) {
        // The script has nothing to save: end it and reap it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::*;

    fn context(python: &str) -> Context {
        Context {
            python: python.into(),
            workers: NonZeroUsize::MIN,
        }
    }

    #[test]
    fn a_missing_interpreter_is_a_note() {
        let missing = "tripool-bench-no-such-python";
        let Err(unavailable) = peer(
            &context(missing),
            "threading.Lock",
            "threading_lock.py",
            &[],
        ) else {
            panic!("started a missing interpreter");
        };
        assert_eq!(unavailable.note, format!("{missing} not found"));
        assert_eq!(unavailable.name, "python3 threading.Lock");
    }

    #[test]
    fn a_missing_script_is_a_note() {
        let Err(unavailable) = peer(&context("python3"), "x", "no_such_script.py", &[]) else {
            panic!("started a missing script");
        };
        assert!(
            unavailable.note.starts_with("script not found"),
            "{}",
            unavailable.note
        );
    }

    #[test]
    fn a_script_that_exits_is_an_error_with_its_last_words() {
        // `true` ignores the script and exits at once, without a word.
        let Ok(mut script) = peer(&context("true"), "x", "threading_lock.py", &[]) else {
            panic!("`true` is on every Unix");
        };
        let error = script.round(10).unwrap_err();
        assert_eq!(format!("{error:#}"), "true exited: no message");
    }

    #[test]
    fn every_script_answers_rounds_when_python3_is_here() {
        let scripts: [(&str, &[String]); 3] = [
            ("threading_lock.py", &[]),
            ("queue_queue.py", &[]),
            ("thread_pool_executor.py", &["2".to_owned()]),
        ];
        for (script, args) in scripts {
            match peer(&context("python3"), script, script, args) {
                Ok(mut script) => {
                    assert!(script.round(100).is_ok());
                    assert!(script.round(100).is_ok());
                }
                Err(missing) => eprintln!("skipped: {}", missing.note),
            }
        }
    }

    #[test]
    fn every_script_is_in_the_crate() {
        let names = [
            "bench_rounds.py",
            "threading_lock.py",
            "queue_queue.py",
            "thread_pool_executor.py",
        ];
        for script in names {
            assert!(scripts().join(script).is_file(), "{script}");
        }
    }
}
