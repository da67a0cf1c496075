//! How one table's rows are merged: a [`Table`] names a table's natural key,
//! the columns that may differ and which of two copies is newer; [`merge_row`]
//! finds the local row, compares, writes and reports, the same for every table.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};

use crate::model::Merged;
use crate::store::StoreError;

/// One table as the merge sees it: the columns that say which row it is (its
/// natural key) and the columns that may differ between two copies of it.
pub(super) struct Table {
    /// Its name in the schema.
    name: &'static str,
    /// The natural key's columns.
    key: &'static [&'static str],
    /// The other columns the export carries.
    columns: &'static [&'static str],
    /// Whether the imported copy (first) is newer than the local one (second).
    imported_wins: fn(&[Value], &[Value]) -> bool,
    /// What a new row must meet, over `?1`… (key, then columns); one that
    /// fails it, or clashes with another unique key, is not added.
    insert_when: &'static str,
    /// The column that says how a row stands (an outcome), named in the report.
    shown: Option<usize>,
}

/// A run: its night, routine and start.
pub(super) const RUNS: Table = Table {
    name: "runs",
    key: &["night", "routine_id", "started_at"],
    columns: &[
        "routine_name",
        "routine_hash",
        "step_count",
        "outcome",
        "ended_at",
        "utc_offset",
    ],
    imported_wins: further_on,
    insert_when: "1",
    shown: Some(3),
};

/// A step result: its run and step id. A new one must fit the local run's
/// steps and leave another step at the same index alone.
pub(super) const STEP_RESULTS: Table = Table {
    name: "step_results",
    key: &["run_id", "step_id"],
    columns: &["step_index", "title", "outcome", "at", "active_ms"],
    imported_wins: later_in_place,
    insert_when: "?3 < (SELECT step_count FROM runs WHERE id = ?1)",
    shown: Some(2),
};

/// A rest night: its night; the later declaration wins.
pub(super) const REST_NIGHTS: Table = Table {
    name: "rest_nights",
    key: &["night"],
    columns: &["reason", "created_at"],
    imported_wins: later::<1>,
    insert_when: "1",
    shown: None,
};

/// A check-in: its night; the one recorded later wins.
pub(super) const CHECKINS: Table = Table {
    name: "checkins",
    key: &["night"],
    columns: &[
        "cramps",
        "severity",
        "leg",
        "minutes",
        "note",
        "created_at",
        "severity_unsure",
    ],
    imported_wins: later::<5>,
    insert_when: "1",
    shown: None,
};

/// A skipped check-in: its night; the later choice wins.
pub(super) const CHECKIN_SKIPS: Table = Table {
    name: "checkin_skips",
    key: &["night"],
    columns: &["at"],
    imported_wins: later::<0>,
    insert_when: "1",
    shown: None,
};

/// An SOS episode: its start. An episode is written once, when it ends, so
/// two different ones cannot be ordered: the local one stays.
pub(super) const SOS_EPISODES: Table = Table {
    name: "sos_episodes",
    key: &["started_at"],
    columns: &["utc_offset", "night", "seconds", "leg"],
    imported_wins: |_, _| false,
    insert_when: "1",
    shown: None,
};

