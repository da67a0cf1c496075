//! Every screen rendered into ratatui's TestBackend and compared with a snapshot.
//! A fake clock drives the evening: no test waits for real time to pass.

use crate::support;

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use winddown::journal::{Interrupted, OlderRun};
use winddown::model::{CheckIn, Leg, NightStatus};
use winddown::routine::{Step, parse};
use winddown::session::{Outcome, Session, Snapshot, StepResult};
use winddown::stats::Streaks;
use winddown::tui::{History, Opening, Painter, Request, Stage};

use support::evening::{Evening, ROUTINE, history, sos_guide, thursday};

#[test]
fn timed_hold() {
    let mut evening = Evening::new();
    evening.wait(35.4);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn sided_hold_second_set() {
    let mut evening = Evening::new();
    // 2 min rub, then left set 1 (30 s) and a rest (10 s): 12 s into left set 2.
    evening.wait(120.0 + 40.0 + 12.0);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn rest_between_holds() {
    let mut evening = Evening::new();
    evening.wait(120.0 + 33.0);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn paused_hold() {
    let mut evening = Evening::new();
    evening
        .wait(120.0 + 5.0)
        .key(KeyCode::Char(' '))
        .wait(600.0);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn checklist_step() {
    let mut evening = Evening::new();
    evening
        .keys("ss")
        .key(KeyCode::Char(' '))
        .key(KeyCode::Down);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn unticked_checklist_asks_before_continuing() {
    let mut evening = Evening::new();
    evening
        .keys("ss")
        .key(KeyCode::Char(' '))
        .key(KeyCode::Enter);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn confirm_step() {
    let mut evening = Evening::new();
    evening.keys("sss");
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn help_overlay() {
    let mut evening = Evening::new();
    evening.wait(3.0).key(KeyCode::Char('?'));
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn quit_asks_first() {
    let mut evening = Evening::new();
    evening.wait(3.0).key(KeyCode::Char('q'));
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn the_quit_question_pauses_the_countdown_while_it_is_asked() {
    let left = |evening: &Evening| {
        evening
            .app
            .session()
            .expect("a run")
            .remaining(evening.now().0)
            .expect("a timer")
    };
    let mut evening = Evening::new();
    evening.wait(10.0);
    let before = left(&evening);
    evening.key(KeyCode::Char('q')).wait(30.0);
    assert!(evening.screen().contains("Stop for tonight?"));
    assert_eq!(left(&evening), before, "the hold ran on under the question");
    // "Keep going": the hold counts on from where it was.
    evening.key(KeyCode::Char('n')).wait(5.0);
    assert_eq!(left(&evening), before - Duration::from_secs(5));
    // A hold the user had paused stays paused after the question.
    evening.key(KeyCode::Char(' ')).key(KeyCode::Char('q'));
    evening.key(KeyCode::Esc).wait(20.0);
    assert_eq!(left(&evening), before - Duration::from_secs(5));
    assert!(evening.app.session().expect("a run").is_paused());
}

#[test]
fn summary() {
    let mut evening = Evening::new();
    // The rub runs out; the calf stretch is left 15 s into its fifth hold (4 holds of
    // 30 s and 15 s held: 2:15); the bedding check is passed over; the water is done.
    evening
        .wait(120.0)
        .wait(175.0)
        .keys("s")
        .keys("s")
        .wait(4.0)
        .key(KeyCode::Enter);
    let screen = evening.screen();
    assert!(
        screen.contains("2 of 4 steps done, 1 cut short, 1 skipped"),
        "{screen}"
    );
    insta::assert_snapshot!(screen);
}

#[test]
fn too_small() {
    let evening = Evening::sized(24, 6);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn no_size_panics() {
    for (width, height) in [
        (1, 1),
        (10, 3),
        (0, 0),
        (29, 8),
        (30, 9),
        (40, 12),
        (200, 60),
    ] {
        let mut evening = Evening::sized(width, height);
        for _ in 0..3 {
            evening.screen();
            evening.keys("n").wait(7.0);
        }
    }
}

#[test]
fn home_screen() {
    let evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    insta::assert_snapshot!(evening.screen());
}

#[test]
fn home_on_the_first_night() {
    let evening = Evening::opening(Opening::Home, History::default(), None, 80, 24);
    insta::assert_snapshot!(evening.screen());
}

/// Before any night is on record the strip of nights has nothing to show: no
/// "Tonight" label with nothing after it, no "?" and no legend for it. The app
/// holds tonight, not yet done, as the only night it knows of.
#[test]
fn the_first_night_draws_no_strip_of_nights() {
    let first_night = History {
        streaks: Streaks::default(),
        recent: vec![(thursday(), Some(NightStatus::NotYet))],
    };
    for history in [History::default(), first_night] {
        for (width, height) in [(30, 9), (40, 12), (80, 24), (200, 60)] {
            let evening = Evening::opening(Opening::Home, history.clone(), None, width, height);
            let screen = evening.screen();
            let strip: Vec<&str> = screen
                .lines()
                .map(str::trim)
                .filter(|row| {
                    row.starts_with("Tonight") && !row.starts_with("Tonight ·")
                        || row.starts_with("Last ")
                        || row.contains("? tonight")
                })
                .collect();
            assert!(strip.is_empty(), "at {width}x{height}: {strip:?}\n{screen}");
        }
    }
}

#[test]
fn rest_night_reason() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.keys("rtravel");
    insta::assert_snapshot!(evening.screen());
    evening.key(KeyCode::Enter);
    let declared = Request::DeclareRest("travel".into());
    assert!(evening.app.take_requests().contains(&declared));
    // Nothing says tonight is a rest night until the store has it.
    assert!(!evening.screen().contains("rest night (travel)"));
    evening.app.saved(&declared);
    assert!(
        evening
            .screen()
            .contains("Tonight is a rest night (travel).")
    );
}

#[test]
fn resume_offer() {
    let done = Some(StepResult {
        outcome: Outcome::Done,
        active: Duration::from_secs(120),
        holds: None,
    });
    let snapshot = Snapshot {
        position: 1,
        segment: 2,
        remaining: Some(Duration::from_secs(17)),
        paused: false,
        checked: Vec::new(),
        results: vec![done, None, None, None],
        length: None,
        held: Duration::ZERO,
        full: Vec::new(),
    };
    let mut evening = Evening::opening(Opening::Home, history(), Some(snapshot), 80, 24);
    insta::assert_snapshot!(evening.screen());
    evening.key(KeyCode::Enter);
    assert_eq!(evening.app.take_requests(), vec![Request::ResumeRun]);
    let screen = evening.screen();
    assert!(screen.contains("LEFT LEG · set 2/3"), "{screen}");
}

#[test]
fn resume_offer_for_a_run_of_an_older_version() {
    let done = Some(StepResult {
        outcome: Outcome::Done,
        active: Duration::from_secs(120),
        holds: None,
    });
    let routine = parse(ROUTINE).expect("test routine is valid");
    // Done tonight: the rub, the water and a step the routine no longer has.
    let [rub, calf, bedding, water]: [Step; 4] =
        routine.tonight(thursday()).try_into().expect("four steps");
    let order = vec![rub, water, calf, bedding];
    let at = std::time::Instant::now();
    let resumed =
        Session::resume_at(order.clone(), &[done, done, None, None], 2, at).expect("resumes");
    let interrupted = Interrupted {
        steps: order,
        snapshot: resumed.snapshot(at),
        older: Some(OlderRun { done: 3 }),
        step_changed: false,
    };
    let mut evening = Evening::interrupted(
        routine,
        Opening::Home,
        history(),
        Some(interrupted),
        (80, 24),
    );
    insta::assert_snapshot!(evening.screen());
    evening.key(KeyCode::Enter);
    assert_eq!(evening.app.take_requests(), vec![Request::ResumeRun]);
    let screen = evening.screen();
    assert!(screen.contains("Standing calf stretch"), "{screen}");
    assert!(
        screen.contains("3 of 4"),
        "the third of the run's steps: {screen}"
    );
}

#[test]
fn restart_instead_of_resume_abandons_the_old_run() {
    let snapshot = Snapshot {
        position: 3,
        segment: 0,
        remaining: None,
        paused: false,
        checked: Vec::new(),
        results: vec![None; 4],
        length: None,
        held: Duration::ZERO,
        full: Vec::new(),
    };
    let mut evening = Evening::opening(Opening::RunNow, history(), Some(snapshot), 80, 24);
    evening.keys("r");
    let requests = evening.app.take_requests();
    assert_eq!(requests[..2], [Request::AbandonRun, Request::StartRun]);
    assert!(evening.screen().contains("Magnesium-oil rub"));
}

#[test]
fn summary_with_steps_not_saved_counts_only_what_is_stored() {
    let mut evening = Evening::new();
    evening
        .wait(120.0 + 230.0)
        .keys("xjxjx")
        .key(KeyCode::Enter)
        .wait(5.0)
        .key(KeyCode::Enter);
    evening.app.set_unsaved(Some(winddown::journal::Unsaved {
        steps: vec![2, 3],
        reason: "database or disk is full".into(),
    }));
    let screen = evening.screen();
    insta::assert_snapshot!(screen);
    assert!(
        screen.contains("2 of 4 steps done and saved · 2 steps not saved yet — retrying"),
        "{screen}"
    );
    assert!(!screen.contains("4 of 4"), "{screen}");
    assert!(!screen.contains("one more tonight"), "{screen}");
}

#[test]
fn run_screen_says_plainly_that_a_step_is_not_saved() {
    let mut evening = Evening::new();
    evening.wait(130.0);
    evening.app.set_unsaved(Some(winddown::journal::Unsaved {
        steps: vec![0],
        reason: "the winddown database is busy".into(),
    }));
    let screen = evening.screen();
    insta::assert_snapshot!(screen);
    assert!(
        screen
            .lines()
            .next()
            .is_some_and(|header| header.contains("1 step not saved yet — retrying")),
        "{screen}"
    );
}

#[test]
fn summary_of_a_complete_night_extends_the_streak() {
    let mut evening = Evening::new();
    evening
        .wait(120.0 + 230.0)
        .keys("xjxjx")
        .key(KeyCode::Enter)
        .wait(5.0)
        .key(KeyCode::Enter);
    let screen = evening.screen();
    assert!(screen.contains("4 of 4 steps done"), "{screen}");
    assert!(
        screen.contains("Streak: 5 nights — one more tonight."),
        "{screen}"
    );
}

#[test]
fn an_edited_routine_updates_upcoming_steps_and_a_broken_one_changes_nothing() {
    let mut evening = Evening::new();
    evening.wait(125.0);
    let edited = ROUTINE
        .replace(
            "title = \"Bedding check\"",
            "title = \"Bedding, checked\"\nid = \"bedding-check\"",
        )
        .replace("title = \"Glass of water\"", "title = \"Warm milk\"");
    assert!(
        evening
            .app
            .routine_changed(Ok(parse(&edited).expect("valid edit")))
    );
    let titles: Vec<&str> = evening
        .app
        .steps()
        .iter()
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Magnesium-oil rub",
            "Standing calf stretch",
            "Bedding, checked",
            "Warm milk"
        ]
    );
    let screen = evening.screen();
    assert!(
        screen.contains("Standing calf stretch"),
        "the current step carries on"
    );
    assert!(screen.contains("Next: Bedding, checked"), "{screen}");

    evening.app.routine_changed(Err(
        "leg-cramps.toml:14:12: error: duration must be at least 1s".to_string(),
    ));
    let screen = evening.screen();
    assert!(
        screen.contains("leg-cramps.toml:14:12: error: duration must"),
        "the warning starts with where and what\n{screen}"
    );
    assert!(
        screen.contains("Next: Bedding, checked"),
        "nothing changed: {screen}"
    );
    evening.keys("?");
    let help = evening
        .screen()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("duration must be at least 1s — fix and save to reload"),
        "help has the whole warning\n{help}"
    );
}

#[test]
fn the_home_screen_switches_between_routines() {
    let quick = parse(
        "name = \"Quick wind-down\"\n[[step]]\ntitle = \"Calf stretch\"\nduration = \"15s\"\n",
    )
    .expect("valid routine");
    let main = parse(ROUTINE).expect("fixture routine is valid");
    let mut evening =
        Evening::opening(Opening::Home, history(), None, 80, 24).with_choices(vec![main, quick]);
    assert!(
        evening
            .screen()
            .contains("Routine 1 of 2 · Tab or ←/→ to switch")
    );
    evening.key(KeyCode::Tab);
    assert_eq!(evening.app.take_requests(), [Request::SwitchRoutine(1)]);
    let screen = evening.screen();
    assert!(screen.starts_with(" Quick wind-down"), "{screen}");
    assert!(screen.contains("1 step · 15 s"), "{screen}");
    evening.key(KeyCode::Left);
    assert_eq!(evening.app.take_requests(), [Request::SwitchRoutine(0)]);
    assert!(evening.screen().contains("4 steps · 6 min"));
    // Once a run has started the choice is made.
    evening.key(KeyCode::Enter).key(KeyCode::Tab);
    let requests = evening.app.take_requests();
    assert!(
        !requests
            .iter()
            .any(|request| matches!(request, Request::SwitchRoutine(_))),
        "{requests:?}"
    );
}

/// The row of `evening`'s screen that holds `text`, trimmed.
fn row_with(evening: &Evening, text: &str) -> String {
    let screen = evening.screen();
    screen
        .lines()
        .find(|row| row.contains(text))
        .unwrap_or_else(|| panic!("no row with {text:?}:\n{screen}"))
        .trim()
        .to_string()
}

#[test]
fn a_narrow_home_says_which_routine_is_open_without_a_cut_hint() {
    let quick = || {
        parse("name = \"Quick wind-down\"\n[[step]]\ntitle = \"Calf stretch\"\n")
            .expect("valid routine")
    };
    let main = || parse(ROUTINE).expect("fixture routine is valid");
    for (width, height, said) in [
        (30, 9, "Routine 1 of 2"),
        (32, 10, "Routine 1 of 2 · Tab to switch"),
        (40, 12, "Routine 1 of 2 · Tab or ←/→ to switch"),
        (80, 24, "Routine 1 of 2 · Tab or ←/→ to switch"),
    ] {
        let evening = Evening::opening(Opening::Home, history(), None, width, height)
            .with_choices(vec![main(), quick()]);
        assert_eq!(
            row_with(&evening, "Routine 1 of 2"),
            said,
            "at {width}x{height}"
        );
    }
}

#[test]
fn when_to_start_is_said_whole_in_a_narrow_window() {
    // The fixture's 6 minutes before a 22:30 bedtime, at 22:05.
    for (width, height, said) in [
        (30, 9, "Start by 22:24."),
        (34, 10, "Start by 22:24 (bedtime 22:30)."),
        (80, 24, "Start by 22:24 to be in bed by 22:30."),
    ] {
        let evening = Evening::opening(Opening::Home, history(), None, width, height);
        assert_eq!(row_with(&evening, "Start"), said, "at {width}x{height}");
    }
}

#[test]
fn the_summary_says_whether_tonight_counts_whole_in_a_narrow_window() {
    // Every step skipped: the streak stays, and tonight does not count.
    for (width, height, said) in [
        (30, 9, "Streak 4 · not counted"),
        (40, 12, "Streak 4 · tonight not counted"),
        (
            100,
            30,
            "Streak: 4 nights — a required step was not done, so tonight does not count.",
        ),
    ] {
        let mut evening = Evening::sized(width, height);
        for _ in 0..10 {
            evening.keys("s");
        }
        assert_eq!(row_with(&evening, "Streak"), said, "at {width}x{height}");
    }
}

#[test]
fn a_narrow_lead_in_names_the_hold_to_come_whole() {
    // Two seconds into the calf stretch's lead-in: the bar says "get ready".
    const SIDED: &str = "name = \"Calf\"\n[[step]]\ntitle = \"Standing calf stretch\"\n\
                         duration = \"30s\"\nsides = [\"left leg\", \"right leg\"]\nsets = 3\n\
                         lead_in = \"5s\"\n";
    for (width, height, said) in [
        (30, 9, "LEFT LEG · set 1/3"),
        (80, 24, "Get ready · LEFT LEG · set 1/3"),
    ] {
        let mut evening = Evening::of(SIDED, Opening::RunNow, history(), None, (width, height));
        evening.wait(2.0);
        let screen = evening.screen();
        assert!(
            screen.lines().any(|row| row.trim() == said),
            "at {width}x{height}:\n{screen}"
        );
        assert!(
            screen.contains("get ready"),
            "at {width}x{height}:\n{screen}"
        );
    }
}

#[test]
fn morning_checkin() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening
        .app
        .ask_checkin(thursday() - chrono::Duration::days(1));
    evening
        .key(KeyCode::Char('2'))
        .key(KeyCode::Tab)
        .keys("6")
        .key(KeyCode::Tab)
        .keys("l")
        .key(KeyCode::Tab)
        .keys("5");
    insta::assert_snapshot!(evening.screen());
    evening.key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    assert_eq!(
        requests,
        vec![Request::CheckIn(
            winddown::model::CheckIn {
                night: thursday() - chrono::Duration::days(1),
                cramps: 2,
                severity: Some(6),
                severity_unsure: false,
                leg: Some(winddown::model::Leg::Left),
                minutes: Some(5),
                note: None,
            },
            None
        )]
    );
    assert!(
        evening.screen().contains("Tonight · Thu 26 November"),
        "back home"
    );
}

#[test]
fn a_cramp_free_night_checks_in_with_two_keys_and_esc_skips() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening
        .app
        .ask_checkin(thursday() - chrono::Duration::days(1));
    evening.key(KeyCode::Esc);
    assert!(evening.app.take_requests().is_empty());
    evening.keys("c0").key(KeyCode::Enter);
    let requests = evening.app.take_requests();
    assert!(matches!(
        &requests[..],
        [Request::CheckIn(checkin, None)] if checkin.cramps == 0 && checkin.severity.is_none()
    ));
}

#[test]
fn cramp_sos() {
    let evening = Evening::new();
    let mut evening = Evening {
        app: evening.app.with_sos_guide(sos_guide()),
        ..evening
    };
    evening.wait(130.0).keys("!");
    assert!(
        evening.app.session().is_some_and(|s| s.is_paused()),
        "the routine waits"
    );
    evening.wait(95.0).keys("nr");
    insta::assert_snapshot!(evening.screen());
    evening.wait(600.0);
    assert!(evening.screen().contains("This has lasted over 10 minutes"));
    evening.key(KeyCode::Esc);
    let requests = evening.app.take_requests();
    assert!(
        requests.iter().any(|request| matches!(
            request,
            Request::RecordSos { lasted, leg: Some(winddown::model::Leg::Right), .. }
                if lasted.as_secs() == 695
        )),
        "{requests:?}"
    );
    assert!(
        evening.screen().contains("PAUSED"),
        "back to the paused routine"
    );
}

#[test]
fn help_on_the_sos_screen_gives_its_own_keys_and_closes_back_to_it() {
    let evening = Evening::new();
    let mut evening = Evening {
        app: evening.app.with_sos_guide(sos_guide()),
        ..evening
    };
    evening.wait(130.0).keys("!").wait(20.0).keys("?");
    let help = evening.screen();
    assert!(help.contains("Keys on this screen"), "{help}");
    for sos_key in ["which leg", "the cramp has passed"] {
        assert!(help.contains(sos_key), "no \"{sos_key}\" in\n{help}");
    }
    for run_key in ["skip this step", "add or take 30 seconds"] {
        assert!(!help.contains(run_key), "\"{run_key}\" in\n{help}");
    }
    // Esc closes help, not the episode: the stopwatch runs on behind it.
    evening.wait(40.0).key(KeyCode::Esc);
    let sos = evening.screen();
    assert!(
        sos.contains("Cramp SOS") && sos.contains("Leg: not said"),
        "{sos}"
    );
    assert_eq!(evening.app.sos_elapsed(), Some(Duration::from_secs(60)));
    assert!(
        !evening
            .app
            .take_requests()
            .iter()
            .any(|request| matches!(request, Request::RecordSos { .. } | Request::ForgetSos)),
        "the episode is still open"
    );
    // Keys reach the SOS screen again.
    evening.keys("l");
    assert_eq!(
        evening.app.sos().and_then(|episode| episode.leg),
        Some(Leg::Left)
    );
}

/// Rows of `screen` that hold part of a big digit (block and quadrant glyphs).
fn big_digit_rows(screen: &str) -> usize {
    screen
        .lines()
        .filter(|line| line.chars().any(|c| ('\u{2580}'..='\u{259f}').contains(&c)))
        .count()
}

/// Whether every word of `text` shows on `screen`, in order and unbroken.
fn shows_whole(screen: &str, text: &str) -> bool {
    let shown: Vec<&str> = screen.split_whitespace().collect();
    let wanted: Vec<&str> = text.split_whitespace().collect();
    shown
        .windows(wanted.len())
        .any(|window| window == wanted.as_slice())
}

fn sos_at(width: u16, height: u16) -> Evening {
    let evening = Evening::opening(Opening::Home, history(), None, width, height);
    let mut evening = Evening {
        app: evening.app.with_sos_guide(sos_guide()),
        ..evening
    };
    evening.keys("!").wait(7.0);
    evening
}

#[test]
fn the_sos_stopwatch_grows_with_the_window_and_the_step_stays_whole() {
    let mut tallest = 0;
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let screen = sos_at(width, height).screen();
        let rows = big_digit_rows(&screen);
        assert!(rows > tallest, "{width}x{height}: {rows} rows\n{screen}");
        tallest = rows;
    }
    for (width, height) in [(30, 9), (40, 12)] {
        let screen = sos_at(width, height).screen();
        assert_eq!(big_digit_rows(&screen), 0, "{width}x{height}\n{screen}");
        assert!(screen.contains("0:07"), "{width}x{height}\n{screen}");
    }
    for (width, height) in [(30, 9), (40, 12), (80, 24), (120, 40), (200, 60)] {
        let mut evening = sos_at(width, height);
        for step in &sos_guide().steps {
            let screen = evening.screen();
            let instructions = step.instructions.as_deref().expect("instructions");
            assert!(
                shows_whole(&screen, instructions),
                "{width}x{height}: {:?} not whole\n{screen}",
                step.title
            );
            evening.key(KeyCode::Enter);
        }
    }
}

#[test]
fn a_long_sos_keeps_the_step_and_when_to_see_a_doctor_whole() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let mut evening = sos_at(width, height);
        let screen = evening.wait(610.0).screen();
        assert!(
            shows_whole(&screen, winddown::shipped::WHEN_TO_SEE_A_DOCTOR),
            "{width}x{height}\n{screen}"
        );
        let first = &sos_guide().steps[0];
        let instructions = first.instructions.as_deref().expect("instructions");
        assert!(
            shows_whole(&screen, instructions),
            "{width}x{height}\n{screen}"
        );
        assert!(big_digit_rows(&screen) >= 4, "{width}x{height}\n{screen}");
    }
}

#[test]
fn stats_screen() {
    use winddown::stats::StepRate;
    use winddown::tui::StatsView;
    let night = thursday();
    let calendar = (0..winddown::tui::CALENDAR_NIGHTS)
        .rev()
        .map(|back| {
            let day = night - chrono::Duration::days(back);
            let status = match back {
                0 => Some(NightStatus::NotYet),
                100.. => None,
                b if b % 9 == 4 => Some(NightStatus::Missed),
                b if b % 11 == 3 => Some(NightStatus::Rest("travel".into())),
                b if b % 7 == 2 => Some(NightStatus::Partial),
                _ => Some(NightStatus::Completed),
            };
            let cramps = (1..60).contains(&back).then_some((back % 5) as u8 % 4);
            (day, status, cramps)
        })
        .collect();
    let view = StatsView {
        streaks: Streaks {
            current: 4,
            best: 9,
        },
        calendar,
        steps: vec![
            StepRate {
                step_id: "calf".into(),
                title: "Standing calf stretch".into(),
                done: 46,
                cut_short: 0,
                ended: 50,
            },
            StepRate {
                step_id: "soak".into(),
                title: "Epsom-salt soak".into(),
                done: 5,
                cut_short: 3,
                ended: 14,
            },
        ],
        insights: Vec::new(),
    };
    // Wide enough, the cut-short count stands beside the rate (which leaves it out).
    let mut wide = Evening::opening(Opening::Home, history(), None, 120, 40);
    wide.app.show_stats(view.clone());
    let soak = wide
        .screen()
        .lines()
        .find(|line| line.contains("Epsom-salt soak"))
        .map(str::to_string)
        .expect("the soak's row");
    assert!(
        soak.ends_with("Epsom-salt soak                            36%  3 cut short"),
        "{soak:?}"
    );
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.app.show_stats(view);
    insta::assert_snapshot!(evening.screen());
    evening.key(KeyCode::Esc);
    assert!(
        evening.screen().contains("Enter start"),
        "any key goes back home"
    );
}

#[test]
fn a_warning_quoting_a_hostile_file_is_drawn_escaped() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening
        .app
        .warn("evil\u{1b}]0;x\u{7}.toml:1:8: error: bad".to_string());
    let screen = evening.screen();
    assert!(
        screen.contains("evil\\u001b]0;x\\u0007.toml:1:8"),
        "{screen}"
    );
}

