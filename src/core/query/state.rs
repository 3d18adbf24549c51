//! The view state: everything an admin chose, as one plain value.
//!
//! It round-trips through the URL query string ([`ViewState::to_query`],
//! [`ViewState::from_query`]) so a view can be bookmarked, shared and navigated with
//! Back and Forward. State changes are methods, called from the UI in one line; a new
//! filter, search, range or sort returns to the first page.

use crate::core::deploy::config::Config;
use crate::core::deploy::route::{self, FillAppError};
use crate::core::query::filter::FilterSpec;
use crate::core::query::lang::{Field, Fields, column};
use crate::core::roles::Mapping;
use crate::core::source::{Auth, DEFAULT_LIMIT, Live, Paging};
use crate::core::time::{EpochMs, Zone};
use crate::core::trust::redact::Redaction;
use std::fmt;

/// Rows per page offered to admins.
pub(crate) const PAGE_SIZES: [usize; 5] = [25, 50, 100, 250, 1000];
/// Narrowest column an admin can set, in CSS pixels.
pub(crate) const MIN_WIDTH: u32 = 40;
/// Widest column an admin can set, in CSS pixels.
pub(crate) const MAX_WIDTH: u32 = 2000;
/// Rows per page when the URL does not say.
pub(crate) const DEFAULT_PAGE_SIZE: usize = 50;

/// A relative time range ending now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    /// The last 24 hours.
    Day,
    /// The last 7 days.
    Week,
    /// The last 30 days.
    Month,
    /// The last 90 days.
    Quarter,
}

impl Preset {
    /// Every preset, shortest first.
    pub(crate) const ALL: [Preset; 4] = [Preset::Day, Preset::Week, Preset::Month, Preset::Quarter];

    /// URL value (`range=7d`).
    pub(crate) fn param(self) -> &'static str {
        match self {
            Preset::Day => "24h",
            Preset::Week => "7d",
            Preset::Month => "30d",
            Preset::Quarter => "90d",
        }
    }

    /// Button label.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Preset::Day => "Last 24 hours",
            Preset::Week => "Last 7 days",
            Preset::Month => "Last 30 days",
            Preset::Quarter => "Last 90 days",
        }
    }

    /// Length in milliseconds.
    pub(crate) fn millis(self) -> EpochMs {
        let day = 86_400_000;
        match self {
            Preset::Day => day,
            Preset::Week => 7 * day,
            Preset::Month => 30 * day,
            Preset::Quarter => 90 * day,
        }
    }

    pub(super) fn from_param(s: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|p| p.param() == s)
    }
}

/// The time range of the view.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Range {
    /// No time filter.
    #[default]
    All,
    /// A preset ending now.
    Last(Preset),
    /// `[from, to)`, either end open.
    Custom {
        /// Inclusive start.
        from: Option<EpochMs>,
        /// Exclusive end.
        to: Option<EpochMs>,
    },
}

impl Range {
    /// The absolute bounds at instant `now`.
    pub(crate) fn bounds(&self, now: EpochMs) -> (Option<EpochMs>, Option<EpochMs>) {
        match *self {
            Range::All => (None, None),
            Range::Last(p) => (Some(now - p.millis()), None),
            Range::Custom { from, to } => (from, to),
        }
    }
}

/// How rows are ordered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest first when the log has a time field, else load order.
    #[default]
    Default,
    /// Load order (the order the endpoint sent).
    Off,
    /// By a column.
    By {
        /// Column path.
        col: String,
        /// Descending when true.
        desc: bool,
    },
}

impl Sort {
    /// The effective (column, descending) given the time column, or `None` for load order.
    pub(crate) fn resolve<'a>(&'a self, time_col: Option<&'a str>) -> Option<(&'a str, bool)> {
        match self {
            Sort::Default => time_col.map(|c| (c, true)),
            Sort::Off => None,
            Sort::By { col, desc } => Some((col.as_str(), *desc)),
        }
    }
}

/// Show in context: entry `key` with the entries just before and after it in time
/// (see [`context`](super::context)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Around {
    /// The entry, named as `entry=` names it (its id, or `#n`).
    pub key: String,
    /// Entries shown before it.
    pub before: usize,
    /// Entries shown after it.
    pub after: usize,
}

impl Around {
    /// Entries each side at first, and how many more each "Show earlier/later" adds.
    pub(crate) const STEP: usize = 25;
    /// Entries each side at most.
    pub(crate) const MAX: usize = 10_000;
}

