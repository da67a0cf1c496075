//! Writes the example report committed in docs/: the made-up twelve weeks of
//! tests/integration/support/diary.rs, reported on for the default four weeks.
//!
//! `cargo run --example report_example -- docs/report-example.html`
//! (`scripts/report-example` also takes its screenshot for the README).

#[path = "../tests/integration/support/diary.rs"]
mod diary;

fn main() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: report_example FILE.html [WEEKS]");
        std::process::exit(2);
    };
    let weeks = std::env::args()
        .nth(2)
        .map_or(4, |weeks| weeks.parse().expect("a number of weeks"));
    let page = diary::page(weeks);
    std::fs::write(&out, page).expect("write the page");
}
