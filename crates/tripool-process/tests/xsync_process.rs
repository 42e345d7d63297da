//! The shared objects between real processes: this test binary re-runs
//! itself as the child (as rayon's `stack_overflow_crash` test does). The
//! child opens the parent's memory file through `/proc/<ppid>/fd/<n>`, the
//! same file an fd sent by `SCM_RIGHTS` would give it.

use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::process::{Command, Stdio};
use std::time::Duration;

use tripool_process::{Lock, Value};

/// Set in the child: what to do, and where the parent's file is.
const ROLE: &str = "TRIPOOL_XPROC_ROLE";
const FILE: &str = "TRIPOOL_XPROC_FILE";
const ROUNDS: u64 = 2_000;

/// The child's side; a no-op in a normal test run.
#[test]
fn child_entry() {
    let Ok(role) = std::env::var(ROLE) else {
        return;
    };
    let path = std::env::var(FILE).expect("the parent names the file");
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .expect("the parent's memory file opens");
    let fd = OwnedFd::from(file);
    match role.as_str() {
        "count" => {
            let value = Value::<u64>::from_fd(fd).expect("a Value<u64>");
            for _ in 0..ROUNDS {
                *value.lock() += 1;
            }
        }
        "hold-value" => {
            let value = Value::<u64>::from_fd(fd).expect("a Value<u64>");
            let mut guard = value.lock();
            *guard += 1; // a half-done update, never finished
            std::mem::forget(guard);
            stay_holding();
        }
        "hold-lock" => {
            let lock = Lock::from_fd(fd).expect("a Lock");
            std::mem::forget(lock.acquire());
            stay_holding();
        }
        other => panic!("unknown role {other}"),
    }
}

/// Tells the parent that the lock is held, then waits to be killed (a safety
/// net ends the child after 30 s if the parent is gone).
fn stay_holding() -> ! {
    // Straight to the fd, past any output capture of the test harness, on
    // a line of its own (the harness may have begun one).
    let mut out = std::io::stdout();
    out.write_all(b"\n<lock held>\n")
        .and_then(|()| out.flush())
        .unwrap();
    std::thread::sleep(Duration::from_secs(30));
    std::process::exit(3);
}

/// Starts this test binary as a child in `role`, on the memory file of `fd`.
fn child(role: &str, fd: impl AsFd) -> std::process::Child {
    let path = format!("/proc/{}/fd/{}", std::process::id(), fd.as_fd().as_raw_fd());
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_entry", "--nocapture", "--test-threads=1"])
        .env(ROLE, role)
        .env(FILE, path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the test binary re-runs")
}

/// Waits until the child says it holds the lock.
fn wait_held(child: &mut std::process::Child) {
    let stdout = child.stdout.take().unwrap();
    let held = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|line| line == "<lock held>");
    assert!(held, "the child took the lock");
}

#[test]
fn a_child_and_the_parent_count_exactly_under_the_lock() {
    let value = Value::new(0u64).unwrap();
    let mut kid = child("count", &value);
    for _ in 0..ROUNDS {
        *value.lock() += 1;
    }
    assert!(kid.wait().unwrap().success());
    assert_eq!(value.get(), 2 * ROUNDS);
}

#[test]
fn a_child_killed_holding_a_value_hands_it_over_with_owner_died() {
    let value = Value::new(41u64).unwrap();
    let mut kid = child("hold-value", &value);
    wait_held(&mut kid);
    assert!(value.try_lock().is_none(), "a live holder keeps the lock");
    kid.kill().unwrap();
    kid.wait().unwrap();

    let mut guard = value.lock();
    assert!(guard.owner_died());
    assert_eq!(*guard, 42, "the dead holder's write is visible");
    guard.mark_consistent();
    drop(guard);
    assert!(!value.lock().owner_died());
}

#[test]
fn a_child_killed_holding_a_lock_hands_it_over_within_100_ms() {
    let lock = Lock::new().unwrap();
    let mut kid = child("hold-lock", &lock);
    wait_held(&mut kid);
    assert!(lock.try_acquire().is_none(), "a live holder keeps the lock");
    kid.kill().unwrap();
    kid.wait().unwrap();
    let guard = lock
        .acquire_timeout(Duration::from_millis(100))
        .expect("the dead child's lock is taken within 100 ms");
    assert!(guard.owner_died());
}
