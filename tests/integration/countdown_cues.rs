//! The countdown speaks without sound: each phase's digits in their own colour (read
//! from the cells, not from pixels), the last seconds in another with the bar under
//! them flashing once a second (a mark that needs no colour), the switch of sides as
//! a banner, and untimed steps grown into the room as the countdown grows.

use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use winddown::routine::{Theme, parse};
use winddown::tui::{Opening, Pacing};

use crate::support::evening::{Evening, history};

/// Okabe and Ito's colours ("Color Universal Design", 2002/2008), as hex.
const OKABE_ITO_BLUE: Color = Color::Rgb(0x00, 0x72, 0xB2);
const OKABE_ITO_BLUISH_GREEN: Color = Color::Rgb(0x00, 0x9E, 0x73);
const OKABE_ITO_REDDISH_PURPLE: Color = Color::Rgb(0xCC, 0x79, 0xA7);
const OKABE_ITO_VERMILLION: Color = Color::Rgb(0xD5, 0x5E, 0x00);

/// The shipped routine on a Thursday, with the 5 s lead-in the settings give by
/// default, started and its optional bath skipped: on the glass of water.
fn shipped(width: u16, height: u16) -> Evening {
    let source = winddown::shipped::find("leg-cramps")
        .expect("shipped")
        .source;
    let pacing = Pacing {
        lead_in: Duration::from_secs(5),
        countdown: 3,
    };
    let routine = parse(source)
        .expect("the shipped routine parses")
        .with_lead_in(pacing.lead_in);
    let mut evening =
        Evening::interrupted(routine, Opening::Home, history(), None, (width, height));
    evening.app = evening.app.with_pacing(pacing);
    evening.key(KeyCode::Enter);
    evening.keys("s");
    evening
}

/// Waits until the calf stretch, the first step held on each side, is under way.
fn to_the_stretch(evening: &mut Evening) {
    for _ in 0..10 {
        let sided = evening
            .app
            .session()
            .and_then(|session| session.current_step())
            .is_some_and(|step| !step.sides.is_empty());
        if sided {
            return;
        }
        evening.keys("s");
    }
    panic!("no step held on each side");
}

