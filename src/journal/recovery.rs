//! The recovery file: run writes the database would not take by the time the
//! app closed (a full disk, a lock held elsewhere), kept beside the database
//! until the next start stores them and removes the file.
//!
//! Written to a temporary name created exclusively, then linked to its own
//! unique name, so it never replaces anything; small, because it only holds
//! what could not be stored.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{Leg, NewRun, RunId, RunOutcome, RunWrite, SosEpisode, StepRecord};
use crate::plural;
use crate::session::{Holds, Outcome, StepResult};
use crate::store::Store;

/// The start of every recovery file's name; the rest makes each one unique.
pub const PREFIX: &str = "winddown-unsaved-";

/// The format written for a run's writes; a file of a version this winddown does not
/// read is left alone.
const VERSION: u32 = 1;

/// The format written for a Cramp SOS episode: a winddown that reads only
/// [`VERSION`] leaves such a file alone instead of taking it for an empty one.
const VERSION_WITH_SOS: u32 = 2;

/// How a night is written.
const NIGHT: &str = "%Y-%m-%d";

fn night_text(night: NaiveDate) -> String {
    night.format(NIGHT).to_string()
}

#[derive(Serialize, Deserialize)]
struct Kept {
    version: u32,
    night: String,
    /// The run the writes go to, unless they start their own.
    run: Option<KeptRun>,
    writes: Vec<KeptWrite>,
    /// A Cramp SOS episode the database would not take (format 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sos: Option<KeptSos>,
}

/// A Cramp SOS episode, found again by its start.
#[derive(Serialize, Deserialize)]
struct KeptSos {
    /// When it began, RFC 3339 in the local offset of the time.
    started_at: String,
    seconds: u32,
    leg: Option<String>,
}

/// Enough of a run to be sure the database still has the same one.
#[derive(Serialize, Deserialize)]
struct KeptRun {
    id: i64,
    routine_id: String,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "write", rename_all = "snake_case")]
enum KeptWrite {
    Start {
        routine_id: String,
        routine_name: String,
        routine_hash: String,
        night: String,
        started_at: String,
        step_count: usize,
    },
    Abandon {
        run: i64,
    },
    Step {
        index: usize,
        step_id: String,
        title: String,
        /// Whether it was done: all a file written before steps could be cut short says.
        done: bool,
        /// `done`, `cut_short` or `skipped`; absent in an older file.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        outcome: Option<String>,
        active_ms: u64,
        /// Time held, holds and holds held to the end; absent in an older file.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        holds: Option<KeptHolds>,
        at: String,
    },
    Reopen {
        index: usize,
    },
    Relayout {
        step_ids: Vec<String>,
    },
    Rehash {
        routine_hash: String,
    },
    Finish {
        at: String,
        outcome: String,
    },
}

/// What a kept step's holds amounted to.
#[derive(Serialize, Deserialize)]
struct KeptHolds {
    held_ms: u64,
    full: u32,
    planned: u32,
}

/// Keep `writes` (for `run` on `night`) in a new recovery file in `folder`.
pub(super) fn keep(
    folder: &Path,
    night: NaiveDate,
    run: Option<(RunId, &str)>,
    writes: &[RunWrite],
) -> Result<PathBuf> {
    let kept = Kept {
        version: VERSION,
        night: night_text(night),
        run: run.map(|(run, routine_id)| KeptRun {
            id: run.0,
            routine_id: routine_id.to_string(),
        }),
        writes: writes.iter().map(to_kept).collect(),
        sos: None,
    };
    let text = serde_json::to_string_pretty(&kept).context("cannot describe the unsaved steps")?;
    write_new_file(folder, &text)
}

/// Keep `episode` (its start, length and leg) in a new recovery file in `folder`.
pub(super) fn keep_sos(folder: &Path, episode: &SosEpisode) -> Result<PathBuf> {
    let kept = Kept {
        version: VERSION_WITH_SOS,
        night: night_text(episode.night),
        run: None,
        writes: Vec::new(),
        sos: Some(KeptSos {
            started_at: episode.started_at.to_rfc3339(),
            seconds: episode.seconds,
            leg: episode.leg.map(|leg| leg.as_str().to_string()),
        }),
    };
    let text = serde_json::to_string_pretty(&kept).context("cannot describe the SOS episode")?;
    write_new_file(folder, &text)
}

