//! Many spawns leave no zombie and no descriptor behind.

use std::fs;

use tripool_macros::task;
use tripool_process::Process;

#[task]
fn echo(n: u32) -> u32 {
    n
}

fn open_fds() -> usize {
    fs::read_dir("/proc/self/fd").unwrap().count()
}

/// Children of this process that are zombies (exited, not reaped).
fn zombie_children() -> Vec<u32> {
    let me = std::process::id();
    let mut zombies = Vec::new();
    for entry in fs::read_dir("/proc").unwrap().flatten() {
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            continue;
        };
        let mut fields = rest.split_whitespace();
        let (Some(state), Some(ppid)) = (fields.next(), fields.next()) else {
            continue;
        };
        if state == "Z" && ppid.parse() == Ok(me) {
            zombies.push(entry.file_name().to_string_lossy().parse().unwrap_or(0));
        }
    }
    zombies
}

#[test]
fn two_hundred_spawns_leak_nothing() {
    // Warm up: the spawner thread and the registry are made once.
    assert_eq!(Process::spawn(echo::Task, (0,)).unwrap().join(), Ok(0));
    let before = open_fds();
    for batch in 0..20 {
        let workers: Vec<_> = (0..10)
            .map(|i| Process::spawn(echo::Task, (batch * 10 + i,)).unwrap())
            .collect();
        for (i, worker) in workers.into_iter().enumerate() {
            assert_eq!(worker.join(), Ok(batch * 10 + i as u32));
        }
    }
    assert_eq!(zombie_children(), Vec::<u32>::new());
    assert_eq!(open_fds(), before);
}
