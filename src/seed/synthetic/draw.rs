//! The synthetic data set's randomness, all from seeded generators so a seed always gives the same
//! rows: time-ordered ids, skewed picks (a few big owners and companies, many small ones), and the
//! time span rows are created in.

use chrono::{Duration, NaiveDateTime};
use indicatif::ProgressBar;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::domain::{Id, TagId, Tagged};

/// Deterministic ids: UUIDv7 layout (time-ordered, append-friendly) from the seeded generator.
pub(super) struct Ids {
    pub(super) rng: ChaCha8Rng,
    pub(super) millis: u64,
}

impl Ids {
    pub(super) fn next(&mut self) -> Id {
        self.millis += 1;
        let random: [u8; 10] = self.rng.random();
        Id(uuid::Builder::from_unix_timestamp_millis(self.millis, &random).into_uuid())
    }
}

/// Index in 0..n, skewed so that low indexes are picked far more often (a power law).
pub(super) fn skewed(rng: &mut ChaCha8Rng, n: usize, power: f64) -> usize {
    let u: f64 = rng.random();
    ((n as f64) * u.powf(power)).floor().min((n - 1) as f64) as usize
}

pub(super) fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

pub(super) fn weighted<'a>(rng: &mut ChaCha8Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    items[0].0
}

/// What every entity's loop draws from: the seeded generators, the time span rows are created
/// in, the progress bar, and the tag links collected along the way (attached at the end).
pub(super) struct Gen<'a> {
    pub(super) rng: ChaCha8Rng,
    pub(super) ids: Ids,
    pub(super) base: NaiveDateTime,
    pub(super) span_secs: i64,
    pub(super) now: NaiveDateTime,
    pub(super) bar: &'a ProgressBar,
    pub(super) tag_ids: Vec<TagId>,
    pub(super) tags: Vec<(Tagged, TagId)>,
}

impl Gen<'_> {
    /// created_at of row `i` of `n`: rises with the row index, matching the time-ordered ids.
    pub(super) fn created(&self, i: u64, n: u64) -> NaiveDateTime {
        self.base + Duration::seconds((self.span_secs as f64 * (i as f64 / n.max(1) as f64)) as i64)
    }
}
