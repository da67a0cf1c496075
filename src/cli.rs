//! The non-interactive subcommands.

pub mod backup;
pub mod check;
pub mod checkin;
pub mod export;
pub mod folder;
pub mod history;
pub mod import;
pub mod insights;
pub mod remind;
pub mod report;
pub mod schema;
pub mod shell;
pub mod stats;
pub mod status;
pub mod status_format;
pub mod voice;

pub use check::check;
