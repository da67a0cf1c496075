//! Help over any screen: opened, scrolled and closed, pausing a counting hold while
//! it is read; and the dialogs that take the keys while open.

use super::{App, Overlay};
use crate::session::Action;
use crate::tui::view;

/// Help's own state: how far it is scrolled, and whether opening it paused a hold.
#[derive(Debug, Default)]
pub(super) struct Help {
    /// Lines of help scrolled past.
    pub(super) scroll: u16,
    /// Help paused a counting hold, to go on when it closes.
    pub(super) paused: bool,
}

impl App {
    /// Open help for the screen showing; a counting hold waits while it is read.
    pub(super) fn open_help(&mut self) -> bool {
        let counting = self.counting();
        if counting {
            self.apply(Action::TogglePause);
        }
        self.help.paused = counting;
        self.help.scroll = 0;
        self.open(Overlay::Help)
    }

    /// Close help, letting a hold it paused count on.
    pub(super) fn close_help(&mut self) {
        self.overlay = None;
        if std::mem::take(&mut self.help.paused) {
            self.apply(Action::TogglePause);
        }
    }

    /// Scroll help by `lines`, within its length.
    pub(super) fn scroll_help(&mut self, lines: i16) {
        let limit = view::help_scroll_limit(self);
        self.help.scroll = self.help.scroll.saturating_add_signed(lines).min(limit);
    }

    /// Lines of help scrolled past.
    pub fn help_scroll(&self) -> u16 {
        self.help.scroll
    }

    /// Show `overlay` over the screen; it takes the keys while open.
    pub(super) fn open(&mut self, overlay: Overlay) -> bool {
        self.overlay = Some(overlay);
        true
    }
}
