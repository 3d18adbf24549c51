//! The browser, and nothing else: fetching logs, downloads, clipboard, clock,
//! storage, keyboard focus and the framing page's messages. Everything that touches web-sys or gloo lives here, so the core stays
//! pure and the UI stays thin.

pub mod error;
pub mod fetch;
pub mod focus;
pub mod frame;
pub mod layout;
pub mod scroll;
pub mod zones;

use error::{CopyError, DownloadError, UrlError};
use wasm_bindgen::{JsCast, JsValue};

/// Milliseconds since the Unix epoch, from the browser clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A monotonic high-resolution timestamp in milliseconds (for measurements).
pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Current size of the wasm linear memory in MiB.
pub fn wasm_memory_mb() -> f64 {
    let mem: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buf: js_sys::ArrayBuffer = mem.buffer().unchecked_into();
    buf.byte_length() as f64 / 1_048_576.0
}

/// A file assembled piece by piece outside wasm memory (the browser keeps a large
/// blob's parts where it likes, on disk if need be), then offered as a download.
pub struct FileParts(js_sys::Array);

impl Default for FileParts {
    fn default() -> Self {
        FileParts(js_sys::Array::new())
    }
}

impl FileParts {
    /// Appends a copy of `piece`.
    pub fn push(&self, piece: &[u8]) {
        if !piece.is_empty() {
            self.0.push(&js_sys::Uint8Array::from(piece));
        }
    }

    /// Offers the file as a download named `name`, through a temporary link created
    /// in the document that owns `anchor_parent` (so it works inside a shadow root).
    pub fn download(
        &self,
        anchor_parent: &web_sys::Element,
        name: &str,
        mime: &str,
    ) -> Result<(), DownloadError> {
        let err = |e: JsValue| DownloadError::Browser {
            detail: e.as_string().unwrap_or_else(|| format!("{e:?}")),
        };
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob =
            web_sys::Blob::new_with_u8_array_sequence_and_options(&self.0, &opts).map_err(err)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
        let doc = anchor_parent
            .owner_document()
            .ok_or(DownloadError::NoDocument)?;
        let a: web_sys::HtmlAnchorElement = doc.create_element("a").map_err(err)?.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.set_attribute("hidden", "").map_err(err)?;
        anchor_parent.append_child(&a).map_err(err)?;
        a.click();
        a.remove();
        // Revoke later: some browsers read the blob after the click returns.
        let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                revoke.unchecked_ref(),
                60_000,
            );
        }
        Ok(())
    }
}

/// Offers `bytes` as a file download named `name` (see [`FileParts::download`]).
pub fn download(
    anchor_parent: &web_sys::Element,
    name: &str,
    mime: &str,
    bytes: &[u8],
) -> Result<(), DownloadError> {
    let file = FileParts::default();
    file.push(bytes);
    file.download(anchor_parent, name, mime)
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), CopyError> {
    let clipboard = web_sys::window()
        .ok_or(CopyError::NoWindow)?
        .navigator()
        .clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .map(drop)
        .map_err(|_| CopyError::Refused)
}

