//! Arbitrary bytes into the routine and config parsers: no panic, and every
//! routine that parses keeps the promises `Routine` documents.

#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use winddown::routine::{MAX_DURATION, StepKind, parse, parse_config};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Ok(routine) => {
            assert!(!routine.name.trim().is_empty(), "empty name accepted");
            assert!(
                !routine.steps.is_empty(),
                "a routine without steps accepted"
            );
            let mut ids = HashSet::new();
            for step in &routine.steps {
                assert!(ids.insert(step.id.as_str()), "duplicate id {:?}", step.id);
                assert!(!step.id.is_empty(), "empty id for {:?}", step.title);
                assert!(!step.title.trim().is_empty(), "empty title accepted");
                assert!(step.sets >= 1, "zero sets accepted");
                if let Some(hold) = step.duration {
                    assert!(!hold.is_zero(), "zero-length hold accepted");
                    assert!(hold <= MAX_DURATION, "hold {hold:?} over the limit");
                }
                if let Some(rest) = step.rest {
                    assert!(rest <= MAX_DURATION, "rest {rest:?} over the limit");
                }
                assert!(
                    step.timed_length() <= MAX_DURATION * step.holds(),
                    "{:?}: timed length {:?} over 4h x {} holds",
                    step.id,
                    step.timed_length(),
                    step.holds()
                );
                if step.duration.is_none() {
                    assert!(step.sides.is_empty(), "sides without a duration");
                    assert_eq!(step.timed_length(), std::time::Duration::ZERO);
                }
                if step.kind() == StepKind::Checklist || step.kind() == StepKind::TimedChecklist {
                    assert!(step.checklist.iter().all(|item| !item.trim().is_empty()));
                }
            }
            // Summing over a week of nights must not overflow either.
            let monday = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
            for day in 0..7 {
                let night = monday + chrono::Duration::days(day);
                let _ = routine.length_on(night);
                assert!(routine.tonight(night).len() <= routine.steps.len());
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            for diagnostic in &diagnostics {
                // Every diagnostic must point inside the text it came from.
                let _ = diagnostic.line_col(text);
            }
            let _ = winddown::routine::render_diagnostics("fuzz.toml", text, &diagnostics);
        }
    }
    if let Err(diagnostics) = parse_config(text) {
        assert!(
            !diagnostics.is_empty(),
            "a config error without a diagnostic"
        );
        let _ = winddown::routine::render_diagnostics("config.toml", text, &diagnostics);
    }
});
