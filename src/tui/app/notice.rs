//! What the header says besides the clock: what of tonight's run is not on disk, a
//! warning (a problem, until the next one replaces it), or a one-line notice of what
//! was just done — a check-in saved, an SOS logged, a rest night set, a routine
//! reloaded — shown until the next change: a key, a click, a paste, or a hold, rest or
//! step beginning. A notice has no timer of its own, so it costs no wake-up.

use std::time::Instant;

use crate::journal::Unsaved;
use crate::model::NightStatus;
use crate::routine::format_duration;

use super::{App, Request, Stage};

/// What the header says besides the clock.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// A problem, shown until the next one replaces it.
    pub(super) warning: Option<String>,
    /// The warning says this kind of write was not saved: it goes once a later
    /// one of the kind is, when it would no longer be true.
    pub(super) failed_write: Option<std::mem::Discriminant<Request>>,
    /// A warning in fewer words, shortest last, for a header too narrow for it, with
    /// the warning they shorten (they go when that warning does).
    pub(super) shorter: Option<(String, Vec<String>)>,
    /// What of tonight's run is not on disk yet.
    pub(super) unsaved: Option<Unsaved>,
    /// What is not on disk, or no longer can be, as the store says now.
    pub(super) behind: super::outside::Behind,
    /// What was just done, and when it was said (see [`App::notice`]).
    pub(super) notice: Option<(String, Instant)>,
}

impl App {
    /// What of tonight's run is not on disk yet, while anything is not.
    pub fn unsaved(&self) -> Option<&Unsaved> {
        self.header.unsaved.as_ref()
    }

    /// The journal's word on what is not on disk yet (`None`: everything is).
    pub fn set_unsaved(&mut self, unsaved: Option<Unsaved>) {
        self.header.unsaved = unsaved;
    }

    /// A problem to show in the header (e.g. progress could not be saved).
    pub fn warning(&self) -> Option<&str> {
        self.header.warning.as_deref()
    }

    /// Show a problem in the header until the next one replaces it. Problems quote
    /// file names and routine text, so control characters are shown escaped.
    pub fn warn(&mut self, warning: String) {
        let shown = crate::printable::line(&warning).into_owned();
        let shorter = diagnostic_shorter(&shown);
        if !shorter.is_empty() {
            self.header.shorter = Some((shown.clone(), shorter));
        }
        self.header.warning = Some(shown);
        self.header.failed_write = None;
    }

    /// A write of the `kind` of a request (a check-in, a rest night, …) was not
    /// saved, for the reason `said`: a warning until a later one of its kind goes through.
    pub fn warn_not_saved(&mut self, kind: std::mem::Discriminant<Request>, said: &str) {
        self.warn_until_saved(kind, format!("not saved: {said}"));
    }

    /// `warning` about a write of the `kind` of a request, shown until a later one of
    /// its kind goes through ([`App::saved`]) or another problem replaces it.
    pub fn warn_until_saved(&mut self, kind: std::mem::Discriminant<Request>, warning: String) {
        self.warn(warning);
        self.header.failed_write = Some(kind);
    }

    /// Show a problem in the header as [`App::warn`] does, with `shorter` wordings of
    /// it (shortest last) for a header too narrow for the whole sentence.
    pub fn warn_briefly(&mut self, warning: String, shorter: Vec<String>) {
        self.warn(warning);
        let shorter = shorter
            .iter()
            .map(|words| crate::printable::line(words).into_owned())
            .collect();
        self.header.shorter = self.header.warning.clone().map(|shown| (shown, shorter));
    }

    /// Shorter wordings of the message the header shows (the warning, else the
    /// notice), shortest last, when it has them.
    pub fn message_shorter(&self) -> &[String] {
        let shown = self.header.warning.as_ref().or(self
            .header
            .notice
            .as_ref()
            .map(|(text, _)| text));
        match &self.header.shorter {
            Some((shortens, shorter)) if shown == Some(shortens) => shorter,
            _ => &[],
        }
    }

