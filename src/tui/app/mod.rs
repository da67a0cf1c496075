//! The app's state and how keys, clicks and time change it.
//!
//! Everything here is driven by the caller's clock (`now`, `wall`), so tests
//! replay a whole evening without a terminal and without waiting. What must
//! reach the disk, and everything else the loop must do (open the editor, switch
//! the routine runs are written for, leave), leaves as [`Request`]s.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use ratatui::crossterm::event::{Event, KeyEventKind};
use ratatui::layout::Rect;

use crate::journal::Interrupted;
use crate::model::{CheckIn, Experiment, ExperimentId, Leg, NightStatus, PauseChange};
use crate::routine::{Routine, Step};
use crate::session::{Action, Effect, Session};
use crate::stats::Streaks;

mod checkin;
mod choice;
mod experiment;
mod help;
mod keys;
mod night;
mod notice;
mod outside;
mod report;
mod run;
mod scroll;
mod sos;
mod timing;

pub use checkin::{CheckInForm, Field, FormChange};
pub use experiment::Following;
pub use report::{CALENDAR_NIGHTS, InsightGroup, StatsData, StatsView};

pub use run::Pacing;
pub use sos::Episode;

/// A dialog or panel drawn over the screen; it takes the keys while open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// Every key, explained.
    Help,
    /// "Quit now?" while a routine is under way. A counting hold waits while it is
    /// asked; `resume` says it was counting, so "keep going" starts it again.
    ConfirmQuit {
        /// The question paused a counting hold.
        resume: bool,
    },
    /// "Continue with N items unticked?" on a checklist step.
    ConfirmUnticked,
    /// "Run it again?" when tonight's routine has already ended.
    ConfirmRunAgain,
}

/// Which screen is showing.
#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    /// Tonight's plan; Enter starts.
    Home,
    /// An unfinished run of tonight can be picked up again.
    ResumeOffer,
    /// Typing the reason for a rest night.
    RestReason(String),
    /// A routine under way, or its summary once finished.
    Running,
    /// How last night went: the morning check-in.
    CheckIn(CheckInForm),
    /// Streaks, the calendar, step adherence, cramps and insights.
    Stats(Box<StatsView>),
    /// Choosing a step of tonight's plan to experiment on (the cursor's index).
    ExperimentStep(usize),
    /// A schedule drawn for an experiment, shown before it starts (and how far its
    /// calendar is scrolled).
    ExperimentOffer(Box<Experiment>, u16),
}

/// What the app asks of the loop, the one channel from app to loop: writes, reads,
/// the editor, leaving. The loop carries them out in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// A fresh run starts now.
    StartRun,
    /// The unfinished run is given up (the user chose to restart).
    AbandonRun,
    /// The unfinished run goes on.
    ResumeRun,
    /// Something the session asked for: a cue, a step result, the end.
    Session(Effect),
    /// Tonight is a rest night, for this reason.
    DeclareRest(String),
    /// How a night went, told the next morning, and the check-in saved for that
    /// night when the form read it (`None`: none): it replaces only that one.
    CheckIn(CheckIn, Option<CheckIn>),
    /// The user chose not to check in on this night: stop asking about it.
    SkipCheckin(NaiveDate),
    /// Read what the stats screen shows.
    LoadStats,
    /// Open the routine in the editor (`e`).
    EditRoutine,
    /// Runs from now on are of this routine (an index into the choices).
    SwitchRoutine(usize),
    /// The user is leaving.
    Quit,
    /// The clock passed the rollover with no run under way: from now on it is this night.
    NewNight(NaiveDate),
    /// The SOS screen opened: a cramp began.
    SosStarted {
        /// When it began (local wall clock).
        started: NaiveDateTime,
    },
    /// The SOS screen was left at once: the episode begun is not one.
    ForgetSos,
    /// Draw a schedule for an experiment on this step of the open routine.
    DrawExperiment {
        /// The step's id.
        step_id: String,
    },
    /// Store this experiment: it starts.
    StartExperiment(Box<Experiment>),
    /// The experiment's step left the open routine or came back.
    PauseExperiment(ExperimentId, PauseChange),
    /// Read the experiment again (a check-in or a new night changed what it shows).
    ReadExperiment,
    /// A cramp was waited out on the SOS screen (the episode begun is updated).
    RecordSos {
        /// When it began (local wall clock).
        started: NaiveDateTime,
        /// How long the screen was open.
        lasted: Duration,
        /// Which leg, if the user said.
        leg: Option<Leg>,
    },
}

