//! The routines that ship inside the binary, so `winddown` works with no files around it.

/// One routine compiled into the binary.
#[derive(Debug)]
pub struct Shipped {
    /// What `winddown run NAME` calls it; also its file name without `.toml`.
    pub name: &'static str,
    /// The TOML text.
    pub source: &'static str,
}

/// Every shipped routine.
pub const ROUTINES: &[Shipped] = &[
    Shipped {
        name: "leg-cramps",
        source: include_str!("../routines/leg-cramps.toml"),
    },
    Shipped {
        name: "quick",
        source: include_str!("../routines/quick.toml"),
    },
];

/// The routine bare `winddown` runs.
pub const DEFAULT: &str = "leg-cramps";

/// The shipped routine called `name`.
pub fn find(name: &str) -> Option<&'static Shipped> {
    ROUTINES.iter().find(|routine| routine.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::{parse, render_diagnostics};

    #[test]
    fn every_shipped_routine_is_valid() {
        for routine in ROUTINES {
            if let Err(diagnostics) = parse(routine.source) {
                panic!(
                    "{}",
                    render_diagnostics(routine.name, routine.source, &diagnostics)
                );
            }
        }
        assert!(find(DEFAULT).is_some());
    }
}
