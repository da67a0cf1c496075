//! The routine folder's commands: `init`, `list` and `new`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use chrono::NaiveDate;

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

/// `winddown list`: every routine file in the folder, valid or not, with tonight's size.
pub fn list(paths: &Paths, night: NaiveDate, out: &mut impl Write) -> Result<()> {
    routines::seed_if_new(paths)?;
    let folder = paths.routines();
    let files = routines::routine_files(&folder)?;
    writeln!(out, "Routines in {}:", printable::path(&folder))?;
    if files.is_empty() {
        writeln!(
            out,
            "(none: `winddown init` restores the shipped ones, `winddown new NAME` starts one)"
        )?;
        return Ok(());
    }
    let mut rows = vec![Row {
        name: "NAME".into(),
        file: "FILE".into(),
        steps: "STEPS".into(),
        time: "TIME".into(),
        status: "STATUS".into(),
    }];
    rows.extend(files.iter().map(|path| row(path, night).printable()));
    let width = |column: fn(&Row) -> &str| {
        rows.iter()
            .map(|row| column(row).chars().count())
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
            "{:<w0$}  {:<w1$}  {:>w2$}  {:<w3$}  {}",
            row.name,
            row.file,
            row.steps,
            row.time,
            row.status,
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        )?;
    }
    Ok(())
}

impl Row {
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

fn row(path: &Path, night: NaiveDate) -> Row {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    let invalid = |status: String| Row {
        name: "-".into(),
        file: file.clone(),
        steps: "-".into(),
        time: "-".into(),
        status,
    };
    let text = match routines::read_text(path) {
        Err(err) if err.is_not_a_file() => return invalid(format!("skipped: {err}")),
        Err(err) => return invalid(format!("invalid: {err}")),
        Ok(text) => text,
    };
    match parse(&text) {
        Ok(routine) => Row {
            name: routine.name.clone(),
            file,
            steps: routine.tonight(night).len().to_string(),
            time: routine.minutes_on(night),
            status: "valid".into(),
        },
        Err(diagnostics) => {
            let status = diagnostics.first().map_or_else(
                || "invalid".to_string(),
                |first| {
                    let (line, col) = first.line_col(&text);
                    format!(
                        "invalid: {}:{line}:{col}: {}",
                        path.display(),
                        first.message
                    )
                },
            );
            invalid(status)
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
    if !routines::write_new(&path, &text)? {
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
