//! Every screen at every size from the smallest the app draws to a large window, with
//! the shipped routines and a routine written in every script: no word is cut (an
//! ellipsis only where the whole word could not fit the line at all) and no number
//! loses its unit.

use crate::support;

use std::collections::HashSet;
use std::time::Duration;

use ratatui::crossterm::event::KeyCode;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use winddown::experiment::Reading;
use winddown::insights::{self, Difference, Estimate, Side, StepInsight};
use winddown::journal::Interrupted;
use winddown::model::NightStatus;
use winddown::model::{Experiment, ExperimentId, SeedSource};
use winddown::routine::{Routine, Step, StepKind, parse};
use winddown::session::{Outcome, Segment, Snapshot, StepResult};
use winddown::stats::{StepRate, Streaks};
use winddown::tui::{App, Following, InsightGroup, Opening, Pacing, StatsView};

use support::evening::{Evening, history, sos_guide, thursday};

const SIZES: [(u16, u16); 5] = [(30, 9), (40, 12), (80, 24), (120, 40), (200, 60)];

/// Windows wide enough for every line whole, whose words are the whole words.
const REFERENCES: [(u16, u16); 2] = [(400, 150), (400, 24)];

/// The routines every screen is drawn with: what ships (the default on a Thursday,
/// its bath night, has eight steps) and one written to break layouts.
fn routines() -> Vec<(&'static str, &'static str, bool)> {
    let shipped = |name| {
        winddown::shipped::find(name)
            .expect("a shipped routine")
            .source
    };
    // (name in snapshot files, source, whether its screens are kept as snapshots)
    vec![
        ("shipped", shipped("leg-cramps"), true),
        ("quick", shipped("quick"), false),
        (
            "scripts",
            include_str!("../routines/valid/every-script.toml"),
            true,
        ),
    ]
}

/// Brings an evening to the screen under test; `false` when the routine has no
/// such screen (no checklist step, say).
type Setup = fn(&mut Evening) -> bool;

/// A screen: its name and how to reach it.
struct Screen {
    name: &'static str,
    setup: Setup,
}

