use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::*;

#[test]
fn round_trip() {
    let (a, b) = Transport::pair().unwrap();
    a.send(&encode(&("hello", 42u64)).unwrap()).unwrap();
    let (text, n): (String, u64) = decode(b.recv().unwrap()).unwrap();
    assert_eq!((text.as_str(), n), ("hello", 42));
}

#[test]
fn dead_peer_is_disconnected() {
    let (a, b) = Transport::pair().unwrap();
    drop(b);
    assert!(matches!(a.recv(), Err(TransportError::Disconnected)));
    assert!(matches!(
        a.send(&encode(&1u8).unwrap()),
        Err(TransportError::Disconnected)
    ));
}

#[test]
fn truncated_frame_is_disconnected() {
    let (a, b) = UnixStream::pair().unwrap();
    (&a).write_all(&[10, 0, 0, 0, 1, 2]).unwrap();
    drop(a);
    assert!(matches!(
        Transport::new(b).recv(),
        Err(TransportError::Disconnected)
    ));
}

#[test]
fn frame_over_the_limit_fails_on_both_sides() {
    let (a, b) = Transport::pair().unwrap();
    let a = a.with_max_frame(8);
    let big = encode(&vec![7u8; 100]).unwrap();
    assert!(matches!(
        a.send(&big),
        Err(TransportError::TooLarge { limit: 8, .. })
    ));
    let b = b.with_max_frame(8);
    Transport::new(a.socket.try_clone().unwrap())
        .send(&big)
        .unwrap();
    assert!(matches!(
        b.recv(),
        Err(TransportError::TooLarge { len: 101, limit: 8 })
    ));
}

struct Carrier(OwnedFd);

impl Serialize for Carrier {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_fd(self.0.as_fd(), serializer)
    }
}

impl<'de> Deserialize<'de> for Carrier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_fd(deserializer).map(Carrier)
    }
}

#[test]
fn descriptors_travel_with_the_frame() {
    let (a, b) = Transport::pair().unwrap();
    let (mut left, right) = UnixStream::pair().unwrap();
    let message = encode(&(Carrier(right.into()), 5u8)).unwrap();
    assert_eq!(message.fds.len(), 1);
    a.send(&message).unwrap();
    drop(message);
    let (carrier, five): (Carrier, u8) = decode(b.recv().unwrap()).unwrap();
    assert_eq!(five, 5);
    let mut received = UnixStream::from(carrier.0);
    left.write_all(b"ping").unwrap();
    let mut buf = [0; 4];
    received.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping");
}

#[test]
fn descriptors_outside_a_transport_are_an_error() {
    let (left, _right) = UnixStream::pair().unwrap();
    assert!(postcard::to_stdvec(&Carrier(left.into())).is_err());
    assert!(postcard::from_bytes::<Carrier>(&[0]).is_err());
}
