//! The browser benchmark behind `bench.html`: streams `?data=URL` into the store
//! as the app does, runs the shared [`workload`](crate::bench::workload) `?reps=N`
//! times and publishes the medians as `window.__bench` and a `BENCH {json}`
//! console line. `load_ms` is request to queryable; `ingest_ms` the time spent
//! filing entries, during and after the download.
//!
//! `?mode=ingest&rounds=N` measures ingest alone beside `JSON.parse` instead
//! ([`run_ingest`]): the body is read whole into JavaScript memory first, then each
//! round times Trailview's ingest of those bytes (64 KiB pieces copied into wasm,
//! filed as the stream files them, packing included, until the store answers
//! queries) and `JSON.parse` of the same text plus a walk touching every value.

use crate::bench::workload;
use crate::core::dataset::Dataset;
use crate::platform::{self, fetch};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

// The JavaScript side of `?mode=ingest`: the text decoded once (not timed), then
// `JSON.parse` and a walk that reads every key and value (what the vanilla peer's
// index does to every row), timed apart.
#[wasm_bindgen(inline_js = r#"
export function decode_utf8(bytes) { return new TextDecoder().decode(bytes); }
export function parse_touch(text) {
  const t0 = performance.now();
  const data = JSON.parse(text);
  const t1 = performance.now();
  let n = 0;
  const touch = (v) => {
    if (typeof v === 'string') n += v.length;
    else if (v === null || typeof v !== 'object') n += 1;
    else if (Array.isArray(v)) for (let i = 0; i < v.length; i++) touch(v[i]);
    else for (const k in v) { n += k.length; touch(v[k]); }
  };
  touch(data);
  const t2 = performance.now();
  return [t1 - t0, t2 - t1, n, Array.isArray(data) ? data.length : 0];
}
"#)]
extern "C" {
    fn decode_utf8(bytes: &js_sys::Uint8Array) -> JsValue;
    fn parse_touch(text: &JsValue) -> js_sys::Array;
}

fn param(search: &str, key: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| crate::core::query::codec::decode(v))
    })
}

fn publish(json: &str) {
    web_sys::console::log_1(&JsValue::from_str(&format!("BENCH {json}")));
    if let (Some(w), Ok(v)) = (web_sys::window(), js_sys::JSON::parse(json)) {
        let _ = js_sys::Reflect::set(&w, &"__bench".into(), &v);
    }
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("out"))
    {
        el.set_text_content(Some(json));
    }
}

