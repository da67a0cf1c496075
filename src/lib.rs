//! winddown: a full-screen terminal coach for the evening routine that keeps
//! night-time leg cramps away.

pub mod cli;
pub mod routine;
pub mod session;
pub mod stats;
pub mod store;
