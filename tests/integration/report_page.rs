//! `winddown report --format html` read as a browser reads it: the page parsed
//! with an HTML parser, its tables checked against the made-up diary it was made
//! from (every expected number counted here from the diary, not taken from the
//! report's code), and each chart drawn with a pure-Rust SVG renderer to check
//! that bars and dots sit where the diary puts them. No browser needed: these
//! always run. (report_browser.rs prints and measures the page in Chromium.)

use std::collections::VecDeque;

use chrono::NaiveDate;
use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;
use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;
use winddown::cli::args::ReportFormat;
use winddown::cli::report::render;
use winddown::model::{CheckIn, Leg, MAX_CRAMPS};
use winddown::session::Outcome;
use winddown::store::Store;

use crate::support::diary::{self, DiaryNight, Evening, STEPS};

/// The charts' colours, as the page's legend shows them.
const BAR: [u8; 3] = [0x1f, 0x4e, 0x79];
const ZERO: [u8; 3] = [0x2e, 0x7d, 0x32];
const HATCH: [u8; 3] = [0xb3, 0xb3, 0xb3];
const HATCH_GROUND: [u8; 3] = [0xf2, 0xf2, 0xf2];
const REST: [u8; 3] = [0xa1, 0x4f, 0x00];
const CUT_SHORT: [u8; 3] = [0x7f, 0xa7, 0xd3];
const SKIPPED: [u8; 3] = [0xe8, 0xa3, 0x58];
const NOT_RUN: [u8; 3] = [0xe3, 0xe3, 0xe3];
const LONG: [u8; 3] = [0xb0, 0x00, 0x20];

/// Pixels per chart unit when drawing.
const SCALE: f32 = 2.0;

/// The diary written to a database, and its page for `weeks` weeks with the
/// diary's nights of that period.
fn page(weeks: u32) -> (String, Vec<DiaryNight>) {
    let nights = diary::nights(diary::WEEKS);
    let period = nights[nights.len() - weeks as usize * 7..].to_vec();
    (diary::page(weeks), period)
}

fn select<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).expect("selector");
    element.select(&selector).collect()
}

fn text(element: ElementRef) -> String {
    element.text().collect::<String>().trim().to_string()
}

/// A whole rounded percentage, halves up.
fn percent(part: usize, whole: usize) -> usize {
    (part * 200 + whole).checked_div(whole * 2).unwrap_or(0)
}

/// A length as the page writes it: "45s", "2m", "12m 10s".
fn length(seconds: u32) -> String {
    match (seconds / 60, seconds % 60) {
        (0, s) => format!("{s}s"),
        (m, 0) => format!("{m}m"),
        (m, s) => format!("{m}m {s}s"),
    }
}

fn checkin(night: &DiaryNight) -> Option<&CheckIn> {
    night.checkin.as_ref()
}

#[test]
fn the_header_says_the_period_nights_and_check_ins_and_flags_long_episodes() {
    let (html, nights) = page(4);
    let document = Html::parse_document(&html);
    let root = document.root_element();
    let who: Vec<String> = select(root, "dl.who > div").into_iter().map(text).collect();
    let answered = nights.iter().filter(|n| n.checkin.is_some()).count();
    assert_eq!(
        who,
        [
            "PeriodMon 13 May 2024 to Sun 9 Jun 2024 (4 weeks, 28 nights)".to_string(),
            "Nights recorded28".to_string(),
            format!("Check-ins answered{answered} of 28 nights"),
            format!("Routine{}", diary::ROUTINE),
        ]
    );
    let long: Vec<String> = nights
        .iter()
        .flat_map(|night| {
            night
                .episodes
                .iter()
                .filter(|(_, seconds, _)| *seconds > 600)
                .map(|(_, seconds, _)| {
                    format!("{}, {}", night.night.format("%a %-d %b"), length(*seconds))
                })
        })
        .collect();
    assert_eq!(
        long.len(),
        2,
        "the diary has two long cramps in its last weeks"
    );
    let flag = select(root, "p.flag");
    assert_eq!(flag.len(), 1);
    assert_eq!(
        text(flag[0]),
        format!(
            "2 cramps lasted longer than 10 minutes: worth mentioning. ({})",
            long.join("; ")
        )
    );
    // The flag comes before the first chart.
    let flag_at = html.find("class=\"flag\"").expect("flag");
    assert!(flag_at < html.find("<svg").expect("a chart"));
}

