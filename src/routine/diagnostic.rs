//! Errors tied to a span of the source, rendered the way cargo does.

use std::ops::Range;

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

/// Render diagnostics as `PATH:LINE:COL: error: MESSAGE`, the source line and an underline.
pub fn render_diagnostics(path: &str, source: &str, diagnostics: &[Diagnostic]) -> String {
    todo!("{path}{source}{diagnostics:?}")
}