fn screens() -> Vec<Screen> {
    vec![
        Screen {
            name: "home",
            setup: |_| true,
        },
        Screen {
            name: "home_help",
            setup: |e| {
                e.keys("?");
                true
            },
        },
        Screen {
            name: "get_ready",
            setup: |e| {
                start(e);
                first_sided(e) && segment(e, |s| matches!(s, Segment::GetReady { .. }), 1.0)
            },
        },
        Screen {
            name: "hold",
            setup: |e| {
                start(e);
                first_sided(e) && segment(e, |s| matches!(s, Segment::Hold { .. }), 8.0)
            },
        },
        Screen {
            name: "last_seconds",
            setup: |e| {
                start(e);
                first_sided(e)
                    && segment(e, |s| matches!(s, Segment::Hold { .. }), 0.0)
                    && seconds_left(e, 2.5)
            },
        },
        Screen {
            name: "rest",
            setup: |e| {
                start(e);
                first_sided(e) && segment(e, |s| *s == Segment::Rest, 3.0)
            },
        },
        Screen {
            name: "switch_sides",
            setup: |e| {
                start(e);
                first_sided(e) && other_side(e)
            },
        },
        Screen {
            name: "paused",
            setup: |e| {
                start(e);
                let ready =
                    first_sided(e) && segment(e, |s| matches!(s, Segment::Hold { .. }), 4.0);
                e.keys(" ");
                ready
            },
        },
        Screen {
            name: "run_help",
            setup: |e| {
                start(e);
                let ready =
                    first_sided(e) && segment(e, |s| matches!(s, Segment::Hold { .. }), 4.0);
                e.keys("?");
                ready
            },
        },
        Screen {
            name: "first_step",
            setup: |e| {
                start(e);
                true
            },
        },
        Screen {
            name: "checklist",
            setup: |e| {
                start(e);
                step_where(e, |step| !step.checklist.is_empty())
            },
        },
        Screen {
            name: "time_up",
            setup: |e| {
                start(e);
                let found = step_where(e, |step| step.kind() == StepKind::TimedChecklist);
                e.wait(3600.0);
                found
            },
        },
        Screen {
            name: "unticked",
            setup: |e| {
                start(e);
                let found = step_where(e, |step| step.kind() == StepKind::Checklist)
                    || step_where(e, |step| step.kind() == StepKind::TimedChecklist);
                e.wait(3600.0).key(KeyCode::Enter);
                found
            },
        },
        Screen {
            name: "confirm",
            setup: |e| {
                start(e);
                step_where(e, |step| step.kind() == StepKind::Confirm)
            },
        },
        Screen {
            name: "confirm_help",
            setup: |e| {
                start(e);
                let found = step_where(e, |step| step.kind() == StepKind::Confirm);
                e.keys("?");
                found
            },
        },
        Screen {
            name: "quit",
            setup: |e| {
                start(e);
                e.wait(20.0).keys("q");
                true
            },
        },
        Screen {
            name: "summary",
            setup: |e| {
                start(e);
                step_where(e, |_| false);
                true
            },
        },
        Screen {
            name: "run_again",
            setup: |e| {
                start(e);
                step_where(e, |_| false);
                e.key(KeyCode::Enter).key(KeyCode::Enter);
                true
            },
        },
        Screen {
            name: "rest_reason",
            setup: |e| {
                e.keys("rtired");
                true
            },
        },
        Screen {
            name: "resume",
            setup: |e| {
                let interrupted = Interrupted {
                    steps: e.app.steps().to_vec(),
                    snapshot: Snapshot {
                        position: 1,
                        segment: 0,
                        remaining: None,
                        paused: false,
                        checked: Vec::new(),
                        results: std::iter::once(Some(StepResult {
                            outcome: Outcome::Done,
                            active: Duration::from_secs(120),
                            holds: None,
                        }))
                        .chain(std::iter::repeat_n(None, e.app.steps().len() - 1))
                        .collect(),
                        length: None,
                        held: Duration::ZERO,
                        full: Vec::new(),
                    },
                    older: None,
                    step_changed: false,
                };
                e.app.offer_resume(interrupted);
                true
            },
        },
        Screen {
            name: "checkin",
            setup: |e| {
                e.app.ask_checkin(thursday() - chrono::Duration::days(1));
                e.keys("2");
                true
            },
        },
        Screen {
            name: "sos",
            setup: |e| {
                e.keys("!");
                true
            },
        },
        Screen {
            name: "sos_last_step",
            setup: |e| {
                e.keys("!");
                for _ in 0..10 {
                    e.key(KeyCode::Enter);
                }
                true
            },
        },
        Screen {
            name: "sos_help",
            setup: |e| {
                e.keys("!?");
                true
            },
        },
        Screen {
            name: "stats",
            setup: |e| {
                let view = stats_view(e.app.routine());
                e.app.show_stats(view);
                true
            },
        },
        Screen {
            name: "warning",
            setup: |e| {
                start(e);
                e.wait(20.0);
                e.app.routine_changed(Err(
                    "leg-cramps.toml:14:12: error: duration must be a number with s, m or h \
                     (like \"30s\")"
                        .to_string(),
                ));
                true
            },
        },
        Screen {
            name: "experiment_home",
            setup: |e| {
                follow_experiment(e);
                true
            },
        },
        Screen {
            name: "experiment_pick",
            setup: |e| {
                e.keys("xj");
                true
            },
        },
        Screen {
            name: "experiment_offer",
            setup: |e| {
                let drawn = experiment_on_first_nightly_step(e);
                e.app.offer_experiment(drawn);
                true
            },
        },
        Screen {
            name: "removed_step",
            setup: |e| {
                start(e);
                e.wait(20.0);
                // The file saved without the step under way (the first).
                let mut without = e.app.routine().clone();
                let first = e.app.steps()[0].id.clone();
                without.steps.retain(|step| step.id != first);
                e.app.routine_changed(Ok(without));
                true
            },
        },
    ]
}

