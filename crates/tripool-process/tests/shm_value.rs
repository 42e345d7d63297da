//! `Value<T>` through two independent mappings of one memory file, as two
//! processes would see it.

use std::os::fd::AsFd;
use std::sync::atomic::{AtomicU64, Ordering};

use tripool_process::{Array, OpenError, Value};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn auto_traits() {
    assert_send_sync::<Value<u64>>();
    assert_send_sync::<Value<[f32; 4]>>();
}

#[test]
fn counts_are_exact_under_the_lock_across_two_mappings() {
    const PER_THREAD: u64 = 5_000;
    let here = Value::new(0u64).unwrap();
    let fd = here.as_fd().try_clone_to_owned().unwrap();
    let there = Value::<u64>::from_fd(fd).unwrap();
    std::thread::scope(|s| {
        for value in [&here, &there, &here, &there] {
            s.spawn(move || {
                for _ in 0..PER_THREAD {
                    *value.lock() += 1;
                }
            });
        }
    });
    assert_eq!(here.get(), 4 * PER_THREAD);
    assert_eq!(there.get(), 4 * PER_THREAD);
}

#[test]
fn a_read_modify_write_of_a_struct_stays_whole() {
    // Two fields always updated together: a torn update would show.
    let here = Value::new([0u32; 2]).unwrap();
    let there = here.try_clone().unwrap();
    let torn = AtomicU64::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..2_000 {
                let mut pair = there.lock();
                pair[0] += 1;
                pair[1] += 1;
            }
        });
        for _ in 0..2_000 {
            let pair = here.get();
            if pair[0] != pair[1] {
                torn.fetch_add(1, Ordering::Relaxed);
            }
        }
    });
    assert_eq!(torn.load(Ordering::Relaxed), 0);
    assert_eq!(here.get(), [2_000, 2_000]);
}

#[test]
fn set_is_seen_through_the_other_mapping() {
    let here = Value::new(-1.5f64).unwrap();
    let there = here.try_clone().unwrap();
    there.set(2.5);
    assert_eq!(here.get(), 2.5);
    drop(here);
    // The memory lives as long as any holder.
    assert_eq!(there.get(), 2.5);
}

#[test]
fn an_fd_of_another_type_is_a_mismatch() {
    let small = Value::new(1u32).unwrap();
    let fd = small.as_fd().try_clone_to_owned().unwrap();
    assert!(matches!(
        Value::<u64>::from_fd(fd),
        Err(OpenError::Mismatch)
    ));

    let array = Array::new(4, 0u64).unwrap();
    let fd = array.as_fd().try_clone_to_owned().unwrap();
    assert!(matches!(
        Value::<u64>::from_fd(fd),
        Err(OpenError::Mismatch)
    ));
}

/// A file of `len` zero bytes that is not a memory file.
fn plain_file(len: u64) -> std::fs::File {
    let path = std::env::temp_dir().join(format!("tripool-shm-test-{}-{len}", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    file.set_len(len).unwrap();
    file
}

#[test]
fn a_too_small_file_is_a_typed_error() {
    let fd = plain_file(10).into();
    match Value::<u64>::from_fd(fd) {
        Err(OpenError::TooSmall { needed, actual }) => {
            assert_eq!(actual, 10);
            assert!(needed > actual);
        }
        other => panic!("expected TooSmall, got {other:?}"),
    }
}

#[test]
fn an_unsealed_file_is_refused() {
    let fd = plain_file(4096).into();
    assert!(matches!(
        Value::<u64>::from_fd(fd),
        Err(OpenError::NotSealed)
    ));
}

#[test]
fn the_memory_is_an_anonymous_memory_file() {
    use std::os::fd::AsRawFd;

    let value = Value::new(0u8).unwrap();
    let link = std::fs::read_link(format!("/proc/self/fd/{}", value.as_fd().as_raw_fd())).unwrap();
    // memfd_create's files live on an internal mount: nothing in /dev/shm.
    assert!(
        link.to_string_lossy().starts_with("/memfd:tripool"),
        "{link:?}"
    );
}
