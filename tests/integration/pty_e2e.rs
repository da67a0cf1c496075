//! The real binary in a pseudo-terminal: keys in, screen out, to the end of a routine.

use crate::support;

use std::process::Command;
use std::time::Duration;

use support::pty::PtyApp;

const PATIENCE: Duration = Duration::from_secs(15);

#[test]
fn runs_a_short_routine_to_the_end() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);

    app.wait_for("Drink a glass of water", PATIENCE);
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("\r");

    // The timed step runs on its own: left leg, a rest, right leg.
    app.wait_for("LEFT LEG", PATIENCE);
    app.wait_for("RIGHT LEG", PATIENCE);

    app.wait_for("Bedding check", PATIENCE);
    app.wait_for("[ ] Covers loose", PATIENCE);
    app.send(" ");
    app.wait_for("[x] Covers loose", PATIENCE);
    app.send("j ");
    app.wait_for("[x] Water by the bed", PATIENCE);
    app.send("\r");

    app.wait_for("done for tonight", PATIENCE);
    app.wait_for("3 of 3 steps done", PATIENCE);
    // Enter leaves the summary for the home screen, which shows tonight as done.
    app.send("\r");
    app.wait_for("Done tonight at", PATIENCE);
    // Running it again the same night asks first.
    app.send("\r");
    app.wait_for("Run it again?", PATIENCE);
    app.send("n");
    app.wait_for("Done tonight at", PATIENCE);
    app.send("q");

    assert_eq!(app.wait_exit(PATIENCE), 0);
    app.wait_for("3 of 3 steps done tonight. Sleep well.", PATIENCE);
}

#[test]
fn the_exit_line_counts_skipped_steps_as_skipped() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("s");
    app.wait_for("Short hold", PATIENCE);
    app.send("s");
    app.wait_for("Bedding check", PATIENCE);
    app.send(" j \r");
    app.wait_for("done for tonight", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    app.wait_for("1 of 3 steps done, 2 skipped. Sleep well.", PATIENCE);
    assert!(!app.contents().contains("3 of 3"), "{}", app.contents());
}

#[test]
fn quitting_mid_routine_asks_first_and_restores_the_screen() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Drink a glass of water", PATIENCE);
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("n");
    app.send("?");
    app.wait_for("Esc close", PATIENCE);
    app.send("x");
    app.send("q");
    app.wait_for("Stop for tonight?", PATIENCE);
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    app.wait_for("stopped with 0 of 3 steps done", PATIENCE);
}

#[test]
fn sigterm_restores_the_terminal() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Drink a glass of water", PATIENCE);
    let pid = app.pid().expect("child pid");
    let status = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    assert_eq!(app.wait_exit(PATIENCE), 128 + 15);
    // Back on the main screen: the routine's screen is gone.
    assert!(!app.contents().contains("Drink a glass of water"));
}

#[test]
fn tiny_terminal_asks_for_more_room() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 24, 6);
    app.wait_for("Make the window larger", PATIENCE);
    app.send("q");
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
}

