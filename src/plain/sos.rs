//! Cramp SOS in plain lines: the relief steps one line each, the stopwatch said
//! every minute, when to see a doctor after ten, the episode logged at the end.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::{Local, NaiveDate, NaiveDateTime};

use crate::cues::Cues;
use crate::journal::{Journal, RoutineKey};
use crate::model::{Leg, SosEpisode};
use crate::routine::Routine;
use crate::shipped::{SEE_A_DOCTOR_AFTER, WHEN_TO_SEE_A_DOCTOR};
use crate::store::{Store, StoreError};

use super::narrator::{Key, Line};
use super::terminal::{Incoming, PlainTerminal};
use super::words::{plural, spoken};
use super::{Ending, said};

const MINUTE: Duration = Duration::from_secs(60);

/// The keys, one line each.
const KEYS: &[&str] = &[
    "Keys:",
    "Enter or n: the next step.",
    "b: back to the step before.",
    "l, r or 2: which leg: left, right or both.",
    "t: the time so far.",
    "q or Esc: the cramp has passed.",
];

/// One cramp being waited out, in lines.
pub struct SosNarrator {
    guide: Routine,
    step: usize,
    started: Instant,
    started_wall: NaiveDateTime,
    leg: Option<Leg>,
    /// The user moved through the steps or named a leg.
    acted: bool,
    minutes_said: u64,
    doctor_said: bool,
    lasted: Option<Duration>,
    lines: Vec<Line>,
}

impl SosNarrator {
    /// Begin at `now` (`wall` on the local clock) with the first relief step.
    pub fn new(guide: Routine, now: Instant, wall: NaiveDateTime) -> SosNarrator {
        let mut sos = SosNarrator {
            guide,
            step: 0,
            started: now,
            started_wall: wall,
            leg: None,
            acted: false,
            minutes_said: 0,
            doctor_said: false,
            lasted: None,
            lines: Vec::new(),
        };
        sos.say(
            "Cramp SOS. The stopwatch runs. Enter: next step, b: back, \
             l, r or 2: which leg, q: it has passed."
                .to_string(),
        );
        sos.say_step();
        sos
    }

    /// Hand over the lines said since the last call.
    pub fn take_lines(&mut self) -> Vec<Line> {
        std::mem::take(&mut self.lines)
    }

    /// How long the cramp lasted, once the user said it passed.
    pub fn lasted(&self) -> Option<Duration> {
        self.lasted
    }

    /// How long the SOS has been open at `now`.
    pub fn elapsed(&self, now: Instant) -> Duration {
        now.saturating_duration_since(self.started)
    }

    /// Whether the episode is one to keep (not an SOS left at once without a step
    /// moved or a leg named).
    pub fn worth_keeping(&self, lasted: Duration) -> bool {
        SosEpisode::worth_keeping(lasted, self.acted)
    }

    /// When it began (local wall clock), and which leg if the user said.
    pub fn episode(&self) -> (NaiveDateTime, Option<Leg>) {
        (self.started_wall, self.leg)
    }

    /// The stopwatch's next whole second after `now`: the episode's row follows it.
    pub fn next_second(&self, now: Instant) -> Instant {
        let elapsed = now.saturating_duration_since(self.started);
        self.started + Duration::from_secs(elapsed.as_secs() + 1)
    }

    /// The next whole minute of the stopwatch.
    pub fn next_wake(&self) -> Option<Instant> {
        if self.lasted.is_some() {
            return None;
        }
        let minutes = u32::try_from(self.minutes_said + 1).unwrap_or(u32::MAX);
        Some(self.started + MINUTE * minutes)
    }

