//! Pipe ends as task arguments: each serializes as its socket's
//! descriptor (duplicated; the process transport carries it by
//! `SCM_RIGHTS`). Outside a transport, serializing fails with an error.
//!
//! The sending side keeps its own copy until it drops it; passing an end
//! to [`Process::spawn`](crate::Process::spawn) moves it, so the worker
//! holds the only copy and its death is seen by the peer.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::end::End;
use super::types::{Connection, Receiver, Sender};
use crate::codec::{deserialize_fd, serialize_fd};

macro_rules! by_descriptor {
    ($([$($g:ident),*] $ty:ty),* $(,)?) => {
        $(
            impl<$($g),*> Serialize for $ty {
                fn serialize<Z: Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
                    serialize_fd(self.end.fd(), serializer)
                }
            }

            impl<'de, $($g),*> Deserialize<'de> for $ty {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    Ok(<$ty>::from_end(End::from_fd(deserialize_fd(deserializer)?)))
                }
            }
        )*
    };
}

by_descriptor!([T] Sender<T>, [T] Receiver<T>, [S, R] Connection<S, R>);