#[test]
fn e_opens_the_editor_and_comes_back_reloaded() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp home");
    let routines = home.path().join("routines");
    std::fs::create_dir_all(&routines).expect("routine folder");
    std::fs::copy("tests/routines/e2e.toml", routines.join("evening.toml")).expect("copy");
    let editor = home.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/title = \"Bedding check\"/title = \"Loosen the covers\"/' \"$1\"\n",
    )
    .expect("write editor");
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");

    let mut app = PtyApp::spawn_with_env(
        &["run", "evening"],
        home.path(),
        80,
        24,
        &[("EDITOR", editor.to_str().expect("utf-8 path"))],
    );
    app.wait_for("Drink a glass of water", PATIENCE);
    app.wait_for("Next: Short hold", PATIENCE);
    app.send("e");
    // The editor has saved once the file changes; only then go on.
    let saved = routines.join("evening.toml");
    let deadline = std::time::Instant::now() + PATIENCE;
    while !std::fs::read_to_string(&saved).is_ok_and(|text| text.contains("Loosen the covers")) {
        assert!(
            std::time::Instant::now() < deadline,
            "the editor never saved"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    app.wait_for("Next: Short hold", PATIENCE);
    app.send("\r");
    app.wait_for("Next: Loosen the covers", PATIENCE);
    app.send("q");
    app.send("y");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    let saved = std::fs::read_to_string(routines.join("evening.toml")).expect("routine");
    assert!(saved.contains("Loosen the covers"));
}

#[test]
fn sighup_restores_the_terminal_and_keeps_progress() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(
        &["run", "tests/routines/e2e-long.toml"],
        home.path(),
        80,
        24,
    );
    app.wait_for("Drink a glass of water", PATIENCE);
    app.send("\r");
    app.wait_for("LEFT LEG", PATIENCE);
    let pid = app.pid().expect("child pid");
    let status = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success());
    assert_eq!(app.wait_exit(PATIENCE), 128 + 1);
    assert!(
        !app.contents().contains("LEFT LEG"),
        "back on the main screen"
    );

    let mut again = PtyApp::spawn(
        &["run", "tests/routines/e2e-long.toml"],
        home.path(),
        80,
        24,
    );
    again.wait_for("Resume at \"Calf stretch\" (step 2 of 3)", PATIENCE);
    again.send("q");
    assert_eq!(again.wait_exit(PATIENCE), 0);
}

/// The path of an example program, built first when a filtered run has not built it.
fn example(name: &str) -> std::path::PathBuf {
    let example = std::path::Path::new(env!("CARGO_BIN_EXE_winddown"))
        .parent()
        .expect("target folder")
        .join("examples")
        .join(name);
    if !example.is_file() {
        // A plain `cargo test` builds examples; a filtered run may not have.
        let built = std::process::Command::new(env!("CARGO"))
            .args(["build", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo");
        assert!(built.success(), "build the example");
    }
    example
}

#[test]
fn a_panic_gives_the_terminal_back() {
    let example = example("panic_in_tui");
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn_program(&example, &[], home.path(), 80, 24);
    assert_ne!(app.wait_exit(PATIENCE), 0);
    app.wait_for(
        "deliberate panic while the terminal is taken over",
        PATIENCE,
    );
    assert!(!app.is_alternate_screen(), "the main screen is back");
    assert!(!app.is_cursor_hidden(), "the cursor is shown");
    assert!(!app.contents().contains("drawing before the panic"));
}

#[test]
fn a_panic_in_plain_mode_gives_the_terminal_its_line_editing_back() {
    let example = example("panic_in_plain");
    let home = tempfile::tempdir().expect("temp home");
    // The shell outlives the panic and asks the terminal how it is set up.
    let script = format!(
        "{}; stty -a | tr ' ' '\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' '; echo asked",
        example.display()
    );
    let app = PtyApp::spawn_program(
        std::path::Path::new("/bin/sh"),
        &["-c", &script],
        home.path(),
        80,
        24,
    );
    app.wait_for("asked", PATIENCE);
    let screen = app.contents();
    assert!(
        screen.contains("deliberate panic while plain mode reads raw keys"),
        "{screen}"
    );
    assert!(
        screen.contains("icanon echo asked"),
        "line editing and echo are back: {screen}"
    );
}

#[test]
fn pastes_are_bracketed_and_the_mouse_is_taken_only_where_it_clicks() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    assert!(app.is_bracketed_paste(), "pastes arrive marked as pastes");
    assert!(
        !app.is_mouse_captured(),
        "nothing to click: text can be selected"
    );
    // A big paste of keys that would mean done, SOS, skip and quit does nothing.
    let keys = "\r!sq y\r".repeat(20_000);
    app.send(&format!("\x1b[200~{keys}\x1b[201~"));
    app.send("?");
    app.wait_for("Esc close", PATIENCE);
    app.send("\x1b");
    app.wait_for("Press Enter when done", PATIENCE);
    assert!(!app.contents().contains("Cramp SOS"));
    app.send("\r");
    // Skip the timed step rather than wait for it: the checklist is what can be clicked.
    app.wait_for("Short hold", PATIENCE);
    app.send("s");
    app.wait_for("[ ] Covers loose", PATIENCE);
    let deadline = std::time::Instant::now() + PATIENCE;
    while !app.is_mouse_captured() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(app.is_mouse_captured(), "a checklist can be clicked");
}

/// The pids a stand-in announce command wrote, one per cue it was started for.
fn announced(pids: &std::path::Path) -> Vec<u32> {
    std::fs::read_to_string(pids)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.trim().parse().ok())
        .collect()
}

