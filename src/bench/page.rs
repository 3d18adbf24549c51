//! The browser benchmark behind `bench.html`: streams `?data=URL` into the store
//! as the app does, runs the shared [`workload`](crate::bench::workload) `?reps=N`
//! times and publishes the medians as `window.__bench` and a `BENCH {json}`
//! console line. `load_ms` is request to queryable; `ingest_ms` the time spent
//! filing entries, during and after the download.

use crate::bench::workload;
use crate::core::dataset::Dataset;
use crate::platform::{self, fetch};
use wasm_bindgen::JsValue;

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