    /// Time has passed: say each new whole minute, and when to see a doctor after ten.
    pub fn tick(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.started);
        let minutes = elapsed.as_secs() / 60;
        if minutes > self.minutes_said {
            self.minutes_said = minutes;
            self.say(format!("{}.", plural(minutes, "minute")));
        }
        if elapsed >= SEE_A_DOCTOR_AFTER && !self.doctor_said {
            self.doctor_said = true;
            self.say(WHEN_TO_SEE_A_DOCTOR.to_string());
        }
    }

    /// React to one key at `now`.
    pub fn key(&mut self, key: Key, now: Instant) {
        self.tick(now);
        let last = self.guide.steps.len().saturating_sub(1);
        match key {
            Key::Char('q') | Key::Esc | Key::Interrupt => {
                let lasted = now.saturating_duration_since(self.started);
                self.lasted = Some(lasted);
                // What the history holds is said once it is written (the exit line).
                if !self.worth_keeping(lasted) {
                    self.say(format!(
                        "Cramp SOS closed after {} without a step or a leg: not logged.",
                        spoken(Duration::from_secs(lasted.as_secs()))
                    ));
                }
            }
            Key::Enter | Key::Char('n' | ' ') if self.step < last => {
                self.acted = true;
                self.step += 1;
                self.say_step();
            }
            Key::Enter | Key::Char('n' | ' ') => {
                self.say("That was the last step. q when it has passed.".to_string());
            }
            Key::Char('b') if self.step > 0 => {
                self.acted = true;
                self.step -= 1;
                self.say_step();
            }
            Key::Char('b') => self.say("This is the first step.".to_string()),
            Key::Char(side @ ('l' | 'r' | '2')) => {
                let leg = match side {
                    'l' => Leg::Left,
                    'r' => Leg::Right,
                    _ => Leg::Both,
                };
                self.leg = Some(leg);
                self.acted = true;
                self.say(format!("Leg: {}.", leg.described()));
            }
            Key::Char('t') => {
                let elapsed = now.saturating_duration_since(self.started);
                self.say(format!(
                    "{} so far.",
                    spoken(Duration::from_secs(elapsed.as_secs()))
                ));
            }
            Key::Char('?') => {
                for line in KEYS {
                    self.say((*line).to_string());
                }
            }
            Key::Char(_) => self.say("Press ? for the keys.".to_string()),
        }
    }

    fn say_step(&mut self) {
        let Some(step) = self.guide.steps.get(self.step) else {
            self.say("No relief steps in sos.toml; the stopwatch still runs.".to_string());
            return;
        };
        let instructions = step
            .instructions
            .as_deref()
            .map_or_else(String::new, |text| format!(" {}", text.trim()));
        let line = format!(
            "Step {} of {}: {}.{instructions}",
            self.step + 1,
            self.guide.steps.len(),
            step.title
        );
        self.say(line);
    }

    fn say(&mut self, text: String) {
        self.lines.push(said(text));
    }
}

/// Walk through the relief steps until the cramp has passed. The episode is written
/// when SOS opens, so a closed terminal keeps it; its leg the moment it is named and
/// its length once a second, so a `kill -9` keeps both. One left at once is removed
/// again. The exit line says what the history holds.
pub fn run(
    guide: &Routine,
    night: NaiveDate,
    cues: Cues,
    store: &mut Store,
    folder: &Path,
) -> Result<Ending> {
    let mut sos = SosNarrator::new(guide.clone(), Instant::now(), Local::now().naive_local());
    let mut terminal = PlainTerminal::open(cues)?;
    // SOS writes no run: the key only names the journal's routine.
    let key = RoutineKey {
        id: crate::shipped::SOS.to_string(),
        hash: String::new(),
    };
    let mut journal = Journal::new(store, key, night, None);
    let (started, _) = sos.episode();
    // A refused write is tried again each second, and kept in a file at the end.
    let _kept = journal.begin_sos(started);
    loop {
        let lines = sos.take_lines();
        if let Some(lasted) = sos.lasted() {
            let _kept = keep_episode(&mut journal, &sos, lasted);
            terminal.print(&lines)?;
            return Ok(ended(guide, &mut journal, folder, None));
        }
        terminal.print(&lines)?;
        let now = Instant::now();
        let (_, leg) = sos.episode();
        let _kept = journal.sos_progress(sos.elapsed(now), leg, now);
        let wake = [sos.next_wake(), Some(sos.next_second(now))]
            .into_iter()
            .flatten()
            .min();
        match terminal.wait(wake)? {
            Incoming::Key(key) => sos.key(key, Instant::now()),
            // A cramp goes on while winddown is stopped: so does the stopwatch.
            Incoming::Timeout | Incoming::Continued => sos.tick(Instant::now()),
            Incoming::Suspend => terminal.stop()?,
            Incoming::Signal(signal) => {
                let lasted = sos.elapsed(Instant::now());
                let _kept = keep_episode(&mut journal, &sos, lasted);
                return Ok(ended(guide, &mut journal, folder, Some(signal)));
            }
        }
    }
}

/// The episode ends after `lasted`: given its length and leg, or removed when it is
/// not one to keep.
fn keep_episode(
    journal: &mut Journal,
    sos: &SosNarrator,
    lasted: Duration,
) -> Result<(), StoreError> {
    let (_, leg) = sos.episode();
    if sos.worth_keeping(lasted) {
        journal.end_sos(lasted, leg)
    } else {
        journal.forget_sos()
    }
}

