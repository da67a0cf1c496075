//! history, stats, export and status on a known week of nights.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use tempfile::TempDir;
use winddown::cli::export::{CSV_HEADER, CsvRow, Export, ExportFormat, collect, csv_rows, export};
use winddown::cli::history::history;
use winddown::cli::report::report;
use winddown::cli::stats::stats;
use winddown::cli::status::{self as status_of, Around, Plan, status};
use winddown::cli::status_format::{PLACEHOLDERS, fill};
use winddown::model::{CheckIn, Leg, NewRun, RunOutcome, StepRecord};
use winddown::session::{Holds, Outcome, StepResult};
use winddown::store::Store;

const TODAY: &str = "2024-06-10";
const STEPS: [(&str, &str); 3] = [
    ("calf", "Standing calf stretch"),
    ("hamstring", "Standing hamstring stretch"),
    ("soak", "Epsom-salt soak"),
];

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("valid date")
}

/// 21:45 at +02:00 on the evening of `night`, plus `secs`.
fn evening(night: NaiveDate, secs: i64) -> DateTime<FixedOffset> {
    let tz = FixedOffset::east_opt(7200).expect("valid offset");
    tz.from_local_datetime(&night.and_hms_opt(21, 45, 0).expect("valid"))
        .single()
        .expect("unambiguous")
        + chrono::Duration::seconds(secs)
}

/// One night's run: `outcomes` per step ('d' done, 'c' cut short after 20 s of
/// its one 60 s hold, 's' skipped), ended after
/// `length` seconds with `outcome`, or left running when `None`.
fn night_run(
    store: &mut Store,
    night: &str,
    outcomes: &str,
    length: i64,
    outcome: Option<RunOutcome>,
) {
    let night = date(night);
    let run = store
        .start_run(&NewRun {
            routine_id: "leg-cramps".to_string(),
            routine_name: "Leg-cramp wind-down".to_string(),
            routine_hash: "h1".to_string(),
            night,
            started_at: evening(night, 0),
            step_count: STEPS.len(),
        })
        .expect("start");
    for (index, letter) in outcomes.chars().enumerate() {
        let (step_id, title) = STEPS[index];
        let (outcome, active, holds) = match letter {
            'd' => (Outcome::Done, 60_500, None),
            'c' => (
                Outcome::CutShort,
                20_000,
                Some(Holds {
                    held: Duration::from_secs(20),
                    full: 0,
                    planned: 1,
                }),
            ),
            _ => (Outcome::Skipped, 0, None),
        };
        let record = StepRecord {
            step_id: step_id.to_string(),
            title: title.to_string(),
            result: StepResult {
                outcome,
                active: Duration::from_millis(active),
                holds,
            },
            at: evening(night, 60 * (index as i64 + 1)).with_timezone(&Utc),
        };
        store.record_step(run, index, &record).expect("record");
    }
    if let Some(outcome) = outcome {
        store
            .finish_run(run, evening(night, length).with_timezone(&Utc), outcome)
            .expect("finish");
    }
}

/// The week used throughout: completed, completed, rest, missed, partial (its
/// hamstring stretch cut short), completed, completed, and tonight one step in.
fn fixture(path: &Path) -> Store {
    let mut store = Store::open(path).expect("open");
    night_run(
        &mut store,
        "2024-06-03",
        "dds",
        845,
        Some(RunOutcome::Completed),
    );
    night_run(
        &mut store,
        "2024-06-04",
        "ddd",
        720,
        Some(RunOutcome::Completed),
    );
    store
        .declare_rest(
            date("2024-06-05"),
            "travelling",
            evening(date("2024-06-05"), 0).with_timezone(&Utc),
        )
        .expect("rest");
    night_run(
        &mut store,
        "2024-06-07",
        "dcs",
        330,
        Some(RunOutcome::Partial),
    );
    night_run(
        &mut store,
        "2024-06-08",
        "ddd",
        900,
        Some(RunOutcome::Completed),
    );
    night_run(
        &mut store,
        "2024-06-09",
        "ddd",
        600,
        Some(RunOutcome::Completed),
    );
    night_run(&mut store, TODAY, "d", 0, None);
    store
}

