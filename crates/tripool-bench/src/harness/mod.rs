//! The measuring engine: implementations behind one small trait
//! ([`Subject`]), interleaved rounds, medians and ratios.
//!
//! A [`Figure`] names one thing to measure (say, an uncontended lock
//! acquire+release) and builds a [`Lineup`]: tripool's implementation and its
//! peers'. [`measure`] runs every member's rounds interleaved, rotating the
//! order each round so that machine noise (other builds, frequency changes)
//! falls on all of them alike, and turns the medians into one [`Row`] per
//! peer.

mod figure;
mod row;
mod run;
mod stats;
mod subject;
mod threads;
mod watchdog;

pub(crate) use figure::{Context, Figure, Ops, Unit};
#[cfg(test)]
pub(crate) use row::Side;
pub(crate) use row::{Better, Row};
pub(crate) use run::{Settings, measure};
pub(crate) use subject::{Lineup, Peer, Subject, Unavailable};
pub(crate) use threads::{Job, share, time_parallel};
