//! Finding the operating system's tools that some tests use when present.

use std::path::PathBuf;

/// The first `program` on `PATH`, if it is installed.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|folder| folder.join(program))
            .find(|path| path.is_file())
    })
}

/// `found`, or `None` after saying that the test is skipped for want of `what`.
/// With `WINDDOWN_TEST_TOOLS=required` (CI sets it after installing them) a
/// missing tool fails the test instead, so CI never passes a test it skipped.
pub fn needed<T>(found: Option<T>, what: &str) -> Option<T> {
    if found.is_none() {
        assert!(
            std::env::var("WINDDOWN_TEST_TOOLS").as_deref() != Ok("required"),
            "{what} is required here (WINDDOWN_TEST_TOOLS=required) but not installed"
        );
        println!("skipped: {what} is not installed");
    }
    found
}

/// Whether `python3` can import `module`.
pub fn python_has(module: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}
