//! Writes the benchmarks' ten years of generated history into a new database at
//! the path given: `scripts/hot-code` starts winddown on it, so that the code a
//! long history runs at start-up is placed with the rest of what a night runs.

#[path = "../benches/support/history.rs"]
mod history;

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: ten_years DATABASE");
        std::process::exit(2);
    };
    history::generate(std::path::Path::new(&path));
}
