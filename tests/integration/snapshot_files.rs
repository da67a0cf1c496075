//! Every stored screen snapshot sits where insta looks for it: in `snapshots/` beside
//! this crate, named `integration__MODULE__NAME.snap` for a module of this crate.
//! A snapshot saved anywhere else, or under another name, would never be compared
//! again, and its test would quietly start a new one.

use std::fs;
use std::path::Path;

#[test]
fn every_snapshot_file_belongs_to_a_module_of_this_crate() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let folder = tests.join("integration/snapshots");
    let mut strays = Vec::new();
    let mut count = 0;
    for entry in fs::read_dir(&folder).expect("read the snapshots folder") {
        let name = entry.expect("a snapshot entry").file_name();
        let name = name.to_string_lossy().into_owned();
        if !name.ends_with(".snap") {
            continue;
        }
        count += 1;
        let module = name
            .strip_prefix("integration__")
            .and_then(|rest| rest.split_once("__"))
            .map(|(module, _)| module);
        let owned = module.is_some_and(|module| {
            tests
                .join("integration")
                .join(format!("{module}.rs"))
                .is_file()
        });
        if !owned {
            strays.push(name);
        }
    }
    assert!(count > 0, "no snapshots found in {}", folder.display());
    assert!(
        strays.is_empty(),
        "snapshots no test reads (rename them integration__MODULE__NAME.snap): {strays:?}"
    );
    assert!(
        !tests.join("snapshots").exists(),
        "tests/snapshots/ is no longer read: move its files to tests/integration/snapshots/"
    );
}