/// What a reader (or a screen reader) gets from one night's calendar cell.
fn calendar_cell(night: &DiaryNight) -> String {
    let mut cell = match checkin(night) {
        Some(checkin) => {
            let cramps = if checkin.cramps >= MAX_CRAMPS {
                "3+".to_string()
            } else {
                checkin.cramps.to_string()
            };
            match checkin.severity {
                Some(pain) => format!("{cramps}, pain {pain}"),
                None => cramps,
            }
        }
        None => "–no check-in".to_string(),
    };
    if matches!(night.evening, Evening::Rest(_)) {
        cell.push_str(" rest");
    }
    cell
}

#[test]
fn the_calendar_gives_every_night_of_the_diary() {
    for weeks in [4, 12] {
        let (html, nights) = page(weeks);
        let document = Html::parse_document(&html);
        let rows = select(document.root_element(), "table.calendar tbody tr");
        assert_eq!(rows.len(), weeks as usize);
        for (row, week) in rows.into_iter().zip(nights.chunks(7)) {
            let first = week[0].night;
            let last = week[6].night;
            let header = select(row, "th");
            let expected_header = if first.format("%b").to_string() == last.format("%b").to_string()
            {
                format!("{}–{}", first.format("%-d"), last.format("%-d %b"))
            } else {
                format!("{}–{}", first.format("%-d %b"), last.format("%-d %b"))
            };
            assert_eq!(text(header[0]), expected_header);
            let cells: Vec<String> = select(row, "td").into_iter().map(text).collect();
            let expected: Vec<String> = week.iter().map(calendar_cell).collect();
            assert_eq!(cells, expected, "week of {first}");
        }
    }
}

#[test]
fn each_step_row_gives_its_nights_done_cut_short_skipped_and_not_run() {
    for weeks in [4, 12] {
        let (html, nights) = page(weeks);
        let document = Html::parse_document(&html);
        let rows = select(document.root_element(), "table.steps tbody tr");
        assert_eq!(rows.len(), STEPS.len());
        let whole = nights.len();
        for (index, (row, (_, title, _))) in rows.into_iter().zip(STEPS).enumerate() {
            let count = |wanted: Outcome| {
                nights
                    .iter()
                    .filter(|night| match &night.evening {
                        Evening::Ran(outcomes, _) => outcomes[index] == Some(wanted),
                        _ => false,
                    })
                    .count()
            };
            let (done, cut_short, skipped) = (
                count(Outcome::Done),
                count(Outcome::CutShort),
                count(Outcome::Skipped),
            );
            let not_run = whole - done - cut_short - skipped;
            let share = |n: usize| format!("{n} ({}%)", percent(n, whole));
            assert_eq!(text(select(row, "th")[0]), title);
            let cells: Vec<String> = select(row, "td").into_iter().map(text).collect();
            assert_eq!(
                cells[..4],
                [
                    share(done),
                    share(cut_short),
                    share(skipped),
                    share(not_run)
                ],
                "{title} over {weeks} weeks"
            );
            let bar = select(row, "svg");
            assert_eq!(bar.len(), 1);
            check_step_bar(&bar[0].html(), [done, cut_short, skipped, not_run], title);
        }
    }
}

#[test]
fn the_episode_table_lists_every_sos_episode() {
    for weeks in [4, 12] {
        let (html, nights) = page(weeks);
        let document = Html::parse_document(&html);
        let rows: Vec<Vec<String>> = select(document.root_element(), "table.episodes tbody tr")
            .into_iter()
            .map(|row| select(row, "td").into_iter().map(text).collect())
            .collect();
        let expected: Vec<Vec<String>> = nights
            .iter()
            .flat_map(|night| {
                night.episodes.iter().map(|(after_midnight, seconds, leg)| {
                    let began = after_midnight / 60;
                    let lasted = if *seconds > 600 {
                        format!("{} longer than 10 minutes", length(*seconds))
                    } else {
                        length(*seconds)
                    };
                    vec![
                        night.night.format("%a %-d %b").to_string(),
                        format!("{:02}:{:02}", began / 60, began % 60),
                        lasted,
                        leg.map_or("–", Leg::as_str).to_string(),
                    ]
                })
            })
            .collect();
        assert!(expected.len() >= 5, "the diary has episodes to show");
        assert_eq!(rows, expected, "{weeks} weeks");
    }
}

