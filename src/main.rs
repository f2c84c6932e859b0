use clap::Parser;

fn main() {
    let cli = rolo::cli::Cli::parse();
    std::process::exit(rolo::run(cli));
}
