//! The top line of every screen: the routine's name, and on the right the clock with
//! the time to bedtime, or what matters more (a warning, a notice, what is not saved).

use chrono::Timelike;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::fit;
use crate::columns;
use crate::routine::hours_minutes;
use crate::tui::app::App;

/// The top line of every screen: the routine's name, and the clock with the time to bedtime
/// (or a warning, which matters more). When short of room the clock drops the time to
/// bedtime; a message says it in fewer words (where it has them) beside the name, or
/// takes the whole line, shortened at a word only when even that is too narrow; the
/// whole warning is in help.
pub(super) fn render_header(app: &App, area: Rect, buf: &mut Buffer) {
    let (right, style) = header_text(app);
    let name = app.routine().name.as_str();
    let width = usize::from(area.width);
    let name_width = columns::width(name);
    let fits = |text: &str, room: usize| columns::width(text) <= room;
    let behind = app.behind_words();
    let right = if behind.is_some() || app.warning().is_some() || app.notice().is_some() {
        let beside = width.saturating_sub(name_width.min(width / 3) + 1);
        let shorter = match &behind {
            Some(words) => &words[1..],
            None => app.message_shorter(),
        };
        let wordings = || std::iter::once(&right).chain(shorter);
        wordings()
            .find(|words| fits(words, beside))
            .or_else(|| wordings().find(|words| fits(words, width)))
            .cloned()
            .unwrap_or_else(|| fit::fit(shorter.last().unwrap_or(&right), area.width))
    } else if columns::width(&right) + 1 + name_width.min(12) <= width {
        right
    } else {
        right.split(" · ").next().unwrap_or_default().to_string()
    };
    let right_width = columns::width(&right);
    let name_room = width.saturating_sub(right_width + 1);
    // A name with no room for its first word makes way whole rather than lose a
    // part of it.
    let name = if columns::width(name) <= name_room {
        Some(name.to_string())
    } else {
        columns::break_within(name, name_room.saturating_sub(1))
            .filter(|end| *end > 0)
            .map(|end| format!("{}{}", &name[..end], columns::MORE))
    };
    if let Some(name) = name {
        Line::styled(name, Style::new().add_modifier(Modifier::BOLD)).render(
            Rect {
                width: name_room as u16,
                ..area
            },
            buf,
        );
    }
    Line::styled(right, style)
        .alignment(Alignment::Right)
        .render(area, buf);
}

/// The header's right-hand side: a warning, when the clock stopped, or the clock
/// with the time to bedtime.
pub(super) fn header_text(app: &App) -> (String, Style) {
    // Nothing matters more than what is not on disk.
    if let Some(mut words) = app.behind_words() {
        return (words.swap_remove(0), Style::new().fg(Color::Red));
    }
    if let (None, Some(notice)) = (app.warning(), app.notice()) {
        return (notice.to_string(), Style::new().fg(Color::Green));
    }
    match (app.warning(), app.paused_at()) {
        (Some(warning), _) => (warning.to_string(), Style::new().fg(Color::Red)),
        (None, Some(paused)) => (
            format!("paused at {:02}:{:02}", paused.hour(), paused.minute()),
            Style::new(),
        ),
        (None, None) => {
            let wall = app.wall();
            let mut clock = format!("{:02}:{:02}", wall.hour(), wall.minute());
            if let Some(bedtime) = app.bedtime() {
                let minutes = (bedtime - wall).num_seconds().div_euclid(60);
                clock.push_str(&match minutes {
                    1.. => format!(" · lights out in {}", hours_minutes(minutes.unsigned_abs())),
                    0 => " · lights out now".to_string(),
                    _ => format!(
                        " · bedtime was {} ago",
                        hours_minutes(minutes.unsigned_abs())
                    ),
                });
            }
            (clock, Style::new())
        }
    }
}
