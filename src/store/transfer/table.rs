//! How one table's rows are merged: a row comes as its key's and its other
//! columns' values by name ([`Fields`]), a [`Table`] says by column name which
//! of two copies is newer; [`merge_row`] finds the local row, compares, writes
//! and reports, the same for every table.

use rusqlite::types::{ToSql, Value};
use rusqlite::{OptionalExtension, Transaction};

use crate::model::Merged;
use crate::store::StoreError;

/// One row's values by column name, as the export carries them: the order is the
/// caller's and means nothing, so a column added or moved cannot shift another.
pub(super) type Fields<'v> = &'v [(&'static str, Value)];

/// One table as the merge sees it: its name, which of two copies of a row is
/// newer and what a new row must meet, each by column name.
pub(super) struct Table {
    /// Its name in the schema.
    name: &'static str,
    /// How to tell whether the imported copy is newer than the local one.
    newer: Newer,
    /// What a new row must meet, over `:column` parameters (key and columns); one
    /// that fails it, or clashes with another unique key, is not added.
    insert_when: &'static str,
    /// The column that says how a row stands (an outcome), named in the report.
    shown: Option<&'static str>,
}

/// Which of two copies of a row is newer, by the columns that say so.
enum Newer {
    /// The later instant in column `at`; the local copy on a tie.
    Later { at: &'static str },
    /// The later instant in column `at`, and only in the same `place`.
    LaterInPlace {
        at: &'static str,
        place: &'static str,
    },
    /// A run further on: `outcome` no longer "running" over still running, then
    /// the later instant in `ended`.
    FurtherOn {
        outcome: &'static str,
        ended: &'static str,
    },
    /// Two different copies cannot be ordered: the local one stays.
    Never,
}

/// A run: its night, routine and start.
pub(super) const RUNS: Table = Table {
    name: "runs",
    newer: Newer::FurtherOn {
        outcome: "outcome",
        ended: "ended_at",
    },
    insert_when: "1",
    shown: Some("outcome"),
};

/// A step result: its run and step id. A new one must fit the local run's
/// steps and leave another step at the same index alone.
pub(super) const STEP_RESULTS: Table = Table {
    name: "step_results",
    newer: Newer::LaterInPlace {
        at: "at",
        place: "step_index",
    },
    insert_when: ":step_index < (SELECT step_count FROM runs WHERE id = :run_id)",
    shown: Some("outcome"),
};

/// A rest night: its night; the later declaration wins.
pub(super) const REST_NIGHTS: Table = Table {
    name: "rest_nights",
    newer: Newer::Later { at: "created_at" },
    insert_when: "1",
    shown: None,
};

/// A check-in: its night; the one recorded later wins.
pub(super) const CHECKINS: Table = Table {
    name: "checkins",
    newer: Newer::Later { at: "created_at" },
    insert_when: "1",
    shown: None,
};

/// A skipped check-in: its night; the later choice wins.
pub(super) const CHECKIN_SKIPS: Table = Table {
    name: "checkin_skips",
    newer: Newer::Later { at: "at" },
    insert_when: "1",
    shown: None,
};

/// An SOS episode: its start. An episode is written once, when it ends, so
/// two different ones cannot be ordered: the local one stays.
pub(super) const SOS_EPISODES: Table = Table {
    name: "sos_episodes",
    newer: Newer::Never,
    insert_when: "1",
    shown: None,
};

impl Table {
    /// How `row` stands, when the table has such a column.
    fn shown<'row>(&self, row: Fields<'row>) -> Option<&'row str> {
        self.shown.and_then(|column| text(row, column))
    }

    /// Whether the `imported` copy of a row is newer than the one `here`.
    fn imported_wins(&self, imported: Fields<'_>, here: Fields<'_>) -> bool {
        match self.newer {
            Newer::Later { at } => integer(imported, at) > integer(here, at),
            Newer::LaterInPlace { at, place } => {
                integer(imported, at) > integer(here, at)
                    && value(imported, place) == value(here, place)
            }
            Newer::FurtherOn { outcome, ended } => {
                let progress =
                    |run: Fields<'_>| (text(run, outcome) != Some("running"), integer(run, ended));
                progress(imported) > progress(here)
            }
            Newer::Never => false,
        }
    }

    /// The columns this table's rules name, which every row must carry.
    fn named(&self) -> impl Iterator<Item = &'static str> {
        let newer = match self.newer {
            Newer::Later { at } => vec![at],
            Newer::LaterInPlace { at, place } => vec![at, place],
            Newer::FurtherOn { outcome, ended } => vec![outcome, ended],
            Newer::Never => vec![],
        };
        newer.into_iter().chain(self.shown)
    }

    fn select(&self, key: Fields<'_>, columns: Fields<'_>) -> String {
        format!(
            "SELECT {} FROM {} WHERE {}",
            names(columns).join(", "),
            self.name,
            key_match(key)
        )
    }

    fn update(&self, key: Fields<'_>, columns: Fields<'_>) -> String {
        let sets: Vec<String> = names(columns)
            .into_iter()
            .map(|column| format!("{column} = :{column}"))
            .collect();
        format!(
            "UPDATE {} SET {} WHERE {}",
            self.name,
            sets.join(", "),
            key_match(key)
        )
    }

    fn insert(&self, key: Fields<'_>, columns: Fields<'_>) -> String {
        let all: Vec<&str> = names(key).into_iter().chain(names(columns)).collect();
        let values: Vec<String> = all.iter().map(|column| format!(":{column}")).collect();
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

/// `k1 = :k1 AND k2 = :k2 …`, for the key's columns.
pub(super) fn key_match(key: Fields<'_>) -> String {
    let terms: Vec<String> = names(key)
        .into_iter()
        .map(|column| format!("{column} = :{column}"))
        .collect();
    terms.join(" AND ")
}

/// The fields as named parameters (`:column`), to bind to a statement.
pub(super) fn parameters<'v>(
    fields: impl IntoIterator<Item = &'v (&'static str, Value)>,
) -> Vec<(String, &'v dyn ToSql)> {
    fields
        .into_iter()
        .map(|(column, value)| (format!(":{column}"), value as &dyn ToSql))
        .collect()
}

