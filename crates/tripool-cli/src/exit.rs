//! The exit codes of `tripool`, as named constants.

/// Everything ran; a claim that does not hold here is still a success.
pub const EXIT_OK: u8 = 0;

/// Something failed: an experiment could not be carried out, or an output
/// could not be written.
pub const EXIT_FAILURE: u8 = 1;

/// The command line was wrong; nothing was run.
pub const EXIT_USAGE: u8 = 2;
