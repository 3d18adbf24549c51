//! Profiling aid: loads a log N times (`cargo run --release --example ingest_profile -- FILE N`).
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&a[1]).expect("file");
    let n: usize = a.get(2).and_then(|s| s.parse().ok()).unwrap_or(5);
    for _ in 0..n {
        let t = std::time::Instant::now();
        let d = trailview::core::dataset::Dataset::from_bytes(bytes.clone())
            .expect("log")
            .0;
        eprintln!("{} rows in {:?}", d.len(), t.elapsed());
    }
}
