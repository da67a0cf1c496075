//! An imported experiment merged with the ones here: added, replaced by the import's
//! when that is further on, or kept, each said in the import's summary.

use rusqlite::{Connection, params};

use crate::model::{Experiment, Merged};
use crate::store::StoreError;
use crate::store::experiments::{insert, read_all, write_children};
use crate::store::time::{night_text, to_millis};

/// Merges an imported experiment, found by its routine, step and start time. One not
/// here is added unless its nights would run beside another experiment's (one at a
/// time); one here is replaced by the import's when that is further on (stopped, or
/// more of its pauses over) and was drawn the same; otherwise the local one stays.
pub(in crate::store) fn merge(
    conn: &Connection,
    imported: &Experiment,
    merged: &mut Merged,
) -> Result<(), StoreError> {
    let name = format!(
        "the experiment on {} of {} started {}",
        imported.step_id,
        imported.routine_id,
        imported.created_at.format("%Y-%m-%d %H:%M UTC")
    );
    let here = read_all(conn)?;
    let same = here.iter().find(|(_, local)| {
        local.routine_id == imported.routine_id
            && local.step_id == imported.step_id
            && local.created_at == imported.created_at
    });
    let Some((id, local)) = same else {
        let overlapping = here
            .iter()
            .find(|(_, local)| overlap(local, imported))
            .map(|(_, local)| local.step_id.clone());
        match overlapping {
            Some(other) => merged.kept.push(format!(
                "{name}: not added, its nights run beside the experiment on {other} here \
                 (one at a time)"
            )),
            None => {
                insert(conn, imported)?;
                merged.added += 1;
            }
        }
        return Ok(());
    };
    if local == imported {
        merged.unchanged += 1;
        return Ok(());
    }
    let drawn_alike = local.design == imported.design
        && local.blocks == imported.blocks
        && local.seed == imported.seed
        && local.start == imported.start;
    if drawn_alike && further_on(imported) > further_on(local) {
        conn.execute(
            "UPDATE experiments SET stopped_at = ?2, last_night = ?3 WHERE id = ?1",
            params![
                id.0,
                imported.stop.map(|stop| to_millis(stop.at)),
                imported.stop.map(|stop| night_text(stop.last_night)),
            ],
        )?;
        write_children(conn, *id, imported)?;
        merged
            .replaced
            .push(format!("{name}: now as in the import, which is further on"));
    } else if drawn_alike {
        merged.kept.push(format!(
            "{name}: kept as it is here, the import's is not further on"
        ));
    } else {
        merged.kept.push(format!(
            "{name}: kept as it is here, the import's schedule was drawn differently"
        ));
    }
    Ok(())
}

/// How far an experiment has got: stopped beats not, then more pauses over, then more pauses.
fn further_on(experiment: &Experiment) -> (bool, usize, usize) {
    let over = experiment
        .pauses
        .iter()
        .filter(|pause| pause.until.is_some())
        .count();
    (experiment.stop.is_some(), over, experiment.pauses.len())
}

/// Whether two experiments' nights (as they stand, a pause taken to end the next
/// night) share any night.
fn overlap(a: &Experiment, b: &Experiment) -> bool {
    let span = |experiment: &Experiment| {
        let resume = experiment
            .pauses
            .last()
            .map_or(experiment.start, |pause| pause.from);
        let resume = resume.succ_opt().unwrap_or(resume);
        let last = experiment
            .planned(resume)
            .last()
            .map_or(experiment.start, |night| night.night);
        (experiment.start, last)
    };
    let ((a_first, a_last), (b_first, b_last)) = (span(a), span(b));
    a_first <= b_last && b_first <= a_last
}