#[test]
fn no_color_keeps_the_text_and_drops_every_colour() {
    let render = |no_color: bool| {
        let evening = Evening::new();
        let mut evening = Evening {
            app: evening.app.with_no_color(no_color),
            ..evening
        };
        evening.wait(125.0).key(KeyCode::Char(' '));
        let area = evening.app.area();
        let mut terminal =
            Terminal::new(TestBackend::new(area.width, area.height)).expect("test terminal");
        terminal
            .draw(|frame| frame.render_widget(&evening.app, frame.area()))
            .expect("draw");
        terminal.backend().buffer().clone()
    };
    let colored = render(false);
    let plain = render(true);
    let is_colored = |cell: &ratatui::buffer::Cell| {
        cell.fg != ratatui::style::Color::Reset || cell.bg != ratatui::style::Color::Reset
    };
    assert!(
        colored.content().iter().any(is_colored),
        "the usual screen has colour"
    );
    assert!(
        !plain.content().iter().any(is_colored),
        "NO_COLOR leaves none"
    );
    let symbols = |buffer: &ratatui::buffer::Buffer| {
        buffer
            .content()
            .iter()
            .map(|cell| cell.symbol().to_string())
            .collect::<String>()
    };
    assert_eq!(symbols(&colored), symbols(&plain));
    assert!(
        plain
            .content()
            .iter()
            .any(|cell| cell.modifier.contains(ratatui::style::Modifier::BOLD)),
        "emphasis stays"
    );
}