    /// What was just done, while nothing has changed since.
    pub fn notice(&self) -> Option<&str> {
        self.header.notice.as_ref().map(|(text, _)| text.as_str())
    }

    /// The loop stored what `request` asked for: say so (writes that failed are
    /// warnings instead, and never get here).
    pub fn saved(&mut self, request: &Request) {
        if self.header.failed_write == Some(std::mem::discriminant(request)) {
            self.header.warning = None;
            self.header.failed_write = None;
        }
        let text = match request {
            Request::CheckIn(checkin, _) => {
                self.know_checkin(checkin.clone());
                format!("Check-in saved for {} night", checkin.night.format("%A"))
            }
            Request::SkipCheckin(night) => {
                format!("{} night will not be asked about again", night.format("%A"))
            }
            Request::DeclareRest(reason) => {
                if let Some((_, status)) = self.history.recent.last_mut() {
                    *status = Some(NightStatus::Rest(reason.clone()));
                }
                format!("Rest night set: {reason}")
            }
            // Not on disk yet: the header says so instead.
            Request::RecordSos { .. } if self.header.behind.sos.is_some() => return,
            Request::RecordSos { lasted, leg, .. } => {
                let leg = leg.map_or_else(String::new, |leg| format!(", {}", leg.described()));
                let lasted = std::time::Duration::from_secs(lasted.as_secs().max(1));
                format!("Cramp logged: {}{leg}", format_duration(lasted))
            }
            _ => return,
        };
        self.notify(text);
    }

    /// Declaring a rest night for `reason` failed (the database busy, the disk
    /// full): its question opens again with the reason typed, for Enter to try again.
    pub fn rest_not_saved(&mut self, reason: String) {
        self.stage = Stage::RestReason(reason);
    }

    /// Show `text` until the next change, in place of any notice before it. Like
    /// warnings, it may quote the user's words, so control characters are shown escaped.
    pub fn notify(&mut self, text: String) {
        self.header.notice = Some((crate::printable::line(&text).into_owned(), self.now));
    }

    /// Show a notice as [`App::notify`] does, with `shorter` wordings of it (shortest
    /// last) for a header too narrow for the whole sentence.
    pub fn notify_briefly(&mut self, text: String, shorter: Vec<String>) {
        self.notify(text);
        let shorter = shorter
            .iter()
            .map(|words| crate::printable::line(words).into_owned())
            .collect();
        self.header.shorter = self.notice().map(|shown| (shown.to_string(), shorter));
    }

    /// Something changed at `now`: a notice given before it goes.
    pub(super) fn fade_notice(&mut self, now: Instant) {
        if self
            .header
            .notice
            .as_ref()
            .is_some_and(|(_, given)| *given < now)
        {
            self.header.notice = None;
        }
    }
}

/// A shorter wording of a warning that quotes a routine file's mistake
/// ("leg-cramps.toml:14:12: error: … — fix and save to reload"): where and what the
/// mistake is, without what to do about it (help shows all of it).
fn diagnostic_shorter(warning: &str) -> Vec<String> {
    let Some((place, message)) = warning.split_once(": error: ") else {
        return Vec::new();
    };
    let mut parts = place.rsplitn(3, ':');
    let (Some(column), Some(line), Some(_file)) = (parts.next(), parts.next(), parts.next()) else {
        return Vec::new();
    };
    let numbers = [column, line]
        .iter()
        .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()));
    match message.split_once(" — ") {
        Some((what, _)) if numbers => vec![format!("{place}: error: {what}")],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::diagnostic_shorter;

    #[test]
    fn a_routine_mistake_is_shortened_keeping_where_and_what() {
        assert_eq!(
            diagnostic_shorter(
                "leg-cramps.toml:14:12: error: sets must be at least 1 — fix and save to reload"
            ),
            ["leg-cramps.toml:14:12: error: sets must be at least 1"]
        );
        assert!(diagnostic_shorter("leg-cramps.toml:14:12: error: sets must be 1").is_empty());
        assert!(diagnostic_shorter("progress not saved: disk full — try again").is_empty());
        assert!(diagnostic_shorter("a:b:c: error: x — y").is_empty());
    }
}
