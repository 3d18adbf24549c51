//! In-browser component tests (wasm-bindgen-test in headless Chromium): components
//! mounted on a fresh element with a loaded dataset, driven by clicks and input
//! events, checked on the DOM a user sees.
#![cfg(target_arch = "wasm32")]

use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use leptos::wasm_bindgen::JsCast;
use leptos_router::components::Router;
use trailview::core::dataset::Dataset;
use trailview::core::ingest::Skipped;
use trailview::core::ingest::progress::{LoadState, Phase};
use trailview::core::source::Source;
use trailview::ui::{DataContext, Explorer, LoadStatus, ThemeContext};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const LOG: &str = include_str!("fixtures/e2e-log.json");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element to mount on, and a clean URL (the router reads it).
fn host() -> web_sys::HtmlElement {
    let w = web_sys::window().unwrap();
    let path = w.location().pathname().unwrap();
    w.history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

/// A context showing `json` as the loaded demo log (so the explorer fetches nothing).
fn loaded(json: &str) -> DataContext {
    let data = DataContext::new();
    let (ds, r) = Dataset::from_bytes(json.as_bytes().to_vec()).unwrap();
    let demo = trailview::platform::absolute_url("/demo-log.json").unwrap();
    data.show(Source::new(demo), ds, &r);
    data
}

/// Mounts the whole explorer over `json`; returns the host element.
async fn explorer(json: &str) -> (web_sys::HtmlElement, impl Drop) {
    let el = host();
    let data = loaded(json);
    let handle = mount_to(el.clone(), move || {
        provide_context(data);
        provide_context(ThemeContext::new());
        view! { <Router><Explorer scope=Signal::stored(None::<String>) /></Router> }
    });
    settle().await;
    (el, handle)
}

/// Lets effects run: they follow the render that triggered them by a turn or
/// two, and the side panels follow the rows by a browser turn.
async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
    trailview::platform::next_frame().await;
    for _ in 0..3 {
        tick().await;
    }
}

/// Waits (frame by frame, five seconds at most) until `ready` holds: the side
/// panels are counted after the rows are painted, a frame or two later.
async fn until(mut ready: impl FnMut() -> bool) {
    for _ in 0..300 {
        if ready() {
            return;
        }
        trailview::platform::next_frame().await;
        tick().await;
    }
}

fn q(root: &web_sys::HtmlElement, sel: &str) -> web_sys::HtmlElement {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no {sel}"))
        .unchecked_into()
}

fn all(root: &web_sys::HtmlElement, sel: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

/// Column `i` of the shown rows.
fn column(root: &web_sys::HtmlElement, i: usize) -> Vec<String> {
    all(root, "tbody tr.tv-row")
        .iter()
        .map(|r| text(&r.children().item(i as u32).unwrap()))
        .collect()
}

fn header_index(root: &web_sys::HtmlElement, name: &str) -> usize {
    all(root, "thead tr:first-child th")
        .iter()
        .position(|th| text(&q(th.unchecked_ref(), ".tv-th__name")) == name)
        .unwrap()
}

fn button(root: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlElement {
    all(root, "button")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some(label) || text(b).trim() == label
        })
        .unwrap_or_else(|| panic!("no button {label}"))
        .unchecked_into()
}

