//! Loading a log: fetch with progress, ingest, and the status line or error that
//! goes with it.

use crate::core::dataset::Dataset;
use crate::core::ingest::IngestReport;
use crate::core::present;
use crate::platform::{self, fetch::fetch_bytes};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Where loading stands.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    /// Nothing asked for yet.
    Idle,
    /// Downloading.
    Fetching {
        /// The endpoint.
        url: String,
        /// Bytes so far.
        received: u64,
        /// Content-Length, when sent.
        total: Option<u64>,
    },
    /// Building the store.
    Indexing {
        /// The endpoint.
        url: String,
        /// Bytes received.
        bytes: u64,
    },
    /// Loaded.
    Ready {
        /// The endpoint.
        url: String,
        /// Bytes received.
        bytes: u64,
        /// What ingest reported.
        report: IngestReport,
        /// Entries in the store.
        entries: usize,
        /// Fetch start to queryable, in ms.
        millis: f64,
    },
    /// Failed, with a message naming the URL and the cause.
    Failed {
        /// The endpoint.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl LoadState {
    /// The endpoint this state is about.
    pub fn url(&self) -> Option<&str> {
        match self {
            LoadState::Idle => None,
            LoadState::Fetching { url, .. }
            | LoadState::Indexing { url, .. }
            | LoadState::Ready { url, .. }
            | LoadState::Failed { url, .. } => Some(url),
        }
    }
}

/// The loaded data, shared by every route so switching views does not refetch.
#[derive(Clone, Copy)]
pub struct DataContext {
    /// The entries.
    pub dataset: RwSignal<Dataset>,
    /// Loading status.
    pub state: RwSignal<LoadState>,
    /// Bumped when a new dataset is in place.
    pub version: RwSignal<u64>,
    attempt: StoredValue<u64>,
}

impl Default for DataContext {
    fn default() -> Self {
        Self::new()
    }
}

impl DataContext {
    /// Nothing loaded.
    pub fn new() -> Self {
        DataContext {
            dataset: RwSignal::new(Dataset::new()),
            state: RwSignal::new(LoadState::Idle),
            version: RwSignal::new(0),
            attempt: StoredValue::new(0),
        }
    }

    /// Loads `url` unless it is already loaded or loading.
    pub fn ensure(&self, url: &str) {
        let same = self
            .state
            .with_untracked(|s| s.url() == Some(url) && !matches!(s, LoadState::Failed { .. }));
        if !same {
            self.load(url.to_string());
        }
    }

    /// Shows `message` as a failure for `url` (no request made).
    pub fn fail(&self, url: &str, message: String) {
        self.attempt.update_value(|a| *a += 1);
        self.state.set(LoadState::Failed {
            url: url.to_string(),
            message,
        });
    }

    /// (Re)loads `url`; a newer load wins over an older one still running.
    pub fn load(&self, url: String) {
        self.attempt.update_value(|a| *a += 1);
        let attempt = self.attempt.get_value();
        let this = *self;
        let current = move || this.attempt.get_value() == attempt;
        this.state.set(LoadState::Fetching {
            url: url.clone(),
            received: 0,
            total: None,
        });
        spawn_local(async move {
            let start = platform::perf_now();
            let mut shown = 0u64;
            let fetched = fetch_bytes(&url, |received, total| {
                // Repaint at most every 1% (or 256 KB when the size is unknown).
                let step = total.map_or(256 * 1024, |t| (t / 100).max(64 * 1024));
                if current()
                    && (received == 0 || received - shown >= step || Some(received) == total)
                {
                    shown = received;
                    this.state.set(LoadState::Fetching {
                        url: url.clone(),
                        received,
                        total,
                    });
                }
            })
            .await;
            if !current() {
                return;
            }
            let bytes = match fetched {
                Ok(b) => b,
                Err(e) => {
                    return this.state.set(LoadState::Failed {
                        url: url.clone(),
                        message: e.to_string(),
                    });
                }
            };
            let size = bytes.len() as u64;
            this.state.set(LoadState::Indexing {
                url: url.clone(),
                bytes: size,
            });
            platform::next_frame().await;
            match Dataset::from_bytes(bytes) {
                Ok((ds, report)) if current() => {
                    let entries = ds.len();
                    this.dataset.set(ds);
                    this.version.update(|v| *v += 1);
                    let millis = platform::perf_now() - start;
                    this.state.set(LoadState::Ready {
                        url,
                        bytes: size,
                        report,
                        entries,
                        millis,
                    });
                }
                Ok(_) => {}
                Err(e) if current() => this.state.set(LoadState::Failed {
                    message: format!("{url} did not give a usable log: {e}."),
                    url,
                }),
                Err(_) => {}
            }
        });
    }
}

