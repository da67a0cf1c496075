//! The `TZ` variable, checked before anything reads the local time: chrono reads
//! the file `TZ` names to its end, so `TZ=:/dev/zero` would fill memory and a
//! FIFO would never answer. A `TZ` that names something other than a regular
//! file of time-zone size is ignored (the system's own zone is used) with one
//! line saying so; a zone name, a POSIX rule (`CET-1CEST,M3.5.0,M10.5.0/3`) or
//! an empty `TZ` pass untouched.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The largest time-zone file taken: real ones are a few kilobytes.
const MOST_BYTES: u64 = 1024 * 1024;

/// Where chrono looks for a zone given by a relative name (its own list, in its order).
const ZONE_FOLDERS: [&str; 4] = [
    "/usr/share/zoneinfo",
    "/share/zoneinfo",
    "/etc/zoneinfo",
    "/usr/share/lib/zoneinfo",
];

/// Why `TZ` (its value given) cannot be used, in one line; `None` when it can.
pub fn unusable(value: &OsStr) -> Option<String> {
    let text = value.to_str()?;
    if text.is_empty() || text == "localtime" {
        return None;
    }
    let name = text.strip_prefix(':').unwrap_or(text);
    let path = file_read_for(Path::new(name))?;
    let meta = std::fs::metadata(&path).ok()?;
    let problem = if !meta.is_file() {
        "which is not a regular file"
    } else if meta.len() > MOST_BYTES {
        "which is too large to be a time zone"
    } else {
        return None;
    };
    Some(format!(
        "winddown: TZ={text} names {}, {problem}; ignoring it and using the system's time zone",
        path.display()
    ))
}

/// The file chrono would open for the zone `name`: the path itself when absolute,
/// else the first of [`ZONE_FOLDERS`] holding something by that name.
fn file_read_for(name: &Path) -> Option<PathBuf> {
    if name.is_absolute() {
        return Some(name.to_path_buf());
    }
    ZONE_FOLDERS
        .iter()
        .map(|folder| Path::new(folder).join(name))
        .find(|path| std::fs::metadata(path).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_by_any_spelling_is_refused() {
        for value in [":/dev/zero", "/dev/zero", "../../../dev/zero"] {
            let problem = unusable(OsStr::new(value)).expect(value);
            assert!(problem.contains("not a regular file"), "{problem}");
            assert!(
                problem.starts_with(&format!("winddown: TZ={value} names ")),
                "{problem}"
            );
        }
    }

    #[test]
    fn rules_names_and_nothing_pass() {
        for value in [
            "",
            "localtime",
            "CET-1CEST,M3.5.0,M10.5.0/3",
            "UTC0",
            "Nowhere/Nothing",
        ] {
            assert_eq!(unusable(OsStr::new(value)), None, "{value}");
        }
    }
}
