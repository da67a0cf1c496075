//! Writes the benchmarks' ten years of generated history into a new database at
//! the path given, for trying winddown by hand on a long history (BENCHMARKS.md
//! sizes an export of it).

#[path = "../benches/support/history.rs"]
mod history;

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: ten_years DATABASE");
        std::process::exit(2);
    };
    history::generate(std::path::Path::new(&path));
}
