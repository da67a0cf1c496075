//! Every list that can overflow scrolls and says so: the stats page (in process and
//! in the real binary), the summary, tonight's plan; a comparison of nights never
//! shows without its interval and the caveat; the check-in's leg choice keeps "both".

use std::collections::HashSet;
use std::thread;
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyCode, KeyModifiers, MouseEvent, MouseEventKind};

use winddown::insights::{self, Difference, Estimate, Side, StepInsight};
use winddown::model::NightStatus;
use winddown::routine::parse;
use winddown::stats::{StepRate, Streaks};
use winddown::tui::{InsightGroup, Opening, StatsView};

use crate::support;
use crate::support::evening::{Evening, history, thursday};
use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

/// The shipped routine's eight steps on its bath night, on the home screen.
fn shipped(width: u16, height: u16) -> Evening {
    let source = winddown::shipped::find("leg-cramps")
        .expect("shipped")
        .source;
    let routine = parse(source).expect("parses");
    Evening::interrupted(routine, Opening::Home, history(), None, (width, height))
}

/// A stats page over the shipped routine's steps: every step with its rate, and for
/// each a comparison of nights with its interval.
fn stats_view(evening: &Evening) -> StatsView {
    let night = thursday();
    let calendar = (0..winddown::tui::CALENDAR_NIGHTS)
        .rev()
        .map(|back| {
            let day = night - chrono::Duration::days(back);
            let status = (back < 60).then_some(NightStatus::Completed);
            (day, status, (back < 30).then_some((back % 4) as u8))
        })
        .collect();
    let steps = evening.app.steps();
    StatsView {
        streaks: Streaks {
            current: 4,
            best: 9,
        },
        calendar,
        steps: steps
            .iter()
            .map(|step| StepRate {
                step_id: step.id.clone(),
                title: step.title.clone(),
                done: 20,
                cut_short: 0,
                ended: 25,
            })
            .collect(),
        insights: steps
            .iter()
            .map(|step| InsightGroup {
                lines: vec![insights::describe(&StepInsight {
                    step_id: step.id.clone(),
                    title: step.title.clone(),
                    with: Side {
                        nights: 14,
                        mean: Some(0.6),
                    },
                    without: Side {
                        nights: 9,
                        mean: Some(1.4),
                    },
                    estimate: Estimate::Difference(Difference {
                        difference: -0.8,
                        low: -1.5,
                        high: -0.1,
                    }),
                    cut_short: 0,
                })],
                correlation: true,
            })
            .collect(),
    }
}

/// Every screen met pressing `key` until the screen stops changing.
fn screens_down(evening: &mut Evening, key: KeyCode) -> Vec<String> {
    let mut screens = vec![evening.screen()];
    for _ in 0..100 {
        evening.key(key);
        let screen = evening.screen();
        if Some(&screen) == screens.last() {
            return screens;
        }
        screens.push(screen);
    }
    panic!("the page never stopped scrolling");
}

#[test]
fn the_stats_page_scrolls_to_every_step_and_every_comparison_keeps_its_caveat() {
    for (width, height) in [(30, 9), (40, 12), (80, 24)] {
        let mut evening = shipped(width, height);
        let view = stats_view(&evening);
        evening.app.show_stats(view);
        let first = evening.screen();
        assert!(first.contains("↓ more"), "{width}x{height}\n{first}");
        let screens = screens_down(&mut evening, KeyCode::Char('j'));
        // Every step's name shows at some point (in words that may wrap over rows).
        let seen: String = screens
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for step in evening.app.steps() {
            assert!(
                seen.contains(&step.title),
                "{width}x{height}: {} never shows",
                step.title
            );
        }
        for screen in &screens {
            // An effect is never on screen without its interval, its sample sizes
            // and the caveat (its words read across the rows they wrap over).
            let screen = screen.split_whitespace().collect::<Vec<_>>().join(" ");
            let effects = screen.matches("cramps a night with it").count();
            assert_eq!(
                effects,
                screen.matches("14 nights with, 9 without)").count(),
                "{width}x{height}: an effect cut from its numbers\n{screen}"
            );
            if effects > 0 {
                assert!(
                    screen.contains("not proof"),
                    "{width}x{height}: no caveat\n{screen}"
                );
            }
        }
        let last = screens.last().expect("a screen");
        assert!(
            !last.contains("↓ more"),
            "{width}x{height}: the end\n{last}"
        );
        assert!(last.contains("↑ more"), "{width}x{height}\n{last}");
        // Back up a page at a time to the top; Home from anywhere.
        let up = screens_down(&mut evening, KeyCode::PageUp);
        assert_eq!(up.last(), Some(&first), "{width}x{height}");
        evening.key(KeyCode::End);
        assert_eq!(&evening.screen(), last);
        evening.key(KeyCode::Home);
        assert_eq!(evening.screen(), first);
    }
}