impl Table {
    /// How `row` stands, when the table has such a column.
    fn shown<'row>(&self, row: &'row [Value]) -> Option<&'row str> {
        self.shown.and_then(|column| text(row, column))
    }

    /// `k1 = ?1 AND k2 = ?2 …`
    pub(super) fn key_match(&self) -> String {
        let terms: Vec<String> = (1..)
            .zip(self.key)
            .map(|(n, column)| format!("{column} = ?{n}"))
            .collect();
        terms.join(" AND ")
    }

    fn select(&self) -> String {
        format!(
            "SELECT {} FROM {} WHERE {}",
            self.columns.join(", "),
            self.name,
            self.key_match()
        )
    }

    fn update(&self) -> String {
        let sets: Vec<String> = (self.key.len() + 1..)
            .zip(self.columns)
            .map(|(n, column)| format!("{column} = ?{n}"))
            .collect();
        format!(
            "UPDATE {} SET {} WHERE {}",
            self.name,
            sets.join(", "),
            self.key_match()
        )
    }

    fn insert(&self) -> String {
        let all: Vec<&str> = self.key.iter().chain(self.columns).copied().collect();
        let values: Vec<String> = (1..=all.len()).map(|n| format!("?{n}")).collect();
        // The WHERE also tells SQLite's parser that ON CONFLICT is not a join's ON.
        format!(
            "INSERT INTO {} ({}) SELECT {} WHERE {} ON CONFLICT DO NOTHING",
            self.name,
            all.join(", "),
            values.join(", "),
            self.insert_when
        )
    }
}

/// What merging one row did, where the caller has more to do.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Change {
    /// The imported row was added or replaced the local one.
    Written,
    /// The local row stays as it was.
    Left,
}

/// Merges one imported row of `table`, found by `key`, and reports it in `merged`
/// under `name`: added when new, left when the same, replaced when the import's
/// copy is newer, kept (and said so) otherwise.
pub(super) fn merge_row(
    tx: &Transaction<'_>,
    table: &Table,
    key: &[Value],
    imported: &[Value],
    name: &str,
    merged: &mut Merged,
) -> Result<Change, StoreError> {
    let here: Option<Vec<Value>> = tx
        .prepare_cached(&table.select())?
        .query_row(params_from_iter(key), |row| {
            (0..table.columns.len())
                .map(|column| row.get(column))
                .collect()
        })
        .optional()?;
    let every = || params_from_iter(key.iter().chain(imported));
    let Some(here) = here else {
        if tx.prepare_cached(&table.insert())?.execute(every())? == 1 {
            merged.added += 1;
            return Ok(Change::Written);
        }
        merged.kept.push(format!(
            "{name}: not added, another row here stands in its place"
        ));
        return Ok(Change::Left);
    };
    if here == imported {
        merged.unchanged += 1;
        return Ok(Change::Left);
    }
    if !(table.imported_wins)(imported, &here) {
        merged
            .kept
            .push(match (table.shown(&here), table.shown(imported)) {
                (Some(was), Some(now)) => {
                    format!("{name}: kept as it is here ({was}), the import has it {now}")
                }
                _ => format!("{name}: kept as it is here, the import's is not newer"),
            });
        return Ok(Change::Left);
    }
    tx.prepare_cached(&table.update())?.execute(every())?;
    merged
        .replaced
        .push(match (table.shown(&here), table.shown(imported)) {
            (Some(was), Some(now)) => format!("{name}: now {now}, as in the import ({was} here)"),
            _ => format!("{name}: replaced by the import's, recorded later"),
        });
    Ok(Change::Written)
}

/// The integer in `column`; `None` for NULL.
fn integer(values: &[Value], column: usize) -> Option<i64> {
    match values.get(column) {
        Some(Value::Integer(number)) => Some(*number),
        _ => None,
    }
}

/// The text in `column`.
fn text(values: &[Value], column: usize) -> Option<&str> {
    match values.get(column) {
        Some(Value::Text(text)) => Some(text),
        _ => None,
    }
}

/// The copy with the later instant in column `AT` wins; the local one on a tie.
fn later<const AT: usize>(imported: &[Value], here: &[Value]) -> bool {
    integer(imported, AT) > integer(here, AT)
}

/// A step result recorded later at the same index wins.
fn later_in_place(imported: &[Value], here: &[Value]) -> bool {
    later::<3>(imported, here) && imported.first() == here.first()
}

/// A run further on wins: one that ended over the same run still going, and a
/// later end over an earlier one.
fn further_on(imported: &[Value], here: &[Value]) -> bool {
    let progress = |run: &[Value]| (text(run, 3) != Some("running"), integer(run, 4));
    progress(imported) > progress(here)
}
