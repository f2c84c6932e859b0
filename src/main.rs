use clap::Parser;

fn main() {
    // `rolo --version` answers before anything else is built (clap's whole command tree included)
    if let Some(code) = version_only() {
        std::process::exit(code);
    }
    rolo::timing::start();
    let cli = rolo::cli::Cli::parse();
    rolo::timing::mark("arguments");
    let code = rolo::run(cli);
    rolo::timing::report();
    std::process::exit(code);
}

/// `Some(exit code)` when the only argument is `--version` or `-V`: the same line clap prints.
fn version_only() -> Option<i32> {
    use std::io::Write;
    let mut args = std::env::args_os().skip(1);
    let first = args.next()?;
    if args.next().is_some() || !(first == "--version" || first == "-V") {
        return None;
    }
    let line = concat!(env!("CARGO_PKG_NAME"), " ", env!("CARGO_PKG_VERSION"), "\n");
    // a closed standard output (`rolo --version | true`) is not an error worth a panic
    let _ = std::io::stdout().lock().write_all(line.as_bytes());
    Some(0)
}
