//! Which routines an evening can run: the one asked for (or, when it cannot be
//! used, an empty stand-in that says why), the others in the routine folder, and
//! the relief steps of Cramp SOS.

use anyhow::Result;

use crate::paths::Paths;
use crate::routine::Routine;
use crate::tui::{Choice, RoutineKey};
use crate::{routines, shipped};

/// The routine asked for, found and checked.
pub(super) fn asked_choice(name: &str, paths: &Paths) -> Result<Choice> {
    let source = routines::find(name, paths)?;
    let routine = routines::load(&source)?;
    Ok(Choice {
        key: RoutineKey {
            id: source.id.clone(),
            hash: source.hash(),
        },
        file: source.path.clone(),
        asked_for: name.to_string(),
        routine,
    })
}

/// A routine that cannot be run tonight (missing, or with errors): no steps, under
/// its name, and its file, so `e` can mend it and the app reloads it.
pub(super) fn unusable_choice(name: &str, paths: &Paths) -> Choice {
    let source = routines::find(name, paths).ok();
    let id = source
        .as_ref()
        .map_or_else(|| name.to_string(), |source| source.id.clone());
    Choice {
        routine: empty_routine(id.clone()),
        key: RoutineKey {
            id,
            hash: String::new(),
        },
        file: source.and_then(|source| source.path),
        asked_for: name.to_string(),
    }
}

/// Every valid routine the home screen can switch to, with the one asked for among
/// them (first, if it is a file outside the routine folder); returns its index too.
pub(super) fn choices_around(asked: Choice, paths: &Paths) -> (Vec<Choice>, usize) {
    let mut choices: Vec<Choice> = routines::available(paths)
        .into_iter()
        .filter(|source| routines::is_nightly(&source.id))
        .filter_map(|source| {
            let routine = routines::load(&source).ok()?;
            Some(Choice {
                key: RoutineKey {
                    id: source.id.clone(),
                    hash: source.hash(),
                },
                file: source.path.clone(),
                asked_for: source
                    .path
                    .as_ref()
                    .map_or_else(|| source.id.clone(), |path| path.display().to_string()),
                routine,
            })
        })
        .collect();
    match choices
        .iter()
        .position(|choice| choice.key == asked.key && choice.file == asked.file)
    {
        Some(index) => (choices, index),
        None => {
            choices.insert(0, asked);
            (choices, 0)
        }
    }
}

/// The SOS relief steps: the user's `sos.toml` when it is valid, else the shipped
/// ones, with a line saying why when the user's could not be used.
pub(super) fn sos_guide(paths: &Paths) -> (Routine, Option<String>) {
    let users = routines::find(shipped::SOS, paths).and_then(|source| routines::load(&source));
    match users {
        Ok(routine) => (routine, None),
        Err(err) => {
            let shipped = shipped::find(shipped::SOS)
                .and_then(|shipped| crate::routine::parse(shipped.source).ok())
                .unwrap_or_else(|| empty_routine("Cramp SOS".to_string()));
            let problem = format!(
                "using the built-in relief steps: {}",
                first_line(&err, paths)
            );
            (shipped, Some(problem))
        }
    }
}

/// The first line of an error (a routine's first diagnostic), for the header: a
/// file in the routine folder is named by its own name, so `file:line` fits.
pub(super) fn first_line(err: &anyhow::Error, paths: &Paths) -> String {
    let text = format!("{err:#}");
    let line = text.lines().next().unwrap_or_default().trim();
    let folder = format!(
        "{}{}",
        paths.routines().display(),
        std::path::MAIN_SEPARATOR
    );
    line.strip_prefix(&folder).unwrap_or(line).to_string()
}

/// A routine with no steps, for when the one asked for cannot be used.
fn empty_routine(name: String) -> Routine {
    Routine {
        name,
        about: None,
        bedtime: None,
        steps: Vec::new(),
    }
}
