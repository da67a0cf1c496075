//! The schedule as a calendar: a row a week, Monday first, each night its day of the
//! month and a mark for its arm. The command line and the full screen show the same.

use chrono::{Datelike, NaiveDate};

use crate::model::{Arm, Design, Experiment, PlannedNight};
use crate::plural;

/// The mark after a night "with" the step.
pub const WITH_MARK: char = '+';
/// The mark after a night "without" it.
pub const WITHOUT_MARK: char = '-';
/// The mark after a washout night.
pub const WASHOUT_MARK: char = '*';

/// The calendar's rows, a header first; `compact` for a narrow window (32 columns
/// instead of 44).
pub fn calendar(planned: &[PlannedNight], compact: bool) -> Vec<String> {
    let (Some(first), Some(last)) = (planned.first(), planned.last()) else {
        return Vec::new();
    };
    let (label_width, cell_width) = if compact { (4, 4) } else { (9, 5) };
    // The wide form puts each name over its days' digits; the compact one starts it
    // where the cell does (whole names: a window that shows two letters of a word
    // looks like one that cut it).
    let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let header: String = days
        .iter()
        .map(|day| {
            if compact {
                format!("{day:<cell_width$}")
            } else {
                format!("{day:>width$}  ", width = cell_width - 2)
            }
        })
        .collect();
    let mut rows = vec![format!("{:label_width$}{}", "", header.trim_end())];
    let mut monday = monday_of(first.night);
    let mut labelled_month = None;
    while monday <= last.night {
        let week: Vec<NaiveDate> = (0..7)
            .filter_map(|offset| monday.checked_add_days(chrono::Days::new(offset)))
            .collect();
        let cells: String = week
            .iter()
            .map(
                |day| match planned.iter().find(|night| night.night == *day) {
                    Some(night) => cell(night, cell_width),
                    None => " ".repeat(cell_width),
                },
            )
            .collect();
        // A month's name where its first scheduled week starts.
        let month_here = week
            .iter()
            .find(|day| planned.iter().any(|night| night.night == **day))
            .map(|day| (day.year(), day.month()));
        let label = match month_here {
            Some(month) if labelled_month != Some(month) => {
                labelled_month = Some(month);
                month_label(month, compact)
            }
            _ => String::new(),
        };
        rows.push(format!("{label:label_width$}{}", cells.trim_end()));
        monday = match monday.checked_add_days(chrono::Days::new(7)) {
            Some(next) => next,
            None => break,
        };
    }
    rows
}

/// The schedule as shown before it is confirmed, the same on the command line and the
/// full screen: what it is, its first and last night, the calendar, what the marks mean.
pub fn schedule(
    experiment: &Experiment,
    routine_name: &str,
    tonight: NaiveDate,
    compact: bool,
) -> Vec<String> {
    let planned = experiment.planned(tonight);
    let step = super::the_step(&experiment.step_title);
    let first = match (experiment.start - tonight).num_days() {
        0 => format!("tonight, {}", long_date(experiment.start)),
        1 => format!("tomorrow, {}", long_date(experiment.start)),
        _ => long_date(experiment.start),
    };
    let last = planned
        .last()
        .map_or(first.clone(), |night| long_date(night.night));
    let title = crate::printable::line(&experiment.step_title);
    let routine = crate::printable::line(routine_name);
    // A narrow box wraps a line of two names or two dates inside the second one
    // ("Leg-" above "cramp wind-down:", "Mon 11 Jan" above "2027."): a line each.
    let mut lines = if compact {
        vec![format!("{title}, in"), format!("{routine}:")]
    } else {
        vec![format!("{title}, in {routine}:")]
    };
    lines.push(format!("{}.", design_words(experiment.design)));
    if compact {
        lines.extend([format!("From {first}"), format!("to {last}.")]);
    } else {
        lines.push(format!("From {first} to {last}."));
    }
    lines.push(String::new());
    lines.extend(calendar(&planned, compact));
    lines.push(legend(&step, experiment.design.washout_nights > 0));
    lines
}

/// "8 pairs of 3-night blocks, 48 nights; the first night of each block a washout".
pub fn design_words(design: Design) -> String {
    let washout = match design.washout_nights {
        0 => String::new(),
        1 => "; the first night of each block a washout".to_string(),
        n => format!("; the first {n} nights of each block a washout"),
    };
    format!(
        "{} of {}-night blocks, {}{washout}",
        plural::count(design.pairs, "pair"),
        design.block_nights,
        plural::count(design.nights(), "night")
    )
}

/// "Fri 4 Dec 2026".
pub fn long_date(night: NaiveDate) -> String {
    night.format("%a %-d %b %Y").to_string()
}

/// What the marks mean, for `step` (as it reads in a sentence); the washout mark only
/// when the schedule has washout nights.
pub fn legend(step: &str, washout: bool) -> String {
    let mut legend = format!("{WITH_MARK} with {step}   {WITHOUT_MARK} without it");
    if washout {
        legend.push_str(&format!(
            "   {WASHOUT_MARK} washout: run as scheduled, not counted"
        ));
    }
    legend
}

/// One night: its day of the month, its arm, and a washout mark.
fn cell(night: &PlannedNight, width: usize) -> String {
    let arm = match night.slot.arm {
        Arm::With => WITH_MARK,
        Arm::Without => WITHOUT_MARK,
    };
    let washout = if night.slot.washout {
        WASHOUT_MARK
    } else {
        ' '
    };
    format!(
        "{:>digits$}{arm}{washout}",
        night.night.day(),
        digits = width - 2
    )
}

fn monday_of(night: NaiveDate) -> NaiveDate {
    let back = u64::from(night.weekday().num_days_from_monday());
    night
        .checked_sub_days(chrono::Days::new(back))
        .unwrap_or(night)
}

/// "Dec 2024", or "Dec" in the compact form.
fn month_label((year, month): (i32, u32), compact: bool) -> String {
    let date = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN);
    if compact {
        date.format("%b").to_string()
    } else {
        date.format("%b %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Slot;

    fn night(date: &str, arm: Arm, washout: bool) -> PlannedNight {
        PlannedNight {
            night: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date"),
            slot: Slot {
                number: 1,
                pair: 1,
                block: 1,
                arm,
                washout,
            },
        }
    }

    #[test]
    fn nights_sit_under_their_weekdays_with_their_marks() {
        // Fri 29 Nov 2024 to Tue 3 Dec 2024: two with (the first a washout), three without.
        // A 9-column month label, then 5 columns a day: the day of the month right-aligned
        // under the day's name, its arm, a washout mark.
        let planned = [
            night("2024-11-29", Arm::With, true),
            night("2024-11-30", Arm::With, false),
            night("2024-12-01", Arm::Without, true),
            night("2024-12-02", Arm::Without, false),
            night("2024-12-03", Arm::Without, false),
        ];
        assert_eq!(
            calendar(&planned, false),
            [
                "         Mon  Tue  Wed  Thu  Fri  Sat  Sun",
                "Nov 2024                      29+* 30+   1-*",
                "Dec 2024   2-   3-",
            ]
        );
        assert_eq!(
            calendar(&planned, true),
            [
                "    Mon Tue Wed Thu Fri Sat Sun",
                "Nov                 29+*30+  1-*",
                "Dec  2-  3-",
            ]
        );
    }
}