/// Binds `parameters` as rusqlite takes named ones.
pub(super) fn bound<'p>(
    parameters: &'p [(String, &'p dyn ToSql)],
) -> Vec<(&'p str, &'p dyn ToSql)> {
    parameters
        .iter()
        .map(|(name, value)| (name.as_str(), *value))
        .collect()
}

fn names(fields: Fields<'_>) -> Vec<&'static str> {
    fields.iter().map(|(column, _)| *column).collect()
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
    key: Fields<'_>,
    imported: Fields<'_>,
    name: &str,
    merged: &mut Merged,
) -> Result<Change, StoreError> {
    if let Some(missing) = table
        .named()
        .find(|column| value(imported, column).is_none())
    {
        let column = format!("{}.{missing}", table.name);
        return Err(rusqlite::Error::InvalidColumnName(column).into());
    }
    let found: Option<Vec<Value>> = tx
        .prepare_cached(&table.select(key, imported))?
        .query_row(&*bound(&parameters(key)), |row| {
            (0..imported.len()).map(|column| row.get(column)).collect()
        })
        .optional()?;
    let every = parameters(key.iter().chain(imported));
    let Some(found) = found else {
        if tx
            .prepare_cached(&table.insert(key, imported))?
            .execute(&*bound(&every))?
            == 1
        {
            merged.added += 1;
            return Ok(Change::Written);
        }
        merged.kept.push(format!(
            "{name}: not added, another row here stands in its place"
        ));
        return Ok(Change::Left);
    };
    let here: Vec<(&'static str, Value)> = imported
        .iter()
        .map(|(column, _)| *column)
        .zip(found)
        .collect();
    if here.as_slice() == imported {
        merged.unchanged += 1;
        return Ok(Change::Left);
    }
    if !table.imported_wins(imported, &here) {
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
    tx.prepare_cached(&table.update(key, imported))?
        .execute(&*bound(&every))?;
    merged
        .replaced
        .push(match (table.shown(&here), table.shown(imported)) {
            (Some(was), Some(now)) => format!("{name}: now {now}, as in the import ({was} here)"),
            _ => format!("{name}: replaced by the import's, recorded later"),
        });
    Ok(Change::Written)
}

/// The value of `column`; `None` when the row has no such column.
fn value<'row>(row: Fields<'row>, column: &str) -> Option<&'row Value> {
    row.iter()
        .find(|(name, _)| *name == column)
        .map(|(_, value)| value)
}

/// The integer in `column`; `None` for NULL.
fn integer(row: Fields<'_>, column: &str) -> Option<i64> {
    match value(row, column) {
        Some(Value::Integer(number)) => Some(*number),
        _ => None,
    }
}

/// The text in `column`.
fn text<'row>(row: Fields<'row>, column: &str) -> Option<&'row str> {
    match value(row, column) {
        Some(Value::Text(text)) => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn merge(conn: &mut Connection, table: &Table, imported: Fields<'_>) -> Merged {
        let tx = conn.transaction().expect("transaction");
        let mut merged = Merged::default();
        let key = [("night", Value::from("2026-11-30".to_string()))];
        merge_row(&tx, table, &key, imported, "the row", &mut merged).expect("merge");
        tx.commit().expect("commit");
        merged
    }

    fn stored(conn: &Connection) -> (String, i64) {
        conn.query_row("SELECT reason, created_at FROM rest_nights", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("the row")
    }

    #[test]
    fn the_columns_may_come_in_any_order() {
        let mut conn = Connection::open_in_memory().expect("database");
        conn.execute_batch(
            "CREATE TABLE rest_nights (night TEXT PRIMARY KEY, reason TEXT, created_at INTEGER)",
        )
        .expect("table");
        let reason = |text: &str| Value::from(text.to_string());
        let first = [("reason", reason("ill")), ("created_at", Value::from(100))];
        assert_eq!(merge(&mut conn, &REST_NIGHTS, &first).added, 1);
        // The same row, its columns the other way round: the same row.
        let same = [("created_at", Value::from(100)), ("reason", reason("ill"))];
        assert_eq!(merge(&mut conn, &REST_NIGHTS, &same).unchanged, 1);
        // Recorded later, in that order: it wins, by its time, not its position.
        let later = [("created_at", Value::from(200)), ("reason", reason("away"))];
        assert_eq!(merge(&mut conn, &REST_NIGHTS, &later).replaced.len(), 1);
        assert_eq!(stored(&conn), ("away".to_string(), 200));
        // Recorded earlier: the local row stays.
        let earlier = [
            ("reason", reason("tired")),
            ("created_at", Value::from(150)),
        ];
        assert_eq!(merge(&mut conn, &REST_NIGHTS, &earlier).kept.len(), 1);
        assert_eq!(stored(&conn), ("away".to_string(), 200));
    }

    #[test]
    fn a_row_without_a_column_the_rule_names_is_refused() {
        let mut conn = Connection::open_in_memory().expect("database");
        conn.execute_batch("CREATE TABLE rest_nights (night TEXT PRIMARY KEY, reason TEXT)")
            .expect("table");
        let tx = conn.transaction().expect("transaction");
        let key = [("night", Value::from("2026-11-30".to_string()))];
        let imported = [("reason", Value::from("ill".to_string()))];
        let err = merge_row(
            &tx,
            &REST_NIGHTS,
            &key,
            &imported,
            "the row",
            &mut Merged::default(),
        )
        .expect_err("no created_at");
        assert!(err.to_string().contains("rest_nights.created_at"), "{err}");
    }
}
