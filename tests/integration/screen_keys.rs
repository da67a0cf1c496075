//! Screen behaviour beyond the snapshots: keys that mean the same on every screen, help that fits the screen it is
//! opened from, long lists that keep the cursor in view, and pastes that are
//! never taken for keys.

use crate::support;

use ratatui::crossterm::event::{Event, KeyCode};

use winddown::model::{Leg, NightStatus};
use winddown::tui::{History, Opening, Request, StatsView};

use support::evening::{Evening, history, sos_guide};

fn with_sos(evening: Evening) -> Evening {
    Evening {
        app: evening.app.with_sos_guide(sos_guide()),
        ..evening
    }
}

#[test]
fn sos_goes_back_with_b_as_everywhere_and_its_last_step_offers_no_next() {
    let mut evening = with_sos(Evening::opening(Opening::Home, history(), None, 80, 24));
    evening.keys("!");
    let first = evening.screen();
    assert!(first.contains("Enter next"), "{first}");
    assert!(
        !first.contains("b back"),
        "nothing before the first step\n{first}"
    );
    evening.key(KeyCode::Enter);
    let second = evening.screen();
    evening.keys("b");
    assert_eq!(evening.screen(), first, "b goes back a step");
    let steps = sos_guide().steps.len();
    for _ in 0..steps {
        evening.key(KeyCode::Enter);
    }
    let last = evening.screen();
    assert_ne!(last, second);
    assert!(!last.contains("Enter next"), "{last}");
    assert!(
        last.contains("b back") && last.contains("Esc it has passed"),
        "{last}"
    );
    evening.keys("2").key(KeyCode::Esc);
    assert!(
        evening.app.take_requests().iter().any(|request| matches!(
            request,
            Request::RecordSos {
                leg: Some(Leg::Both),
                ..
            }
        )),
        "2 means both legs"
    );
}

#[test]
fn help_lists_the_keys_of_the_screen_it_opens_from() {
    let mut home = Evening::opening(Opening::Home, history(), None, 80, 24);
    home.keys("?");
    let help = home.screen();
    assert!(
        help.contains("rest night") && help.contains("check in"),
        "{help}"
    );
    assert!(!help.contains("tick a checklist item"), "{help}");
    let mut run = Evening::new();
    run.wait(3.0).keys("?");
    let help = run.screen();
    // A timed step: pausing, no ticking (no key that does nothing here).
    assert!(help.contains("pause or go on"), "{help}");
    assert!(!help.contains("tick a checklist item"), "{help}");
    assert!(!help.contains("rest night"), "{help}");
}

#[test]
fn help_pauses_a_running_hold_until_it_closes() {
    let mut evening = Evening::new();
    evening.wait(10.0).keys("?");
    evening.wait(60.0).key(KeyCode::Esc);
    let left = |evening: &Evening| {
        let (now, _) = evening.now();
        let session = evening.app.session().expect("a run");
        session.remaining(now).expect("a hold").as_secs()
    };
    assert_eq!(left(&evening), 110, "ten seconds of two minutes gone");
    evening.wait(5.0);
    assert_eq!(left(&evening), 105, "and counting again");
}

#[test]
fn help_scrolls_to_its_end_and_keeps_its_way_out() {
    let mut evening = Evening::sized(30, 9);
    evening.wait(3.0).keys("?");
    assert!(evening.screen().contains("↓ more"));
    for _ in 0..40 {
        evening.key(KeyCode::Down);
    }
    let end = evening.screen();
    assert!(end.contains("kidney disease"), "{end}");
    assert!(
        end.contains("Esc close") && !end.contains("↓ more"),
        "{end}"
    );
}

#[test]
fn the_whole_warning_is_in_help() {
    let mut evening = Evening::sized(40, 12);
    let warning = "leg-cramps.toml:14:12: error: duration must be a number with s, m or h";
    evening.app.routine_changed(Err(warning.to_string()));
    let screen = evening.screen();
    assert!(
        screen.contains("leg-cramps.toml:14:12"),
        "the start shows\n{screen}"
    );
    evening.keys("?");
    let help: String = evening
        .screen()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(help.contains(warning), "{help}");
}

