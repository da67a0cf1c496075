//! Calls to what lies outside winddown (the desktop's notification service, a
//! speech command) that must not hang it: each gets a deadline, after which the
//! caller goes on and can say that the call did not answer.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Runs `work` on a thread of its own and waits for it at most `limit`; `None`
/// when it did not finish in time (or no thread could be started). A call that
/// overruns is left behind, still blocked: only for a process that ends soon
/// after (`remind tick`), never for one that lives on.
pub fn call<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (answer, answered) = mpsc::channel();
    thread::Builder::new()
        .name("outside call".to_string())
        .spawn(move || {
            // The receiver is gone when the caller stopped waiting: nothing to tell.
            let _ = answer.send(work());
        })
        .ok()?;
    answered.recv_timeout(limit).ok()
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn an_answer_in_time_is_handed_back() {
        assert_eq!(call(Duration::from_secs(5), || 7), Some(7));
    }

    #[test]
    fn a_call_that_never_answers_is_given_up_at_the_deadline() {
        let started = Instant::now();
        let never = call(Duration::from_millis(200), || {
            thread::sleep(Duration::from_secs(3600));
        });
        assert_eq!(never, None);
        // The deadline, not the hour: well under the sleep, whatever the machine's load.
        assert!(started.elapsed() < Duration::from_secs(60));
    }
}