/// Every recovery file in `folder`, oldest first, stored and then removed; returns
/// a line for the screen about each one (stored, or why it is still waiting).
pub fn import_recoveries(store: &mut Store, folder: &Path) -> Vec<String> {
    recovery_files(folder)
        .into_iter()
        .map(|file| match import(store, &file) {
            Ok(Imported::Steps(steps)) => format!(
                "{} kept at the last close are now saved",
                plural::count(steps, "step")
            ),
            Ok(Imported::Sos(episode)) => format!(
                "the cramp of {} ({}) kept at its close is now saved",
                episode.started_at.format("%a %H:%M"),
                SosEpisode::described(episode.seconds, episode.leg)
            ),
            Err(err) => format!(
                "{}: not added to the history yet ({err:#}); it will be tried at the next start",
                file.display()
            ),
        })
        .collect()
}

/// Whether recovery files wait in `folder` (the database must be checked before they are stored).
pub fn recoveries_waiting(folder: &Path) -> bool {
    !recovery_files(folder).is_empty()
}

/// The recovery files in `folder`, oldest first.
fn recovery_files(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with(PREFIX) && name.ends_with(".json"))
        })
        .collect();
    files.sort();
    files
}

/// What one recovery file held.
enum Imported {
    /// A run's writes, with this many step results.
    Steps(usize),
    /// A Cramp SOS episode.
    Sos(SosEpisode),
}

/// Store one recovery file's writes in one transaction, then remove it; says what
/// it held.
fn import(store: &mut Store, file: &Path) -> Result<Imported> {
    let text =
        fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let kept: Kept = serde_json::from_str(&text).context("not a recovery file winddown wrote")?;
    if ![VERSION, VERSION_WITH_SOS].contains(&kept.version) {
        bail!(
            "written by another version of winddown (format {})",
            kept.version
        );
    }
    if let Some(sos) = &kept.sos {
        let episode = SosEpisode {
            started_at: DateTime::parse_from_rfc3339(&sos.started_at)
                .with_context(|| format!("bad time {:?}", sos.started_at))?,
            night: NaiveDate::parse_from_str(&kept.night, NIGHT)
                .with_context(|| format!("bad night {:?}", kept.night))?,
            seconds: sos.seconds,
            leg: sos
                .leg
                .as_deref()
                .map(|leg| Leg::parse(leg).with_context(|| format!("unknown leg {leg:?}")))
                .transpose()?,
        };
        store.restore_sos(&episode)?;
        fs::remove_file(file).with_context(|| format!("cannot remove {}", file.display()))?;
        return Ok(Imported::Sos(episode));
    }
    let run = match &kept.run {
        Some(run) => {
            let identity = store.run_identity(RunId(run.id))?;
            let same = identity.is_some_and(|(routine, night)| {
                night_text(night) == kept.night && routine == run.routine_id
            });
            if !same {
                bail!("the database no longer holds the run these steps belong to");
            }
            Some(RunId(run.id))
        }
        None => None,
    };
    let writes = kept
        .writes
        .iter()
        .map(from_kept)
        .collect::<Result<Vec<RunWrite>>>()?;
    store.apply(run, &writes)?;
    fs::remove_file(file).with_context(|| format!("cannot remove {}", file.display()))?;
    Ok(Imported::Steps(
        writes
            .iter()
            .filter(|write| matches!(write, RunWrite::Step { .. }))
            .count(),
    ))
}

/// Write `text` to a file of its own in `folder`: created exclusively under a
/// temporary name, flushed to disk, then linked to a unique final name.
fn write_new_file(folder: &Path, text: &str) -> Result<PathBuf> {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%3f");
    let pid = std::process::id();
    let temporary = folder.join(format!(".{PREFIX}{stamp}-{pid}.tmp"));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)
        .with_context(|| format!("cannot create {}", temporary.display()))?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", temporary.display()));
    drop(file);
    let linked = written.and_then(|()| link_unique(&temporary, folder, &format!("{stamp}-{pid}")));
    // Gone either way: linked under its own name, or not wanted.
    let _ = fs::remove_file(&temporary);
    // The new name itself survives a power cut once the folder is flushed.
    crate::safe_write::sync_folder(folder);
    linked
}

