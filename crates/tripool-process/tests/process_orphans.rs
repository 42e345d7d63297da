//! Children die with their parent: a worker's own worker is killed when the
//! worker exits (`PR_SET_PDEATHSIG`), so nothing is left behind.

use std::fs;
use std::time::{Duration, Instant};

use tripool_macros::task;
use tripool_process::Process;

#[task]
fn sleep_long() {
    std::thread::sleep(Duration::from_secs(60));
}

/// Starts a grandchild that would sleep for a minute, and exits at once.
#[task]
fn start_grandchild() -> u32 {
    let grandchild = Process::spawn(sleep_long::Task, ()).unwrap();
    grandchild.pid()
}

/// Starts a grandchild, writes its pid to `path`, then dies by `SIGKILL`.
#[task]
fn start_grandchild_then_die(path: String) {
    let grandchild = Process::spawn(sleep_long::Task, ()).unwrap();
    fs::write(&path, grandchild.pid().to_string()).unwrap();
    // SAFETY: raise has no memory-safety preconditions.
    unsafe { libc::raise(libc::SIGKILL) };
}

#[test]
fn a_grandchild_dies_when_its_parent_is_killed() {
    let path = std::env::temp_dir().join(format!("tripool-orphan-{}", std::process::id()));
    let path = path.to_string_lossy().into_owned();
    let error = Process::builder()
        .forward_stderr(false)
        .spawn(start_grandchild_then_die::Task, (path.clone(),))
        .unwrap()
        .join()
        .unwrap_err();
    assert!(
        matches!(
            error,
            tripool_task::TaskError::WorkerDied {
                cause: tripool_task::ExitCause::Signal { signal: 9 },
                ..
            }
        ),
        "{error:?}"
    );
    let grandchild: u32 = fs::read_to_string(&path).unwrap().parse().unwrap();
    fs::remove_file(&path).unwrap();
    wait_gone(grandchild);
}

#[test]
fn a_grandchild_dies_with_its_parent() {
    let grandchild = Process::spawn(start_grandchild::Task, ())
        .unwrap()
        .join()
        .unwrap();
    wait_gone(grandchild);
}

/// Waits until process `grandchild` is dead, failing after a safety-net
/// deadline.
fn wait_gone(grandchild: u32) {
    let stat = format!("/proc/{grandchild}/stat");
    // Polling an external event (another process's death) with a generous
    // safety-net deadline; nothing here waits for our own threads.
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(&stat) {
        assert!(
            Instant::now() < deadline,
            "grandchild {grandchild} outlived its parent"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Whether the process whose `/proc/PID/stat` is `stat` exists and is not a
/// zombie (a zombie is dead; its new parent reaps it when it gets to it).
fn alive(stat: &str) -> bool {
    match fs::read_to_string(stat) {
        Ok(stat) => {
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                != Some("Z")
        }
        Err(_) => false,
    }
}
