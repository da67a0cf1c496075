//! Durations as written in routine files: "45s", "2m", "1m30s", "2m 30s", "1h".

use std::time::Duration;

/// Parse a duration string; the error says what was expected.
/// Whole seconds only; range checks are the caller's (they know the field).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let invalid = || {
        format!(
            "invalid duration \"{text}\": use a number with s, m or h, like \"45s\", \"2m\" or \"1m30s\""
        )
    };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut seen_unit = false;
    let mut last_unit_rank = u8::MAX;
    for ch in trimmed.chars() {
        if ch.is_ascii_digit() {
            number.push(ch);
            continue;
        }
        if ch == ' ' && number.is_empty() {
            continue;
        }
        let (scale, rank) = match ch {
            'h' => (3600, 3),
            'm' => (60, 2),
            's' => (1, 1),
            _ => return Err(invalid()),
        };
        // Units must come largest first and once each: "1m30s", not "30s1m" or "1m1m".
        if number.is_empty() || rank >= last_unit_rank {
            return Err(invalid());
        }
        let value: u64 = number.parse().map_err(|_| invalid())?;
        total = value
            .checked_mul(scale)
            .and_then(|part| total.checked_add(part))
            .ok_or_else(invalid)?;
        number.clear();
        seen_unit = true;
        last_unit_rank = rank;
    }
    if !number.is_empty() || !seen_unit {
        return Err(invalid());
    }
    Ok(Duration::from_secs(total))
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
    fn rejects_anything_else_with_the_forms_it_expects() {
        for bad in [
            "",
            "30",
            "3 minutes",
            "1.5m",
            "30s1m",
            "1m1m",
            "m",
            "-5s",
            "1d",
            "99999999999999999999s",
        ] {
            let err = parse_duration(bad).expect_err(bad);
            assert!(err.contains("like \"45s\""), "{bad}: {err}");
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
