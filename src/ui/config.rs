//! The deployment's `trailview.json`, read once before the explorer starts, and
//! the log source a view asks for, checked against it.

use crate::core::deploy::config::{self, Config};
use crate::core::query::ViewState;
use crate::core::query::state::{ResolveError, resolve_source};
use crate::core::source::Source;
use crate::platform;
use crate::platform::error::UrlError;
use std::fmt;
use std::sync::Arc;

/// The configuration every view reads.
#[derive(Clone, Debug, Default)]
pub struct ConfigContext {
    /// What the file says (defaults when there is none).
    pub config: Arc<Config>,
    /// The view defaults it gives (URL parameters are relative to them).
    pub base: Arc<ViewState>,
    /// What was wrong with the file.
    pub problems: Arc<Vec<String>>,
    /// The path the app is served under (empty until read: then `/`).
    root: Arc<str>,
    /// What relative sources resolve against: the bundle's URL for a widget, else
    /// (None) the document's base.
    bundle: Option<Arc<str>>,
    /// Inside a `<trail-view>` element: the view lives in memory, there are no routes.
    pub widget: bool,
    /// The host set the source: the Log source field is not offered.
    pub source_locked: bool,
    /// In the iframe mode (`embed`): no page chrome.
    pub frame: bool,
}

impl ConfigContext {
    /// From a config and what was wrong with it.
    pub fn new(config: Config, problems: Vec<String>) -> Self {
        ConfigContext {
            base: Arc::new(ViewState::configured(&config)),
            config: Arc::new(config),
            problems: Arc::new(problems),
            root: platform::app_base().into(),
            bundle: None,
            widget: false,
            source_locked: false,
            frame: false,
        }
    }

    /// A `<trail-view>`'s configuration: relative sources (the demo log) resolve
    /// against `bundle`, the URL of the directory `widget.js` came from.
    pub fn for_widget(bundle: &str, source_locked: bool) -> Self {
        ConfigContext {
            root: "/".into(),
            bundle: Some(bundle.into()),
            widget: true,
            source_locked,
            ..Self::new(Config::default(), Vec::new())
        }
    }

    /// The iframe mode's configuration: this deployment's, with the view held in
    /// memory as a widget's and no page chrome.
    pub fn for_frame(&self, source_locked: bool) -> Self {
        ConfigContext {
            widget: true,
            frame: true,
            source_locked,
            ..self.clone()
        }
    }

    /// True where the explorer is the whole document (a page of the app, or the
    /// iframe mode's), false inside a `<trail-view>` on a host's page.
    pub fn owns_page(&self) -> bool {
        !self.widget || self.frame
    }

    /// The ARIA role for one of the explorer's landmarks (`main`, `complementary`,
    /// `navigation`, `region`): that role where the explorer owns the page; in a
    /// widget a group (no role for `main`), so the host's page keeps its own
    /// landmarks and two widgets on it never repeat each other's.
    pub fn landmark(&self, role: &'static str) -> Option<&'static str> {
        match (self.owns_page(), role) {
            (true, role) => Some(role),
            (false, "main") => None,
            (false, _) => Some("group"),
        }
    }

    /// The path the app is served under, ending in `/` (`/`, `/admin/audit/`).
    pub fn root(&self) -> &str {
        if self.root.is_empty() {
            "/"
        } else {
            &self.root
        }
    }

    /// Fetches `trailview.json` next to the app (at its base); a missing file is no problem.
    pub async fn fetch() -> Self {
        match platform::fetch::fetch_bytes(config::FILE).await {
            Ok(None) => Self::new(Config::default(), Vec::new()),
            // A dev server that answers every path with the app: no config there.
            Ok(Some((_, headers)))
                if crate::core::source::paging::header(&headers, "content-type")
                    .is_some_and(|t| t.contains("text/html")) =>
            {
                Self::new(Config::default(), Vec::new())
            }
            Ok(Some((bytes, _))) => {
                let (c, problems) = config::parse(&String::from_utf8_lossy(&bytes));
                Self::new(c, problems.into_iter().map(|p| p.to_string()).collect())
            }
            Err(e) => Self::new(
                Config::default(),
                vec![format!(
                    "{} could not be read ({e}); defaults are used",
                    config::FILE
                )],
            ),
        }
    }

    /// The source `view` asks for in app `scope`: made absolute, with the gate every
    /// request of it passes (the deployment's allowed sources; its own configured
    /// source is trusted). `host_given`: a widget's host gave it (its token provider
    /// may then give the token). Err when it cannot be loaded.
    pub fn source(
        &self,
        view: &ViewState,
        scope: Option<&str>,
        host_given: bool,
    ) -> Result<Source, SourceError> {
        let absolute = |u: &str| match &self.bundle {
            Some(b) => platform::absolute_url_from(u, b),
            None => platform::absolute_url(u),
        };
        let url = resolve_source(view.source.as_deref(), scope).map_err(SourceError::Unresolved)?;
        let abs = absolute(&url).map_err(|error| SourceError::NotAnAddress {
            url: url.clone(),
            error,
        })?;
        let default = self
            .config
            .source
            .as_deref()
            .and_then(|d| resolve_source(Some(d), scope).ok())
            .and_then(|d| absolute(&d).ok());
        let gate = match default.as_deref() == Some(abs.as_str()) {
            true => self.config.gate().trusting(),
            false => self.config.gate(),
        };
        Ok(Source {
            url: abs,
            paging: view.paging.clone(),
            auth: view.auth.clone(),
            headers: self.config.headers.clone(),
            limit: view.limit,
            // A link adds to what the deployment masks, never takes from it.
            redact: self.config.redact.union(&view.redact),
            gate,
            host_given,
        })
    }
}

/// Why the source a view asks for cannot be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceError {
    /// It needs an app the view does not have, or one whose name cannot be sent.
    Unresolved(ResolveError),
    /// What it resolved to is not a web address.
    NotAnAddress {
        /// The address it resolved to.
        url: String,
        /// What the browser made of it.
        error: UrlError,
    },
}

impl SourceError {
    /// The address that failed, as the view gave it (the load state shows it masked).
    pub fn url(&self) -> &str {
        match self {
            SourceError::Unresolved(e) => e.address(),
            SourceError::NotAnAddress { url, .. } => url,
        }
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::Unresolved(e) => fmt::Display::fmt(e, f),
            SourceError::NotAnAddress { error, .. } => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for SourceError {}
