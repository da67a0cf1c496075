//! The whole app in process: a scripted event source, a clock that moves only
//! when the script says, a test backend, and a store in a temporary folder.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use rusqlite::Connection;

use winddown::paths::Paths;
use winddown::routine::{Routine, parse};
use winddown::store::Store;
use winddown::tui::{
    Choice, Clock, Cues, Evening, EventSource, Headless, Incoming, Opening, Pacing, RoutineKey,
    RunEnd,
};

/// A monotonic clock and a wall clock that move together, only when told (and the
/// wall clock alone when the computer sleeps with a monotonic clock that stops).
#[derive(Clone)]
pub struct FakeClock {
    start: Instant,
    start_wall: NaiveDateTime,
    now: Rc<Cell<Instant>>,
    /// How far the wall clock has moved on without the monotonic one.
    slept: Rc<Cell<Duration>>,
}

impl FakeClock {
    /// A clock showing `wall`.
    pub fn at(wall: NaiveDateTime) -> FakeClock {
        let start = Instant::now();
        FakeClock {
            start,
            start_wall: wall,
            now: Rc::new(Cell::new(start)),
            slept: Rc::new(Cell::new(Duration::ZERO)),
        }
    }

    /// Move to `to`, never backwards.
    fn advance_to(&self, to: Instant) {
        if to > self.now.get() {
            self.now.set(to);
        }
    }

    /// The instant `after` the start.
    pub fn after(&self, after: Duration) -> Instant {
        self.start + after
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.now.get()
    }

    fn wall(&self, now: Instant) -> NaiveDateTime {
        let since = now.saturating_duration_since(self.start) + self.slept.get();
        self.start_wall + chrono::Duration::from_std(since).expect("a short evening")
    }
}

/// How time goes by unwatched in a [`Script`].
#[derive(Clone, Copy)]
enum Stop {
    /// The process is stopped: the first wake-up due after it comes late by the
    /// stop's length, both clocks moved on.
    Late,
    /// The process is stopped for the stop's length and then runs on: a wake-up due
    /// after the stop ended comes on time.
    Frozen,
    /// The computer sleeps with its monotonic clock stopped: only the wall clock has
    /// moved on at the next wake-up.
    Asleep,
}

/// Events at set moments; waiting moves the fake clock to the next event or the deadline.
pub struct Script {
    clock: FakeClock,
    queue: VecDeque<(Instant, Incoming)>,
    meanwhile: VecDeque<(Instant, Box<dyn FnOnce()>)>,
    /// Moments the process stops (or the computer sleeps), for how long, and how.
    stops: VecDeque<(Instant, Duration, Stop)>,
    /// Every deadline the loop waited for, in order (how often it woke).
    pub deadlines: Vec<Option<Instant>>,
    /// An input was handed over and the loop has not yet said it was dealt with
    /// (`input_handled`): the real reader waits for that before it reads on.
    awaiting_go_ahead: bool,
}

impl Script {
    /// Nothing scripted yet.
    pub fn new(clock: &FakeClock) -> Script {
        Script {
            clock: clock.clone(),
            queue: VecDeque::new(),
            meanwhile: VecDeque::new(),
            stops: VecDeque::new(),
            deadlines: Vec::new(),
            awaiting_go_ahead: false,
        }
    }

    /// The next scripted event, as the real reader would hand it over: another
    /// input only once the last one was said to be dealt with.
    fn hand_over(&mut self) -> Option<Incoming> {
        let (_, incoming) = self.queue.pop_front()?;
        if let Incoming::Input(event) = &incoming {
            assert!(
                !self.awaiting_go_ahead,
                "{event:?} came after an input the loop never said it had dealt with \
                 (input_handled): the real reader would wait for it forever"
            );
            self.awaiting_go_ahead = true;
        }
        Some(incoming)
    }

    /// `incoming` arrives `seconds` after the start (events must be added in order).
    pub fn at(mut self, seconds: f64, incoming: Incoming) -> Script {
        let at = self.clock.after(Duration::from_secs_f64(seconds));
        self.queue.push_back((at, incoming));
        self
    }

    /// Something the world does `seconds` after the start, before the app hears of
    /// anything later (e.g. another process locks the database).
    pub fn meanwhile(mut self, seconds: f64, happen: impl FnOnce() + 'static) -> Script {
        let at = self.clock.after(Duration::from_secs_f64(seconds));
        self.meanwhile.push_back((at, Box::new(happen)));
        self
    }

