//! The plainest full-screen ratatui program: every row says its own number,
//! redrawn once a second for five seconds. Where winddown's screen comes out
//! with lines out of place (Wine's console, see README's platform table), this
//! shows whether the terminal or winddown is at fault: here every row should
//! start with "row NN" in its own place.
//!
//!   cargo build --release --example numbered_rows --target x86_64-pc-windows-gnu
//!   scripts/wine target/x86_64-pc-windows-gnu/release/examples/numbered_rows.exe

use std::time::Duration;

use ratatui::text::Line;
use ratatui::widgets::Paragraph;

fn main() -> std::io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let drawn = (0..5).try_for_each(|second| {
        terminal.draw(|frame| {
            let area = frame.area();
            let rows: Vec<Line> = (0..area.height)
                .map(|row| {
                    Line::from(format!(
                        "row {row:02} of {}x{}, second {second}: calf stretch · 2 sides × 3",
                        area.width, area.height
                    ))
                })
                .collect();
            frame.render_widget(Paragraph::new(rows), area);
        })?;
        std::thread::sleep(Duration::from_secs(1));
        Ok(())
    });
    ratatui::restore();
    drawn
}
