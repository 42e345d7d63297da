//! The attribute macros of tripool: `#[tripool::task]` and `#[tripool::main]`.