#[test]
fn every_chart_has_a_title_and_a_description_and_is_drawn() {
    let (html, nights) = page(4);
    let document = Html::parse_document(&html);
    let charts = select(document.root_element(), "svg");
    // Cramps, SOS, and one bar per step.
    assert_eq!(charts.len(), 2 + STEPS.len());
    for chart in charts {
        let names = chart.value().attr("aria-labelledby").expect("labelled");
        assert_eq!(chart.value().attr("role"), Some("img"));
        let ids: Vec<&str> = names.split_whitespace().collect();
        let title = select(chart, "title");
        let desc = select(chart, "desc");
        assert_eq!((title.len(), desc.len()), (1, 1));
        assert_eq!(
            ids,
            [
                title[0].value().id().expect("id"),
                desc[0].value().id().expect("id")
            ]
        );
        assert!(text(title[0]).len() > 10 && text(desc[0]).len() > 20);
        let drawn = draw(&chart.html());
        let inked = drawn
            .pixels()
            .iter()
            .filter(|pixel| pixel.alpha() > 0 && (pixel.red(), pixel.green()) != (255, 255))
            .count();
        assert!(inked > 200, "{} is blank", text(title[0]));
    }
    assert!(nights.len() == 28);
}

/// Draws one SVG with resvg at [`SCALE`] on white.
fn draw(svg: &str) -> Pixmap {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("an SVG resvg reads");
    let size = tree.size();
    let mut pixmap = Pixmap::new(
        (size.width() * SCALE).ceil() as u32,
        (size.height() * SCALE).ceil() as u32,
    )
    .expect("a canvas");
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
}

fn is(pixmap: &Pixmap, x: u32, y: u32, colour: [u8; 3]) -> bool {
    let pixel = pixmap.pixel(x, y).expect("inside");
    [pixel.red(), pixel.green(), pixel.blue()] == colour && pixel.alpha() == 255
}

/// A patch of touching pixels of one colour.
#[derive(Debug, Clone, Copy)]
struct Blob {
    left: u32,
    right: u32,
    top: u32,
    bottom: u32,
}

impl Blob {
    fn centre_x(&self) -> f64 {
        f64::from(self.left + self.right) / 2.0
    }

    fn centre_y(&self) -> f64 {
        f64::from(self.top + self.bottom) / 2.0
    }

    fn height(&self) -> u32 {
        self.bottom - self.top + 1
    }

    fn width(&self) -> u32 {
        self.right - self.left + 1
    }
}

/// Every patch of `colour`, left to right.
fn blobs(pixmap: &Pixmap, colour: [u8; 3]) -> Vec<Blob> {
    let (width, height) = (pixmap.width(), pixmap.height());
    let mut seen = vec![false; (width * height) as usize];
    let mut found = Vec::new();
    for y in 0..height {
        for x in 0..width {
            if seen[(y * width + x) as usize] || !is(pixmap, x, y, colour) {
                continue;
            }
            let mut blob = Blob {
                left: x,
                right: x,
                top: y,
                bottom: y,
            };
            let mut queue = VecDeque::from([(x, y)]);
            seen[(y * width + x) as usize] = true;
            while let Some((px, py)) = queue.pop_front() {
                blob.left = blob.left.min(px);
                blob.right = blob.right.max(px);
                blob.top = blob.top.min(py);
                blob.bottom = blob.bottom.max(py);
                let neighbours = [
                    (px.wrapping_sub(1), py),
                    (px + 1, py),
                    (px, py.wrapping_sub(1)),
                    (px, py + 1),
                ];
                for (nx, ny) in neighbours {
                    if nx < width
                        && ny < height
                        && !seen[(ny * width + nx) as usize]
                        && is(pixmap, nx, ny, colour)
                    {
                        seen[(ny * width + nx) as usize] = true;
                        queue.push_back((nx, ny));
                    }
                }
            }
            found.push(blob);
        }
    }
    found.sort_by(|a, b| a.centre_x().total_cmp(&b.centre_x()));
    found
}

/// The straight line through `points` (least squares), and the largest distance
/// of a point from it.
fn fit(points: &[(f64, f64)]) -> (f64, f64, f64) {
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let slope = points
        .iter()
        .map(|p| (p.0 - mean_x) * (p.1 - mean_y))
        .sum::<f64>()
        / points.iter().map(|p| (p.0 - mean_x).powi(2)).sum::<f64>();
    let intercept = mean_y - slope * mean_x;
    let worst = points
        .iter()
        .map(|p| (p.1 - (intercept + slope * p.0)).abs())
        .fold(0.0, f64::max);
    (intercept, slope, worst)
}

