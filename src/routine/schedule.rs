//! Which night it is, and which steps run on it.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// The evening a local moment belongs to: before `rollover` it is still the previous evening.
pub fn night_of(local: NaiveDateTime, rollover: NaiveTime) -> NaiveDate {
    let date = local.date();
    if local.time() < rollover {
        date.pred_opt().unwrap_or(date)
    } else {
        date
    }
}

/// `bedtime` on the evening of `night`: a bedtime before noon (e.g. 00:30) falls
/// on the next calendar day.
pub(crate) fn bedtime_on(night: NaiveDate, bedtime: NaiveTime) -> Option<NaiveDateTime> {
    let day = if bedtime < NaiveTime::from_hms_opt(12, 0, 0)? {
        night.succ_opt()?
    } else {
        night
    };
    Some(day.and_time(bedtime))
}

/// Whether a step with these `days` runs on `night`; `None` means every night.
pub(crate) fn runs_on(days: Option<&[Weekday]>, night: NaiveDate) -> bool {
    days.is_none_or(|days| days.contains(&night.weekday()))
}

/// A weekday as written in routine files: "mon" … "sun", or the full lowercase name.
pub(crate) fn parse_weekday(text: &str) -> Option<Weekday> {
    const NAMES: [(&str, &str, Weekday); 7] = [
        ("mon", "monday", Weekday::Mon),
        ("tue", "tuesday", Weekday::Tue),
        ("wed", "wednesday", Weekday::Wed),
        ("thu", "thursday", Weekday::Thu),
        ("fri", "friday", Weekday::Fri),
        ("sat", "saturday", Weekday::Sat),
        ("sun", "sunday", Weekday::Sun),
    ];
    let text = text.to_ascii_lowercase();
    NAMES
        .iter()
        .find(|(short, long, _)| text == *short || text == *long)
        .map(|(_, _, day)| *day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn at(day: u32, hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|date| date.and_hms_opt(hour, minute, 0))
            .expect("valid moment")
    }

    #[test]
    fn the_night_rolls_over_at_four() {
        let four = NaiveTime::from_hms_opt(4, 0, 0).expect("time");
        let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        assert_eq!(night_of(at(26, 23, 59), four), thursday);
        assert_eq!(night_of(at(27, 0, 30), four), thursday);
        assert_eq!(night_of(at(27, 3, 59), four), thursday);
        assert_eq!(
            night_of(at(27, 4, 0), four),
            thursday.succ_opt().expect("date")
        );
    }

    fn four() -> NaiveTime {
        NaiveTime::from_hms_opt(4, 0, 0).expect("time")
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    /// The wall clock in `tz` at the UTC instant `utc` ("2024-03-31 01:59"), read
    /// as the app reads it (`Local::now()` is the UTC time with the zone's offset).
    fn wall(tz: &FixedOffset, utc: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(utc, "%Y-%m-%d %H:%M")
            .expect("valid")
            .and_utc()
            .with_timezone(tz)
            .naive_local()
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
        assert_eq!(
            night_of(wall(&winter, "2024-03-31 00:30"), four()),
            date(2024, 3, 30)
        );
        // 03:59 CEST is 01:59 UTC, only 5 hours after midnight's 23:00 UTC.
        assert_eq!(
            night_of(wall(&summer, "2024-03-31 01:59"), four()),
            date(2024, 3, 30)
        );
        // 04:00 CEST starts the new night even though one hour fewer has passed.
        assert_eq!(
            night_of(wall(&summer, "2024-03-31 02:00"), four()),
            date(2024, 3, 31)
        );
        // Read with the stale winter offset the same instant would still be 03:00.
        assert_eq!(
            night_of(wall(&winter, "2024-03-31 02:00"), four()),
            date(2024, 3, 30)
        );
    }

    #[test]
    fn rollover_follows_the_wall_clock_across_fall_back() {
        let summer = FixedOffset::east_opt(7200).expect("valid offset");
        let winter = FixedOffset::east_opt(3600).expect("valid offset");
        // 2024-10-27: 03:00 CEST becomes 02:00 CET; 03:59 CET is after the change.
        assert_eq!(
            night_of(wall(&winter, "2024-10-27 02:59"), four()),
            date(2024, 10, 26)
        );
        assert_eq!(
            night_of(wall(&winter, "2024-10-27 03:00"), four()),
            date(2024, 10, 27)
        );
        // 23:59 CEST the evening before.
        assert_eq!(
            night_of(wall(&summer, "2024-10-26 21:59"), four()),
            date(2024, 10, 26)
        );
    }

    #[test]
    fn midnight_rollover_keeps_the_calendar_date() {
        let midnight = NaiveTime::from_hms_opt(0, 0, 0).expect("time");
        let utc = FixedOffset::east_opt(0).expect("valid");
        assert_eq!(
            night_of(wall(&utc, "2024-01-01 00:00"), midnight),
            date(2024, 1, 1)
        );
    }

    #[test]
    fn a_bedtime_after_midnight_falls_on_the_next_day() {
        let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let time = |hour, minute| NaiveTime::from_hms_opt(hour, minute, 0).expect("time");
        assert_eq!(bedtime_on(thursday, time(22, 30)), Some(at(26, 22, 30)));
        assert_eq!(bedtime_on(thursday, time(0, 30)), Some(at(27, 0, 30)));
        assert_eq!(bedtime_on(thursday, time(12, 0)), Some(at(26, 12, 0)));
    }

    #[test]
    fn days_pick_the_nights_a_step_runs() {
        let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        assert!(runs_on(None, thursday));
        assert!(runs_on(Some(&[Weekday::Mon, Weekday::Thu]), thursday));
        assert!(!runs_on(Some(&[Weekday::Mon]), thursday));
    }

    #[test]
    fn weekdays_in_short_and_long_form() {
        assert_eq!(parse_weekday("thu"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("Thursday"), Some(Weekday::Thu));
        assert_eq!(parse_weekday("thurs"), None);
    }
}