const LONG_LIST: &str = r#"
name = "Long list"
[[step]]
title = "Pack"
checklist = [
  "item 1", "item 2", "item 3", "item 4", "item 5", "item 6", "item 7",
  "item 8", "item 9", "item 10", "item 11", "item 12", "item 13", "item 14",
  "item 15", "item 16", "item 17", "item 18", "item 19", "item 20", "item 21",
]
"#;

#[test]
fn a_long_checklist_scrolls_with_its_cursor() {
    for (width, height) in [(80, 24), (30, 9)] {
        let mut evening = Evening::of(
            LONG_LIST,
            Opening::RunNow,
            History::default(),
            None,
            (width, height),
        );
        let top = evening.screen();
        assert!(top.contains("more below"), "{width}x{height}\n{top}");
        for _ in 0..20 {
            evening.keys("j");
        }
        let bottom = evening.screen();
        assert!(
            bottom.contains("› [ ] item 21"),
            "{width}x{height}\n{bottom}"
        );
        assert!(bottom.contains("more above"), "{width}x{height}\n{bottom}");
        evening.keys(" ");
        assert!(evening.screen().contains("› [x] item 21"));
    }
}

#[test]
fn a_big_paste_is_not_taken_for_keys() {
    let pasted: String = "c2\n!!!q rtired\n".repeat(80_000);
    for opening in [Opening::Home, Opening::RunNow] {
        let mut evening = with_sos(Evening::opening(opening, history(), None, 80, 24));
        let before = evening.screen();
        let (now, wall) = evening.now();
        evening
            .app
            .handle_event(&Event::Paste(pasted.clone()), now, wall);
        assert!(evening.app.take_requests().iter().all(|r| !matches!(
            r,
            Request::CheckIn(..) | Request::RecordSos { .. } | Request::DeclareRest(_)
        )));
        assert!(!evening.app.should_quit());
        assert_eq!(evening.screen(), before);
    }
}

fn paste(evening: &mut Evening, text: &str) {
    let (now, wall) = evening.now();
    evening
        .app
        .handle_event(&Event::Paste(text.to_string()), now, wall);
}

#[test]
fn a_paste_into_the_rest_reason_is_typed_there_without_control_characters() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.keys("r");
    paste(&mut evening, "long\u{1b}[31m trip\r\nhome");
    assert!(evening.screen().contains("long[31m trip home"));
    evening.key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    assert!(
        requests.contains(&Request::DeclareRest("long[31m trip home".to_string())),
        "{requests:?}"
    );
}

#[test]
fn a_paste_is_capped_as_typing_is() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.keys("r");
    paste(&mut evening, &"a".repeat(300));
    evening.key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    let Some(Request::DeclareRest(reason)) = requests.last() else {
        panic!("{requests:?}");
    };
    assert_eq!(reason.chars().count(), 80);

    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.keys("c0").key(KeyCode::Tab);
    paste(&mut evening, "slept badly; ");
    paste(&mut evening, &"é".repeat(300));
    evening.key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    let Some(Request::CheckIn(checkin, _)) = requests.last() else {
        panic!("{requests:?}");
    };
    let note = checkin.note.clone().unwrap_or_default();
    assert!(note.starts_with("slept badly; éé"), "{note}");
    assert_eq!(note.chars().count(), 200);
}

#[test]
fn a_paste_into_a_field_that_takes_digits_keeps_the_digits() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    // Two cramps, then on to the minutes: severity, leg, minutes.
    evening
        .keys("c2")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    paste(&mut evening, "about 15 min");
    evening.key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    let Some(Request::CheckIn(checkin, _)) = requests.last() else {
        panic!("{requests:?}");
    };
    assert_eq!(checkin.minutes, Some(15));
}

#[test]
fn without_colour_a_bar_shows_its_progress_by_glyph() {
    let evening = Evening::new();
    let mut evening = Evening {
        app: evening.app.with_no_color(true),
        ..evening
    };
    evening.wait(60.0);
    let screen = evening.screen();
    let bar = screen
        .lines()
        .find(|line| line.contains("2:00 hold"))
        .expect("the hold's bar");
    let rule: Vec<char> = bar.trim_start_matches(" 2:00 hold ").chars().collect();
    let filled = rule.iter().take_while(|c| **c == rule[0]).count();
    assert!(
        (rule.len() / 2 - 1..=rule.len() / 2 + 1).contains(&filled),
        "half of the rule looks filled: {bar}"
    );
}