fn chart_titled(document: &Html, id: &str) -> String {
    let charts = select(document.root_element(), &format!("svg#{id}"));
    assert_eq!(charts.len(), 1, "one {id}");
    charts[0].html()
}

#[test]
fn cramp_bars_dots_hatching_and_rest_marks_sit_on_their_nights() {
    for weeks in [4, 12] {
        let (html, nights) = page(weeks);
        let document = Html::parse_document(&html);
        let drawn = draw(&chart_titled(&document, "cramps-chart"));
        let wanted = |keep: &dyn Fn(&DiaryNight) -> bool| -> Vec<usize> {
            (0..nights.len()).filter(|&i| keep(&nights[i])).collect()
        };
        // Bars: one per night with cramps, in night order, as tall as its count.
        let with_cramps = wanted(&|n| checkin(n).is_some_and(|c| c.cramps > 0));
        let bars = blobs(&drawn, BAR);
        assert_eq!(
            bars.len(),
            with_cramps.len(),
            "{weeks} weeks: a bar a night with cramps"
        );
        let points: Vec<(f64, f64)> = with_cramps
            .iter()
            .zip(&bars)
            .map(|(&night, bar)| (night as f64, bar.centre_x()))
            .collect();
        let (left, step, worst) = fit(&points);
        assert!(worst <= 1.5, "bars evenly across by night: {worst} px off");
        assert!(step > 4.0, "a column a night: {step} px");
        let cramps_of =
            |night: usize| u32::from(checkin(&nights[night]).expect("checked in").cramps);
        let unit = f64::from(bars.iter().map(Blob::height).sum::<u32>())
            / f64::from(with_cramps.iter().map(|&n| cramps_of(n)).sum::<u32>());
        let baseline = bars[0].bottom;
        for (&night, bar) in with_cramps.iter().zip(&bars) {
            let expected = unit * f64::from(cramps_of(night));
            assert!(
                (f64::from(bar.height()) - expected).abs() <= 2.0,
                "night {night}: {} px for {} cramps ({unit:.1} px each)",
                bar.height(),
                cramps_of(night)
            );
            assert!(bar.bottom.abs_diff(baseline) <= 1, "bars stand on one line");
        }
        let x_of = |night: usize| left + step * night as f64;
        // A dot on the line for each night checked in with no cramps.
        let zero = wanted(&|n| checkin(n).is_some_and(|c| c.cramps == 0));
        let dots = blobs(&drawn, ZERO);
        assert_eq!(dots.len(), zero.len(), "a dot a night without cramps");
        for (&night, dot) in zero.iter().zip(&dots) {
            assert!(
                (dot.centre_x() - x_of(night)).abs() <= 1.5,
                "night {night}'s dot"
            );
            assert!(
                dot.bottom.abs_diff(baseline) <= 2 + 4 * SCALE as u32,
                "on the line"
            );
        }
        // Hatching exactly where no check-in was answered.
        let top = (f64::from(baseline) - 3.0 * unit) as u32;
        for (night, diary_night) in nights.iter().enumerate() {
            let x = x_of(night).round() as u32;
            let hatched = (x - 2..=x + 2).any(|px| {
                (top..baseline)
                    .any(|py| is(&drawn, px, py, HATCH) || is(&drawn, px, py, HATCH_GROUND))
            });
            assert_eq!(
                hatched,
                checkin(diary_night).is_none(),
                "night {night}'s hatching"
            );
        }
        // A triangle under each rest night.
        let rests = wanted(&|n| matches!(n.evening, Evening::Rest(_)));
        let marks = blobs(&drawn, REST);
        assert_eq!(marks.len(), rests.len());
        for (&night, mark) in rests.iter().zip(&marks) {
            assert!(
                (mark.centre_x() - x_of(night)).abs() <= 1.5,
                "rest night {night}"
            );
            assert!(mark.top > baseline, "under the line");
        }
    }
}

