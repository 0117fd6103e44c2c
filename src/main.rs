//! The `rankscope` binary: everything lives in the library; this only hands over.

fn main() -> std::process::ExitCode {
    rankscope::cli::main()
}