fn text(write: impl FnOnce(&mut Vec<u8>)) -> String {
    let mut out = Vec::new();
    write(&mut out);
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn history_table_lists_every_night_newest_first() {
    let dir = TempDir::new().expect("tempdir");
    let store = fixture(&dir.path().join("winddown.db"));
    let table = text(|out| history(&store, None, date(TODAY), out).expect("history"));
    let expected = "\
Night       Routine              Done  Cut short  Skipped  Duration  Outcome           Cramps
2024-06-10  Leg-cramp wind-down   1/3          0        0         -  unfinished
2024-06-09  Leg-cramp wind-down   3/3          0        0   10m 00s  completed
2024-06-08  Leg-cramp wind-down   3/3          0        0   15m 00s  completed
2024-06-07  Leg-cramp wind-down   1/3          1        1    5m 30s  partial
2024-06-06                                                           missed
2024-06-05                                                           rest: travelling
2024-06-04  Leg-cramp wind-down   3/3          0        0   12m 00s  completed
2024-06-03  Leg-cramp wind-down   2/3          0        1   14m 05s  completed
";
    assert_eq!(table, expected);
    let last_two = text(|out| history(&store, Some(2), date(TODAY), out).expect("history"));
    assert_eq!(last_two.lines().count(), 3, "{last_two}");
}

#[test]
fn history_lists_every_night_with_any_record_and_every_run() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    // Only an SOS episode: a night on record.
    store
        .record_sos(
            evening(date("2024-06-01"), 14_400),
            date("2024-06-01"),
            8,
            Some(Leg::Right),
        )
        .expect("sos");
    let sos_only = text(|out| history(&store, None, date("2024-06-02"), out).expect("history"));
    assert_eq!(
        sos_only,
        "\
Night       Routine  Done  Cut short  Skipped  Duration  Outcome  Cramps
2024-06-02                                               not yet
2024-06-01                                               missed

2024-06-01  SOS at 01:45, 8s, right leg
"
    );
    // A check-in (with a note) for the night before the first run, then two routines
    // on one night: the partial run and the completed one each on a row.
    let checkin = CheckIn {
        night: date("2024-06-02"),
        cramps: 3,
        severity: None,
        severity_unsure: false,
        leg: None,
        minutes: None,
        note: Some("before the first run".to_string()),
    };
    store
        .save_checkin(
            &checkin,
            evening(date("2024-06-03"), 36_000).with_timezone(&Utc),
        )
        .expect("check in");
    night_run(
        &mut store,
        "2024-06-03",
        "ds",
        200,
        Some(RunOutcome::Partial),
    );
    let second = store
        .start_run(&NewRun {
            routine_id: "quick".to_string(),
            routine_name: "Quick wind-down".to_string(),
            routine_hash: "h2".to_string(),
            night: date("2024-06-03"),
            started_at: evening(date("2024-06-03"), 600),
            step_count: 1,
        })
        .expect("second run");
    store
        .finish_run(
            second,
            evening(date("2024-06-03"), 900).with_timezone(&Utc),
            RunOutcome::Completed,
        )
        .expect("finish");
    let table = text(|out| history(&store, None, date("2024-06-03"), out).expect("history"));
    assert_eq!(
        table,
        "\
Night       Routine              Done  Cut short  Skipped  Duration  Outcome    Cramps
2024-06-03  Quick wind-down       0/1          0        0    5m 00s  completed
2024-06-03  Leg-cramp wind-down   1/3          0        1    3m 20s  partial
2024-06-02                                                           missed         3+
2024-06-01                                                           missed

2024-06-02  note: before the first run
2024-06-01  SOS at 01:45, 8s, right leg
"
    );
}

#[test]
fn history_of_an_empty_store_says_so() {
    let dir = TempDir::new().expect("tempdir");
    let store = Store::open_read_only(&dir.path().join("missing.db")).expect("open");
    let table = text(|out| history(&store, Some(14), date(TODAY), out).expect("history"));
    assert_eq!(table, "No nights recorded yet.\n");
}

