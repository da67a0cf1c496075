//! From TOML text to a validated routine, collecting every error.

use super::{Diagnostic, Routine};

/// Parse and validate a routine file's text; on failure, every error found, in file order.
pub fn parse(source: &str) -> Result<Routine, Vec<Diagnostic>> {
    todo!("{source}")
}