/// What is known of past nights when the app opens (read once, never per frame).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Current and best streak as of now.
    pub streaks: Streaks,
    /// The last nights, oldest first, ending with tonight; `None` before the first night on record.
    pub recent: Vec<(NaiveDate, Option<NightStatus>)>,
}

/// The whole state of the terminal app for one evening.
pub struct App {
    // What every screen shares: the evening, the clock, the screen showing, the
    // requests to the loop.
    routine: Routine,
    night: NaiveDate,
    steps: Vec<Step>,
    history: History,
    stage: Stage,
    overlay: Option<Overlay>,
    now: Instant,
    wall: NaiveDateTime,
    area: Rect,
    requests: Vec<Request>,
    quit: bool,
    /// A line for the shell once the app has closed (e.g. an SOS that was not logged).
    parting_note: Option<String>,
    /// When one night ends and the next begins; `None`: the night never changes.
    rollover: Option<NaiveTime>,
    // Each screen's and part's own state, beside its code.
    /// Tonight's run (run.rs).
    run: run::Run,
    /// The routines the home screen offers (choice.rs).
    choices: choice::Choices,
    /// Help (help.rs).
    help: help::Help,
    /// Where the lists that scroll stand (scroll.rs).
    lists: scroll::Lists,
    /// What the header says (notice.rs).
    header: notice::Header,
    /// Cramp SOS (sos.rs).
    sos: sos::Sos,
    /// The check-in form's surroundings (checkin.rs).
    checkins: checkin::CheckIns,
    /// Colours and theme (timing.rs).
    look: timing::Look,
    /// The latest experiment, while there is one (experiment.rs).
    experiment: Option<Following>,
}

/// How the app opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opening {
    /// On the home screen with tonight's plan.
    Home,
    /// Straight into the routine (`winddown run`).
    RunNow,
    /// Straight into Cramp SOS, leaving when it closes (`winddown sos`).
    Sos,
}

impl App {
    /// Open the app for `routine` on `night`; `unfinished` is a run of tonight that can be resumed.
    pub fn new(
        routine: Routine,
        night: NaiveDate,
        history: History,
        unfinished: Option<Interrupted>,
        opening: Opening,
        (now, wall): (Instant, NaiveDateTime),
        area: Rect,
    ) -> App {
        let steps = routine.tonight(night);
        let mut app = App {
            routine,
            night,
            steps,
            history,
            stage: Stage::Home,
            overlay: None,
            now,
            wall,
            area,
            requests: Vec::new(),
            quit: false,
            parting_note: None,
            rollover: None,
            run: run::Run {
                unfinished,
                ..run::Run::default()
            },
            choices: choice::Choices::default(),
            help: help::Help::default(),
            lists: scroll::Lists::default(),
            header: notice::Header::default(),
            sos: sos::Sos {
                only: opening == Opening::Sos,
                ..sos::Sos::default()
            },
            checkins: checkin::CheckIns::default(),
            look: timing::Look::default(),
            experiment: None,
        };
        if app.run.unfinished.is_some() {
            app.stage = Stage::ResumeOffer;
        } else if opening == Opening::RunNow {
            app.start();
        }
        app
    }

    /// Draw without colours (`NO_COLOR`): emphasis stays as bold, dim and reverse.
    pub fn with_no_color(mut self, no_color: bool) -> App {
        self.look.no_color = no_color;
        self
    }