async fn type_into(input: &web_sys::HtmlElement, value: &str) {
    let input: web_sys::HtmlInputElement = input.clone().unchecked_into();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input
        .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn a_failed_load_is_an_alert_with_retry() {
    let el = host();
    let data = DataContext::new();
    data.state.set(LoadState {
        url: "http://x/log".into(),
        phase: Phase::Failed {
            message: "http://x/log answered HTTP 500.".into(),
            needs_token: false,
            status: Some(500),
        },
        ..Default::default()
    });
    let _h = mount_to(el.clone(), move || {
        provide_context(data);
        view! { <LoadStatus /> }
    });
    tick().await;
    let alert = q(&el, "[role=alert]");
    assert!(text(&alert).contains("http://x/log answered HTTP 500."));
    assert_eq!(text(&button(&el, "Retry")), "Retry");
}

#[wasm_bindgen_test]
async fn stop_loading_keeps_what_arrived_and_offers_resume() {
    let el = host();
    let data = DataContext::new();
    // The first page has arrived; more are on the way.
    data.dataset
        .set(Dataset::from_bytes(LOG.as_bytes().to_vec()).unwrap().0);
    let mut state = LoadState {
        url: "http://x/log".into(),
        phase: Phase::Loading(trailview::core::ingest::progress::Progress {
            page: 3,
            received: 2_500,
            length: None,
            waiting: None,
        }),
        ..Default::default()
    };
    state.summary.entries = 20;
    data.state.set(state);
    let _h = mount_to(el.clone(), move || {
        provide_context(data);
        view! { <LoadStatus /> }
    });
    tick().await;
    let status = q(&el, "[role=status]");
    assert_eq!(
        text(&status),
        "Loading page 3 · 20 entries so far · 2.5 KBStop loading"
    );
    button(&el, "Stop loading").click();
    tick().await;
    let note = text(&q(&el, "[role=alert]"));
    assert!(
        note.contains("You stopped loading at page 3: the log is partial."),
        "{note}"
    );
    assert_eq!(text(&button(&el, "Resume")), "Resume");
    assert!(text(&q(&el, "[role=status]")).starts_with("Loaded 20 entries"));
}

#[wasm_bindgen_test]
async fn skipped_lines_are_counted_and_listed_on_request() {
    let el = host();
    let data = DataContext::new();
    let skips = vec![
        Skipped {
            line: 4,
            reason: "invalid JSON at column 9: expected a value".into(),
        },
        Skipped {
            line: 9,
            reason: "found a string, not an object".into(),
        },
    ];
    let mut state = LoadState {
        url: "/x".into(),
        phase: Phase::Done,
        ..Default::default()
    };
    state.summary.entries = 20;
    state.summary.skipped = skips.len();
    state.summary.skips = skips.into_iter().map(|k| (1, k)).collect();
    data.state.set(state);
    let _h = mount_to(el.clone(), move || {
        provide_context(data);
        view! { <LoadStatus /> }
    });
    tick().await;
    assert!(text(&el).contains("Loaded 20 entries"));
    assert!(
        el.query_selector("[aria-label='Skipped lines']")
            .unwrap()
            .is_none()
    );
    button(&el, "2 skipped lines").click();
    tick().await;
    let list = text(&q(&el, "[aria-label='Skipped lines']"));
    assert!(list.contains("Line 4: invalid JSON at column 9"), "{list}");
    assert!(
        list.contains("Line 9: found a string, not an object"),
        "{list}"
    );
}

#[wasm_bindgen_test]
async fn clicking_a_header_sorts_and_sets_aria_sort() {
    let (el, _h) = explorer(LOG).await;
    let i = header_index(&el, "userEmail");
    let th = &all(&el, "thead tr:first-child th")[i];
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("none"));
    q(th.unchecked_ref(), "button").click();
    tick().await;
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("ascending"));
    let emails = column(&el, i);
    let mut sorted = emails.clone();
    sorted.sort();
    assert_eq!(emails, sorted);
    q(th.unchecked_ref(), "button").click();
    tick().await;
    assert_eq!(th.get_attribute("aria-sort").as_deref(), Some("descending"));
    assert_eq!(
        column(&el, i).first().map(String::as_str),
        Some("zoe@globex.example")
    );
}

#[wasm_bindgen_test]
async fn typing_a_column_filter_narrows_the_rows() {
    let (el, _h) = explorer(LOG).await;
    let i = header_index(&el, "type");
    type_into(&q(&el, "input[aria-label='Filter type']"), "email.*").await;
    let types = column(&el, i);
    assert_eq!(types.len(), 3);
    assert!(types.iter().all(|t| t.starts_with("email.")), "{types:?}");
    // The box's filter is a clause of the search box's query.
    let search: web_sys::HtmlInputElement = q(&el, "input[aria-label='Search']").unchecked_into();
    until(|| search.value() == "type:email.*").await;
    assert_eq!(search.value(), "type:email.*");
    type_into(&q(&el, "input[aria-label='Filter type']"), "!user").await;
    assert!(column(&el, i).iter().all(|t| !t.contains("user")));
    until(|| search.value() == "NOT type:*user*").await;
    assert_eq!(search.value(), "NOT type:*user*");
}