#[test]
fn stats_report_streaks_rates_steps_and_duration() {
    let dir = TempDir::new().expect("tempdir");
    let store = fixture(&dir.path().join("winddown.db"));
    let report = text(|out| stats(&store, date(TODAY), out).expect("stats"));
    // Streak: 06-08 and 06-09 (06-06 was missed; tonight is still going).
    // Last 7 (06-04..06-10): C R M P C C + tonight → 3 of 5. All: 4 of 6.
    // Average of 14m05s, 12m, 15m, 10m = 12m 46s.
    let expected = "\
Current streak:  2 nights
Best streak:     2 nights
Last 7 nights:   3 of 5 completed (60%)
Last 30 nights:  4 of 6 completed (67%)
All nights:      4 of 6 completed (67%)
Average run:     12m 46s (over 4 completed nights)

Done rate per step:
  Standing calf stretch       100%  (6 of 6)
  Standing hamstring stretch   80%  (4 of 5; 1 cut short)
  Epsom-salt soak              60%  (3 of 5)
";
    assert_eq!(report, expected);
}

#[test]
fn status_line_for_each_kind_of_night() {
    let dir = TempDir::new().expect("tempdir");
    let path = dir.path().join("winddown.db");
    let mut store = fixture(&path);
    let open = Around {
        open: true,
        ..Around::default()
    };
    let line = |store: &Store, today: &str, around: &Around| {
        text(|out| status(store, date(today), around, false, out).expect("status"))
    };
    // Tonight's run has step 1 of 3 done: under way in an open winddown, or left
    // at step 2 when none is open.
    assert_eq!(
        line(&store, TODAY, &open),
        "winddown: tonight 1/3 · streak 2\n"
    );
    assert_eq!(
        line(&store, TODAY, &Around::default()),
        "winddown: tonight stopped at step 2 of 3 · streak 2\n"
    );
    assert_eq!(
        line(&store, "2024-06-09", &open),
        "winddown: tonight done · streak 2\n"
    );
    assert_eq!(
        line(&store, "2024-06-07", &open),
        "winddown: tonight partial 1/3 · streak 0\n"
    );
    assert_eq!(
        line(&store, "2024-06-05", &open),
        "winddown: rest night · streak 2\n"
    );
    // The next evening, 06-10's run was left unfinished: the streak is gone.
    assert_eq!(
        line(&store, "2024-06-11", &open),
        "winddown: tonight not started · streak 0\n"
    );
    let empty = Store::open_read_only(&dir.path().join("none.db")).expect("open");
    assert_eq!(
        line(&empty, TODAY, &open),
        "winddown: tonight not started · streak 0\n"
    );

    // A rest night declared, then a run started anyway: the run is what is happening.
    store
        .declare_rest(
            date("2024-06-11"),
            "sore",
            evening(date("2024-06-11"), 0).with_timezone(&Utc),
        )
        .expect("rest");
    assert_eq!(
        line(&store, "2024-06-11", &open),
        "winddown: rest night · streak 0\n"
    );
    night_run(&mut store, "2024-06-11", "", 0, None);
    assert_eq!(
        line(&store, "2024-06-11", &open),
        "winddown: tonight 0/3 · streak 0\n"
    );
}

