//! Streams a log file into a dataset as the page does (64 KiB chunks read from disk,
//! filed when due), so `/usr/bin/time -v` shows the peak memory of a streamed load.
//!
//! `cargo run --release --example stream_peak -- FILE`
use std::io::Read;
use trailview::core::dataset::Dataset;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let mut file = std::fs::File::open(&path).expect("readable file");
    let mut ds = Dataset::new();
    let mut body = ds.begin_body(usize::MAX);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut chunk).expect("read");
        if n == 0 || body.is_full() {
            break;
        }
        if body.push(&chunk[..n]) {
            ds.feed(&mut body);
        }
    }
    let r = ds.end_body(body);
    match r {
        Ok(r) => println!(
            "entries {} shape {:?} total {:?} meta {:?} memory_limit {} fault {:?} heap {} MB",
            ds.len(),
            r.shape,
            r.total,
            r.meta,
            r.memory_limit,
            r.fault.map(|f| f.to_string()),
            ds.heap_bytes() >> 20
        ),
        Err(e) => println!("error: {e}"),
    }
}
