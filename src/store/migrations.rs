//! The schema and its history: one migration per version, applied in order.
//!
//! `PRAGMA user_version` holds the number of migrations applied. Each
//! migration runs in its own transaction together with the version bump, so a
//! crash leaves the file at one version or the next, never between. Released
//! migrations are never edited: a change is a new entry at the end.

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use super::StoreError;

/// Marks the file as winddown's (`PRAGMA application_id`, "WDND"), so another
/// program's SQLite file is never migrated into ours.
const APPLICATION_ID: i32 = 0x5744_4E44;

/// Version 1: runs, their step results and the live progress of a running run.
const V1: &str = "
PRAGMA application_id = 1464094276;

-- One attempt at tonight's routine. Instants are UTC unix milliseconds;
-- utc_offset is the local offset in seconds when the run started.
CREATE TABLE runs (
    id           INTEGER PRIMARY KEY,
    routine_id   TEXT    NOT NULL,
    routine_name TEXT    NOT NULL,
    routine_hash TEXT    NOT NULL,
    night        TEXT    NOT NULL CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    started_at   INTEGER NOT NULL,
    utc_offset   INTEGER NOT NULL,
    ended_at     INTEGER,
    outcome      TEXT    NOT NULL DEFAULT 'running'
                 CHECK (outcome IN ('running', 'completed', 'partial', 'abandoned')),
    step_count   INTEGER NOT NULL CHECK (step_count >= 0)
);
CREATE INDEX runs_by_night ON runs (night, outcome);

-- How each of tonight's steps ended, written the moment it ends.
CREATE TABLE step_results (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_index INTEGER NOT NULL CHECK (step_index >= 0),
    step_id    TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    outcome    TEXT    NOT NULL CHECK (outcome IN ('done', 'skipped')),
    at         INTEGER NOT NULL,
    active_ms  INTEGER NOT NULL CHECK (active_ms >= 0),
    PRIMARY KEY (run_id, step_index)
) WITHOUT ROWID;

-- Where a running run stands, enough to resume it after a crash.
-- checked is one '0' or '1' per checklist item of the current step.
CREATE TABLE progress (
    run_id       INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 0),
    segment      INTEGER NOT NULL CHECK (segment >= 0),
    remaining_ms INTEGER CHECK (remaining_ms >= 0),
    paused       INTEGER NOT NULL CHECK (paused IN (0, 1)),
    checked      TEXT    NOT NULL DEFAULT '',
    saved_at     INTEGER NOT NULL
);
";

/// Version 2: rest nights; per-run step counts and a per-step index, so that
/// statistics over years of history read one row per run instead of
/// counting step results run by run.
const V2: &str = "
-- A night the user chose not to do the routine; it neither counts nor breaks a streak.
CREATE TABLE rest_nights (
    night      TEXT    PRIMARY KEY
               CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Kept equal to the run's step results by every write that changes them.
ALTER TABLE runs ADD COLUMN done INTEGER NOT NULL DEFAULT 0 CHECK (done >= 0);
ALTER TABLE runs ADD COLUMN skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0);
UPDATE runs SET
    done = (SELECT count(*) FROM step_results WHERE run_id = runs.id AND outcome = 'done'),
    skipped = (SELECT count(*) FROM step_results WHERE run_id = runs.id AND outcome = 'skipped');

-- Covers the per-step tallies (title, at and the primary key ride along).
CREATE INDEX step_results_by_step ON step_results (step_id, outcome, at, title);
";

/// Version 3: the morning check-in (did the cramps come?) and Cramp SOS episodes,
/// so that cramp nights can be set beside the routine that preceded them.
const V3: &str = "
-- One check-in per night; a later one for the same night replaces it.
-- cramps 3 means three or more.
CREATE TABLE checkins (
    night      TEXT    PRIMARY KEY
               CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    cramps     INTEGER NOT NULL CHECK (cramps BETWEEN 0 AND 3),
    severity   INTEGER CHECK (severity BETWEEN 0 AND 10),
    leg        TEXT    CHECK (leg IN ('left', 'right', 'both')),
    minutes    INTEGER CHECK (minutes >= 0),
    note       TEXT,
    created_at INTEGER NOT NULL
);

-- A cramp walked through on the SOS screen. started_at is UTC unix
-- milliseconds; utc_offset the local offset in seconds at the time.
CREATE TABLE sos_episodes (
    id         INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    utc_offset INTEGER NOT NULL,
    night      TEXT    NOT NULL
               CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    seconds    INTEGER NOT NULL CHECK (seconds >= 0),
    leg        TEXT    CHECK (leg IN ('left', 'right', 'both'))
);
CREATE INDEX sos_episodes_by_night ON sos_episodes (night, started_at);
";

/// Version 4: nights the user chose not to check in on, so the morning question
/// stops coming back for them. `at` is UTC unix milliseconds.
const V4: &str = "
CREATE TABLE checkin_skips (
    night TEXT    PRIMARY KEY
          CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    at    INTEGER NOT NULL
);
";

