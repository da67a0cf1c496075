//! Plain mode keeps up with what the screen shows: each step's why, the question
//! still waiting after `?` or `t`, `r` asking only what is not ticked yet, and a
//! timed list that says its first seconds are the get-ready.

use std::time::{Duration, Instant};

use super::narrator::{Key, Narrator};
use crate::routine::parse;

const LISTED: &str = r#"
name = "Listed"

[[step]]
title = "Soak with a list"
duration = "1m"
checklist = ["Thermometer", "Towel", "Robe"]
why = "Warm water relaxes the calves."

[[step]]
title = "Glass of water"
why = "Enough to stay hydrated."
"#;

fn said(narrator: &mut Narrator) -> Vec<String> {
    narrator
        .take_lines()
        .into_iter()
        .map(|line| line.text)
        .collect()
}

fn narrator(lead_in: u64, start: Instant) -> Narrator {
    let steps = parse(LISTED)
        .expect("routine")
        .with_lead_in(Duration::from_secs(lead_in))
        .steps;
    Narrator::new("Listed", steps, None, 3, start)
}

#[test]
fn the_why_is_read_once_a_step_and_w_reads_it_again() {
    let start = Instant::now();
    let mut narrator = narrator(0, start);
    let opening = said(&mut narrator);
    assert!(
        opening.contains(&"Why: Warm water relaxes the calves.".to_string()),
        "{opening:?}"
    );
    narrator.key(Key::Char('w'), start);
    assert_eq!(
        said(&mut narrator),
        vec![
            "Why: Warm water relaxes the calves.",
            "Thermometer? y or n."
        ]
    );
    // Going back to the step does not read it again unasked.
    narrator.key(Key::Char('b'), start + Duration::from_secs(5));
    let again = said(&mut narrator);
    assert!(
        again.iter().all(|line| !line.starts_with("Why:")),
        "{again:?}"
    );
    // The next step (s: on without credit; n answers the question) reads its own.
    narrator.key(Key::Char('s'), start + Duration::from_secs(6));
    let next = said(&mut narrator);
    assert!(
        next.contains(&"Why: Enough to stay hydrated.".to_string()),
        "{next:?}"
    );
}

#[test]
fn the_waiting_question_is_asked_again_after_the_keys_or_the_time() {
    let start = Instant::now();
    let mut narrator = narrator(0, start);
    said(&mut narrator);
    narrator.key(Key::Char('?'), start);
    let help = said(&mut narrator);
    assert_eq!(
        help.last().map(String::as_str),
        Some("Thermometer? y or n.")
    );
    narrator.key(Key::Char('y'), start + Duration::from_secs(1));
    said(&mut narrator);
    narrator.key(Key::Char('t'), start + Duration::from_secs(2));
    let time = said(&mut narrator);
    assert_eq!(time.len(), 2, "{time:?}");
    assert_eq!(time[1], "Towel? y or n.");
}

#[test]
fn asking_again_skips_what_is_already_ticked() {
    let start = Instant::now();
    let mut narrator = narrator(0, start);
    said(&mut narrator);
    // Thermometer no, Towel yes, Robe no: two left unticked.
    for (second, key) in [(1, 'n'), (2, 'y'), (3, 'n')] {
        narrator.key(Key::Char(key), start + Duration::from_secs(second));
    }
    said(&mut narrator);
    narrator.key(Key::Char('r'), start + Duration::from_secs(4));
    assert_eq!(said(&mut narrator), vec!["Thermometer? y or n."]);
    narrator.key(Key::Char('y'), start + Duration::from_secs(5));
    assert_eq!(said(&mut narrator), vec!["Ticked. Robe? y or n."]);
}

#[test]
fn a_timed_list_says_its_first_seconds_are_the_get_ready() {
    let start = Instant::now();
    let mut narrator = narrator(5, start);
    let opening = said(&mut narrator);
    assert_eq!(
        opening.first().map(String::as_str),
        Some(
            "Soak with a list: 3 items, 1 minute after 5 seconds to get ready. \
             Thermometer? y or n."
        ),
        "{opening:?}"
    );
}
