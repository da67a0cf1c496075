//! winddown: a full-screen terminal coach for the evening routine that keeps
//! night-time leg cramps away.

#![warn(missing_docs)]

pub mod bus_error;
pub mod cli;
pub mod columns;
pub mod cues;
pub mod deadline;
pub mod edit;
pub mod experiment;
pub mod insights;
pub mod journal;
pub mod kept;
pub mod lapse;
pub mod launch;
pub mod model;
pub mod notification;
pub mod now;
pub mod opener;
pub mod paths;
pub mod plain;
pub mod plumbing;
pub mod plural;
pub mod printable;
pub mod remind;
pub mod report;
pub mod routine;
pub mod routines;
pub mod safe_write;
pub mod session;
pub mod settings;
pub mod shipped;
pub mod stats;
pub mod store;
pub mod textfile;
pub mod tui;
pub mod voice;
pub mod zone;