/// An experiment of the default design drawn from seed 0 on the first step of the
/// routine that runs every night, from last night: tonight is night 2 of pair 1
/// (seed 0's first pair starts "with", so tonight is "with" too).
fn experiment_on_first_nightly_step(e: &Evening) -> Experiment {
    let step = e
        .app
        .routine()
        .steps
        .iter()
        .find(|step| step.days.is_none())
        .expect("a step that runs every night")
        .clone();
    winddown::experiment::draw(
        "leg-cramps",
        &step,
        winddown::experiment::DEFAULT_DESIGN,
        (0, SeedSource::Given),
        thursday() - chrono::Duration::days(1),
        chrono::Utc::now(),
    )
}

/// The app follows that experiment, with last night missing its check-in.
fn follow_experiment(e: &mut Evening) {
    let experiment = experiment_on_first_nightly_step(e);
    let nights = winddown::experiment::review(&experiment, &[], thursday());
    let reading = Reading {
        id: ExperimentId(1),
        experiment,
        tonight: thursday(),
        nights,
    };
    // The builder takes the app by value: a stand-in holds its place meanwhile.
    let stand_in = App::new(
        e.app.routine().clone(),
        thursday(),
        history(),
        None,
        Opening::Home,
        e.now(),
        e.app.area(),
    );
    let app = std::mem::replace(&mut e.app, stand_in);
    e.app = app.with_experiment(Some(Following {
        reading,
        routine: Some(0),
    }));
}

/// The run starts (from the home screen).
fn start(e: &mut Evening) {
    e.key(KeyCode::Enter);
}

/// Skips steps until one that `wanted` picks is under way; `false` if none is.
fn step_where(e: &mut Evening, wanted: fn(&Step) -> bool) -> bool {
    for _ in 0..20 {
        match e.app.session().and_then(|session| session.current_step()) {
            None => return false,
            Some(step) if wanted(step) => return true,
            Some(_) => {
                e.keys("s");
            }
        }
    }
    false
}

/// The first step held on one side and then the other.
fn first_sided(e: &mut Evening) -> bool {
    step_where(e, |step| !step.sides.is_empty())
}

/// Waits until the step under way is in a part `wanted` picks, then `after` seconds more.
fn segment(e: &mut Evening, wanted: fn(&Segment) -> bool, after: f64) -> bool {
    for _ in 0..600 {
        let now = e.now().0;
        let Some(session) = e.app.session() else {
            return false;
        };
        if session.segment().as_ref().is_some_and(wanted) {
            let left = session
                .remaining(now)
                .map_or(0.0, |left| left.as_secs_f64());
            e.wait(after.min(left - 0.5).max(0.0));
            return true;
        }
        e.wait(0.5);
    }
    false
}

/// Waits until `seconds` of the current part are left.
fn seconds_left(e: &mut Evening, seconds: f64) -> bool {
    let now = e.now().0;
    let Some(left) = e.app.session().and_then(|session| session.remaining(now)) else {
        return false;
    };
    e.wait((left.as_secs_f64() - seconds).max(0.0));
    true
}

/// Waits until the holds have moved to the step's other side, then a second more.
fn other_side(e: &mut Evening) -> bool {
    let Some(second) = e
        .app
        .session()
        .and_then(|session| session.current_step())
        .and_then(|step| step.sides.get(1).cloned())
    else {
        return false;
    };
    for _ in 0..2000 {
        let on_second = e.app.session().and_then(|session| session.segment()).is_some_and(
            |segment| matches!(segment, Segment::Hold { side: Some(side), .. } if side == second),
        );
        if on_second {
            e.wait(1.0);
            return true;
        }
        e.wait(0.5);
    }
    false
}

