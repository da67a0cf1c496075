//! Routines of plain steps named by id, and what the database holds of their runs,
//! read with SQL of the tests' own (never through the store under test).

use std::path::Path;

use rusqlite::{Connection, OpenFlags};

/// A routine "Quick" of steps to confirm, with these ids, each titled "Step {id}".
pub fn routine_of(ids: &[&str]) -> String {
    let mut text = "name = \"Quick\"\n".to_string();
    for id in ids {
        text.push_str(&format!(
            "\n[[step]]\nid = \"{id}\"\ntitle = \"Step {id}\"\n"
        ));
    }
    text
}

/// Every stored step result as (step id, outcome), ordered by id.
pub fn stored_results(database: &Path) -> Vec<(String, String)> {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database");
    let mut statement = conn
        .prepare("SELECT step_id, outcome FROM step_results ORDER BY step_id, step_index")
        .expect("prepare");
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The only run's outcome, step count and done count, and whether every stored
/// result lies within its step count.
pub fn the_run(database: &Path) -> (String, i64, i64, bool) {
    let conn = Connection::open_with_flags(database, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the database");
    conn.query_row(
        "SELECT outcome, step_count, done,
                coalesce((SELECT max(step_index) FROM step_results), -1) < step_count
         FROM runs",
        [],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )
    .expect("one run")
}

/// (id, "done") for each of `ids`, ordered as [`stored_results`] orders them.
pub fn all_done(ids: &[&str]) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = ids
        .iter()
        .map(|id| (id.to_string(), "done".to_string()))
        .collect();
    rows.sort();
    rows
}