    /// Another connection takes `database`'s write lock `seconds` after the start and
    /// keeps it, past the store's busy timeout, until `holder` is emptied.
    pub fn lock_store(
        self,
        seconds: f64,
        database: PathBuf,
        holder: &Rc<RefCell<Option<Connection>>>,
    ) -> Script {
        let held = Rc::clone(holder);
        self.meanwhile(seconds, move || {
            let connection = Connection::open(&database).expect("second connection");
            connection
                .execute_batch("BEGIN EXCLUSIVE")
                .expect("hold the lock");
            *held.borrow_mut() = Some(connection);
        })
    }

    /// Let everything the world does up to `until` happen.
    fn happen_until(&mut self, until: Instant) {
        while self.meanwhile.front().is_some_and(|(at, _)| *at <= until) {
            if let Some((_, happen)) = self.meanwhile.pop_front() {
                happen();
            }
        }
    }

    /// winddown is stopped (SIGSTOP) `seconds` after the start for `lasting`: the
    /// first wake-up due after that moment comes `lasting` late, both clocks moved on.
    /// Scripted events keep their times (those before the wake-up come with it).
    pub fn stopped(mut self, seconds: f64, lasting: Duration) -> Script {
        let at = self.clock.after(Duration::from_secs_f64(seconds));
        self.stops.push_back((at, lasting, Stop::Late));
        self
    }

    /// winddown is stopped (SIGSTOP) `seconds` after the start for `lasting`, then
    /// continued: the first wake-up after that moment comes when it is continued, or
    /// when it was due if that is later. Events scripted meanwhile come with it.
    pub fn frozen(mut self, seconds: f64, lasting: Duration) -> Script {
        let at = self.clock.after(Duration::from_secs_f64(seconds));
        self.stops.push_back((at, lasting, Stop::Frozen));
        self
    }

    /// The computer sleeps `seconds` after the start for `lasting`, its monotonic clock
    /// stopped meanwhile (as Linux's is): only the wall clock has moved on at the next
    /// wake-up.
    pub fn asleep(mut self, seconds: f64, lasting: Duration) -> Script {
        let at = self.clock.after(Duration::from_secs_f64(seconds));
        self.stops.push_back((at, lasting, Stop::Asleep));
        self
    }

    /// Move the clock to `to`, through a stop that begins before it.
    fn advance_to(&mut self, to: Instant) {
        if let Some(&(at, lasting, stop)) = self.stops.front()
            && at < to
        {
            self.stops.pop_front();
            match stop {
                Stop::Late => return self.clock.advance_to(to + lasting),
                Stop::Frozen => return self.clock.advance_to(to.max(at + lasting)),
                Stop::Asleep => self.clock.slept.set(self.clock.slept.get() + lasting),
            }
        }
        self.clock.advance_to(to);
    }

    /// A key press `seconds` after the start.
    pub fn key(self, seconds: f64, code: KeyCode) -> Script {
        self.at(seconds, key(code))
    }
}