/// Runs the benchmark described by the page URL.
pub(crate) async fn run() {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let url = param(&search, "data").unwrap_or_else(|| "/demo-log.json".into());
    let reps = param(&search, "reps")
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let ingest_mode = param(&search, "mode").as_deref() == Some("ingest");
    let rounds = param(&search, "rounds")
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    // Loaded as the app loads: each chunk filed as it arrives.
    let t0 = platform::perf_now();
    let fail = |e: String| publish(&serde_json::json!({ "error": e }).to_string());
    // Like every log request, through the gate (no list: any web address).
    let cleared = platform::absolute_url(&url)
        .map_err(|e| e.to_string())
        .and_then(|abs| {
            crate::core::source::Gate::default()
                .first(&abs)
                .map_err(|r| r.to_string())
        });
    let cleared = match cleared {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let mut resp = match fetch::open(&cleared, &[], false, None).await {
        Ok(r) if r.ok() => r,
        Ok(r) => return fail(format!("{url}: HTTP {}", r.status)),
        Err(e) => return fail(e.to_string()),
    };
    if ingest_mode {
        return run_ingest(resp, rounds).await;
    }
    let mut ds = Dataset::new();
    let mut body = ds.begin_body(usize::MAX);
    let (mut size, mut ingest) = (0usize, 0.0);
    loop {
        match resp.chunk().await {
            Ok(Some(c)) => {
                let n = c.length() as usize;
                size += n;
                if body.push_with(n, |dst| c.copy_to(dst)) {
                    let t = platform::perf_now();
                    ds.feed(&mut body);
                    ingest += platform::perf_now() - t;
                }
            }
            Ok(None) => break,
            Err(e) => return fail(e.to_string()),
        }
    }
    let t = platform::perf_now();
    if let Err(e) = ds.end_body(body) {
        return fail(e.to_string());
    }
    let t2 = platform::perf_now();
    ingest += t2 - t;
    let mut r = workload::run(&ds, reps, &platform::perf_now);
    r.bytes = size;
    r.load_ms = t2 - t0;
    r.ingest_ms = ingest;
    r.wasm_memory_mb = platform::wasm_memory_mb();
    publish(&serde_json::to_string(&r).unwrap_or_default());
}

/// One round of Trailview's ingest of `whole` (bytes in JavaScript memory): 64 KiB
/// pieces copied into wasm and filed when due, as a streamed load files them, then
/// the end of the body. Returns the milliseconds and the entries filed.
fn ingest_round(whole: &js_sys::Uint8Array) -> Result<(f64, usize), String> {
    const PIECE: u32 = 64 * 1024;
    let t = platform::perf_now();
    let mut ds = Dataset::new();
    let mut body = ds.begin_body(usize::MAX);
    let size = whole.length();
    let mut at = 0;
    while at < size {
        let end = size.min(at + PIECE);
        let piece = whole.subarray(at, end);
        if body.push_with((end - at) as usize, |dst| piece.copy_to(dst)) {
            ds.feed(&mut body);
        }
        at = end;
    }
    ds.end_body(body).map_err(|e| e.to_string())?;
    let ms = platform::perf_now() - t;
    Ok((ms, ds.len()))
}

/// `?mode=ingest`: Trailview's ingest against `JSON.parse` + touching every value,
/// on the same bytes, alternating `rounds` times; publishes the medians, every
/// round, their ratio and the wasm memory after the first ingest.
async fn run_ingest(mut resp: fetch::Response, rounds: usize) {
    let fail = |e: String| publish(&serde_json::json!({ "error": e }).to_string());
    let mut chunks = Vec::new();
    let mut size = 0u32;
    loop {
        match resp.chunk().await {
            Ok(Some(c)) => {
                size += c.length();
                chunks.push(c);
            }
            Ok(None) => break,
            Err(e) => return fail(e.to_string()),
        }
    }
    let whole = js_sys::Uint8Array::new_with_length(size);
    let mut at = 0;
    for c in chunks.drain(..) {
        whole.set(&c, at);
        at += c.length();
    }
    let text = decode_utf8(&whole);
    let (mut ours, mut parse, mut touch, mut js, mut ratio) =
        (vec![], vec![], vec![], vec![], vec![]);
    let (mut rows, mut js_rows, mut memory) = (0, 0.0, 0.0);
    for round in 0..rounds.max(1) {
        let (ms, n) = match ingest_round(&whole) {
            Ok(r) => r,
            Err(e) => return fail(e),
        };
        rows = n;
        if round == 0 {
            memory = platform::wasm_memory_mb();
        }
        let r = parse_touch(&text);
        let f = |i: u32| r.get(i).as_f64().unwrap_or(0.0);
        js_rows = f(3);
        ours.push(ms);
        parse.push(f(0));
        touch.push(f(1));
        js.push(f(0) + f(1));
        ratio.push(ms / (f(0) + f(1)));
    }
    let med = |v: &Vec<f64>| workload::median(v.clone());
    publish(
        &serde_json::json!({
            "mode": "ingest",
            "bytes": size,
            "rows": rows,
            "js_rows": js_rows,
            "rounds": ours.len(),
            "ingest_ms": med(&ours),
            "json_parse_ms": med(&parse),
            "touch_ms": med(&touch),
            "json_parse_touch_ms": med(&js),
            "ratio_ingest_vs_parse_touch": med(&ratio),
            // The quickest round of each, less disturbed by a busy machine.
            "ingest_min_ms": ours.iter().copied().fold(f64::INFINITY, f64::min),
            "json_parse_touch_min_ms": js.iter().copied().fold(f64::INFINITY, f64::min),
            "wasm_memory_mb_after_first_ingest": memory,
            "wasm_memory_mb": platform::wasm_memory_mb(),
            "runs": { "ingest_ms": ours, "json_parse_ms": parse, "touch_ms": touch, "ratio": ratio },
        })
        .to_string(),
    );
}
