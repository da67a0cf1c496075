//! `winddown completions SHELL` and `winddown man`, generated from the same
//! command-line definitions the binary parses with.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use clap::Command;
use clap::builder::PossibleValuesParser;
use clap_complete::Shell;

use crate::paths::Paths;
use crate::routines;

/// The arguments that name a routine, as (subcommand, argument id).
const ROUTINE_ARGUMENTS: &[(&str, &str)] =
    &[("run", "routine"), ("edit", "routine"), ("new", "from")];

/// Write the completion script for `shell`; routine arguments complete to the
/// routines in the user's folder and the shipped ones, as they are now.
pub fn completions(command: Command, shell: Shell, paths: &Paths, out: &mut impl Write) {
    // clap keeps possible values as 'static text; this process prints once and exits.
    let names: Vec<&'static str> = routines::available(paths)
        .into_iter()
        .map(|source| &*Box::leak(source.id.into_boxed_str()))
        .collect();
    let mut command = command;
    for (subcommand, argument) in ROUTINE_ARGUMENTS {
        let names = names.clone();
        command = command.mut_subcommand(*subcommand, |sub| {
            sub.mut_arg(*argument, |arg| {
                arg.value_parser(PossibleValuesParser::new(names))
            })
        });
    }
    let name = command.get_name().to_string();
    clap_complete::generate(shell, &mut command, name, out);
}

/// Write the manual page, in roff.
pub fn man(command: Command, out: &mut impl Write) -> std::io::Result<()> {
    clap_mangen::Man::new(command).render(out)
}

/// Write `winddown.1` and a page for each subcommand into `dir`, naming each file written.
pub fn man_pages(command: Command, dir: &Path, out: &mut impl Write) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    clap_mangen::generate_to(command, dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("winddown") && name.ends_with(".1"))
        })
        .collect();
    pages.sort();
    for page in pages {
        writeln!(out, "{}", page.display())?;
    }
    Ok(())
}
