//! The one trait every benchmarked implementation implements.

use std::time::Duration;

/// One implementation under test: tripool's or a peer's.
///
/// A subject owns whatever outlives a round (a thread pool, a Python
/// process) and builds the rest (a fresh channel, the threads of a round)
/// inside [`round`](Subject::round), outside the timed span where it can.
pub(crate) trait Subject {
    /// The name shown in the table, e.g. `parking_lot::Mutex`.
    fn name(&self) -> &str;

    /// Performs exactly `ops` operations (`ops >= 1`) and returns how long
    /// they took.
    fn round(&mut self, ops: u64) -> anyhow::Result<Duration>;
}

/// A peer that may be missing on this machine (Python without `python3`):
/// then its row carries a note instead of a value, and the run goes on.
pub(crate) type Peer = Result<Box<dyn Subject>, Unavailable>;

/// Why a peer cannot run here.
#[derive(Debug, Clone)]
pub(crate) struct Unavailable {
    /// The peer's name, as [`Subject::name`] would give it.
    pub(crate) name: String,
    /// What is missing, e.g. `python3 not found`.
    pub(crate) note: String,
}

/// Everything one figure measures: tripool's side and its peers.
pub(crate) struct Lineup {
    /// tripool's implementation.
    pub(crate) tripool: Box<dyn Subject>,
    /// The peers it is compared with, one row each.
    pub(crate) peers: Vec<Peer>,
}

impl Lineup {
    /// tripool's side, with no peers yet.
    pub(crate) fn new(tripool: impl Subject + 'static) -> Self {
        Self {
            tripool: Box::new(tripool),
            peers: Vec::new(),
        }
    }

    /// Adds a peer that is always available.
    pub(crate) fn peer(mut self, peer: impl Subject + 'static) -> Self {
        self.peers.push(Ok(Box::new(peer)));
        self
    }

    /// Adds a peer that may be missing here.
    pub(crate) fn maybe_peer(mut self, peer: Peer) -> Self {
        self.peers.push(peer);
        self
    }
}
