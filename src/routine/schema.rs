//! The routine format as serde types, from which the JSON Schema that `winddown
//! schema` prints is generated (`routines/routine.schema.json`).
//!
//! The parser in `parse.rs` reads the TOML document tree itself so it can
//! report every error with a span; these types exist only to describe the
//! same format to editors as a JSON Schema. Tests tie the two together: the
//! schema's keys must equal the parser's, and every valid file must
//! deserialize into [`RoutineFile`].

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};
use serde::Deserialize;

/// One line of text: at least one character that is not a space, and no control
/// or invisible formatting characters (bidi controls, zero-width characters,
/// the byte-order mark), which `winddown check` refuses too.
const ONE_LINE: &str = r"^[^\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*[^\s\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff][^\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]*$";

/// The parts of a duration in words, as `winddown check` reads them (humantime's
/// units, from nanoseconds to years): whole or decimal numbers, each with its unit
/// (nanoseconds whole only), spaced or not.
macro_rules! duration_parts {
    () => {
        r"(([0-9]+\s*(nanos|nsec|ns)|[0-9]+(\.[0-9]+)?\s*(usec|us|µs|millis|msec|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|M|years?|yrs?|y))\s*)+$"
    };
}

/// A duration in words, not all of it zero.
const DURATION_TEXT: &str = concat!(r"^\s*(?=[^1-9]*[1-9])", duration_parts!());

/// A lead-in in words; zero turns it off.
const LEAD_IN_TEXT: &str = concat!(r"^\s*", duration_parts!());

/// A routine file: a name, a few optional details and at least one step.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "winddown routine")]
pub struct RoutineFile {
    /// Display name of the routine, e.g. "Leg-cramp wind-down".
    #[schemars(length(min = 1), regex(pattern = ONE_LINE))]
    pub name: String,
    /// One line shown under the name.
    pub about: Option<String>,
    /// When you want to be in bed, 24-hour "HH:MM"; drives "start by" and "lights out in".
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub bedtime: Option<String>,
    /// The steps in the order they run (at most 100); write each one as a [[step]] table.
    #[serde(rename = "step")]
    #[schemars(length(min = 1, max = 100))]
    pub steps: Vec<StepFile>,
}

/// One step: timed with `duration`, ticked off with `checklist`, both, or neither (a single "done").
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("dependencies" = {
    "sides": ["duration"],
    "sets": ["duration"],
    "rest": ["duration"],
}))]
pub struct StepFile {
    /// What you see in large type, e.g. "Standing calf stretch".
    #[schemars(length(min = 1), regex(pattern = ONE_LINE))]
    pub title: String,
    /// Stable key for your history (lowercase letters, digits, dashes); the title's slug when absent, so renaming a title with an id keeps its history.
    #[schemars(regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Option<String>,
    /// Length of one hold: "45s", "2 minutes", "1h 30m", "1.5m", or whole seconds; from 1s to 4h.
    pub duration: Option<DurationValue>,
    /// The hold runs once per side, e.g. ["left leg", "right leg"]; needs a duration.
    #[schemars(length(min = 1), extend("uniqueItems" = true), inner(regex(pattern = ONE_LINE)))]
    pub sides: Option<Vec<String>>,
    /// Holds per side (default 1); needs a duration.
    #[schemars(range(min = 1, max = 20))]
    pub sets: Option<u32>,
    /// Pause between consecutive holds, in the same form as duration; needs a duration.
    pub rest: Option<DurationValue>,
    /// Items to tick off, e.g. ["Blanket loose over the feet"].
    #[schemars(length(min = 1), extend("uniqueItems" = true), inner(regex(pattern = ONE_LINE)))]
    pub checklist: Option<Vec<String>>,
    /// Nights the step runs on (default: every night).
    #[schemars(length(min = 1), extend("uniqueItems" = true))]
    pub days: Option<Vec<Day>>,
    /// Skipping an optional step does not make the night incomplete (default false).
    pub optional: Option<bool>,
    /// How to do it, shown wrapped under the countdown.
    pub instructions: Option<String>,
    /// One honest line of rationale, shown under the step.
    pub why: Option<String>,
    /// Time to get into position before a hold ("5s", up to 1m); 0 turns it off. Default: lead_in in config.toml (5s). Needs a duration.
    pub lead_in: Option<LeadInValue>,
    /// A small drawing of the pose in text, shown beside the instructions when the window has room: at most 36 columns and 10 lines, no tabs. Write it between triple single quotes (''') so backslashes stay as drawn.
    #[schemars(length(min = 1))]
    pub picture: Option<String>,
}

