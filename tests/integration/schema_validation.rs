//! The committed JSON Schema run by an independent validator (the `jsonschema`
//! crate) over the routine fixtures: it must accept every valid routine, and it
//! flags every malformed one except those only `winddown check` can catch.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn toml_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(manifest(folder))
        .expect("fixture folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {folder}");
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .expect("file name")
        .to_string_lossy()
        .into_owned()
}

fn validator() -> jsonschema::Validator {
    let text = fs::read_to_string(manifest("routines/routine.schema.json")).expect("schema");
    let schema: Value = serde_json::from_str(&text).expect("schema is JSON");
    jsonschema::draft7::new(&schema).expect("a valid draft-07 schema")
}

/// The routine as the JSON a TOML language server would hand the schema, or
/// `None` when the file is not TOML at all.
fn as_json(path: &Path) -> Option<Value> {
    let text = fs::read_to_string(path).expect("fixture");
    toml::from_str::<Value>(&text).ok()
}

#[test]
fn every_valid_routine_fits_the_schema() {
    let validator = validator();
    let mut files = toml_files("tests/routines/valid");
    files.extend(toml_files("routines"));
    for path in files {
        let routine = as_json(&path).expect("valid TOML");
        let errors: Vec<String> = validator
            .iter_errors(&routine)
            .map(|err| format!("{} at {}", err, err.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_flags_every_malformed_routine_a_pattern_can_see() {
    // What no JSON Schema can say: ids unique across steps (given or made from
    // titles), the 4-hour bound written in words, and whole seconds.
    let only_check_catches = [
        "duplicate-ids",
        "part-of-a-second",
        "titles-slug-alike",
        "too-long",
    ];
    // Not TOML at all: the editor's TOML parser flags these before any schema.
    let not_toml = ["control-raw-bytes", "syntax-error"];
    let validator = validator();
    let mut passed = Vec::new();
    let mut unparsed = Vec::new();
    for path in toml_files("tests/routines/invalid") {
        match as_json(&path) {
            None => unparsed.push(stem(&path)),
            Some(routine) if validator.is_valid(&routine) => passed.push(stem(&path)),
            Some(_) => {}
        }
    }
    assert_eq!(unparsed, not_toml);
    assert_eq!(passed, only_check_catches);
}

#[test]
fn whitespace_titles_and_zero_durations_are_flagged() {
    let validator = validator();
    let routine = |title: &str, duration: Value| {
        serde_json::json!({
            "name": "Evening",
            "step": [{ "title": title, "duration": duration }],
        })
    };
    for (title, duration) in [
        ("   ", Value::from("30s")),
        ("Hold", Value::from("0s")),
        ("Hold", Value::from("0m 0s")),
        ("Hold", Value::from("0.0 minutes")),
        ("Hold", Value::from(0)),
        ("Evil\u{1b}[2J", Value::from("30s")),
        ("Calf \u{202e}hctertS", Value::from("30s")),
        ("Calf\u{200b}", Value::from("30s")),
    ] {
        assert!(
            !validator.is_valid(&routine(title, duration.clone())),
            "{title:?} {duration}"
        );
    }
    for duration in [
        "2 minutes",
        "30 sec",
        "1h 30m",
        "90s",
        "1.5m",
        "1m30s",
        "10s",
    ] {
        assert!(
            validator.is_valid(&routine("Hold", Value::from(duration))),
            "{duration}"
        );
    }
}

#[test]
fn invisible_formatting_characters_are_flagged_in_sides_and_items() {
    let validator = validator();
    let step = |key: &str, entry: &str| {
        serde_json::json!({
            "name": "Evening",
            "step": [{ "title": "Hold", "duration": "30s", key: ["left leg", entry] }],
        })
    };
    for key in ["sides", "checklist"] {
        for entry in [
            "\u{2066}right leg\u{2069}",
            "\u{feff}Water",
            "a\u{200d}b",
            "\u{1b}[31m",
        ] {
            assert!(!validator.is_valid(&step(key, entry)), "{key}: {entry:?}");
        }
        assert!(validator.is_valid(&step(key, "right leg")), "{key}");
    }
}

/// Every unit humantime 2 reads (its `Unit::from_str`), so every one `winddown check` accepts.
const UNITS: [&str; 40] = [
    "nanos", "nsec", "ns", "usec", "us", "µs", "millis", "msec", "ms", "seconds", "second", "secs",
    "sec", "s", "minutes", "minute", "min", "mins", "m", "hours", "hour", "hr", "hrs", "h", "days",
    "day", "d", "weeks", "week", "wk", "wks", "w", "months", "month", "M", "years", "year", "yr",
    "yrs", "y",
];

/// What `winddown check` says of a routine whose step has `key = "text"`: `None` when valid.
fn check_says(key: &str, text: &str) -> Option<String> {
    let hold = if key == "duration" {
        ""
    } else {
        "duration = \"30s\"\n"
    };
    let toml = format!(
        "name = \"Evening\"\n[[step]]\ntitle = \"Hold\"\n{hold}{key} = {}\n",
        Value::from(text)
    );
    winddown::routine::parse(&toml)
        .err()
        .map(|diagnostics| diagnostics[0].message.clone())
}

/// Durations as a person might write them, right and wrong: every unit after
/// whole numbers, decimals and zeros, spaced or not, and forms with several parts.
fn duration_forms() -> Vec<String> {
    let numbers = [
        "1", "2", "30", "90", "1.5", "0.5", "120000", "7200000", "0", "00", "0.0",
    ];
    let mut forms = Vec::new();
    for number in numbers {
        for unit in UNITS {
            forms.push(format!("{number}{unit}"));
            forms.push(format!("{number} {unit}"));
        }
    }
    forms.extend(
        [
            "1h 30m",
            "1h30m",
            "1m 30s",
            "1m30s",
            "2min 30sec",
            " 10s ",
            "\t10s",
            "0m 30s",
            "1 h 30 m",
            "1h 0m",
            "0h 0m",
            "1.5h",
            "1.25m",
            "1 5m",
            "1. 5m",
            "1 .5m",
            "1h 30",
            "30",
            "1.m",
            ".5m",
            "1.5",
            "m",
            "-5s",
            "+5s",
            "5S",
            "5 MIN",
            "1h,30m",
            "1h-30m",
            "٣s",
            "5 minuets",
            "two minutes",
            "",
        ]
        .map(String::from),
    );
    forms
}

#[test]
fn the_schema_and_check_agree_on_every_duration_form() {
    let validator = validator();
    let step = |key: &str, text: &str| {
        let mut step = serde_json::json!({ "title": "Hold", "duration": "30s" });
        step[key] = Value::from(text);
        serde_json::json!({ "name": "Evening", "step": [step] })
    };
    // What a pattern cannot say, and so only `check` refuses: the bounds
    // (1 s to 4 h for a hold or rest, up to 1 minute for a lead-in) and whole seconds.
    let only_check = |message: &str| {
        message.contains("must be at least")
            || message.contains("must be at most")
            || message.contains("is not a whole number of seconds")
    };
    let mut disagree = Vec::new();
    let mut accepted = 0;
    for key in ["duration", "rest", "lead_in"] {
        for text in duration_forms() {
            let schema_accepts = validator.is_valid(&step(key, &text));
            match check_says(key, &text) {
                None if schema_accepts => accepted += 1,
                None => disagree.push(format!(
                    "{key} = {text:?}: check accepts, the schema refuses"
                )),
                Some(message) if schema_accepts && !only_check(&message) => disagree.push(format!(
                    "{key} = {text:?}: the schema accepts, check says {message:?}"
                )),
                Some(_) => {}
            }
        }
    }
    assert!(disagree.is_empty(), "{}", disagree.join("\n"));
    // The forms are not all refused by both.
    assert!(accepted > 300, "only {accepted} forms were valid");
    for (key, text) in [
        ("duration", "120000ms"),
        ("rest", "0.5 hours"),
        ("lead_in", "0s"),
    ] {
        assert!(validator.is_valid(&step(key, text)), "{key} = {text:?}");
        assert_eq!(check_says(key, text), None, "{key} = {text:?}");
    }
}
