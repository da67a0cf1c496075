//! Instants and nights as the database keeps them (which night a moment belongs
//! to is `routine::night_of`, the one rollover rule).
//!
//! Instants are stored as UTC unix milliseconds: they sort and subtract as
//! plain integers, and no zone rule can change their meaning later. The local
//! offset at the start of a run is kept beside it, so a report can show the
//! wall-clock time the user saw.

use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, NaiveTime, Utc};

/// The rollover used when the config says nothing: 00:00–03:59 still belongs to the previous evening.
pub const DEFAULT_ROLLOVER: NaiveTime = match NaiveTime::from_hms_opt(4, 0, 0) {
    Some(time) => time,
    None => panic!("04:00 is a valid time"),
};

/// An instant as stored: milliseconds since the Unix epoch, UTC.
pub(crate) fn to_millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

/// Reads a stored instant back; `None` when it lies outside what chrono can represent.
pub(crate) fn from_millis(millis: i64) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis)
}

/// A night as stored: `YYYY-MM-DD`, which also sorts correctly as text.
pub(crate) fn night_text(night: NaiveDate) -> String {
    night.format("%Y-%m-%d").to_string()
}

/// Reads a stored night back; `None` for anything but a valid `YYYY-MM-DD`.
///
/// Read by hand rather than through a format string: the home screen reads every
/// night of history before its first frame, and this is several times faster.
pub(crate) fn parse_night(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |value, &digit| {
            digit
                .is_ascii_digit()
                .then(|| value * 10 + u32::from(digit - b'0'))
        })
    };
    let year = i32::try_from(number(&bytes[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&bytes[5..7])?, number(&bytes[8..])?)
}

/// The night `days - 1` nights before `night`, so that a window of `days` nights ends on `night`.
pub(crate) fn window_start(night: NaiveDate, days: u32) -> NaiveDate {
    let back = ChronoDuration::days(i64::from(days.max(1)) - 1);
    night.checked_sub_signed(back).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn nights_read_back_as_written() {
        let mut night = date(1900, 1, 1);
        while night < date(2200, 1, 1) {
            assert_eq!(parse_night(&night_text(night)), Some(night));
            night += ChronoDuration::days(3);
        }
    }

    #[test]
    fn only_a_whole_valid_date_is_a_night() {
        for text in [
            "",
            "2024-5-01",
            "2024-05-1",
            "2024-05-011",
            "2024/05/01",
            "2024-05-1x",
            "+024-05-01",
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-05-00",
            " 2024-05-01",
        ] {
            assert_eq!(parse_night(text), None, "{text:?}");
        }
        assert_eq!(parse_night("2024-02-29"), Some(date(2024, 2, 29)));
    }

    #[test]
    fn stored_values_round_trip() {
        let at = DateTime::from_timestamp_millis(1_715_377_500_123).expect("valid");
        assert_eq!(from_millis(to_millis(at)), Some(at));
        let night = date(2024, 2, 29);
        assert_eq!(parse_night(&night_text(night)), Some(night));
        assert_eq!(parse_night("2024-02-30"), None);
        assert_eq!(parse_night("yesterday"), None);
        assert_eq!(window_start(night, 7), date(2024, 2, 23));
        assert_eq!(window_start(night, 1), night);
        assert_eq!(window_start(night, 0), night);
    }
}
