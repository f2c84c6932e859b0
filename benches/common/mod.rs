//! The timing harness the benches share: sample count and output directory from the environment,
//! median / p99 of individually timed calls, and criterion benchmarks that also time each call on
//! its own (wall time, and on request this thread's on-CPU time).
//!
//! Each bench includes it with `mod common;` (Cargo makes no bench target of a file in a
//! subdirectory of `benches/`). Not every bench uses every part of it, hence `dead_code`.
#![allow(dead_code)]

pub mod plans;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion};

/// Criterion's sample count: `ROLO_BENCH_SAMPLES` if it is a number of at least 10, else 20.
pub fn samples() -> usize {
    std::env::var("ROLO_BENCH_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n >= 10)
        .unwrap_or(20)
}

/// Criterion as the benches configure it: [`samples()`] samples (which [`timed`] relies on to
/// tell the measurement phase from the warm-up), half a second of warm-up, and `measurement` time.
pub fn criterion(measurement: Duration) -> Criterion {
    Criterion::default()
        .sample_size(samples())
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(measurement)
}

/// Where a bench writes its summary and plans: `$ROLO_BENCH_OUT`, else `default`.
pub fn out_dir(default: &str) -> PathBuf {
    std::env::var_os("ROLO_BENCH_OUT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default))
}

/// Median and 99th percentile of individually timed calls.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    pub median: Duration,
    pub p99: Duration,
    pub n: usize,
}

impl Stats {
    /// The median (the mean of the two middle values when there are an even number of them) and
    /// the nearest-rank 99th percentile (the ⌈0.99·n⌉-th smallest value); `None` for no values.
    pub fn of(mut v: Vec<Duration>) -> Option<Stats> {
        if v.is_empty() {
            return None;
        }
        v.sort();
        let n = v.len();
        let median = if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2
        };
        let p99 = v[(n * 99).div_ceil(100).clamp(1, n) - 1];
        Some(Stats { median, p99, n })
    }
}

/// A duration in milliseconds.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Time this thread has spent on a CPU (`/proc/thread-self/schedstat`, Linux), in nanoseconds.
/// On a shared, loaded machine wall time includes waiting for a core; for SQLite, which runs in
/// this thread, on-CPU time is what the call costs on an idle one. (PostgreSQL's work happens in
/// the server and is not in it.)
pub fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Benchmark `f` with criterion, timing each call on its own as well; returns the statistics of
/// the calls made in criterion's measurement phase (its last `samples()` batches: one batch per
/// sample, after the warm-up batches).
pub fn timed(group: &mut BenchmarkGroup<'_, WallTime>, id: &str, f: impl FnMut()) -> Option<Stats> {
    measure(group, id, false, f).map(|(wall, _)| wall)
}

/// [`timed`], with this thread's on-CPU time of each call as well ([`cpu_ns`]): the statistics of
/// wall time, and of on-CPU time where the system reports it.
pub fn timed_with_cpu(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    f: impl FnMut(),
) -> Option<(Stats, Option<Stats>)> {
    measure(group, id, true, f)
}

fn measure(
    group: &mut BenchmarkGroup<'_, WallTime>,
    id: &str,
    with_cpu: bool,
    mut f: impl FnMut(),
) -> Option<(Stats, Option<Stats>)> {
    type Batch = (Vec<Duration>, Vec<Duration>);
    let batches: Rc<RefCell<Vec<Batch>>> = Rc::default();
    let record = Rc::clone(&batches);
    group.bench_function(id, |b| {
        b.iter_custom(|iters| {
            let n = usize::try_from(iters).unwrap_or(0);
            let mut wall = Vec::with_capacity(n);
            let mut cpu = Vec::with_capacity(if with_cpu { n } else { 0 });
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let cpu_start = if with_cpu { cpu_ns() } else { None };
                let start = Instant::now();
                f();
                let t = start.elapsed();
                if with_cpu {
                    if let (Some(a), Some(b)) = (cpu_start, cpu_ns()) {
                        cpu.push(Duration::from_nanos(b.saturating_sub(a)));
                    }
                }
                total += t;
                wall.push(t);
            }
            record.borrow_mut().push((wall, cpu));
            total
        })
    });
    let batches = batches.take();
    let keep = batches.len().min(samples());
    let kept = &batches[batches.len() - keep..];
    let wall = Stats::of(kept.iter().flat_map(|b| b.0.iter().copied()).collect())?;
    let cpu = Stats::of(kept.iter().flat_map(|b| b.1.iter().copied()).collect());
    Some((wall, cpu))
}

/// Counts live heap bytes and their high-water mark, so memory claims are measured on the heap
/// (RSS also counts SQLite's page cache and memory-mapped database pages). A bench that wants it
/// installs it: `#[global_allocator] static GLOBAL: common::Counting = common::Counting;`.
pub struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now =
            LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed) + layout.size() as isize;
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Live heap bytes (with [`Counting`] installed).
pub fn live_heap() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// The most heap that was live since the last [`reset_peak`] (with [`Counting`] installed).
pub fn peak_heap() -> isize {
    PEAK.load(Ordering::Relaxed)
}

/// Start a new high-water mark at the heap live now.
pub fn reset_peak() {
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
}
