//! `Array<T>` through two independent mappings of one memory file.

use std::os::fd::AsFd;

use tripool_process::{Array, OpenError};

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn auto_traits() {
    assert_send_sync::<Array<u64>>();
}

#[test]
fn counts_are_exact_under_the_lock_across_two_mappings() {
    const PER_THREAD: usize = 4_000;
    let here = Array::new(8, 0u64).unwrap();
    let there = Array::<u64>::from_fd(here.as_fd().try_clone_to_owned().unwrap()).unwrap();
    std::thread::scope(|s| {
        for array in [&here, &there, &here, &there] {
            s.spawn(move || {
                for i in 0..PER_THREAD {
                    array.lock()[i % 8] += 1;
                }
            });
        }
    });
    let expected = (4 * PER_THREAD / 8) as u64;
    assert_eq!(here.to_vec(), vec![expected; 8]);
    assert_eq!(there.to_vec(), vec![expected; 8]);
}

#[test]
fn get_and_set_check_bounds() {
    let array = Array::from_slice(&[1i16, 2, 3]).unwrap();
    assert_eq!(array.len(), 3);
    assert_eq!(array.get(2), Some(3));
    assert_eq!(array.get(3), None);
    assert_eq!(array.get(usize::MAX), None);
    array.set(0, 10).unwrap();
    let err = array.set(3, 4).unwrap_err();
    assert_eq!(err.index(), 3);
    assert_eq!(
        err.to_string(),
        "index 3 out of bounds for a shared array of length 3"
    );
    assert_eq!(err.into_inner(), 4);
    assert_eq!(array.to_vec(), [10, 2, 3]);
}

#[test]
fn an_empty_array_works() {
    let array = Array::<u32>::from_slice(&[]).unwrap();
    assert!(array.is_empty());
    assert!(array.lock().is_empty());
    let there = Array::<u32>::from_fd(array.as_fd().try_clone_to_owned().unwrap()).unwrap();
    assert!(there.to_vec().is_empty());
}

#[test]
fn an_fd_with_other_elements_is_a_mismatch() {
    let array = Array::new(2, 0u32).unwrap();
    let fd = array.as_fd().try_clone_to_owned().unwrap();
    assert!(matches!(
        Array::<u64>::from_fd(fd),
        Err(OpenError::Mismatch)
    ));
}

#[test]
fn a_huge_length_is_an_error_not_a_panic() {
    assert!(Array::new(usize::MAX, 0u64).is_err());
}

#[test]
fn the_lock_gives_the_whole_slice() {
    let array = Array::from_slice(&[3u8, 1, 2]).unwrap();
    let there = array.try_clone().unwrap();
    {
        let mut guard = there.lock();
        assert!(!guard.owner_died());
        guard.sort_unstable();
        assert!(array.try_lock().is_none());
    }
    assert_eq!(array.to_vec(), [1, 2, 3]);
}
