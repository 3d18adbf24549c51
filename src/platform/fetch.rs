//! HTTP for log endpoints: a GET with headers, cookies on request and an abort
//! signal, its response headers, and its body as a stream of chunks; and the
//! plain-text POST that ClickHouse queries go as.
//!
//! Only a request the gate cleared ([`Cleared`]) can be sent: its URL as the gate
//! checked it, cookies only on the first request's origin. Redirects are not
//! followed (`redirect: "manual"`): a redirect is an error that names the URL, so
//! no token or cookie follows a hop the gate never saw. No request carries a
//! `Referer`: the page's address holds the admin's view.
//!
//! URLs in errors are masked ([`url::mask`]): a key in a query string never
//! reaches the screen. Headers sent (the token among them) never appear in any
//! value this module returns.

use crate::core::source::{Cleared, url};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::fmt;
use std::rc::Rc;
use std::task::{Poll, Waker};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No response at all: offline, DNS, refused connection or blocked by CORS.
    Network {
        /// The URL, masked.
        url: String,
        /// What the browser said.
        detail: String,
    },
    /// The body broke off while reading.
    Body {
        /// The URL, masked.
        url: String,
        /// What the browser said.
        detail: String,
    },
    /// The server answered with a redirect, which is not followed.
    Redirect {
        /// The URL, masked.
        url: String,
    },
    /// Cancelled on purpose (a newer load, Stop loading).
    Aborted,
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network { url, detail } => write!(
                f,
                "Could not reach {url} ({detail}). Check that the address is right and the server is up; if it is on another origin, it must allow this page with CORS (Access-Control-Allow-Origin)."
            ),
            FetchError::Body { url, detail } => {
                write!(f, "Reading the response of {url} broke off ({detail}).")
            }
            FetchError::Redirect { url } => write!(
                f,
                "{url} answered with a redirect, which Trailview does not follow (a token or cookie would go with it to an address no one checked). Use the address it redirects to."
            ),
            FetchError::Aborted => f.write_str("The request was cancelled."),
        }
    }
}

fn js_detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

fn is_abort(e: &JsValue) -> bool {
    e.dyn_ref::<js_sys::Error>()
        .is_some_and(|e| e.name() == "AbortError")
}

/// An answered request: status, headers, and the body still to be read.
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Reason phrase, if any.
    pub status_text: String,
    /// Response headers the page may read (CORS exposes only some).
    pub headers: Vec<(String, String)>,
    /// `Content-Length`, when sent (shown, never trusted for allocation).
    pub length: Option<u64>,
    reader: Option<web_sys::ReadableStreamDefaultReader>,
    url: String,
}

