//! Text that fits its rows: lines shortened at a word with an ellipsis, paragraphs
//! wrapped (both by `columns`, the one width measure and the one place that knows
//! where a line may break), and key hints that give way by priority while the way
//! out and help always stay.

use std::cell::RefCell;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Paragraph, Widget};

use crate::columns::{self, MORE};

/// A styled line laid flat: its text, and which bytes of it each style covers.
struct Flat {
    text: String,
    spans: Vec<(Range<usize>, Style)>,
    style: Style,
    alignment: Option<Alignment>,
}

impl Flat {
    fn of(line: &Line<'_>) -> Flat {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(line.spans.len());
        for span in &line.spans {
            let start = text.len();
            text.push_str(&span.content);
            spans.push((start..text.len(), span.style));
        }
        Flat {
            text,
            spans,
            style: line.style,
            alignment: line.alignment,
        }
    }

    /// The bytes `range` of the line with their styles and its alignment. The line's
    /// own style goes to its text alone: drawn as a line's, it would paint the rest of
    /// the row too (a terminal then has bold or dim blanks to the edge).
    fn slice(&self, range: Range<usize>) -> Line<'static> {
        let spans = self
            .spans
            .iter()
            .filter_map(|(bytes, style)| {
                let start = bytes.start.max(range.start);
                let end = bytes.end.min(range.end);
                (start < end).then(|| {
                    Span::styled(self.text[start..end].to_string(), self.style.patch(*style))
                })
            })
            .collect::<Vec<_>>();
        Line {
            spans,
            style: Style::new(),
            alignment: self.alignment,
        }
    }

    /// The style of the text just before byte `at` (of the first span at the start).
    fn style_before(&self, at: usize) -> Style {
        let span = self
            .spans
            .iter()
            .rev()
            .find(|(bytes, _)| bytes.start < at)
            .or(self.spans.first())
            .map_or(Style::new(), |(_, style)| *style);
        self.style.patch(span)
    }

    /// The line from byte `from` on, cut where a line may break to fit `width` columns
    /// with an ellipsis after it (the whole rest, when it fits, still gets one).
    fn ending(&self, from: usize, width: u16) -> Line<'static> {
        let room = usize::from(width.saturating_sub(1));
        let end = from + columns::prefix_within(&self.text[from..], room);
        let mut line = self.slice(from..end);
        line.spans
            .push(Span::styled(MORE.to_string(), self.style_before(end)));
        line
    }
}