    /// Pace holds as `config.toml` says: lead-ins for reloaded routines (the routine
    /// given to [`App::new`] is expected to carry them already) and the counted seconds.
    pub fn with_pacing(mut self, pacing: Pacing) -> App {
        self.choices.pacing = Some(pacing);
        if let Some(session) = &mut self.run.session {
            session.set_countdown(pacing.countdown);
        }
        self
    }

    /// Whether colours are off.
    pub fn no_color(&self) -> bool {
        self.look.no_color
    }

    /// The routine being run.
    pub fn routine(&self) -> &Routine {
        &self.routine
    }

    /// The evening this is.
    pub fn night(&self) -> NaiveDate {
        self.night
    }

    /// Tonight's steps.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Whether the routine could not be read (a valid routine has at least one step):
    /// the home screen stands in for it with its first error, so `e` can mend it.
    pub fn unreadable(&self) -> bool {
        self.routine.steps.is_empty()
    }

    /// Past nights and streaks, as read at start-up.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The resumable run, while the offer stands.
    pub fn unfinished(&self) -> Option<&Interrupted> {
        self.run.unfinished.as_ref()
    }

    /// The screen showing.
    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// The engine, once a run has started.
    pub fn session(&self) -> Option<&Session> {
        self.run.session.as_ref()
    }

    /// The open dialog, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// The highlighted checklist item.
    pub fn cursor(&self) -> usize {
        self.run.cursor
    }

    /// The monotonic moment the screen is drawn for.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The local wall-clock time the screen is drawn for.
    pub fn wall(&self) -> NaiveDateTime {
        self.wall
    }

    /// Wall-clock time at which the timer was paused, while it is.
    pub fn paused_at(&self) -> Option<NaiveDateTime> {
        self.run.paused_at
    }

    /// Wall-clock time at which the last step ended, once the routine is over.
    pub fn finished_at(&self) -> Option<NaiveDateTime> {
        self.run.finished_at
    }

    /// The terminal size the app was last told about.
    pub fn area(&self) -> Rect {
        self.area
    }

    /// A line to print on the way out (e.g. an SOS that was not logged).
    pub fn parting_note(&self) -> Option<&str> {
        self.parting_note.as_deref()
    }

    /// Whether the user has asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// Leave: tell the loop, once.
    fn leave(&mut self) {
        if !self.quit {
            self.quit = true;
            self.requests.push(Request::Quit);
        }
    }

    /// Hand over what must be written or rung since the last call.
    pub fn take_requests(&mut self) -> Vec<Request> {
        std::mem::take(&mut self.requests)
    }

    /// Time has passed: move the session through any deadlines reached. Returns whether
    /// anything changed besides the time (a step, a hold or a rest began or ended).
    pub fn tick(&mut self, now: Instant, wall: NaiveDateTime) -> bool {
        self.now = now;
        self.wall = wall;
        let place = |app: &App| {
            app.run
                .session
                .as_ref()
                .map(|session| (session.position(), session.segment()))
        };
        let before = place(self);
        let new_night = self.follow_the_clock();
        let changed = self.apply(Action::Tick) || new_night;
        let moved = place(self) != before;
        if moved {
            self.fade_notice(now);
        }
        let night = self.night_now();
        let recoloured = std::mem::replace(&mut self.look.night_theme, night) != night;
        changed || recoloured || moved
    }

    /// React to one terminal event; returns whether the screen needs drawing.
    pub fn handle_event(&mut self, event: &Event, now: Instant, wall: NaiveDateTime) -> bool {
        self.tick(now, wall);
        // The notice goes at the next thing the user does, whatever it does.
        let faded = matches!(event, Event::Key(_) | Event::Mouse(_) | Event::Paste(_))
            && self.header.notice.take().is_some();
        let changed = match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(*key),
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Paste(pasted) => self.handle_paste(pasted),
            Event::Resize(width, height) => {
                self.area = Rect::new(0, 0, *width, *height);
                true
            }
            _ => false,
        };
        changed || faded
    }
}