#[test]
fn the_night_strip_starts_at_the_first_night_of_use() {
    let tonight = support::evening::thursday();
    let recent = (0..14)
        .rev()
        .map(|back| {
            let status = match back {
                0 => Some(NightStatus::NotYet),
                1 => Some(NightStatus::Missed),
                2 | 3 => Some(NightStatus::Completed),
                _ => None,
            };
            (tonight - chrono::Duration::days(back), status)
        })
        .collect();
    let history = History {
        recent,
        ..History::default()
    };
    let evening = Evening::opening(Opening::Home, history, None, 80, 24);
    let screen = evening.screen();
    assert!(screen.contains("Last 4 nights  ● ● · ?\n"), "{screen}");
}

/// Nights 3 and 2 before tonight done, last night missed, tonight as given.
fn four_nights(tonight: NightStatus) -> Vec<(chrono::NaiveDate, Option<NightStatus>)> {
    let night = support::evening::thursday();
    [
        NightStatus::Completed,
        NightStatus::Completed,
        NightStatus::Missed,
        tonight,
    ]
    .into_iter()
    .zip((0..4).rev())
    .map(|(status, back)| (night - chrono::Duration::days(back), Some(status)))
    .collect()
}

fn legend(screen: &str) -> &str {
    screen
        .lines()
        .find(|line| line.contains("● done") || line.contains("█ done"))
        .unwrap_or_default()
}

#[test]
fn the_legend_names_only_the_glyphs_on_screen() {
    for (tonight, shows_tonight) in [(NightStatus::NotYet, true), (NightStatus::Completed, false)] {
        let history = History {
            recent: four_nights(tonight.clone()),
            ..History::default()
        };
        let home = Evening::opening(Opening::Home, history, None, 80, 24).screen();
        let line = legend(&home);
        assert_eq!(line.contains("? tonight"), shows_tonight, "{home}");
        assert!(line.contains("· missed"), "{home}");
        assert!(!line.contains("rest"), "no rest night on screen: {home}");

        let mut stats = Evening::opening(Opening::Home, History::default(), None, 80, 24);
        stats.app.show_stats(StatsView {
            calendar: four_nights(tonight)
                .into_iter()
                .map(|(night, status)| (night, status, None))
                .collect(),
            ..StatsView::default()
        });
        let screen = stats.screen();
        let line = legend(&screen);
        assert_eq!(line.contains("? tonight"), shows_tonight, "{screen}");
        assert!(!line.contains("cramps reported"), "none reported: {screen}");
    }
}

#[test]
fn the_get_ready_bar_says_it_is_the_get_ready() {
    let routine = r#"
name = "One stretch"

[[step]]
title = "Standing calf stretch"
duration = "30s"
lead_in = "5s"
"#;
    let mut evening = Evening::of(routine, Opening::RunNow, history(), None, (80, 24));
    evening.wait(1.0);
    let screen = evening.screen();
    assert!(screen.contains(" get ready 0:05 "), "{screen}");
    assert!(!screen.contains("0:05 hold"), "{screen}");
    evening.wait(5.0);
    let screen = evening.screen();
    assert!(screen.contains(" 0:30 hold "), "{screen}");
}

#[test]
fn a_legend_never_shows_without_its_calendar() {
    for (width, height) in [(30, 9), (40, 12), (80, 24), (120, 40)] {
        let mut stats = Evening::opening(Opening::Home, History::default(), None, width, height);
        stats.app.show_stats(StatsView {
            calendar: four_nights(NightStatus::NotYet)
                .into_iter()
                .map(|(night, status)| (night, status, Some(1)))
                .collect(),
            ..StatsView::default()
        });
        let screen = stats.screen();
        let whole_week = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            .iter()
            .all(|day| {
                screen
                    .lines()
                    .any(|line| line.trim_start().starts_with(day))
            });
        assert_eq!(
            legend(&screen).is_empty(),
            !whole_week,
            "{width}x{height}\n{screen}"
        );
    }
}

