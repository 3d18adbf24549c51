//! Fetching a log endpoint as bytes, with progress and errors an admin can act on.

use gloo_net::http::Request;
use std::fmt;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a fetch failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// No response at all: offline, DNS, refused connection or blocked by CORS.
    Network {
        /// The URL.
        url: String,
        /// What the browser said.
        detail: String,
    },
    /// The server answered with an error status.
    Http {
        /// The URL.
        url: String,
        /// HTTP status code.
        status: u16,
        /// Reason phrase, if any.
        status_text: String,
    },
    /// The body broke off while reading.
    Body {
        /// The URL.
        url: String,
        /// What the browser said.
        detail: String,
    },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network { url, detail } => write!(
                f,
                "Could not reach {url} ({detail}). Check that the address is right and the server is up; if it is on another origin, it must allow this page with CORS (Access-Control-Allow-Origin)."
            ),
            FetchError::Http {
                url,
                status,
                status_text,
            } => {
                write!(
                    f,
                    "{url} answered HTTP {status}{}{status_text}.",
                    if status_text.is_empty() { "" } else { " " }
                )
            }
            FetchError::Body { url, detail } => {
                write!(f, "Reading the response of {url} broke off ({detail}).")
            }
        }
    }
}

fn js_detail(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Fetches `url` and returns its body. `progress(received, total)` is called as
/// chunks arrive (`total` from Content-Length when the server sends it).
pub async fn fetch_bytes(
    url: &str,
    mut progress: impl FnMut(u64, Option<u64>),
) -> Result<Vec<u8>, FetchError> {
    let resp = Request::get(url)
        .send()
        .await
        .map_err(|e| FetchError::Network {
            url: url.into(),
            detail: match e {
                gloo_net::Error::JsError(j) => j.message,
                other => other.to_string(),
            },
        })?;
    if !resp.ok() {
        return Err(FetchError::Http {
            url: url.into(),
            status: resp.status(),
            status_text: resp.status_text(),
        });
    }
    let total = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.parse::<u64>().ok());
    let body_err = |e: JsValue| FetchError::Body {
        url: url.into(),
        detail: js_detail(&e),
    };
    let Some(stream) = resp.body() else {
        return Ok(Vec::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut buf: Vec<u8> = Vec::with_capacity(total.unwrap_or(1 << 20) as usize);
    progress(0, total);
    loop {
        let result = JsFuture::from(reader.read()).await.map_err(body_err)?;
        let done = js_sys::Reflect::get(&result, &"done".into())
            .map_err(body_err)?
            .as_bool()
            .unwrap_or(true);
        if done {
            break;
        }
        let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&result, &"value".into())
            .map_err(body_err)?
            .unchecked_into();
        let at = buf.len();
        buf.resize(at + chunk.length() as usize, 0);
        chunk.copy_to(&mut buf[at..]);
        progress(buf.len() as u64, total);
    }
    Ok(buf)
}