/// A lead-in: text like "5s", or whole seconds, from 0 to 60. The pattern cannot tell that "2m" is too long: `winddown check` does.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum LeadInValue {
    /// Numbers with units, as for a duration: "5s", "10 seconds", "0s".
    Text(#[schemars(regex(pattern = LEAD_IN_TEXT))] String),
    /// Whole seconds; 0 turns the lead-in off.
    Seconds(#[schemars(range(min = 0, max = 60))] u32),
}

/// A duration from 1s to 4h: text like "45s", "2 minutes", "1h 30m" or "1.5m", or a whole number of seconds. The pattern cannot tell that "9h" is too long or that "1.5s" or "500ms" is not a whole second: `winddown check` does.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DurationValue {
    /// Numbers with units, spelt out or short: h, hr, hour(s); m, min, minute(s); s, sec, second(s); ms, msec, millis.
    Text(#[schemars(regex(pattern = DURATION_TEXT))] String),
    /// Whole seconds.
    Seconds(#[schemars(range(min = 1, max = 14400))] u32),
}

/// A night of the week; winddown also accepts these in any letter case.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)] // the names say it all
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

/// The JSON Schema (draft-07) of a routine file.
pub fn routine_schema() -> Schema {
    let mut settings = SchemaSettings::draft07();
    // TOML has no null: an absent key is how a file leaves a field out.
    // First, so the draft-07 fix-ups (e.g. moving `$ref` siblings) see the result.
    settings
        .transforms
        .insert(0, Box::new(RecursiveTransform(drop_null)));
    settings
        .into_generator()
        .into_root_schema_for::<RoutineFile>()
}

/// The schema as the pretty JSON that `winddown schema` prints and the repository keeps.
pub fn routine_schema_json() -> String {
    let schema = routine_schema();
    let mut text = serde_json::to_string_pretty(&schema).expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// Remove the `null` that schemars allows for `Option` fields.
fn drop_null(schema: &mut Schema) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    if let Some(serde_json::Value::Array(types)) = object.get_mut("type") {
        types.retain(|kind| kind != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            object.insert("type".into(), only);
        }
    }
    if let Some(serde_json::Value::Array(variants)) = object.get_mut("anyOf") {
        variants.retain(|variant| variant.get("type").is_none_or(|kind| kind != "null"));
        if variants.len() == 1 {
            let only = variants.remove(0);
            object.remove("anyOf");
            if let serde_json::Value::Object(inner) = only {
                for (key, value) in inner {
                    object.entry(key).or_insert(value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::fs;
    use std::path::Path;

    use serde_json::Value;

    use super::*;
    use crate::routine::parse::{ROUTINE_KEYS, STEP_KEYS};
    use crate::shipped;

    fn manifest(path: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    fn toml_files(folder: &str) -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = fs::read_dir(manifest(folder))
            .expect("fixture folder")
            .map(|entry| entry.expect("entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no fixtures in {folder}");
        files
    }

    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let path = manifest("routines/routine.schema.json");
        if std::env::var_os("WINDDOWN_WRITE_SCHEMA").is_some() {
            fs::write(&path, routine_schema_json()).expect("write the schema");
        }
        let committed = fs::read_to_string(&path).expect("routines/routine.schema.json");
        assert!(
            committed == routine_schema_json(),
            "routines/routine.schema.json is out of date: run \
             `WINDDOWN_WRITE_SCHEMA=1 cargo test --lib the_committed_schema` to write it"
        );
    }

    #[test]
    fn the_schema_is_draft_07() {
        let schema = routine_schema();
        assert_eq!(
            schema.get("$schema"),
            Some(&Value::from("http://json-schema.org/draft-07/schema#"))
        );
    }

    fn property_names(object: &Value) -> BTreeSet<String> {
        object["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn the_schema_has_exactly_the_parsers_keys() {
        let schema = routine_schema().to_value();
        let keys = |list: &[&str]| list.iter().map(|key| key.to_string()).collect();
        assert_eq!(property_names(&schema), keys(ROUTINE_KEYS));
        assert_eq!(
            property_names(&schema["definitions"]["StepFile"]),
            keys(STEP_KEYS)
        );
        for object in [&schema, &schema["definitions"]["StepFile"]] {
            assert_eq!(object["additionalProperties"], Value::Bool(false));
        }
    }

    #[test]
    fn every_valid_routine_fits_the_schema_types() {
        let mut sources: Vec<(String, String)> = shipped::ROUTINES
            .iter()
            .map(|routine| (routine.name.to_string(), routine.source.to_string()))
            .collect();
        for path in toml_files("tests/routines/valid") {
            let text = fs::read_to_string(&path).expect("fixture");
            sources.push((path.display().to_string(), text));
        }
        sources.push(("template".into(), crate::cli::folder::TEMPLATE.into()));
        for (origin, text) in sources {
            assert!(crate::routine::parse(&text).is_ok(), "{origin} parses");
            if let Err(err) = toml::from_str::<RoutineFile>(&text) {
                panic!("{origin} does not fit the schema types: {err}");
            }
        }
    }

    #[test]
    fn unknown_keys_do_not_fit_the_schema_types() {
        let files: Vec<_> = toml_files("tests/routines/invalid")
            .into_iter()
            .filter(|path| {
                path.file_name()
                    .is_some_and(|name| name.to_string_lossy().starts_with("unknown-key"))
            })
            .collect();
        assert!(!files.is_empty());
        for path in files {
            let text = fs::read_to_string(&path).expect("fixture");
            let err = toml::from_str::<RoutineFile>(&text).expect_err("unknown key refused");
            assert!(err.to_string().contains("unknown field"), "{err}");
        }
    }
}
