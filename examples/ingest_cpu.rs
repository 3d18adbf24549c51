//! Ingest alone, natively: the file read into memory once, then `ROUNDS` times fed
//! in 64 KiB pieces into a fresh dataset as the page files a stream (packing
//! included), printing each round's milliseconds of CPU time (this thread's time on
//! a core, from `/proc/thread-self/schedstat` where there is one, so a busy machine
//! disturbs it less than wall time) and the minimum and median. The native side of
//! `make bench-ingest`, for `perf record` and quick comparisons.
//!
//! `cargo run --profile bench --example ingest_cpu -- FILE [ROUNDS]`
use std::time::Instant;
use trailview::core::dataset::Dataset;

/// Milliseconds this thread has run on a core (wall time without `/proc`).
fn cpu_ms(start: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| start.elapsed().as_secs_f64() * 1e3, |ns| ns / 1e6)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("FILE");
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(7);
    let bytes = std::fs::read(&path).expect("readable file");
    let mut times = Vec::new();
    for _ in 0..rounds {
        let t0 = Instant::now();
        let t = cpu_ms(t0);
        let mut ds = Dataset::new();
        let mut body = ds.begin_body(usize::MAX);
        for piece in bytes.chunks(64 * 1024) {
            if body.push(piece) {
                ds.feed(&mut body);
            }
        }
        ds.end_body(body).expect("a log");
        times.push(cpu_ms(t0) - t);
        assert!(!ds.is_empty());
    }
    let round: Vec<String> = times.iter().map(|t| format!("{t:.1}")).collect();
    times.sort_by(f64::total_cmp);
    println!(
        "ingest CPU ms: min {:.1} median {:.1} (rounds {})",
        times[0],
        times[times.len() / 2],
        round.join(" ")
    );
}
