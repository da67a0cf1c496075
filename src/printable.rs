//! Text from routine files, file names and the history, made safe for a terminal.
//!
//! A terminal obeys the control characters it is sent: an ESC in a routine name
//! could retitle or clear it. Everything such text passes through on its way to
//! the screen goes through here, and each control character is shown the way a
//! TOML file writes it (`\u001b`, `\n`), so the user can find it in their file.

use std::borrow::Cow;
use std::path::Path;

/// `text` on one line: every control character, line breaks and tabs included, as an escape.
pub fn line(text: &str) -> Cow<'_, str> {
    escape(text, |_| true)
}

/// `text` keeping its line breaks and tabs; every other control character as an escape.
pub fn block(text: &str) -> Cow<'_, str> {
    escape(text, |ch| ch != '\n' && ch != '\t')
}

/// A path on one line, as [`line`] shows text.
pub fn path(path: &Path) -> String {
    line(&path.display().to_string()).into_owned()
}

/// The first control character in `text` that `allowed` does not let through.
pub fn first_control(text: &str, allowed: impl Fn(char) -> bool) -> Option<char> {
    text.chars().find(|&ch| ch.is_control() && !allowed(ch))
}

/// How a control character is written in TOML: `\n`, `\t`, `\r`, or `\u001b`.
pub fn escaped(ch: char) -> String {
    match ch {
        '\n' => "\\n".to_string(),
        '\t' => "\\t".to_string(),
        '\r' => "\\r".to_string(),
        other => format!("\\u{:04x}", u32::from(other)),
    }
}

fn escape(text: &str, escape_this: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |ch: char| ch.is_control() && escape_this(ch);
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

    #[test]
    fn plain_text_is_borrowed_untouched() {
        for text in [
            "",
            "Standing calf stretch",
            "Étirement 🦵 \\u001b",
            "a\u{202e}b",
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
        assert_eq!(first_control("a\tb\n\u{7}", multi_line), Some('\u{7}'));
        assert_eq!(first_control("a\tb\n", multi_line), None);
        assert_eq!(first_control("a\tb", |_| false), Some('\t'));
    }
}
