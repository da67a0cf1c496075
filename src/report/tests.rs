//! The report's facts over made-up rows, each expectation counted by hand.

use std::time::Duration;

use chrono::{FixedOffset, NaiveDate, TimeZone, Utc};

use super::html::escape;
use super::*;
use crate::model::{RunId, RunOutcome};
use crate::session::Outcome;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn rows(today: &str, weeks: u32) -> Rows {
    Rows {
        period: Period::ending_before(date(today), weeks),
        made_on: date(today),
        first_record: None,
        runs: Vec::new(),
        rests: Vec::new(),
        checkins: Vec::new(),
        episodes: Vec::new(),
        steps: Vec::new(),
        experiment: Vec::new(),
    }
}

fn run(id: i64, night: &str, outcome: RunOutcome, minute: u32) -> RunSummary {
    let started = FixedOffset::east_opt(0)
        .expect("offset")
        .from_local_datetime(&date(night).and_hms_opt(21, minute, 0).expect("time"))
        .single()
        .expect("time");
    RunSummary {
        id: RunId(id),
        night: date(night),
        routine_id: "r".to_string(),
        routine_name: "Routine".to_string(),
        routine_hash: "h".to_string(),
        outcome,
        step_count: 2,
        done: 0,
        cut_short: 0,
        skipped: 0,
        started_at: started,
        ended_at: None,
    }
}

fn step(run: i64, night: &str, index: usize, id: &str, title: &str, outcome: Outcome) -> StepRow {
    StepRow {
        run: RunId(run),
        night: date(night),
        index,
        step_id: id.to_string(),
        title: title.to_string(),
        outcome,
        at: FixedOffset::east_opt(0)
            .expect("offset")
            .from_local_datetime(&date(night).and_hms_opt(22, 0, run as u32).expect("time"))
            .single()
            .expect("time"),
        active: Duration::from_secs(60),
        holds: None,
    }
}

fn episode(night: &str, seconds: u32) -> SosEpisode {
    SosEpisode {
        started_at: FixedOffset::east_opt(0)
            .expect("offset")
            .from_local_datetime(&date(night).and_hms_opt(23, 0, 0).expect("time"))
            .single()
            .expect("time"),
        night: date(night),
        seconds,
        leg: None,
    }
}

#[test]
fn the_period_is_whole_weeks_ending_last_night() {
    let four = Period::ending_before(date("2024-06-10"), 4);
    assert_eq!(
        (four.first, four.last),
        (date("2024-05-13"), date("2024-06-09"))
    );
    assert_eq!(four.nights().count(), 28);
    let one = Period::ending_before(date("2024-06-10"), 1);
    assert_eq!(
        (one.first, one.last),
        (date("2024-06-03"), date("2024-06-09"))
    );
}

#[test]
fn nights_before_the_first_record_are_outside_the_diary() {
    let mut rows = rows("2024-06-10", 1);
    rows.first_record = Some(date("2024-06-05"));
    rows.rests.push(RestNight {
        night: date("2024-06-05"),
        reason: "away".to_string(),
        created_at: Utc::now(),
    });
    rows.runs
        .push(run(1, "2024-06-07", RunOutcome::Completed, 0));
    let report = Report::new(rows);
    let statuses: Vec<Option<&str>> = report
        .nights
        .iter()
        .map(|night| night.status.as_ref().map(NightStatus::label))
        .collect();
    assert_eq!(
        statuses,
        [
            None,
            None,
            Some("rest"),
            Some("missed"),
            Some("completed"),
            Some("missed"),
            Some("missed")
        ]
    );
    let counts = report.night_counts();
    assert_eq!(
        counts,
        NightCounts {
            recorded: 5,
            completed: 1,
            partial: 0,
            rest: 1,
            missed: 3,
            unfinished: 0
        }
    );
}

#[test]
fn a_step_done_in_any_run_of_the_night_was_done_that_night() {
    let mut rows = rows("2024-06-10", 1);
    rows.first_record = Some(date("2024-06-07"));
    rows.runs
        .push(run(1, "2024-06-07", RunOutcome::Abandoned, 0));
    rows.runs
        .push(run(2, "2024-06-07", RunOutcome::Completed, 30));
    rows.runs.push(run(3, "2024-06-08", RunOutcome::Partial, 0));
    rows.runs.push(run(4, "2024-06-09", RunOutcome::Partial, 0));
    rows.runs
        .push(run(5, "2024-06-09", RunOutcome::Partial, 30));
    rows.steps = vec![
        step(1, "2024-06-07", 0, "calf", "Calf", Outcome::Skipped),
        step(2, "2024-06-07", 0, "calf", "Calf", Outcome::Done),
        step(2, "2024-06-07", 1, "water", "Water", Outcome::Done),
        step(3, "2024-06-08", 0, "calf", "Calf", Outcome::Skipped),
        step(4, "2024-06-09", 0, "calf", "Calf", Outcome::CutShort),
        step(5, "2024-06-09", 0, "calf", "Calf stretch", Outcome::Skipped),
    ];
    let report = Report::new(rows);
    // Three nights on record (07, 08, 09): calf done on 07, skipped on 08, cut short
    // in one run and skipped in the other on 09 (cut short counts); water done on 07
    // only. The later title stands.
    assert_eq!(
        report.steps,
        [
            StepShare {
                step_id: "calf".to_string(),
                title: "Calf stretch".to_string(),
                done: 1,
                cut_short: 1,
                skipped: 1,
                nights: 3
            },
            StepShare {
                step_id: "water".to_string(),
                title: "Water".to_string(),
                done: 1,
                cut_short: 0,
                skipped: 0,
                nights: 3
            },
        ]
    );
    assert_eq!(report.steps[0].not_run(), 0);
    assert_eq!(report.steps[1].not_run(), 2);
}

