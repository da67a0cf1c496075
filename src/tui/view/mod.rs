//! Screens as pure functions of [`App`]: `impl Widget for &App`.

mod bar;
mod big;
mod checkin;
mod checklist;
mod countdown;
mod counting;
mod experiment;
mod fit;
mod header;
mod help;
mod home;
mod overlays;
mod plan;
mod run;
mod run_layout;
mod scroll;
mod sos;
mod stats;
mod summary;
mod theme;

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Text};
use ratatui::widgets::Widget;

use super::app::{App, Overlay, Stage};
use crate::routine::for_reading;

pub use countdown::{clock_text, shown_seconds};
use header::{header_text, render_header};

/// Below this the run screen cannot show a countdown and its controls.
pub const MIN_WIDTH: u16 = 30;
/// Below this the run screen cannot show a countdown and its controls.
pub const MIN_HEIGHT: u16 = 9;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        render_screen(self, area, buf);
        recolour(self, area, buf);
    }
}

/// The screen's colours as the user wants them: none with `NO_COLOR` (which wins),
/// low light in the night theme, or as drawn.
fn recolour(app: &App, area: Rect, buf: &mut Buffer) {
    if app.no_color() {
        strip_colors(area, buf);
    } else if app.is_night() {
        theme::to_night(area, buf);
    }
}

/// `NO_COLOR`: every cell back to the terminal's own colours, emphasis kept.
fn strip_colors(area: Rect, buf: &mut Buffer) {
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            if let Some(cell) = buf.cell_mut((x, y)) {
                cell.set_fg(Color::Reset).set_bg(Color::Reset);
            }
        }
    }
}

/// The screen for the app's stage, with any dialog over it.
fn render_screen(app: &App, area: Rect, buf: &mut Buffer) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(area, buf);
        return;
    }
    match (app.stage(), app.session()) {
        (Stage::Running, Some(session)) if session.is_finished() => {
            summary::render(app, session, area, buf);
        }
        (Stage::Running, Some(session)) => run::render(app, session, area, buf),
        (Stage::CheckIn(form), _) => checkin::render(app, form, area, buf),
        (Stage::Stats(view), _) => stats::render(app, view, area, buf),
        (stage, _) => {
            home::render(app, area, buf);
            match stage {
                Stage::ResumeOffer => home::render_resume_offer(app, area, buf),
                Stage::RestReason(reason) => home::render_rest_reason(reason, area, buf),
                Stage::ExperimentOffer(drawn, scroll) => {
                    experiment::render_offer(app, drawn, *scroll, area, buf);
                }
                _ => {}
            }
        }
    }
    if app.sos().is_some() {
        sos::render(app, area, buf);
        if app.overlay() == Some(Overlay::Help) {
            help::render(app, area, buf);
        }
        return;
    }
    match (app.overlay(), app.session()) {
        (Some(Overlay::Help), _) => help::render(app, area, buf),
        (Some(Overlay::ConfirmQuit { .. }), Some(session)) => {
            overlays::render_confirm_quit(session, area, buf);
        }
        (Some(Overlay::ConfirmRunAgain), _) => overlays::render_confirm_run_again(app, area, buf),
        (Some(Overlay::ConfirmUnticked), Some(session)) => {
            overlays::render_confirm_unticked(session, area, buf);
        }
        _ => {}
    }
    if let Some(keys) = overlays::dialog_keys(app) {
        overlays::render_dialog_footer(keys, area, buf);
    }
}

/// A list that scrolls a step at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scrolled {
    /// Tonight's plan on the home screen.
    Plan,
    /// The steps of tonight's summary.
    Summary,
    /// The stats page.
    Stats,
}

/// The list the screen showing scrolls, if any.
pub fn scrolled_list(app: &App) -> Option<Scrolled> {
    if app.sos().is_some() || app.overlay().is_some() {
        return None;
    }
    match (app.stage(), app.session()) {
        (Stage::Stats(_), _) => Some(Scrolled::Stats),
        (Stage::Running, Some(session)) if session.is_finished() => Some(Scrolled::Summary),
        (Stage::Home, _) => Some(Scrolled::Plan),
        _ => None,
    }
}

