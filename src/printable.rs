//! Text from routine files, file names and the history, made safe for a terminal.
//!
//! A terminal obeys the control characters it is sent: an ESC in a routine name
//! could retitle or clear it. Bidi controls (U+202E RIGHT-TO-LEFT OVERRIDE and
//! its kin) and zero-width characters are no safer: they reorder or hide what
//! the user reads, so `fdp.exe` can show as `exe.pdf` and two names that look
//! alike can differ. Everything such text passes through on its way to the
//! screen goes through here, and each of these characters is shown the way a
//! TOML file writes it (`\u001b`, `\n`, `\u202e`), so the user can find it in
//! their file.

use std::borrow::Cow;
use std::path::Path;

/// `text` on one line: every control and invisible formatting character,
/// line breaks and tabs included, as an escape.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, |_| true)
}

/// `text` keeping its line breaks and tabs; every other control and invisible
/// formatting character as an escape.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, |ch| ch != '\n' && ch != '\t')
}

/// A path on one line, as [`line`] shows text.
pub fn path(path: &Path) -> String {
    line(&path.display().to_string()).into_owned()
}

/// The first control or invisible formatting character in `text` that `allowed` does not let through.
pub fn first_unsafe(text: &str, allowed: impl Fn(char) -> bool) -> Option<char> {
    text.chars().find(|&ch| is_unsafe(ch) && !allowed(ch))
}

/// What kind of character `ch` is, for a message: "control characters" or
/// "invisible formatting characters".
pub fn kind(ch: char) -> &'static str {
    if ch.is_control() {
        "control characters"
    } else {
        "invisible formatting characters"
    }
}

/// How a control or formatting character is written in TOML: `\n`, `\t`, `\r`, or `\u001b`.
pub fn escaped(ch: char) -> String {
    match ch {
        '\n' => "\\n".to_string(),
        '\t' => "\\t".to_string(),
        '\r' => "\\r".to_string(),
        other => format!("\\u{:04x}", u32::from(other)),
    }
}

/// A character a terminal acts on (a control) or that changes the order or
/// visibility of the text around it without showing itself: the bidi marks,
/// embeddings, overrides and isolates, the zero-width space, joiners and word
/// joiner, and the byte-order mark.
fn is_unsafe(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

fn escape(text: &str, escape_this: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |ch: char| is_unsafe(ch) && escape_this(ch);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        if needs(ch) {
            out.push_str(&escaped(ch));
        } else {
            out.push(ch);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every C0 control, DEL and every C1 control: what a terminal may act on.
    fn all_controls() -> impl Iterator<Item = char> {
        (0u32..0x20)
            .chain([0x7f])
            .chain(0x80..0xa0)
            .filter_map(char::from_u32)
    }

    #[test]
    fn a_terminal_escape_is_shown_not_sent() {
        let evil = "Evil\u{1b}]0;PWNED\u{7}\u{1b}[2J";
        assert_eq!(line(evil), "Evil\\u001b]0;PWNED\\u0007\\u001b[2J");
        assert_eq!(block(evil), "Evil\\u001b]0;PWNED\\u0007\\u001b[2J");
    }

    #[test]
    fn no_control_character_survives_a_line() {
        for ch in all_controls() {
            let text = format!("a{ch}b");
            let shown = line(&text);
            assert!(!shown.chars().any(char::is_control), "{:?}", ch);
            assert!(shown.starts_with("a\\") && shown.ends_with('b'), "{shown}");
        }
    }

    #[test]
    fn a_block_keeps_line_breaks_and_tabs_only() {
        for ch in all_controls() {
            let text = format!("a{ch}b");
            let kept = ch == '\n' || ch == '\t';
            assert_eq!(block(&text) == text, kept, "{:?}", ch);
        }
        assert_eq!(block("one\r\ntwo"), "one\\r\ntwo");
        assert_eq!(line("one\ntwo\tthree"), "one\\ntwo\\tthree");
    }

    /// The bidi controls and zero-width characters, listed from the Unicode
    /// standard, with how a TOML file would write each.
    const INVISIBLE: [(char, &str); 17] = [
        ('\u{200b}', "\\u200b"),
        ('\u{200c}', "\\u200c"),
        ('\u{200d}', "\\u200d"),
        ('\u{200e}', "\\u200e"),
        ('\u{200f}', "\\u200f"),
        ('\u{202a}', "\\u202a"),
        ('\u{202b}', "\\u202b"),
        ('\u{202c}', "\\u202c"),
        ('\u{202d}', "\\u202d"),
        ('\u{202e}', "\\u202e"),
        ('\u{2066}', "\\u2066"),
        ('\u{2067}', "\\u2067"),
        ('\u{2068}', "\\u2068"),
        ('\u{2069}', "\\u2069"),
        ('\u{feff}', "\\ufeff"),
        ('\u{061c}', "\\u061c"),
        ('\u{2060}', "\\u2060"),
    ];

    #[test]
    fn bidi_controls_and_zero_width_characters_are_shown_not_sent() {
        for (ch, written) in INVISIBLE {
            let text = format!("a{ch}b");
            assert_eq!(line(&text), format!("a{written}b"), "{ch:?}");
            assert_eq!(block(&text), format!("a{written}b"), "{ch:?}");
        }
        // The "Trojan Source" file name: shown in the order it is stored.
        assert_eq!(line("invoice\u{202e}fdp.exe"), "invoice\\u202efdp.exe");
    }

    #[test]
    fn finds_the_first_invisible_character_and_names_its_kind() {
        let multi_line = |ch: char| ch == '\n' || ch == '\t';
        for (ch, _) in INVISIBLE {
            let text = format!("a\n{ch}b");
            assert_eq!(first_unsafe(&text, multi_line), Some(ch), "{ch:?}");
            assert_eq!(kind(ch), "invisible formatting characters");
        }
        assert_eq!(kind('\u{1b}'), "control characters");
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        for text in [
            "",
            "Standing calf stretch",
            "Étirement 🦵 \\u001b",
            "שלום עולם",
            "مرحبا",
            "soft\u{ad}hyphen",
        ] {
            assert!(matches!(line(text), Cow::Borrowed(same) if same == text));
        }
    }

    #[test]
    fn paths_are_shown_on_one_line() {
        assert_eq!(
            path(Path::new("/tmp/evil\u{1b}[2J.toml")),
            "/tmp/evil\\u001b[2J.toml"
        );
    }

    #[test]
    fn finds_the_first_forbidden_control() {
        let multi_line = |ch: char| ch == '\n' || ch == '\t';
        assert_eq!(first_unsafe("a\tb\n\u{7}", multi_line), Some('\u{7}'));
        assert_eq!(first_unsafe("a\tb\n", multi_line), None);
        assert_eq!(first_unsafe("a\tb", |_| false), Some('\t'));
    }
}
