//! Screens as pure functions of [`App`]: `impl Widget for &App`.

mod countdown;
mod overlays;
mod run;
mod summary;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Overlay};

pub use countdown::{clock_text, shown_seconds};

/// Below this the run screen cannot show a countdown and its controls.
pub const MIN_WIDTH: u16 = 30;
/// Below this the run screen cannot show a countdown and its controls.
pub const MIN_HEIGHT: u16 = 9;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            render_too_small(area, buf);
            return;
        }
        if self.session().is_finished() {
            summary::render(self, area, buf);
        } else {
            run::render(self, area, buf);
        }
        match self.overlay() {
            Some(Overlay::Help) => overlays::render_help(area, buf),
            Some(Overlay::ConfirmQuit) => overlays::render_confirm_quit(self, area, buf),
            Some(Overlay::ConfirmUnticked) => overlays::render_confirm_unticked(self, area, buf),
            None => {}
        }
    }
}

/// Which checklist item, if any, is drawn at `position` on the current screen.
pub fn checklist_item_at(app: &App, position: Position) -> Option<usize> {
    let area = app.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT || app.session().is_finished() {
        return None;
    }
    run::checklist_item_at(app, area, position)
}

fn render_too_small(area: Rect, buf: &mut Buffer) {
    let message = vec![
        Line::styled(
            "Make the window larger",
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Line::from(format!("(at least {MIN_WIDTH}×{MIN_HEIGHT})")),
    ];
    let height = 2.min(area.height);
    let top = area.y + area.height.saturating_sub(height) / 2;
    Paragraph::new(message)
        .alignment(Alignment::Center)
        .wrap(Wrap { trim: true })
        .render(
            Rect {
                y: top,
                height: area.height - (top - area.y),
                ..area
            },
            buf,
        );
}

/// "about 11 min" for a remaining time, rounded up to whole minutes.
pub fn about_minutes(seconds: u64) -> String {
    match seconds {
        0..=59 => "under a minute".to_string(),
        _ => format!("about {} min", seconds.div_ceil(60)),
    }
}