/// Link `temporary` to the first free name `PREFIX{stem}[-N].json`, never over a file.
fn link_unique(temporary: &Path, folder: &Path, stem: &str) -> Result<PathBuf> {
    for attempt in 0..100 {
        let name = match attempt {
            0 => format!("{PREFIX}{stem}.json"),
            n => format!("{PREFIX}{stem}-{n}.json"),
        };
        let path = folder.join(name);
        match fs::hard_link(temporary, &path) {
            Ok(()) => return Ok(path),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => {
                return Err(err).with_context(|| format!("cannot write {}", path.display()));
            }
        }
    }
    bail!("no free name for a recovery file in {}", folder.display())
}

fn to_kept(write: &RunWrite) -> KeptWrite {
    match write {
        RunWrite::Start(new) => KeptWrite::Start {
            routine_id: new.routine_id.clone(),
            routine_name: new.routine_name.clone(),
            routine_hash: new.routine_hash.clone(),
            night: night_text(new.night),
            started_at: new.started_at.to_rfc3339(),
            step_count: new.step_count,
        },
        RunWrite::Abandon(run) => KeptWrite::Abandon { run: run.0 },
        RunWrite::Step { index, record } => KeptWrite::Step {
            index: *index,
            step_id: record.step_id.clone(),
            title: record.title.clone(),
            done: record.result.outcome == Outcome::Done,
            outcome: Some(record.result.outcome.as_str().to_string()),
            active_ms: u64::try_from(record.result.active.as_millis()).unwrap_or(u64::MAX),
            holds: record.result.holds.map(|holds| KeptHolds {
                held_ms: u64::try_from(holds.held.as_millis()).unwrap_or(u64::MAX),
                full: holds.full,
                planned: holds.planned,
            }),
            at: record.at.to_rfc3339(),
        },
        RunWrite::Reopen { index } => KeptWrite::Reopen { index: *index },
        RunWrite::Relayout { step_ids } => KeptWrite::Relayout {
            step_ids: step_ids.clone(),
        },
        RunWrite::Rehash { routine_hash } => KeptWrite::Rehash {
            routine_hash: routine_hash.clone(),
        },
        RunWrite::Finish { at, outcome } => KeptWrite::Finish {
            at: at.to_rfc3339(),
            outcome: outcome.as_str().to_string(),
        },
    }
}

fn from_kept(write: &KeptWrite) -> Result<RunWrite> {
    let instant = |text: &str| {
        DateTime::parse_from_rfc3339(text).with_context(|| format!("bad time {text:?}"))
    };
    Ok(match write {
        KeptWrite::Start {
            routine_id,
            routine_name,
            routine_hash,
            night,
            started_at,
            step_count,
        } => RunWrite::Start(NewRun {
            routine_id: routine_id.clone(),
            routine_name: routine_name.clone(),
            routine_hash: routine_hash.clone(),
            night: NaiveDate::parse_from_str(night, NIGHT)
                .with_context(|| format!("bad night {night:?}"))?,
            started_at: instant(started_at)?,
            step_count: *step_count,
        }),
        KeptWrite::Abandon { run } => RunWrite::Abandon(RunId(*run)),
        KeptWrite::Step {
            index,
            step_id,
            title,
            done,
            outcome,
            active_ms,
            holds,
            at,
        } => RunWrite::Step {
            index: *index,
            record: StepRecord {
                step_id: step_id.clone(),
                title: title.clone(),
                result: StepResult {
                    outcome: match outcome {
                        Some(word) => Outcome::parse(word)
                            .with_context(|| format!("unknown step outcome {word:?}"))?,
                        None if *done => Outcome::Done,
                        None => Outcome::Skipped,
                    },
                    active: Duration::from_millis(*active_ms),
                    holds: match holds {
                        Some(holds) if holds.full > holds.planned => {
                            bail!("{} of {} holds held to the end", holds.full, holds.planned)
                        }
                        Some(holds) => Some(Holds {
                            held: Duration::from_millis(holds.held_ms),
                            full: holds.full,
                            planned: holds.planned,
                        }),
                        None => None,
                    },
                },
                at: instant(at)?.to_utc(),
            },
        },
        KeptWrite::Reopen { index } => RunWrite::Reopen { index: *index },
        KeptWrite::Relayout { step_ids } => RunWrite::Relayout {
            step_ids: step_ids.clone(),
        },
        KeptWrite::Rehash { routine_hash } => RunWrite::Rehash {
            routine_hash: routine_hash.clone(),
        },
        KeptWrite::Finish { at, outcome } => RunWrite::Finish {
            at: instant(at)?.to_utc(),
            outcome: RunOutcome::parse(outcome)
                .with_context(|| format!("unknown outcome {outcome:?}"))?,
        },
    })
}
