//! Instants as the database keeps them, and which night a moment belongs to.
//!
//! Instants are stored as UTC unix milliseconds: they sort and subtract as
//! plain integers, and no zone rule can change their meaning later. The local
//! offset at the start of a run is kept beside it, so a report can show the
//! wall-clock time the user saw.

use chrono::{DateTime, Duration as ChronoDuration, NaiveDate, NaiveTime, TimeZone, Utc};

/// The rollover used when the config says nothing: 00:00–03:59 still belongs to the previous evening.
pub const DEFAULT_ROLLOVER: NaiveTime = match NaiveTime::from_hms_opt(4, 0, 0) {
    Some(time) => time,
    None => panic!("04:00 is a valid time"),
};

/// The evening that the instant `utc` belongs to in zone `tz`: before `rollover`
/// (local wall-clock time) it is still the previous evening.
///
/// The comparison is made on the local wall clock, so a DST change moves the
/// rollover with the clocks: 04:00 is 04:00 on the night the clocks go forward too.
pub fn night_for<Tz: TimeZone>(utc: DateTime<Utc>, tz: &Tz, rollover: NaiveTime) -> NaiveDate {
    let local = utc.with_timezone(tz).naive_local();
    if local.time() < rollover {
        // Only fails on the first day chrono can represent; stay on it then.
        local.date().pred_opt().unwrap_or(local.date())
    } else {
        local.date()
    }
}

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
    use chrono::FixedOffset;

    fn hm(hour: u32, minute: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// The UTC instant at which the wall clock in `tz` shows `local`.
    fn at_local(tz: &FixedOffset, local: &str) -> DateTime<Utc> {
        let naive = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").expect("valid");
        tz.from_local_datetime(&naive)
            .single()
            .expect("fixed offsets are unambiguous")
            .with_timezone(&Utc)
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
    fn rollover_hour_splits_the_evening() {
        let tz = FixedOffset::east_opt(3600).expect("valid offset");
        let cases = [
            ("2024-05-10 23:59", date(2024, 5, 10)),
            ("2024-05-11 00:30", date(2024, 5, 10)),
            ("2024-05-11 03:59", date(2024, 5, 10)),
            ("2024-05-11 04:00", date(2024, 5, 11)),
            ("2024-05-11 21:45", date(2024, 5, 11)),
        ];
        for (local, night) in cases {
            assert_eq!(
                night_for(at_local(&tz, local), &tz, DEFAULT_ROLLOVER),
                night,
                "{local}"
            );
        }
    }

    // A DST change modelled without a zone database: on 2024-03-31 Central
    // Europe moves from +01:00 to +02:00 at 02:00 local. Each instant is read
    // with the offset in force at that instant; the night must follow the wall
    // clock, not a fixed count of hours since midnight. The same dates with a
    // real zone rule (TZ set in a subprocess) are in tests/integration/night_tz.rs.
    #[test]
    fn rollover_follows_the_wall_clock_across_spring_forward() {
        let winter = FixedOffset::east_opt(3600).expect("valid offset");
        let summer = FixedOffset::east_opt(7200).expect("valid offset");
        // 01:30 CET, before the change: previous evening.
        let before = at_local(&winter, "2024-03-31 01:30");
        assert_eq!(
            night_for(before, &winter, DEFAULT_ROLLOVER),
            date(2024, 3, 30)
        );
        // 03:59 CEST is 01:59 UTC, only 5 hours after midnight's 23:00 UTC.
        let late = at_local(&summer, "2024-03-31 03:59");
        assert_eq!(
            night_for(late, &summer, DEFAULT_ROLLOVER),
            date(2024, 3, 30)
        );
        // 04:00 CEST starts the new night even though one hour fewer has passed.
        let new = at_local(&summer, "2024-03-31 04:00");
        assert_eq!(night_for(new, &summer, DEFAULT_ROLLOVER), date(2024, 3, 31));
        // Read with the stale winter offset the same instant would still be 03:00.
        assert_eq!(night_for(new, &winter, DEFAULT_ROLLOVER), date(2024, 3, 30));
    }

    #[test]
    fn rollover_follows_the_wall_clock_across_fall_back() {
        let summer = FixedOffset::east_opt(7200).expect("valid offset");
        let winter = FixedOffset::east_opt(3600).expect("valid offset");
        // 2024-10-27: 03:00 CEST becomes 02:00 CET; 03:59 CET is after the change.
        let late = at_local(&winter, "2024-10-27 03:59");
        assert_eq!(
            night_for(late, &winter, DEFAULT_ROLLOVER),
            date(2024, 10, 26)
        );
        let new = at_local(&winter, "2024-10-27 04:00");
        assert_eq!(
            night_for(new, &winter, DEFAULT_ROLLOVER),
            date(2024, 10, 27)
        );
        let evening = at_local(&summer, "2024-10-26 23:59");
        assert_eq!(
            night_for(evening, &summer, DEFAULT_ROLLOVER),
            date(2024, 10, 26)
        );
    }

    #[test]
    fn midnight_rollover_keeps_the_calendar_date() {
        let utc = at_local(
            &FixedOffset::east_opt(0).expect("valid"),
            "2024-01-01 00:00",
        );
        assert_eq!(night_for(utc, &Utc, hm(0, 0)), date(2024, 1, 1));
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