/// A key press event.
pub fn key(code: KeyCode) -> Incoming {
    Incoming::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

impl EventSource for Script {
    fn wait(&mut self, deadline: Option<Instant>) -> anyhow::Result<Option<Incoming>> {
        self.deadlines.push(deadline);
        let next = self.queue.front().map(|(at, _)| *at);
        match (next, deadline) {
            (Some(at), Some(deadline)) if at > deadline => {
                self.happen_until(deadline);
                self.advance_to(deadline);
                Ok(None)
            }
            (Some(at), _) => {
                self.happen_until(at);
                self.advance_to(at);
                Ok(self.hand_over())
            }
            // A test must end the app itself (a key, a signal): a day of wake-ups
            // with nothing more scripted is an app that never left.
            (None, Some(deadline)) if deadline > self.clock.after(Duration::from_secs(86_400)) => {
                anyhow::bail!("the script ran out a day ago and the app is still waiting")
            }
            (None, Some(deadline)) => {
                self.happen_until(deadline);
                self.advance_to(deadline);
                Ok(None)
            }
            (None, None) => anyhow::bail!("the script ran out while the app waited for input"),
        }
    }

    fn poll(&mut self) -> Option<Incoming> {
        let now = self.clock.now();
        if self.queue.front().is_some_and(|(at, _)| *at <= now) {
            return self.hand_over();
        }
        None
    }

    fn input_handled(&mut self) {
        self.awaiting_go_ahead = false;
    }

    /// Stopped, as the shell stops a process, until the scripted `Continued` next in
    /// line: no wake-up comes meanwhile. The event itself still comes, as the real
    /// signal thread's does.
    fn stop_until_continued(&mut self) {
        if let Some((at, Incoming::Continued)) = self.queue.front() {
            let at = *at;
            self.happen_until(at);
            self.advance_to(at);
        }
    }
}

/// A temporary home with a routine file and a database.
pub struct Home {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// Its config and data folders.
    pub paths: Paths,
}

impl Home {
    /// An empty home.
    pub fn new() -> Home {
        let dir = tempfile::tempdir().expect("temporary folder");
        let paths = Paths::resolve(Some(dir.path())).expect("paths");
        std::fs::create_dir_all(paths.config.join("routines")).expect("routine folder");
        std::fs::create_dir_all(&paths.data).expect("data folder");
        Home { dir, paths }
    }

    /// The database file.
    pub fn database(&self) -> PathBuf {
        self.paths.data.join("winddown.db")
    }

    /// Write `text` as routine `name` in the routine folder; returns its path.
    pub fn routine(&self, name: &str, text: &str) -> PathBuf {
        let path = self
            .paths
            .config
            .join("routines")
            .join(format!("{name}.toml"));
        std::fs::write(&path, text).expect("write routine");
        path
    }

    /// Open the store as the app would, waiting as briefly for another program's lock.
    pub fn store(&self) -> Store {
        let store = Store::open_verify_later(&self.database()).expect("store");
        store
            .wait_for_locks_at_most(winddown::launch::SESSION_LOCK_WAIT)
            .expect("lock wait");
        store
    }
}

/// The evening for one routine file, on `night`.
pub fn evening(home: &Home, file: &Path, night: NaiveDate, opening: Opening) -> Evening {
    evening_of(home, &[file], 0, night, opening)
}

/// The evening offering these routine files on the home screen, `chosen` first shown.
pub fn evening_of(
    home: &Home,
    files: &[&Path],
    chosen: usize,
    night: NaiveDate,
    opening: Opening,
) -> Evening {
    Evening {
        choices: files.iter().map(|file| choice(file)).collect(),
        chosen,
        night,
        rollover: chrono::NaiveTime::from_hms_opt(4, 0, 0).expect("04:00"),
        opening,
        database: home.database(),
        cues: Cues::default(),
        pacing: Pacing::from(&winddown::routine::Config::default()),
        theme: winddown::routine::Theme::Plain,
        warning: None,
        paths: home.paths.clone(),
        sos_guide: sos_guide(),
    }
}

/// A routine file as the home screen offers it.
fn choice(file: &Path) -> Choice {
    let text = std::fs::read_to_string(file).expect("routine text");
    let routine = parse(&text).expect("valid routine");
    let id = file
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .expect("stem");
    Choice {
        routine,
        key: RoutineKey {
            id: id.clone(),
            hash: "test".into(),
        },
        file: Some(file.to_path_buf()),
        asked_for: id,
    }
}

/// The shipped relief steps.
pub fn sos_guide() -> Routine {
    let shipped = winddown::shipped::find(winddown::shipped::SOS).expect("shipped SOS steps");
    parse(shipped.source).expect("valid SOS steps")
}

/// A finished drive: how it ended, the screen it left, how often it waited.
pub struct Drive {
    /// How the app ended, or why it failed.
    pub end: anyhow::Result<RunEnd>,
    /// The last frame, as text.
    pub screen: String,
    /// The deadlines the loop waited for.
    pub deadlines: Vec<Option<Instant>>,
}

/// Drive the app through `script` on an 80x24 screen.
pub fn drive(evening: Evening, store: &mut Store, clock: &FakeClock, mut script: Script) -> Drive {
    let area = Rect::new(0, 0, 80, 24);
    let mut console = Headless::new(TestBackend::new(80, 24), area).expect("console");
    let end = winddown::tui::drive(evening, store, &mut console, &mut script, clock);
    Drive {
        end,
        screen: screen_text(&console),
        deadlines: script.deadlines,
    }
}

/// What a test backend shows, row by row.
pub fn screen_text(console: &Headless<TestBackend>) -> String {
    let buffer = console.backend().buffer();
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// 21:00 on `night`.
pub fn evening_at(night: NaiveDate) -> NaiveDateTime {
    night.and_hms_opt(21, 0, 0).expect("time")
}

/// A routine of a 3-second hold and a step to confirm.
pub const TWO_STEPS: &str = r#"
name = "Two steps"

[[step]]
title = "Calf stretch"
duration = "3s"

[[step]]
title = "Glass of water"
"#;

/// The escape key.
pub const ESC: KeyCode = KeyCode::Esc;
/// The enter key.
pub const ENTER: KeyCode = KeyCode::Enter;