/// Draws frames as the app's loop does: a whole frame after anything but time
/// passing, otherwise only what time changed; checks the terminal shows exactly
/// what a whole frame would, and returns how many ticks were drawn on their own.
fn drive_and_compare(mut evening: Evening, keys_at: &[(u64, KeyCode)]) -> usize {
    let area = evening.app.area();
    let mut backend = TestBackend::new(area.width, area.height);
    let mut painter = Painter::new(area);
    painter
        .whole(&mut backend, area, &evening.app)
        .expect("first frame");
    let mut ticks = 0;
    // Past the switch of sides (at 240 s), its banner and the last seconds before it.
    for second in 1..=260u64 {
        evening.elapsed += Duration::from_secs(1);
        let (now, wall) = evening.now();
        let mut whole = evening.app.tick(now, wall);
        for (_, code) in keys_at.iter().filter(|(at, _)| *at == second) {
            let event = Event::Key(KeyEvent::new(*code, KeyModifiers::NONE));
            whole |= evening.app.handle_event(&event, now, wall);
        }
        let ticked = !whole && painter.tick(&mut backend, &evening.app).expect("tick");
        if ticked {
            ticks += 1;
        } else {
            painter
                .whole(&mut backend, area, &evening.app)
                .expect("whole");
        }
        let mut expected =
            Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
        expected
            .draw(|frame| frame.render_widget(&evening.app, frame.area()))
            .expect("draw");
        assert_eq!(
            backend.buffer(),
            expected.backend().buffer(),
            "{}x{} after {second} s",
            area.width,
            area.height
        );
    }
    ticks
}

