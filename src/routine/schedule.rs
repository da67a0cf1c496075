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