#[test]
fn status_json_holds_every_format_placeholder_with_the_value_format_prints() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = fixture(&dir.path().join("winddown.db"));
    let before = date("2024-06-11");
    let plan = Plan {
        steps: 7,
        start_by: before.and_hms_opt(22, 1, 0),
        bedtime: before.and_hms_opt(22, 30, 0),
    };
    let around = Around { plan, open: false };
    let json = |store: &Store, today: &str, around: &Around| -> serde_json::Value {
        let text = text(|out| status(store, date(today), around, true, out).expect("status"));
        serde_json::from_str(&text).expect("parses")
    };
    // Before a run: 0 of the plan's 7, as `--format '{done}/{total}'` prints it.
    assert_eq!(
        json(&store, "2024-06-11", &around),
        serde_json::json!({
            "night": "2024-06-11", "icon": "🌙", "summary": "start by 22:01",
            "state": "not started", "done": 0, "total": 7, "step": null,
            "start_by": "22:01", "bedtime": "22:30", "streak": 0, "best": 2,
            "rest_reason": null
        })
    );
    // A run left at step 2 with no winddown open.
    assert_eq!(
        json(&store, TODAY, &around),
        serde_json::json!({
            "night": "2024-06-10", "icon": "⏸", "summary": "stopped at step 2 of 3",
            "state": "stopped", "done": 1, "total": 3, "step": 2,
            "start_by": "22:01", "bedtime": "22:30", "streak": 2, "best": 2,
            "rest_reason": null
        })
    );
    store
        .declare_rest(
            date("2024-06-11"),
            "sore",
            evening(date("2024-06-11"), 0).with_timezone(&Utc),
        )
        .expect("rest");
    let rest = json(&store, "2024-06-11", &around);
    assert_eq!(rest["state"], "rest");
    assert_eq!(rest["rest_reason"], "sore");
    assert_eq!(
        (rest["done"].clone(), rest["total"].clone()),
        (0.into(), 7.into())
    );
    // Every placeholder, every kind of night: the JSON says what `--format` prints.
    for (today, open) in [
        ("2024-06-11", false),
        (TODAY, false),
        (TODAY, true),
        ("2024-06-09", true),
        ("2024-06-07", true),
        ("2024-06-05", true),
    ] {
        let around = Around { plan, open };
        let status = status_of::collect(&store, date(today), &around).expect("collect");
        let value = json(&store, today, &around);
        for (name, _) in PLACEHOLDERS {
            let printed = fill(&format!("{{{name}}}"), &status).expect("fills");
            let held = match &value[*name] {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            assert_eq!(held, printed, "{today} {{{name}}}");
        }
    }
}

#[test]
fn json_export_parses_back_to_the_same_rows() {
    let dir = TempDir::new().expect("tempdir");
    let store = fixture(&dir.path().join("winddown.db"));
    let json =
        text(|out| export(&store, date(TODAY), ExportFormat::Json, out, false).expect("export"));
    let parsed: Export = serde_json::from_str(&json).expect("parses");
    assert_eq!(parsed, collect(&store, date(TODAY)).expect("collect"));

    // And those rows are the store's: every run and every step result.
    assert_eq!(parsed.runs.len(), 6);
    assert_eq!(parsed.rest_nights.len(), 1);
    let exported: Vec<_> = parsed.runs.iter().flat_map(|run| &run.steps).collect();
    let stored = store.all_step_results().expect("rows");
    assert_eq!(exported.len(), stored.len());
    for (exported, stored) in exported.iter().zip(&stored) {
        assert_eq!(exported.step_id, stored.step_id);
        assert_eq!(exported.index, stored.index);
        assert_eq!(exported.title, stored.title);
        assert_eq!(exported.active_seconds, stored.active.as_secs_f64());
        let at = DateTime::parse_from_rfc3339(&exported.at).expect("RFC 3339");
        assert_eq!(at, stored.at);
        assert_eq!(at.offset().local_minus_utc(), 7200, "local offset kept");
    }
    let first = &parsed.runs[0];
    assert_eq!(first.started_at, "2024-06-03T21:45:00.000+02:00");
    assert_eq!(
        first.ended_at.as_deref(),
        Some("2024-06-03T21:59:05.000+02:00")
    );
    assert_eq!(parsed.runs[5].ended_at, None);
}

