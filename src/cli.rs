pub mod export;
pub mod history;
pub mod stats;
pub mod status;
