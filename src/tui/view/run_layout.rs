//! Where each part of the run screen goes: fixed lines first, then the countdown
//! as large as the room allows, then the step's text as it wraps.

use ratatui::layout::Rect;

use crate::routine::Step;
use crate::session::Session;
use crate::tui::app::App;

use super::big::{self, Block, Size};
use super::fit::wrapped_height;
use super::{Row, clock_text, countdown, shown_seconds, stack};

/// Where each part of the run screen goes; shared by drawing and by mouse hit-testing.
pub(super) struct RunLayout {
    /// An untimed step's title and checklist in big glyphs, when they grew.
    pub(super) grown: Option<Grown>,
    pub(super) header: Rect,
    pub(super) title: Rect,
    pub(super) label: Rect,
    pub(super) countdown: Rect,
    pub(super) hold_gauge: Rect,
    pub(super) checklist: Rect,
    pub(super) instructions: Rect,
    pub(super) why: Rect,
    pub(super) next: Rect,
    pub(super) progress: Rect,
    pub(super) footer: Rect,
}

/// How an untimed step's title and checklist grow into the room its text leaves, as
/// the countdown does for a timed one: big glyphs, one size for both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Grown {
    /// The title in big glyphs (in the countdown's place), when the font has its letters.
    pub(super) title: Option<Block>,
    /// The checklist's items in big glyphs at this size, one a line, when they fit.
    pub(super) items: Option<Size>,
}

impl Grown {
    /// Rows the big items take: each item's glyphs and a blank row between two.
    pub(super) fn item_rows(size: Size, items: usize) -> u16 {
        let items = items as u16;
        items * size.rows() + items.saturating_sub(1)
    }
}

/// A checklist item as its big line shows it.
pub(super) fn big_item(item: &str, ticked: bool) -> String {
    format!("[{}] {item}", if ticked { 'x' } else { ' ' })
}

/// The largest size at which the step's title (when the font has its letters) and
/// its checklist items (each on one line, when the font has theirs) fit `width` by
/// `room`; `None` when nothing can grow.
fn grow(step: &Step, width: u16, room: u16) -> Option<Grown> {
    let title_grows = big::drawable(&step.title);
    let items_grow = !step.checklist.is_empty()
        && step
            .checklist
            .iter()
            .all(|item| big::drawable(&big_item(item, true)));
    if !title_grows && !items_grow {
        return None;
    }
    let widest = step
        .checklist
        .iter()
        .map(|item| big_item(item, true).chars().count() as u16)
        .max()
        .unwrap_or(0);
    big::sizes_within(room).find_map(|size| {
        let title = if title_grows {
            Some(big::block_at(&[&step.title], size, width)?)
        } else {
            None
        };
        let items = (items_grow && widest.saturating_mul(size.columns()) <= width).then_some(size);
        if items_grow && items.is_none() {
            return None;
        }
        let rows = title.as_ref().map_or(0, Block::rows)
            + items.map_or(0, |size| Grown::item_rows(size, step.checklist.len()) + 1);
        (rows <= room).then_some(Grown { title, items })
    })
}

/// Rows given to the parts of the run screen that grow and shrink.
struct Heights {
    /// Whether the step is timed (a countdown and its bar).
    timed: bool,
    /// Rows left blank between the parts (0, 1 or 2 get used).
    gap: u16,
    digits: u16,
    checklist: u16,
    instructions: u16,
    why: u16,
    grown: Option<Grown>,
}

/// Lines that always show come first; what is left goes to the checklist, the
/// countdown, then the step's text.
fn heights(app: &App, session: &Session, area: Rect) -> Heights {
    let step = session.current_step();
    let timed = session.remaining(app.now()).is_some();
    let items = step.map_or(0, |step| step.checklist.len()) as u16;
    let width = area.width.saturating_sub(2);

    let fixed = 1 + 1 + 1 + u16::from(timed) + 1 + 1 + 1;
    let room = area.height.saturating_sub(fixed);
    let mut checklist = items.min(room);
    let spare = room - checklist;
    let why_lines = step
        .and_then(|step| step.why.as_deref())
        .map_or(0, |why| wrapped_height(&format!("Why: {why}"), width));
    let instruction_lines = step
        .and_then(|step| step.instructions.as_deref())
        .map_or(0, |text| wrapped_height(text, width));
    // A picture of the pose keeps its rows beside the text when the window is wide enough.
    let text_rows = (instruction_lines + why_lines).max(picture_rows(step, width));
    // Up to eight rows of digits come before the text, as they always have; larger
    // digits only where the step's text still fits whole, the blank rows around them
    // given up when that makes room for the next size.
    let mut digits = if timed {
        let text = countdown_text(app, session);
        let usual = countdown::rows_for(&text, width, spare.saturating_sub(2).min(8));
        usual
            .max(countdown::rows_for(
                &text,
                width,
                spare.saturating_sub(text_rows),
            ))
            .min(spare)
    } else {
        0
    };
    // An untimed step's title and checklist grow the same way into the room its
    // text leaves them (with a blank row on each side).
    let grown = step
        .filter(|_| !timed)
        .and_then(|step| grow(step, width, room.saturating_sub(text_rows + 2)));
    if let Some(grown) = &grown {
        // The title's rows, and a blank row between it and big items.
        digits = grown
            .title
            .as_ref()
            .map_or(0, |title| title.rows() + u16::from(grown.items.is_some()));
        if let Some(size) = grown.items {
            checklist = Grown::item_rows(size, items.into());
        }
    }
    let spare = room.saturating_sub(checklist + digits);
    let why = why_lines.min(spare.saturating_sub(instruction_lines.min(spare.div_ceil(2))));
    let instructions = instruction_lines.min(spare - why);
    Heights {
        timed,
        // The picture beside the text keeps its rows too: they are not blank.
        gap: spare.saturating_sub((why + instructions).max(picture_rows(step, width))),
        digits,
        checklist,
        instructions,
        why,
        grown,
    }
}

