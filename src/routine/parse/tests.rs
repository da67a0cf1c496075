//! The routine parser: every field read into the model, every mistake pointed at in
//! file order, and no panic on odd input.

use std::time::Duration;

use chrono::Weekday;

use super::*;
use crate::routine::{MAX_PICTURE_HEIGHT, MAX_PICTURE_WIDTH, StepKind};

#[test]
fn slugs_keep_ascii_words() {
    assert_eq!(slug("Standing calf stretch"), "standing-calf-stretch");
    assert_eq!(slug("  Calf -- Stretch! 2 "), "calf-stretch-2");
    assert_eq!(slug("Épsom"), "psom");
    assert_eq!(slug("!!!"), "");
}

#[test]
fn reads_every_field_into_the_model() {
    let routine = parse(
        r#"
name = " Evening "
about = "Stretch."
bedtime = "22:30"

[[step]]
title = "Calf stretch"
duration = "30s"
sides = ["left leg", "right leg"]
sets = 3
rest = 10
days = ["mon", "Thursday"]
optional = true
instructions = "Lean in."
why = "Trial evidence."
lead_in = "3s"

[[step]]
title = "Bedding"
id = "bed"
checklist = ["Covers loose"]
"#,
    )
    .expect("valid routine");
    assert_eq!(routine.name, "Evening");
    assert_eq!(routine.bedtime, NaiveTime::from_hms_opt(22, 30, 0));
    let calf = &routine.steps[0];
    assert_eq!(calf.id, "calf-stretch");
    assert_eq!(calf.duration, Some(Duration::from_secs(30)));
    assert_eq!(calf.sides, ["left leg", "right leg"]);
    assert_eq!((calf.sets, calf.rest), (3, Some(Duration::from_secs(10))));
    assert_eq!(calf.days, Some(vec![Weekday::Mon, Weekday::Thu]));
    assert!(calf.optional);
    assert_eq!(calf.kind(), StepKind::Timed);
    assert_eq!(calf.lead_in, Some(Duration::from_secs(3)));
    assert_eq!(
        calf.timed_length(),
        Duration::from_secs(3 + 6 * 30 + 5 * 10)
    );
    assert_eq!(routine.steps[1].lead_in, None);
    assert_eq!(routine.steps[1].id, "bed");
    assert_eq!(routine.steps[1].kind(), StepKind::Checklist);
}

#[test]
fn reports_every_mistake_in_file_order() {
    let source =
        "name = \"\"\nbogus = 1\n[[step]]\ntitle = \"A\"\nsets = 0\nduration = \"1 mni\"\n";
    let diagnostics = parse(source).expect_err("three mistakes and more");
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "\"name\" must not be empty",
            "unknown key \"bogus\" at the top of a routine",
            "sets must be at least 1",
            "invalid duration \"1 mni\": use a number and a unit, like \"45s\", \"2 minutes\", \"1h 30m\" or \"1.5m\"",
        ]
    );
    let starts: Vec<usize> = diagnostics.iter().map(|d| d.span.start).collect();
    assert!(starts.windows(2).all(|pair| pair[0] <= pair[1]));
}

#[test]
fn a_lead_in_may_be_zero_but_belongs_to_a_timed_step() {
    let zero = parse("name = \"x\"\n[[step]]\ntitle = \"A\"\nduration = 30\nlead_in = 0\n")
        .expect("zero turns the lead-in off");
    assert_eq!(zero.steps[0].lead_in, Some(Duration::ZERO));
    let diagnostics = parse(
            "name = \"x\"\n[[step]]\ntitle = \"A\"\nlead_in = \"5s\"\n[[step]]\ntitle = \"B\"\nduration = 30\nlead_in = \"2m\"\n",
        )
        .expect_err("two mistakes");
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "\"lead_in\" only applies to a timed step: add a duration",
            "lead_in must be at most 1m",
        ]
    );
}

#[test]
fn a_picture_is_kept_as_drawn_without_its_blank_edges() {
    let routine = parse(
        "name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = '''\n   o\n  /|\\\n  / \\\n\n'''\n",
    )
    .expect("valid picture");
    assert_eq!(
        routine.steps[0].picture.as_deref(),
        Some("   o\n  /|\\\n  / \\")
    );
}

#[test]
fn a_picture_too_wide_too_tall_or_with_tabs_is_pointed_at() {
    let wide = format!("{}X", "-".repeat(MAX_PICTURE_WIDTH));
    let source = format!("name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = '''\nok\n{wide}\n'''\n");
    let diagnostics = parse(&source).expect_err("too wide");
    assert_eq!(
        diagnostics[0].message,
        format!(
            "picture line 2 is {} columns wide; at most {MAX_PICTURE_WIDTH} fit beside the instructions",
            MAX_PICTURE_WIDTH + 1
        )
    );
    // The caret points at the first column past the limit.
    let at = diagnostics[0].span.start;
    assert_eq!(&source[at..at + 1], "X");

    let tall: String = (0..=MAX_PICTURE_HEIGHT).map(|n| format!("{n}\n")).collect();
    let source = format!("name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = '''\n{tall}'''\n");
    let diagnostics = parse(&source).expect_err("too tall");
    assert_eq!(
        diagnostics[0].message,
        format!(
            "picture is {} lines tall; at most {MAX_PICTURE_HEIGHT} fit",
            MAX_PICTURE_HEIGHT + 1
        )
    );
    let at = diagnostics[0].span.start;
    assert_eq!(&source[at..at + 3], format!("{MAX_PICTURE_HEIGHT}\n"));

    let diagnostics =
        parse("name = \"x\"\n[[step]]\ntitle = \"A\"\npicture = \" o\\t|\"\n").expect_err("a tab");
    assert!(
        diagnostics[0]
            .message
            .contains("\"picture\" may hold line breaks but no other control character"),
        "{}",
        diagnostics[0].message
    );
}

#[test]
fn suggests_the_closest_key() {
    let diagnostics =
        parse("name = \"x\"\n[[step]]\ntitle = \"A\"\ninstructons = \"b\"\n").expect_err("typo");
    assert_eq!(
        diagnostics[0].help.as_deref(),
        Some("did you mean \"instructions\"?")
    );
}

#[test]
fn never_panics_on_odd_input() {
    for source in [
        "",
        "\u{feff}",
        "[[step]]",
        "step = 3",
        "step = [1, 2]",
        "name = 1\n[[step]]\ntitle = []",
        "a.b.c = 1\n[x]\n",
        "title = \"é\" é",
    ] {
        assert!(parse(source).is_err(), "{source:?}");
    }
}

#[test]
fn a_routine_of_more_than_a_hundred_steps_is_pointed_at_its_first_step_too_many() {
    let steps = |count: usize| {
        (0..count)
            .map(|index| format!("[[step]]\ntitle = \"Step {index}\"\n"))
            .collect::<String>()
    };
    let most = format!("name = \"Long\"\n{}", steps(crate::routine::MAX_STEPS));
    assert_eq!(parse(&most).expect("100 steps").steps.len(), 100);
    let text = format!("name = \"Long\"\n{}", steps(101));
    let diagnostics = parse(&text).expect_err("101 steps");
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        diagnostics[0].message,
        "a routine has at most 100 steps; this one has 101"
    );
    // Pointed at the 101st step's [[step]] header.
    let header = text.match_indices("[[step]]").nth(100).expect("101st").0;
    assert_eq!(diagnostics[0].span.start, header);
}