/// Version 5: the id of the step a saved place belongs to, so a run whose steps a
/// live edit reordered, added to or removed from resumes at that very step after a
/// crash. NULL for a place saved by an older winddown (then the position alone counts).
const V5: &str = "
ALTER TABLE progress ADD COLUMN step_id TEXT;
";

/// Version 6: check-ins whose severity 0 may mean "not answered". Until this
/// version the check-in form started the worst pain at 0 and saved it as 0 when
/// the user left it alone, as it did when 0 was chosen; `winddown checkin` stored
/// NULL when `--severity` was left out. So a stored 0 on a night with cramps cannot
/// be told apart, by this migration or anything else: it keeps the 0 and marks it
/// unsure, and averages leave such nights out (and say how many). Every other value
/// is what the user gave: a severity above 0 was chosen, and NULL was never a 0.
const V6: &str = "
ALTER TABLE checkins ADD COLUMN severity_unsure INTEGER NOT NULL DEFAULT 0
    CHECK (severity_unsure IN (0, 1));
UPDATE checkins SET severity_unsure = 1 WHERE cramps > 0 AND severity = 0;
";

/// Version 7: N-of-1 experiments on a routine step. The schedule is stored as drawn
/// (each block's arm), with the seed it was drawn from; a pause moves the nights after
/// it later; a stop keeps everything and names the last night that belongs.
const V7: &str = "
-- seed is the unsigned 64-bit seed in decimal; last_night is set with stopped_at.
CREATE TABLE experiments (
    id             INTEGER PRIMARY KEY,
    routine_id     TEXT    NOT NULL,
    step_id        TEXT    NOT NULL,
    step_title     TEXT    NOT NULL,
    start_night    TEXT    NOT NULL
                   CHECK (start_night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    pairs          INTEGER NOT NULL CHECK (pairs BETWEEN 2 AND 16),
    block_nights   INTEGER NOT NULL CHECK (block_nights BETWEEN 1 AND 14),
    washout_nights INTEGER NOT NULL
                   CHECK (washout_nights >= 0 AND washout_nights < block_nights),
    seed           TEXT    NOT NULL
                   CHECK (length(seed) BETWEEN 1 AND 20 AND seed NOT GLOB '*[^0-9]*'),
    seed_source    TEXT    NOT NULL CHECK (seed_source IN ('given', 'system')),
    created_at     INTEGER NOT NULL,
    stopped_at     INTEGER,
    last_night     TEXT
                   CHECK (last_night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK ((stopped_at IS NULL) = (last_night IS NULL)),
    UNIQUE (routine_id, step_id, created_at)
);

-- The schedule as drawn: block 1 is the first block of pair 1, block 2 its second.
CREATE TABLE experiment_blocks (
    experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    block         INTEGER NOT NULL CHECK (block >= 1),
    arm           TEXT    NOT NULL CHECK (arm IN ('with', 'without')),
    PRIMARY KEY (experiment_id, block)
) WITHOUT ROWID;

-- Nights an experiment stood still because its step was not in the routine:
-- from from_night up to (not including) until_night, NULL while it stands.
CREATE TABLE experiment_pauses (
    experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
    from_night    TEXT    NOT NULL
                  CHECK (from_night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    until_night   TEXT
                  CHECK (until_night GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
                         AND until_night > from_night),
    PRIMARY KEY (experiment_id, from_night)
) WITHOUT ROWID;
";

/// Version 8: what each step really amounted to. A step left before its holds ran to
/// the end is `cut_short`, no longer `done`; each result keeps the time held and how
/// many of its holds were held to the end (NULL for results recorded before: only
/// their outcome and active time are known, and they stay as they were). SQLite cannot
/// widen a CHECK in place, so step_results is copied into a new table, row for row.
/// A running run's saved place keeps the same for the step under way.
const V8: &str = "
-- held_ms: time spent holding, every hold and every attempt at one, pauses left out;
-- holds: the holds the step had (sets times sides, 0 for an untimed step); holds_full:
-- those held to the end, or finished early past the share README names. All three
-- NULL for results recorded before.
CREATE TABLE step_results_v8 (
    run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step_index INTEGER NOT NULL CHECK (step_index >= 0),
    step_id    TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    outcome    TEXT    NOT NULL CHECK (outcome IN ('done', 'cut_short', 'skipped')),
    at         INTEGER NOT NULL,
    active_ms  INTEGER NOT NULL CHECK (active_ms >= 0),
    held_ms    INTEGER CHECK (held_ms >= 0),
    holds      INTEGER CHECK (holds >= 0),
    holds_full INTEGER CHECK (holds_full BETWEEN 0 AND holds),
    PRIMARY KEY (run_id, step_index),
    CHECK ((held_ms IS NULL) = (holds IS NULL) AND (holds IS NULL) = (holds_full IS NULL))
) WITHOUT ROWID;
INSERT INTO step_results_v8 (run_id, step_index, step_id, title, outcome, at, active_ms)
    SELECT run_id, step_index, step_id, title, outcome, at, active_ms FROM step_results;
DROP TABLE step_results;
ALTER TABLE step_results_v8 RENAME TO step_results;
CREATE INDEX step_results_by_step ON step_results (step_id, outcome, at, title);

-- Kept equal to the run's step results, as done and skipped are.
ALTER TABLE runs ADD COLUMN cut_short INTEGER NOT NULL DEFAULT 0 CHECK (cut_short >= 0);

-- The step under way: its segment's length as adjusted with + and -, the time its
-- holds were held before the current one, and which were held to the end ('0' or '1'
-- per hold, in the step's order). NULL in a place saved by an older winddown.
ALTER TABLE progress ADD COLUMN length_ms INTEGER CHECK (length_ms >= 0);
ALTER TABLE progress ADD COLUMN held_ms INTEGER CHECK (held_ms >= 0);
ALTER TABLE progress ADD COLUMN holds_full TEXT;
";

/// Version 9: a saved place that still means what was on screen. `plan` is the
/// step under way's holds as the run planned them (its hold's length, sides, sets,
/// rest and lead-in): a routine edited mid-run leaves the step under way on its old
/// holds, so after a crash the saved hold is not applied to holds the file now gives
/// it. `returned` says the step had ended before and the user went back to it, so its
/// stored result does not make the place look stale; a result stored for that step
/// after the place was saved clears it. NULL and 0 in a place saved by an older winddown.
const V9: &str = "
ALTER TABLE progress ADD COLUMN plan TEXT;
ALTER TABLE progress ADD COLUMN returned INTEGER NOT NULL DEFAULT 0 CHECK (returned IN (0, 1));
";

/// Every migration in order; entry `i` takes the file from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8, V9];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The file's schema version.
pub(super) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
}

/// Confirms the file is winddown's, or a new empty one. Reads page 1 and the
/// schema, which also shows up most damage to the start of the file.
pub(super) fn identify(conn: &Connection) -> Result<(), StoreError> {
    let application_id: i32 = conn.pragma_query_value(None, "application_id", |row| row.get(0))?;
    let objects: i64 =
        conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
    if application_id == APPLICATION_ID || (application_id == 0 && objects == 0) {
        return Ok(());
    }
    Err(StoreError::NotADatabase {
        path: Default::default(),
        reason: "a SQLite database of some other program".to_string(),
    })
}

/// SQLite's own consistency check of every page; anything but "ok" refuses the file.
pub(super) fn quick_check(conn: &Connection) -> Result<(), StoreError> {
    let verdict: String = conn.query_row("PRAGMA quick_check(1)", [], |row| row.get(0))?;
    if verdict == "ok" {
        return Ok(());
    }
    Err(StoreError::NotADatabase {
        path: Default::default(),
        reason: format!("damaged: {}", verdict.replace('\n', " ")),
    })
}

/// Brings the file up to [`SCHEMA_VERSION`].
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let found = version(conn)?;
    let unknown = |problem: String| StoreError::UnknownSchema {
        path: path.to_path_buf(),
        found,
        problem,
    };
    if found < 0 {
        return Err(unknown("no winddown writes a negative version".to_string()));
    }
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        // The usual start: nothing to do, and no write lock taken.
        return Ok(());
    }
    migrate_to(conn, SCHEMA_VERSION).map_err(|err| match err {
        // A statement of a migration failed: the tables are not what the version says.
        // Its message alone, without the migration's SQL that rusqlite quotes.
        StoreError::Sqlite(rusqlite::Error::SqlInputError { msg, .. }) => unknown(msg),
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(_, Some(msg))) => unknown(msg),
        other => other,
    })
}

