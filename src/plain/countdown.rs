//! When a running hold or rest is announced: its start, halfway through a long
//! one, a minute and ten seconds before the end, and the counted last seconds
//! (3-2-1 unless config.toml says otherwise), never every second.
//!
//! Pure: it is told the time left and answers which mark, if any, was reached,
//! so tests drive it with a fake clock.

use std::time::Duration;

/// Holds at least this long are announced halfway through.
const HALFWAY_FROM: u64 = 20;

/// Holds longer than this are announced a minute before the end.
const LAST_MINUTE_AFTER: u64 = 120;

fn secs(seconds: u64) -> Duration {
    Duration::from_secs(seconds)
}

/// The marks of one hold or rest, and how far through them it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Countdown {
    /// Whole seconds left at which to announce, longest first.
    marks: Vec<u64>,
    /// Index of the next mark not yet reached.
    next: usize,
}

/// Whole seconds left at which a hold or rest of `length` is announced after its
/// start, longest first; the last `counted` seconds are each a mark (the engine
/// cues those, and the front end must be awake to pass them on).
pub fn marks(length: Duration, counted: u64) -> Vec<u64> {
    let seconds = whole_seconds(length);
    let halfway = (seconds >= HALFWAY_FROM).then_some(seconds / 2);
    let last_minute = (seconds > LAST_MINUTE_AFTER).then_some(60);
    let mut marks: Vec<u64> = [halfway, last_minute, Some(10)]
        .into_iter()
        .flatten()
        .chain(1..=counted)
        .filter(|&mark| mark < seconds)
        .collect();
    marks.sort_unstable_by(|a, b| b.cmp(a));
    marks.dedup();
    marks
}

/// A part second counts as a whole one, as the countdown shows it.
pub fn whole_seconds(time: Duration) -> u64 {
    time.as_secs() + u64::from(time.subsec_nanos() > 0)
}

impl Countdown {
    /// The marks of a hold or rest of `length` that has `remaining` left, its last
    /// `counted` seconds each one; marks already passed (a resumed or shortened
    /// hold) are not announced.
    pub fn new(length: Duration, remaining: Duration, counted: u64) -> Countdown {
        let marks = marks(length, counted);
        let next = marks
            .iter()
            .position(|&mark| secs(mark) < remaining)
            .unwrap_or(marks.len());
        Countdown { marks, next }
    }

    /// The mark reached now that `remaining` is left, if one was reached since the
    /// last call; when several were passed at once (the machine slept), only the
    /// last is announced.
    pub fn reached(&mut self, remaining: Duration) -> Option<u64> {
        let mut reached = None;
        while let Some(&mark) = self.marks.get(self.next) {
            if remaining > secs(mark) {
                break;
            }
            reached = Some(mark);
            self.next += 1;
        }
        reached
    }

    /// How long until the next mark is reached, with `remaining` left.
    pub fn until_next(&self, remaining: Duration) -> Option<Duration> {
        let mark = self.marks.get(self.next)?;
        Some(remaining.saturating_sub(secs(*mark)))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::routine::Step;
    use crate::session::{Action, Session};

    #[test]
    fn a_thirty_second_hold_is_announced_halfway_at_ten_and_three_two_one() {
        assert_eq!(marks(secs(30), 3), vec![15, 10, 3, 2, 1]);
        assert_eq!(marks(secs(30), 0), vec![15, 10]);
        assert_eq!(marks(secs(30), 5), vec![15, 10, 5, 4, 3, 2, 1]);
    }

    #[test]
    fn short_holds_skip_halfway_and_marks_at_or_above_their_length() {
        assert_eq!(marks(secs(19), 3), vec![10, 3, 2, 1]);
        assert_eq!(marks(secs(20), 3), vec![10, 3, 2, 1]);
        assert_eq!(marks(secs(10), 3), vec![3, 2, 1]);
        assert_eq!(marks(secs(3), 3), vec![2, 1]);
        assert_eq!(marks(secs(1), 3), Vec::<u64>::new());
    }

    #[test]
    fn long_holds_add_the_last_minute() {
        assert_eq!(marks(secs(15 * 60), 3), vec![450, 60, 10, 3, 2, 1]);
        assert_eq!(marks(secs(120), 3), vec![60, 10, 3, 2, 1]);
        // A part second still counts as a second to hold.
        assert_eq!(
            marks(Duration::from_millis(30_500), 3),
            vec![15, 10, 3, 2, 1]
        );
    }

    fn hold(seconds: u64) -> Step {
        crate::routine::parse(&format!(
            "name = \"t\"\n[[step]]\ntitle = \"Hold\"\nduration = \"{seconds}s\"\n"
        ))
        .expect("routine")
        .steps
        .remove(0)
    }

    /// Drive a real session with a fake clock, checking once every `every`, and
    /// collect (seconds since the start, mark announced).
    fn heard(length: u64, every: Duration, until: Duration) -> Vec<(f64, u64)> {
        let start = Instant::now();
        let mut session = Session::new(vec![hold(length)], start);
        session.update(Action::Tick, start);
        let mut countdown = Countdown::new(secs(length), secs(length), 3);
        let mut heard = Vec::new();
        let mut at = Duration::ZERO;
        while at <= until {
            let now = start + at;
            session.update(Action::Tick, now);
            if let Some(remaining) = session.remaining(now)
                && let Some(mark) = countdown.reached(remaining)
            {
                heard.push((at.as_secs_f64(), mark));
            }
            at += every;
        }
        heard
    }

    #[test]
    fn each_mark_is_heard_once_at_its_moment_on_a_fake_clock() {
        let heard = heard(30, Duration::from_millis(250), secs(29));
        assert_eq!(
            heard,
            vec![(15.0, 15), (20.0, 10), (27.0, 3), (28.0, 2), (29.0, 1)]
        );
    }

    #[test]
    fn a_clock_that_jumps_announces_only_the_last_mark_passed() {
        // Checked every 8 s: 8 (nothing), 16 (15 passed), 24 (10 passed).
        let heard = heard(30, secs(8), secs(24));
        assert_eq!(heard, vec![(16.0, 15), (24.0, 10)]);
    }

    #[test]
    fn marks_already_passed_on_resume_are_not_announced() {
        let mut countdown = Countdown::new(secs(30), Duration::from_millis(12_400), 3);
        assert_eq!(countdown.reached(Duration::from_millis(12_300)), None);
        assert_eq!(
            countdown.until_next(Duration::from_millis(12_300)),
            Some(Duration::from_millis(2_300))
        );
        assert_eq!(countdown.reached(secs(10)), Some(10));
        assert_eq!(countdown.reached(secs(10)), None);
        assert_eq!(countdown.until_next(secs(10)), Some(secs(7)));
    }

    #[test]
    fn nothing_is_next_after_the_last_mark() {
        let mut countdown = Countdown::new(secs(3), secs(3), 3);
        assert_eq!(countdown.until_next(secs(3)), Some(secs(1)));
        assert_eq!(countdown.reached(Duration::from_millis(900)), Some(1));
        assert_eq!(countdown.until_next(Duration::from_millis(900)), None);
    }
}