#[test]
fn sos_dots_sit_at_their_night_and_length_with_the_long_ones_red() {
    for weeks in [4, 12] {
        let (html, nights) = page(weeks);
        let document = Html::parse_document(&html);
        let drawn = draw(&chart_titled(&document, "sos-chart"));
        let episodes: Vec<(usize, u32)> = nights
            .iter()
            .enumerate()
            .flat_map(|(index, night)| night.episodes.iter().map(move |e| (index, e.1)))
            .collect();
        // Dots are round; the dashed ten-minute line is in red too, but flat.
        let round = |blob: &Blob| blob.height() >= 6 && blob.width().abs_diff(blob.height()) <= 2;
        let mut dots: Vec<(Blob, bool)> = blobs(&drawn, BAR)
            .into_iter()
            .filter(round)
            .map(|blob| (blob, false))
            .chain(
                blobs(&drawn, LONG)
                    .into_iter()
                    .filter(round)
                    .map(|blob| (blob, true)),
            )
            .collect();
        dots.sort_by(|a, b| a.0.centre_x().total_cmp(&b.0.centre_x()));
        assert_eq!(
            dots.len(),
            episodes.len(),
            "{weeks} weeks: a dot an episode"
        );
        let across: Vec<(f64, f64)> = episodes
            .iter()
            .zip(&dots)
            .map(|((night, _), (dot, _))| (*night as f64, dot.centre_x()))
            .collect();
        let (_, step, worst) = fit(&across);
        assert!(
            worst <= 1.5 && step > 1.0,
            "across by night: {worst} px off"
        );
        let up: Vec<(f64, f64)> = episodes
            .iter()
            .zip(&dots)
            .map(|((_, seconds), (dot, _))| (f64::from(*seconds), dot.centre_y()))
            .collect();
        let (zero, per_second, worst) = fit(&up);
        assert!(
            worst <= 1.5 && per_second < 0.0,
            "up by length: {worst} px off"
        );
        for ((_, seconds), (_, red)) in episodes.iter().zip(&dots) {
            assert_eq!(*red, *seconds > 600, "an episode of {seconds} s");
        }
        // The dashed line is at ten minutes on the dots' own scale.
        let ten = zero + per_second * 600.0;
        let dashes: Vec<Blob> = blobs(&drawn, LONG)
            .into_iter()
            .filter(|blob| blob.height() <= 3 && blob.width() >= 4)
            .collect();
        assert!(dashes.len() >= 10, "a dashed line");
        for dash in dashes {
            assert!(
                (dash.centre_y() - ten).abs() <= 1.5,
                "dash at {} for {ten}",
                dash.centre_y()
            );
        }
    }
}

/// A step's bar: done, skipped and not run as wide as their shares.
fn check_step_bar(svg: &str, counts: [usize; 4], title: &str) {
    let drawn = draw(svg);
    let whole: usize = counts.iter().sum();
    let middle = drawn.height() / 2;
    for (colour, count) in [BAR, CUT_SHORT, SKIPPED, NOT_RUN].into_iter().zip(counts) {
        let width = (0..drawn.width())
            .filter(|&x| is(&drawn, x, middle, colour))
            .count() as f64;
        let expected = f64::from(drawn.width()) * count as f64 / whole as f64;
        assert!(
            (width - expected).abs() <= 2.0,
            "{title}: {width} px for {count} of {whole} nights ({expected:.1} px)"
        );
    }
}

/// Made-up history whose every piece of user text is hostile.
fn hostile_page() -> String {
    use chrono::{FixedOffset, TimeZone, Utc};
    use std::time::Duration;
    use winddown::model::{NewRun, RunOutcome, StepRecord};
    use winddown::session::StepResult;
    let dir = TempDir::new().expect("tempdir");
    let database = dir.path().join("winddown.db");
    let mut store = Store::open(&database).expect("open");
    let night = NaiveDate::from_ymd_opt(2024, 6, 7).expect("date");
    let at = FixedOffset::east_opt(0)
        .expect("offset")
        .with_ymd_and_hms(2024, 6, 7, 21, 0, 0)
        .single()
        .expect("time");
    let run = store
        .start_run(&NewRun {
            routine_id: "r".to_string(),
            routine_name: hostile("routine"),
            routine_hash: "h".to_string(),
            night,
            started_at: at,
            step_count: 1,
        })
        .expect("start");
    store
        .record_step(
            run,
            0,
            &StepRecord {
                step_id: "s".to_string(),
                title: hostile("step"),
                result: StepResult {
                    outcome: Outcome::Done,
                    active: Duration::from_secs(60),
                    holds: None,
                },
                at: at.to_utc() + chrono::Duration::minutes(1),
            },
        )
        .expect("step");
    store
        .finish_run(
            run,
            at.to_utc() + chrono::Duration::minutes(2),
            RunOutcome::Completed,
        )
        .expect("finish");
    store
        .declare_rest(
            night.pred_opt().expect("date"),
            &hostile("rest"),
            Utc::now(),
        )
        .expect("rest");
    store
        .save_checkin(
            &CheckIn {
                night,
                cramps: 1,
                severity: Some(4),
                severity_unsure: false,
                leg: None,
                minutes: None,
                note: Some(hostile("note")),
            },
            Utc::now(),
        )
        .expect("checkin");
    drop(store);
    let store = Store::open_read_only(&database).expect("open");
    render(
        &store,
        1,
        ReportFormat::Html,
        NaiveDate::from_ymd_opt(2024, 6, 10).expect("date"),
    )
    .expect("report")
}

