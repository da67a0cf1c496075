//! The routine folder's commands: `init`, `list` and `new`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use crate::columns;
use crate::paths::Paths;
use crate::routine::{parse, slug};
use crate::shipped;
use crate::{printable, routines};

/// The commented template `winddown new` starts from.
pub const TEMPLATE: &str = include_str!("new-routine.toml");

/// `winddown init`: put back every shipped routine missing from the routine folder.
pub fn init(paths: &Paths, out: &mut impl Write) -> Result<()> {
    let written = routines::seed(paths)?;
    for path in &written {
        writeln!(out, "restored: {}", printable::path(path))?;
    }
    if written.is_empty() {
        writeln!(
            out,
            "nothing to restore: all {} shipped routines are in {}",
            shipped::ROUTINES.len(),
            printable::path(&paths.routines())
        )?;
    }
    Ok(())
}

/// One row of `winddown list`.
struct Row {
    name: String,
    file: String,
    steps: String,
    time: String,
    status: String,
}

/// `winddown list`: every routine file in the folder, valid or not, with tonight's
/// size; the Cramp SOS relief steps apart, after them. Where the routine folder cannot
/// be made (a read-only home), the built-in routines, which still run, are listed
/// instead, with why.
pub fn list(paths: &Paths, night: NaiveDate, out: &mut impl Write) -> Result<()> {
    let folder = paths.routines();
    if let Err(err) = routines::seed_if_new(paths) {
        writeln!(
            out,
            "Routines built into winddown ({}):",
            printable::line(&format!("{err:#}"))
        )?;
        let rows = shipped::ROUTINES.iter().map(|routine| {
            let file = format!("{} (built in)", routine.name);
            (
                routine.name.to_string(),
                row_of_text(routine.source, file, routine.name, night, paths),
            )
        });
        return tables(rows.collect(), out);
    }
    let files = routines::routine_files(&folder)?;
    writeln!(out, "Routines in {}:", printable::path(&folder))?;
    if files.is_empty() {
        writeln!(
            out,
            "(none: `winddown init` restores the shipped ones, `winddown new NAME` starts one)"
        )?;
        return Ok(());
    }
    let rows = files.iter().map(|path| {
        let id = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        (id, row(path, night, paths))
    });
    tables(rows.collect(), out)
}

/// The evening routines' table, then the relief steps' under their own heading; each
/// row with its routine's id.
fn tables(rows: Vec<(String, Row)>, out: &mut impl Write) -> Result<()> {
    let (nightly, relief): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|(id, _)| routines::is_nightly(id));
    if nightly.is_empty() {
        writeln!(out, "(no evening routine: `winddown new NAME` starts one)")?;
    } else {
        table(nightly.into_iter().map(|(_, row)| row), out)?;
    }
    if !relief.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Cramp SOS relief steps (`winddown sos`, or `!` on any screen):"
        )?;
        table(relief.into_iter().map(|(_, row)| row), out)?;
    }
    Ok(())
}

/// The rows under a header, in columns.
fn table(rows_in: impl Iterator<Item = Row>, out: &mut impl Write) -> Result<()> {
    let mut rows = vec![Row {
        name: "NAME".into(),
        file: "FILE".into(),
        steps: "STEPS".into(),
        time: "TIME".into(),
        status: "STATUS".into(),
    }];
    rows.extend(rows_in.map(Row::printable));
    let width = |column: fn(&Row) -> &str| {
        rows.iter()
            .map(|row| columns::width(column(row)))
            .max()
            .unwrap_or(0)
    };
    let widths = [
        width(|row| &row.name),
        width(|row| &row.file),
        width(|row| &row.steps),
        width(|row| &row.time),
    ];
    for row in &rows {
        writeln!(
            out,
            "{}  {}  {}  {}  {}",
            columns::pad_end(&row.name, widths[0]),
            columns::pad_end(&row.file, widths[1]),
            columns::pad_start(&row.steps, widths[2]),
            columns::pad_end(&row.time, widths[3]),
            row.status,
        )?;
    }
    Ok(())
}

impl Row {
    /// The row of a file that is not a routine winddown can run, with why.
    fn invalid(file: String, status: String) -> Row {
        Row {
            name: "-".into(),
            file,
            steps: "-".into(),
            time: "-".into(),
            status,
        }
    }

    /// The row with every cell on one line and free of control characters.
    fn printable(self) -> Row {
        let shown = |cell: String| printable::line(&cell).into_owned();
        Row {
            name: shown(self.name),
            file: shown(self.file),
            steps: shown(self.steps),
            time: shown(self.time),
            status: shown(self.status),
        }
    }
}

fn row(path: &Path, night: NaiveDate, paths: &Paths) -> Row {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    match routines::read_text(path) {
        Err(err) if err.is_not_a_file() => Row::invalid(file, format!("skipped: {err}")),
        Err(err) => Row::invalid(file, format!("invalid: {err}")),
        Ok(text) => row_of_text(&text, file, &path.display().to_string(), night, paths),
    }
}

/// The row of a routine's `text`, read from `file`; `shown` names it in a diagnostic.
/// Its time is the evening's, lead-ins included, as the home screen gives it.
fn row_of_text(text: &str, file: String, shown: &str, night: NaiveDate, paths: &Paths) -> Row {
    match parse(text) {
        Ok(routine) => Row {
            name: routine.name.clone(),
            file,
            steps: routine.tonight(night).len().to_string(),
            time: routines::for_the_evening(routine, paths).minutes_on(night),
            status: "valid".into(),
        },
        Err(diagnostics) => {
            let status = diagnostics.first().map_or_else(
                || "invalid".to_string(),
                |first| {
                    let (line, col) = first.line_col(text);
                    format!("invalid: {shown}:{line}:{col}: {}", first.message)
                },
            );
            Row::invalid(file, status)
        }
    }
}

/// `winddown new NAME [--from ROUTINE]`: start a routine file from the template or a copy; the path written.
pub fn new(paths: &Paths, name: &str, from: Option<&str>) -> Result<PathBuf> {
    if name.is_empty() || slug(name) != name {
        let suggestion = slug(name);
        let like = if suggestion.is_empty() {
            "evening-stretches".to_string()
        } else {
            suggestion
        };
        bail!(
            "\"{name}\" cannot be a routine name: use lowercase letters, digits and dashes, like \"{like}\""
        );
    }
    // The copy's source is found before seeding, so `--from` sees the folder as it was.
    let text = match from {
        Some(from) => routines::find(from, paths)?.text,
        None => TEMPLATE.to_string(),
    };
    routines::seed_if_new(paths)?;
    let path = paths.routines().join(format!("{name}.toml"));
    if !routines::write_new(&path, &text, paths)? {
        bail!(
            "{} already exists; pick another name, or edit that file",
            path.display()
        );
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::render_diagnostics;

    #[test]
    fn the_template_is_a_valid_routine() {
        if let Err(diagnostics) = parse(TEMPLATE) {
            panic!(
                "{}",
                render_diagnostics("new-routine.toml", TEMPLATE, &diagnostics)
            );
        }
        assert!(TEMPLATE.starts_with("#:schema ./routine.schema.json\n"));
    }

    #[test]
    fn the_template_shows_every_step_key() {
        for key in crate::routine::STEP_KEYS {
            assert!(
                TEMPLATE.contains(&format!("\n{key} = ")),
                "the template never shows \"{key}\""
            );
        }
    }
}
