//! The morning check-in form: a question left alone is not answered, a value out
//! of range keeps the form open with the problem beside its field, a stored note
//! is shown escaped, and an older winddown's unsure 0 stays unsure until changed.

use crate::support;

use ratatui::crossterm::event::KeyCode;

use winddown::model::{CheckIn, Leg};
use winddown::tui::{Opening, Request, Stage};

use support::evening::{Evening, history, thursday};

fn last_night() -> chrono::NaiveDate {
    thursday().pred_opt().expect("a night before")
}

/// The home screen of Thursday, with the check-in form open on last night.
fn form(width: u16, height: u16) -> Evening {
    let mut evening = Evening::opening(Opening::Home, history(), None, width, height);
    evening.key(KeyCode::Char('c'));
    evening
}

fn saved(evening: &mut Evening) -> Vec<CheckIn> {
    evening
        .app
        .take_requests()
        .into_iter()
        .filter_map(|request| match request {
            Request::CheckIn(checkin, _) => Some(checkin),
            _ => None,
        })
        .collect()
}

#[test]
fn a_pain_left_alone_is_saved_as_unknown_not_as_zero() {
    let mut evening = form(80, 24);
    evening.keys("1");
    let screen = evening.screen();
    assert!(
        screen.contains("Worst pain    —"),
        "unanswered shows a dash: {screen}"
    );
    evening.key(KeyCode::Enter);
    assert_eq!(
        saved(&mut evening),
        vec![CheckIn {
            night: last_night(),
            cramps: 1,
            severity: None,
            severity_unsure: false,
            leg: None,
            minutes: None,
            note: None,
        }]
    );
}

#[test]
fn a_chosen_zero_pain_is_saved_as_zero() {
    let mut evening = form(80, 24);
    evening.keys("2").key(KeyCode::Tab).keys("0");
    evening.key(KeyCode::Enter);
    let saved = saved(&mut evening);
    assert_eq!(saved.len(), 1);
    assert_eq!(
        (saved[0].severity, saved[0].severity_unsure),
        (Some(0), false)
    );
}

#[test]
fn the_count_of_cramps_must_be_answered_and_the_form_says_so_beside_it() {
    let mut evening = form(80, 24);
    let opened = evening.screen();
    assert!(
        opened.contains("Cramps         0  1  2  3+"),
        "no count chosen yet: {opened}"
    );
    evening.key(KeyCode::Enter);
    assert!(saved(&mut evening).is_empty());
    assert!(matches!(evening.app.stage(), Stage::CheckIn(_)));
    let screen = evening.screen();
    insta::assert_snapshot!("checkin_count_unanswered_80x24", screen);
    assert!(screen.contains("✗ how many? 0 if none"), "{screen}");
    evening.keys("0");
    assert!(
        !evening.screen().contains("✗"),
        "answered, the problem goes"
    );
    evening.key(KeyCode::Enter);
    assert_eq!(saved(&mut evening).len(), 1);
}

#[test]
fn out_of_range_minutes_keep_the_form_open_with_the_problem_beside_the_field() {
    for (width, height) in [(80, 24), (30, 9), (40, 12)] {
        let mut evening = form(width, height);
        // Two cramps; to the minutes (pain, leg, minutes); 9999 takes three digits.
        evening
            .keys("2")
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .keys("9999");
        evening.key(KeyCode::Enter);
        assert!(
            saved(&mut evening).is_empty(),
            "nothing saved at {width}x{height}"
        );
        let screen = evening.screen();
        insta::assert_snapshot!(
            format!("checkin_minutes_out_of_range_{width}x{height}"),
            screen
        );
        assert!(screen.contains("999"), "three digits kept: {screen}");
        assert!(!screen.contains("9999"), "no fourth digit: {screen}");
        assert!(screen.contains("at most 600"), "{width}x{height}: {screen}");
        assert!(
            screen.lines().any(|line| line.contains("Minutes")),
            "the field is in view at {width}x{height}: {screen}"
        );
        evening.key(KeyCode::Backspace).key(KeyCode::Backspace);
        assert!(!evening.screen().contains("at most 600"));
        evening.key(KeyCode::Enter);
        let saved = saved(&mut evening);
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].minutes, Some(9));
    }
}

#[test]
fn a_count_above_three_typed_is_three_or_more() {
    let mut evening = form(80, 24);
    evening.keys("5").key(KeyCode::Enter);
    let saved = saved(&mut evening);
    assert_eq!(saved[0].cramps, 3);
}

#[test]
fn backspace_takes_an_answer_back() {
    let mut evening = form(80, 24);
    evening
        .keys("2")
        .key(KeyCode::Tab)
        .keys("7")
        .key(KeyCode::Backspace)
        .key(KeyCode::Tab)
        .keys("l")
        .key(KeyCode::Backspace)
        .key(KeyCode::Enter);
    let saved = saved(&mut evening);
    assert_eq!((saved[0].severity, saved[0].leg), (None, None));
}

