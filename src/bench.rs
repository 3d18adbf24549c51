//! The browser benchmark behind `bench.html`: fetches `?data=URL`, builds the
//! store, runs the shared [`workload`](crate::core::workload) `?reps=N` times and
//! publishes the medians as `window.__bench` and a `BENCH {json}` console line.

use crate::core::dataset::Dataset;
use crate::core::workload;
use crate::platform::{self, fetch::fetch_bytes};
use wasm_bindgen::JsValue;

fn param(search: &str, key: &str) -> Option<String> {
    search.trim_start_matches('?').split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| crate::core::query::state::decode(v))
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
pub async fn run() {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let url = param(&search, "data").unwrap_or_else(|| "/demo-log.json".into());
    let reps = param(&search, "reps")
        .and_then(|r| r.parse().ok())
        .unwrap_or(5);
    let t0 = platform::perf_now();
    let bytes = match fetch_bytes(&url).await {
        Ok(Some((b, _))) => b,
        Ok(None) => {
            return publish(&serde_json::json!({ "error": format!("{url}: 404") }).to_string());
        }
        Err(e) => return publish(&serde_json::json!({ "error": e }).to_string()),
    };
    let size = bytes.len();
    let t1 = platform::perf_now();
    let ds = match Dataset::from_bytes(bytes) {
        Ok((ds, _)) => ds,
        Err(e) => return publish(&serde_json::json!({ "error": e.to_string() }).to_string()),
    };
    let t2 = platform::perf_now();
    let mut r = workload::run(&ds, reps, &platform::perf_now);
    r.bytes = size;
    r.load_ms = t2 - t0;
    r.ingest_ms = t2 - t1;
    r.wasm_memory_mb = platform::wasm_memory_mb();
    publish(&serde_json::to_string(&r).unwrap_or_default());
}
