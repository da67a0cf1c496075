//! Durations as written in routine files: "45s", "2m", "1m30s", "2 minutes", "1h 30m", "1.5m".

use std::time::Duration;

/// Parse a duration string as a person would write it ("45s", "2 minutes", "1h 30m",
/// "1.5m"); the error says what was expected. Whole seconds only; range checks
/// are the caller's (they know the field).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    let invalid = || {
        format!(
            "invalid duration \"{text}\": use a number and a unit, like \"45s\", \"2 minutes\", \"1h 30m\" or \"1.5m\""
        )
    };
    // humantime reads "1 5m" as 15 minutes: a space inside a number is a slip, not
    // a longer number, and the JSON Schema's pattern refuses it too.
    if spaced_number(trimmed) {
        return Err(invalid());
    }
    // humantime reads units spelt out or short, spaced or not; a bare number has no
    // unit, so it is refused here as there (whole seconds are written as an integer).
    let duration = humantime::parse_duration(trimmed).map_err(|_| invalid())?;
    if duration.subsec_nanos() != 0 {
        return Err(format!(
            "duration \"{text}\" is not a whole number of seconds"
        ));
    }
    Ok(duration)
}

/// Whether a space falls inside a number: between two digits, or beside its decimal point.
fn spaced_number(text: &str) -> bool {
    let numeric = |ch: char| ch.is_ascii_digit() || ch == '.';
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .windows(2)
        .any(|pair| pair[0].ends_with(numeric) && pair[1].starts_with(numeric))
}

/// Format a duration compactly for people: "45s", "2m", "1m 30s", "1h 5m".
pub fn format_duration(duration: Duration) -> String {
    let total = duration.as_secs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    let parts: Vec<String> = [(hours, "h"), (minutes, "m"), (seconds, "s")]
        .into_iter()
        .filter(|(value, _)| *value > 0)
        .map(|(value, unit)| format!("{value}{unit}"))
        .collect();
    if parts.is_empty() {
        "0s".to_string()
    } else {
        parts.join(" ")
    }
}

/// A length as a tired reader takes it in: "45 s" under a minute, else to the
/// nearest minute ("4 min", "1 h 5 min"); a routine's plan needs no seconds.
pub fn for_reading(duration: Duration) -> String {
    match duration.as_secs() {
        seconds @ 0..60 => format!("{seconds} s"),
        seconds => hours_minutes((seconds + 30) / 60),
    }
}

/// The timed length of a plan in the words every screen uses for it: "untimed"
/// when no step has a timer (steps to confirm take as long as they take), else
/// [`for_reading`].
pub fn plan_length(length: Duration) -> String {
    match length {
        Duration::ZERO => "untimed".to_string(),
        length => for_reading(length),
    }
}

/// Whole minutes for a tired reader: "51 min", "1 h", "4 h 51 min".
pub fn hours_minutes(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, minutes) => format!("{minutes} min"),
        (hours, 0) => format!("{hours} h"),
        (hours, minutes) => format!("{hours} h {minutes} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_for_reading_round_to_the_minute() {
        let read = |seconds| for_reading(Duration::from_secs(seconds));
        assert_eq!(read(0), "0 s");
        assert_eq!(read(45), "45 s");
        assert_eq!(read(59), "59 s");
        assert_eq!(read(60), "1 min");
        assert_eq!(read(89), "1 min");
        assert_eq!(read(90), "2 min");
        assert_eq!(read(235), "4 min");
        assert_eq!(read(905), "15 min");
        assert_eq!(read(3 * 3600 + 20 * 60 + 40), "3 h 21 min");
    }

    fn ok(text: &str) -> u64 {
        parse_duration(text)
            .map(|d| d.as_secs())
            .unwrap_or_else(|err| panic!("{err}"))
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(ok("45s"), 45);
        assert_eq!(ok("2m"), 120);
        assert_eq!(ok("1m30s"), 90);
        assert_eq!(ok("2m 30s"), 150);
        assert_eq!(ok("1h"), 3600);
        assert_eq!(ok("1h 2m 3s"), 3723);
        assert_eq!(ok(" 10s "), 10);
        assert_eq!(ok("0s"), 0);
    }

    #[test]
    fn reads_what_people_write() {
        assert_eq!(ok("2 minutes"), 120);
        assert_eq!(ok("30 sec"), 30);
        assert_eq!(ok("1h 30m"), 5400);
        assert_eq!(ok("90s"), 90);
        assert_eq!(ok("1.5m"), 90);
        assert_eq!(ok("1 hour"), 3600);
        assert_eq!(ok("2min 30sec"), 150);
        assert_eq!(ok("15 minutes"), 900);
    }

    #[test]
    fn rejects_anything_else_with_the_forms_it_expects() {
        for bad in [
            "",
            "30",
            "m",
            "-5s",
            "1.5",
            "15 minuets",
            "two minutes",
            "99999999999999999999s",
            "1 5m",
            "1. 5m",
            "1 .5m",
        ] {
            let err = parse_duration(bad).expect_err(bad);
            assert!(err.contains("like \"45s\", \"2 minutes\""), "{bad}: {err}");
        }
    }

    #[test]
    fn rejects_parts_of_a_second() {
        for bad in ["1.5s", "500ms", "0.01m"] {
            assert_eq!(
                parse_duration(bad),
                Err(format!(
                    "duration \"{bad}\" is not a whole number of seconds"
                ))
            );
        }
    }

    #[test]
    fn formats_compactly() {
        assert_eq!(format_duration(Duration::from_secs(45)), "45s");
        assert_eq!(format_duration(Duration::from_secs(120)), "2m");
        assert_eq!(format_duration(Duration::from_secs(90)), "1m 30s");
        assert_eq!(format_duration(Duration::from_secs(3900)), "1h 5m");
        assert_eq!(format_duration(Duration::ZERO), "0s");
    }

    #[test]
    fn minutes_read_as_hours_and_minutes() {
        assert_eq!(hours_minutes(0), "0 min");
        assert_eq!(hours_minutes(51), "51 min");
        assert_eq!(hours_minutes(60), "1 h");
        assert_eq!(hours_minutes(80), "1 h 20 min");
        assert_eq!(hours_minutes(291), "4 h 51 min");
        assert_eq!(hours_minutes(1144), "19 h 4 min");
    }
}