#[test]
fn only_episodes_longer_than_ten_minutes_are_flagged() {
    let mut rows = rows("2024-06-10", 1);
    rows.first_record = Some(date("2024-06-03"));
    rows.episodes = vec![
        episode("2024-06-04", 600),
        episode("2024-06-05", 601),
        episode("2024-06-06", 639),
    ];
    let report = Report::new(rows);
    let long: Vec<u32> = report.long_episodes().map(|e| e.seconds).collect();
    assert_eq!(long, [601, 639]);
    assert_eq!(
        markdown::long_episodes_flag(&report).as_deref(),
        Some("2 cramps lasted longer than 10 minutes: worth mentioning.")
    );
}

#[test]
fn check_in_totals_count_only_what_was_given() {
    let mut rows = rows("2024-06-10", 1);
    rows.first_record = Some(date("2024-06-03"));
    let checkin = |night: &str, cramps, severity, minutes| CheckIn {
        night: date(night),
        cramps,
        severity,
        severity_unsure: false,
        leg: None,
        minutes,
        note: None,
    };
    rows.checkins = vec![
        checkin("2024-06-03", 2, Some(7), Some(12)),
        checkin("2024-06-04", 0, None, None),
        checkin("2024-06-05", 3, Some(4), None),
        checkin("2024-06-06", 1, None, Some(3)),
    ];
    let totals = Report::new(rows).checkin_totals();
    assert_eq!(totals.answered, 4);
    assert_eq!(totals.cramps, 6);
    assert_eq!(totals.nights_with_cramps, 3);
    assert_eq!(totals.pain, Some((7, 5.5, 2)));
    assert_eq!(totals.minutes, Some((15, 2)));
}

#[test]
fn pain_is_averaged_over_cramp_nights_that_surely_rated_it() {
    let mut rows = rows("2024-06-10", 1);
    rows.first_record = Some(date("2024-06-03"));
    let checkin = |night: &str, cramps, severity, severity_unsure| CheckIn {
        night: date(night),
        cramps,
        severity,
        severity_unsure,
        leg: None,
        minutes: None,
        note: None,
    };
    rows.checkins = vec![
        checkin("2024-06-03", 2, Some(6), false),
        // An older winddown's 0: maybe not answered.
        checkin("2024-06-04", 1, Some(0), true),
        // A pain with no cramps (an older `checkin --cramps 0 --severity 5`) grades nothing.
        checkin("2024-06-05", 0, Some(5), false),
        checkin("2024-06-06", 1, Some(0), false),
    ];
    let totals = Report::new(rows).checkin_totals();
    assert_eq!(totals.pain, Some((6, 3.0, 2)));
    assert_eq!(totals.unsure_pains, 1);
}

#[test]
fn user_text_is_escaped_for_the_page() {
    assert_eq!(
        escape("<script>alert(\"x\" & 'y')</script>"),
        "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
    );
    assert_eq!(
        escape("fdp\u{202e}exe.\u{1b}[2J\n"),
        "fdp\\u202eexe.\\u001b[2J\\n"
    );
    assert_eq!(escape("Étirement 小腿 🦵"), "Étirement 小腿 🦵");
}

#[test]
fn the_page_shows_no_pain_where_it_is_unsure_and_says_it_left_it_out() {
    let mut rows = rows("2024-06-10", 1);
    rows.first_record = Some(date("2024-06-03"));
    rows.checkins = vec![CheckIn {
        night: date("2024-06-04"),
        cramps: 1,
        severity: Some(0),
        severity_unsure: true,
        leg: None,
        minutes: None,
        note: None,
    }];
    let page = html(&Report::new(rows));
    assert!(page.contains("<td>1</td>"), "{page}");
    assert!(!page.contains("pain 0"), "{page}");
    assert!(
        page.contains("pain: not rated on any of the 1 night with cramps; 1 night left out"),
        "{page}"
    );
}

#[test]
fn an_experiment_is_said_in_its_own_words_in_both_formats_and_its_title_is_escaped() {
    let mut rows = rows("2024-06-10", 1);
    rows.experiment = vec![
        "Experiment on <script>rub</script>, 8 pairs of 3-night blocks, 48 nights:".to_string(),
        "With the <script>rub</script> you had 0.8 fewer cramps a night (95% interval 0.3 to \
         1.3; 8 of 8 pairs; p = 0.008)."
            .to_string(),
        "This is about you, over these weeks; it is not a general result.".to_string(),
    ];
    let report = Report::new(rows);
    let page = html(&report);
    assert!(
        page.contains(
            "<p>With the &lt;script&gt;rub&lt;/script&gt; you had 0.8 fewer cramps a night \
             (95% interval 0.3 to 1.3; 8 of 8 pairs; p = 0.008).</p>"
        ),
        "{page}"
    );
    assert!(!page.contains("<script>"), "{page}");
    let text = markdown(&report);
    let section = text
        .split("## Experiment: does one step make a difference?\n\n")
        .nth(1)
        .expect("the section");
    assert!(
        section.starts_with("Experiment on <script>rub</script>, 8 pairs"),
        "{section}"
    );
    assert!(
        section.contains("This is about you, over these weeks; it is not a general result."),
        "{section}"
    );
    // Without an experiment, neither format has the section.
    let none = Report::new(self::rows("2024-06-10", 1));
    assert!(!html(&none).contains("experiment-h"));
    assert!(!markdown(&none).contains("## Experiment"));
}
