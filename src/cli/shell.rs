//! `winddown completions SHELL` and `winddown man`, generated from the same
//! command-line definitions the binary parses with.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use clap::Command;
use clap::builder::PossibleValuesParser;
use clap_complete::Shell;

use crate::kept::KeptFiles;
use crate::paths::Paths;
use crate::routines;
use crate::safe_write::{self, Existing};

/// The arguments that name a routine, as (subcommand, argument id).
const ROUTINE_ARGUMENTS: &[(&str, &str)] =
    &[("run", "routine"), ("edit", "routine"), ("new", "from")];

/// Write the completion script for `shell`; routine arguments complete to the
/// routines in the user's folder and the shipped ones, as they are now (`run`: the
/// evening routines, without the SOS relief steps).
pub fn completions(command: Command, shell: Shell, paths: &Paths, out: &mut impl Write) {
    let sources = routines::available(paths);
    let mut command = visible(&command);
    for (subcommand, argument) in ROUTINE_ARGUMENTS {
        // `run` offers the evening routines; the SOS relief steps open with `winddown sos`.
        let names: Vec<&'static str> = sources
            .iter()
            .filter(|source| *subcommand != "run" || routines::is_nightly(&source.id))
            .map(|source| leak(source.id.clone()))
            .collect();
        let positional = matches!(shell, Shell::Elvish | Shell::PowerShell)
            && command
                .find_subcommand(subcommand)
                .and_then(|sub| sub.get_arguments().find(|arg| arg.get_id() == argument))
                .is_some_and(|arg| arg.is_positional());
        command = command.mut_subcommand(*subcommand, |sub| {
            if positional {
                // These two generators complete subcommands and flags only, never a
                // positional's values: each routine is offered as a word after the
                // subcommand instead, which is what the user types.
                sub.disable_help_subcommand(true).subcommands(
                    names
                        .iter()
                        .map(|name| Command::new(*name).about("routine").disable_help_flag(true)),
                )
            } else {
                sub.mut_arg(*argument, |arg| {
                    arg.value_parser(PossibleValuesParser::new(names))
                })
            }
        });
    }
    let name = command.get_name().to_string();
    clap_complete::generate(shell, &mut command, name, out);
}

/// A copy of `command` without its hidden subcommands: clap_complete's
/// generators offer hidden ones, and `remind tick` is the scheduler's alone.
/// clap cannot remove a subcommand, so the tree is rebuilt from what shows.
fn visible(command: &Command) -> Command {
    let mut copy = Command::new(leak(command.get_name().to_string()))
        .args(command.get_arguments().cloned())
        .subcommands(
            command
                .get_subcommands()
                .filter(|sub| !sub.is_hide_set())
                .map(visible),
        );
    if let Some(about) = command.get_about() {
        copy = copy.about(about.clone());
    }
    if let Some(version) = command.get_version() {
        copy = copy.version(leak(version.to_string()));
    }
    copy
}

/// Text clap can keep: it holds names as 'static, and this process prints one
/// script and exits, so the few bytes are never missed.
fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// Write the manual page, in roff (see [`super::manual`]).
pub fn man(command: Command, out: &mut impl Write) -> std::io::Result<()> {
    super::manual::render(command, out)
}

/// Write `winddown.1` and a page for each subcommand into `dir`, naming each file written.
/// Each page goes through [`safe_write`], so a link in `dir` never leads it over one of
/// winddown's own files (`kept`).
pub fn man_pages(
    command: Command,
    dir: &Path,
    kept: &KeptFiles,
    out: &mut impl Write,
) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // As `clap_mangen::generate_to` does: the hidden `remind tick` gets no page.
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    man_page_of(command, dir, kept, &mut pages)?;
    pages.sort();
    for page in pages {
        writeln!(out, "{}", page.display())?;
    }
    Ok(())
}

/// Writes `command`'s page and its visible subcommands' into `dir`, adding each path to `pages`.
fn man_page_of(
    command: Command,
    dir: &Path,
    kept: &KeptFiles,
    pages: &mut Vec<PathBuf>,
) -> Result<()> {
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        man_page_of(sub.clone(), dir, kept, pages)?;
    }
    // The top page is the manual a person reads; each command's page is clap's.
    let top = command.get_bin_name().is_none_or(|bin| !bin.contains(' '));
    let man = clap_mangen::Man::new(command.clone());
    let page = dir.join(man.get_filename());
    safe_write::write(&page, Existing::Replace, kept, |out| {
        if top {
            super::manual::render(command, out)?;
        } else {
            man.render(out)?;
        }
        Ok(())
    })
    .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    pages.push(page);
    Ok(())
}
