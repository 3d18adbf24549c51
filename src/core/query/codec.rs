//! The view state's URL codec: a [`ViewState`] to and from a query string, leaving
//! out what equals the deployment's defaults.

use super::state::{
    Around, DEFAULT_WITHIN_HOURS, MAX_WITHIN_HOURS, Preset, Range, Sort, ViewState,
};
use crate::core::query::lang::column;
use crate::core::roles::Mapping;
use crate::core::source::{Auth, Live, Paging};
use crate::core::time::{self, Zone};
use crate::core::trust::redact::Redaction;

impl ViewState {
    /// The URL query string (without `?`); built-in defaults are left out.
    pub fn to_query(&self) -> String {
        self.to_query_over(&ViewState::default())
    }

    /// The URL query string (without `?`), leaving out what equals `base`.
    pub(crate) fn to_query_over(&self, base: &ViewState) -> String {
        let mut q: Vec<(String, String)> = Vec::new();
        let mut put = |k: &str, v: String| q.push((k.to_string(), v));
        if self.source != base.source {
            put("source", self.source.clone().unwrap_or_default());
        }
        match self.range {
            Range::All => {}
            Range::Last(p) => put("range", p.param().into()),
            Range::Custom { from, to } => {
                if let Some(f) = from {
                    put("from", time::format_iso(f, Zone::Utc));
                }
                if let Some(t) = to {
                    put("to", time::format_iso(t, Zone::Utc));
                }
            }
        }
        if self.tz != base.tz {
            put("tz", self.tz.to_param());
        }
        if self.itz != base.itz {
            put("itz", self.itz.to_param());
        }
        if !self.q.is_empty() {
            put("q", self.q.clone());
        }
        match &self.sort {
            Sort::Default => {}
            Sort::Off => put("sort", "none".into()),
            Sort::By { col, desc } => put("sort", format!("{}{col}", if *desc { "-" } else { "" })),
        }
        if self.page > 0 {
            put("page", (self.page + 1).to_string());
        }
        if self.shift > 0 {
            put("shift", self.shift.to_string());
        }
        if let Some(t) = &self.top {
            put("top", t.clone());
        }
        if self.size != base.size {
            put("size", self.size.to_string());
        }
        if let Some(cols) = &self.cols {
            put("cols", cols.join(","));
        }
        for (c, w) in &self.widths {
            put(&format!("w.{c}"), w.to_string());
        }
        if self.map != base.map {
            put("map", self.map.to_param());
        }
        if let Some(e) = &self.entry {
            put("entry", e.clone());
        }
        if let Some(h) = &self.history {
            put("history", h.clone());
        }
        if !self.group.is_empty() {
            put("group", self.group.join(","));
        }
        if let Some(d) = &self.distinct {
            put("distinct", d.clone());
        }
        if let Some(d) = &self.split {
            put("split", d.clone());
        }
        if let Some(f) = &self.follow {
            put("follow", f.clone());
        }
        if self.within_hours != DEFAULT_WITHIN_HOURS {
            put("within", within_text(self.within_hours));
        }
        if let Some(c) = &self.context {
            put("context", c.key.clone());
            for (k, n) in [("before", c.before), ("after", c.after)] {
                if n != Around::STEP {
                    put(k, n.to_string());
                }
            }
        }
        if self.paging != base.paging {
            put("paging", self.paging.to_param());
        }
        if self.limit != base.limit {
            put("limit", self.limit.to_string());
        }
        if self.auth != base.auth {
            put("auth", self.auth.to_param());
        }
        if self.live != base.live {
            put("live", self.live.to_param());
        }
        if self.redact != base.redact {
            put("redact", self.redact.to_param());
        }
        q.iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads a URL query string over the built-in defaults.
    pub fn from_query(query: &str) -> ViewState {
        Self::from_query_over(query, &ViewState::default())
    }

    /// Reads a URL query string (with or without `?`); what it leaves out comes
    /// from `base`. Unknown parameters and malformed values are ignored.
    pub(crate) fn from_query_over(query: &str, base: &ViewState) -> ViewState {
        let pairs = pairs(query);
        let get = |k: &str| {
            pairs
                .iter()
                .rev()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let mut v = ViewState {
            tz: get("tz").and_then(Zone::parse).unwrap_or(base.tz),
            itz: get("itz").and_then(Zone::parse).unwrap_or(base.itz),
            source: match get("source").map(str::trim) {
                Some("") => None,
                Some(s) => Some(s.to_string()),
                None => base.source.clone(),
            },
            paging: get("paging")
                .and_then(Paging::parse)
                .unwrap_or_else(|| base.paging.clone()),
            limit: get("limit")
                .and_then(|s| s.trim().parse().ok())
                .filter(|&n: &usize| n >= 1)
                .unwrap_or(base.limit),
            auth: get("auth")
                .and_then(Auth::parse)
                .unwrap_or_else(|| base.auth.clone()),
            live: get("live").and_then(Live::parse).unwrap_or(base.live),
            redact: base
                .redact
                .union(&get("redact").map(Redaction::parse).unwrap_or_default()),
            ..Default::default()
        };
        let when = |k: &str| get(k).and_then(|s| time::parse_timestamp(s, v.tz));
        let (from, to) = (when("from"), when("to"));
        v.range = if from.is_some() || to.is_some() {
            Range::Custom { from, to }
        } else {
            get("range")
                .and_then(Preset::from_param)
                .map_or(Range::All, Range::Last)
        };
        // An older link's column filters (`f.<column>=`) are clauses of the query now.
        let q = get("q").unwrap_or_default();
        v.q = column::with_column_filters(q, &column_filters_of(&pairs));
        for (k, val) in &pairs {
            if let Some(col) = k.strip_prefix("w.")
                && !col.is_empty()
                && let Some(px) = digits(val)
            {
                v.set_width(col, Some(px));
            }
        }
        v.sort = match get("sort") {
            None | Some("") => Sort::Default,
            Some("none") => Sort::Off,
            Some(s) => match s.strip_prefix('-') {
                Some(c) if !c.is_empty() => Sort::By {
                    col: c.into(),
                    desc: true,
                },
                Some(_) => Sort::Default,
                None => Sort::By {
                    col: s.into(),
                    desc: false,
                },
            },
        };
        v.size = get("size")
            .and_then(|s| s.parse().ok())
            .filter(|&n| (1..=10_000).contains(&n))
            .unwrap_or(base.size);
        // Any number of digits: a page past the end shows the last one, and the
        // arithmetic on it stays within wasm32's 32-bit usize.
        v.page = get("page")
            .and_then(digits)
            .filter(|&p| p >= 1)
            .map_or(0, |p| (p as usize - 1).min(MAX_PAGE));
        v.shift = get("shift")
            .and_then(digits)
            .map_or(0, |n| (n as usize).min(MAX_PAGE));
        v.top = get("top").filter(|s| !s.is_empty()).map(str::to_string);
        v.cols = get("cols").map(paths).filter(|c| !c.is_empty());
        v.group = get("group").map(paths).unwrap_or_default();
        v.group.truncate(MAX_GROUP);
        v.distinct = get("distinct")
            .filter(|s| !s.is_empty())
            .map(str::to_string);
        v.split = get("split").filter(|s| !s.is_empty()).map(str::to_string);
        v.follow = get("follow").filter(|s| !s.is_empty()).map(str::to_string);
        v.within_hours = get("within")
            .and_then(within_hours)
            .unwrap_or(DEFAULT_WITHIN_HOURS);
        v.map = get("map")
            .map(Mapping::parse)
            .unwrap_or_else(|| base.map.clone());
        v.entry = get("entry").filter(|s| !s.is_empty()).map(str::to_string);
        v.history = get("history").filter(|s| !s.is_empty()).map(str::to_string);
        let side = |k: &str| {
            get(k)
                .and_then(digits)
                .map_or(Around::STEP, |n| (n as usize).min(Around::MAX))
        };
        v.context = get("context").filter(|s| !s.is_empty()).map(|key| Around {
            key: key.to_string(),
            before: side("before"),
            after: side("after"),
        });
        v
    }
}

/// `within=`'s text for `hours`: whole days as `7d`, else `36h`.
pub(crate) fn within_text(hours: u32) -> String {
    match hours.is_multiple_of(24) {
        true => format!("{}d", hours / 24),
        false => format!("{hours}h"),
    }
}

/// The hours `within=` says (`7d`, `36h`), within 1 hour and
/// [`MAX_WITHIN_HOURS`]; `None` for anything else.
pub(crate) fn within_hours(text: &str) -> Option<u32> {
    let (n, unit) = text.split_at(text.len().checked_sub(1)?);
    let n = digits(n)?;
    let hours = match unit {
        "h" => n,
        "d" => n.checked_mul(24)?,
        _ => return None,
    };
    (1..=MAX_WITHIN_HOURS).contains(&hours).then_some(hours)
}

/// Fields a breakdown groups by at most.
pub(crate) const MAX_GROUP: usize = 2;

/// A comma-separated list of key paths (`cols=`, `group=`; `\,` is a comma in a key).
fn paths(s: &str) -> Vec<String> {
    crate::core::json::path::split_list(s)
        .into_iter()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// The decoded `key=value` pairs of a query string (with or without `?`).
fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

/// The column filters `f.<column>=<expression>` among `pairs`: one per column (the
/// last given), in the order first given, blank ones left out.
fn column_filters_of(pairs: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, val) in pairs {
        let Some(col) = k.strip_prefix("f.").filter(|c| !c.is_empty()) else {
            continue;
        };
        let val = val.trim();
        match (out.iter().position(|(c, _)| c == col), val.is_empty()) {
            (Some(i), true) => {
                out.remove(i);
            }
            (Some(i), false) => out[i].1 = val.to_string(),
            (None, false) => out.push((col.to_string(), val.to_string())),
            (None, true) => {}
        }
    }
    out
}

/// The column filters of a query string in the `f.<column>=<expression>` form (a
/// widget host's pinned filters).
pub(crate) fn column_filters(query: &str) -> Vec<(String, String)> {
    column_filters_of(&pairs(query))
}

/// The largest page index a URL can ask for.
pub(crate) const MAX_PAGE: usize = 1 << 30;

/// Digits, however many, as a number (saturating): widths and pages in the URL.
fn digits(s: &str) -> Option<u32> {
    let s = s.trim();
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse::<u32>().unwrap_or(u32::MAX))
}

/// Percent-encodes a value of the view's query string, leaving readable characters
/// (`: , / @ ! * ' ( ) $ ;`) alone; decodes one (`+` is a space; bad escapes are kept
/// as they are).
pub(crate) use crate::core::source::escape::{decode_form as decode, readable as encode};

#[cfg(test)]
mod within_tests {
    use super::*;

    #[test]
    fn within_reads_hours_and_days_and_writes_days_when_whole() {
        assert_eq!(within_hours("36h"), Some(36));
        assert_eq!(within_hours("7d"), Some(168));
        assert_eq!(within_text(168), "7d");
        assert_eq!(within_text(36), "36h");
        for bad in [
            "",
            "d",
            "0h",
            "7",
            "7w",
            "-1d",
            "367d",
            "99999999999d",
            "1.5d",
        ] {
            assert_eq!(within_hours(bad), None, "{bad}");
        }
        let v = ViewState::from_query("follow=e-1&within=7d");
        assert_eq!((v.follow.as_deref(), v.within_hours), (Some("e-1"), 168));
        assert_eq!(
            ViewState::from_query("within=zz").within_hours,
            DEFAULT_WITHIN_HOURS
        );
    }
}