#[test]
fn a_stored_note_with_bidi_and_control_characters_is_shown_escaped() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.app.know_checkin(CheckIn {
        night: last_night(),
        cramps: 0,
        severity: None,
        severity_unsure: false,
        leg: None,
        minutes: None,
        note: Some("calf\u{202e}evil\u{1b}[2J".to_string()),
    });
    evening.key(KeyCode::Char('c'));
    let screen = evening.screen();
    assert!(!screen.contains('\u{202e}'), "{screen:?}");
    assert!(!screen.contains('\u{1b}'), "{screen:?}");
    assert!(screen.contains("calf\\u202eevil\\u001b[2J"), "{screen}");
    // Saved again untouched, the note is the user's text, not its escapes.
    evening.key(KeyCode::Enter);
    assert_eq!(
        saved(&mut evening)[0].note.as_deref(),
        Some("calf\u{202e}evil\u{1b}[2J")
    );
}

#[test]
fn an_older_unsure_zero_is_shown_as_such_and_stays_unsure_until_changed() {
    let unsure = CheckIn {
        night: last_night(),
        cramps: 1,
        severity: Some(0),
        severity_unsure: true,
        leg: Some(Leg::Right),
        minutes: None,
        note: None,
    };
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.app.know_checkin(unsure.clone());
    evening.key(KeyCode::Char('c'));
    let screen = evening.screen();
    insta::assert_snapshot!("checkin_unsure_zero_80x24", screen);
    assert!(screen.contains("0 / 10?"), "{screen}");
    evening.key(KeyCode::Enter);
    assert_eq!(saved(&mut evening), vec![unsure.clone()]);

    evening.key(KeyCode::Char('c'));
    evening.key(KeyCode::Tab).keys("0").key(KeyCode::Enter);
    assert_eq!(
        saved(&mut evening),
        vec![CheckIn {
            severity_unsure: false,
            ..unsure
        }],
        "a 0 chosen now is an answer"
    );
}

#[test]
fn a_form_being_filled_in_when_another_process_saves_says_saving_replaces_it() {
    let stored = CheckIn {
        night: last_night(),
        cramps: 2,
        severity: Some(7),
        severity_unsure: false,
        leg: Some(Leg::Left),
        minutes: Some(5),
        note: Some("from cli".to_string()),
    };
    for (width, height) in [(80, 24), (40, 12), (30, 9)] {
        let mut evening = form(width, height);
        evening.keys("1");
        evening
            .app
            .checkin_stored(last_night(), Some(stored.clone()));
        let screen = evening.screen();
        insta::assert_snapshot!(format!("checkin_saved_meanwhile_{width}x{height}"), screen);
        evening.key(KeyCode::Enter);
        let requests = evening.app.take_requests();
        assert!(
            matches!(
                &requests[..],
                [Request::CheckIn(answered, Some(replaced))]
                    if answered.cramps == 1 && *replaced == stored
            ),
            "{requests:?}"
        );
    }
}

/// What a long note ends with, so the test can look for it on screen.
const NOTE_END: &str = "calf hard as a rock";

/// A note of 133 characters, longer than any window's row: CJK, an emoji, then words.
fn long_note() -> String {
    format!(
        "ふくらはぎがつった 🦵 twice, around 3am, very painful, and again at 5am after \
         getting up for a glass of water, {NOTE_END}"
    )
}

#[test]
fn a_long_note_is_shown_whole_as_it_is_typed_with_the_cursor_after_it() {
    for (width, height) in [(30, 9), (40, 12), (80, 24), (200, 60)] {
        let mut evening = form(width, height);
        evening
            .keys("2")
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .key(KeyCode::Tab)
            .keys(&long_note());
        let screen = evening.screen();
        // What is typed last is in view, where the cursor stands.
        let cursor = format!("{}▏", &NOTE_END[NOTE_END.len() - 4..]);
        assert!(
            screen.contains(&cursor),
            "at {width}x{height}, the end of the note and the cursor:\n{screen}"
        );
        if height >= 24 {
            // With room, all of it: no word of it cut.
            for word in long_note().split_whitespace() {
                assert!(
                    screen.contains(word),
                    "at {width}x{height}, {word:?}:\n{screen}"
                );
            }
            assert!(!screen.contains('…'), "at {width}x{height}:\n{screen}");
        }
        evening.key(KeyCode::Enter);
        let note = saved(&mut evening).pop().and_then(|checkin| checkin.note);
        assert_eq!(note, Some(long_note()), "at {width}x{height}");
    }
}

#[test]
fn the_footer_offers_left_and_right_only_on_a_field_they_change() {
    let footer = |screen: &str| screen.lines().last().unwrap_or_default().to_string();
    let mut evening = form(80, 24);
    evening.keys("2");
    assert!(footer(&evening.screen()).contains("← → choose"));
    // Minutes and the note are typed: ← → change nothing there.
    evening
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    let minutes = evening.screen();
    assert!(minutes.contains("› Minutes"), "{minutes}");
    assert!(!footer(&minutes).contains("← →"), "{minutes}");
    evening.key(KeyCode::Tab);
    let note = evening.screen();
    assert!(note.contains("› Note"), "{note}");
    assert!(!footer(&note).contains("← →"), "{note}");
}

#[test]
fn no_row_of_the_form_is_cut_at_any_size() {
    for (width, height) in [(30, 9), (40, 12), (80, 24), (200, 60)] {
        let mut evening = form(width, height);
        evening.keys("2");
        // Down through every field, reading the form at each.
        for _ in 0..5 {
            let screen = evening.screen();
            assert!(!screen.contains('…'), "at {width}x{height}:\n{screen}");
            evening.key(KeyCode::Tab);
        }
    }
}