/// How long after an entry the actor is followed when a link does not say: a day.
pub const DEFAULT_WITHIN_HOURS: u32 = 24;
/// The longest window the actor is followed over: a year.
pub const MAX_WITHIN_HOURS: u32 = 24 * 366;

/// Everything that defines what the admin sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewState {
    /// Log endpoint (`None`: the bundled demo log).
    pub source: Option<String>,
    /// Time range.
    pub range: Range,
    /// Display zone.
    pub tz: Zone,
    /// Zone of times written without an offset in the log (`itz=`).
    pub itz: Zone,
    /// Global search text.
    pub q: String,
    /// Row order.
    pub sort: Sort,
    /// Page index, 0-based (the URL shows it 1-based).
    pub page: usize,
    /// Rows the pages have moved down by because live refresh brought entries that
    /// sort before them (`shift=`): the page keeps showing the rows being read.
    pub shift: usize,
    /// The key of the first row on screen when the page was shifted (`top=`): a
    /// reload checks that the same row is still there.
    pub top: Option<String>,
    /// Rows per page.
    pub size: usize,
    /// Visible columns in order (`None`: the default columns).
    pub cols: Option<Vec<String>>,
    /// Explicit field roles.
    pub map: Mapping,
    /// The open entry (its id, or `#n` for the n-th loaded entry).
    pub entry: Option<String>,
    /// The target whose history is open (`history=booking:B-17`).
    pub history: Option<String>,
    /// The entries around one entry, the filters lifted (`context=`, `before=`, `after=`).
    pub context: Option<Around>,
    /// The breakdown table's fields, one or two (`group=type,userEmail`); open when
    /// not empty.
    pub group: Vec<String>,
    /// The field whose distinct values the breakdown counts (`distinct=`; the actor's
    /// when absent).
    pub distinct: Option<String>,
    /// The field whose top values split the histogram's bars (`split=type`).
    pub split: Option<String>,
    /// Follow the actor from this entry (`follow=` its key, as `entry=`).
    pub follow: Option<String>,
    /// How long after the entry to follow, in hours (`within=7d`, `within=36h`).
    pub within_hours: u32,
    /// How the source pages (`paging=`).
    pub paging: Paging,
    /// Entries loaded at most (`limit=`).
    pub limit: usize,
    /// How the token is sent (`auth=`).
    pub auth: Auth,
    /// Live refresh (`live=`).
    pub live: Live,
    /// What is masked as entries load (`redact=`): the deployment's list plus the link's.
    pub redact: Redaction,
    /// Column widths the admin set, in CSS pixels (`w.<column>=`), in the order set.
    pub widths: Vec<(String, u32)>,
}

impl Default for ViewState {
    fn default() -> Self {
        ViewState {
            source: None,
            range: Range::All,
            tz: Zone::Utc,
            itz: Zone::Utc,
            q: String::new(),
            sort: Sort::Default,
            page: 0,
            shift: 0,
            top: None,
            size: DEFAULT_PAGE_SIZE,
            cols: None,
            map: Mapping::default(),
            entry: None,
            history: None,
            context: None,
            group: Vec::new(),
            distinct: None,
            split: None,
            follow: None,
            within_hours: DEFAULT_WITHIN_HOURS,
            paging: Paging::Auto,
            limit: DEFAULT_LIMIT,
            auth: Auth::Bearer,
            live: Live::Off,
            redact: Redaction::default(),
            widths: Vec::new(),
        }
    }
}

impl ViewState {
    /// Sets (or, when blank, removes) column `col`'s filter, which is a clause of
    /// the query ([`column::set_column`]); back to page 1.
    pub(crate) fn set_filter(&mut self, col: &Field, expr: &str, fields: &dyn Fields) {
        self.q = column::set_column(&self.q, col, expr, fields);
        self.page = 0;
    }

    /// The width the admin gave column `col`, in CSS pixels.
    pub(crate) fn width(&self, col: &str) -> Option<u32> {
        self.widths.iter().find(|(c, _)| c == col).map(|&(_, w)| w)
    }