/// Applies migrations up to `target`, each in its own transaction.
pub(super) fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    for (done, sql) in (0_i64..)
        .zip(MIGRATIONS)
        .take_while(|(done, _)| *done < target)
    {
        // IMMEDIATE takes the write lock before reading the version, so two
        // instances starting together cannot both apply the same step.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if version(&tx)? > done {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", done + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn application_id_in_v1_matches_the_constant() {
        assert!(V1.contains(&format!("application_id = {APPLICATION_ID};")));
    }

    #[test]
    fn fresh_database_reaches_the_current_version() {
        let mut conn = Connection::open_in_memory().expect("in-memory db");
        migrate(&mut conn, Path::new(":memory:")).expect("migrates");
        assert_eq!(version(&conn).expect("version"), SCHEMA_VERSION);
        identify(&conn).expect("ours");
        // Running again is a no-op, not a second CREATE TABLE.
        migrate(&mut conn, Path::new(":memory:")).expect("idempotent");
    }

    #[test]
    fn failed_migration_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().expect("in-memory db");
        migrate_to(&mut conn, 1).expect("v1");
        // An index already holding V2's index name makes V2 fail at its last statement.
        conn.execute_batch("CREATE INDEX step_results_by_step ON runs (night)")
            .expect("blocker");
        assert!(migrate_to(&mut conn, 2).is_err());
        assert_eq!(version(&conn).expect("version"), 1);
        let rest: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'rest_nights'",
                [],
                |row| row.get(0),
            )
            .expect("schema");
        assert_eq!(rest, 0, "the half-applied migration was rolled back");
        let columns: i64 = conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('runs') WHERE name = 'done'",
                [],
                |row| row.get(0),
            )
            .expect("columns");
        assert_eq!(columns, 0, "the added column was rolled back too");
    }
}
