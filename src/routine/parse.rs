//! From TOML text to a validated routine, collecting every error.

use std::time::Duration;

use chrono::NaiveTime;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::{Located, Reader};
use super::schedule::parse_weekday;
use super::{Diagnostic, MAX_LEAD_IN, Routine, Step};

pub(crate) const ROUTINE_KEYS: &[&str] = &["name", "about", "bedtime", "step"];
pub(crate) const STEP_KEYS: &[&str] = &[
    "title",
    "id",
    "duration",
    "sides",
    "sets",
    "rest",
    "checklist",
    "days",
    "optional",
    "instructions",
    "why",
    "lead_in",
    "picture",
];
/// More sets than this is a typo, not a routine.
const MAX_SETS: i64 = 20;

/// Parse and validate a routine file's text; on failure, every error found, in file order.
pub fn parse(source: &str) -> Result<Routine, Vec<Diagnostic>> {
    read_document(source, read_routine)
}

/// Parse TOML and hand the document to `read`; syntax errors stop before `read`,
/// since checking fields of a half-read document would report phantom mistakes.
pub(super) fn read_document<T>(
    source: &str,
    read: impl FnOnce(&mut Reader, &DeTable<'_>) -> Option<T>,
) -> Result<T, Vec<Diagnostic>> {
    let (document, syntax_errors) = DeTable::parse_recoverable(source);
    if !syntax_errors.is_empty() {
        let mut diagnostics: Vec<Diagnostic> = syntax_errors
            .iter()
            .map(|err| {
                let span = err.span().unwrap_or(0..0);
                Diagnostic::new(span, format!("invalid TOML: {}", err.message().trim()))
            })
            .collect();
        sort(&mut diagnostics);
        return Err(diagnostics);
    }
    let mut reader = Reader {
        source: source.to_string(),
        ..Reader::default()
    };
    let value = read(&mut reader, document.get_ref());
    let mut diagnostics = reader.diagnostics;
    match value {
        Some(value) if diagnostics.is_empty() => Ok(value),
        _ => {
            sort(&mut diagnostics);
            Err(diagnostics)
        }
    }
}

fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|diagnostic| (diagnostic.span.start, diagnostic.span.end));
}

fn read_routine(reader: &mut Reader, table: &DeTable<'_>) -> Option<Routine> {
    reader.unknown_keys(table, ROUTINE_KEYS, "at the top of a routine");
    let name = reader.string(table, "name", true);
    if table.get("name").is_none() {
        reader.error(
            0..0,
            "missing \"name\": every routine needs a name, e.g. name = \"Evening stretches\"",
        );
    }
    let about = reader.string(table, "about", false);
    let bedtime = read_bedtime(reader, table);
    let steps = read_steps(reader, table);
    Some(Routine {
        name: name?.0.trim().to_string(),
        about: about.map(|(text, _)| text),
        bedtime,
        steps: steps?,
    })
}

fn read_bedtime(reader: &mut Reader, table: &DeTable<'_>) -> Option<NaiveTime> {
    let (text, span) = reader.string(table, "bedtime", false)?;
    let valid_shape = text.len() == 5 && text.as_bytes()[2] == b':';
    match NaiveTime::parse_from_str(&text, "%H:%M") {
        Ok(time) if valid_shape => Some(time),
        _ => {
            reader.error(
                span,
                format!("bedtime \"{text}\" is not a time like \"22:30\" (24-hour HH:MM)"),
            );
            None
        }
    }
}

fn read_steps(reader: &mut Reader, table: &DeTable<'_>) -> Option<Vec<Step>> {
    let Some(value) = table.get("step") else {
        reader.error(0..0, "a routine needs at least one [[step]]");
        return None;
    };
    let items = match value.get_ref() {
        DeValue::Array(items) if items.is_empty() => {
            reader.error(value.span(), "a routine needs at least one [[step]]");
            return None;
        }
        DeValue::Array(items) => items,
        DeValue::Table(_) => {
            reader.error(
                value.span(),
                "use [[step]] (double brackets) for each step, not [step]",
            );
            return None;
        }
        _ => {
            reader.error(value.span(), "\"step\" must be a list of [[step]] tables");
            return None;
        }
    };
    let mut steps = Vec::new();
    let mut ids: Vec<(String, usize)> = Vec::new();
    let mut all_valid = true;
    for (index, item) in items.iter().enumerate() {
        match read_step(reader, item, index, &mut ids) {
            Some(step) => steps.push(step),
            None => all_valid = false,
        }
    }
    all_valid.then_some(steps)
}