#[test]
fn ticks_draw_what_whole_frames_would() {
    let keys = [
        (20, KeyCode::Char(' ')),
        (23, KeyCode::Char(' ')),
        (30, KeyCode::Char('+')),
        (40, KeyCode::Char('?')),
        (42, KeyCode::Esc),
        (50, KeyCode::Char('-')),
    ];
    for (width, height) in [(80, 24), (100, 30), (200, 60), (40, 12), (30, 9)] {
        let ticks = drive_and_compare(Evening::sized(width, height), &keys);
        assert!(ticks > 100, "{width}x{height}: {ticks} ticks drawn alone");
    }
    let plain = Evening::sized(80, 24);
    let plain = Evening {
        app: plain.app.with_no_color(true),
        ..plain
    };
    assert!(drive_and_compare(plain, &keys) > 100);
    let night = Evening::sized(80, 24);
    let night = Evening {
        app: night.app.with_theme(winddown::routine::Theme::Night),
        ..night
    };
    assert!(drive_and_compare(night, &keys) > 100);
}

/// A counted last second rings a bell but changes nothing a tick does not draw (the
/// digits take the last seconds' colour, which a tick compares): no whole frame for
/// it. The evening counts down to the switch of sides at 240 s, past three counted
/// seconds of the hold before it.
#[test]
fn counted_seconds_are_drawn_as_ticks() {
    let mut evening = Evening::sized(80, 24);
    let place = |app: &winddown::tui::App| {
        app.session()
            .map(|session| (session.position(), session.segment()))
    };
    let mut counted = Vec::new();
    for second in 1..=245u64 {
        evening.elapsed += Duration::from_secs(1);
        let (now, wall) = evening.now();
        let before = place(&evening.app);
        let whole = evening.app.tick(now, wall);
        let in_counted = evening
            .app
            .session()
            .is_some_and(|session| session.in_counted_seconds(now));
        if in_counted && place(&evening.app) == before {
            assert!(!whole, "a whole frame for counted second {second}");
            counted.push(second);
        }
    }
    assert!(counted.len() >= 3, "counted seconds seen: {counted:?}");
}

