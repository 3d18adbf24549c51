//! How an endpoint pages its results, as plain data: chosen explicitly
//! (`paging=` in the URL or the config file) or detected from the first response.

use crate::core::ingest::IngestReport;
use crate::core::source::url;
use std::fmt;

/// Body fields that hold the next page's URL, most telling first.
pub(crate) const NEXT_URL_FIELDS: &[&str] = &[
    "@odata.nextLink",
    "links.next",
    "_links.next.href",
    "next",
    "next_page",
    "nextPage",
    "next_page_url",
    "paging.next",
    "pagination.next",
    "meta.next",
];

/// Body fields that hold a cursor, and the parameter it goes back as.
pub(crate) const CURSOR_FIELDS: &[(&str, &str)] = &[
    ("nextPageToken", "pageToken"),
    ("next_page_token", "page_token"),
    ("response_metadata.next_cursor", "cursor"),
    ("meta.next_cursor", "cursor"),
    ("pagination.next_cursor", "cursor"),
    ("next_cursor", "cursor"),
    ("nextCursor", "cursor"),
    ("NextToken", "NextToken"),
    ("nextToken", "nextToken"),
    ("paging.next.after", "after"),
    ("after", "after"),
    ("cursor", "cursor"),
];

/// Query parameters of offset paging.
const OFFSET_PARAMS: &[&str] = &["offset", "skip", "$skip", "start"];
/// Query parameters of page numbering.
const PAGE_PARAMS: &[&str] = &["page", "page_number", "pageNumber"];
/// Body members that echo the page size beside an offset or a page number.
const SIZE_FIELDS: &[&str] = &[
    "limit",
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "size",
    "count",
    "$top",
    "top",
];

/// How an endpoint pages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Paging {
    /// Detect it from the first response.
    #[default]
    Auto,
    /// One response holds everything.
    None,
    /// A `Link: <…>; rel="next"` header.
    Link,
    /// The next page's URL in the body, at this field (`None`: the usual ones).
    NextUrl(Option<String>),
    /// A cursor in the body sent back as a query parameter.
    Cursor {
        /// Body field of the cursor (`None`: the usual ones).
        field: Option<String>,
        /// Query parameter it goes back as (`None`: the usual one for the field).
        param: Option<String>,
    },
    /// `offset`/`limit` numbering.
    Offset {
        /// The offset parameter.
        param: String,
    },
    /// `page`/`per_page` numbering.
    Page {
        /// The page parameter.
        param: String,
    },
}

impl Paging {
    /// Reads `paging=`: `auto`, `none`, `link`, `next[:field]`,
    /// `cursor[:field[:param]]`, `offset[:param]`, `page[:param]`.
    pub(crate) fn parse(s: &str) -> Option<Paging> {
        let mut parts = s.trim().splitn(3, ':');
        let kind = parts.next()?.to_ascii_lowercase();
        let arg = |p: Option<&str>| {
            p.map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
        };
        let (a, b) = (arg(parts.next()), arg(parts.next()));
        Some(match kind.as_str() {
            "auto" | "" => Paging::Auto,
            "none" | "off" => Paging::None,
            "link" => Paging::Link,
            "next" => Paging::NextUrl(a),
            "cursor" => Paging::Cursor { field: a, param: b },
            "offset" => Paging::Offset {
                param: a.unwrap_or_else(|| "offset".into()),
            },
            "page" => Paging::Page {
                param: a.unwrap_or_else(|| "page".into()),
            },
            _ => return None,
        })
    }

    /// The `paging=` value (inverse of [`Paging::parse`]).
    pub(crate) fn to_param(&self) -> String {
        match self {
            Paging::Auto => "auto".into(),
            Paging::None => "none".into(),
            Paging::Link => "link".into(),
            Paging::NextUrl(None) => "next".into(),
            Paging::NextUrl(Some(f)) => format!("next:{f}"),
            Paging::Cursor { field, param } => match (field, param) {
                (None, None) => "cursor".into(),
                (Some(f), None) => format!("cursor:{f}"),
                (f, Some(p)) => format!("cursor:{}:{p}", f.as_deref().unwrap_or("")),
            },
            Paging::Offset { param } if param == "offset" => "offset".into(),
            Paging::Offset { param } => format!("offset:{param}"),
            Paging::Page { param } if param == "page" => "page".into(),
            Paging::Page { param } => format!("page:{param}"),
        }
    }

    /// Decides the paging of an endpoint from its first response (for `Auto`).
    pub(crate) fn detect(
        request_url: &str,
        headers: &[(String, String)],
        report: &IngestReport,
    ) -> Paging {
        if header(headers, "link")
            .and_then(crate::core::source::link::next_link)
            .is_some()
        {
            return Paging::Link;
        }
        if NEXT_URL_FIELDS
            .iter()
            .any(|f| report.meta(f).is_some_and(looks_like_url))
        {
            return Paging::NextUrl(None);
        }
        if CURSOR_FIELDS.iter().any(|(f, _)| report.meta(f).is_some()) {
            return Paging::Cursor {
                field: None,
                param: None,
            };
        }
        if let Some(p) = first_param(request_url, OFFSET_PARAMS) {
            return Paging::Offset { param: p.into() };
        }
        if let Some(p) = first_param(request_url, PAGE_PARAMS) {
            return Paging::Page { param: p.into() };
        }
        echoed(report).unwrap_or(Paging::None)
    }
}

impl fmt::Display for Paging {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_param())
    }
}

