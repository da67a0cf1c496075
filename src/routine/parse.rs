//! From TOML text to a validated routine, collecting every error.

use std::time::Duration;

use chrono::NaiveTime;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::fields::{Located, Reader};
use super::schedule::parse_weekday;
use super::{Diagnostic, MAX_LEAD_IN, MAX_STEPS, Routine, Step};

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
        DeValue::Array(items) if items.len() > MAX_STEPS => {
            reader.error(
                items[MAX_STEPS].span(),
                format!(
                    "a routine has at most {MAX_STEPS} steps; this one has {}",
                    items.len()
                ),
            );
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
mod tests;