#[test]
fn the_check_in_opens_sos_and_help_except_while_the_note_is_typed() {
    let mut evening = with_sos(Evening::opening(Opening::Home, history(), None, 80, 24));
    evening.keys("c");
    let form = evening.screen();
    let footer = form.lines().last().unwrap_or_default();
    assert!(footer.contains("! cramp"), "{form}");
    assert!(footer.contains("? help"), "{form}");
    // On the count, `?` is help for this form's own keys.
    evening.keys("?");
    let help = evening.screen();
    assert!(help.contains("skip this night"), "{help}");
    assert!(!help.contains("start tonight's routine"), "{help}");
    evening.key(KeyCode::Esc);
    // And `!` is the SOS.
    evening.keys("!");
    let sos = evening.screen();
    assert!(sos.contains("it has passed"), "{sos}");

    // In the note, both are characters of the note.
    let mut evening = with_sos(Evening::opening(Opening::Home, history(), None, 80, 24));
    evening.keys("c0").key(KeyCode::Tab);
    let note = evening.screen();
    let footer = note.lines().last().unwrap_or_default();
    assert!(!footer.contains("! cramp"), "{note}");
    evening.keys("ouch! why?").key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    let Some(Request::CheckIn(checkin, _)) = requests.last() else {
        panic!("{requests:?}");
    };
    assert_eq!(checkin.note.as_deref(), Some("ouch! why?"));
}

/// A confirm step first, then a timed checklist (both as a user might write them).
const CONFIRM_THEN_TIMED_LIST: &str = r#"
name = "Two steps"

[[step]]
title = "Lights low"

[[step]]
title = "Soak with a list"
duration = "1m"
checklist = ["Thermometer", "Towel"]
"#;

#[test]
fn no_footer_or_help_offers_a_key_that_does_nothing_on_the_step_in_front() {
    let mut evening = Evening::of(
        CONFIRM_THEN_TIMED_LIST,
        Opening::RunNow,
        history(),
        None,
        (80, 24),
    );
    // A confirm step, the first: nothing to go back to, no timer to pause.
    let screen = evening.screen();
    let footer = screen.lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("Enter done"), "{footer}");
    for dead in ["back", "pause", "30s"] {
        assert!(!footer.contains(dead), "{dead:?} in {footer:?}");
    }
    evening.keys("b");
    assert!(
        evening.screen().contains("Nothing to go back to"),
        "b says why it does nothing\n{}",
        evening.screen()
    );
    evening.keys("?");
    let help = evening.screen();
    for dead in [
        "pause or go on",
        "restart the hold",
        "add or take 30",
        "tick a checklist",
        "pauses the timer",
    ] {
        assert!(!help.contains(dead), "{dead:?} in help\n{help}");
    }
    evening.key(KeyCode::Esc).key(KeyCode::Enter);
    // The timed checklist while its minute runs: p pauses, Space ticks.
    let footer = evening
        .screen()
        .lines()
        .last()
        .unwrap_or_default()
        .to_string();
    for live in ["Space tick", "p pause"] {
        assert!(footer.contains(live), "{live:?} not in {footer:?}");
    }
    // Help and the editor stop the running minute, and help says so.
    evening.keys("?");
    let help = evening.screen();
    assert!(help.contains("this help (pauses the timer)"), "{help}");
    evening.key(KeyCode::Esc);
    // Time's up: nothing left to pause.
    evening.wait(90.0);
    let screen = evening.screen();
    assert!(screen.contains("Time's up"), "{screen}");
    let footer = screen.lines().last().unwrap_or_default().to_string();
    assert!(!footer.contains("pause"), "{footer:?}");
    evening.keys("?");
    let help = evening.screen();
    assert!(!help.contains("pause or go on"), "{help}");
    assert!(!help.contains("pauses the timer"), "{help}");
    assert!(help.contains("tick a checklist item"), "{help}");
}

#[test]
fn both_legs_is_2_in_the_check_in_as_in_cramp_sos() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening
        .app
        .ask_checkin(support::evening::thursday() - chrono::Duration::days(1));
    // Two cramps, then to the leg's line.
    evening
        .keys("2")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .keys("2");
    let screen = evening.screen();
    assert!(screen.contains("[both]"), "{screen}");
    evening.keys("b");
    assert!(evening.screen().contains("[both]"), "b is no leg any more");
    evening.keys("l");
    assert!(evening.screen().contains("[left]"), "{}", evening.screen());
}