/// Rows of the run screen that draw part of the big countdown.
fn digit_rows(screen: &str) -> usize {
    screen
        .lines()
        .filter(|line| line.contains('█') || line.contains('▀') || line.contains('▄'))
        .count()
}

#[test]
fn countdown_digits_grow_with_the_window() {
    let rows_at = |width, height| {
        let mut evening = Evening::sized(width, height);
        evening.wait(120.0 + 10.0);
        let screen = evening.screen();
        (digit_rows(&screen), screen)
    };
    let (small, _) = rows_at(80, 24);
    let (large, screen) = rows_at(200, 60);
    // 24 rows: 7 for the lines that always show, 4 for the step's text, 13 left:
    // twelve rows of digits (the last blank) rather than eight and four blank rows.
    assert_eq!(small, 11, "80x24 uses the room the text leaves");
    assert!(
        large >= 2 * small,
        "200x60: {large} rows of digits\n{screen}"
    );
    assert!(
        screen.contains("Lean in until the calf pulls") && screen.contains("Why: Nightly"),
        "the step's text still shows beside big digits\n{screen}"
    );
    let (tiny, screen) = rows_at(40, 12);
    assert_eq!(tiny, 0, "40x12 counts in plain text\n{screen}");
    assert!(screen.contains("0:20"), "{screen}");
}

