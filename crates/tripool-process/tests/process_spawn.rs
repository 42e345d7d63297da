//! Worker processes: results, failures and how they are reported. Each test
//! re-runs this test binary as the worker (the `#[task]` constructor turns
//! it into one before libtest starts).

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize, Serializer};
use tripool_macros::task;
use tripool_process::{JoinTimeoutError, Process, SpawnError, Task};
use tripool_task::{ExitCause, TaskError};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Point {
    x: i64,
    y: i64,
}

#[task]
fn add(a: u64, b: u64) -> u64 {
    a + b
}

#[task]
fn mirror(p: Point, label: String) -> (Point, String) {
    (Point { x: -p.x, y: -p.y }, label.to_uppercase())
}

#[task]
fn explode(message: String) -> u8 {
    panic!("{message}");
}

#[task]
fn abort() {
    std::process::abort();
}

#[task]
fn exit_with(code: i32) {
    std::process::exit(code);
}

#[task]
fn shout_then_exit(line: String) {
    eprintln!("{line}");
    std::process::exit(3);
}

#[task]
fn sleep_ms(ms: u64) -> u64 {
    std::thread::sleep(Duration::from_millis(ms));
    ms
}

fn quiet() -> tripool_process::ProcessBuilder {
    Process::builder().forward_stderr(false)
}

#[test]
fn returns_the_tasks_value() {
    assert_eq!(Process::spawn(add::Task, (2, 40)).unwrap().join(), Ok(42));
    let process = Process::spawn(mirror::Task, (Point { x: 1, y: -2 }, "hi".into())).unwrap();
    assert_eq!(process.join(), Ok((Point { x: -1, y: 2 }, "HI".to_owned())));
}

#[test]
fn the_function_stays_callable() {
    assert_eq!(add(1, 2), 3);
}