/// A field's text with a script, both quotes, an ampersand, a right-to-left
/// override, a zero-width space, an escape sequence and a line break.
fn hostile(field: &str) -> String {
    format!("<script>alert('{field}')</script> \"q\" & \u{202e}gpj.exe \u{200b}\u{1b}[2J\nend")
}

/// How the page shows [`hostile`]: the text as typed, the invisible and control
/// characters as escapes.
fn shown(field: &str) -> String {
    format!("<script>alert('{field}')</script> \"q\" & \\u202egpj.exe \\u200b\\u001b[2J\\nend")
}

#[test]
fn hostile_text_in_every_field_is_shown_not_obeyed() {
    let html = hostile_page();
    assert!(
        !html.to_lowercase().contains("<script"),
        "no script in the page"
    );
    for ch in ['\u{202e}', '\u{200b}', '\u{1b}', '\r', '\0'] {
        assert!(!html.contains(ch), "{ch:?} reached the page");
    }
    let document = Html::parse_document(&html);
    let root = document.root_element();
    assert!(select(root, "script").is_empty());
    let every = select(root, "*");
    for element in &every {
        for (name, _) in element.value().attrs() {
            assert!(!name.starts_with("on"), "an event handler: {name}");
        }
    }
    let routine = select(root, "dl.who dd bdi");
    assert_eq!(routine.len(), 1);
    assert_eq!(text(routine[0]), shown("routine"));
    let step = select(root, "table.steps tbody th bdi");
    assert_eq!(text(step[0]), shown("step"));
    let step_title = select(root, "table.steps svg title");
    assert_eq!(
        text(step_title[0]),
        format!(
            "{}: nights done, cut short, skipped and not run",
            shown("step")
        )
    );
    let note = select(root, "ul.notes li");
    assert_eq!(text(note[0]), format!("Fri 7 Jun: {}", shown("note")));
}

#[test]
fn hostile_text_in_the_markdown_cannot_break_its_table_or_the_terminal() {
    let dir = TempDir::new().expect("tempdir");
    let database = dir.path().join("winddown.db");
    let mut nights = diary::nights(1);
    nights[0].checkin = Some(CheckIn {
        night: nights[0].night,
        cramps: 2,
        severity: None,
        severity_unsure: false,
        leg: None,
        minutes: None,
        note: Some(hostile("note")),
    });
    diary::write(&database, &nights);
    let store = Store::open_read_only(&database).expect("open");
    let markdown = render(&store, 1, ReportFormat::Markdown, diary::today()).expect("report");
    assert!(!markdown.contains('\u{1b}') && !markdown.contains('\u{202e}'));
    assert!(
        markdown.contains(&format!(": {}\n", shown("note"))),
        "{markdown}"
    );
}

#[test]
fn the_page_is_self_contained() {
    let (html, _) = page(12);
    let lower = html.to_lowercase();
    for fetches in [
        "<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "src=",
    ] {
        assert!(!lower.contains(fetches), "{fetches} in the page");
    }
    // The only address is SVG's namespace; the only url() is the hatching's pattern.
    let addresses: Vec<&str> = lower
        .match_indices("http:")
        .chain(lower.match_indices("https:"))
        .map(|(at, _)| &lower[at..at + 26])
        .collect();
    assert!(
        addresses.iter().all(|a| *a == "http://www.w3.org/2000/svg"),
        "{addresses:?}"
    );
    let urls: Vec<&str> = lower
        .match_indices("url(")
        .map(|(at, _)| &lower[at..at + 17])
        .collect();
    assert!(urls.iter().all(|u| *u == "url(#no-checkin)\""), "{urls:?}");
    assert!(html.contains(
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#
    ));
}

#[test]
fn the_committed_example_is_the_page_winddown_makes_now() {
    let committed = include_str!("../../docs/report-example.html");
    assert!(
        committed == diary::page(4),
        "docs/report-example.html is out of date: run scripts/report-example"
    );
}
