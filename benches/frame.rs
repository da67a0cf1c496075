//! The engine's update, one whole frame, and one countdown second as the app draws it
//! (only the parts that time changed), and one second of the SOS stopwatch.
//!
//! Run: `cargo bench --bench frame`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use winddown::routine::parse;
use winddown::session::{Action, Session};
use winddown::shipped;
use winddown::tui::{App, History, Opening, Painter};

fn night() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("valid date")
}

fn bench_engine(c: &mut Criterion) {
    let routine = parse(shipped::find(shipped::DEFAULT).expect("default").source).expect("parses");
    let steps = routine.tonight(night());
    let start = Instant::now();
    let mut session = Session::new(steps.clone(), start);
    let mut at = start;
    c.bench_function("engine update (one tick)", |b| {
        b.iter(|| {
            at += Duration::from_millis(1000);
            if session.is_finished() {
                session = Session::new(steps.clone(), at);
            }
            black_box(session.update(Action::Tick, at));
            black_box(session.next_change(at));
        })
    });
}

/// The app running `routine` from `start`, at 22:05, on a `width`x`height` screen.
fn running(routine: &str, start: Instant, width: u16, height: u16) -> App {
    let wall = night().and_hms_opt(22, 5, 0).expect("time");
    App::new(
        parse(routine).expect("parses"),
        night(),
        History::default(),
        None,
        Opening::RunNow,
        (start, wall),
        Rect::new(0, 0, width, height),
    )
}

fn bench_frame(c: &mut Criterion) {
    for (width, height) in [(80u16, 24u16), (200, 60)] {
        let start = Instant::now();
        let wall = night().and_hms_opt(22, 5, 0).expect("time");
        let default = shipped::find(shipped::DEFAULT).expect("default").source;
        let mut app = running(default, start, width, height);
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut second = 0u64;
        c.bench_function(&format!("one countdown frame at {width}x{height}"), |b| {
            b.iter(|| {
                // A new second each frame, as the loop draws it: the digits change.
                second += 1;
                let elapsed = Duration::from_secs(second % 600);
                app.tick(start + elapsed, wall);
                terminal
                    .draw(|frame| frame.render_widget(&app, frame.area()))
                    .expect("draw");
            })
        });
    }
}

/// One second of the Cramp SOS stopwatch: a whole frame, as the loop draws it there,
/// the run screen's hold paused underneath.
fn bench_sos_frame(c: &mut Criterion) {
    let guide = parse(shipped::find(shipped::SOS).expect("sos").source).expect("parses");
    for (width, height) in [(80u16, 24u16), (200, 60)] {
        let start = Instant::now();
        let wall = night().and_hms_opt(22, 5, 0).expect("time");
        let default = shipped::find(shipped::DEFAULT).expect("default").source;
        let mut app = running(default, start, width, height).with_sos_guide(guide.clone());
        app.open_sos();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut second = 0u64;
        c.bench_function(
            &format!("one SOS stopwatch frame at {width}x{height}"),
            |b| {
                b.iter(|| {
                    second += 1;
                    app.tick(start + Duration::from_secs(second % 600), wall);
                    terminal
                        .draw(|frame| frame.render_widget(&app, frame.area()))
                        .expect("draw");
                })
            },
        );
    }
}

/// What a countdown second costs now: only the parts time changed, through the painter,
/// over a long hold (started again every few hours of fake time).
fn bench_tick(c: &mut Criterion) {
    const HOURS: u64 = 4;
    let (width, height) = (100u16, 30u16);
    let hold = format!("name = \"Hold\"\n[[step]]\ntitle = \"Hold\"\nduration = \"{HOURS}h\"\n");
    let wall = night().and_hms_opt(22, 5, 0).expect("time");
    let begin = || {
        let start = Instant::now();
        let app = running(&hold, start, width, height);
        let area = Rect::new(0, 0, width, height);
        let mut backend = TestBackend::new(width, height);
        let mut painter = Painter::new(area);
        painter
            .whole(&mut backend, area, &app)
            .expect("first frame");
        (start, app, backend, painter)
    };
    let (mut start, mut app, mut backend, mut painter) = begin();
    let area = Rect::new(0, 0, width, height);
    let mut second = 0u64;
    c.bench_function("one countdown second at 100x30 (changed parts only)", |b| {
        b.iter(|| {
            second += 1;
            if second >= HOURS * 3600 - 60 {
                second = 1;
                (start, app, backend, painter) = begin();
            }
            let changed = app.tick(start + Duration::from_secs(second), wall);
            let ticked = !changed && painter.tick(&mut backend, &app).expect("tick");
            if !ticked {
                painter.whole(&mut backend, area, &app).expect("whole");
            }
        })
    });
}

criterion_group!(
    benches,
    bench_engine,
    bench_frame,
    bench_sos_frame,
    bench_tick
);
criterion_main!(benches);
