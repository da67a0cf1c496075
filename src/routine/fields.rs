//! Typed readers over the span-carrying TOML tree; each reports into a shared list
//! instead of stopping, so one pass finds every mistake in a file.

use std::ops::Range;
use std::time::Duration;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use unicode_width::UnicodeWidthChar;

use super::{
    Diagnostic, MAX_DURATION, MAX_PICTURE_HEIGHT, MAX_PICTURE_WIDTH, format_duration,
    parse_duration,
};
use crate::printable;

/// A value and the span it came from.
pub(super) type Located<T> = (T, Range<usize>);

/// Collects diagnostics while reading one file.
#[derive(Default)]
pub(super) struct Reader {
    pub(super) diagnostics: Vec<Diagnostic>,
    /// The file's text, so a mistake inside a long value can be pointed at exactly.
    pub(super) source: String,
}

/// "a string", "an integer", … for type errors.
fn kind_of(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

impl Reader {
    /// Record a problem at `span`.
    pub(super) fn error(&mut self, span: Range<usize>, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::new(span, message));
    }

    /// Record a problem at `span` with a suggestion.
    pub(super) fn error_with_help(
        &mut self,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::new(span, message).with_help(help));
    }

    fn wrong_type(&mut self, key: &str, expected: &str, value: &Spanned<DeValue<'_>>) {
        let found = kind_of(value.get_ref());
        self.error(
            value.span(),
            format!("\"{key}\" must be {expected}, found {found}"),
        );
    }

    /// Report keys that are not in `known`, suggesting the closest known one.
    pub(super) fn unknown_keys(&mut self, table: &DeTable<'_>, known: &[&str], place: &str) {
        for (key, _) in table.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let closest = known
                .iter()
                .map(|candidate| (strsim::levenshtein(name, candidate), *candidate))
                .min();
            let mut diagnostic =
                Diagnostic::new(key.span(), format!("unknown key \"{name}\" {place}"));
            if let Some((distance, candidate)) = closest
                && distance <= 2.max(name.len() / 3)
                && distance < name.len()
            {
                diagnostic = diagnostic.with_help(format!("did you mean \"{candidate}\"?"));
            } else {
                diagnostic = diagnostic.with_help(format!(
                    "the keys allowed {place} are: {}",
                    known.join(", ")
                ));
            }
            self.diagnostics.push(diagnostic);
        }
    }

    /// An optional one-line string; when `non_empty`, blank text is an error.
    pub(super) fn string(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        non_empty: bool,
    ) -> Option<Located<String>> {
        self.string_allowing(table, key, non_empty, |_| false)
    }

    /// An optional text that may run over several lines and hold tabs.
    pub(super) fn multi_line(&mut self, table: &DeTable<'_>, key: &str) -> Option<Located<String>> {
        self.string_allowing(table, key, false, |ch| matches!(ch, '\n' | '\t'))
    }

    /// An optional picture: text art of at most [`MAX_PICTURE_WIDTH`] columns and
    /// [`MAX_PICTURE_HEIGHT`] lines, line breaks its only control character. Blank
    /// lines around it and spaces at line ends are dropped; the caret of a mistake
    /// points at the line or column at fault when the text maps onto the file.
    pub(super) fn picture(&mut self, table: &DeTable<'_>) -> Option<String> {
        let (text, span) = self.string_allowing(table, "picture", true, |ch| ch == '\n')?;
        let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
        let first = lines.iter().position(|line| !line.is_empty())?;
        let last = lines.iter().rposition(|line| !line.is_empty())?;
        // Where line `n` of the text starts in the file, if the text is written as is there.
        let raw = self
            .source
            .get(span.clone())
            .unwrap_or_default()
            .to_string();
        let opening = ["\'\'\'", "\"\"\"", "'", "\""]
            .iter()
            .find(|quote| raw.starts_with(**quote))
            .map_or(0, |quote| quote.len());
        let mut body = span.start + opening;
        if opening == 3 && raw[opening..].starts_with('\n') {
            body += 1;
        }
        let verbatim = raw.starts_with('\'') || !raw.contains('\\');
        let line_at = |n: usize| -> Option<usize> {
            if !verbatim {
                return None;
            }
            let offset: usize = text.lines().take(n).map(|line| line.len() + 1).sum();
            Some(body + offset)
        };
        let height = last + 1 - first;
        if height > MAX_PICTURE_HEIGHT {
            let at = line_at(first + MAX_PICTURE_HEIGHT);
            self.error(
                at.map_or(span.clone(), |at| at..at + 1),
                format!("picture is {height} lines tall; at most {MAX_PICTURE_HEIGHT} fit"),
            );
            return None;
        }
        for (n, line) in lines.iter().enumerate().take(last + 1).skip(first) {
            let width = crate::columns::width(line);
            if width <= MAX_PICTURE_WIDTH {
                continue;
            }
            // The first character that does not fit.
            let mut columns = 0;
            let cut = line
                .char_indices()
                .find(|(_, ch)| {
                    columns += UnicodeWidthChar::width(*ch).unwrap_or(0);
                    columns > MAX_PICTURE_WIDTH
                })
                .map_or(0, |(at, _)| at);
            let at = line_at(n).map(|start| start + cut);
            self.error(
                at.map_or(span.clone(), |at| at..at + 1),
                format!(
                    "picture line {} is {width} columns wide; at most {MAX_PICTURE_WIDTH} fit beside the instructions",
                    n + 1 - first
                ),
            );
            return None;
        }
        Some(lines[first..=last].join("\n"))
    }

    fn string_allowing(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        non_empty: bool,
        allowed: fn(char) -> bool,
    ) -> Option<Located<String>> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::String(text) if non_empty && text.trim().is_empty() => {
                self.error(value.span(), format!("\"{key}\" must not be empty"));
                None
            }
            DeValue::String(text) => {
                if let Some(found) = printable::first_unsafe(text, allowed) {
                    let what = if !found.is_control() {
                        format!("\"{key}\" must not hold {}", printable::kind(found))
                    } else if allowed('\n') && !allowed('\t') {
                        format!("\"{key}\" may hold line breaks but no other control character")
                    } else if allowed('\n') {
                        format!(
                            "\"{key}\" may hold line breaks and tabs but no other control character"
                        )
                    } else {
                        format!("\"{key}\" must not hold control characters")
                    };
                    self.error(
                        value.span(),
                        format!("{what}: found {}", printable::escaped(found)),
                    );
                    return None;
                }
                Some((text.to_string(), value.span()))
            }
            _ => {
                self.wrong_type(key, "a string", value);
                None
            }
        }
    }

    /// An optional true/false.
    pub(super) fn boolean(&mut self, table: &DeTable<'_>, key: &str) -> Option<bool> {
        let value = table.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(flag) => Some(*flag),
            _ => {
                self.wrong_type(key, "true or false", value);
                None
            }
        }
    }

    /// An optional whole number within `range`.
    pub(super) fn integer(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<Located<i64>> {
        let value = table.get(key)?;
        let DeValue::Integer(integer) = value.get_ref() else {
            self.wrong_type(key, "a whole number", value);
            return None;
        };
        let Ok(number) = i64::from_str_radix(integer.as_str(), integer.radix()) else {
            self.error(value.span(), format!("\"{key}\" is too large"));
            return None;
        };
        if number < *range.start() {
            self.error(
                value.span(),
                format!("{key} must be at least {}", range.start()),
            );
            None
        } else if number > *range.end() {
            self.error(
                value.span(),
                format!("{key} must be at most {}", range.end()),
            );
            None
        } else {
            Some((number, value.span()))
        }
    }

    /// An optional duration: a string like "1m30s" or whole seconds, from 1 s to 4 h.
    pub(super) fn duration(&mut self, table: &DeTable<'_>, key: &str) -> Option<Located<Duration>> {
        self.duration_within(table, key, Duration::from_secs(1)..=MAX_DURATION)
    }

    /// An optional duration within `range` (written as in [`Reader::duration`]).
    pub(super) fn duration_within(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
        range: std::ops::RangeInclusive<Duration>,
    ) -> Option<Located<Duration>> {
        let value = table.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::String(text) => parse_duration(text),
            DeValue::Integer(integer) => u64::from_str_radix(integer.as_str(), integer.radix())
                .map(Duration::from_secs)
                .map_err(|_| format!("{key} must be at least 1s")),
            _ => {
                self.wrong_type(key, "a duration like \"45s\" or a number of seconds", value);
                return None;
            }
        };
        match parsed {
            Err(message) => self.error(value.span(), message),
            Ok(duration) if duration < *range.start() => {
                let least = format_duration(*range.start());
                self.error(value.span(), format!("{key} must be at least {least}"));
            }
            Ok(duration) if duration > *range.end() => {
                let most = format_duration(*range.end());
                self.error(value.span(), format!("{key} must be at most {most}"));
            }
            Ok(duration) => return Some((duration, value.span())),
        }
        None
    }

    /// An optional list of non-empty strings, itself not empty and without repeats.
    pub(super) fn string_list(
        &mut self,
        table: &DeTable<'_>,
        key: &str,
    ) -> Option<Located<Vec<Located<String>>>> {
        let value = table.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(key, "a list of strings", value);
            return None;
        };
        if items.is_empty() {
            self.error(
                value.span(),
                format!("\"{key}\" must not be empty: remove it or add an entry"),
            );
            return None;
        }
        let mut strings: Vec<Located<String>> = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) if text.trim().is_empty() => {
                    self.error(
                        item.span(),
                        format!("entries of \"{key}\" must not be empty"),
                    );
                    ok = false;
                }
                DeValue::String(text) => {
                    if let Some(found) = printable::first_unsafe(text, |_| false) {
                        self.error(
                            item.span(),
                            format!(
                                "entries of \"{key}\" must not hold {}: found {}",
                                printable::kind(found),
                                printable::escaped(found)
                            ),
                        );
                        ok = false;
                    } else if strings.iter().any(|(seen, _)| seen == text.as_ref()) {
                        self.error(
                            item.span(),
                            format!("\"{text}\" appears twice in \"{key}\""),
                        );
                        ok = false;
                    }
                    strings.push((text.to_string(), item.span()));
                }
                other => {
                    self.error(
                        item.span(),
                        format!(
                            "entries of \"{key}\" must be strings, found {}",
                            kind_of(other)
                        ),
                    );
                    ok = false;
                }
            }
        }
        ok.then(|| (strings, value.span()))
    }
}