/// Where each part goes for `session`'s step in `area`.
pub(super) fn layout(app: &App, session: &Session, area: Rect) -> RunLayout {
    let Heights {
        timed,
        gap,
        digits,
        checklist,
        instructions,
        why,
        grown,
    } = heights(app, session, area);
    let [
        header,
        _,
        title,
        label,
        countdown,
        hold_gauge,
        checklist,
        _,
        instructions,
        why,
        _,
        next,
        progress,
        footer,
    ] = stack(
        area,
        [
            Row::Fixed(1),
            Row::Fixed(u16::from(gap > 1)),
            // A title drawn big keeps its line of text too: it is the title in words
            // for whatever reads the screen as text.
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Fixed(digits),
            Row::Fixed(u16::from(timed)),
            Row::Fixed(checklist),
            Row::Fixed(u16::from(gap > 0)),
            Row::Fixed(instructions),
            Row::Fixed(why),
            Row::Fill,
            Row::Fixed(1),
            Row::Fixed(1),
            Row::Fixed(1),
        ],
    );
    let inset = |rect: Rect| Rect {
        x: rect.x + 1,
        width: rect.width.saturating_sub(2),
        ..rect
    };
    RunLayout {
        grown,
        header: inset(header),
        title: inset(title),
        label: inset(label),
        countdown: inset(countdown),
        hold_gauge: inset(hold_gauge),
        checklist: inset(checklist),
        instructions: inset(instructions),
        why: inset(why),
        next: inset(next),
        progress: inset(progress),
        footer: inset(footer),
    }
}

/// Rows the step's picture needs (plus the blank row under it) when `width` leaves
/// room for the text beside it; 0 otherwise.
fn picture_rows(step: Option<&crate::routine::Step>, width: u16) -> u16 {
    let Some(picture) = step.and_then(|step| step.picture.as_deref()) else {
        return 0;
    };
    let widest = picture
        .lines()
        .map(crate::columns::width)
        .max()
        .unwrap_or(0) as u16;
    if width < widest + GUTTER + MIN_TEXT_WIDTH {
        return 0;
    }
    picture.lines().count() as u16 + 1
}

/// Narrower than this, the text beside a picture is too broken up to read.
const MIN_TEXT_WIDTH: u16 = 32;
/// Columns between the text and the picture.
const GUTTER: u16 = 3;

/// The step's text and its picture side by side: `(instructions, why, picture)`,
/// when the picture and the text wrapped beside it both fit between the countdown
/// and the "Next" line; `None` leaves the picture out.
pub(super) fn beside_picture(
    step: &crate::routine::Step,
    parts: &RunLayout,
) -> Option<(Rect, Rect, Rect)> {
    let picture = step.picture.as_deref()?;
    let picture_width = picture
        .lines()
        .map(crate::columns::width)
        .max()
        .unwrap_or(0) as u16;
    let picture_height = picture.lines().count() as u16;
    let top = parts.instructions.y;
    let region = Rect {
        y: top,
        height: parts.next.y.saturating_sub(top + 1),
        ..parts.instructions
    };
    let text_width = region
        .width
        .checked_sub(picture_width + GUTTER)
        .filter(|width| *width >= MIN_TEXT_WIDTH)?;
    let instructions = step
        .instructions
        .as_deref()
        .map_or(0, |text| wrapped_height(text, text_width));
    let why = step
        .why
        .as_deref()
        .map_or(0, |why| wrapped_height(&format!("Why: {why}"), text_width));
    if instructions + why > region.height || picture_height > region.height {
        return None;
    }
    let column = |y, height| Rect {
        y,
        height,
        width: text_width,
        ..region
    };
    Some((
        column(top, instructions),
        column(top + instructions, why),
        Rect {
            x: region.x + text_width + GUTTER,
            y: top,
            width: picture_width,
            height: picture_height,
        },
    ))
}

/// The time left as the countdown shows it.
pub(super) fn countdown_text(app: &App, session: &Session) -> String {
    let remaining = session.remaining(app.now()).unwrap_or_default();
    clock_text(shown_seconds(remaining))
}
