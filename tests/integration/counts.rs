//! A count of one reads in the singular on every screen that shows a count:
//! "1 step", "1 item", "1 side", "0 of 1 step done", "1 night".

use crate::support;

use ratatui::crossterm::event::KeyCode;

use winddown::model::NightStatus;
use winddown::stats::Streaks;
use winddown::tui::{History, Opening};

use support::evening::{Evening, thursday};

/// One step of one item.
const ONE_ITEM: &str = r#"
name = "Just the water"
bedtime = "22:30"

[[step]]
title = "Bedding check"
checklist = ["Water by the bed"]
"#;

/// One hold on one side.
const ONE_SIDE: &str = r#"
name = "One stretch"

[[step]]
title = "Standing calf stretch"
duration = "30s"
sides = ["left leg"]

[[step]]
title = "Glass of water"
"#;

/// A first night: nothing on record before tonight.
fn first_night() -> History {
    History {
        streaks: Streaks::default(),
        recent: vec![(thursday(), Some(NightStatus::NotYet))],
    }
}

fn lines_with<'a>(screen: &'a str, word: &str) -> Vec<&'a str> {
    screen.lines().filter(|line| line.contains(word)).collect()
}

#[test]
fn the_home_screen_counts_one_step_one_item_and_one_side() {
    let home = Evening::of(ONE_ITEM, Opening::Home, first_night(), None, (80, 24)).screen();
    assert!(home.contains("1 step ·"), "{home}");
    assert!(home.contains("1 item"), "{home}");
    let sided = Evening::of(ONE_SIDE, Opening::Home, first_night(), None, (80, 24)).screen();
    assert!(
        sided.contains("30 s · 1 side\n"),
        "one set is no \"× 1\": {sided}"
    );
    assert!(!sided.contains("1 sides"), "{sided}");
}

#[test]
fn the_summary_counts_one_step_and_one_night() {
    let mut evening = Evening::of(ONE_ITEM, Opening::RunNow, first_night(), None, (80, 24));
    evening.key(KeyCode::Char(' ')).key(KeyCode::Enter);
    let summary = evening.screen();
    assert_eq!(
        lines_with(&summary, "steps done"),
        Vec::<&str>::new(),
        "{summary}"
    );
    assert!(summary.contains("1 of 1 step done"), "{summary}");
    assert!(summary.contains("Streak: 1 night "), "{summary}");
}

#[test]
fn a_plan_cut_short_by_the_window_says_how_many_steps_are_hidden() {
    let shipped = winddown::shipped::find(winddown::shipped::DEFAULT).expect("default routine");
    let steps = 8; // the shipped routine's steps on a Thursday, counted from its file
    let home = Evening::of(shipped.source, Opening::Home, first_night(), None, (40, 12)).screen();
    let listed = home
        .lines()
        .filter(|line| line.starts_with("   ") && !line.contains("more below"))
        .count();
    let hidden = format!("↓ {} more below", steps - listed);
    assert!(home.contains(&hidden), "{hidden:?} not in\n{home}");
    // Past the start-by time, the time it would end comes first, so it survives the cut.
    assert!(home.contains("Done by 22:"), "{home}");
    let tall = Evening::of(shipped.source, Opening::Home, first_night(), None, (80, 24)).screen();
    assert!(!tall.contains("more below"), "{tall}");
}

#[test]
fn the_routine_s_own_line_is_cut_at_a_word_with_an_ellipsis() {
    let shipped = winddown::shipped::find(winddown::shipped::DEFAULT).expect("default routine");
    let about = winddown::routine::parse(shipped.source)
        .expect("valid")
        .about
        .expect("the default routine says what it is");
    let home = Evening::of(shipped.source, Opening::Home, first_night(), None, (40, 12)).screen();
    let line = home.lines().nth(1).expect("a second line").trim();
    assert!(line.ends_with('…'), "{line:?}");
    let kept = line.trim_end_matches('…');
    assert!(
        about.starts_with(kept),
        "{kept:?} is not the start of {about:?}"
    );
    let next = about[kept.len()..].chars().next();
    assert!(
        next.is_none_or(|ch| ch == ' ' || ch == ','),
        "cut inside a word: {line:?}"
    );
}