/// Where `list` stands after moving `by` items (a window's height or more: a page),
/// within what there is to see in the app's window.
pub fn list_scrolled(app: &App, list: Scrolled, by: isize) -> usize {
    let (items, rows, now) = match list {
        Scrolled::Stats => return stats::stats_scrolled(app, by),
        Scrolled::Plan => (
            app.steps().len(),
            home::plan_area(app).height,
            app.plan_scroll(),
        ),
        Scrolled::Summary => (
            app.session().map_or(0, |session| session.steps().len()),
            summary::list_area(app).height,
            app.summary_scroll(),
        ),
    };
    let page = isize::try_from(rows.saturating_sub(2).max(1)).unwrap_or(1);
    let by = by.clamp(-page, page);
    let last = scroll::last_first(items, rows);
    now.min(last).saturating_add_signed(by).min(last)
}

pub use help::keys_of_every_screen;

/// How many lines help can scroll in the app's window.
pub fn help_scroll_limit(app: &App) -> u16 {
    help::scroll_limit(app)
}

/// One part of the screen that changes with time alone, while a countdown runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticking {
    /// Where it is drawn; nothing else draws there.
    pub area: Rect,
    /// What it shows, in short: while this stays the same, so do its cells.
    pub shows: String,
    part: Part,
}

/// Which part of the run screen a [`Ticking`] is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Header,
    Digits(countdown::Piece),
    /// The switch-sides banner, in place of the digits.
    Banner,
    HoldBar,
    Progress,
}

/// The parts of the screen that change with time alone, when a countdown runs on the
/// run screen with nothing over it; `None` otherwise. See [`render_ticking`].
pub fn ticking_parts(app: &App) -> Option<Vec<Ticking>> {
    let area = app.area();
    let session = app.session().filter(|session| !session.is_finished())?;
    let counting = *app.stage() == Stage::Running
        && app.sos().is_none()
        && app.overlay().is_none()
        && !session.is_paused()
        && session.remaining(app.now()).is_some();
    let fits = area.width >= MIN_WIDTH && area.height >= MIN_HEIGHT;
    (counting && fits).then(|| run::ticking_parts(app, session, area))
}

/// Draws one of the [`ticking_parts`] into `buf`, whose area is the part's, cell for
/// cell as a whole frame draws it.
pub fn render_ticking(app: &App, ticking: &Ticking, buf: &mut Buffer) {
    if let Some(session) = app.session() {
        run::render_ticking(app, session, &ticking.part, buf);
    }
    recolour(app, buf.area, buf);
}

/// The cells a tick changes when the ticking part `now` is `was`'s big glyph turned
/// into another (a digit counting down, same size, place and colours), each with
/// its new symbol, its style being the one the screen shows there; `None` when the
/// part must be drawn whole with [`render_ticking`].
pub fn glyph_changes(was: &Ticking, now: &Ticking) -> Option<Vec<(u16, u16, &'static str)>> {
    counting::glyph_changes(was, now)
}

/// Whether anything on the current screen answers a click (a checklist's items).
pub fn clickable(app: &App) -> bool {
    let area = app.area();
    app.sos().is_none()
        && app.overlay().is_none()
        && *app.stage() == Stage::Running
        && area.width >= MIN_WIDTH
        && area.height >= MIN_HEIGHT
        && app
            .session()
            .filter(|session| !session.is_finished())
            .and_then(|session| session.current_step())
            .is_some_and(|step| !step.checklist.is_empty())
}

/// Which checklist item, if any, is drawn at `position` on the current screen.
pub fn checklist_item_at(app: &App, position: Position) -> Option<usize> {
    let area = app.area();
    let session = app.session().filter(|session| !session.is_finished())?;
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT || *app.stage() != Stage::Running {
        return None;
    }
    run::checklist_item_at(app, session, area, position)
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
    fit::render_wrapped(
        Text::from(message).centered(),
        Rect {
            y: top,
            height: area.height - (top - area.y),
            ..area
        },
        buf,
    );
}

/// How tall one row of a screen is, for [`stack`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Row {
    /// This tall: room is given to these first.
    Fixed(u16),
    /// Up to this tall, from what the fixed rows leave.
    UpTo(u16),
    /// Spacing, this tall only when everything above fits.
    Gap(u16),
    /// What is left, shared evenly among the fills.
    Fill,
}

impl Row {
    /// In which pass this row is given room, and how much it asks for; fills come after.
    fn claim(self) -> Option<(u8, u16)> {
        match self {
            Row::Fixed(height) => Some((0, height)),
            Row::UpTo(height) => Some((1, height)),
            Row::Gap(height) => Some((2, height)),
            Row::Fill => None,
        }
    }
}

