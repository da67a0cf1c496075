//! Errors tied to a span of the source, rendered the way cargo does.

use std::fmt::Write;
use std::ops::Range;

use crate::columns;
use crate::printable;

/// One problem in a routine file, located by byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Byte range of the offending text in the source.
    pub span: Range<usize>,
    /// What is wrong, e.g. "duration must be at least 1s".
    pub message: String,
    /// A suggestion, e.g. `did you mean "duration"?`.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a suggestion.
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span,
            message: message.into(),
            help: None,
        }
    }

    /// The same diagnostic with a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// 1-based line and character column of the span's start in `source`.
    pub fn line_col(&self, source: &str) -> (usize, usize) {
        let start = floor_char_boundary(source, self.span.start);
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let col = source[line_start..start].chars().count() + 1;
        (line, col)
    }
}

/// The largest char boundary at or before `index`, clamped to the text.
fn floor_char_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Render diagnostics as `PATH:LINE:COL: error: MESSAGE`, the source line and an underline.
pub fn render_diagnostics(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for (n, diagnostic) in diagnostics.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        render_one(&mut out, path, source, diagnostic);
    }
    out
}

fn render_one(out: &mut String, path: &str, source: &str, diagnostic: &Diagnostic) {
    let (line, col) = diagnostic.line_col(source);
    let start = floor_char_boundary(source, diagnostic.span.start);
    let line_start = source[..start].rfind('\n').map_or(0, |newline| newline + 1);
    let line_end = source[start..]
        .find('\n')
        .map_or(source.len(), |newline| start + newline);
    let text = source[line_start..line_end].trim_end_matches('\r');
    let end =
        floor_char_boundary(source, diagnostic.span.end.max(start)).min(line_start + text.len());
    // The line is echoed with its control characters escaped, so the caret is
    // placed by the columns of the escaped text, not by the raw characters.
    let width = |raw: &str| columns::width(&printable::line(raw));
    let indent = width(&source[line_start..start]);
    // An empty span points at the character after it: a whole escape when that is a control.
    let pointed = match &source[start..end.max(start)] {
        "" => text
            .get(start - line_start..)
            .and_then(|rest| rest.chars().next())
            .map_or(1, |ch| width(ch.encode_utf8(&mut [0; 4]))),
        spanned => width(spanned),
    };
    let underline = pointed.max(1);
    let gutter = line.to_string().len();
    let pad = " ".repeat(gutter);
    let path = printable::line(path);
    let message = printable::line(&diagnostic.message);
    let _ = writeln!(out, "{path}:{line}:{col}: error: {message}");
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{line} | {}", printable::line(text));
    let _ = writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(indent),
        "^".repeat(underline)
    );
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} = help: {}", printable::line(help));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_cargo_with_a_caret_under_the_span() {
        let source = "name = \"x\"\nduration = \"0s\"\n";
        let start = source.find("\"0s\"").expect("span");
        let diagnostic = Diagnostic::new(start..start + 4, "duration must be at least 1s");
        assert_eq!(
            render_diagnostics("r.toml", source, &[diagnostic]),
            "r.toml:2:12: error: duration must be at least 1s\n  |\n2 | duration = \"0s\"\n  |            ^^^^\n"
        );
    }

    #[test]
    fn counts_columns_in_characters_and_widens_the_gutter() {
        let mut source = "\n".repeat(11);
        source.push_str("title = \"Étirement\" x\n");
        let start = source.rfind('x').expect("span");
        let diagnostic = Diagnostic::new(start..start + 1, "bad").with_help("remove it");
        let rendered = render_diagnostics("r.toml", &source, &[diagnostic]);
        assert_eq!(
            rendered,
            "r.toml:12:21: error: bad\n   |\n12 | title = \"Étirement\" x\n   |                     ^\n   = help: remove it\n"
        );
    }

    #[test]
    fn separates_several_and_survives_spans_past_the_end() {
        let source = "a = 1";
        let diagnostics = [Diagnostic::new(0..1, "one"), Diagnostic::new(40..50, "two")];
        let rendered = render_diagnostics("r.toml", source, &diagnostics);
        assert!(rendered.starts_with("r.toml:1:1: error: one\n"));
        assert!(rendered.contains("\n\nr.toml:1:6: error: two\n"));
    }

    #[test]
    fn escapes_what_it_echoes_and_keeps_the_caret_under_it() {
        let source = "name = \"a\u{1b}b\"\r\n";
        let at = source.find('\u{1b}').expect("escape");
        let rendered = render_diagnostics(
            "evil\u{7}.toml",
            source,
            &[Diagnostic::new(at..at, "bad \u{1b}[2J").with_help("\u{9b}")],
        );
        assert_eq!(
            rendered,
            "evil\\u0007.toml:1:10: error: bad \\u001b[2J\n  |\n1 | name = \"a\\u001bb\"\n  |          ^^^^^^\n  = help: \\u009b\n"
        );
        let at_line_end = source.find('\r').expect("CR");
        let rendered = render_diagnostics(
            "r.toml",
            source,
            &[Diagnostic::new(at_line_end..at_line_end, "end")],
        );
        assert!(
            rendered.ends_with("1 | name = \"a\\u001bb\"\n  |                  ^\n"),
            "{rendered}"
        );
    }
}
