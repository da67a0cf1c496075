//! The night theme: low light on every cell, from an hour before bedtime when
//! `auto`, and still readable without colour.

use crate::support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use winddown::routine::Theme;
use winddown::tui::Opening;

use support::evening::{Evening, history, sos_guide};

fn themed(opening: Opening, theme: Theme) -> Evening {
    let evening = Evening::opening(opening, history(), None, 80, 24);
    Evening {
        app: evening.app.with_theme(theme),
        ..evening
    }
}

fn with_sos(evening: Evening) -> Evening {
    Evening {
        app: evening.app.with_sos_guide(sos_guide()),
        ..evening
    }
}

fn buffer(evening: &Evening) -> Buffer {
    let area = evening.app.area();
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    terminal
        .draw(|frame| frame.render_widget(&evening.app, frame.area()))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// A cell that glares at night: the terminal's own foreground (often bright
/// white), a named bright colour, blue, or anything brighter than a mid grey.
fn glares(color: Color) -> bool {
    match color {
        Color::Rgb(r, g, b) => r.max(g).max(b) > 200 || (b > r && b > g),
        _ => true,
    }
}

/// Each distinct colour on screen and how many cells use it, for a snapshot.
fn palette(buffer: &Buffer) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for cell in buffer.content() {
        let key = format!("fg {:?} bg {:?}", cell.fg, cell.bg);
        match counts.iter_mut().find(|(known, _)| *known == key) {
            Some((_, count)) => *count += 1,
            None => counts.push((key, 1)),
        }
    }
    counts.sort();
    counts
        .into_iter()
        .map(|(key, count)| format!("{key}: {count} cells\n"))
        .collect()
}

#[test]
fn night_draws_every_cell_in_low_light() {
    let mut run = themed(Opening::RunNow, Theme::Night);
    run.wait(125.0);
    let home = themed(Opening::Home, Theme::Night);
    let mut sos = with_sos(themed(Opening::Home, Theme::Night));
    sos.keys("!").wait(65.0);
    for (name, evening) in [("run", &run), ("home", &home), ("sos", &sos)] {
        let buffer = buffer(evening);
        let bright: Vec<_> = buffer
            .content()
            .iter()
            .filter(|cell| glares(cell.fg) || cell.bg != Color::Reset)
            .map(|cell| (cell.symbol().to_string(), cell.fg))
            .take(5)
            .collect();
        assert!(bright.is_empty(), "{name}: {bright:?}");
        insta::assert_snapshot!(
            format!("night_{name}"),
            format!("{}\n{}", evening.screen(), palette(&buffer))
        );
    }
}

#[test]
fn plain_keeps_the_terminal_colours() {
    let evening = themed(Opening::Home, Theme::Plain);
    assert!(
        buffer(&evening)
            .content()
            .iter()
            .any(|cell| cell.fg == Color::Reset)
    );
}

#[test]
fn auto_turns_to_night_an_hour_before_bedtime() {
    // The fixture's bedtime is 22:30 and its evening starts at 22:05.
    let mut evening = themed(Opening::Home, Theme::Auto);
    assert!(evening.app.is_night(), "25 min before bedtime");
    let early = Evening::opening(Opening::Home, history(), None, 80, 24);
    let wall = early.wall - chrono::Duration::minutes(40);
    let app = winddown::tui::App::new(
        winddown::routine::parse(support::evening::ROUTINE).expect("routine"),
        support::evening::thursday(),
        history(),
        None,
        Opening::Home,
        (early.start, wall),
        early.app.area(),
    )
    .with_theme(Theme::Auto);
    assert!(!app.is_night(), "at 21:25, an hour and five minutes before");
    let mut early = Evening { app, wall, ..early };
    assert!(!early.wait(240.0).app.is_night(), "21:29");
    assert!(early.wait(60.0).app.is_night(), "21:30: an hour before");
    assert!(
        evening.wait(3.0 * 3600.0).app.is_night(),
        "after midnight still"
    );
}

#[test]
fn without_colour_night_is_plain_text() {
    let evening = themed(Opening::RunNow, Theme::Night);
    let evening = Evening {
        app: evening.app.with_no_color(true),
        ..evening
    };
    let buffer = buffer(&evening);
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    assert!(evening.screen().contains("Magnesium-oil rub"));
}

#[test]
fn without_colour_the_sos_stopwatch_is_still_drawn_big() {
    let evening = themed(Opening::Home, Theme::Night);
    let mut sos = with_sos(Evening {
        app: evening.app.with_no_color(true),
        ..evening
    });
    sos.keys("!").wait(65.0);
    let buffer = buffer(&sos);
    assert!(
        buffer
            .content()
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    let screen = sos.screen();
    assert!(screen.contains('█'), "{screen}");
    assert!(screen.contains("Stand on the cramping leg"), "{screen}");
}
