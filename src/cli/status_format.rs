//! `winddown status --format '…'`: the status line in the user's own words,
//! for a tmux status bar or a shell prompt.

use chrono::{NaiveDate, NaiveDateTime};

use super::status::{Status, Tonight};
use crate::paths::Paths;
use crate::routines;

/// Every placeholder `--format` knows, with what it stands for (shown in `--help`).
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    (
        "icon",
        "🌙 not started, ▶ running, ✓ done, ◐ partial, ✗ abandoned, 💤 rest night",
    ),
    (
        "summary",
        "\"start by 22:01\" before a run, \"3/7\" during and after, \"rest night\"",
    ),
    (
        "state",
        "not started, running, done, partial, abandoned or rest",
    ),
    ("done", "steps done tonight"),
    ("total", "steps scheduled tonight"),
    (
        "start_by",
        "the latest start to be in bed at bedtime, e.g. 22:01 (empty without a bedtime)",
    ),
    (
        "bedtime",
        "the routine's bedtime, e.g. 22:30 (empty without one)",
    ),
    ("streak", "nights in a row the routine was done"),
    ("best", "the best streak"),
];

/// The default routine's plan for tonight, for nights without a run yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// Steps scheduled tonight.
    pub steps: usize,
    /// The latest start to be in bed at bedtime.
    pub start_by: Option<NaiveDateTime>,
    /// Bedtime, as a moment.
    pub bedtime: Option<NaiveDateTime>,
}

/// Tonight's plan of the routine named `routine`; an unreadable routine plans nothing.
pub fn plan(paths: &Paths, routine: &str, night: NaiveDate) -> Plan {
    let routine = routines::find(routine, paths).and_then(|source| routines::load(&source));
    match routine {
        Ok(routine) => Plan {
            steps: routine.tonight(night).len(),
            start_by: routine.start_by(night),
            bedtime: routine.bedtime_on(night),
        },
        Err(_) => Plan {
            steps: 0,
            start_by: None,
            bedtime: None,
        },
    }
}

/// Fill `template`'s placeholders; `{{` and `}}` stand for braces. An unknown
/// or unclosed placeholder is an error naming it.
pub fn fill(template: &str, status: &Status, plan: &Plan) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
            out.push_str(&tail[..1]);
            rest = after;
            continue;
        }
        if tail.starts_with('}') {
            return Err(format!(
                "a lone }} in --format \"{template}\" (write }}}} for a brace)"
            ));
        }
        let Some(end) = tail.find('}') else {
            return Err(format!(
                "an unclosed {{ in --format \"{template}\" (write {{{{ for a brace)"
            ));
        };
        let name = &tail[1..end];
        out.push_str(&value(name, status, plan).ok_or_else(|| {
            let known: Vec<String> = PLACEHOLDERS
                .iter()
                .map(|(name, _)| format!("{{{name}}}"))
                .collect();
            format!(
                "unknown placeholder {{{name}}} in --format; known: {}",
                known.join(" ")
            )
        })?);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn value(name: &str, status: &Status, plan: &Plan) -> Option<String> {
    let clock = |moment: Option<NaiveDateTime>| {
        moment.map_or_else(String::new, |moment| moment.format("%H:%M").to_string())
    };
    let done = status.done.unwrap_or(0);
    let total = status.steps.unwrap_or(plan.steps);
    Some(match name {
        "icon" => icon(status.tonight).to_string(),
        "state" => state(status.tonight).to_string(),
        "summary" => match status.tonight {
            Tonight::NotStarted => match plan.start_by {
                Some(start_by) => format!("start by {}", clock(Some(start_by))),
                None => "not started".to_string(),
            },
            Tonight::Rest => "rest night".to_string(),
            Tonight::Abandoned => format!("abandoned {done}/{total}"),
            Tonight::Running | Tonight::Completed | Tonight::Partial => format!("{done}/{total}"),
        },
        "done" => done.to_string(),
        "total" => total.to_string(),
        "start_by" => clock(plan.start_by),
        "bedtime" => clock(plan.bedtime),
        "streak" => status.streak.to_string(),
        "best" => status.best_streak.to_string(),
        _ => return None,
    })
}