/// `line` as it fits `width` columns: whole, or cut where a line may break (after
/// a word, a hyphen or a CJK character) with an ellipsis; inside a word only when
/// not even the first one fits.
pub(super) fn fit_line(line: Line<'_>, width: u16) -> Line<'static> {
    let flat = Flat::of(&line);
    if columns::width(&flat.text) <= usize::from(width) {
        return flat.slice(0..flat.text.len());
    }
    if width == 0 {
        return Line::default();
    }
    flat.ending(0, width)
}

/// `text` shortened to `width` columns where a line may break, with an ellipsis when cut.
pub(super) fn fit(text: &str, width: u16) -> String {
    columns::fit(text, usize::from(width))
}

/// Each line of `text` as the rows it wraps to at `width`: the line laid flat and the
/// bytes of each row.
fn rows(text: &Text<'_>, width: u16) -> Vec<(Flat, Vec<Range<usize>>)> {
    text.lines
        .iter()
        .map(|line| {
            let mut flat = Flat::of(line);
            flat.style = text.style.patch(flat.style);
            flat.alignment = flat.alignment.or(text.alignment);
            let rows = match columns::wrap(&flat.text, usize::from(width)) {
                // An empty line still takes its row.
                rows if rows.is_empty() && width > 0 => std::iter::once(0..0).collect(),
                rows => rows,
            };
            (flat, rows)
        })
        .collect()
}

/// `text` wrapped to `width`, a line per row, each keeping its styles and alignment.
pub(super) fn wrap(text: &Text<'_>, width: u16) -> Vec<Line<'static>> {
    rows(text, width)
        .into_iter()
        .flat_map(|(flat, rows)| {
            rows.into_iter()
                .map(|row| flat.slice(row))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Of `forms`, longest first, the first whole in `room` columns; else the last (the
/// shortest), for the caller to cut. Empty when there are none.
pub(super) fn longest_fitting<S: AsRef<str>>(forms: &[S], room: usize) -> &str {
    forms
        .iter()
        .map(AsRef::as_ref)
        .find(|form| columns::width(form) <= room)
        .or_else(|| forms.last().map(AsRef::as_ref))
        .unwrap_or_default()
}

/// `entries` in rows of up to `width` columns with `gap` between two on a row, none
/// split across rows ("* cramps" above "reported"); an entry wider than a row is
/// a row of its own.
pub(super) fn rows_of_whole(entries: &[String], gap: &str, width: u16) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    for entry in entries {
        match rows.last_mut() {
            Some(row)
                if columns::width(row) + columns::width(gap) + columns::width(entry)
                    <= usize::from(width) =>
            {
                row.push_str(gap);
                row.push_str(entry);
            }
            _ => rows.push(entry.clone()),
        }
    }
    rows
}

/// `text` then `place` as one line, unless wrapping it to `width` columns would split
/// `place` ("(step 2 of" above a lone "3)", "(a word" above "or two)"): then `place`
/// gets a row of its own.
pub(super) fn kept_together(text: String, place: String, width: u16) -> Vec<Line<'static>> {
    let whole = format!("{text} {place}");
    let starts = text.len() + 1;
    let place_on_one_row = columns::wrap(&whole, usize::from(width))
        .iter()
        .any(|row| row.start <= starts && whole.len() <= row.end);
    if place_on_one_row {
        vec![Line::from(whole)]
    } else {
        vec![Line::from(text), Line::from(place)]
    }
}

/// Rows `text` takes when wrapped to `width`. The run screen's layout asks every
/// second of a countdown and the answer changes only with the text or the width:
/// the last few are kept.
pub(super) fn wrapped_height(text: &str, width: u16) -> u16 {
    const KEPT: usize = 8;
    thread_local! {
        static KNOWN: RefCell<Vec<(String, u16, u16)>> = const { RefCell::new(Vec::new()) };
    }
    KNOWN.with_borrow_mut(|known| {
        if let Some((_, _, rows)) = known
            .iter()
            .find(|(known_text, known_width, _)| *known_width == width && known_text == text)
        {
            return *rows;
        }
        let rows = u16::try_from(wrap(&Text::raw(text), width).len()).unwrap_or(u16::MAX);
        if known.len() == KEPT {
            known.remove(0);
        }
        known.push((text.to_string(), width, rows));
        rows
    })
}

/// Draws `lines` into `area`, one a row from the top, each as it fits the width.
/// (A paragraph centres a line half a column to the right of where the line alone
/// would: drawn through one, every centred line sits where it always has.)
pub(super) fn render_lines(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    for (line, y) in lines.into_iter().zip(area.top()..area.bottom()) {
        Paragraph::new(fit_line(line, area.width)).render(
            Rect {
                y,
                height: 1,
                ..area
            },
            buf,
        );
    }
}

/// `text` wrapped into `area`; when it needs more rows than the area has, its last
/// row goes on as far as whole words allow and ends in an ellipsis, so a text cut
/// short never reads as whole.
pub(super) fn render_wrapped(text: Text<'_>, area: Rect, buf: &mut Buffer) {
    let rows = rows(&text, area.width);
    let total: usize = rows.iter().map(|(_, rows)| rows.len()).sum();
    let room = usize::from(area.height);
    let mut lines = Vec::with_capacity(room.min(total));
    'lines: for (flat, rows) in &rows {
        for row in rows {
            if lines.len() + 1 == room && total > room {
                lines.push(flat.ending(row.start, area.width));
                break 'lines;
            }
            if lines.len() == room {
                break 'lines;
            }
            lines.push(flat.slice(row.clone()));
        }
    }
    render_lines(lines, area, buf);
}

/// How much a key hint matters when the footer is short of room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Keep {
    /// The way out and help: never dropped.
    Always,
    /// The screen's main action (the first hint listed before the way out and help
    /// that is not a list's "more" or the SOS): dropped only when nothing else is left.
    First,
    /// The cramp SOS and a list's "↓ more": kept while there is room beside the main
    /// action (the keys work whether shown or not, and help lists them).
    Then,
    /// A list's "↑ more": as `Then`, but the first of them to go, since the list
    /// began above and the reader has seen it.
    ThenBack,
    /// Everything else, dropped from the last one listed.
    Rest,
}

/// Which hints are the way out or help, by their key; `q` is only the way out
/// where no `Esc` is offered.
fn keep_for(key: &str, has_esc: bool) -> Keep {
    match key {
        "Esc" | "?" => Keep::Always,
        "q" if !has_esc => Keep::Always,
        "!" | "↓" => Keep::Then,
        "↑" => Keep::ThenBack,
        _ => Keep::Rest,
    }
}

/// A hint in fewer columns: a symbol for a named key, a shorter word for a long one.
fn shortened<'a>((key, what): (&'a str, &'a str)) -> (&'a str, &'a str) {
    let key = match key {
        "Enter" => "⏎",
        "Space" => "␣",
        key => key,
    };
    let what = match what {
        "cramp" => "SOS",
        "it has passed" => "passed",
        "keep going" => "go on",
        "back to the list" => "back",
        what => what,
    };
    (key, what)
}

/// A one-line key hint bar in the order given. When it does not fit, the hints that
/// matter least go first (the last listed of the lowest kind), then the gaps close
/// and the words shorten ("⏎ start"); the way out and help always stay, and the
/// main action goes only when nothing else is left to give up.
pub(super) fn render_hints(hints: &[(&str, &str)], area: Rect, buf: &mut Buffer) {
    let has_esc = hints.iter().any(|(key, _)| *key == "Esc");
    let keep: Vec<Keep> = hints
        .iter()
        .map(|(key, _)| keep_for(key, has_esc))
        .collect();
    render_kept(hints, keep, area, buf);
}

/// The answers to a question, as a hint bar that never drops one (closer together
/// and in fewer words where room is short).
pub(super) fn render_answers(answers: &[(&str, &str)], area: Rect, buf: &mut Buffer) {
    render_kept(answers, vec![Keep::Always; answers.len()], area, buf);
}

fn render_kept(hints: &[(&str, &str)], mut keep: Vec<Keep>, area: Rect, buf: &mut Buffer) {
    if let Some(first) = keep
        .iter_mut()
        .take_while(|keep| **keep != Keep::Always)
        .find(|keep| **keep == Keep::Rest)
    {
        *first = Keep::First;
    }
    let mut shown: Vec<bool> = vec![true; hints.len()];
    let mut words: Vec<(&str, &str)> = hints.to_vec();
    let room = usize::from(area.width);
    let width = |words: &[(&str, &str)], shown: &[bool], gap: usize| {
        words
            .iter()
            .zip(shown)
            .filter(|(_, shown)| **shown)
            .map(|((key, what), _)| columns::width(key) + 1 + columns::width(what) + gap)
            .sum::<usize>()
            .saturating_sub(gap)
    };
    let mut gap = 3;
    let mut short = false;
    // Drop the others, close up, shorten, close up more, then drop what is kept
    // while there is room, and the main action last.
    while width(&words, &shown, gap) > room {
        let last_of = |kind: Keep| {
            (0..hints.len())
                .rev()
                .find(|&at| shown[at] && keep[at] == kind)
        };
        if let Some(at) = last_of(Keep::Rest) {
            shown[at] = false;
        } else if gap > 2 {
            gap -= 1;
        } else if !short {
            short = true;
            words = hints.iter().copied().map(shortened).collect();
        } else if gap > 1 {
            gap -= 1;
        } else if let Some(at) = last_of(Keep::ThenBack).or_else(|| last_of(Keep::Then)) {
            shown[at] = false;
        } else if let Some(at) = last_of(Keep::First) {
            shown[at] = false;
        } else {
            break;
        }
    }
    // Room freed by dropping a wide hint may fit a narrower one listed after it.
    while gap < 3 && width(&words, &shown, gap + 1) <= room {
        gap += 1;
    }
    let mut spans = Vec::new();
    for ((key, what), _) in words.iter().zip(&shown).filter(|(_, shown)| **shown) {
        if !spans.is_empty() {
            spans.push(Span::raw(" ".repeat(gap)));
        }
        spans.push(Span::styled(
            *key,
            Style::new().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::styled(
            format!(" {what}"),
            Style::new().add_modifier(Modifier::DIM),
        ));
    }
    fit_line(Line::from(spans), area.width).render(area, buf);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_legend_s_entries_are_never_split_across_rows() {
        let entries: Vec<String> = ["█ done", "· missed", "? tonight", "* cramps reported"]
            .map(String::from)
            .to_vec();
        // 46 columns all on one row; at 38, "* cramps" would have ended the first.
        assert_eq!(
            rows_of_whole(&entries, "  ", 46),
            ["█ done  · missed  ? tonight  * cramps reported"]
        );
        assert_eq!(
            rows_of_whole(&entries, "  ", 38),
            ["█ done  · missed  ? tonight", "* cramps reported"]
        );
        // Narrower than an entry: that entry alone on its row.
        assert_eq!(
            rows_of_whole(&entries, "  ", 8),
            ["█ done", "· missed", "? tonight", "* cramps reported"]
        );
    }

    #[test]
    fn a_parenthesis_is_never_split_across_two_rows() {
        let texts = |lines: Vec<Line<'static>>| -> Vec<String> {
            lines.iter().map(ToString::to_string).collect()
        };
        let ask = || {
            (
                "Why rest tonight?".to_string(),
                "(a word or two)".to_string(),
            )
        };
        // 33 columns whole: one row.
        let (text, place) = ask();
        assert_eq!(
            texts(kept_together(text, place, 33)),
            ["Why rest tonight? (a word or two)"]
        );
        // At 26, wrapping would leave "(a word" above "or two)".
        let (text, place) = ask();
        assert_eq!(
            texts(kept_together(text, place, 26)),
            ["Why rest tonight?", "(a word or two)"]
        );
        // At 26 the text wraps before the parenthesis, which stays whole on the
        // second row ("water\" (step 2 of 8)"): one line.
        let (text, place) = (
            "Resume at \"A glass of water\"".to_string(),
            "(step 2 of 8)".to_string(),
        );
        assert_eq!(
            texts(kept_together(text, place, 26)),
            ["Resume at \"A glass of water\" (step 2 of 8)"]
        );
    }

    fn row_text(buf: &Buffer, y: u16) -> String {
        let mut text = String::new();
        let mut x = buf.area.left();
        while x < buf.area.right() {
            let symbol = buf[(x, y)].symbol();
            text.push_str(symbol);
            x += (columns::width(symbol) as u16).max(1);
        }
        text.trim_end().to_string()
    }

    fn wrapped_at(width: u16, height: u16, text: &str) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        render_wrapped(Text::raw(text), area, &mut buf);
        (0..height).map(|y| row_text(&buf, y)).collect()
    }

    #[test]
    fn a_paragraph_that_fits_has_no_ellipsis() {
        assert_eq!(wrapped_at(12, 2, "lean in until"), ["lean in", "until"]);
    }

    #[test]
    fn a_paragraph_cut_short_ends_its_last_row_with_an_ellipsis() {
        assert_eq!(
            wrapped_at(12, 2, "lean in until the calf pulls"),
            ["lean in", "until the…"]
        );
    }

    #[test]
    fn a_full_last_row_gives_up_its_last_word_for_the_ellipsis() {
        assert_eq!(wrapped_at(9, 1, "back leg straight"), ["back leg…"]);
        assert_eq!(wrapped_at(8, 1, "abcd efg hij"), ["abcd…"]);
    }

    fn hints_at(width: u16, hints: &[(&str, &str)]) -> String {
        let area = Rect::new(0, 0, width, 1);
        let mut buf = Buffer::empty(area);
        render_hints(hints, area, &mut buf);
        (0..width)
            .map(|x| buf[(x, 0)].symbol().to_string())
            .collect::<String>()
            .trim_end()
            .to_string()
    }

    const RUN: &[(&str, &str)] = &[
        ("Space", "pause"),
        ("n", "next"),
        ("s", "skip"),
        ("b", "back"),
        ("!", "cramp"),
        ("?", "help"),
        ("q", "quit"),
    ];

    #[test]
    fn a_line_keeps_its_own_alignment_or_none() {
        use ratatui::layout::Alignment;
        for alignment in [None, Some(Alignment::Center), Some(Alignment::Right)] {
            for width in [40, 8] {
                let mut line = Line::raw("LEFT LEG · set 2/3");
                line.alignment = alignment;
                assert_eq!(fit_line(line, width).alignment, alignment, "at {width}");
            }
        }
    }

    #[test]
    fn a_cut_keeps_the_styles_and_the_ellipsis_takes_the_last_one() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("Why: ", bold),
            Span::raw("Tight covers push the toes down"),
        ]);
        let cut = fit_line(line, 20);
        assert_eq!(cut.to_string(), "Why: Tight covers…");
        assert_eq!(cut.spans[0], Span::styled("Why: ", bold));
        assert_eq!(cut.spans.last().map(|span| span.style), Some(Style::new()));
        assert_eq!(
            fit("Worst pain  0 / 10   ← → or a digit", 26),
            "Worst pain  0 / 10   ← →…"
        );
    }

    #[test]
    fn wide_characters_wrap_and_cut_by_their_columns() {
        assert_eq!(
            wrapped_at(10, 2, "壁に両手をつき、伸ばす脚を"),
            ["壁に両手を", "つき、伸…"]
        );
        assert_eq!(
            fit_line(Line::raw("🧦 Covers loose"), 10).to_string(),
            "🧦 Covers…"
        );
    }

    #[test]
    fn hints_drop_the_least_important_and_keep_the_way_out() {
        assert_eq!(
            hints_at(80, RUN),
            "Space pause   n next   s skip   b back   ! cramp   ? help   q quit"
        );
        assert_eq!(hints_at(40, RUN), "Space pause   ! cramp   ? help   q quit");
        // Shorter words before a key goes; the main action stays beside the way
        // out and help, and goes only when they alone fit.
        assert_eq!(hints_at(28, RUN), "␣ pause ! SOS ? help q quit");
        assert_eq!(hints_at(22, RUN), "␣ pause ? help q quit");
        assert_eq!(hints_at(16, RUN), "? help   q quit");
        // With Esc offered, q is not the way out.
        let stats = [
            ("↓", "more"),
            ("Esc", "home"),
            ("!", "cramp"),
            ("?", "help"),
            ("q", "quit"),
        ];
        assert_eq!(hints_at(28, &stats), "↓ more Esc home ! SOS ? help");
        // Halfway down a page, "↑ more" goes before the SOS: the page began above.
        let halfway = [
            ("↓", "more"),
            ("↑", "more"),
            ("Esc", "home"),
            ("!", "cramp"),
            ("?", "help"),
            ("q", "quit"),
        ];
        assert_eq!(hints_at(28, &halfway), "↓ more Esc home ! SOS ? help");
        assert_eq!(
            hints_at(50, &halfway),
            "↓ more   ↑ more   Esc home   ! cramp   ? help"
        );
    }
}