#[test]
fn times_past_an_hour_read_in_hours_and_minutes() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    // 22:05 + 95 min = 23:40, an hour and ten minutes after the 22:30 bedtime.
    evening.wait(95.0 * 60.0);
    let header = evening
        .screen()
        .lines()
        .next()
        .unwrap_or_default()
        .to_string();
    assert!(
        header.ends_with("23:40 · bedtime was 1 h 10 min ago"),
        "{header}"
    );
}

#[test]
fn after_the_summary_enter_goes_home_showing_tonight_done_and_a_second_run_asks_first() {
    let mut evening = Evening::new();
    evening
        .wait(120.0 + 230.0)
        .keys("xjxjx")
        .key(KeyCode::Enter)
        .wait(5.0)
        .key(KeyCode::Enter);
    assert!(evening.screen().contains("done for tonight"));
    evening.key(KeyCode::Enter);
    assert!(!evening.app.should_quit(), "Enter no longer quits");
    let home = evening.screen();
    insta::assert_snapshot!("home_after_a_finished_run", home);
    assert!(home.contains("Done tonight at 22:10"), "{home}");
    assert!(home.contains("Streak: 5 nights"), "{home}");
    for hint in ["c check in", "t stats", "q quit"] {
        assert!(home.contains(hint), "{hint} in {home}");
    }
    evening.app.take_requests();
    evening.key(KeyCode::Enter);
    let asked = evening.screen();
    assert!(asked.contains("Run it again?"), "{asked}");
    evening.key(KeyCode::Char('n'));
    assert!(evening.screen().contains("Done tonight at 22:10"));
    assert!(
        evening
            .app
            .take_requests()
            .iter()
            .all(|r| *r != Request::StartRun)
    );
    evening.key(KeyCode::Enter).key(KeyCode::Char('y'));
    assert!(evening.app.take_requests().contains(&Request::StartRun));
    assert!(evening.screen().contains("Magnesium-oil rub"));
}