/// A stats screen over sixteen weeks for `routine`: every step with its rate, and
/// insights as the app words them (sample sizes and interval).
fn stats_view(routine: &Routine) -> StatsView {
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
    let steps: Vec<StepRate> = routine
        .steps
        .iter()
        .enumerate()
        .map(|(index, step)| StepRate {
            step_id: step.id.clone(),
            title: step.title.clone(),
            done: 26 - index as u64,
            cut_short: u64::from(index == 0) * 2,
            ended: 30,
        })
        .collect();
    let insight = |step: &Step, estimate| StepInsight {
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
        cut_short: 0,
        estimate,
    };
    let mut heading = Some("Insights over 23 nights with a run and a check-in:".to_string());
    let mut groups = Vec::new();
    for (index, step) in routine.steps.iter().enumerate() {
        let estimate = if index % 2 == 0 {
            Estimate::Difference(Difference {
                difference: -0.8,
                low: -1.5,
                high: -0.1,
            })
        } else {
            Estimate::NeedsMore {
                with: 3,
                without: 5,
            }
        };
        groups.push(InsightGroup {
            lines: heading
                .take()
                .into_iter()
                .chain([insights::describe(&insight(step, estimate))])
                .collect(),
            correlation: true,
        });
    }
    StatsView {
        streaks: Streaks {
            current: 4,
            best: 9,
        },
        calendar,
        steps,
        insights: groups,
    }
}

fn evening(source: &str, screen: &Screen, width: u16, height: u16) -> Option<Evening> {
    let pacing = Pacing {
        lead_in: Duration::from_secs(5),
        countdown: 3,
    };
    let routine = parse(source)
        .expect("the routine parses")
        .with_lead_in(pacing.lead_in);
    let evening = Evening::interrupted(routine, Opening::Home, history(), None, (width, height));
    let app: App = evening.app.with_sos_guide(sos_guide()).with_pacing(pacing);
    let mut evening = Evening { app, ..evening };
    (screen.setup)(&mut evening).then_some(evening)
}

/// Punctuation around words, left out when words are compared.
const AROUND: &str = "()[]\"'.,;:!?—–<>（）「」、。";

/// Splits a screen's row into words, leaving out the drawings (digits, bars, boxes)
/// and the punctuation around words.
fn words_of(row: &str) -> Vec<String> {
    row.split(|c: char| c.is_whitespace() || "│┌┐└┘─━·/▏›".contains(c))
        .map(|word| word.trim_matches(|c: char| AROUND.contains(c)).to_string())
        .filter(|word| word.chars().any(char::is_alphabetic))
        .collect()
}

/// Whether `c` takes two columns (CJK), where a line may break between any two.
fn wide(c: char) -> bool {
    c.width() == Some(2)
}