impl Response {
    /// True for a 2xx status.
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The next chunk of the body, or `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<js_sys::Uint8Array>, FetchError> {
        let Some(reader) = &self.reader else {
            return Ok(None);
        };
        let body_err = |e: JsValue| {
            if is_abort(&e) {
                FetchError::Aborted
            } else {
                FetchError::Body {
                    url: url::mask(&self.url),
                    detail: js_detail(&e),
                }
            }
        };
        let result = JsFuture::from(reader.read()).await.map_err(body_err)?;
        let done = js_sys::Reflect::get(&result, &"done".into())
            .map_err(body_err)?
            .as_bool()
            .unwrap_or(true);
        if done {
            self.reader = None;
            return Ok(None);
        }
        let chunk = js_sys::Reflect::get(&result, &"value".into()).map_err(body_err)?;
        Ok(Some(chunk.unchecked_into()))
    }

    /// Stops reading the body (the rest is not downloaded).
    pub fn cancel(&mut self) {
        if let Some(r) = self.reader.take() {
            let _ = r.cancel();
        }
    }
}

impl Response {
    /// Reads the body ahead in the background, as fast as it arrives, keeping at
    /// most `cap` bytes that the consumer has not taken yet. The network is never
    /// held up by the work done with each chunk.
    pub fn read_ahead(mut self, cap: usize) -> ReadAhead {
        let queue = Rc::new(RefCell::new(Queue::default()));
        let q = queue.clone();
        wasm_bindgen_futures::spawn_local(async move {
            loop {
                std::future::poll_fn(|cx| {
                    let mut s = q.borrow_mut();
                    if s.bytes < cap || s.cancelled {
                        Poll::Ready(())
                    } else {
                        s.producer = Some(cx.waker().clone());
                        Poll::Pending
                    }
                })
                .await;
                if q.borrow().cancelled {
                    return self.cancel();
                }
                let read = self.chunk().await;
                let mut s = q.borrow_mut();
                match read {
                    Ok(Some(c)) => {
                        s.bytes += c.length() as usize;
                        s.received += c.length() as u64;
                        s.chunks.push_back(c);
                    }
                    Ok(None) => s.end = Some(Ok(())),
                    Err(e) => s.end = Some(Err(e)),
                }
                if let Some(w) = s.consumer.take() {
                    w.wake();
                }
                if s.end.is_some() {
                    return;
                }
            }
        });
        ReadAhead { queue }
    }
}

#[derive(Default)]
struct Queue {
    chunks: VecDeque<js_sys::Uint8Array>,
    bytes: usize,
    received: u64,
    end: Option<Result<(), FetchError>>,
    consumer: Option<Waker>,
    producer: Option<Waker>,
    cancelled: bool,
}

/// A body being read ahead (see [`Response::read_ahead`]).
pub struct ReadAhead {
    queue: Rc<RefCell<Queue>>,
}

impl ReadAhead {
    /// The next chunk: at once when one has arrived, else as soon as one does;
    /// `None` at the end of the body.
    pub async fn next(&self) -> Result<Option<js_sys::Uint8Array>, FetchError> {
        std::future::poll_fn(|cx| {
            let mut s = self.queue.borrow_mut();
            if let Some(c) = s.chunks.pop_front() {
                s.bytes -= c.length() as usize;
                if let Some(w) = s.producer.take() {
                    w.wake();
                }
                return Poll::Ready(Ok(Some(c)));
            }
            match &s.end {
                Some(Ok(())) => Poll::Ready(Ok(None)),
                Some(Err(e)) => Poll::Ready(Err(e.clone())),
                None => {
                    s.consumer = Some(cx.waker().clone());
                    Poll::Pending
                }
            }
        })
        .await
    }

    /// Bytes the network has delivered so far.
    pub fn received(&self) -> u64 {
        self.queue.borrow().received
    }

    /// Stops reading (the rest is not downloaded).
    pub fn cancel(&self) {
        let mut s = self.queue.borrow_mut();
        s.cancelled = true;
        s.chunks.clear();
        if let Some(w) = s.producer.take() {
            w.wake();
        }
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl Drop for Response {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Cancels the requests opened with it (an `AbortController`).
#[derive(Clone)]
pub struct Abort(web_sys::AbortController);

impl Abort {
    /// A new one, if the browser can make it.
    pub fn new() -> Option<Abort> {
        web_sys::AbortController::new().ok().map(Abort)
    }

    /// Cancels every request opened with it, and the reading of their bodies.
    pub fn abort(&self) {
        self.0.abort();
    }
}

/// Sends a GET for `request` with `headers`, the browser's cookies when `cookies` (and
/// the request is on the first request's origin), and `abort` to cancel it.
pub async fn open(
    request: &Cleared,
    headers: &[(String, String)],
    cookies: bool,
    abort: Option<&Abort>,
) -> Result<Response, FetchError> {
    send(
        request.url(),
        None,
        headers,
        cookies && request.home(),
        abort,
    )
    .await
}

/// POSTs `body` as `text/plain`: with no `headers`, a CORS "simple request",
/// which needs no preflight (ClickHouse 18.16 answers none). Returns the status
/// and the whole body, of at most `cap` bytes: a longer one is not read on (its
/// download is cancelled) and fails as a [`FetchError::Body`] that says so.
pub async fn post_text(
    request: &Cleared,
    body: &str,
    headers: &[(String, String)],
    abort: Option<&Abort>,
    cap: usize,
) -> Result<(u16, Vec<u8>), FetchError> {
    let url = request.url();
    let mut resp = send(url, Some(body), headers, false, abort).await?;
    let too_long = |url: &str| FetchError::Body {
        url: url::mask(url),
        detail: match cap % (1 << 20) {
            0 => format!("longer than {} MiB, the most read at once", cap >> 20),
            _ => format!("longer than {cap} bytes, the most read at once"),
        },
    };
    if resp.length.is_some_and(|n| n > cap as u64) {
        resp.cancel();
        return Err(too_long(url));
    }
    let mut buf = Vec::new();
    while let Some(c) = resp.chunk().await? {
        let at = buf.len();
        if at + c.length() as usize > cap {
            resp.cancel();
            return Err(too_long(url));
        }
        buf.resize(at + c.length() as usize, 0);
        c.copy_to(&mut buf[at..]);
    }
    Ok((resp.status, buf))
}

async fn send(
    url: &str,
    body: Option<&str>,
    headers: &[(String, String)],
    cookies: bool,
    abort: Option<&Abort>,
) -> Result<Response, FetchError> {
    let signal = abort.map(|a| a.0.signal());
    let net = |detail: String| FetchError::Network {
        url: url::mask(url),
        detail,
    };
    let init = web_sys::RequestInit::new();
    match body {
        Some(b) => {
            init.set_method("POST");
            // A string body goes as text/plain;charset=UTF-8: still a simple request.
            init.set_body(&JsValue::from_str(b));
        }
        None => init.set_method("GET"),
    }
    let h = web_sys::Headers::new().map_err(|e| net(js_detail(&e)))?;
    for (k, v) in headers {
        // A header the browser refuses is reported by name only (its value may be a secret).
        h.append(k, v)
            .map_err(|_| net(format!("the header {k} cannot be sent")))?;
    }
    init.set_headers(&h);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    // The page's address holds the view (searches, filters): no endpoint is told it.
    init.set_referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    init.set_credentials(if cookies {
        web_sys::RequestCredentials::Include
    } else {
        web_sys::RequestCredentials::SameOrigin
    });
    if let Some(s) = signal {
        init.set_signal(Some(&s));
    }
    let window = web_sys::window().ok_or_else(|| net("no window".into()))?;
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| {
            if is_abort(&e) {
                FetchError::Aborted
            } else {
                net(js_detail(&e))
            }
        })?;
    let resp: web_sys::Response = resp.unchecked_into();
    // A redirect comes back opaque (`redirect: "manual"`); `redirected` would mean the
    // browser followed one anyway.
    if resp.type_() == web_sys::ResponseType::Opaqueredirect || resp.redirected() {
        return Err(FetchError::Redirect {
            url: url::mask(url),
        });
    }
    let mut out_headers = Vec::new();
    if let Ok(Some(iter)) = js_sys::try_iter(&resp.headers()) {
        for pair in iter.flatten() {
            let pair: js_sys::Array = pair.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out_headers.push((k, v));
            }
        }
    }
    let length = out_headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok());
    let reader = resp.body().map(|b| {
        b.get_reader()
            .unchecked_into::<web_sys::ReadableStreamDefaultReader>()
    });
    Ok(Response {
        status: resp.status(),
        status_text: resp.status_text(),
        headers: out_headers,
        length,
        reader,
        url: url.to_string(),
    })
}

/// Why a file of the app's own could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileError {
    /// The request failed: see [`FetchError`].
    Fetch(FetchError),
    /// The server answered with an error status (other than 404: no file is no error).
    Status {
        /// The URL, masked.
        url: String,
        /// HTTP status.
        status: u16,
        /// Reason phrase, if any.
        status_text: String,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Fetch(e) => fmt::Display::fmt(e, f),
            FileError::Status {
                url,
                status,
                status_text,
            } => write!(f, "{url} answered HTTP {status} {status_text}"),
        }
    }
}

impl std::error::Error for FileError {}

/// Fetches `url`, a file of the app's own (the config file next to it), whole.
/// `Ok(None)` for a 404.
pub async fn fetch_bytes(url: &str) -> Result<Option<(Vec<u8>, Vec<(String, String)>)>, FileError> {
    let mut resp = send(url, None, &[], false, None)
        .await
        .map_err(FileError::Fetch)?;
    if resp.status == 404 {
        return Ok(None);
    }
    if !resp.ok() {
        return Err(FileError::Status {
            url: url::mask(url),
            status: resp.status,
            status_text: std::mem::take(&mut resp.status_text),
        });
    }
    let mut buf = Vec::new();
    while let Some(c) = resp.chunk().await.map_err(FileError::Fetch)? {
        let at = buf.len();
        buf.resize(at + c.length() as usize, 0);
        c.copy_to(&mut buf[at..]);
    }
    Ok(Some((buf, std::mem::take(&mut resp.headers))))
}