#[test]
fn on_the_stats_page_letters_do_not_leave_and_esc_goes_home() {
    let mut evening = shipped(80, 24);
    let view = stats_view(&evening);
    evening.app.show_stats(view);
    let before = evening.screen();
    evening.keys("xyz");
    assert_eq!(evening.screen(), before, "not \"any key back\" any more");
    evening.key(KeyCode::Down);
    assert_ne!(evening.screen(), before, "↓ scrolls as j does");
    // The mouse wheel scrolls too, where the terminal sends it.
    let (now, wall) = evening.now();
    let wheel = |kind| {
        Event::Mouse(MouseEvent {
            kind,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        })
    };
    evening
        .app
        .handle_event(&wheel(MouseEventKind::ScrollUp), now, wall);
    assert_eq!(evening.screen(), before);
    evening.key(KeyCode::Esc);
    assert!(evening.screen().contains("Tonight · Thu 26 November"));
}

#[test]
fn the_summary_scrolls_and_says_how_many_steps_are_hidden() {
    let mut evening = shipped(40, 12);
    evening.key(KeyCode::Enter);
    for _ in 0..8 {
        evening.keys("s");
    }
    let first = evening.screen();
    assert!(first.contains("done for tonight"), "{first}");
    assert!(first.contains("more below"), "{first}");
    let screens = screens_down(&mut evening, KeyCode::Char('j'));
    let seen: HashSet<String> = screens
        .iter()
        .flat_map(|screen| screen.lines().map(|line| line.trim().to_string()))
        .collect();
    // Every step's line shows at some point, each marked skipped.
    let skipped = seen
        .iter()
        .filter(|line| line.starts_with('–') && line.ends_with("skipped"))
        .count();
    assert_eq!(skipped, 8, "{screens:#?}");
    assert!(
        screens
            .last()
            .is_some_and(|last| last.contains("more above"))
    );
}

#[test]
fn tonight_s_plan_scrolls_on_a_short_home_screen() {
    let mut evening = shipped(40, 12);
    let first = evening.screen();
    assert!(first.contains("more below"), "{first}");
    let screens = screens_down(&mut evening, KeyCode::Down);
    let last = screens.last().expect("a screen");
    assert!(last.contains("Bedding check"), "{last}");
    assert!(last.contains("more above"), "{last}");
}

#[test]
fn the_check_in_keeps_every_leg_at_the_smallest_size() {
    let mut evening = shipped(30, 9);
    evening
        .app
        .ask_checkin(thursday() - chrono::Duration::days(1));
    evening.keys("2");
    // To the leg's line.
    evening.key(KeyCode::Tab).key(KeyCode::Tab);
    let screen = evening.screen();
    for leg in ["left", "right", "both"] {
        assert!(screen.contains(leg), "{leg}\n{screen}");
    }
}

/// Waits until the screen no longer shows `text`.
fn wait_gone(app: &PtyApp, text: &str) {
    let deadline = Instant::now() + PATIENCE;
    while app.contents().contains(text) {
        assert!(
            Instant::now() < deadline,
            "{text:?} stays:\n{}",
            app.contents()
        );
        thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_real_stats_screen_scrolls_in_a_small_terminal() {
    let home = tempfile::tempdir().expect("home");
    let mut app = PtyApp::spawn(&[], home.path(), 40, 12);
    app.wait_for("Enter start", PATIENCE);
    app.send("t");
    app.wait_for("Last 16 weeks", PATIENCE);
    app.wait_for("↓ more", PATIENCE);
    // Down, by arrow and by j, until the insights' end shows.
    app.send("\x1b[B");
    app.wait_for("↑ more", PATIENCE);
    for _ in 0..20 {
        app.send("j");
    }
    wait_gone(&app, "↓ more");
    app.wait_for("Insights", PATIENCE);
    // A page up at a time back to the top.
    for _ in 0..10 {
        app.send("\x1b[5~");
    }
    app.wait_for("Last 16 weeks", PATIENCE);
    wait_gone(&app, "↑ more");
    app.send("\x1b");
    app.wait_for("Enter start", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);
}
