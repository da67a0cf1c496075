//! One length for a routine: the home screen's plan, `list` and the run's time left
//! say the same for a routine of 63 seconds (a 58 s hold and the evening's 5 s
//! lead-in), and every one of them counts the lead-in.

use crate::support;

use std::process::Command;

use chrono::NaiveDate;
use ratatui::crossterm::event::KeyCode;

use support::in_process::{ENTER, FakeClock, Home, Script, drive, evening, evening_at};
use winddown::tui::Opening;

const SIXTY_THREE: &str = r#"
name = "Sixty-three"

[[step]]
title = "Calf stretch"
duration = "58s"

[[step]]
title = "Glass of water"

[[step]]
title = "Loose covers"

[[step]]
title = "Lights low"

[[step]]
title = "Phone away"
"#;

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// `winddown list`'s row for the routine `name`, and the whole list.
fn list_row(home: &Home, name: &str) -> (String, String) {
    let list = Command::new(env!("CARGO_BIN_EXE_winddown"))
        .arg("--home")
        .arg(home.dir.path())
        .arg("list")
        .output()
        .expect("run winddown list");
    assert!(list.status.success(), "{list:?}");
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    let row = list
        .lines()
        .find(|line| line.starts_with(name))
        .unwrap_or_else(|| panic!("no row for the routine:\n{list}"))
        .to_string();
    (row, list)
}

#[test]
fn home_list_and_the_run_give_a_63_second_routine_one_length() {
    let home = Home::new();
    let file = home.routine("sixty-three", SIXTY_THREE);

    // 58 s + 5 s = 63 s: "1 min" to the nearest minute, everywhere.
    let (row, list) = list_row(&home, "Sixty-three");
    let cells: Vec<&str> = row
        .split("  ")
        .map(str::trim)
        .filter(|cell| !cell.is_empty())
        .collect();
    assert_eq!(
        cells,
        ["Sixty-three", "sixty-three.toml", "5", "1 min", "valid"],
        "{list}"
    );

    let clock = FakeClock::at(evening_at(night()));
    let shown = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut home.store(),
        &clock,
        Script::new(&clock).key(1.0, KeyCode::Char('q')),
    );
    assert!(shown.screen.contains("5 steps · 1 min"), "{}", shown.screen);

    // One second into the lead-in, 62 s are left: about 1 min, not 2.
    let clock = FakeClock::at(evening_at(night()));
    let running = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut home.store(),
        &clock,
        Script::new(&clock)
            .key(1.0, ENTER)
            .key(2.0, KeyCode::Char('q')),
    );
    assert!(
        running.screen.contains("step 1 of 5 · about 1 min left"),
        "{}",
        running.screen
    );
}

const NOTHING_TIMED: &str = r#"
name = "Nothing timed"
bedtime = "22:30"

[[step]]
title = "Glass of water"

[[step]]
title = "Loose covers"
"#;

#[test]
fn a_routine_with_no_timed_step_is_called_untimed_on_home_and_in_list() {
    let home = Home::new();
    let file = home.routine("nothing-timed", NOTHING_TIMED);

    let (row, list) = list_row(&home, "Nothing timed");
    assert!(row.contains("untimed"), "{list}");

    // Two steps to confirm take as long as they take: no "0 s" on the plan.
    let clock = FakeClock::at(evening_at(night()));
    let shown = drive(
        evening(&home, &file, night(), Opening::Home),
        &mut home.store(),
        &clock,
        Script::new(&clock).key(1.0, KeyCode::Char('q')),
    );
    assert!(
        shown.screen.contains("2 steps · untimed"),
        "{}",
        shown.screen
    );
    assert!(!shown.screen.contains("0 s"), "{}", shown.screen);
    // Nor a time to start by that is bedtime itself.
    assert!(shown.screen.contains("Bedtime 22:30."), "{}", shown.screen);
    assert!(!shown.screen.contains("Start by"), "{}", shown.screen);
}
