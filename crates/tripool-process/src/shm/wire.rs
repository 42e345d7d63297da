//! Shared objects as task arguments: each serializes as its memory file's
//! descriptor, which the process transport carries by `SCM_RIGHTS`; the
//! receiving side maps it after the checks of `from_fd`. Outside a
//! transport (for instance `serde_json`), serializing fails with an error.

use std::os::fd::AsFd;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Array, AtomicPlain, AtomicValue, Plain, Value};
use crate::codec::{deserialize_fd, serialize_fd};
use crate::sync::{Event, Lock};

macro_rules! by_descriptor {
    ($([$($generics:tt)*] $ty:ty),* $(,)?) => {
        $(
            impl<$($generics)*> Serialize for $ty {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serialize_fd(self.as_fd(), serializer)
                }
            }

            impl<'de, $($generics)*> Deserialize<'de> for $ty {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <$ty>::from_fd(deserialize_fd(deserializer)?).map_err(D::Error::custom)
                }
            }
        )*
    };
}

by_descriptor!(
    [T: Plain] Value<T>,
    [T: Plain] Array<T>,
    [T: AtomicPlain] AtomicValue<T>,
    [] Lock,
    [] Event,
);