/// The faults of `screen` against `whole`, the words the same screen shows in a
/// window large enough for everything: words cut with no ellipsis, an ellipsis
/// where the whole word would have fit the line (`room` columns), and numbers
/// whose unit was cut off.
fn faults_of(screen: &str, reference: &str, room: usize) -> Vec<String> {
    let whole: HashSet<String> = words_of(reference).into_iter().collect();
    let rows: Vec<Vec<String>> = screen.lines().map(words_of).collect();
    let mut faults = Vec::new();
    // A date split across two rows: "Mon 11 Jan" above "2027.".
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let inside = |line: &str| {
        line.trim_matches(|c: char| c.is_whitespace() || c == '│')
            .to_string()
    };
    let texts: Vec<String> = screen.lines().map(inside).collect();
    for pair in texts.windows(2) {
        let ends_on_a_month = pair[0]
            .split_whitespace()
            .last()
            .is_some_and(|word| MONTHS.contains(&word));
        let starts_with_a_year = pair[1]
            .split_whitespace()
            .next()
            .is_some_and(|word| word.chars().take(4).filter(char::is_ascii_digit).count() == 4);
        if ends_on_a_month && starts_with_a_year {
            faults.push(format!("a date split: {:?} above {:?}", pair[0], pair[1]));
        }
    }
    // A row that says nothing but that more was cut: a dialog whose text ran past
    // its box, its answers lost under the "…".
    for line in screen.lines() {
        if line.trim_matches(|c: char| c.is_whitespace() || c == '│') == "…" {
            faults.push("a row of nothing but \"…\"".to_string());
        }
    }
    for (r, row) in rows.iter().enumerate() {
        for (i, word) in row.iter().enumerate() {
            if whole.contains(word) {
                continue;
            }
            if let Some(at) = word.find('…') {
                let stem = word[..at].trim_end_matches([',', ';', ':', '.']);
                let fits_whole = whole.iter().any(|full| {
                    full.starts_with(stem) && full.width() <= room && full.as_str() != stem
                });
                let at_a_break = stem.is_empty()
                    || whole.contains(stem)
                    || stem.ends_with('-')
                    || stem.chars().last().is_some_and(wide);
                if !at_a_break && fits_whole {
                    faults.push(format!("\"{word}\" though the whole word fits"));
                }
                continue;
            }
            let first = word.chars().next().is_some_and(wide);
            let last = word.chars().last().is_some_and(wide);
            let next = || rows.get(r + 1).and_then(|next| next.first());
            let before = || r.checked_sub(1).and_then(|up| rows[up].last());
            let cut = whole.iter().any(|full| {
                if let Some(rest) = full.strip_prefix(word.as_str()) {
                    // A line may end after a hyphen, or between two wide characters
                    // when the next row goes on with the rest.
                    let wrapped = i + 1 == row.len()
                        && last
                        && next().is_some_and(|next| {
                            rest.trim_start_matches(|c| AROUND.contains(c))
                                .starts_with(next.trim_end_matches('…'))
                        });
                    return !rest.is_empty() && !word.ends_with('-') && !wrapped;
                }
                if let Some(head) = full.strip_suffix(word.as_str()) {
                    let wrapped = i == 0
                        && first
                        && before().is_some_and(|before| {
                            head.trim_end_matches(|c| AROUND.contains(c))
                                .ends_with(before.as_str())
                        });
                    return !head.is_empty() && !head.ends_with('-') && !wrapped;
                }
                false
            });
            if cut {
                faults.push(format!("\"{word}\" cut"));
            }
        }
    }
    // "· 2" where the whole screen says "· 2 min" (and the next row does not go on with it).
    let lines: Vec<&str> = screen.lines().map(str::trim).collect();
    for (r, row) in lines.iter().copied().enumerate() {
        let Some(last) = row.split_whitespace().last() else {
            continue;
        };
        if !last.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let next = lines.get(r + 1).copied().unwrap_or_default();
        let unit_follows = reference.lines().any(|line| {
            line.find(row).is_some_and(|at| {
                let after = &line[at + row.len()..];
                let unit = after
                    .get(1..)
                    .and_then(|rest| rest.split_whitespace().next());
                after.starts_with(' ')
                    && unit.is_some_and(|unit| {
                        unit.starts_with(char::is_alphabetic) && !next.starts_with(unit)
                    })
            })
        });
        let ends_so = reference.lines().any(|line| line.trim_end().ends_with(row));
        if unit_follows && !ends_so {
            faults.push(format!("\"{row}\" lost its unit"));
        }
    }
    faults
}

