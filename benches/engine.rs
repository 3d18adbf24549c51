//! Native benchmark of the core engine: the same workload as `bench.html`.
//!
//! `cargo bench --bench engine -- FILE [REPS]` with FILE from
//! `../shared/data/gen_audit_log.py --count N --out FILE`. Prints one JSON line.
use std::time::Instant;
use trailview::bench::workload;
use trailview::core::dataset::Dataset;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let path = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/tmp/data/a100k.json".into());
    let reps: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    let size = bytes.len();
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1e3;
    let mut ingest = Vec::new();
    let mut ds = Dataset::new();
    for _ in 0..reps.clamp(1, 3) {
        let copy = bytes.clone();
        let t = now();
        ds = Dataset::from_bytes(copy).expect("a valid log").0;
        ingest.push(now() - t);
    }
    // The same bytes as they arrive from the network: 64 KB chunks, filed as pages fill.
    let mut streamed = Vec::new();
    for _ in 0..reps.clamp(1, 3) {
        let t = now();
        let mut d = Dataset::new();
        let mut body = d.begin_body(usize::MAX);
        for chunk in bytes.chunks(64 * 1024) {
            if body.push(chunk) {
                d.feed(&mut body);
            }
        }
        d.end_body(body).expect("a valid log");
        streamed.push(now() - t);
        assert_eq!(d.len(), ds.len());
    }
    // The same body masked as it loads (every kind and a field rule).
    let redaction = trailview::core::trust::redact::Redaction::parse("email,ip,token,*.password");
    let mut redacted = Vec::new();
    for _ in 0..reps.clamp(1, 3) {
        let copy = bytes.clone();
        let t = now();
        let mut d = Dataset::new();
        d.set_redaction(&redaction);
        d.load(copy).expect("a valid log");
        redacted.push(now() - t);
        assert_eq!(d.len(), ds.len());
    }
    let mut r = workload::run(&ds, reps, &now);
    r.bytes = size;
    r.ingest_ms = workload::median(ingest);
    r.stream_ingest_ms = workload::median(streamed);
    r.redacted_ingest_ms = workload::median(redacted);
    r.wasm_memory_mb = ds.heap_bytes() as f64 / 1_048_576.0; // native: heap held by the dataset
    println!("{}", serde_json::to_string(&r).unwrap_or_default());
}
