//! Every screen at every size from the smallest the app draws to a large window:
//! no word is cut without an ellipsis, and every screen shows its way out.

use crate::support;

use std::collections::HashSet;

use ratatui::crossterm::event::KeyCode;

use winddown::model::NightStatus;
use winddown::stats::{StepRate, Streaks};
use winddown::tui::{Opening, StatsView};

use support::evening::{Evening, ROUTINE, history, sos_guide, thursday};
use winddown::routine::parse;

const SIZES: [(u16, u16); 5] = [(30, 9), (40, 12), (80, 24), (120, 40), (200, 60)];

/// Brings an evening to the screen under test.
type Setup = fn(&mut Evening);

/// A screen: its name, how to reach it, and the hints it must always show.
struct Screen {
    name: &'static str,
    setup: Setup,
    must_show: &'static [&'static str],
}

/// Where the cramp SOS can open from, the way out, and help.
const EVERYDAY: &[&str] = &["q quit", "? help", "! cramp"];

/// Cramp SOS's way back, and its help.
const SOS: &[&str] = &["Esc it has passed", "? help"];

fn screens() -> Vec<Screen> {
    vec![
        Screen {
            name: "home",
            setup: |_| {},
            must_show: EVERYDAY,
        },
        Screen {
            name: "home_help",
            setup: |e| {
                e.keys("?");
            },
            must_show: &["Esc close"],
        },
        Screen {
            name: "run",
            setup: |e| {
                e.keys("n").wait(170.0);
            },
            must_show: EVERYDAY,
        },
        Screen {
            name: "rest",
            setup: |e| {
                e.keys("n").wait(155.0);
            },
            must_show: EVERYDAY,
        },
        Screen {
            name: "run_help",
            setup: |e| {
                e.keys("n").wait(170.0).keys("?");
            },
            must_show: &["Esc close"],
        },
        Screen {
            name: "checklist",
            setup: |e| {
                e.keys("nss");
            },
            must_show: EVERYDAY,
        },
        Screen {
            name: "confirm",
            setup: |e| {
                e.keys("nsss");
            },
            must_show: EVERYDAY,
        },
        Screen {
            name: "quit",
            setup: |e| {
                e.keys("n").wait(20.0).keys("q");
            },
            must_show: &["y quit"],
        },
        Screen {
            name: "summary",
            setup: |e| {
                e.keys("nssss");
            },
            must_show: EVERYDAY,
        },
        Screen {
            name: "rest_reason",
            setup: |e| {
                e.keys("rtired");
            },
            must_show: &["Esc cancel"],
        },
        Screen {
            name: "checkin",
            setup: |e| {
                e.app.ask_checkin(thursday() - chrono::Duration::days(1));
                e.keys("2");
            },
            must_show: &["Esc later"],
        },
        Screen {
            name: "sos",
            setup: |e| {
                e.keys("!");
            },
            must_show: SOS,
        },
        Screen {
            name: "sos_last_step",
            setup: |e| {
                e.keys("!");
                for _ in 0..10 {
                    e.key(KeyCode::Enter);
                }
            },
            must_show: SOS,
        },
        Screen {
            name: "sos_help",
            setup: |e| {
                e.keys("!?");
            },
            must_show: &["Esc close"],
        },
        Screen {
            name: "stats",
            setup: |e| e.app.show_stats(stats_view()),
            must_show: EVERYDAY,
        },
        Screen {
            name: "warning",
            setup: |e| {
                e.keys("n").wait(20.0);
                e.app.routine_changed(Err(
                    "leg-cramps.toml:14:12: error: duration must be a number with s, m or h \
                     (like \"30s\")"
                        .to_string(),
                ));
            },
            must_show: EVERYDAY,
        },
        Screen {
            name: "removed_step",
            setup: |e| {
                e.keys("n").wait(20.0);
                // The file saved without the step under way (the first).
                let first = ROUTINE.find("[[step]]").expect("a step");
                let second = first + 1 + ROUTINE[first + 1..].find("[[step]]").expect("another");
                let without = format!("{}{}", &ROUTINE[..first], &ROUTINE[second..]);
                e.app
                    .routine_changed(Ok(parse(&without).expect("the saved routine parses")));
            },
            must_show: &["q quit", "? help", "! cramp", "finish or skip"],
        },
    ]
}