#[test]
fn a_panic_is_reported_with_its_message() {
    match quiet()
        .spawn(explode::Task, ("out of cheese".into(),))
        .unwrap()
        .join()
    {
        Err(TaskError::WorkerDied {
            cause: ExitCause::Panicked { message },
            stderr,
            ..
        }) => {
            assert_eq!(message, "out of cheese");
            assert!(stderr.contains("out of cheese"), "stderr: {stderr:?}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn an_abort_is_reported_as_a_signal() {
    let process = quiet().spawn(abort::Task, ()).unwrap();
    let pid = process.pid();
    match process.join() {
        Err(TaskError::WorkerDied {
            pid: died, cause, ..
        }) => {
            assert_eq!(died, pid);
            assert_eq!(
                cause,
                ExitCause::Signal {
                    signal: libc::SIGABRT
                }
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn an_exit_code_and_stderr_tail_are_reported() {
    let process = quiet()
        .spawn(shout_then_exit::Task, ("last words".into(),))
        .unwrap();
    match process.join() {
        Err(TaskError::WorkerDied { cause, stderr, .. }) => {
            assert_eq!(cause, ExitCause::Code { code: 3 });
            assert_eq!(stderr, "last words\n");
        }
        other => panic!("unexpected {other:?}"),
    }
    let error = quiet()
        .spawn(exit_with::Task, (0,))
        .unwrap()
        .join()
        .unwrap_err();
    assert!(matches!(
        error,
        TaskError::WorkerDied {
            cause: ExitCause::Code { code: 0 },
            ..
        }
    ));
}

#[test]
fn the_stderr_tail_keeps_the_end() {
    let long = "x".repeat(10_000) + "THE END";
    match quiet()
        .spawn(shout_then_exit::Task, (long,))
        .unwrap()
        .join()
    {
        Err(TaskError::WorkerDied { stderr, .. }) => {
            assert_eq!(stderr.len(), 4096);
            assert!(stderr.ends_with("THE END\n"));
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn join_timeout_gives_the_process_back() {
    let process = Process::spawn(sleep_ms::Task, (200,)).unwrap();
    let start = Instant::now();
    let process = match process.join_timeout(Duration::from_millis(20)) {
        Err(JoinTimeoutError::Timeout(process)) => process,
        other => panic!("unexpected {other:?}"),
    };
    assert!(start.elapsed() >= Duration::from_millis(20));
    assert!(process.is_alive());
    assert_eq!(process.join_timeout(Duration::from_secs(30)).unwrap(), 200);
}

#[test]
fn terminate_and_kill_reach_the_worker() {
    let process = Process::spawn(sleep_ms::Task, (60_000,)).unwrap();
    process.terminate().unwrap();
    let error = process.join_timeout(Duration::from_secs(30)).unwrap_err();
    assert!(
        matches!(&error, JoinTimeoutError::Failed(TaskError::WorkerDied { cause: ExitCause::Signal { signal }, .. }) if *signal == libc::SIGTERM),
        "{error:?}"
    );

    let process = Process::spawn(sleep_ms::Task, (60_000,)).unwrap();
    process.kill().unwrap();
    let handle = process.handle();
    assert!(handle.wait_timeout(Duration::from_secs(30)));
    assert!(!process.is_alive());
    assert_eq!(
        process
            .exit_status()
            .and_then(|s| std::os::unix::process::ExitStatusExt::signal(&s)),
        Some(libc::SIGKILL)
    );
    process.kill().unwrap(); // reaped: nothing to do
}

/// Serializes to an error: postcard cannot encode it.
struct Unserializable;

impl Serialize for Unserializable {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("refused on purpose"))
    }
}

impl<'de> Deserialize<'de> for Unserializable {
    fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Ok(Self)
    }
}

#[task]
fn take(_: Unserializable) {}

#[test]
fn a_serialization_failure_fails_the_spawn() {
    match Process::spawn(take::Task, (Unserializable,)) {
        Err(SpawnError::Serialize { message }) => assert!(!message.is_empty()),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn processes_are_send_and_sync() {
    fn is<T: Send + Sync>() {}
    is::<Process<u64>>();
    is::<SpawnError>();
    is::<JoinTimeoutError<u64>>();
}

/// A task that is not registered: no `#[task]`, so no worker knows it.
#[derive(Clone, Copy)]
struct Ghost;

impl Task for Ghost {
    type Args = ();
    type Output = ();
    const NAME: &'static str = "nowhere::ghost";
    fn call((): ()) {}
}

#[test]
fn an_unknown_task_is_a_typed_error() {
    let error = Process::spawn(Ghost, ()).unwrap().join().unwrap_err();
    assert_eq!(
        error,
        TaskError::UnknownTask {
            name: "nowhere::ghost".into()
        }
    );
}

/// The worker's descriptors above stderr, as link targets.
#[task]
fn inherited_fds() -> Vec<String> {
    std::fs::read_dir("/proc/self/fd")
        .unwrap()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .parse::<i32>()
                .is_ok_and(|fd| fd > 2)
        })
        .filter_map(|entry| std::fs::read_link(entry.path()).ok())
        .map(|target| target.to_string_lossy().into_owned())
        .collect()
}

#[test]
fn the_worker_inherits_only_its_control_socket() {
    // Open descriptors of our own, which must not reach the worker.
    let _held = (
        std::fs::File::open("/proc/self/stat").unwrap(),
        std::os::unix::net::UnixStream::pair().unwrap(),
    );
    let fds = Process::spawn(inherited_fds::Task, ())
        .unwrap()
        .join()
        .unwrap();
    let sockets = fds
        .iter()
        .filter(|target| target.starts_with("socket:"))
        .count();
    let others: Vec<_> = fds
        .iter()
        .filter(|t| !t.starts_with("socket:") && !t.starts_with("/proc/"))
        .collect();
    assert_eq!((sockets, others), (1, Vec::<&String>::new()), "{fds:?}");
}

#[test]
fn a_process_can_be_awaited() {
    let handle = Process::spawn(add::Task, (20, 22)).unwrap().into_handle();
    assert_eq!(futures::executor::block_on(handle), Ok(42));
}

/// Named like the macro's own variables: hygiene keeps them apart.
#[task]
fn args(args: u32) -> u32 {
    args + 1
}

#[test]
fn a_task_may_be_named_args() {
    assert_eq!(Process::spawn(args::Task, (1,)).unwrap().join(), Ok(2));
}

/// Writes to a pipe whose reader is gone: an error, not `SIGPIPE`.
#[task]
fn write_to_closed_pipe() -> bool {
    use std::io::Write;
    use std::os::fd::FromRawFd;
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe writes.
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    // SAFETY: pipe just opened both descriptors; each is owned once.
    let (reader, mut writer) = unsafe {
        (
            std::fs::File::from_raw_fd(fds[0]),
            std::fs::File::from_raw_fd(fds[1]),
        )
    };
    drop(reader);
    writer.write_all(b"anyone?").is_err()
}

#[test]
fn a_worker_ignores_sigpipe_like_a_rust_main() {
    assert_eq!(
        Process::spawn(write_to_closed_pipe::Task, ())
            .unwrap()
            .join(),
        Ok(true)
    );
}
