//! Text as a terminal lays it out: the one width measure (display columns, as
//! unicode-width counts them and ratatui draws them: two for a CJK character or
//! an emoji, none for a combining accent), and the one place that decides where a
//! line may end (Unicode's line-breaking rules, UAX #14: after a space or a
//! hyphen, between two CJK characters, never before "。" or ")"). Every screen and
//! every table the command line prints measures, pads, cuts and wraps with these.

use std::ops::Range;

use unicode_linebreak::{BreakOpportunity, linebreaks};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` followed by spaces up to `columns` (`format!("{:<9}")` counts characters,
/// so a CJK title would push its column out of line).
pub fn pad_end(text: &str, columns: usize) -> String {
    let mut padded = text.to_string();
    padded.extend(std::iter::repeat_n(
        ' ',
        columns.saturating_sub(width(text)),
    ));
    padded
}

/// Spaces up to `columns`, then `text`: right-aligned in its column.
pub fn pad_start(text: &str, columns: usize) -> String {
    let mut padded: String =
        std::iter::repeat_n(' ', columns.saturating_sub(width(text))).collect();
    padded.push_str(text);
    padded
}

/// Where a line may break in `text`: where Unicode allows, except between a count and
/// the word it counts ("14" above "nights" reads as two things). A year's four digits
/// are no count, and a line break in the text always breaks.
fn breaks(text: &str) -> impl Iterator<Item = (usize, BreakOpportunity)> + '_ {
    linebreaks(text).filter(move |&(at, opportunity)| {
        let count = text[..at]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .is_some_and(|word| {
                (1..4).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_digit())
            });
        let counted = text[at..].starts_with(char::is_lowercase);
        opportunity == BreakOpportunity::Mandatory || !(count && counted)
    })
}

/// The end of `text[start..end]` without the spaces (and line breaks) it ends with.
fn trimmed_end(text: &str, start: usize, end: usize) -> usize {
    start + text[start..end].trim_end().len()
}

/// The end of the longest run of whole grapheme clusters from `start` within
/// `columns` (at least one cluster, so a line too narrow for any still moves on).
fn graphemes_within(text: &str, start: usize, end: usize, columns: usize) -> usize {
    let mut used = 0;
    let mut last = start;
    for (offset, grapheme) in text[start..end].grapheme_indices(true) {
        used += grapheme.width();
        if used > columns && last > start {
            break;
        }
        last = start + offset + grapheme.len();
        if used >= columns {
            break;
        }
    }
    last
}

/// The lines `text` takes when wrapped to `columns`, as byte ranges of `text`, each
/// without the spaces it ends with. Lines end where Unicode allows a break; a
/// line break in the text always ends one; a word wider than a whole line is the
/// only thing ever split inside, between grapheme clusters.
pub fn wrap(text: &str, columns: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    if text.is_empty() || columns == 0 {
        return lines;
    }
    let mut start = 0;
    // The furthest break from `start` whose line fits.
    let mut fits: Option<usize> = None;
    for (at, opportunity) in breaks(text) {
        loop {
            let end = trimmed_end(text, start, at);
            if width(&text[start..end]) <= columns {
                fits = Some(at);
                break;
            }
            match fits.take() {
                Some(fit) => {
                    lines.push(start..trimmed_end(text, start, fit));
                    start = fit;
                }
                None => {
                    let split = graphemes_within(text, start, end, columns);
                    lines.push(start..split);
                    start = split;
                }
            }
        }
        if opportunity == BreakOpportunity::Mandatory {
            lines.push(start..trimmed_end(text, start, at));
            start = at;
            fits = None;
        }
    }
    lines
}

/// Whether the last word of `text` is only marks that join words ("·", "—", ":"): a
/// line cut after one ("in all ·…") reads as a stray mark.
fn ends_on_a_separator(text: &str) -> bool {
    let last = text.rsplit(char::is_whitespace).next().unwrap_or_default();
    !last.is_empty()
        && last
            .chars()
            .all(|c| matches!(c, '·' | '—' | '–' | '-' | '|' | '/' | ',' | ';' | ':'))
}

/// The end of the longest start of `text` that fits `columns` and ends where a line
/// may break (never on a lone separator when an earlier break fits), without the
/// spaces it ends with; the whole text when it fits. Only when not even the first
/// word fits is it cut inside, between grapheme clusters.
pub fn prefix_within(text: &str, columns: usize) -> usize {
    break_within(text, columns).unwrap_or_else(|| graphemes_within(text, 0, text.len(), columns))
}

/// As [`prefix_within`], but `None` when not even the first word fits.
pub fn break_within(text: &str, columns: usize) -> Option<usize> {
    if width(text) <= columns {
        return Some(text.len());
    }
    let mut best = None;
    let mut best_any = None;
    for (at, _) in breaks(text) {
        let end = trimmed_end(text, 0, at);
        if end == 0 {
            continue;
        }
        if width(&text[..end]) > columns {
            break;
        }
        best_any = Some(end);
        if !ends_on_a_separator(&text[..end]) {
            best = Some(end);
        }
    }
    best.or(best_any)
}

/// The ellipsis that says a line goes on.
pub const MORE: char = '…';

/// `text` as it fits `columns`: whole, or cut where a line may break with an
/// ellipsis after it.
pub fn fit(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let end = prefix_within(text, columns - 1);
    format!("{}{MORE}", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, columns: usize) -> Vec<&str> {
        wrap(text, columns)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn width_counts_columns_not_characters() {
        assert_eq!(width("calf"), 4);
        // Two columns a CJK character or an emoji, none for a combining accent.
        assert_eq!(width("ふくらはぎ"), 10);
        assert_eq!(width("🧦"), 2);
        assert_eq!(width("E\u{301}tirement"), 9);
        assert_eq!(pad_end("脚", 4), "脚  ");
        assert_eq!(pad_start("脚", 4), "  脚");
    }

    #[test]
    fn a_count_stays_with_what_it_counts() {
        // Unicode would break after "48"; "48" above "nights." reads as two things.
        assert_eq!(
            wrapped("8 pairs of 3-night blocks, 48 nights.", 29),
            ["8 pairs of 3-night blocks,", "48 nights."]
        );
        assert_eq!(
            wrapped("-0.1; 14 nights with, 9 without", 9),
            ["-0.1;", "14 nights", "with,", "9 without"]
        );
        // A year is no count: a date may end a row before "to".
        assert_eq!(
            wrapped("From Wed 25 Nov 2026 to Mon 11 Jan 2027.", 24),
            ["From Wed 25 Nov 2026 to", "Mon 11 Jan 2027."]
        );
        // Nor is a count followed by a capital or a symbol.
        assert_eq!(wrapped("step 2 · 8 Steps", 6), ["step 2", "· 8", "Steps"]);
    }

    #[test]
    fn wraps_at_spaces_after_hyphens_and_between_cjk_characters() {
        assert_eq!(
            wrapped("lean in until the calf pulls", 12),
            ["lean in", "until the", "calf pulls"]
        );
        assert_eq!(
            wrapped("Gastrocnemius-and-soleus-complex stretch", 20),
            ["Gastrocnemius-and-", "soleus-complex", "stretch"]
        );
        // Never before "、" or "。": they stay with the character before them.
        assert_eq!(
            wrapped("壁に両手をつき、伸ばす脚。", 8),
            ["壁に両手", "をつき、", "伸ばす", "脚。"]
        );
        assert_eq!(wrapped("a\nb c", 10), ["a", "b c"]);
        assert!(wrapped("", 10).is_empty());
    }

    #[test]
    fn a_word_wider_than_the_line_is_split_between_graphemes() {
        assert_eq!(wrapped("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        // The accent stays on its letter.
        assert_eq!(
            wrapped("E\u{301}E\u{301}E\u{301}", 2),
            ["E\u{301}E\u{301}", "E\u{301}"]
        );
    }

    #[test]
    fn fits_at_a_break_with_an_ellipsis() {
        assert_eq!(fit("Standing calf stretch", 30), "Standing calf stretch");
        assert_eq!(fit("Standing calf stretch", 19), "Standing calf…");
        assert_eq!(fit("Standing calf stretch", 13), "Standing…");
        assert_eq!(fit("Standing", 5), "Stan…");
        assert_eq!(fit("Standing", 0), "");
        assert_eq!(
            fit("Gastrocnemius-and-soleus-complex stretch", 30),
            "Gastrocnemius-and-soleus-…"
        );
        assert_eq!(fit("ふくらはぎのストレッチ", 9), "ふくらは…");
        assert_eq!(fit("E\u{301}tirement du soir", 12), "E\u{301}tirement…");
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
    }
}
