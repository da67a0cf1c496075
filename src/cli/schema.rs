//! `winddown schema`: the routine format for editors.

use std::io::Write;

use anyhow::Result;

/// `winddown schema`: the JSON Schema of the routine format, the one shipped beside
/// the routines (a test in `routine/schema.rs` checks it is what the format's types
/// generate).
pub fn schema(out: &mut impl Write) -> Result<()> {
    out.write_all(crate::shipped::SCHEMA.as_bytes())?;
    Ok(())
}
