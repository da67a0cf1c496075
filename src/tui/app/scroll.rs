//! The lists that scroll a step at a time (tonight's plan, the summary, the stats
//! page): where each stands, moved within what there is to see.

use super::App;
use crate::tui::view::{self, Scrolled};

/// Items scrolled past in each list that scrolls.
#[derive(Debug, Default)]
pub(super) struct Lists {
    /// Steps of tonight's plan, on the home screen.
    plan: usize,
    /// Steps of the summary.
    pub(super) summary: usize,
    /// Items of the stats page.
    pub(super) stats: usize,
}

impl App {
    /// Move the list of the screen showing `by` items (a window's height or more: a
    /// page); returns whether it moved.
    pub(super) fn scroll_list(&mut self, by: isize) -> bool {
        let Some(list) = view::scrolled_list(self) else {
            return false;
        };
        let to = view::list_scrolled(self, list, by);
        let at = match list {
            Scrolled::Plan => &mut self.lists.plan,
            Scrolled::Summary => &mut self.lists.summary,
            Scrolled::Stats => &mut self.lists.stats,
        };
        std::mem::replace(at, to) != to
    }

    /// Steps of tonight's plan scrolled past on the home screen.
    pub fn plan_scroll(&self) -> usize {
        self.lists.plan
    }

    /// Steps of the summary scrolled past.
    pub fn summary_scroll(&self) -> usize {
        self.lists.summary
    }

    /// Items of the stats page scrolled past.
    pub fn stats_scroll(&self) -> usize {
        self.lists.stats
    }
}