/// How SOS ended, with what the history holds of the episode.
fn ended(guide: &Routine, journal: &mut Journal, folder: &Path, signal: Option<i32>) -> Ending {
    let gone = journal.file_gone(Instant::now(), true);
    Ending {
        gone,
        routine: guide.name.clone(),
        closing: journal.close(folder),
        tally: None,
        finished: false,
        signal,
        sos: journal.close_sos(folder),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guide() -> Routine {
        crate::routine::parse(
            "name = \"SOS\"\n[[step]]\ntitle = \"Stand on it\"\ninstructions = \"Knee slightly bent.\"\n[[step]]\ntitle = \"Massage\"\n",
        )
        .expect("guide")
    }

    /// Cramp SOS opened now, at 02:00 on a Monday night.
    fn opened() -> (Instant, NaiveDateTime, SosNarrator) {
        let start = Instant::now();
        let wall = NaiveDate::from_ymd_opt(2026, 1, 5)
            .and_then(|day| day.and_hms_opt(2, 0, 0))
            .expect("time");
        (start, wall, SosNarrator::new(guide(), start, wall))
    }

    fn texts(sos: &mut SosNarrator) -> Vec<String> {
        sos.take_lines().into_iter().map(|line| line.text).collect()
    }

    #[test]
    fn the_stopwatch_is_said_every_minute_and_the_doctor_after_ten() {
        let (start, _, mut sos) = opened();
        assert_eq!(
            texts(&mut sos)[1],
            "Step 1 of 2: Stand on it. Knee slightly bent."
        );
        assert_eq!(sos.next_wake(), Some(start + MINUTE));
        let mut heard = Vec::new();
        for second in (0..=610).step_by(5) {
            sos.tick(start + Duration::from_secs(second));
            heard.extend(texts(&mut sos));
        }
        let mut expected: Vec<String> = vec!["1 minute.".to_string()];
        expected.extend((2..=10).map(|minute| format!("{minute} minutes.")));
        expected.push(WHEN_TO_SEE_A_DOCTOR.to_string());
        assert_eq!(heard, expected);
    }

    #[test]
    fn steps_legs_and_the_end_are_said_and_the_episode_kept() {
        let (start, wall, mut sos) = opened();
        texts(&mut sos);
        sos.key(Key::Enter, start + Duration::from_secs(10));
        sos.key(Key::Enter, start + Duration::from_secs(11));
        sos.key(Key::Char('l'), start + Duration::from_secs(12));
        sos.key(Key::Char('q'), start + Duration::from_secs(95));
        assert_eq!(
            texts(&mut sos),
            vec![
                "Step 2 of 2: Massage.",
                "That was the last step. q when it has passed.",
                "Leg: left leg.",
                "1 minute.",
            ]
        );
        assert_eq!(sos.lasted(), Some(Duration::from_secs(95)));
        assert_eq!(sos.episode(), (wall, Some(Leg::Left)));
        assert_eq!(sos.next_wake(), None);
    }

    #[test]
    fn b_goes_back_and_2_means_both_legs_as_on_the_full_screen() {
        let (start, wall, mut sos) = opened();
        texts(&mut sos);
        sos.key(Key::Char('b'), start + Duration::from_secs(1));
        sos.key(Key::Enter, start + Duration::from_secs(2));
        sos.key(Key::Char('b'), start + Duration::from_secs(3));
        sos.key(Key::Char('2'), start + Duration::from_secs(4));
        sos.key(Key::Char('p'), start + Duration::from_secs(5));
        assert_eq!(
            texts(&mut sos),
            vec![
                "This is the first step.",
                "Step 2 of 2: Massage.",
                "Step 1 of 2: Stand on it. Knee slightly bent.",
                "Leg: both legs.",
                "Press ? for the keys.",
            ]
        );
        assert_eq!(sos.episode(), (wall, Some(Leg::Both)));
    }

    #[test]
    fn an_sos_left_at_once_without_a_step_or_a_leg_is_said_not_to_be_logged() {
        let (start, wall, mut sos) = opened();
        texts(&mut sos);
        sos.key(Key::Char('q'), start + Duration::from_millis(3400));
        assert_eq!(
            texts(&mut sos),
            vec!["Cramp SOS closed after 3 seconds without a step or a leg: not logged."]
        );
        assert!(!sos.worth_keeping(Duration::from_millis(3400)));

        let mut named = SosNarrator::new(guide(), start, wall);
        named.key(Key::Char('r'), start + Duration::from_secs(1));
        named.key(Key::Char('q'), start + Duration::from_secs(2));
        assert!(named.worth_keeping(Duration::from_secs(2)));
        assert_eq!(
            texts(&mut named).last().map(String::as_str),
            Some("Leg: right leg."),
            "what was logged is said once it is stored, by the exit line"
        );
    }
}