/// True if a body value reads as a URL rather than an opaque cursor.
pub(crate) fn looks_like_url(v: &str) -> bool {
    v.starts_with("http://")
        || v.starts_with("https://")
        || v.starts_with('/')
        || v.starts_with('?')
}

/// The value of response header `name` (case-insensitive).
pub(crate) fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Offset or page numbering that only the body tells: the wrapper echoes an offset (or a
/// page number) and the page size beside a page that is full. A short first page is the
/// whole log.
fn echoed(report: &IngestReport) -> Option<Paging> {
    let received = (report.added + report.duplicates) as u64;
    let number = |path: &str| report.meta(path).and_then(|v| v.trim().parse::<u64>().ok());
    report.meta.iter().find_map(|(path, _)| {
        let (parent, name) = match path.rsplit_once('.') {
            Some((p, n)) => (format!("{p}."), n),
            None => (String::new(), path.as_str()),
        };
        let size = SIZE_FIELDS
            .iter()
            .find_map(|f| number(&format!("{parent}{f}")))?;
        let full = received > 0 && received >= size;
        if OFFSET_PARAMS.contains(&name) && number(path).is_some() && full {
            Some(Paging::Offset { param: name.into() })
        } else if PAGE_PARAMS.contains(&name) && number(path).is_some() && full {
            Some(Paging::Page { param: name.into() })
        } else {
            None
        }
    })
}

/// The first of `names` present in `url`'s query.
fn first_param<'a>(url: &str, names: &[&'a str]) -> Option<&'a str> {
    names
        .iter()
        .copied()
        .find(|n| url::query_param(url, n).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ingest::Shape;

    fn report(meta: &[(&str, Option<&str>)]) -> IngestReport {
        let mut r = IngestReport::new(Shape::Wrapped("items".into()));
        r.meta = meta
            .iter()
            .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
            .collect();
        r
    }

    #[test]
    fn the_paging_parameter_round_trips() {
        for s in [
            "auto",
            "none",
            "link",
            "next",
            "next:links.next",
            "cursor",
            "cursor:meta.after",
            "cursor:meta.after:after",
            "cursor::token",
            "offset",
            "offset:skip",
            "page",
            "page:p",
        ] {
            let p = Paging::parse(s).unwrap();
            assert_eq!(p.to_param(), s, "{p:?}");
        }
        assert_eq!(Paging::parse("bogus"), None);
        assert_eq!(Paging::parse("LINK"), Some(Paging::Link));
    }

    #[test]
    fn a_link_header_wins() {
        let h = vec![(
            "Link".to_string(),
            r#"<https://x.test/p?cursor=2>; rel="next""#.to_string(),
        )];
        assert_eq!(
            Paging::detect("https://x.test/p", &h, &report(&[])),
            Paging::Link
        );
    }

    #[test]
    fn a_next_url_in_the_body_but_not_an_opaque_next() {
        let r = report(&[("links.next", Some("/audit?page=2"))]);
        assert_eq!(
            Paging::detect("https://x.test/a", &[], &r),
            Paging::NextUrl(None)
        );
        let r = report(&[("next", Some("c3Vw"))]);
        assert_eq!(Paging::detect("https://x.test/a", &[], &r), Paging::None);
    }

    #[test]
    fn cursors_of_the_common_apis() {
        for f in [
            "nextPageToken",
            "response_metadata.next_cursor",
            "NextToken",
            "after",
            "cursor",
        ] {
            let r = report(&[(f, Some("tok"))]);
            assert!(
                matches!(
                    Paging::detect("https://x.test/a", &[], &r),
                    Paging::Cursor { .. }
                ),
                "{f}"
            );
        }
        // An empty cursor on a one-page log is not paging.
        let r = report(&[("response_metadata.next_cursor", Some(""))]);
        assert_eq!(Paging::detect("https://x.test/a", &[], &r), Paging::None);
    }

    #[test]
    fn numbering_from_the_request_url() {
        let r = report(&[]);
        assert_eq!(
            Paging::detect("https://x.test/a?offset=0&limit=100", &[], &r),
            Paging::Offset {
                param: "offset".into()
            }
        );
        assert_eq!(
            Paging::detect("https://x.test/a?page=1&per_page=50", &[], &r),
            Paging::Page {
                param: "page".into()
            }
        );
        assert_eq!(Paging::detect("https://x.test/a", &[], &r), Paging::None);
    }

    #[test]
    fn numbering_the_body_echoes_beside_a_full_page() {
        // Regression: a first URL without offset= whose wrapper echoed offset and limit
        // beside a full page loaded that one page only.
        let full = |meta: &[(&str, Option<&str>)], n: usize| {
            let mut r = report(meta);
            r.added = n;
            r
        };
        let r = full(
            &[
                ("offset", Some("0")),
                ("limit", Some("50")),
                ("total", None),
            ],
            50,
        );
        assert_eq!(
            Paging::detect("https://x.test/a", &[], &r),
            Paging::Offset {
                param: "offset".into()
            }
        );
        let r = full(
            &[("meta.page", Some("1")), ("meta.per_page", Some("25"))],
            25,
        );
        assert_eq!(
            Paging::detect("https://x.test/a", &[], &r),
            Paging::Page {
                param: "page".into()
            }
        );
        // A short page is the whole log; an offset without a size says nothing.
        let r = full(&[("offset", Some("0")), ("limit", Some("50"))], 12);
        assert_eq!(Paging::detect("https://x.test/a", &[], &r), Paging::None);
        let r = full(&[("offset", Some("0"))], 50);
        assert_eq!(Paging::detect("https://x.test/a", &[], &r), Paging::None);
    }
}