#[test]
fn q_on_the_summary_quits() {
    let mut evening = Evening::new();
    evening.keys("ssss");
    assert!(evening.screen().contains("done for tonight"));
    evening.key(KeyCode::Char('q'));
    assert!(evening.app.should_quit());
}

#[test]
fn the_rest_screen_names_the_hold_that_comes_next() {
    let mut evening = Evening::new();
    // Rub (2 min), then the left leg's three holds; the rest after the third leads to the right leg.
    evening.wait(120.0 + 3.0 * 30.0 + 2.0 * 10.0 + 1.0);
    let screen = evening.screen();
    assert!(
        screen.contains("REST · Next: RIGHT LEG · set 1/3"),
        "{screen}"
    );
}

fn last_night() -> chrono::NaiveDate {
    thursday().pred_opt().expect("a night before")
}

#[test]
fn the_checkin_form_opens_with_the_saved_checkin_and_says_it_will_replace_it() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    let earlier = CheckIn {
        night: last_night(),
        cramps: 2,
        severity: Some(6),
        severity_unsure: false,
        leg: Some(Leg::Left),
        minutes: Some(5),
        note: Some("after a long walk".into()),
    };
    evening.app.know_checkin(earlier.clone());
    evening.key(KeyCode::Char('c'));
    let screen = evening.screen();
    insta::assert_snapshot!("checkin_prefilled", screen);
    assert!(screen.contains("after a long walk"), "{screen}");
    assert!(screen.contains("Saving replaces"), "{screen}");
    evening.app.take_requests();
    evening.key(KeyCode::Enter);
    assert_eq!(
        evening.app.take_requests(),
        vec![Request::CheckIn(earlier.clone(), Some(earlier))]
    );
}

#[test]
fn the_morning_question_can_skip_the_night_for_good() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    evening.app.ask_checkin(last_night());
    let screen = evening.screen();
    assert!(screen.contains("s skip this night"), "{screen}");
    evening.app.take_requests();
    evening.key(KeyCode::Char('s'));
    assert_eq!(
        evening.app.take_requests(),
        vec![Request::SkipCheckin(last_night())]
    );
    assert!(matches!(evening.app.stage(), Stage::Home));
}

