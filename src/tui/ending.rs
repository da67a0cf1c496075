//! How the app ended, and the line it leaves in the terminal: only what the
//! database holds, and plainly what it does not.

use std::path::Path;

use crate::journal::{Closing, SosClosing};
use crate::plural;
use crate::session::Tally;

/// How a run of the terminal app ended.
#[derive(Debug)]
pub struct RunEnd {
    /// The signal (SIGTERM, SIGHUP, SIGINT) that asked us to stop, if one did;
    /// progress was saved first. `None`: the user left.
    pub signal: Option<i32>,
    /// The run of tonight, if one started.
    pub run: Option<RunTally>,
    /// Whether everything reached the database, and where what did not was kept.
    pub closing: Closing,
    /// Each Cramp SOS episode of the evening: in the history, or where it was kept.
    pub sos: Vec<SosClosing>,
    /// A line for the shell besides the run's (e.g. an SOS that was not logged).
    pub note: Option<String>,
    /// Why nothing written reached the database any more (it was deleted while
    /// winddown ran): then nothing of the evening is said to be kept.
    pub gone: Option<String>,
}

/// What the exit line may say of the run: only what the database holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunTally {
    /// The name of the routine that ran.
    pub routine: String,
    /// How its steps ended, counting only results that are stored.
    pub stored: Tally,
    /// Whether the run reached its end.
    pub finished: bool,
}

impl RunEnd {
    /// The line to print once the terminal is restored, if any, and whether the
    /// evening was stored in full (else the command exits non-zero).
    pub fn exit_line(&self) -> (Option<String>, bool) {
        if let Some(gone) = &self.gone {
            return (Some(self.gone_line(gone)), false);
        }
        let run_saved = self.closing.unsaved_steps == 0 && self.closing.reason.is_none();
        let run_line = if run_saved {
            self.run_line()
        } else {
            Some(self.unsaved_line())
        };
        let sos: Vec<(String, bool)> = self.sos.iter().map(SosClosing::line).collect();
        let stored = run_saved && sos.iter().all(|(_, stored)| *stored);
        let lines: Vec<String> = run_line
            .into_iter()
            .chain(sos.into_iter().map(|(line, _)| line))
            .chain(self.note.clone())
            .collect();
        ((!lines.is_empty()).then(|| lines.join("\n")), stored)
    }

    /// What the run came to, when one ran and the user left.
    fn run_line(&self) -> Option<String> {
        match &self.run {
            _ if self.signal.is_some() => None,
            None => None,
            Some(run) if run.finished => {
                let tonight = if run.stored.skipped == 0 && run.stored.cut_short == 0 {
                    " tonight"
                } else {
                    ""
                };
                Some(format!(
                    "{}: {}{tonight}. Sleep well.",
                    run.routine,
                    run.stored.describe()
                ))
            }
            Some(run) => Some(format!(
                "{}: stopped with {}. Run winddown again to pick up where you left off.",
                run.routine,
                run.stored.describe()
            )),
        }
    }

    /// The database went from under winddown: what happened, and that none of it is kept.
    fn gone_line(&self, gone: &str) -> String {
        let (routine, happened) = match &self.run {
            Some(run) => (
                run.routine.as_str(),
                format!("{}, but it is not kept", run.stored.describe()),
            ),
            None if !self.sos.is_empty() => ("Cramp SOS", "the cramp is not kept".to_string()),
            None => ("winddown", "nothing more is kept".to_string()),
        };
        format!("{routine}: {happened}: {gone} while winddown ran.")
    }

    fn unsaved_line(&self) -> String {
        let closing = &self.closing;
        let routine = self
            .run
            .as_ref()
            .map_or("winddown", |run| run.routine.as_str());
        let what = match closing.unsaved_steps {
            0 => "tonight's run could not be saved".to_string(),
            count => format!("{} could not be saved", plural::count(count, "step")),
        };
        let reason = closing
            .reason
            .as_deref()
            .unwrap_or("the database refused it");
        let stored = self.run.as_ref().map_or(String::new(), |run| {
            format!(" The history holds {}.", run.stored.describe())
        });
        let kept = match &closing.recovery {
            Some(Ok(file)) => format!(
                " They are kept in {} and added to the history the next time winddown starts.",
                shown(file)
            ),
            Some(Err(err)) => format!(" They could not be kept in a file either: {err}."),
            None => String::new(),
        };
        format!("{routine}: {what}: {reason}.{stored}{kept}")
    }
}

fn shown(file: &Path) -> String {
    crate::printable::line(&file.display().to_string()).into_owned()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn end(done: usize, finished: bool, closing: Closing) -> RunEnd {
        RunEnd {
            signal: None,
            run: Some(RunTally {
                routine: "Tri".into(),
                stored: Tally {
                    done,
                    cut_short: 0,
                    skipped: 0,
                    total: 6,
                },
                finished,
            }),
            closing,
            sos: Vec::new(),
            note: None,
            gone: None,
        }
    }

    fn saved() -> Closing {
        Closing {
            unsaved_steps: 0,
            reason: None,
            recovery: None,
        }
    }

    #[test]
    fn a_stored_run_is_told_with_the_routine_that_ran() {
        assert_eq!(
            end(6, true, saved()).exit_line(),
            (
                Some("Tri: 6 of 6 steps done tonight. Sleep well.".to_string()),
                true
            )
        );
        assert_eq!(
            end(2, false, saved()).exit_line().0.as_deref(),
            Some(
                "Tri: stopped with 2 of 6 steps done. \
                 Run winddown again to pick up where you left off."
            )
        );
    }

    #[test]
    fn a_database_deleted_under_the_run_is_said_and_nothing_is_called_kept() {
        let mut gone = end(2, false, saved());
        gone.gone = Some("/home/me/.local/share/winddown/winddown.db was deleted".into());
        assert_eq!(
            gone.exit_line(),
            (
                Some(
                    "Tri: 2 of 6 steps done, but it is not kept: \
                     /home/me/.local/share/winddown/winddown.db was deleted while winddown ran."
                        .to_string()
                ),
                false
            )
        );
    }

    #[test]
    fn unsaved_steps_are_said_plainly_with_where_they_were_kept() {
        let closing = Closing {
            unsaved_steps: 2,
            reason: Some("database or disk is full".into()),
            recovery: Some(Ok(PathBuf::from("/data/winddown-unsaved-1.json"))),
        };
        assert_eq!(
            end(4, true, closing).exit_line(),
            (
                Some(
                    "Tri: 2 steps could not be saved: database or disk is full. \
                     The history holds 4 of 6 steps done. They are kept in \
                     /data/winddown-unsaved-1.json and added to the history the next \
                     time winddown starts."
                        .to_string()
                ),
                false
            )
        );
        let lost = Closing {
            unsaved_steps: 1,
            reason: Some("the winddown database is busy".into()),
            recovery: Some(Err("cannot create /data/x: No space left on device".into())),
        };
        let (line, stored) = end(5, false, lost).exit_line();
        assert!(!stored);
        let line = line.unwrap_or_default();
        assert!(
            line.starts_with("Tri: 1 step could not be saved: the winddown database is busy."),
            "{line}"
        );
        assert!(
            line.ends_with(
                "They could not be kept in a file either: \
                 cannot create /data/x: No space left on device."
            ),
            "{line}"
        );
    }
}