/// Splits `area` into rows, top to bottom. Plain arithmetic rather than a
/// constraint solver: ratatui's costs about a third of a millisecond for a
/// dozen rows, which is most of a first frame.
pub(super) fn stack<const N: usize>(area: Rect, rows: [Row; N]) -> [Rect; N] {
    let mut heights = [0u16; N];
    let mut left = area.height;
    for pass in 0..3 {
        for (height, row) in heights.iter_mut().zip(rows) {
            if let Some((when, wanted)) = row.claim()
                && when == pass
            {
                *height = wanted.min(left);
                left -= *height;
            }
        }
    }
    let fills = rows.iter().filter(|row| **row == Row::Fill).count() as u16;
    let mut extra = left % fills.max(1);
    for (height, row) in heights.iter_mut().zip(rows) {
        if row == Row::Fill {
            *height = left / fills + u16::from(extra > 0);
            extra = extra.saturating_sub(1);
        }
    }
    let mut y = area.y;
    heights.map(|height| {
        let rect = Rect { y, height, ..area };
        y += height;
        rect
    })
}

/// A legend for the glyphs drawn: only those on screen, in the order given, so it
/// never explains what is not there ("? tonight" goes once tonight has a run).
pub(super) fn legend(entries: &[(char, &str)], drawn: impl Fn(char) -> bool) -> String {
    legend_entries(entries, drawn).join(LEGEND_GAP)
}

/// The entries of [`legend`], each "glyph meaning", for laying out on several rows.
pub(super) fn legend_entries(
    entries: &[(char, &str)],
    drawn: impl Fn(char) -> bool,
) -> Vec<String> {
    entries
        .iter()
        .filter(|(glyph, _)| drawn(*glyph))
        .map(|(glyph, meaning)| format!("{glyph} {meaning}"))
        .collect()
}

/// Between two entries of a legend.
pub(super) const LEGEND_GAP: &str = "  ";

/// "about 11 min" or "about 3 h 5 min" for a remaining time, to the nearest minute
/// as the plan says a routine's length ([`for_reading`]), so a 63 s routine is
/// "1 min" on the home screen, in `list` and here.
pub fn about_minutes(seconds: u64) -> String {
    match seconds {
        0..=59 => "under a minute".to_string(),
        _ => format!(
            "about {}",
            for_reading(std::time::Duration::from_secs(seconds))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heights<const N: usize>(height: u16, rows: [Row; N]) -> [u16; N] {
        let area = Rect::new(3, 2, 40, height);
        let rects = stack(area, rows);
        let mut y = area.y;
        for rect in rects {
            assert_eq!(
                (rect.x, rect.width, rect.y),
                (3, 40, y),
                "rows follow each other"
            );
            y += rect.height;
        }
        rects.map(|rect| rect.height)
    }

    /// A header, a gap, a list of up to five, room to spare, a two-row footer.
    const SCREEN: [Row; 5] = [
        Row::Fixed(1),
        Row::Gap(1),
        Row::UpTo(5),
        Row::Fill,
        Row::Fixed(2),
    ];

    #[test]
    fn with_room_every_row_gets_what_it_asks_and_fills_take_the_rest() {
        let rows = SCREEN;
        assert_eq!(heights(30, rows), [1, 1, 5, 21, 2]);
        assert_eq!(heights(10, rows), [1, 1, 5, 1, 2]);
    }

    #[test]
    fn when_short_gaps_go_first_then_the_flexible_rows_shrink() {
        let rows = SCREEN;
        assert_eq!(heights(8, rows), [1, 0, 5, 0, 2]);
        assert_eq!(heights(5, rows), [1, 0, 2, 0, 2]);
        assert_eq!(heights(2, rows), [1, 0, 0, 0, 1]);
        assert_eq!(heights(0, rows), [0, 0, 0, 0, 0]);
    }

    #[test]
    fn fills_share_evenly_the_first_taking_any_remainder() {
        assert_eq!(heights(7, [Row::Fill, Row::Fixed(2), Row::Fill]), [3, 2, 2]);
        assert_eq!(heights(6, [Row::Fill, Row::Fixed(2), Row::Fill]), [2, 2, 2]);
    }
}
