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