/// Whether `pid` is a live process (a zombie is not: it has ended).
fn alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat")).is_ok_and(|stat| {
        !stat
            .rsplit(')')
            .next()
            .unwrap_or("")
            .trim_start()
            .starts_with('Z')
    })
}

/// A home whose config.toml names an announce command that never exits; the
/// file the command writes each of its pids to.
fn home_with_a_stuck_announcer() -> (tempfile::TempDir, std::path::PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("temp home");
    let pids = home.path().join("pids");
    let speaker = home.path().join("speak");
    std::fs::write(
        &speaker,
        format!(
            "#!/bin/sh\necho $$ >> '{}'\nexec sleep 3600\n",
            pids.display()
        ),
    )
    .expect("speaker");
    std::fs::set_permissions(&speaker, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::write(
        home.path().join("config.toml"),
        format!("announce = [\"{}\"]\n", speaker.display()),
    )
    .expect("config");
    (home, pids)
}

#[test]
fn an_announce_command_that_never_exits_speaks_one_cue_at_a_time_and_ends_with_the_app() {
    one_cue_at_a_time_and_none_left(false);
}

#[test]
fn in_plain_mode_an_announce_command_that_never_exits_speaks_one_cue_at_a_time_and_ends_with_it() {
    one_cue_at_a_time_and_none_left(true);
}

/// Each front end in its own test, so the two 6 s watches run side by side.
fn one_cue_at_a_time_and_none_left(plain: bool) {
    if !std::path::Path::new("/proc/self/stat").exists() {
        println!("skipped: needs /proc to see which processes live");
        return;
    }
    let (home, pids) = home_with_a_stuck_announcer();
    let args: &[&str] = if plain {
        &["run", "--plain", "tests/routines/e2e.toml"]
    } else {
        &["run", "tests/routines/e2e.toml"]
    };
    let mut app = PtyApp::spawn(args, home.path(), 80, 24);
    app.wait_for_output("Drink a glass of water", PATIENCE);
    app.send("\r");
    // The timed step's cues: its holds, the rest, the switch of sides.
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(6) {
        let speaking = announced(&pids)
            .into_iter()
            .filter(|pid| alive(*pid))
            .count();
        assert!(
            speaking <= 1,
            "plain {plain}: {speaking} cue commands at once"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let started_cues = announced(&pids);
    assert!(
        started_cues.len() >= 3,
        "plain {plain}: cues {started_cues:?}"
    );
    app.send("q");
    if plain {
        app.wait_for_output("Quit now?", PATIENCE);
    } else {
        app.wait_for("Stop for tonight?", PATIENCE);
    }
    app.send("y");
    app.wait_exit(PATIENCE);
    let left: Vec<u32> = announced(&pids)
        .into_iter()
        .filter(|pid| alive(*pid))
        .collect();
    assert!(
        left.is_empty(),
        "plain {plain}: still running after the app: {left:?}"
    );
}

/// Takes the immutable flag off again however the test ends, so the folder can go.
struct Immutable(std::path::PathBuf);

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn shared_memory_made_immutable_mid_run_gives_the_terminal_back_and_says_why() {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn(&["run", "tests/routines/e2e.toml"], home.path(), 80, 24);
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("\r");
    // The hold itself ("Short hold" alone is also the first step's "Next:" line).
    app.wait_for("LEFT LEG", PATIENCE);
    let shm = home.path().join("winddown.db-shm");
    let made = Command::new("chattr").arg("+i").arg(&shm).output();
    if !made.as_ref().is_ok_and(|output| output.status.success()) {
        println!("skipped: chattr +i needs root, chattr and a file system with the flag");
        return;
    }
    let _undo = Immutable(shm);
    let status = app.wait_exit(PATIENCE);
    assert_eq!(status, 128 + 7, "SIGBUS's status");
    assert!(!app.is_alternate_screen(), "left in the alternate screen");
    assert!(!app.is_cursor_hidden(), "the cursor is still hidden");
    app.wait_for("winddown.db-shm could not be written", PATIENCE);
    // The step done before stays (and any that ended before the flag was set).
    drop(_undo);
    let stored = support::on_disk::stored_results(&home.path().join("winddown.db"));
    let water = ("drink-a-glass-of-water".to_string(), "done".to_string());
    assert!(stored.contains(&water), "{stored:?}");
}

/// The colour parameters among the SGR sequences (`ESC [ … m`) in `output`: a
/// foreground, background or underline colour set (30–38, 40–48, 58, 90–97,
/// 100–107); the resets 39, 49 and 59 are not colours.
fn colours_set(output: &str) -> Vec<String> {
    let mut found = Vec::new();
    for sequence in output.split("\x1b[").skip(1) {
        let Some(end) = sequence.find(|c: char| c.is_ascii_alphabetic()) else {
            continue;
        };
        if !sequence[end..].starts_with('m') {
            continue;
        }
        let parameters = &sequence[..end];
        let first = parameters.split(';').next().unwrap_or("");
        if let Ok(code) = first.parse::<u16>()
            && matches!(code, 30..=38 | 40..=48 | 58 | 90..=97 | 100..=107)
        {
            found.push(parameters.to_string());
        }
    }
    found
}

/// Home, a step to confirm, a counting hold, a checklist and the summary, in the
/// real binary; returns everything it wrote.
fn through_the_screens(env: &[(&str, &str)]) -> String {
    let home = tempfile::tempdir().expect("temp home");
    let mut app = PtyApp::spawn_with_env(&[], home.path(), 80, 24, env);
    app.wait_for("Leg-cramp wind-down", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    let at_home = app.output();
    let mut app = PtyApp::spawn_with_env(
        &["run", "tests/routines/e2e.toml"],
        home.path(),
        80,
        24,
        env,
    );
    app.wait_for("Press Enter when done", PATIENCE);
    app.send("\r");
    app.wait_for("LEFT LEG", PATIENCE);
    std::thread::sleep(Duration::from_secs(2));
    app.send("s");
    app.wait_for("Bedding check", PATIENCE);
    app.send(" j \r");
    app.wait_for("done for tonight", PATIENCE);
    app.send("q");
    assert_eq!(app.wait_exit(PATIENCE), 0);
    at_home + &app.output()
}

/// NO_COLOR (no-color.org) reaches the terminal as no colour at all: the cells are
/// encoded by winddown (tui/ansi.rs), which writes whatever colours the screens
/// hold, so every screen on the way must hold none. Without NO_COLOR the same
/// screens do set colours, so the check can see them.
#[test]
fn no_color_sets_no_colour_on_the_terminal() {
    let coloured = colours_set(&through_the_screens(&[]));
    assert!(!coloured.is_empty(), "the usual screens set colours");
    let plain = colours_set(&through_the_screens(&[("NO_COLOR", "1")]));
    assert!(plain.is_empty(), "NO_COLOR, yet colours set: {plain:?}");
}
