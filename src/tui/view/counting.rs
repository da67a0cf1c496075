//! What a running countdown says without sound: its digits in the colour of the
//! phase they count (hold, rest, get-ready), the last seconds in a colour of their
//! own with the bar under them flashing once a second, and for the first seconds
//! of a switch of sides a banner saying so, as big as the window allows.

use std::time::Duration;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

use crate::session::{Segment, Session};
use crate::tui::app::App;

use super::bar::Bar;
use super::big;
use super::fit::render_lines;
use super::run_layout::countdown_text;
use super::theme::Phase;
use super::{Part, Ticking, clock_text, countdown, shown_seconds};

/// How long the banner stands after the holds move to the other side.
pub(super) const BANNER_SECONDS: Duration = Duration::from_secs(3);

/// The phase the countdown counts (its last counted seconds a phase of their own);
/// `None` while paused or when nothing is timed.
fn phase(app: &App, session: &Session) -> Option<Phase> {
    if session.is_paused() || session.remaining(app.now()).is_none() {
        return None;
    }
    if session.in_counted_seconds(app.now()) {
        return Some(Phase::Closing);
    }
    Some(match session.segment() {
        Some(Segment::Rest) => Phase::Rest,
        Some(Segment::GetReady { .. }) => Phase::GetReady,
        _ => Phase::Hold,
    })
}

/// The colour of the phase under way, its last seconds aside (for its words).
pub(super) fn label_colour(session: &Session) -> Color {
    match session.segment() {
        Some(Segment::Rest) => Phase::Rest.colour(),
        Some(Segment::GetReady { .. }) => Phase::GetReady.colour(),
        _ => Phase::Hold.colour(),
    }
}

/// The digits' style: bold in the phase's colour, or dimmed while paused (in every
/// theme, and without colour: a paused count does not look like a running one).
fn digits_style(app: &App, session: &Session) -> Style {
    match phase(app, session) {
        Some(phase) => Style::new().add_modifier(Modifier::BOLD).fg(phase.colour()),
        None => Style::new().add_modifier(Modifier::DIM),
    }
}

/// The banner's two lines, "SWITCH SIDES" and the side, for its first seconds.
fn banner(app: &App, session: &Session) -> Option<[String; 2]> {
    let side = session.switched_to()?;
    let into = session
        .segment_length()?
        .saturating_sub(session.remaining(app.now())?);
    (into < BANNER_SECONDS && !session.is_paused())
        .then(|| ["SWITCH SIDES".to_string(), side.to_uppercase()])
}

/// The banner in `area`: both lines in big glyphs when the font has them and they
/// fit; else "SWITCH SIDES" big and the side under it; else one line of text.
fn render_banner(lines: &[String; 2], style: Style, area: Rect, buf: &mut Buffer) {
    let [switch, side] = lines;
    if let Some(block) = big::block(&[switch, side], area.width, area.height) {
        big::render_block(&block, style, area, buf);
        return;
    }
    let under = Rect {
        height: area.height.saturating_sub(2),
        ..area
    };
    if let Some(block) = big::block(&[switch], under.width, under.height) {
        let top = area.y + (area.height - block.rows() - 2) / 2;
        let rows = Rect {
            y: top,
            height: block.rows(),
            ..under
        };
        big::render_block(&block, style, rows, buf);
        let below = Rect {
            y: top + block.rows() + 1,
            height: 1,
            ..area
        };
        render_lines(
            vec![Line::styled(side.clone(), style).centered()],
            below,
            buf,
        );
        return;
    }
    let middle = Rect {
        y: area.y + area.height.saturating_sub(1) / 2,
        height: area.height.min(1),
        ..area
    };
    render_lines(
        vec![Line::styled(format!("{switch} · {side}"), style).centered()],
        middle,
        buf,
    );
}

/// The countdown area: the banner while it stands, else the time left.
pub(super) fn render_countdown(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    if session.remaining(app.now()).is_none() {
        return;
    }
    match banner(app, session) {
        Some(lines) => render_banner(&lines, digits_style(app, session), area, buf),
        None => countdown::render(
            &countdown_text(app, session),
            digits_style(app, session),
            area,
            buf,
        ),
    }
}

/// The countdown area's parts that time changes: the banner whole, or each glyph
/// (its colour part of what it shows, so a change of phase redraws every glyph).
pub(super) fn ticking(app: &App, session: &Session, area: Rect) -> Vec<Ticking> {
    if let Some(lines) = banner(app, session) {
        return vec![Ticking {
            area,
            shows: lines.join(" "),
            part: Part::Banner,
        }];
    }
    let colour = format!("{:?}", phase(app, session));
    countdown::pieces(&countdown_text(app, session), area)
        .into_iter()
        .map(|piece| Ticking {
            area: piece.area,
            shows: format!("{} {colour}", piece.text),
            part: Part::Digits(piece),
        })
        .collect()
}

/// The cells a tick changes when `now` is `was`'s glyph turned into another in the
/// same colours (what each shows after its glyph is its colour), each with its new
/// symbol; `None` when the part must be drawn whole.
pub(super) fn glyph_changes(was: &Ticking, now: &Ticking) -> Option<Vec<(u16, u16, &'static str)>> {
    let (Part::Digits(was_piece), Part::Digits(now_piece)) = (&was.part, &now.part) else {
        return None;
    };
    let was_colour = was.shows.strip_prefix(was_piece.text.as_str());
    if was_colour != now.shows.strip_prefix(now_piece.text.as_str()) {
        return None;
    }
    countdown::glyph_changes(was_piece, now_piece)
}

/// Draws a ticking part of the countdown area into `buf` (whose area is the part's).
pub(super) fn render_ticking(app: &App, session: &Session, part: &Part, buf: &mut Buffer) {
    match part {
        Part::Digits(piece) => {
            countdown::render_piece(piece, digits_style(app, session), buf);
        }
        Part::Banner => {
            if let Some(lines) = banner(app, session) {
                render_banner(&lines, digits_style(app, session), buf.area, buf);
            }
        }
        _ => {}
    }
}

/// The part's progress as a bar in the phase's colour; its label names only the
/// length, so it changes when the part does rather than every second (the digits
/// count). In the counted last seconds it flashes: reversed on every other second.
pub(super) fn hold_bar(app: &App, session: &Session, area: Rect) -> Option<Bar> {
    let (Some(remaining), Some(length)) = (session.remaining(app.now()), session.segment_length())
    else {
        return None;
    };
    let elapsed = length.saturating_sub(remaining);
    let ratio = if length.is_zero() {
        1.0
    } else {
        (elapsed.as_secs_f64() / length.as_secs_f64()).clamp(0.0, 1.0)
    };
    let written = clock_text(length.as_secs());
    let label = match session.segment() {
        Some(Segment::Rest) => format!("{written} rest"),
        Some(Segment::GetReady { .. }) => format!("get ready {written}"),
        _ => format!("{written} hold"),
    };
    let flash = session.in_counted_seconds(app.now()) && shown_seconds(remaining) % 2 == 1;
    let colour = phase(app, session).map_or(Color::Yellow, Phase::colour);
    Some(Bar::new(label, ratio, Style::new().fg(colour), area).flashing(flash))
}

pub(super) fn render_hold_gauge(app: &App, session: &Session, area: Rect, buf: &mut Buffer) {
    if let Some(bar) = hold_bar(app, session, area) {
        bar.render(area, buf);
    }
}
