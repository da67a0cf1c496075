//! Durations as written in routine files: "45s", "2m", "1m30s", "2m 30s".

use std::time::Duration;

/// Parse a duration string; the error says what was expected.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    todo!("{text}")
}

/// Format a duration compactly for people: "45s", "2m", "1m 30s", "1h 5m".
pub fn format_duration(duration: Duration) -> String {
    todo!("{duration:?}")
}
