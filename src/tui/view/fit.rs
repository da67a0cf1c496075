//! Text that fits its row: lines shortened at a word with an ellipsis, and key hints
//! that give way by priority while the way out and help always stay.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthChar;

/// The ellipsis that says a line goes on.
const MORE: char = '…';

/// `line` as it fits `width` columns: whole, or cut after its last whole word that
/// leaves room for an ellipsis (mid-word only when not even one word fits).
pub(super) fn fit_line(line: Line<'_>, width: u16) -> Line<'static> {
    if width == 0 {
        return Line::default();
    }
    let width = usize::from(width);
    // A line without an alignment of its own keeps none, so its paragraph's applies.
    let owned = |line: Line<'_>| Line {
        spans: line
            .spans
            .into_iter()
            .map(|span| Span::styled(span.content.into_owned(), span.style))
            .collect(),
        style: line.style,
        alignment: line.alignment,
    };
    if line.width() <= width {
        return owned(line);
    }
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|span| span.content.chars().map(move |c| (c, span.style)))
        .collect();
    // The longest prefix that leaves a column for the ellipsis, then back to a word's end.
    let mut used = 0;
    let mut end = 0;
    for (index, (c, _)) in chars.iter().enumerate() {
        used += c.width().unwrap_or(0);
        if used + 1 > width {
            break;
        }
        end = index + 1;
    }
    let ends_a_word = |at: usize| {
        chars.get(at).is_none_or(|(c, _)| c.is_whitespace())
            && at > 0
            && !chars[at - 1].0.is_whitespace()
    };
    // A separator left last ("in all ·…") reads as a stray mark: cut before it too.
    let is_separator = |at: usize| {
        let start = chars[..at]
            .iter()
            .rposition(|(c, _)| c.is_whitespace())
            .map_or(0, |space| space + 1);
        chars[start..at]
            .iter()
            .all(|(c, _)| matches!(c, '·' | '—' | '–' | '-' | '|' | '/' | ',' | ';' | ':'))
    };
    let word_ends = || (1..=end).rev().filter(|&at| ends_a_word(at));
    let cut = word_ends()
        .find(|&at| !is_separator(at))
        .or_else(|| word_ends().next())
        .unwrap_or(end);
    let style = chars
        .get(cut.saturating_sub(1))
        .map_or(Style::new(), |(_, style)| *style);
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (c, style) in chars[..cut].iter().copied().chain([(MORE, style)]) {
        match spans.last_mut() {
            Some(span) if span.style == style => span.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

/// `text` shortened to `width` columns at a word, with an ellipsis when cut.
pub(super) fn fit(text: &str, width: u16) -> String {
    fit_line(Line::raw(text), width).to_string()
}

/// How much a key hint matters when the footer is short of room.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Keep {
    /// The way out, help and the cramp SOS: never dropped.
    Always,
    /// The screen's main action.
    First,
    /// Everything else, dropped from the last one listed.
    Then,
}

/// Which hints are the way out, help or the SOS, by their key.
fn keep_for(key: &str) -> Keep {
    match key {
        "q" | "Esc" | "?" | "!" => Keep::Always,
        _ => Keep::Then,
    }
}

/// A wrapped paragraph drawn into `area`; when it needs more rows than the area has,
/// its last row ends in an ellipsis, so a text cut short never reads as whole.
pub(super) fn render_wrapped(paragraph: Paragraph<'_>, area: Rect, buf: &mut Buffer) {
    let cut_short = area.height > 0 && paragraph.line_count(area.width) > usize::from(area.height);
    paragraph.render(area, buf);
    if cut_short {
        mark_cut_short(area, buf);
    }
}

/// An ellipsis after the last word of the area's last row; a full row gives up its
/// last word for it, so no word is cut.
fn mark_cut_short(area: Rect, buf: &mut Buffer) {
    let y = area.bottom() - 1;
    let blank = |buf: &Buffer, x: u16| buf[(x, y)].symbol().trim().is_empty();
    let Some(last) = (area.left()..area.right()).rev().find(|&x| !blank(buf, x)) else {
        return;
    };
    let at = if last + 1 < area.right() {
        last + 1
    } else {
        match (area.left()..last).rev().find(|&x| blank(buf, x)) {
            Some(space) => {
                for x in space + 1..=last {
                    buf[(x, y)].set_symbol(" ");
                }
                space
            }
            None => last,
        }
    };
    buf[(at, y)].set_char(MORE);
}

/// A one-line key hint bar in the order given. When it does not fit, the hints that
/// matter least go first (the last listed of the lowest kind); the way out, help and
/// the SOS always stay, closer together if need be.
pub(super) fn render_hints(hints: &[(&str, &str)], area: Rect, buf: &mut Buffer) {
    let mut keep: Vec<Keep> = hints.iter().map(|(key, _)| keep_for(key)).collect();
    if let Some(first) = keep.iter_mut().find(|keep| **keep == Keep::Then) {
        *first = Keep::First;
    }
    let mut shown: Vec<bool> = vec![true; hints.len()];
    let room = usize::from(area.width);
    let width = |shown: &[bool], gap: usize| {
        hints
            .iter()
            .zip(shown)
            .filter(|(_, shown)| **shown)
            .map(|((key, what), _)| key.chars().count() + 1 + what.chars().count() + gap)
            .sum::<usize>()
            .saturating_sub(gap)
    };
    let mut gap = 3;
    // Drop the others, then close up, then drop the main action, then close up more.
    while width(&shown, gap) > room {
        let last_of = |kind: Keep| {
            (0..hints.len())
                .rev()
                .find(|&at| shown[at] && keep[at] == kind)
        };
        if let Some(at) = last_of(Keep::Then) {
            shown[at] = false;
        } else if gap > 2 {
            gap -= 1;
        } else if let Some(at) = last_of(Keep::First) {
            shown[at] = false;
        } else if gap > 1 {
            gap -= 1;
        } else {
            break;
        }
    }
    // Room freed by dropping a wide hint may fit a narrower one listed after it.
    while gap < 3 && width(&shown, gap + 1) <= room {
        gap += 1;
    }
    let mut spans = Vec::new();
    for ((key, what), _) in hints.iter().zip(&shown).filter(|(_, shown)| **shown) {
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

    fn wrapped_at(width: u16, height: u16, text: &str) -> Vec<String> {
        let area = Rect::new(0, 0, width, height);
        let mut buf = Buffer::empty(area);
        let paragraph = Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: true });
        render_wrapped(paragraph, area, &mut buf);
        (0..height)
            .map(|y| {
                (0..width)
                    .map(|x| buf[(x, y)].symbol().to_string())
                    .collect::<String>()
                    .trim_end()
                    .to_string()
            })
            .collect()
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
    fn cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(fit("Standing calf stretch", 30), "Standing calf stretch");
        assert_eq!(fit("Standing calf stretch", 19), "Standing calf…");
        assert_eq!(fit("Standing calf stretch", 14), "Standing calf…");
        assert_eq!(fit("Standing calf stretch", 13), "Standing…");
        assert_eq!(fit("Standing", 5), "Stan…");
        assert_eq!(fit("Standing", 0), "");
    }

    #[test]
    fn a_cut_never_ends_on_a_separator() {
        let totals = "0 of 4 steps done · 0:00 in all · finished 22:05";
        assert_eq!(fit(totals, 36), "0 of 4 steps done · 0:00 in all…");
        assert_eq!(
            fit("Streak: 4 nights — a required step", 20),
            "Streak: 4 nights…"
        );
        assert_eq!(fit("· ·", 2), "·…");
        assert_eq!(
            fit("Worst pain  0 / 10   ← → or a digit", 26),
            "Worst pain  0 / 10   ← →…"
        );
    }

    #[test]
    fn hints_drop_the_least_important_and_keep_the_way_out() {
        assert_eq!(
            hints_at(80, RUN),
            "Space pause   n next   s skip   b back   ! cramp   ? help   q quit"
        );
        assert_eq!(hints_at(40, RUN), "Space pause   ! cramp   ? help   q quit");
        assert_eq!(hints_at(28, RUN), "! cramp   ? help   q quit");
        assert_eq!(hints_at(22, RUN), "! cramp ? help q quit");
    }
}