    /// Sets column `col`'s width, within [`MIN_WIDTH`]..=[`MAX_WIDTH`] pixels
    /// (`None`: back to the width its values need).
    pub(crate) fn set_width(&mut self, col: &str, px: Option<u32>) {
        let px = px.map(|w| w.clamp(MIN_WIDTH, MAX_WIDTH));
        match (self.widths.iter().position(|(c, _)| c == col), px) {
            (Some(i), Some(w)) => self.widths[i].1 = w,
            (Some(i), None) => {
                self.widths.remove(i);
            }
            (None, Some(w)) => self.widths.push((col.to_string(), w)),
            (None, None) => {}
        }
    }

    /// Sets the global search; back to page 1.
    pub(crate) fn set_search(&mut self, q: &str) {
        self.q = q.to_string();
        self.page = 0;
    }

    /// Sets the time range; back to page 1.
    pub(crate) fn set_range(&mut self, range: Range) {
        self.range = range;
        self.page = 0;
    }

    /// Cycles a column's sort: ascending, descending, off. The default order is newest
    /// first on `time_col`, so a first click on that column turns sorting off.
    pub(crate) fn toggle_sort(&mut self, col: &str, time_col: Option<&str>) {
        let current = self.sort.resolve(time_col);
        self.sort = match current {
            Some((c, false)) if c == col => Sort::By {
                col: col.into(),
                desc: true,
            },
            Some((c, true)) if c == col => Sort::Off,
            _ => Sort::By {
                col: col.into(),
                desc: false,
            },
        };
        self.page = 0;
    }

    /// Removes search, column filters and the time range; back to page 1.
    pub(crate) fn clear_filters(&mut self) {
        self.q.clear();
        self.range = Range::All;
        self.page = 0;
    }

    /// True if any search, filter or range is active.
    pub(crate) fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty() || self.range != Range::All
    }

    /// Changes the page size, keeping the first visible row on screen.
    pub(crate) fn set_size(&mut self, size: usize) {
        let size = size.clamp(1, 10_000);
        let first = self.page.saturating_mul(self.size);
        self.size = size;
        self.page = first / size;
    }

    /// What to filter by at instant `now`, within app `scope`.
    pub fn filter_spec(&self, now: EpochMs, scope: Option<&str>) -> FilterSpec {
        let (from, to) = self.range.bounds(now);
        FilterSpec {
            scope: scope.map(str::to_string),
            from,
            to,
            search: self.q.trim().to_string(),
            zone: self.tz,
            filters: Vec::new(),
            kinds: Default::default(),
        }
    }

    /// The defaults of a deployment: the built-in ones with its config applied.
    /// URL parameters are read and written relative to them.
    pub(crate) fn configured(c: &Config) -> ViewState {
        let d = ViewState::default();
        ViewState {
            source: c.source.clone(),
            tz: c.zone.unwrap_or(d.tz),
            itz: c.input_zone.unwrap_or(d.itz),
            size: c.page_size.unwrap_or(d.size),
            map: c.map.clone().unwrap_or_default(),
            paging: c.paging.clone().unwrap_or_default(),
            limit: c.limit.unwrap_or(d.limit),
            auth: c.auth.clone().unwrap_or_default(),
            live: c.live.unwrap_or_default(),
            redact: c.redact.clone(),
            ..d
        }
    }

    /// A fresh view of another log, keeping how the admin reads (zone, page size).
    pub(crate) fn for_source(&self, source: Option<String>, base: &ViewState) -> ViewState {
        ViewState {
            source,
            tz: self.tz,
            size: self.size,
            ..base.clone()
        }
    }

    /// The query of a link to another view of the same log: this view from page
    /// one, no entry open, without the filters on `drop` (columns the target hides).
    pub(crate) fn link_query(&self, drop: &[String], base: &ViewState) -> String {
        let mut v = self.clone();
        v.page = 0;
        v.entry = None;
        v.history = None;
        v.context = None;
        v.follow = None;
        v.q = column::without_columns(&v.q, drop);
        v.to_query_over(base)
    }
}

/// The bundled demo log, relative: resolved against the app's base, so it is found
/// from deep links and under any path prefix.
pub(crate) const DEMO_SOURCE: &str = "demo-log.json";

/// Why a view's source has no address to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// The source serves one app at a time (`{app}` in its address) and the view is
    /// the organization's: open an app's view, `apps/<app>`.
    NoApp {
        /// The source address, `{app}` unfilled.
        source: String,
    },
    /// The app's name cannot be put in the source's address.
    App(FillAppError),
}