fn icon(tonight: Tonight) -> &'static str {
    match tonight {
        Tonight::NotStarted => "🌙",
        Tonight::Running => "▶",
        Tonight::Completed => "✓",
        Tonight::Partial => "◐",
        Tonight::Abandoned => "✗",
        Tonight::Rest => "💤",
    }
}

fn state(tonight: Tonight) -> &'static str {
    match tonight {
        Tonight::NotStarted => "not started",
        Tonight::Running => "running",
        Tonight::Completed => "done",
        Tonight::Partial => "partial",
        Tonight::Abandoned => "abandoned",
        Tonight::Rest => "rest",
    }
}

/// The `--format` help: each placeholder and its meaning, one a line.
pub fn help() -> String {
    let lines: Vec<String> = PLACEHOLDERS
        .iter()
        .map(|(name, meaning)| format!("  {:<11} {meaning}", format!("{{{name}}}")))
        .collect();
    format!("Placeholders:\n{}", lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn status(tonight: Tonight, done: Option<usize>, steps: Option<usize>) -> Status {
        Status {
            night: "2026-11-30".to_string(),
            tonight,
            done,
            steps,
            rest_reason: None,
            streak: 12,
            best_streak: 30,
        }
    }

    fn plan() -> Plan {
        let at = |hour, minute| {
            NaiveDate::from_ymd_opt(2026, 11, 30).and_then(|day| day.and_hms_opt(hour, minute, 0))
        };
        Plan {
            steps: 7,
            start_by: at(22, 1),
            bedtime: at(22, 30),
        }
    }

    #[test]
    fn the_evening_and_the_done_night_read_as_the_readme_shows() {
        let template = "{icon} {summary}";
        assert_eq!(
            fill(template, &status(Tonight::NotStarted, None, None), &plan()),
            Ok("🌙 start by 22:01".to_string())
        );
        assert_eq!(
            fill(
                template,
                &status(Tonight::Completed, Some(7), Some(7)),
                &plan()
            ),
            Ok("✓ 7/7".to_string())
        );
        assert_eq!(
            fill(template, &status(Tonight::Rest, None, None), &plan()),
            Ok("💤 rest night".to_string())
        );
    }

    #[test]
    fn every_placeholder_has_a_value() {
        let filled = fill(
            "{state}|{done}|{total}|{start_by}|{bedtime}|{streak}|{best}",
            &status(Tonight::Running, Some(3), Some(8)),
            &plan(),
        );
        assert_eq!(filled, Ok("running|3|8|22:01|22:30|12|30".to_string()));
        let without_bedtime = Plan {
            start_by: None,
            bedtime: None,
            ..plan()
        };
        assert_eq!(
            fill(
                "{summary}|{start_by}|{total}",
                &status(Tonight::NotStarted, None, None),
                &without_bedtime
            ),
            Ok("not started||7".to_string())
        );
        for (name, _) in PLACEHOLDERS {
            let filled = fill(
                &format!("{{{name}}}"),
                &status(Tonight::Running, Some(1), Some(2)),
                &plan(),
            );
            assert!(filled.is_ok(), "{name}: {filled:?}");
        }
    }

    #[test]
    fn braces_and_mistakes() {
        let night = status(Tonight::NotStarted, None, None);
        assert_eq!(
            fill("{{x}} {streak}", &night, &plan()),
            Ok("{x} 12".to_string())
        );
        let unknown = fill("{icon} {strek}", &night, &plan()).expect_err("unknown");
        assert!(
            unknown.starts_with("unknown placeholder {strek} in --format; known: {icon}"),
            "{unknown}"
        );
        assert!(
            fill("{icon", &night, &plan())
                .expect_err("unclosed")
                .contains("unclosed {")
        );
        assert!(
            fill("icon}", &night, &plan())
                .expect_err("lone")
                .contains("lone }")
        );
    }
}