#[test]
fn csv_export_has_a_header_and_a_row_per_run_step_and_rest() {
    let dir = TempDir::new().expect("tempdir");
    let store = fixture(&dir.path().join("winddown.db"));
    let csv_text =
        text(|out| export(&store, date(TODAY), ExportFormat::Csv, out, false).expect("export"));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, CSV_HEADER);
    let rows: Vec<CsvRow> = reader
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("rows parse");
    // 6 runs, 16 step results, 1 rest night.
    assert_eq!(rows.len(), 6 + 16 + 1);
    assert_eq!(
        rows,
        csv_rows(&collect(&store, date(TODAY)).expect("collect"))
    );
    let kinds: Vec<&str> = rows.iter().take(5).map(|row| row.kind.as_str()).collect();
    assert_eq!(kinds, ["run", "step", "step", "step", "run"]);
    let rest = rows
        .iter()
        .find(|row| row.kind == "rest")
        .expect("rest row");
    assert_eq!(rest.night, "2024-06-05");
    assert_eq!(rest.rest_reason.as_deref(), Some("travelling"));
}

#[test]
fn csv_export_of_an_empty_store_is_just_the_header() {
    let dir = TempDir::new().expect("tempdir");
    let store = Store::open_read_only(&dir.path().join("missing.db")).expect("open");
    let csv_text =
        text(|out| export(&store, date(TODAY), ExportFormat::Csv, out, false).expect("export"));
    assert_eq!(csv_text, format!("{}\n", CSV_HEADER.join(",")));
}

/// Check-ins and SOS episodes on the fixture week, plus one of each outside it.
fn add_cramps(store: &mut Store) {
    let checkins = [
        ("2024-05-20", 3, None, None, None),
        ("2024-06-03", 0, None, None, None),
        ("2024-06-06", 2, Some(6), Some(Leg::Left), Some(5)),
        ("2024-06-07", 3, Some(8), Some(Leg::Both), None),
        ("2024-06-09", 1, Some(3), Some(Leg::Left), None),
    ];
    for (night, cramps, severity, leg, minutes) in checkins {
        let checkin = CheckIn {
            night: date(night),
            cramps,
            severity,
            severity_unsure: false,
            leg,
            minutes,
            note: None,
        };
        store
            .save_checkin(&checkin, evening(date(night), 36_000).with_timezone(&Utc))
            .expect("check in");
    }
    for (night, seconds, leg) in [
        ("2024-06-06", 95, Some(Leg::Left)),
        ("2024-06-07", 250, None),
        (TODAY, 600, None),
    ] {
        store
            .record_sos(evening(date(night), 14_400), date(night), seconds, leg)
            .expect("sos");
    }
}

#[test]
fn report_is_markdown_of_the_weeks_ending_last_night() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = fixture(&dir.path().join("winddown.db"));
    add_cramps(&mut store);
    // One cramp of 10 min 39 s on the night of 06-08.
    store
        .record_sos(
            evening(date("2024-06-08"), 14_400),
            date("2024-06-08"),
            639,
            None,
        )
        .expect("sos");
    let markdown = text(|out| report(&store, 1, date(TODAY), out).expect("report"));
    // 06-03..06-09: C C R M P C C. Check-ins 0, 2, 3, 1 → 1.5 a night; severity
    // 6, 8, 3 → worst 8, mean 5.7; minutes given once (5). SOS 95 s + 250 s + 639 s
    // = 16m 24s, one over 10 minutes; tonight's is not in the period. Steps over the
    // 7 nights (a rest night and a missed one run nothing): calf d d d d d,
    // hamstring d d c d d, soak s d s d d.
    let expected = "\
# Leg-cramp diary from winddown

Period: Mon 3 Jun 2024 to Sun 9 Jun 2024 (1 week). Nights recorded: 7. Check-ins answered: 4 of 7 nights.

**1 cramp lasted longer than 10 minutes: worth mentioning.**

## Evening stretching routine

| nights | count | share |
|---|---:|---:|
| completed | 4 | 57% |
| partial | 1 | 14% |
| rest night | 1 | 14% |
| missed | 1 | 14% |

Each step, out of the 7 nights recorded (done: every hold held to its end; cut short: left before that; not run: no routine that night, a rest night, or the run ended before the step):

