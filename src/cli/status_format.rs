//! `winddown status --format '…'`: the status line in the user's own words,
//! for a tmux status bar or a shell prompt.

use chrono::NaiveDateTime;

use super::status::Status;

/// Every placeholder `--format` knows, with what it stands for (shown in `--help`);
/// `--json` holds each under its name.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    (
        "icon",
        "🌙 not started, ▶ running, ⏸ stopped, ✓ done, ◐ partial, ✗ abandoned, 💤 rest night",
    ),
    (
        "summary",
        "\"start by 22:01\" before a run, \"3/7\" during and after, \"stopped at step 2 of 7\", \"rest night\"",
    ),
    (
        "state",
        "not started, running, stopped, done, partial, abandoned or rest",
    ),
    ("done", "steps done tonight (0 before a run)"),
    (
        "total",
        "steps tonight: the run's, or the default routine's before one",
    ),
    (
        "step",
        "the step a running or stopped run is at, counted from 1 (empty otherwise)",
    ),
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

/// Fill `template`'s placeholders; `{{` and `}}` stand for braces. An unknown
/// or unclosed placeholder is an error naming it.
pub fn fill(template: &str, status: &Status) -> Result<String, String> {
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
        out.push_str(&value(name, status).ok_or_else(|| {
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

/// What placeholder `name` stands for now; `None` for a name `--format` does not know.
pub fn value(name: &str, status: &Status) -> Option<String> {
    let clock = |moment: Option<NaiveDateTime>| {
        moment.map_or_else(String::new, |moment| moment.format("%H:%M").to_string())
    };
    Some(match name {
        "icon" => status.state.icon().to_string(),
        "state" => status.state.word().to_string(),
        "summary" => status.summary(),
        "done" => status.done.to_string(),
        "total" => status.total.to_string(),
        "step" => status
            .step
            .map_or_else(String::new, |step| step.to_string()),
        "start_by" => clock(status.start_by),
        "bedtime" => clock(status.bedtime),
        "streak" => status.streak.to_string(),
        "best" => status.best.to_string(),
        _ => return None,
    })
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

    use super::super::status::State;
    use super::*;

    fn status(state: State, done: usize, total: usize) -> Status {
        let at = |hour, minute| {
            NaiveDate::from_ymd_opt(2026, 11, 30).and_then(|day| day.and_hms_opt(hour, minute, 0))
        };
        Status {
            night: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
            state,
            done,
            total,
            step: None,
            rest_reason: None,
            start_by: at(22, 1),
            bedtime: at(22, 30),
            streak: 12,
            best: 30,
        }
    }

    #[test]
    fn the_evening_and_the_done_night_read_as_the_readme_shows() {
        let template = "{icon} {summary}";
        assert_eq!(
            fill(template, &status(State::NotStarted, 0, 7)),
            Ok("🌙 start by 22:01".to_string())
        );
        assert_eq!(
            fill(template, &status(State::Done, 7, 7)),
            Ok("✓ 7/7".to_string())
        );
        assert_eq!(
            fill(template, &status(State::Rest, 0, 7)),
            Ok("💤 rest night".to_string())
        );
        let stopped = Status {
            step: Some(2),
            ..status(State::Stopped, 1, 7)
        };
        assert_eq!(
            fill(template, &stopped),
            Ok("⏸ stopped at step 2 of 7".to_string())
        );
    }

    #[test]
    fn every_placeholder_has_a_value() {
        let filled = fill(
            "{state}|{done}|{total}|{start_by}|{bedtime}|{streak}|{best}",
            &status(State::Running, 3, 8),
        );
        assert_eq!(filled, Ok("running|3|8|22:01|22:30|12|30".to_string()));
        let without_bedtime = Status {
            start_by: None,
            bedtime: None,
            ..status(State::NotStarted, 0, 7)
        };
        assert_eq!(
            fill("{summary}|{start_by}|{total}|{step}", &without_bedtime),
            Ok("not started||7|".to_string())
        );
        for (name, _) in PLACEHOLDERS {
            let filled = fill(&format!("{{{name}}}"), &status(State::Running, 1, 2));
            assert!(filled.is_ok(), "{name}: {filled:?}");
        }
    }

    #[test]
    fn braces_and_mistakes() {
        let night = status(State::NotStarted, 0, 7);
        assert_eq!(fill("{{x}} {streak}", &night), Ok("{x} 12".to_string()));
        let unknown = fill("{icon} {strek}", &night).expect_err("unknown");
        assert!(
            unknown.starts_with("unknown placeholder {strek} in --format; known: {icon}"),
            "{unknown}"
        );
        assert!(
            fill("{icon", &night)
                .expect_err("unclosed")
                .contains("unclosed {")
        );
        assert!(fill("icon}", &night).expect_err("lone").contains("lone }"));
    }
}