impl ResolveError {
    /// The source address that could not be resolved, `{app}` unfilled.
    pub(crate) fn address(&self) -> &str {
        match self {
            ResolveError::NoApp { source }
            | ResolveError::App(FillAppError::DotSegment { source, .. }) => source,
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NoApp { source } => write!(
                f,
                "The source {source} serves one app at a time ({{app}} in its address): open an app's view, apps/<app>."
            ),
            ResolveError::App(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for ResolveError {}

/// The URL to fetch: `source` (default: the demo log) with `{app}` replaced by the
/// route's app (see [`route::fill_app`]). Err when the source needs an app and there
/// is none, or the app's name cannot be sent.
pub(crate) fn resolve_source(
    source: Option<&str>,
    app: Option<&str>,
) -> Result<String, ResolveError> {
    let src = source.unwrap_or(DEMO_SOURCE);
    if !src.contains("{app}") {
        return Ok(src.to_string());
    }
    match app {
        Some(a) => route::fill_app(src, a).map_err(ResolveError::App),
        None => Err(ResolveError::NoApp {
            source: src.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::codec::decode;

    fn full() -> ViewState {
        ViewState {
            source: Some("https://api.example.com/audit?page=1&x=a b".into()),
            range: Range::Custom {
                from: Some(1_767_225_600_000),
                to: Some(1_767_312_000_123),
            },
            tz: Zone::Fixed(330),
            itz: Zone::Fixed(-300),
            q: "\"lovelace & co\" type:email.* NOT data.to[]:x@y.z".into(),
            sort: Sort::By {
                col: "userEmail".into(),
                desc: true,
            },
            page: 3,
            shift: 7,
            top: Some("e-69 & co".into()),
            size: 100,
            cols: Some(vec!["createdAt".into(), "type".into()]),
            map: Mapping::parse("time:published,actor:actor.alternateId"),
            entry: Some("10000042".into()),
            history: Some("booking:B-17 & co".into()),
            context: Some(Around {
                key: "e-42 & co".into(),
                before: 50,
                after: 75,
            }),
            group: vec!["type".into(), "data.to[]".into()],
            distinct: Some("ip".into()),
            split: Some("app\\,name".into()),
            follow: Some("e-7 & co".into()),
            within_hours: 36,
            paging: Paging::Cursor {
                field: Some("meta.next".into()),
                param: Some("after".into()),
            },
            limit: 5000,
            auth: Auth::Header("X-API-Key".into()),
            live: Live::Every(30),
            redact: Redaction::parse("email,*.password"),
            widths: vec![("type".into(), 180), ("data.to[]".into(), 90)],
        }
    }

    #[test]
    fn a_link_can_add_to_the_deployments_redaction_but_not_remove_from_it() {
        let (c, problems) =
            crate::core::deploy::config::parse(r#"{"redact": ["email", "data.secret"]}"#);
        assert!(problems.is_empty());
        let base = ViewState::configured(&c);
        assert_eq!(base.redact.to_param(), "email,data.secret");
        let v = ViewState::from_query_over("redact=", &base);
        assert_eq!(v.redact, base.redact, "an empty redact= masks as much");
        let v = ViewState::from_query_over("redact=ip", &base);
        assert_eq!(v.redact.to_param(), "email,ip,data.secret");
        assert_eq!(
            ViewState::from_query_over(&v.to_query_over(&base), &base),
            v
        );
        let (_, problems) = crate::core::deploy::config::parse(r#"{"redact": 3}"#);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn a_deployment_config_sets_the_defaults_and_the_url_still_wins() {
        let (c, _) = crate::core::deploy::config::parse(
            r#"{"source": "https://api.test/a", "zone": "local", "pageSize": 100, "live": "1m"}"#,
        );
        let base = ViewState::configured(&c);
        let v = ViewState::from_query_over("", &base);
        assert_eq!(v.source.as_deref(), Some("https://api.test/a"));
        assert_eq!((v.tz, v.size, v.live), (Zone::Local, 100, Live::Every(60)));
        assert_eq!(v.to_query_over(&base), "", "defaults stay out of the URL");
        let v = ViewState::from_query_over("tz=UTC&size=25&live=off", &base);
        assert_eq!((v.tz, v.size, v.live), (Zone::Utc, 25, Live::Off));
        assert_eq!(
            ViewState::from_query_over(&v.to_query_over(&base), &base),
            v
        );
        let demo = ViewState::from_query_over("source=", &base);
        assert_eq!(demo.source, None, "an empty source is the bundled demo");
        assert_eq!(
            ViewState::from_query_over(&demo.to_query_over(&base), &base),
            demo
        );
    }

    #[test]
    fn round_trips_through_the_query_string() {
        let v = full();
        let q = v.to_query();
        assert_eq!(ViewState::from_query(&q), v, "{q}");
        assert_eq!(ViewState::from_query(&format!("?{q}")), v);
    }

    #[test]
    fn column_widths_round_trip_and_are_clamped() {
        let mut v = ViewState::default();
        v.set_width("userEmail", Some(240));
        v.set_width("a.b", Some(5));
        assert_eq!(v.to_query(), "w.userEmail=240&w.a.b=40");
        assert_eq!(ViewState::from_query(&v.to_query()), v);
        // Whatever the link says, a width stays one the table can lay out.
        let huge = ViewState::from_query("w.x=99999999999999999999&w.y=abc&w.=30");
        assert_eq!(huge.widths, vec![("x".to_string(), MAX_WIDTH)]);
        v.set_width("userEmail", None);
        assert_eq!(v.width("userEmail"), None);
        assert_eq!(v.width("a.b"), Some(MIN_WIDTH));
    }

    #[test]
    fn page_numbers_from_a_link_cannot_overflow() {
        use crate::core::query::codec::MAX_PAGE;
        use crate::core::query::paginate;
        let mut v = ViewState::from_query("page=99999999999999999999999999&size=10000");
        assert_eq!((v.page, v.size), (MAX_PAGE, 10_000));
        assert!(v.to_query().contains(&format!("page={}", MAX_PAGE + 1)));
        // Past the end is the last page; changing the size keeps a sane page.
        let p = paginate(120, v.page, v.size);
        assert_eq!((p.page, p.start, p.end), (0, 0, 120));
        assert_eq!(paginate(usize::MAX, usize::MAX, 10_000).end, usize::MAX);
        v.set_size(25);
        assert!(v.page >= MAX_PAGE);
        assert_eq!(ViewState::from_query("page=0").page, 0);
        assert_eq!(ViewState::from_query("page=-3").page, 0);
    }

    #[test]
    fn default_view_is_an_empty_query() {
        assert_eq!(ViewState::default().to_query(), "");
        assert_eq!(ViewState::from_query(""), ViewState::default());
    }

    #[test]
    fn query_is_readable() {
        let mut v = ViewState::default();
        v.set_filter(&Field::Path("type".into()), "email.*", &|_: &str| true);
        v.toggle_sort("userEmail", Some("createdAt"));
        v.range = Range::Last(Preset::Week);
        assert_eq!(v.to_query(), "range=7d&q=type:email.*&sort=userEmail");
    }

    #[test]
    fn malformed_and_unknown_parameters_are_ignored() {
        let v = ViewState::from_query(
            "page=abc&size=-4&tz=Mars&range=forever&sort=-&from=yesterday&bogus=1&f.=x&%zz=1&q=%E2%82",
        );
        assert_eq!(v.page, 0);
        assert_eq!(v.size, DEFAULT_PAGE_SIZE);
        assert_eq!(v.tz, Zone::Utc);
        assert_eq!(v.range, Range::All);
        assert_eq!(v.sort, Sort::Default);
        assert_eq!(
            v.q, "\u{fffd}",
            "only the bad q itself, no clause of `f.=x`"
        );
    }

    #[test]
    fn custom_range_accepts_dates_in_the_view_zone() {
        let v = ViewState::from_query("tz=%2B01:00&from=2026-01-01");
        assert_eq!(
            v.range,
            Range::Custom {
                from: Some(1_767_225_600_000 - 3_600_000),
                to: None
            }
        );
    }

    #[test]
    fn filter_search_range_and_sort_return_to_page_one() {
        let mut v = ViewState {
            page: 5,
            ..Default::default()
        };
        v.set_filter(&Field::Path("type".into()), "x", &|_: &str| true);
        assert_eq!(v.page, 0);
        v.page = 5;
        v.set_search("y");
        assert_eq!(v.page, 0);
        v.page = 5;
        v.toggle_sort("type", None);
        assert_eq!(v.page, 0);
        v.page = 5;
        v.set_range(Range::Last(Preset::Day));
        assert_eq!(v.page, 0);
    }

    #[test]
    fn sort_cycles_ascending_descending_off() {
        let mut v = ViewState::default();
        v.toggle_sort("type", Some("t"));
        assert_eq!(
            v.sort,
            Sort::By {
                col: "type".into(),
                desc: false
            }
        );
        v.toggle_sort("type", Some("t"));
        assert_eq!(
            v.sort,
            Sort::By {
                col: "type".into(),
                desc: true
            }
        );
        v.toggle_sort("type", Some("t"));
        assert_eq!(v.sort, Sort::Off);
        // The time column starts newest-first by default: a click turns that off.
        let mut w = ViewState::default();
        w.toggle_sort("t", Some("t"));
        assert_eq!(w.sort, Sort::Off);
    }

    #[test]
    fn links_start_on_page_one_without_the_open_entry_or_dropped_filters() {
        let v = full();
        let q = ViewState::from_query(&v.link_query(&["type".into()], &ViewState::default()));
        assert_eq!((q.page, q.entry.as_deref()), (0, None));
        assert_eq!(q.q, "\"lovelace & co\" NOT data.to[]:x@y.z");
        assert_eq!((q.range, q.tz, q.source), (v.range, v.tz, v.source));
    }

    #[test]
    fn blank_filter_removes_it() {
        let mut v = ViewState::default();
        v.set_filter(&Field::Path("type".into()), "x", &|_: &str| true);
        assert_eq!(v.q, "type:*x*");
        v.set_filter(&Field::Path("type".into()), "  ", &|_: &str| true);
        assert_eq!(v.q, "");
    }

    #[test]
    fn an_older_links_column_filters_open_as_query_clauses() {
        let v = ViewState::from_query(
            "q=ada&f.type=email.*&f.data.to%5B%5D=!%3Dx%40y.z&f.type=%3Dx&f.a=",
        );
        assert_eq!(v.q, "ada type:x NOT data.to[]:x@y.z");
        assert_eq!(v.to_query(), "q=ada%20type:x%20NOT%20data.to%5B%5D:x@y.z");
    }

    #[test]
    fn page_size_change_keeps_the_first_visible_row() {
        let mut v = ViewState {
            page: 4,
            size: 50,
            ..Default::default()
        };
        v.set_size(100);
        assert_eq!((v.page, v.size), (2, 100));
    }

    #[test]
    fn clear_filters_keeps_sort_and_columns() {
        let mut v = full();
        v.clear_filters();
        assert!(!v.is_filtered());
        assert_eq!(v.sort, full().sort);
        assert_eq!(v.cols, full().cols);
    }

    #[test]
    fn source_defaults_to_the_demo_and_fills_in_the_app() {
        assert_eq!(resolve_source(None, None).unwrap(), "demo-log.json");
        assert_eq!(
            resolve_source(Some("https://x/apps/{app}/audit"), Some("Room Booking")).unwrap(),
            "https://x/apps/Room%20Booking/audit"
        );
        assert_eq!(
            resolve_source(Some("https://x/apps/{app}/audit"), Some("a/b")).unwrap(),
            "https://x/apps/a%2Fb/audit"
        );
        assert!(resolve_source(Some("https://x/apps/{app}/audit"), Some("..")).is_err());
        assert!(
            resolve_source(Some("https://x/{app}"), None)
                .unwrap_err()
                .to_string()
                .contains("apps/<app>")
        );
    }

    #[test]
    fn an_unresolved_source_names_the_source_and_what_to_open() {
        let no_app = resolve_source(Some("https://x/{app}"), None).unwrap_err();
        assert_eq!(
            no_app,
            ResolveError::NoApp {
                source: "https://x/{app}".into()
            }
        );
        assert_eq!(no_app.address(), "https://x/{app}");
        assert_eq!(
            no_app.to_string(),
            "The source https://x/{app} serves one app at a time ({app} in its address): open an app's view, apps/<app>."
        );
        let dots = resolve_source(Some("https://x/apps/{app}/audit"), Some("..")).unwrap_err();
        assert!(matches!(
            dots,
            ResolveError::App(FillAppError::DotSegment { .. })
        ));
        assert_eq!(dots.address(), "https://x/apps/{app}/audit");
        assert_eq!(
            dots.to_string(),
            "The app “..” cannot be fetched from https://x/apps/{app}/audit: “.” and “..” cannot be part of an address's path."
        );
    }

    #[test]
    fn decode_survives_bad_escapes() {
        assert_eq!(decode("a%2"), "a%2");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%41+b"), "A b");
    }
}
