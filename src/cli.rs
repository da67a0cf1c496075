//! The command line: its arguments, what every command works from, and the
//! non-interactive subcommands.

pub mod args;
pub mod backup;
pub mod check;
pub mod checkin;
pub mod dispatch;
pub mod experiment;
pub mod export;
pub mod folder;
pub mod history;
pub mod import;
pub mod insights;
pub mod manual;
pub mod remind;
pub mod report;
pub mod schema;
pub mod setup;
pub mod shell;
pub mod stats;
pub mod status;
pub mod status_format;
pub mod voice;

pub use args::{Cli, Command};
pub use check::check;
pub use dispatch::{Interactive, Ran, run_command};
pub use setup::{Setup, say, say_err};
