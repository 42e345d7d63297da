//! The `tripool` command; everything but the exit lives in the library.

fn main() -> std::process::ExitCode {
    tripool_cli::main(std::env::args_os())
}