fn stats_view() -> StatsView {
    let night = thursday();
    let calendar = (0..winddown::tui::CALENDAR_NIGHTS)
        .rev()
        .map(|back| {
            let day = night - chrono::Duration::days(back);
            let status = match back {
                0 => Some(NightStatus::NotYet),
                40.. => None,
                b if b % 9 == 4 => Some(NightStatus::Missed),
                _ => Some(NightStatus::Completed),
            };
            let cramps = (1..30).contains(&back).then_some((back % 5) as u8 % 4);
            (day, status, cramps)
        })
        .collect();
    StatsView {
        streaks: Streaks {
            current: 4,
            best: 9,
        },
        calendar,
        steps: vec![StepRate {
            step_id: "calf".into(),
            title: "Standing calf stretch".into(),
            done: 26,
            ended: 30,
        }],
        insights: Vec::new(),
    }
}

fn evening(screen: &Screen, width: u16, height: u16) -> Evening {
    let evening = Evening::opening(Opening::Home, history(), None, width, height);
    let mut evening = Evening {
        app: evening.app.with_sos_guide(sos_guide()),
        ..evening
    };
    (screen.setup)(&mut evening);
    evening
}

/// The words of a screen, without the drawings (digits, bars, the night strip) and
/// the punctuation around words.
fn words(screen: &str) -> Vec<String> {
    screen
        .split(|c: char| c.is_whitespace() || "│┌┐└┘─·/".contains(c))
        .map(|word| {
            word.trim_matches(|c: char| "()[]\"'.,;:!?—–›<>".contains(c))
                .to_string()
        })
        .filter(|word| word.chars().any(char::is_alphabetic))
        .collect()
}

/// Words on `screen` that are only part of a word the same screen shows whole in a
/// window large enough for everything, with no ellipsis to say so.
fn cut_words(screen: &str, whole: &HashSet<String>) -> Vec<String> {
    words(screen)
        .into_iter()
        .filter(|word| !word.contains('…') && !whole.contains(word))
        .filter(|word| {
            whole.iter().any(|full| {
                full.len() > word.len()
                    && (full.starts_with(word.as_str()) || full.ends_with(word.as_str()))
            })
        })
        .collect()
}

#[test]
fn no_word_is_cut_and_every_screen_shows_its_way_out() {
    let mut faults = Vec::new();
    for screen in screens() {
        let reference: HashSet<String> = words(&evening(&screen, 400, 150).screen())
            .into_iter()
            .collect();
        for (width, height) in SIZES {
            let shown = evening(&screen, width, height).screen();
            insta::assert_snapshot!(format!("{}_{width}x{height}", screen.name), shown);
            let cut = cut_words(&shown, &reference);
            if !cut.is_empty() {
                faults.push(format!("{} at {width}x{height}: cut {cut:?}", screen.name));
            }
            for hint in screen.must_show {
                if !shown.contains(hint) {
                    faults.push(format!(
                        "{} at {width}x{height}: no \"{hint}\"",
                        screen.name
                    ));
                }
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn the_word_check_finds_a_cut_word() {
    let whole: HashSet<String> = words("Standing calf stretch in November")
        .into_iter()
        .collect();
    assert_eq!(cut_words("Standing calf stret", &whole), ["stret"]);
    assert_eq!(cut_words("Thu 26 Nove", &whole), ["Nove"]);
    assert!(cut_words("Standing calf…", &whole).is_empty());
    assert!(cut_words("Standing calf stretch", &whole).is_empty());
}

#[test]
fn no_size_panics_on_any_screen() {
    for screen in screens() {
        for (width, height) in [(1, 1), (10, 3), (0, 0), (29, 8), (31, 10)] {
            let mut evening = evening(&screen, width, height);
            evening.screen();
            evening.wait(7.0).screen();
        }
    }
}
