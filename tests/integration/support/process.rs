//! Waiting for a program that must not hang: a test fails, never hangs, when it runs on.

use std::process::{Child, Output};
use std::time::{Duration, Instant};

/// Waits for `child` at most `limit`; kills it and fails the test when it runs on.
pub fn wait_within(mut child: Child, limit: Duration) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
