//! Native benchmark of the core engine (placeholder: ingest only, grows with the engine).
use std::time::Instant;
use trailview::core::{ingest::ingest, store::Store};

fn main() {
    let path = std::env::args().skip(1).find(|a| !a.starts_with("--")).unwrap_or_else(|| "/tmp/data/a100k.json".into());
    let bytes = std::fs::read(&path).expect("read data");
    for _ in 0..3 {
        let b = bytes.clone();
        let t = Instant::now();
        let mut s = Store::new();
        let r = ingest(&mut s, b).unwrap();
        println!("ingest {} entries in {:?}; leaves {} heap {} MB", r.added, t.elapsed(), s.leaves().len(), s.heap_bytes() / 1_000_000);
    }
}
