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
    Shipped {
        name: SOS,
        source: include_str!("../routines/sos.toml"),
    },
];

/// The relief steps the Cramp SOS screen walks through; not an evening routine.
pub const SOS: &str = "sos";

/// After a cramp has lasted this long, SOS says when to see a doctor.
pub const SEE_A_DOCTOR_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// When a cramp is not ordinary (EVIDENCE.md's safety text).
pub const WHEN_TO_SEE_A_DOCTOR: &str = "This has lasted over 10 minutes. See a doctor if cramps \
often wake you, last longer than 10 minutes, or come with numbness, swelling or muscle \
weakness. Some medicines (water pills, statins, some inhalers) can bring on cramps: do not \
stop any, but mention the cramps to whoever prescribed them.";

/// The JSON Schema the routines' `#:schema ./routine.schema.json` line points at;
/// seeded beside them so editors find it in the user's folder too.
pub const SCHEMA: &str = include_str!("../routines/routine.schema.json");

/// What the schema file is called, in `routines/` and in the user's routine folder.
pub const SCHEMA_FILE: &str = "routine.schema.json";

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

    #[test]
    fn the_soak_runs_only_on_its_nights() {
        let routine = find(DEFAULT)
            .and_then(|shipped| parse(shipped.source).ok())
            .expect("default routine parses");
        let thursday = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        let wednesday = thursday.pred_opt().expect("date");
        let has_soak = |night| {
            routine
                .tonight(night)
                .iter()
                .any(|step| step.id == "epsom-soak")
        };
        assert!(has_soak(thursday));
        assert!(!has_soak(wednesday));
        assert_eq!(
            routine.length_on(thursday) - routine.length_on(wednesday),
            std::time::Duration::from_secs(15 * 60)
        );
    }

    #[test]
    fn the_quick_routine_fits_in_five_minutes() {
        let quick = find("quick")
            .and_then(|shipped| parse(shipped.source).ok())
            .expect("quick routine parses");
        let any_night = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
        assert!(quick.length_on(any_night) <= std::time::Duration::from_secs(5 * 60));
    }
}