/// "standing-calf-stretch" from "Standing calf stretch": lowercase ASCII words joined by dashes.
pub fn slug(title: &str) -> String {
    title
        .split(|ch: char| !ch.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

fn is_slug(id: &str) -> bool {
    !id.is_empty() && slug(id) == id
}

fn read_step(
    reader: &mut Reader,
    item: &Spanned<DeValue<'_>>,
    index: usize,
    ids: &mut Vec<(String, usize)>,
) -> Option<Step> {
    let DeValue::Table(table) = item.get_ref() else {
        reader.error(
            item.span(),
            "each step must be a table: start it with [[step]]",
        );
        return None;
    };
    let header = item.span();
    reader.unknown_keys(table, STEP_KEYS, "in a step");
    let title = reader.string(table, "title", true);
    if table.get("title").is_none() {
        reader.error(header, format!("step {} has no \"title\"", index + 1));
    }
    let id = read_id(reader, table, title.as_ref(), index, ids);
    let duration = reader.duration(table, "duration");
    let sides = reader.string_list(table, "sides");
    let sets = reader.integer(table, "sets", 1..=MAX_SETS);
    let rest = reader.duration(table, "rest");
    let checklist = reader.string_list(table, "checklist");
    let days = read_days(reader, table);
    let optional = reader.boolean(table, "optional");
    let instructions = reader.multi_line(table, "instructions");
    let why = reader.multi_line(table, "why");
    let lead_in = reader.duration_within(table, "lead_in", Duration::ZERO..=MAX_LEAD_IN);
    let picture = reader.picture(table);
    if table.get("duration").is_none() {
        for key in ["sides", "sets", "rest", "lead_in"] {
            if let Some((name, _)) = table.iter().find(|(name, _)| name.get_ref() == key) {
                reader.error(
                    name.span(),
                    format!("\"{key}\" only applies to a timed step: add a duration"),
                );
            }
        }
    }
    let plain = |located: Option<Located<Vec<Located<String>>>>| {
        located.map(|(items, _)| items.into_iter().map(|(text, _)| text).collect())
    };
    Some(Step {
        id: id?,
        title: title?.0.trim().to_string(),
        duration: duration.map(|(duration, _)| duration),
        sides: plain(sides).unwrap_or_default(),
        sets: sets.map_or(1, |(sets, _)| sets as u32),
        rest: rest.map(|(rest, _)| rest),
        checklist: plain(checklist).unwrap_or_default(),
        days,
        optional: optional.unwrap_or(false),
        instructions: instructions.map(|(text, _)| text.trim().to_string()),
        why: why.map(|(text, _)| text.trim().to_string()),
        lead_in: lead_in.map(|(lead_in, _)| lead_in),
        picture,
    })
}

fn read_id(
    reader: &mut Reader,
    table: &DeTable<'_>,
    title: Option<&Located<String>>,
    index: usize,
    ids: &mut Vec<(String, usize)>,
) -> Option<String> {
    let (id, span, from_title) = match reader.string(table, "id", true) {
        Some((id, span)) if is_slug(&id) => (id, span, false),
        Some((id, span)) => {
            reader.error(
                span,
                format!(
                    "id \"{id}\" must be lowercase letters, digits and dashes, like \"{}\"",
                    slug(&id)
                ),
            );
            return None;
        }
        None if table.get("id").is_some() => return None,
        None => {
            let (title, span) = title?;
            let id = slug(title);
            if id.is_empty() {
                reader.error(
                    span.clone(),
                    "this title has no letters or digits to make an id from: add an id",
                );
                return None;
            }
            (id, span.clone(), true)
        }
    };
    if let Some((_, first)) = ids.iter().find(|(seen, _)| *seen == id) {
        let how = if from_title {
            "this title makes the id"
        } else {
            "id"
        };
        reader.error(
            span,
            format!(
                "{how} \"{id}\", already used by step {}: give one of them a different id",
                first + 1
            ),
        );
        return None;
    }
    ids.push((id.clone(), index));
    Some(id)
}

fn read_days(reader: &mut Reader, table: &DeTable<'_>) -> Option<Vec<chrono::Weekday>> {
    let (names, _) = reader.string_list(table, "days")?;
    let mut days = Vec::new();
    for (name, span) in names {
        match parse_weekday(&name) {
            Some(day) if days.contains(&day) => {
                reader.error(span, format!("\"{name}\" appears twice in \"days\""))
            }
            Some(day) => days.push(day),
            None => reader.error(
                span,
                format!("unknown weekday \"{name}\": use mon, tue, wed, thu, fri, sat or sun"),
            ),
        }
    }
    Some(days)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::Weekday;

    use super::*;
    use crate::routine::{MAX_PICTURE_HEIGHT, MAX_PICTURE_WIDTH, StepKind};

    #[test]
    fn slugs_keep_ascii_words() {
        assert_eq!(slug("Standing calf stretch"), "standing-calf-stretch");
        assert_eq!(slug("  Calf -- Stretch! 2 "), "calf-stretch-2");
        assert_eq!(slug("Épsom"), "psom");
        assert_eq!(slug("!!!"), "");
    }

    #[test]
    fn reads_every_field_into_the_model() {
        let routine = parse(
            r#"
name = " Evening "
about = "Stretch."
bedtime = "22:30"

[[step]]
title = "Calf stretch"
duration = "30s"
sides = ["left leg", "right leg"]
sets = 3
rest = 10
days = ["mon", "Thursday"]
optional = true
instructions = "Lean in."
why = "Trial evidence."
lead_in = "3s"

[[step]]
title = "Bedding"
id = "bed"
checklist = ["Covers loose"]
"#,
        )
        .expect("valid routine");
        assert_eq!(routine.name, "Evening");
        assert_eq!(routine.bedtime, NaiveTime::from_hms_opt(22, 30, 0));
        let calf = &routine.steps[0];
        assert_eq!(calf.id, "calf-stretch");
        assert_eq!(calf.duration, Some(Duration::from_secs(30)));
        assert_eq!(calf.sides, ["left leg", "right leg"]);
        assert_eq!((calf.sets, calf.rest), (3, Some(Duration::from_secs(10))));
        assert_eq!(calf.days, Some(vec![Weekday::Mon, Weekday::Thu]));
        assert!(calf.optional);
        assert_eq!(calf.kind(), StepKind::Timed);
        assert_eq!(calf.lead_in, Some(Duration::from_secs(3)));
        assert_eq!(
            calf.timed_length(),
            Duration::from_secs(3 + 6 * 30 + 5 * 10)
        );
        assert_eq!(routine.steps[1].lead_in, None);
        assert_eq!(routine.steps[1].id, "bed");
        assert_eq!(routine.steps[1].kind(), StepKind::Checklist);
    }

    #[test]
    fn reports_every_mistake_in_file_order() {
        let source =
            "name = \"\"\nbogus = 1\n[[step]]\ntitle = \"A\"\nsets = 0\nduration = \"1 mni\"\n";
        let diagnostics = parse(source).expect_err("three mistakes and more");
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "\"name\" must not be empty",
                "unknown key \"bogus\" at the top of a routine",
                "sets must be at least 1",
                "invalid duration \"1 mni\": use a number and a unit, like \"45s\", \"2 minutes\", \"1h 30m\" or \"1.5m\"",
            ]
        );
        let starts: Vec<usize> = diagnostics.iter().map(|d| d.span.start).collect();
        assert!(starts.windows(2).all(|pair| pair[0] <= pair[1]));
    }

    #[test]
    fn a_lead_in_may_be_zero_but_belongs_to_a_timed_step() {
        let zero = parse("name = \"x\"\n[[step]]\ntitle = \"A\"\nduration = 30\nlead_in = 0\n")
            .expect("zero turns the lead-in off");
        assert_eq!(zero.steps[0].lead_in, Some(Duration::ZERO));
        let diagnostics = parse(
            "name = \"x\"\n[[step]]\ntitle = \"A\"\nlead_in = \"5s\"\n[[step]]\ntitle = \"B\"\nduration = 30\nlead_in = \"2m\"\n",
        )
        .expect_err("two mistakes");
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "\"lead_in\" only applies to a timed step: add a duration",
                "lead_in must be at most 1m",
            ]
        );
    }

    #[test]
    fn a_picture_is_kept_as_drawn_without_its_blank_edges() {
        let routine = parse(
            "name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = '''\n   o\n  /|\\\n  / \\\n\n'''\n",
        )
        .expect("valid picture");
        assert_eq!(
            routine.steps[0].picture.as_deref(),
            Some("   o\n  /|\\\n  / \\")
        );
    }

    #[test]
    fn a_picture_too_wide_too_tall_or_with_tabs_is_pointed_at() {
        let wide = format!("{}X", "-".repeat(MAX_PICTURE_WIDTH));
        let source =
            format!("name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = '''\nok\n{wide}\n'''\n");
        let diagnostics = parse(&source).expect_err("too wide");
        assert_eq!(
            diagnostics[0].message,
            format!(
                "picture line 2 is {} columns wide; at most {MAX_PICTURE_WIDTH} fit beside the instructions",
                MAX_PICTURE_WIDTH + 1
            )
        );
        // The caret points at the first column past the limit.
        let at = diagnostics[0].span.start;
        assert_eq!(&source[at..at + 1], "X");

        let tall: String = (0..=MAX_PICTURE_HEIGHT).map(|n| format!("{n}\n")).collect();
        let source = format!("name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = '''\n{tall}'''\n");
        let diagnostics = parse(&source).expect_err("too tall");
        assert_eq!(
            diagnostics[0].message,
            format!(
                "picture is {} lines tall; at most {MAX_PICTURE_HEIGHT} fit",
                MAX_PICTURE_HEIGHT + 1
            )
        );
        let at = diagnostics[0].span.start;
        assert_eq!(&source[at..at + 3], format!("{MAX_PICTURE_HEIGHT}\n"));

        let diagnostics = parse("name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = \" o\\t|\"\n")
            .expect_err("a tab");
        assert!(
            diagnostics[0]
                .message
                .contains("\"picture\" may hold line breaks but no other control character"),
            "{}",
            diagnostics[0].message
        );
    }

    #[test]
    fn suggests_the_closest_key() {
        let diagnostics = parse("name = \"x\"\n[[step]]\ntitle = \"A\"\ninstructons = \"b\"\n")
            .expect_err("typo");
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean \"instructions\"?")
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for source in [
            "",
            "\u{feff}",
            "[[step]]",
            "step = 3",
            "step = [1, 2]",
            "name = 1\n[[step]]\ntitle = []",
            "a.b.c = 1\n[x]\n",
            "title = \"é\" é",
        ] {
            assert!(parse(source).is_err(), "{source:?}");
        }
    }
}
