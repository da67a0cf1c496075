//! A one-line notice of what was just done — a check-in saved, an SOS logged, a rest
//! night set, a routine reloaded — shown until the next change: a key, a click, a
//! paste, or a hold, rest or step beginning. It has no timer of its own, so it costs
//! no wake-up.

use std::time::Instant;

use crate::model::Leg;
use crate::routine::format_duration;

use super::{App, Request};

impl App {
    /// What was just done, while nothing has changed since.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|(text, _)| text.as_str())
    }

    /// The loop stored what `request` asked for: say so (writes that failed are
    /// warnings instead, and never get here).
    pub fn saved(&mut self, request: &Request) {
        let text = match request {
            Request::CheckIn(checkin) => {
                format!("Check-in saved for {} night", checkin.night.format("%A"))
            }
            Request::SkipCheckin(night) => {
                format!("{} night will not be asked about again", night.format("%A"))
            }
            Request::DeclareRest(reason) => format!("Rest night set: {reason}"),
            Request::RecordSos { lasted, leg, .. } => {
                let leg = match leg {
                    None => String::new(),
                    Some(Leg::Both) => ", both legs".to_string(),
                    Some(leg) => format!(", {} leg", leg.as_str()),
                };
                let lasted = std::time::Duration::from_secs(lasted.as_secs().max(1));
                format!("Cramp logged: {}{leg}", format_duration(lasted))
            }
            _ => return,
        };
        self.notify(text);
    }

    /// Show `text` until the next change. Like warnings, it may quote the user's
    /// words, so control characters are shown escaped.
    pub(super) fn notify(&mut self, text: String) {
        self.notice = Some((crate::printable::line(&text).into_owned(), self.now));
    }

    /// Something changed at `now`: a notice given before it goes.
    pub(super) fn fade_notice(&mut self, now: Instant) {
        if self.notice.as_ref().is_some_and(|(_, given)| *given < now) {
            self.notice = None;
        }
    }
}