/// Progress, the loaded summary with skipped lines, or the error.
#[component]
pub fn LoadStatus() -> impl IntoView {
    let data = expect_context::<DataContext>();
    let show_skips = RwSignal::new(false);
    move || match data.state.get() {
        LoadState::Idle => ().into_any(),
        LoadState::Fetching {
            url,
            received,
            total,
        } => {
            let text = match total {
                Some(t) => format!(
                    "Loading {url}: {} of {}",
                    present::bytes(received),
                    present::bytes(t)
                ),
                None => format!("Loading {url}: {}", present::bytes(received)),
            };
            view! {
                <div class="tv-load" role="status">
                    <progress aria-label="Loading log" max=move || total.unwrap_or(0) as f64 value=move || total.map(|_| received as f64)></progress>
                    <span>{text}</span>
                </div>
            }
            .into_any()
        }
        LoadState::Indexing { bytes, .. } => view! {
            <div class="tv-load" role="status">
                <progress aria-label="Indexing log"></progress>
                <span>{format!("Indexing {}…", present::bytes(bytes))}</span>
            </div>
        }
        .into_any(),
        LoadState::Ready {
            report,
            entries,
            millis,
            bytes,
            ..
        } => {
            let skipped = report.skipped;
            let skips = report.skips.clone();
            let listed = skips.len();
            view! {
                <div class="tv-load tv-load--ready" role="status">
                    <span>{format!("Loaded {} entries", present::count(entries))}</span>
                    <span class="tv-muted">{format!(" · {} · {} in {:.0} ms", report.shape, present::bytes(bytes), millis)}</span>
                    {report.total.filter(|&t| t != entries as u64).map(|t| view! {
                        <span class="tv-warn">{format!(" · the endpoint reports {} in all", present::count(t as usize))}</span>
                    })}
                    {(report.invalid_utf8 > 0).then(|| view! {
                        <span class="tv-warn">{format!(" · {} values were not UTF-8 (shown with �)", present::count(report.invalid_utf8))}</span>
                    })}
                    {(skipped > 0).then(|| view! {
                        " · "
                        <button class="tv-link tv-warn" aria-expanded=move || show_skips.get().to_string()
                            on:click=move |_| show_skips.update(|s| *s = !*s)>
                            {format!("{} skipped", present::count(skipped))}
                        </button>
                    })}
                </div>
                <Show when=move || { show_skips.get() && skipped > 0 }>
                    <section class="tv-skips" aria-label="Skipped lines">
                        <h2>"Skipped lines"</h2>
                        <ul>
                            {skips.iter().map(|s| view! { <li><b>{format!("Line {}", s.line)}</b>": "{s.reason.clone()}</li> }).collect_view()}
                        </ul>
                        {(skipped > listed).then(|| view! { <p>{format!("…and {} more.", present::count(skipped - listed))}</p> })}
                    </section>
                </Show>
            }
            .into_any()
        }
        LoadState::Failed { url, message } => view! {
            <div class="tv-error" role="alert">
                <h2>"The log could not be loaded"</h2>
                <p>{message}</p>
                <button on:click=move |_| data.load(url.clone())>"Retry"</button>
            </div>
        }
        .into_any(),
    }
}
