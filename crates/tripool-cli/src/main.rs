//! The `tripool` command; everything but the exit lives in the library.

fn main() -> std::process::ExitCode {
    // The lab starts worker processes by running this binary again: such a
    // child becomes a worker here (or already in a constructor before
    // `main`) and never returns.
    tripool::init();
    tripool_cli::main(std::env::args_os())
}