| step | done | cut short | skipped | not run |
|---|---:|---:|---:|---:|
| Standing calf stretch | 5 (71%) | 0 (0%) | 0 (0%) | 2 (29%) |
| Standing hamstring stretch | 4 (57%) | 1 (14%) | 0 (0%) | 2 (29%) |
| Epsom-salt soak | 3 (43%) | 0 (0%) | 2 (29%) | 2 (29%) |

## Night cramps (morning check-ins)

- Nights checked in: 4
- Cramps per night: 1.5 on average (\"3 or more\" counted as 3)
- Nights with cramps: 3 of 4 (75%)
- Cramp minutes: 5 in all, on the 1 night that gave them
- Severity (0–10): worst 8, mean 5.7 over 3 rated nights of the 3 with cramps
- Legs (nights): left 2, right 0, both 1

## Cramps eased with the SOS screen

- Episodes: 3
- Time in all: 16m 24s; longest: 10m 39s
- Longer than 10 minutes: 1, worth mentioning
  - Fri 7 Jun 01:45: 1m 35s, left leg
  - Sat 8 Jun 01:45: 4m 10s
  - Sun 9 Jun 01:45: 10m 39s (longer than 10 minutes)

## When to see a doctor

- See a doctor if cramps often wake you, last longer than 10 minutes, or come with numbness, swelling or muscle weakness.
- Some medicines can bring on cramps (water pills, statins, some inhalers): do not stop any, but mention the cramps to whoever prescribed them.
- Magnesium supplements need a doctor's word with kidney disease.
- Leg cramps are painful hard muscles; restless legs are an uncomfortable urge to move that eases with moving — a different condition worth its own visit.

_Recorded by the user in winddown. A diary, not a diagnosis._
";
    assert_eq!(markdown, expected);
}

#[test]
fn report_of_an_empty_period_still_says_when_to_see_a_doctor() {
    let dir = TempDir::new().expect("tempdir");
    let store = Store::open_read_only(&dir.path().join("missing.db")).expect("open");
    let markdown = text(|out| report(&store, 4, date(TODAY), out).expect("report"));
    assert!(
        markdown
            .contains("Period: Mon 13 May 2024 to Sun 9 Jun 2024 (4 weeks). Nights recorded: 0."),
        "{markdown}"
    );
    assert!(
        markdown.contains("No nights recorded in this period."),
        "{markdown}"
    );
    assert!(
        markdown.contains("No check-ins in this period."),
        "{markdown}"
    );
    assert!(
        markdown.contains("No episodes recorded in this period."),
        "{markdown}"
    );
    assert!(markdown.contains("## When to see a doctor"), "{markdown}");
}

#[test]
fn the_report_averages_pain_over_the_nights_that_rated_it_and_says_how_many() {
    let dir = TempDir::new().expect("tempdir");
    let mut store = Store::open(&dir.path().join("winddown.db")).expect("open");
    // 06-03: 2 cramps, pain 6; 06-04: 1 cramp, pain not answered; 06-05: 1 cramp,
    // an older winddown's 0; 06-06: no cramps. Mean over the one rated night: 6.
    let rows = [
        ("2024-06-03", 2, Some(6), false),
        ("2024-06-04", 1, None, false),
        ("2024-06-05", 1, Some(0), true),
        ("2024-06-06", 0, None, false),
    ];
    for (night, cramps, severity, severity_unsure) in rows {
        let checkin = CheckIn {
            night: date(night),
            cramps,
            severity,
            severity_unsure,
            leg: None,
            minutes: None,
            note: None,
        };
        store
            .save_checkin(&checkin, evening(date(night), 36_000).with_timezone(&Utc))
            .expect("check in");
    }
    let markdown = text(|out| report(&store, 1, date(TODAY), out).expect("report"));
    assert!(
        markdown.contains(
            "- Severity (0–10): worst 6, mean 6.0 over 1 rated night of the 3 with cramps; \
             1 night left out, saved as 0 by an older winddown that also saved 0 when the \
             pain was not answered\n"
        ),
        "{markdown}"
    );
}
