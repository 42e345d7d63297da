//! Starting, signalling and reaping worker processes, and the worker's side
//! of the hand-over.

use std::io;
use std::mem;
use std::os::fd::{FromRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus};

/// The environment variable that makes a process a worker: `"FD:PPID"`, the
/// control socket's descriptor and the parent's pid.
pub(crate) const WORKER_ENV: &str = "TRIPOOL_WORKER";

fn check(result: libc::c_int) -> io::Result<libc::c_int> {
    if result == -1 {
        Err(io::Error::last_os_error())
    } else {
        Ok(result)
    }
}

/// Arranges for the child of `command` to die with `SIGKILL` when the
/// spawning thread's process dies, and to keep `socket` open across `exec`
/// while every other descriptor above stderr closes there.
///
/// The death signal fires when the *thread* that forked exits: spawn from
/// a thread that lives as long as the process.
///
/// With `memory_limit`, the child's address space is capped at that many
/// bytes (`RLIMIT_AS`): past it, allocations fail.
pub(crate) fn prepare_child(command: &mut Command, socket: RawFd, memory_limit: Option<u64>) {
    let parent = std::process::id() as libc::pid_t;
    let hook = move || -> io::Result<()> {
        // SAFETY: prctl, getppid, fcntl, setrlimit and close_range are
        // async-signal-safe and touch no memory of ours: allowed between
        // fork and exec. close_range only sets close-on-exec flags, so std's
        // own descriptors (already close-on-exec) keep working until exec.
        unsafe {
            check(libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
            ))?;
            // The parent may have died before the death signal was armed.
            if libc::getppid() != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
            check(libc::fcntl(socket, libc::F_SETFD, 0))?;
            if let Some(limit) = memory_limit {
                let limit = libc::rlimit {
                    rlim_cur: limit as libc::rlim_t,
                    rlim_max: limit as libc::rlim_t,
                };
                check(libc::setrlimit(libc::RLIMIT_AS, &limit))?;
            }
            // Descriptors this process inherited without close-on-exec (a
            // jobserver pipe, say) must not reach the worker either. Older
            // kernels lack close_range: then they stay, as with std.
            let socket = socket as libc::c_uint;
            let cloexec = libc::CLOSE_RANGE_CLOEXEC as libc::c_long;
            if socket > 3 {
                libc::syscall(
                    libc::SYS_close_range,
                    3 as libc::c_uint,
                    socket - 1,
                    cloexec,
                );
            }
            libc::syscall(
                libc::SYS_close_range,
                socket + 1,
                libc::c_uint::MAX,
                cloexec,
            );
        }
        Ok(())
    };
    // SAFETY: the hook only makes async-signal-safe calls and allocates
    // nothing (its errors are raw OS codes).
    unsafe {
        command.pre_exec(hook);
    }
}

/// Blocks until process `pid` (a child of this process) has exited,
/// without reaping it: its pid stays reserved until [`reap`].
pub(crate) fn wait_exited(pid: u32) -> io::Result<()> {
    loop {
        // SAFETY: siginfo_t is plain data; waitid writes into it.
        let mut info: libc::siginfo_t = unsafe { mem::zeroed() };
        // SAFETY: `info` is a valid, writable siginfo_t.
        let result = unsafe {
            libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &mut info,
                libc::WEXITED | libc::WNOWAIT,
            )
        };
        match check(result) {
            Ok(_) => return Ok(()),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
}

/// Reaps process `pid`, which has exited, and returns how it ended.
pub(crate) fn reap(pid: u32) -> io::Result<ExitStatus> {
    loop {
        let mut status = 0;
        // SAFETY: `status` is a valid, writable int.
        let result = unsafe { libc::waitpid(pid as libc::pid_t, &mut status, 0) };
        match check(result) {
            Ok(_) => return Ok(ExitStatus::from_raw(status)),
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
}

/// Sends `signal` to process group `pgid`.
pub(crate) fn killpg(pgid: u32, signal: i32) -> io::Result<()> {
    // SAFETY: killpg has no memory-safety preconditions.
    check(unsafe { libc::killpg(pgid as libc::pid_t, signal) }).map(drop)
}

/// In a process started as a worker, takes the control socket its parent
/// left open and forgets the marker, so the task's own children are not
/// workers. `None` in a normal run, or if the marker is stale (inherited
/// from an ancestor, or not naming a socket).
///
/// Call it only before `main`, or while no other thread reads the
/// environment.
pub(crate) fn take_worker_socket() -> Option<UnixStream> {
    let marker = std::env::var_os(WORKER_ENV)?;
    // SAFETY: called from a constructor before `main` (or from `init`, the
    // first line of `main`), when no other thread reads the environment.
    unsafe { std::env::remove_var(WORKER_ENV) };
    let marker = marker.to_str()?;
    let (fd, parent) = marker.split_once(':')?;
    let fd: RawFd = fd.parse().ok()?;
    let parent: libc::pid_t = parent.parse().ok()?;
    // SAFETY: getppid has no preconditions.
    if fd < 3 || unsafe { libc::getppid() } != parent {
        return None;
    }
    // SAFETY: `stat` is plain data, written by fstat.
    let mut stat: libc::stat = unsafe { mem::zeroed() };
    // SAFETY: fstat only writes `stat`; a bad descriptor gives an error.
    if unsafe { libc::fstat(fd, &mut stat) } != 0 || stat.st_mode & libc::S_IFMT != libc::S_IFSOCK {
        return None;
    }
    // SAFETY: sets a flag on a descriptor we checked is open, and ignores
    // SIGPIPE as a Rust `main` does (the worker runs before `main` set it
    // up): writing to a closed pipe is then an error, not death.
    unsafe {
        libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    // SAFETY: the parent passed this socket to us alone and nothing in this
    // process owns it yet (the marker was removed above, so it is taken once).
    Some(unsafe { UnixStream::from_raw_fd(fd) })
}