#[wasm_bindgen_test]
async fn a_facet_value_becomes_a_query_clause() {
    let (el, _h) = explorer(LOG).await;
    let billing = || {
        all(&el, "button.tv-facet__value")
            .into_iter()
            .find(|b| text(b).starts_with("billing"))
    };
    until(|| billing().is_some()).await;
    let facet = billing().expect("a billing facet value");
    facet.unchecked_ref::<web_sys::HtmlElement>().click();
    settle().await;
    let input: web_sys::HtmlInputElement = q(&el, "input[aria-label='Search']").unchecked_into();
    assert_eq!(input.value(), "category:billing");
    let i = header_index(&el, "category");
    assert_eq!(column(&el, i), ["billing", "billing"]);
}

#[wasm_bindgen_test]
async fn the_pager_moves_and_the_status_line_follows() {
    let (el, _h) = explorer(include_str!("fixtures/sample.json")).await;
    let status = q(&el, ".tv-pager__status");
    assert_eq!(text(&status), "Showing 1–50 of 300");
    button(&el, "Next page").click();
    tick().await;
    assert_eq!(text(&status), "Showing 51–100 of 300");
    button(&el, "Last page").click();
    tick().await;
    assert_eq!(text(&status), "Showing 251–300 of 300");
    assert!(
        button(&el, "Next page")
            .unchecked_ref::<web_sys::HtmlButtonElement>()
            .disabled()
    );
}

#[wasm_bindgen_test]
async fn dark_mode_toggles_the_theme_attribute() {
    let (el, _h) = explorer(LOG).await;
    let root = q(&el, ".tv-root");
    let before = root.get_attribute("data-theme").unwrap();
    button(&el, "Dark mode").click();
    tick().await;
    let after = root.get_attribute("data-theme").unwrap();
    assert_ne!(before, after);
    assert_eq!(
        button(&el, "Dark mode")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some((after == "dark").to_string().as_str())
    );
    button(&el, "Dark mode").click();
    tick().await;
}

#[wasm_bindgen_test]
async fn a_row_opens_the_entry_panel_with_its_tree() {
    let (el, _h) = explorer(LOG).await;
    all(&el, "tbody tr.tv-row")[0]
        .unchecked_ref::<web_sys::HtmlElement>()
        .click();
    tick().await;
    let panel = q(&el, "[role=complementary][aria-label='Entry details']");
    assert!(text(&panel).contains("Entry 5020"));
    assert!(panel.query_selector("[role=tree]").unwrap().is_some());
    button(&el, "Close entry details").click();
    tick().await;
    assert!(
        el.query_selector("[role=complementary][aria-label='Entry details']")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn log_text_is_rendered_as_text_never_as_html() {
    let (el, _h) = explorer(LOG).await;
    assert!(text(&el).contains("<img src=x onerror=\"window.__xss=1\"> Mallory"));
    assert!(el.query_selector("tbody img").unwrap().is_none());
}

/// The browser's own offsets for `zone`, read from `Intl` directly.
fn intl_offsets(zone: &str) -> impl Fn(f64) -> i32 {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"timeZone".into(), &zone.into()).unwrap();
    js_sys::Reflect::set(&options, &"timeZoneName".into(), &"longOffset".into()).unwrap();
    let format =
        js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&"en-US".into()), &options).format();
    move |ms| {
        let date = js_sys::Date::new(&ms.into());
        let text = format.call1(&wasm_bindgen::JsValue::NULL, &date).unwrap();
        trailview::core::time::named::gmt_offset(&text.as_string().unwrap()).unwrap()
    }
}

#[wasm_bindgen_test]
fn named_zones_built_from_the_browser_agree_with_it_everywhere() {
    use trailview::core::time::Zone;
    trailview::platform::zones::install();
    // Zones with DST, a 30-minute shift, none, and Ramadan pauses a month apart.
    for name in [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "Asia/Kolkata",
        "Africa/Casablanca",
        "Africa/Cairo",
    ] {
        let started = js_sys::Date::now();
        let zone = Zone::parse(name).expect("the browser knows it");
        let built = js_sys::Date::now() - started;
        console_log!("{name}: table built in {built} ms");
        let intl_offset = intl_offsets(name);
        let mut t = 631_152_000_000.0; // 1990
        while t < 2_208_988_800_000.0 {
            // 2040
            assert_eq!(
                zone.offset_minutes_at(t as i64),
                intl_offset(t),
                "{name} at {t}"
            );
            t += 3.0 * 86_400_000.0 + 3_600_000.0;
        }
    }
    assert_eq!(Zone::parse("Mars/Olympus_Mons"), None);
}
