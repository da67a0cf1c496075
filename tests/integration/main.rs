//! winddown's integration tests, one test crate with a module per subject: the CLI
//! and the store through the real binary, screens (insta snapshots in
//! `snapshots/`), the whole app in process, the real binary in a pty, crash and
//! resume. One crate links once instead of once per file.
//!
//! A new test file goes in this folder and gets a `mod` line below; it reaches
//! the shared helpers with `use crate::support;`. Run one module with
//! `cargo test --test integration MODULE::` (e.g. `crash::`).
//!
//! Modules marked `#[cfg(unix)]` build their stand-ins from Unix parts (shell
//! scripts as editor, speaker or notifier, FIFOs, devices, Unix sockets, file
//! modes, signals): on Windows, where CI only compiles the tests, they are left out.

mod support;

mod app_interrupted;
mod app_loop;
mod app_night;
mod bounded_input;
#[cfg(unix)]
mod broken_places;
#[cfg(unix)]
mod check_cli;
mod checkin_cli;
mod checkin_form;
mod checkins;
mod cli_reports;
mod cli_run;
mod clock_jumps;
mod countdown_cues;
mod counts;
mod crash;
#[cfg(unix)]
mod edit_cli;
mod experiment_nights;
mod experiments;
mod export_import;
mod folder_sync;
#[cfg(unix)]
mod hostile_files;
mod hostile_input;
mod insights_cli;
mod lists_scroll;
mod live_edit;
mod lock;
mod night_theme;
mod night_tz;
mod notes_and_sos;
mod notices;
#[cfg(unix)]
mod output_files;
mod outside_writes;
#[cfg(unix)]
mod pty_e2e;
mod pty_experiment;
mod pty_live_edit;
mod pty_night;
#[cfg(unix)]
mod pty_notices;
mod pty_persist;
#[cfg(unix)]
mod pty_plain;
mod pty_resume_place;
mod pty_sos;
#[cfg(unix)]
mod pty_suspend;
mod pty_timer_saves;
mod pty_unsaved;
#[cfg(unix)]
mod remind_cli;
mod report_browser;
#[cfg(unix)]
mod report_cli;
mod report_page;
mod resume_changed;
mod resume_place;
mod routine_folder;
mod routine_length;
mod schema_validation;
mod screen_keys;
mod screen_sizes;
mod screens;
mod shell_cli;
mod snapshot_files;
mod sos_lock;
mod store;
#[cfg(unix)]
mod voice_cli;
