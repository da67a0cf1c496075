//! Drawing an experiment's schedule: for each pair of blocks, whether the block with
//! the step or the one without comes first, each order equally likely.
//!
//! The draw is ChaCha20 keyed by the seed (its 8 bytes little-endian, then zeros) and
//! takes the lowest bit of one 32-bit word per pair. ChaCha20's stream is fixed by
//! RFC 8439, so a seed draws the same schedule on every platform and in every version;
//! the schedule is stored as drawn all the same.

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

use crate::model::Arm;

/// Each block's arm for `pairs` pairs drawn from `seed`: two blocks per pair, one with
/// the step and one without, in the drawn order.
pub fn draw_blocks(pairs: u32, seed: u64) -> Vec<Arm> {
    let mut rng = ChaCha20Rng::from_seed(key(seed));
    (0..pairs)
        .flat_map(|_| {
            let first = if rng.next_u32() & 1 == 0 {
                Arm::With
            } else {
                Arm::Without
            };
            [first, first.other()]
        })
        .collect()
}

/// The ChaCha20 key for `seed`.
fn key(seed: u64) -> [u8; 32] {
    let mut key = [0; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key
}

/// A seed from the operating system's generator, for an experiment started without one.
pub fn system_seed() -> anyhow::Result<u64> {
    getrandom::u64().map_err(|err| anyhow::anyhow!("cannot draw a seed from the system: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Arm::{With, Without};

    #[test]
    fn seed_zero_draws_from_the_published_chacha20_keystream() {
        // RFC 8439 appendix A.1, test vector #1 (all-zero key and nonce, block 0):
        // 76 b8 e0 ad | a0 f1 3d 90 | 40 5d 6a e5 | 53 86 bd 28 | bd d2 19 b8 | a0 8d ed 1a.
        // Lowest bits of the little-endian words: 0, 0, 0, 1, 1, 0.
        assert_eq!(
            draw_blocks(6, 0),
            [
                With, Without, With, Without, With, Without, Without, With, Without, With, With,
                Without
            ]
        );
    }

    #[test]
    fn a_seed_draws_the_same_schedule_every_time_and_each_pair_has_one_of_each() {
        for seed in [1, 42, u64::MAX] {
            let blocks = draw_blocks(8, seed);
            assert_eq!(blocks, draw_blocks(8, seed));
            assert_eq!(blocks.len(), 16);
            for pair in blocks.chunks(2) {
                assert_eq!(pair[0], pair[1].other(), "{blocks:?}");
            }
        }
        // The first eight pairs of a longer draw are the shorter draw.
        assert_eq!(draw_blocks(12, 42)[..16], draw_blocks(8, 42)[..]);
    }

    #[test]
    fn both_orders_come_up_about_equally_often() {
        // 16 000 pairs: the share starting "with" is 0.5 ± 0.0125 (three standard errors).
        let with_first = (0..1000)
            .flat_map(|seed| draw_blocks(16, seed).into_iter().step_by(2))
            .filter(|arm| *arm == With)
            .count();
        let share = with_first as f64 / 16_000.0;
        assert!((share - 0.5).abs() < 0.0125, "{share}");
    }
}
