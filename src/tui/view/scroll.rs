//! A list of one-row items taller than its rows, scrolled: which items show from
//! where the user scrolled to, and a row above and below saying how many more lie
//! that way, so a list never looks shorter than it is.

use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

/// Which part of the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ListWindow {
    /// The first item shown.
    pub(super) first: usize,
    /// How many items show.
    pub(super) shown: usize,
    /// Items hidden above.
    pub(super) above: usize,
    /// Items hidden below.
    pub(super) below: usize,
}

impl ListWindow {
    /// The items from `first` (no further than the list's end allows) of `items` in
    /// `rows` rows, a row given to each side with items hidden there (when there are
    /// at least two rows).
    pub(super) fn new(items: usize, rows: u16, first: usize) -> ListWindow {
        let rows = usize::from(rows);
        if items <= rows {
            return ListWindow {
                first: 0,
                shown: items,
                above: 0,
                below: 0,
            };
        }
        if rows < 2 {
            let first = first.min(items - rows);
            return ListWindow {
                first,
                shown: rows,
                above: 0,
                below: 0,
            };
        }
        let first = first.min(last_first(items, rows as u16));
        let room = rows - usize::from(first > 0);
        let shown = if first + room >= items {
            items - first
        } else {
            room - 1
        };
        ListWindow {
            first,
            shown,
            above: first,
            below: items - first - shown,
        }
    }

    /// The rows drawn: the marker above, the items' lines, the marker below.
    pub(super) fn lines(self, mut item: impl FnMut(usize) -> Line<'static>) -> Vec<Line<'static>> {
        let mut lines = Vec::with_capacity(self.shown + 2);
        if self.above > 0 {
            lines.push(marker(format!("↑ {} more above", self.above)));
        }
        lines.extend((self.first..self.first + self.shown).map(&mut item));
        if self.below > 0 {
            lines.push(marker(format!("↓ {} more below", self.below)));
        }
        lines
    }
}

/// The furthest the list scrolls: its last item on the last row.
pub(super) fn last_first(items: usize, rows: u16) -> usize {
    let rows = usize::from(rows);
    match rows {
        _ if items <= rows => 0,
        0 | 1 => items - rows,
        _ => items - (rows - 1),
    }
}

fn marker(text: String) -> Line<'static> {
    Line::styled(
        format!("  {text}"),
        Style::new().add_modifier(Modifier::DIM),
    )
}

#[cfg(test)]
mod tests {
    use super::ListWindow;

    fn window(items: usize, rows: u16, first: usize) -> (usize, usize, usize, usize) {
        let w = ListWindow::new(items, rows, first);
        let used = w.shown + usize::from(w.above > 0) + usize::from(w.below > 0);
        assert!(used <= usize::from(rows), "{items} in {rows} from {first}");
        if rows >= 2 {
            assert_eq!(w.above + w.shown + w.below, items);
        }
        (w.first, w.shown, w.above, w.below)
    }

    #[test]
    fn a_scrolled_list_says_how_much_it_hides_on_each_side() {
        assert_eq!(window(3, 5, 2), (0, 3, 0, 0), "all fit");
        assert_eq!(window(8, 5, 0), (0, 4, 0, 4));
        assert_eq!(window(8, 5, 2), (2, 3, 2, 3));
        assert_eq!(window(8, 5, 4), (4, 4, 4, 0), "the end");
        assert_eq!(window(8, 5, 9), (4, 4, 4, 0), "never past the end");
        assert_eq!(window(8, 1, 9), (7, 1, 0, 0), "one row: no room to say");
        for first in 0..10 {
            window(8, 2, first);
            window(8, 3, first);
        }
    }
}