/// The calf stretch as shipped, with its picture.
fn pictured() -> String {
    let shipped = winddown::shipped::find("leg-cramps").expect("shipped routine");
    let start = shipped
        .source
        .find("[[step]]\ntitle = \"Standing calf stretch\"")
        .expect("the calf stretch");
    let end = shipped.source[start + 8..]
        .find("[[step]]")
        .map_or(shipped.source.len(), |at| start + 8 + at);
    format!("name = \"Pictured\"\n{}", &shipped.source[start..end])
}

#[test]
fn the_pose_is_drawn_beside_the_instructions_when_there_is_room() {
    let mut roomy = Evening::of(&pictured(), Opening::RunNow, history(), None, (120, 40));
    roomy.wait(3.0);
    let screen = roomy.screen();
    insta::assert_snapshot!("picture_with_room", screen);
    assert!(screen.contains("hands on the wall"), "{screen}");
    assert!(screen.contains("until the calf pulls"), "{screen}");

    let mut cramped = Evening::of(&pictured(), Opening::RunNow, history(), None, (60, 20));
    cramped.wait(3.0);
    let screen = cramped.screen();
    insta::assert_snapshot!("picture_without_room", screen);
    assert!(!screen.contains("hands on the wall"), "{screen}");
    assert!(
        screen.contains("Hands on the wall"),
        "the instructions stay: {screen}"
    );
}

#[test]
fn the_step_being_chosen_for_an_experiment_is_in_view_in_the_smallest_window() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 30, 9);
    // x opens the choice on the first step; two steps down is the third.
    evening.keys("x").key(KeyCode::Down).key(KeyCode::Down);
    let screen = evening.screen();
    let third = &parse(ROUTINE).expect("routine").steps[2].title;
    let shown: String = third.chars().take(10).collect();
    assert!(screen.contains(&shown), "{third} in view: {screen}");
    assert!(!screen.contains("steps tonight"), "{screen}");
}

#[test]
fn under_the_drawn_schedule_the_footer_names_only_its_keys() {
    let mut evening = Evening::opening(Opening::Home, history(), None, 80, 24);
    let step = parse(ROUTINE).expect("routine").steps[0].clone();
    let drawn = winddown::experiment::draw(
        "routine",
        &step,
        winddown::experiment::DEFAULT_DESIGN,
        (0, winddown::model::SeedSource::Given),
        thursday(),
        chrono::Utc::now(),
    );
    evening.app.offer_experiment(drawn);
    let screen = evening.screen();
    let footer = screen.lines().last().expect("a footer");
    assert!(footer.contains("y start"), "{screen}");
    for other in ["Enter start", "c check in", "r rest night", "t stats"] {
        assert!(
            !footer.contains(other),
            "{other} does nothing here: {screen}"
        );
    }
}

/// "(step 2 of 3)" is one thing to read: a narrow offer moves it to a row of its
/// own rather than leave "(step 2 of" above a lone "3)". Its title is whole too.
#[test]
fn the_resume_offer_never_splits_where_the_run_stopped() {
    const LONG: &str = r#"
name = "Long titles"

[[step]]
title = "Glass of water"

[[step]]
title = "Magnesium oil rubbed into both calves"

[[step]]
title = "Loose covers"
"#;
    let done = Some(StepResult {
        outcome: Outcome::Done,
        active: Duration::from_secs(20),
        holds: None,
    });
    for (width, height) in [(30, 9), (40, 12), (80, 24), (200, 60)] {
        let snapshot = Snapshot {
            position: 1,
            segment: 0,
            remaining: None,
            paused: false,
            checked: Vec::new(),
            results: vec![done, None, None],
            length: None,
            held: Duration::ZERO,
            full: Vec::new(),
        };
        let evening = Evening::of(
            LONG,
            Opening::Home,
            history(),
            Some(snapshot),
            (width, height),
        );
        let screen = evening.screen();
        assert!(
            screen.lines().any(|row| row.contains("(step 2 of 3)")),
            "at {width}x{height}:\n{screen}"
        );
        assert!(
            screen.contains("┌ Tonight's run was interrupted ─")
                || screen.contains("┌ Run interrupted ─"),
            "at {width}x{height}:\n{screen}"
        );
    }
}

/// README's first picture is this screen as the app draws it (the snapshot of
/// `sided_hold_second_set`): a change to the run screen that leaves it behind fails here.
#[test]
fn the_readme_shows_the_hold_screen_as_it_is_drawn() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let snapshot = std::fs::read_to_string(format!(
        "{root}/tests/integration/snapshots/integration__screens__sided_hold_second_set.snap"
    ))
    .expect("snapshot");
    let drawn = snapshot
        .splitn(3, "---\n")
        .nth(2)
        .expect("a snapshot's body follows its header")
        .trim_end();
    let picture = readme
        .split("```\n")
        .nth(1)
        .expect("README opens with a picture in a code block")
        .trim_end();
    assert_eq!(
        picture, drawn,
        "README's picture is not the screen as drawn"
    );
}
