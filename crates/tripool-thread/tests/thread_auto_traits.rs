//! Which public types may cross threads (tokio's `async_send_sync.rs` idea).

use tripool_thread::{
    BuildError, CurrentThread, Map, MapUnordered, Scope, SpawnError, Thread, ThreadBuilder,
    ThreadPool, ThreadPoolBuilder, Timer,
};

fn send_sync<T: Send + Sync>() {}
fn send<T: Send>() {}

#[test]
fn public_types_are_send_and_sync() {
    send_sync::<Thread<u8>>();
    send_sync::<Timer<String>>();
    send_sync::<ThreadBuilder>();
    send_sync::<ThreadPool>();
    send_sync::<ThreadPoolBuilder>();
    send_sync::<SpawnError>();
    send_sync::<BuildError>();
    send_sync::<CurrentThread>();
    send_sync::<Scope<'static, 'static>>();
}

#[test]
fn map_iterators_are_send_with_a_send_source() {
    send::<Map<'static, std::vec::IntoIter<u8>, u8>>();
    send::<MapUnordered<'static, std::ops::Range<u8>, u8>>();
}