/// A value from local storage.
pub fn load_setting(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

/// Stores a value in local storage (silently does nothing where storage is blocked).
pub fn save_setting(key: &str, value: &str) {
    if let Some(Ok(Some(s))) = web_sys::window().map(|w| w.local_storage()) {
        let _ = s.set_item(key, value);
    }
}

/// True if the user prefers a dark colour scheme.
pub fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Gives the browser a turn (input, paint) and continues as soon as it is done:
/// `scheduler.yield()` where the browser has it, else a zero timeout.
pub async fn yield_now() {
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok();
    let yield_fn = scheduler
        .as_ref()
        .filter(|s| s.is_object())
        .and_then(|s| js_sys::Reflect::get(s, &"yield".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let (Some(s), Some(f)) = (scheduler, yield_fn)
        && let Ok(p) = f.call0(&s)
        && let Ok(p) = p.dyn_into::<js_sys::Promise>()
    {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
        return;
    }
    next_frame().await;
}

/// Continues once the browser has painted the current changes: just after the next
/// animation frame (a hidden page paints nothing, so there a zero timeout).
pub async fn after_paint() {
    let Some(w) = web_sys::window() else { return };
    if page_hidden() {
        return next_frame().await;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let w2 = w.clone();
        let then = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = w2.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        let _ = w.request_animation_frame(then.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `url` made absolute against the document's base (as the browser writes it:
/// dot segments resolved, host lower-cased). Err for what is not a URL at all.
pub fn absolute_url(url: &str) -> Result<String, UrlError> {
    absolute_url_from(url, &document_base().unwrap_or_default())
}

/// The document's base URL (`<base href>` when there is one, else its address).
fn document_base() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
}

/// `url` resolved against `base` (an absolute URL), as the browser does.
pub fn absolute_url_from(url: &str, base: &str) -> Result<String, UrlError> {
    web_sys::Url::new_with_base(url.trim(), base)
        .map(|u| u.href())
        .map_err(|_| UrlError::NotAnAddress {
            url: crate::core::source::url::mask(url),
        })
}

/// The path the app is served under, ending in `/`: the document's base (which
/// `index.html` sets from the address, see the README's sub-path deploy).
pub fn app_base() -> String {
    document_base()
        .and_then(|b| web_sys::Url::new(&b).ok())
        .map(|u| u.pathname())
        .map(|p| match p.rfind('/') {
            Some(i) => p[..=i].to_string(),
            None => "/".to_string(),
        })
        .unwrap_or_else(|| "/".to_string())
}

/// The element an event started at, inside shadow roots too (where `target` is
/// retargeted to the host element).
pub fn event_origin(e: &web_sys::Event) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    e.composed_path().get(0).dyn_into::<web_sys::Element>().ok()
}

/// True if `e` passed through `el` (its target is `el` or inside it, shadow roots included).
pub fn event_inside(e: &web_sys::Event, el: &web_sys::Element) -> bool {
    e.composed_path().includes(el, 0)
}

/// Dispatches `name` on `el` as a `CustomEvent` that bubbles out of shadow roots,
/// with `detail` as a plain object of these fields.
pub fn dispatch(el: &web_sys::Element, name: &str, detail: &[(&str, wasm_bindgen::JsValue)]) {
    let object = object(detail);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&object);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = el.dispatch_event(&event);
    }
}

/// A plain object of these fields.
pub fn object(fields: &[(&str, wasm_bindgen::JsValue)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&object, &(*k).into(), v);
    }
    object
}

/// `text` parsed by the browser's `JSON.parse` (undefined if it is not JSON).
pub fn json_value(text: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(text).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
}

/// Calls `f()` and awaits what it returns (a promise or a value): Some(text) when
/// that is a string. A throw or a rejection is None, and what was thrown is not kept.
pub async fn call_for_string(f: &js_sys::Function) -> Option<String> {
    let value = f.call0(&wasm_bindgen::JsValue::NULL).ok()?;
    let settled = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&value))
        .await
        .ok()?;
    settled.as_string()
}

/// The page's whole address.
pub fn location_href() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

/// The page address's fragment, without `#`.
pub fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// Replaces the page address's fragment (no history step, no hashchange event).
pub fn replace_hash(hash: &str) {
    let Some(w) = web_sys::window() else { return };
    let Ok(href) = w.location().href() else {
        return;
    };
    let base = href.split('#').next().unwrap_or_default();
    let url = if hash.is_empty() {
        base.to_string()
    } else {
        format!("{base}#{hash}")
    };
    if let Ok(history) = w.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// True while the page is hidden (another tab, minimised).
pub fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// A listener for the page's visibility changes, removed when dropped.
pub struct VisibilityWatch {
    closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl VisibilityWatch {
    /// Calls `f` whenever the page is shown or hidden.
    pub fn new(f: impl FnMut() + 'static) -> Self {
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(f);
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            let _ = d.add_event_listener_with_callback(
                "visibilitychange",
                closure.as_ref().unchecked_ref(),
            );
        }
        VisibilityWatch { closure }
    }
}

impl Drop for VisibilityWatch {
    fn drop(&mut self) {
        if let Some(d) = web_sys::window().and_then(|w| w.document()) {
            let _ = d.remove_event_listener_with_callback(
                "visibilitychange",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// Lets the browser paint before continuing (for progress during long work).
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Resolves when the browser is next idle (`requestIdleCallback`, at most 2 s
/// away), or after 200 ms where there is no such call.
pub async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(w) = web_sys::window() else { return };
        let ric = js_sys::Reflect::get(&w, &"requestIdleCallback".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let asked = ric.is_some_and(|ric| {
            let options = object(&[("timeout", 2000.into())]);
            ric.call2(&w, &resolve, &options).is_ok()
        });
        if !asked {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 200);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The bytes of the first file chosen in `input` (`None`: no file chosen), at most
/// `max` bytes read (a larger file is an error).
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
    max: usize,
) -> Option<Result<Vec<u8>, String>> {
    let file = input.files()?.get(0)?;
    if file.size() > max as f64 {
        return Some(Err(format!(
            "“{}” is larger than {} KB.",
            file.name(),
            max / 1024
        )));
    }
    let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
    Some(match text {
        Ok(t) => Ok(t.as_string().unwrap_or_default().into_bytes()),
        Err(_) => Err(format!("“{}” could not be read.", file.name())),
    })
}