#[test]
fn no_word_is_cut_at_any_size() {
    let mut faults = Vec::new();
    for (routine, source, snapshots) in routines() {
        for screen in screens() {
            // Wide enough for every line whole: tall, and short enough that nothing
            // is drawn in big glyphs instead of words.
            let mut reference = String::new();
            for (width, height) in REFERENCES {
                let Some(large) = evening(source, &screen, width, height) else {
                    continue;
                };
                let shown = large.screen();
                // The short one may end a list with "…" to say it goes on.
                if height > 100 && shown.contains('…') {
                    faults.push(format!(
                        "{routine} {} at {width}x{height}: cut short with room for everything",
                        screen.name
                    ));
                }
                reference.push_str(&shown);
            }
            if reference.is_empty() {
                continue;
            }
            for (width, height) in SIZES {
                let Some(evening) = evening(source, &screen, width, height) else {
                    continue;
                };
                let shown = evening.screen();
                if snapshots {
                    insta::assert_snapshot!(
                        format!("{routine}_{}_{width}x{height}", screen.name),
                        shown
                    );
                }
                let room = usize::from(width.saturating_sub(2));
                for fault in faults_of(&shown, &reference, room) {
                    faults.push(format!(
                        "{routine} {} at {width}x{height}: {fault}",
                        screen.name
                    ));
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

/// A narrow experiment offer names the routine on a row of its own, as it gives
/// each date one, rather than break the name at its hyphen ("Leg-" above
/// "cramp wind-down:") after the step's title.
#[test]
fn a_narrow_experiment_offer_keeps_the_routine_s_name_whole() {
    let offer = screens()
        .into_iter()
        .find(|screen| screen.name == "experiment_offer")
        .expect("the offer screen");
    let source = winddown::shipped::find("leg-cramps")
        .expect("the shipped routine")
        .source;
    for (width, height) in [(30, 9), (40, 12)] {
        let shown = evening(source, &offer, width, height)
            .expect("the offer opens")
            .screen();
        assert!(
            shown
                .lines()
                .any(|row| row.contains("Leg-cramp wind-down:")),
            "at {width}x{height}:\n{shown}"
        );
    }
}

/// What the footer of `screen` must offer, as the words beside the keys: the
/// screen's main action, a way out or to close, and help; under a question, the
/// question's own answers.
fn footer_words(screen: &str, evening: &Evening) -> Vec<&'static str> {
    let run = |evening: &Evening| -> Vec<&'static str> {
        let Some(session) = evening.app.session() else {
            return vec![];
        };
        let (now, _) = evening.now();
        let main = match session.current_step().map(Step::kind) {
            None => "close",
            Some(StepKind::Confirm) => "done",
            Some(StepKind::Checklist | StepKind::TimedChecklist) => "tick",
            Some(StepKind::Timed) if session.is_paused() => "go on",
            Some(StepKind::Timed) if session.remaining(now).is_some() => "pause",
            Some(StepKind::Timed) => "finish",
        };
        vec![main, "help", "quit"]
    };
    match screen {
        "home" | "experiment_home" => vec!["start", "help", "quit"],
        "experiment_pick" => vec!["pick", "back", "help"],
        // Its answers are inside its box, which takes the whole of a small window.
        "experiment_offer" => vec![],
        "home_help" | "run_help" | "confirm_help" | "sos_help" => vec!["close"],
        "quit" => vec!["quit", "keep going"],
        "unticked" => vec!["done anyway", "back"],
        "run_again" => vec!["run it again", "stay"],
        "rest_reason" => vec!["save", "cancel"],
        "resume" => vec!["resume", "home"],
        "checkin" => vec!["save", "later", "help"],
        "sos" => vec!["next", "passed", "help"],
        "sos_last_step" => vec!["passed", "help"],
        "stats" => vec!["home", "help"],
        _ => run(evening),
    }
}

/// Words of a footer that are keys typed as text while a reason is typed.
const TYPED_AS_TEXT: [&str; 5] = ["rest night", "stats", "help", "quit", "cramp"];

#[test]
fn every_footer_offers_the_main_action_a_way_out_and_help_at_every_size() {
    let mut faults = Vec::new();
    for (routine, source, _) in routines() {
        for screen in screens() {
            for (width, height) in SIZES {
                let Some(evening) = evening(source, &screen, width, height) else {
                    continue;
                };
                let shown = evening.screen();
                let footer = shown.lines().last().unwrap_or_default().to_string();
                // "⏎ start" says "start" as "Enter start" does.
                for word in footer_words(screen.name, &evening) {
                    if !footer.contains(word) {
                        faults.push(format!(
                            "{routine} {} at {width}x{height}: no \"{word}\" in {footer:?}",
                            screen.name
                        ));
                    }
                }
                if footer.contains('…') {
                    faults.push(format!(
                        "{routine} {} at {width}x{height}: a cut footer {footer:?}",
                        screen.name
                    ));
                }
                if screen.name == "rest_reason" || screen.name == "quit" {
                    for word in TYPED_AS_TEXT.iter().chain(&["pause"]) {
                        if footer.contains(word)
                            && !footer_words(screen.name, &evening).contains(word)
                        {
                            faults.push(format!(
                                "{routine} {} at {width}x{height}: {word:?} offered under the question: {footer:?}",
                                screen.name
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

#[test]
fn the_word_check_finds_every_kind_of_cut() {
    let reference = "Standing calf stretch in November\n\
                     Gastrocnemius-and-soleus-complex stretch\n\
                     ふくらはぎのストレッチ\n\
                     Next: A short, easy walk · 2 min";
    let faults = |screen: &str| faults_of(screen, reference, 38);
    // Cut with no ellipsis.
    assert_eq!(faults("Standing calf stret"), ["\"stret\" cut"]);
    assert_eq!(faults("Thu 26 Novem"), ["\"Novem\" cut"]);
    assert_eq!(faults("ふくらはぎのスト"), ["\"ふくらはぎのスト\" cut"]);
    // An ellipsis inside a word that would have fit whole.
    assert_eq!(
        faults("Standing ca…"),
        ["\"ca…\" though the whole word fits"]
    );
    // A number that lost its unit.
    assert_eq!(
        faults("Next: A short, easy walk · 2"),
        ["\"Next: A short, easy walk · 2\" lost its unit"]
    );
    // A number wrapped onto its own row, its unit starting the next.
    assert!(faults("Next: A short, easy walk · 2\nmin").is_empty());
    // Whole words, an ellipsis after one, breaks after a hyphen or between wide
    // characters where the next row goes on.
    assert!(faults("Standing calf…").is_empty());
    assert!(faults("Standing calf stretch").is_empty());
    assert!(faults("Gastrocnemius-and-\nsoleus-complex stretch").is_empty());
    assert!(faults("Gastrocnemius-and-soleus-…").is_empty());
    assert!(faults("ふくらはぎの\nストレッチ").is_empty());
    assert!(faults("ふくらはぎの…").is_empty());
    // A word too long for the line may be cut with an ellipsis.
    assert!(faults_of("Gastrocnemius-an…", reference, 20).is_empty());
    assert_eq!(
        faults_of("Gastrocnemi…", reference, 40),
        ["\"Gastrocnemi…\" though the whole word fits"]
    );
}

#[test]
fn no_size_panics_on_any_screen() {
    for (_, source, _) in routines() {
        for screen in screens() {
            for (width, height) in [(1, 1), (10, 3), (0, 0), (29, 8), (31, 10)] {
                if let Some(mut evening) = evening(source, &screen, width, height) {
                    evening.screen();
                    evening.wait(7.0).screen();
                }
            }
        }
    }
}

/// Prints one screen, for reading:
/// `SHOW=scripts:hold:40x12 cargo test --test screen_sizes print_one -- --nocapture`.
#[test]
fn print_one_screen() {
    let Ok(wanted) = std::env::var("SHOW") else {
        return;
    };
    for (routine, source, _) in routines() {
        for screen in screens() {
            for (width, height) in SIZES.iter().copied().chain([(400, 150), (100, 30)]) {
                if wanted == format!("{routine}:{}:{width}x{height}", screen.name)
                    && let Some(evening) = evening(source, &screen, width, height)
                {
                    println!("{}", evening.screen());
                }
            }
        }
    }
}
