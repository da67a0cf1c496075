//! The command line: every subcommand and its options, as clap reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// A full-screen coach for the evening routine that keeps night-time leg cramps away.
#[derive(Parser)]
#[command(name = "winddown", version)]
pub struct Cli {
    /// Keep config, routines and data in DIR.
    #[arg(long, global = true, env = "WINDDOWN_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// What to do; none opens the home screen.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand)]
pub enum Command {
    /// Run a routine now: a shipped routine's name, one in your routine folder, or a file.
    Run {
        /// Routine name or path to a .toml file (default: leg-cramps).
        routine: Option<String>,
        /// One line per event instead of a full screen, for screen readers (also `plain = true`, or TERM=dumb).
        #[arg(long)]
        plain: bool,
    },
    /// Check routine files and report every error in them.
    Check {
        /// Files to check (default: every routine in your folder, and config.toml).
        paths: Vec<PathBuf>,
    },
    /// Open a routine in $VISUAL or $EDITOR; it is checked when the editor closes.
    Edit {
        /// Routine name or path (default: the default routine).
        routine: Option<String>,
    },
    /// Cramp SOS: relief steps and a stopwatch, right now.
    Sos {
        /// Read the relief steps as lines, the stopwatch said every minute.
        #[arg(long)]
        plain: bool,
    },
    /// A table of past nights.
    History {
        /// Only the last N nights.
        #[arg(long, value_name = "N")]
        days: Option<u32>,
    },
    /// Streaks, completion rates and how often each step is done.
    Stats,
    /// The whole history, every step result, as CSV or JSON.
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Merge a JSON export back into the history (importing twice changes nothing).
    Import {
        /// A file written by `winddown export --format json`.
        file: PathBuf,
    },
    /// Copy the history database to FILE, safely even while winddown runs.
    Backup {
        /// Where the copy goes.
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// One line for a shell prompt or status bar: tonight's progress and the streak.
    Status {
        /// A JSON object instead of a line.
        #[arg(long)]
        json: bool,
        /// The line in your own words, e.g. '{icon} {summary}' (placeholders below).
        #[arg(long, value_name = "TEMPLATE", conflicts_with = "json", long_help = status_format_help())]
        format: Option<String>,
    },
    /// Put back any shipped routine missing from your routine folder (never overwrites).
    Init,
    /// Your routines: name, file, tonight's steps and time, and whether each is valid.
    List,
    /// Start a routine file in your routine folder from a commented template or a copy.
    New {
        /// File name without .toml: lowercase letters, digits and dashes.
        name: String,
        /// Copy this routine (a name or a path) instead of the template.
        #[arg(long, value_name = "ROUTINE")]
        from: Option<String>,
    },
    /// Print the JSON Schema of the routine format, for editors.
    Schema,
    /// Say one line the way cues will be said, and name the speech command used.
    VoiceTest,
    /// Record how last night went: how many cramps, how bad, which leg.
    Checkin(super::checkin::CheckinArgs),
    /// Cramps per night with and without each step, with sample sizes and 95% intervals.
    Insights,
    /// Find out whether a step helps your cramps: it is left out and kept in randomised blocks.
    Experiment(super::experiment::ExperimentArgs),
    /// A summary of the last weeks to bring to a doctor: Markdown, or a printable page.
    Report {
        /// How many weeks, ending last night.
        #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=520))]
        weeks: u32,
        /// Markdown, or one self-contained HTML page to print or send.
        #[arg(long, value_enum, default_value = "markdown")]
        format: ReportFormat,
        /// Write to FILE instead of standard output (`-` is standard output).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Then open FILE with the desktop's program for it (a browser, for a page).
        #[arg(long, requires = "out")]
        open: bool,
    },
    /// A desktop notification when it is time to start: `on`, `off`, `status`, `--print`.
    Remind(super::remind::RemindArgs),
    /// Print a shell completion script (routine names as they are in your folder now).
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `winddown man | man -l -`.
    Man {
        /// Instead, write a page for winddown and each subcommand into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// `status --format`'s long help, with every placeholder.
fn status_format_help() -> String {
    format!(
        "The line in your own words, e.g. '{{icon}} {{summary}}'.\n\n{}",
        super::status_format::help()
    )
}

/// What `export` writes.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// One row per step result.
    Csv,
    /// The whole history, for `import`.
    Json,
}

/// What `report` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Text with headings and tables, for a terminal or a text file.
    Markdown,
    /// One self-contained page, laid out to print on one sheet for four weeks.
    Html,
}