fn buffer(evening: &Evening) -> Buffer {
    let area = evening.app.area();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    terminal
        .draw(|frame| frame.render_widget(&evening.app, frame.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The colours of the big digits' cells (the block characters above the bar).
fn digit_colours(buffer: &Buffer) -> Vec<Color> {
    let mut colours: Vec<Color> = buffer
        .content()
        .iter()
        .filter(|cell| matches!(cell.symbol(), "█" | "▀" | "▄"))
        .map(|cell| cell.fg)
        .collect();
    colours.sort_by_key(|colour| format!("{colour:?}"));
    colours.dedup();
    colours
}

/// The row whose text starts with `start`, trimmed.
fn row_starting(buffer: &Buffer, start: &str) -> Option<u16> {
    (0..buffer.area.height).find(|&y| {
        let text: String = (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        text.trim_start().starts_with(start)
    })
}

/// Whether every cell of row `y` is drawn reversed.
fn reversed(buffer: &Buffer, y: u16) -> bool {
    (1..buffer.area.width - 1).all(|x| buffer[(x, y)].modifier.contains(Modifier::REVERSED))
}

#[test]
fn each_phase_counts_in_its_own_colour_and_the_last_seconds_in_another() {
    let mut evening = shipped(80, 24);
    to_the_stretch(&mut evening);
    // The lead-in, 1 s into its 5 s.
    evening.wait(1.0);
    assert_eq!(digit_colours(&buffer(&evening)), [OKABE_ITO_REDDISH_PURPLE]);
    // Its last seconds: 2.5 s left.
    evening.wait(1.5);
    assert_eq!(digit_colours(&buffer(&evening)), [OKABE_ITO_VERMILLION]);
    // The hold, 10 s into its 30 s.
    evening.wait(12.5);
    assert_eq!(digit_colours(&buffer(&evening)), [OKABE_ITO_BLUE]);
    // The rest after it, 3 s into its 10 s.
    evening.wait(23.0);
    assert_eq!(digit_colours(&buffer(&evening)), [OKABE_ITO_BLUISH_GREEN]);
    // Paused: no colour, dimmed.
    evening.keys(" ");
    let paused = buffer(&evening);
    assert_eq!(digit_colours(&paused), [Color::Reset]);
    assert!(
        paused
            .content()
            .iter()
            .filter(|cell| cell.symbol() == "█")
            .all(|cell| cell.modifier.contains(Modifier::DIM))
    );
}

#[test]
fn at_night_the_phases_keep_apart_in_low_light() {
    let mut evening = shipped(80, 24);
    evening.app = evening.app.with_theme(Theme::Night);
    to_the_stretch(&mut evening);
    let mut seen = Vec::new();
    for wait in [1.0, 1.5, 12.5, 23.0] {
        evening.wait(wait);
        seen.extend(digit_colours(&buffer(&evening)));
    }
    // Grey for the lead-in, brick for its last seconds, amber for the hold, sage for
    // the rest: no blue, nothing above 200.
    assert_eq!(
        seen,
        [
            Color::Rgb(100, 100, 100),
            Color::Rgb(180, 60, 40),
            Color::Rgb(200, 130, 10),
            Color::Rgb(110, 160, 110),
        ]
    );
}

#[test]
fn without_colour_the_phase_is_in_words_and_the_last_seconds_flash_the_bar() {
    let mut evening = shipped(80, 24);
    evening.app = evening.app.with_no_color(true);
    to_the_stretch(&mut evening);
    // The lead-in's last three seconds: 2.5, 1.5 and 0.5 s left.
    evening.wait(2.5);
    let mut flashes = Vec::new();
    for _ in 0..3 {
        let shown = buffer(&evening);
        assert!(
            shown.content().iter().all(|cell| cell.fg == Color::Reset),
            "NO_COLOR: no colour at all"
        );
        let bar = row_starting(&shown, "get ready 0:05").expect("the lead-in's bar");
        flashes.push(reversed(&shown, bar));
        evening.wait(1.0);
    }
    // Reversed at 3 and 1, not at 2: once a second, never faster.
    assert_eq!(flashes, [true, false, true]);
    // Before the last seconds, no flash; the phase in words above the digits.
    evening.wait(10.0);
    let hold = buffer(&evening);
    let bar = row_starting(&hold, "0:30 hold").expect("the hold's bar");
    assert!(!reversed(&hold, bar));
    assert!(row_starting(&hold, "LEFT LEG · set 1/3").is_some());
    evening.wait(23.0);
    assert!(row_starting(&buffer(&evening), "REST · Next: LEFT LEG").is_some());
}

/// The rows of `text` as the 8x8 font draws it with each pixel a quarter of a cell
/// (bit 0 of a font row is its leftmost pixel), from font8x8 itself.
fn quadrant_rows(text: &str) -> Vec<String> {
    use font8x8::UnicodeFonts;
    const QUADRANTS: [char; 16] = [
        ' ', '▘', '▝', '▀', '▖', '▌', '▞', '▛', '▗', '▚', '▐', '▜', '▄', '▙', '▟', '█',
    ];
    let glyphs: Vec<[u8; 8]> = text
        .chars()
        .map(|c| {
            font8x8::BASIC_FONTS
                .get(c)
                .expect("an ASCII letter or space")
        })
        .collect();
    (0..4)
        .map(|row| {
            glyphs
                .iter()
                .flat_map(|glyph| {
                    (0..4).map(move |column| {
                        let lit = |x: usize, y: usize| glyph[y] & (1 << x) != 0;
                        let (x, y) = (2 * column, 2 * row);
                        let bits = [lit(x, y), lit(x + 1, y), lit(x, y + 1), lit(x + 1, y + 1)];
                        QUADRANTS[bits
                            .iter()
                            .enumerate()
                            .fold(0, |index, (bit, on)| index | (usize::from(*on) << bit))]
                    })
                })
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Whether `screen` shows the rows of `big` one under the other.
fn shows_big(screen: &str, big: &[String]) -> bool {
    let rows: Vec<&str> = screen.lines().map(str::trim).collect();
    rows.windows(big.len())
        .any(|window| window.iter().zip(big).all(|(row, big)| *row == big.trim()))
}

#[test]
fn the_switch_of_sides_is_a_banner_for_its_first_seconds() {
    // 80x24 draws the banner in quarter-cell glyphs, 40x12 in words.
    let mut wide = shipped(80, 24);
    let mut narrow = shipped(40, 12);
    for evening in [&mut wide, &mut narrow] {
        to_the_stretch(evening);
        // The lead-in and the left leg's three holds and rests: the right leg's first
        // hold begins 5 + 3 × 30 + 3 × 10 = 125 s in.
        evening.wait(126.0);
    }
    // Eight rows of countdown at 80x24: "SWITCH SIDES" big, the side in words under it.
    let screen = wide.screen();
    assert!(
        shows_big(&screen, &quadrant_rows("SWITCH SIDES")),
        "{screen}"
    );
    assert!(
        screen.lines().any(|line| line.trim() == "RIGHT LEG"),
        "{screen}"
    );
    assert!(narrow.screen().contains("SWITCH SIDES · RIGHT LEG"));
    // Three seconds on, the countdown is back.
    wide.wait(2.5);
    narrow.wait(2.5);
    assert!(!shows_big(&wide.screen(), &quadrant_rows("SWITCH SIDES")));
    assert!(narrow.screen().contains("0:27"), "{}", narrow.screen());
}

#[test]
fn the_countdown_takes_the_rows_the_text_leaves() {
    let mut evening = shipped(100, 30);
    to_the_stretch(&mut evening);
    evening.wait(10.0);
    let screen = evening.screen();
    let digit_rows = screen
        .lines()
        .filter(|line| line.contains('█') || line.contains('▀') || line.contains('▄'))
        .count();
    // 30 rows: 7 that always show, the pose's picture (9 and a blank) beside the text,
    // 13 left: twelve rows of digits (the last blank), no longer eight and four blank.
    assert_eq!(digit_rows, 11, "{screen}");
    assert!(screen.contains("Lean in until the calf pulls"), "{screen}");
    assert!(
        screen.contains("hands on the wall"),
        "the picture stays\n{screen}"
    );
}

#[test]
fn an_untimed_step_grows_its_title_and_checklist_with_the_window() {
    // The glass of water, a confirm step.
    let big_title = |width, height| {
        let evening = shipped(width, height);
        let screen = evening.screen();
        (
            screen.contains("A glass of water"),
            screen.lines().filter(|line| line.contains('█')).count(),
            screen,
        )
    };
    let (in_words, rows, screen) = big_title(40, 12);
    assert!(in_words && rows == 0, "40x12: the title in words\n{screen}");
    // Drawn big, and still in words for whatever reads the screen as text.
    let (in_words, rows, screen) = big_title(200, 60);
    assert!(
        in_words && rows >= 8,
        "200x60: the title drawn big\n{screen}"
    );
    // The checklist: each item big at 200x60, its words still whole at 80x24.
    let mut wide = shipped(200, 60);
    let mut usual = shipped(80, 24);
    for evening in [&mut wide, &mut usual] {
        for _ in 0..6 {
            evening.keys("s");
        }
    }
    assert!(usual.screen().contains("[ ] Covers loose over the feet"));
    let screen = wide.screen();
    assert!(
        shows_big(&screen, &quadrant_rows("[ ] Water by the bed")),
        "{screen}"
    );
}
