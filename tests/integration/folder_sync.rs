//! A file winddown writes for the user survives a power cut: after the finished
//! file is moved into place, its folder is flushed too (the new name is only
//! durable then), as the recovery files always were. Watched with strace, which
//! sees every rename, open and fsync the real binary makes.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::tools::{needed, which};

/// The system calls `winddown ARGS` made, one trace per thread, each as strace
/// writes it. One file per thread (`-ff`): in a shared file a call another thread
/// interrupts is split into "<unfinished ...>" and "<... resumed>" lines, which on
/// a loaded machine hid the folder's open from the search below.
fn traced(home: &Path, args: &[&str]) -> Option<Vec<String>> {
    let strace = needed(which("strace"), "strace")?;
    let traces = home.join("traces");
    std::fs::create_dir(&traces).expect("a folder for the traces");
    let status = Command::new(strace)
        .args([
            "-ff",
            "-qq",
            "-e",
            "trace=rename,renameat,renameat2,link,linkat,open,openat,fsync,fdatasync",
            "-o",
        ])
        .arg(traces.join("thread"))
        .arg(env!("CARGO_BIN_EXE_winddown"))
        .args(args)
        .env("WINDDOWN_HOME", home)
        .status()
        .expect("run strace");
    assert!(status.success(), "winddown {args:?} under strace: {status}");
    let read = std::fs::read_dir(&traces).expect("list the traces");
    Some(
        read.map(|entry| {
            let path = entry.expect("a trace").path();
            std::fs::read_to_string(&path).expect("read a trace")
        })
        .collect(),
    )
}

/// The file descriptor a traced `open` of exactly `path` returned, after `from`.
fn opened_after<'t>(trace: &'t [&'t str], from: usize, path: &str) -> Option<(usize, &'t str)> {
    let quoted = format!("\"{path}\"");
    trace.iter().enumerate().skip(from).find_map(|(at, line)| {
        (line.starts_with("open") && line.contains(&quoted))
            .then(|| line.rsplit_once("= ").map(|(_, fd)| (at, fd.trim())))
            .flatten()
    })
}

#[test]
fn an_export_flushes_its_folder_after_the_file_is_in_place() {
    let home = tempfile::tempdir().expect("temp home");
    let out = home.path().join("out");
    std::fs::create_dir(&out).expect("output folder");
    let target = out.join("history.json");
    let target = target.to_str().expect("utf-8 path");
    let Some(traces) = traced(
        home.path(),
        &["export", "--format", "json", "--out", target],
    ) else {
        return;
    };
    let renames_target = |trace: &&String| {
        trace
            .lines()
            .any(|line| line.contains("rename") && line.contains(&format!("\"{target}\"")))
    };
    // The thread that moved the file into place is the one that must flush its folder.
    let trace = traces
        .iter()
        .find(renames_target)
        .unwrap_or_else(|| panic!("no rename onto {target}:\n{}", traces.join("\n---\n")));
    let lines: Vec<&str> = trace.lines().collect();
    let renamed = lines
        .iter()
        .position(|line| line.contains("rename") && line.contains(&format!("\"{target}\"")))
        .unwrap_or_else(|| panic!("no rename onto {target}:\n{trace}"));
    let folder = out.to_str().expect("utf-8 path");
    let (opened, fd) = opened_after(&lines, renamed, folder)
        .unwrap_or_else(|| panic!("the folder is not opened after the rename:\n{trace}"));
    assert!(
        lines[opened..]
            .iter()
            .any(|line| line.contains(&format!("fsync({fd})"))),
        "the folder (fd {fd}) is not flushed after the rename:\n{trace}"
    );
}
