//! `winddown schema`: the routine format for editors.

use std::io::Write;

use anyhow::Result;

use crate::routine::schema;

/// `winddown schema`: the JSON Schema of the routine format.
pub fn schema(out: &mut impl Write) -> Result<()> {
    out.write_all(schema::routine_schema_json().as_bytes())?;
    Ok(())
}
