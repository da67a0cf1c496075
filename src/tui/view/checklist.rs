//! A checklist step's items on the run screen: ticked or not, the cursor's item
//! reversed, and a list too long for its rows scrolled around the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::routine::Step;
use crate::session::Session;
use crate::tui::app::App;

use super::big::{self, Size};
use super::fit::fit_line;
use super::run_layout::big_item;

/// Which of `items` sits at `position` in the checklist's rows `list`, with the
/// cursor on `cursor`.
pub(super) fn item_at(
    items: usize,
    cursor: usize,
    big: Option<Size>,
    list: Rect,
    position: Position,
) -> Option<usize> {
    if !list.contains(position) {
        return None;
    }
    if let Some(size) = big {
        // Every big item shows, its glyphs and the blank row under it.
        let item = usize::from((position.y - list.y) / (size.rows() + 1));
        return (item < items).then_some(item);
    }
    let window = ListWindow::new(items, list.height, cursor);
    let row = usize::from(position.y - list.y);
    let first_row = usize::from(window.above > 0);
    (first_row..first_row + window.shown)
        .contains(&row)
        .then(|| window.first + row - first_row)
}

/// Which part of a checklist too long for its rows is shown: the items around the
/// cursor, with a row saying how many more lie above or below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ListWindow {
    /// The first item shown.
    first: usize,
    /// How many items are shown.
    shown: usize,
    /// Items hidden above.
    above: usize,
    /// Items hidden below.
    below: usize,
}

impl ListWindow {
    fn new(items: usize, rows: u16, cursor: usize) -> ListWindow {
        let rows = usize::from(rows);
        if items <= rows {
            return ListWindow {
                first: 0,
                shown: items,
                above: 0,
                below: 0,
            };
        }
        let cursor = cursor.min(items.saturating_sub(1));
        if rows < 3 {
            // No room to say what is hidden: just the items up to the cursor.
            let first = (cursor + 1).saturating_sub(rows);
            return ListWindow {
                first,
                shown: rows,
                above: 0,
                below: 0,
            };
        }
        // Room for a "more" row at each end; only one is needed at either end.
        let middle = rows.saturating_sub(2).max(1);
        let (first, shown) = if cursor < rows.saturating_sub(1) {
            (0, rows.saturating_sub(1).max(1))
        } else if cursor + rows > items {
            let shown = rows.saturating_sub(1).max(1);
            (items - shown, shown)
        } else {
            (cursor + 1 - middle, middle)
        };
        ListWindow {
            first,
            shown,
            above: first,
            below: items - first - shown,
        }
    }
}

/// The step's checklist items in big glyphs of `size`, one a line with a blank row
/// between two: the cursor's item reversed, a ticked one dimmed.
fn render_big(app: &App, session: &Session, step: &Step, size: Size, area: Rect, buf: &mut Buffer) {
    let checked = session.checked();
    // The items start in one column, the widest centred.
    let widest = step
        .checklist
        .iter()
        .map(|item| big_item(item, true).chars().count() as u16 * size.columns())
        .max()
        .unwrap_or(0);
    let left = area.x + (area.width.saturating_sub(widest)) / 2;
    for (index, item) in step.checklist.iter().enumerate() {
        let y = area.y + index as u16 * (size.rows() + 1);
        let row = Rect {
            y,
            height: size.rows(),
            ..area
        }
        .intersection(area);
        let ticked = checked.get(index).copied().unwrap_or(false);
        let mut style = Style::new().add_modifier(Modifier::BOLD);
        if ticked {
            style = style.add_modifier(Modifier::DIM);
        }
        if index == app.cursor() {
            style = style.add_modifier(Modifier::REVERSED);
            buf.set_style(row, Style::new().add_modifier(Modifier::REVERSED));
        }
        let from = Rect {
            x: left,
            width: area.right().saturating_sub(left),
            ..row
        };
        big::render_line_from(&big_item(item, ticked), size, style, from, buf);
    }
}

/// The step's checklist, the cursor's item reversed, scrolled to keep it in view; in
/// big glyphs of `big` when the items grew.
pub(super) fn render(
    app: &App,
    session: &Session,
    step: &Step,
    big: Option<Size>,
    area: Rect,
    buf: &mut Buffer,
) {
    if let Some(size) = big {
        render_big(app, session, step, size, area, buf);
        return;
    }
    let checked = session.checked();
    let window = ListWindow::new(step.checklist.len(), area.height, app.cursor());
    let dim = Style::new().add_modifier(Modifier::DIM);
    let mut y = area.y;
    if window.above > 0 {
        Line::styled(format!("  ↑ {} more above", window.above), dim).render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
        y += 1;
    }
    for (index, item) in step
        .checklist
        .iter()
        .enumerate()
        .skip(window.first)
        .take(window.shown)
    {
        let ticked = checked.get(index).copied().unwrap_or(false);
        let mut style = Style::new();
        if ticked {
            style = style.add_modifier(Modifier::DIM);
        }
        let marker = if index == app.cursor() { "› " } else { "  " };
        let line = Line::from(vec![
            Span::styled(marker, Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(if ticked { "[x] " } else { "[ ] " }),
            Span::styled(item.as_str(), style),
        ]);
        let row = Rect {
            y,
            height: 1,
            ..area
        };
        y += 1;
        let line = fit_line(line, row.width);
        if index == app.cursor() {
            line.reversed().render(row, buf);
        } else {
            line.render(row, buf);
        }
    }
    if window.below > 0 && y < area.bottom() {
        Line::styled(format!("  ↓ {} more below", window.below), dim).render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::ListWindow;

    fn window(items: usize, rows: u16, cursor: usize) -> (usize, usize, usize, usize) {
        let w = ListWindow::new(items, rows, cursor);
        assert!((w.first..w.first + w.shown).contains(&cursor.min(items - 1)));
        assert!(w.shown + usize::from(w.above > 0) + usize::from(w.below > 0) <= usize::from(rows));
        (w.first, w.shown, w.above, w.below)
    }

    #[test]
    fn the_cursor_stays_in_view_with_what_is_hidden_counted() {
        assert_eq!(window(3, 5, 2), (0, 3, 0, 0));
        assert_eq!(window(21, 6, 0), (0, 5, 0, 16));
        assert_eq!(window(21, 6, 10), (7, 4, 7, 10));
        assert_eq!(window(21, 6, 20), (16, 5, 16, 0));
        assert_eq!(window(21, 2, 20), (19, 2, 0, 0));
        for cursor in 0..21 {
            window(21, 6, cursor);
            window(21, 3, cursor);
        }
    }
}
