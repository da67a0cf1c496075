//! Shared helpers for the integration tests.
// Each test binary compiles this module and uses a different part of it.
#![allow(dead_code)]

pub mod diary;
pub mod evening;
pub mod in_process;
pub mod on_disk;
pub mod process;
pub mod pty;
pub mod tools;
