//! The paging planner: from each response (headers and what ingest found in the
//! body), the next request, until the log is complete, the entry limit is
//! reached, or the endpoint loops.
//!
//! Every entry arrives exactly once: pages are followed in the endpoint's own
//! style, duplicates are dropped by the store (see [`crate::core::store::seen`]), a
//! repeated URL or cursor, a page of nothing but known entries and a run of
//! [`MAX_EMPTY_PAGES`] empty pages stop the loop. Every request it hands out
//! passed the source's [`Gate`](crate::core::source::Gate): a next page the gate
//! refuses (another origin, a path the allow-list does not cover) ends the load.

use crate::core::ingest::{IngestError, IngestReport};
use crate::core::source::paging::{CURSOR_FIELDS, NEXT_URL_FIELDS, Paging, header, looks_like_url};
use crate::core::source::{Gate, Request, Source, link, live, url};
use crate::core::time::EpochMs;
use std::collections::HashSet;

/// Body fields that give the number of pages.
const TOTAL_PAGES: &[&str] = &[
    "total_pages",
    "totalPages",
    "last_page",
    "pageCount",
    "page_count",
];
/// Body fields that say whether more pages follow.
const HAS_MORE: &[&str] = &["has_more", "hasMore", "more"];
/// Empty pages in a row, each with a next page, after which loading stops.
pub(crate) const MAX_EMPTY_PAGES: usize = 5;

/// Why loading ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum End {
    /// The endpoint has no further page.
    Complete,
    /// The entry limit was reached.
    Limit(usize),
    /// The store reached the memory a tab can hold, after this many entries.
    Memory(usize),
    /// A body held as much unread as it may ([`IngestError::TooLarge`]): one entry
    /// or the first value too large, say. The summary leaves this fault to the end's
    /// message, so the status says it once.
    TooLarge {
        /// Entries loaded in all.
        loaded: usize,
        /// The page that stopped.
        page: usize,
        /// What was too large.
        fault: IngestError,
    },
    /// Paging was stopped, for the reason given.
    Halted(String),
    /// The gate refused the first request: the whole message.
    Refused(String),
}

impl End {
    /// What to tell the admin, if anything.
    pub(crate) fn message(&self) -> Option<String> {
        match self {
            End::Complete => None,
            End::Limit(n) => Some(format!(
                "Stopped at the safety limit of {} entries; the log may have more (limit= in the address or \"limit\" in trailview.json raises it).",
                crate::core::view::present::count(*n)
            )),
            End::Memory(n) => Some(format!(
                "Stopped at the memory limit after {}: this tab cannot hold more of this log. The entries loaded stay usable; a narrower source (a shorter time range) or the server-side mode holds the rest.",
                crate::core::view::present::counted(*n, "entry", "entries")
            )),
            End::TooLarge {
                loaded,
                page,
                fault,
            } => Some(format!(
                "Stopped{} after {}: {fault}. The entries loaded stay usable.",
                if *page > 1 {
                    format!(" at page {page}")
                } else {
                    String::new()
                },
                crate::core::view::present::counted(*loaded, "entry", "entries")
            )),
            End::Halted(why) => Some(format!("Loading stopped: {why}.")),
            End::Refused(why) => Some(why.clone()),
        }
    }
}

/// One answered request, as the planner needs it.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    /// Response headers.
    pub headers: &'a [(String, String)],
    /// What ingest found in the body.
    pub report: &'a IngestReport,
    /// Entries loaded in all, now.
    pub loaded: usize,
}

/// Decides the requests of one load (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Planner {
    source: Source,
    gate: Gate,
    /// Empty pages in a row.
    empty: usize,
    style: Paging,
    refresh: bool,
    next: Option<Request>,
    end: Option<End>,
    pages: usize,
    received: u64,
    biggest: usize,
    total: Option<u64>,
    requested: HashSet<String>,
    cursors: HashSet<String>,
}

impl Planner {
    /// Plans the load of `source` (a `{since}` in its URL is left out).
    pub(crate) fn new(source: Source) -> Self {
        Self::starting_at(live::fill_since(&source.url, None), source)
    }

    fn starting_at(url: String, source: Source) -> Self {
        let mut gate = source.gate.clone();
        let (next, end) = match gate.first(&url) {
            Ok(cleared) => (Some(Request { cleared, page: 1 }), None),
            Err(refused) => (None, Some(End::Refused(refused.to_string()))),
        };
        Planner {
            style: source.paging.clone(),
            source,
            gate,
            empty: 0,
            refresh: false,
            requested: next.iter().map(|r| r.url().to_string()).collect(),
            next,
            end,
            pages: 0,
            received: 0,
            biggest: 0,
            total: None,
            cursors: HashSet::new(),
        }
    }

    /// Plans a live refresh after entries up to time `newest` are loaded: `{since}`
    /// in the URL becomes that time, and the refresh ends normally at the first
    /// page that brings nothing new (an endpoint without `{since}` is expected to
    /// list newest first).
    pub(crate) fn refresh(source: Source, newest: Option<EpochMs>) -> Self {
        let url = live::fill_since(&source.url, newest);
        Planner {
            refresh: true,
            ..Planner::starting_at(url, source)
        }
    }

    /// The request to make next, if loading goes on.
    pub(crate) fn next(&self) -> Option<&Request> {
        self.next.as_ref()
    }

    /// Why loading ended, once it has.
    pub(crate) fn end(&self) -> Option<&End> {
        self.end.as_ref()
    }

    /// Entries the endpoint reports in all, when it does.
    pub(crate) fn total(&self) -> Option<u64> {
        self.total
    }

    /// The source being loaded.
    pub(crate) fn source(&self) -> &Source {
        &self.source
    }

    /// Records the answer to [`Planner::next`] and decides what follows.
    pub(crate) fn answered(&mut self, answer: Answer<'_>) -> Option<&Request> {
        let req = self.next.take()?;
        self.pages += 1;
        let r = answer.report;
        let received = r.added + r.duplicates;
        self.received += received as u64;
        let total = r.total.or_else(|| {
            header(answer.headers, "x-total-count").and_then(|v| v.trim().parse().ok())
        });
        if total.is_some() {
            self.total = total;
        }
        if self.style == Paging::Auto {
            self.style = Paging::detect(req.url(), answer.headers, r);
        }
        self.empty = if received == 0 { self.empty + 1 } else { 0 };
        let biggest_before = self.biggest;
        self.biggest = self.biggest.max(received);
        let step = if r.memory_limit {
            Err(match &r.fault {
                Some(fault @ IngestError::TooLarge { .. }) => End::TooLarge {
                    loaded: answer.loaded,
                    page: req.page,
                    fault: fault.clone(),
                },
                _ => End::Memory(answer.loaded),
            })
        } else if answer.loaded >= self.source.limit {
            Err(End::Limit(self.source.limit))
        } else if received > 0 && r.added == 0 {
            Err(if self.refresh {
                End::Complete
            } else {
                End::Halted(format!(
                    "page {} brought only entries already loaded (the endpoint may ignore its paging parameter)",
                    req.page
                ))
            })
        } else if self.empty >= MAX_EMPTY_PAGES {
            Err(End::Halted(format!(
                "the endpoint sent {MAX_EMPTY_PAGES} empty pages in a row, each with another page to follow (Resume asks for more)"
            )))
        } else {
            self.follow(&req, answer, received, biggest_before)
        };
        let step = step.and_then(|url| {
            self.gate
                .follow(&url)
                .map_err(|refused| End::Halted(refused.to_string()))
        });
        match step {
            Ok(cleared) if !self.requested.insert(cleared.url().to_string()) => {
                self.end = Some(End::Halted(format!(
                    "the endpoint's next page is one already loaded ({})",
                    url::mask(cleared.url())
                )));
            }
            Ok(cleared) => {
                self.next = Some(Request {
                    cleared,
                    page: req.page + 1,
                })
            }
            Err(end) => self.end = Some(end),
        }
        self.next.as_ref()
    }

    /// The next URL in this endpoint's style, or why there is none.
    fn follow(
        &mut self,
        req: &Request,
        answer: Answer<'_>,
        received: usize,
        biggest_before: usize,
    ) -> Result<String, End> {
        let r = answer.report;
        match self.style.clone() {
            Paging::Auto | Paging::None => Err(End::Complete),
            Paging::Link => header(answer.headers, "link")
                .and_then(link::next_link)
                .map(|href| url::resolve(req.url(), &href))
                .ok_or(End::Complete),
            Paging::NextUrl(field) => {
                let found = match &field {
                    Some(f) => r.meta(f),
                    None => NEXT_URL_FIELDS
                        .iter()
                        .find_map(|f| r.meta(f).filter(|v| looks_like_url(v))),
                };
                found
                    .map(|href| url::resolve(req.url(), href))
                    .ok_or(End::Complete)
            }
            Paging::Cursor { field, param } => {
                if HAS_MORE.iter().any(|f| r.meta(f) == Some("false")) {
                    return Err(End::Complete);
                }
                let (cursor, param) = match &field {
                    Some(f) => (r.meta(f), param.unwrap_or_else(|| default_param(f))),
                    None => match CURSOR_FIELDS.iter().find(|(f, _)| r.meta(f).is_some()) {
                        Some((f, p)) => (r.meta(f), param.unwrap_or_else(|| p.to_string())),
                        None => (None, String::new()),
                    },
                };
                let Some(cursor) = cursor else {
                    return Err(End::Complete);
                };
                if !self.cursors.insert(cursor.to_string()) {
                    return Err(End::Halted(
                        "the endpoint sent the same cursor again".into(),
                    ));
                }
                Ok(url::set_query_param(req.url(), &param, cursor))
            }
            Paging::Offset { param } => {
                self.numbered_end(received, biggest_before)?;
                let at: u64 = number_param(req.url(), &param, 0)?;
                Ok(url::set_query_param(
                    req.url(),
                    &param,
                    &(at + received as u64).to_string(),
                ))
            }
            Paging::Page { param } => {
                self.numbered_end(received, biggest_before)?;
                let at: u64 = number_param(req.url(), &param, 1)?;
                if let Some(last) = TOTAL_PAGES
                    .iter()
                    .find_map(|f| r.meta(f).and_then(|v| v.parse::<u64>().ok()))
                    && at >= last
                {
                    return Err(End::Complete);
                }
                Ok(url::set_query_param(
                    req.url(),
                    &param,
                    &(at + 1).to_string(),
                ))
            }
        }
    }

    /// The end conditions of numbered pages: an empty page, the reported total,
    /// or a page shorter than the ones before (the first page may be short
    /// because the endpoint caps the page size, so one more is asked for).
    fn numbered_end(&self, received: usize, biggest_before: usize) -> Result<(), End> {
        let short = self.pages >= 2 && received < biggest_before;
        let all = self.total.is_some_and(|t| self.received >= t);
        if received == 0 || short || all {
            Err(End::Complete)
        } else {
            Ok(())
        }
    }
}

/// The parameter a cursor field goes back as when the URL does not say.
fn default_param(field: &str) -> String {
    CURSOR_FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or_else(|| "cursor".to_string(), |(_, p)| p.to_string())
}

/// The number in query parameter `name` (`default` when absent).
fn number_param(u: &str, name: &str, default: u64) -> Result<u64, End> {
    match url::query_param(u, name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| End::Halted(format!("the paging parameter {name}={v} is not a number"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::Dataset;
    use crate::core::ingest::progress::Summary;
    use crate::core::roles::Role;

    /// A recorded endpoint: (headers, body) for a URL.
    type Endpoint = dyn Fn(&str) -> (Vec<(String, String)>, String);

    const N: usize = 237;

    fn entry(i: usize) -> String {
        format!(
            r#"{{"id":"evt-{i:05}","createdAt":"2026-10-31T{:02}:{:02}:00Z","type":"user.login"}}"#,
            23 - i / 60 % 24,
            59 - i % 60
        )
    }

    fn page(from: usize, size: usize) -> String {
        let items: Vec<String> = (from..(from + size).min(N)).map(entry).collect();
        format!("[{}]", items.join(","))
    }

    fn offset_of(u: &str, name: &str) -> usize {
        url::query_param(u, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    }

    /// Loads through `endpoint` as the app does; returns (ids in load order, end, requests).
    fn load(source: Source, endpoint: &Endpoint) -> (Vec<String>, End, Vec<String>) {
        load_into(Dataset::new(), source, endpoint)
    }

    fn load_into(
        mut ds: Dataset,
        source: Source,
        endpoint: &Endpoint,
    ) -> (Vec<String>, End, Vec<String>) {
        let mut p = Planner::new(source);
        let mut urls = Vec::new();
        while let Some(req) = p.next().cloned() {
            assert!(urls.len() < 50, "runaway: {urls:?}");
            urls.push(req.url().to_string());
            if urls.len() == 2 {
                ds.track_duplicates();
            }
            let (headers, body) = endpoint(req.url());
            let mut b = ds.begin_body(p.source().limit);
            b.push_vec(body.into_bytes());
            let report = ds.end_body(b).unwrap();
            p.answered(Answer {
                headers: &headers,
                report: &report,
                loaded: ds.len(),
            });
        }
        let id = ds.role(Role::Id).unwrap();
        let ids = (0..ds.len() as u32)
            .map(|r| ds.store().cell(r, id).text().into_owned())
            .collect();
        (ids, p.end().cloned().unwrap(), urls)
    }

    fn all_ids() -> Vec<String> {
        (0..N).map(|i| format!("evt-{i:05}")).collect()
    }

    fn wrap(items: &str, rest: &str) -> String {
        format!(r#"{{"items":{items}{rest}}}"#)
    }

    #[test]
    fn link_headers_are_followed_to_the_end() {
        let ep = |u: &str| {
            let at = offset_of(u, "cursor");
            let mut h = vec![];
            if at + 50 < N {
                h.push((
                    "Link".to_string(),
                    format!(
                        r#"</audit?cursor={}>; rel="next", </audit>; rel="first""#,
                        at + 50
                    ),
                ));
            }
            (h, page(at, 50))
        };
        let (ids, end, urls) = load(Source::new("https://api.test/audit"), &ep);
        assert_eq!(ids, all_ids());
        assert_eq!(end, End::Complete);
        assert_eq!(urls.len(), 5);
        assert_eq!(
            urls[1], "https://api.test/audit?cursor=50",
            "relative links resolve"
        );
    }

    #[test]
    fn next_urls_in_the_body_in_each_spelling() {
        for field in ["next", "next_page", "links.next", "@odata.nextLink"] {
            let ep = move |u: &str| {
                let at = offset_of(u, "skip");
                let next = if at + 50 < N {
                    format!("\"https://api.test/audit?skip={}\"", at + 50)
                } else {
                    "null".into()
                };
                let body = match field.split_once('.') {
                    Some((a, b)) => wrap(&page(at, 50), &format!(r#","{a}":{{"{b}":{next}}}"#)),
                    None => wrap(&page(at, 50), &format!(r#","{field}":{next}"#)),
                };
                (vec![], body)
            };
            let (ids, end, _) = load(Source::new("https://api.test/audit"), &ep);
            assert_eq!((ids, end), (all_ids(), End::Complete), "{field}");
        }
    }

    #[test]
    fn cursors_go_back_as_the_parameter_the_api_expects() {
        let styles: [(&str, &str, &str); 5] = [
            ("nextPageToken", "pageToken", "omit"),
            ("response_metadata.next_cursor", "cursor", "empty"),
            ("NextToken", "NextToken", "omit"),
            ("after", "after", "null"),
            ("cursor", "cursor", "null"),
        ];
        for (field, param, last) in styles {
            let ep = move |u: &str| {
                let at = url::query_param(u, param)
                    .and_then(|t| t.strip_prefix("tok").and_then(|n| n.parse().ok()))
                    .unwrap_or(0usize);
                let value = if at + 50 < N {
                    format!("\"tok{}\"", at + 50)
                } else {
                    match last {
                        "empty" => "\"\"".into(),
                        "null" => "null".into(),
                        _ => String::new(),
                    }
                };
                let member = if value.is_empty() {
                    String::new()
                } else {
                    match field.split_once('.') {
                        Some((a, b)) => format!(r#","{a}":{{"{b}":{value}}}"#),
                        None => format!(r#","{field}":{value}"#),
                    }
                };
                (vec![], wrap(&page(at, 50), &member))
            };
            let (ids, end, urls) = load(Source::new("https://api.test/audit?limit=50"), &ep);
            assert_eq!((ids, end), (all_ids(), End::Complete), "{field}");
            assert_eq!(
                urls[1],
                format!("https://api.test/audit?limit=50&{param}=tok50")
            );
        }
    }

    #[test]
    fn offsets_end_on_a_short_page_or_the_reported_total() {
        let ep = |u: &str| {
            let at = offset_of(u, "offset");
            (
                vec![],
                format!(r#"{{"results":{},"total":{N}}}"#, page(at, 50)),
            )
        };
        let (ids, end, urls) = load(Source::new("https://api.test/a?offset=0&limit=50"), &ep);
        assert_eq!((ids, end), (all_ids(), End::Complete));
        assert_eq!(urls.len(), 5, "no request after the total: {urls:?}");
        // Without a total, 250 entries end on an empty page.
        let ep = |u: &str| {
            let at = offset_of(u, "offset");
            let items: Vec<String> = (at..(at + 50).min(250)).map(entry).collect();
            (vec![], format!("[{}]", items.join(",")))
        };
        let (ids, _, urls) = load(Source::new("https://api.test/a?offset=0&limit=50"), &ep);
        assert_eq!(ids.len(), 250);
        assert_eq!(urls.len(), 6);
    }

    #[test]
    fn a_capped_first_page_is_not_mistaken_for_the_last() {
        // limit=1000 asked, the API gives 50 at a time.
        let ep = |u: &str| (vec![], page(offset_of(u, "offset"), 50));
        let (ids, end, _) = load(Source::new("https://api.test/a?offset=0&limit=1000"), &ep);
        assert_eq!((ids, end), (all_ids(), End::Complete));
    }

    #[test]
    fn page_numbers_follow_total_pages_or_a_short_page() {
        let ep = |u: &str| {
            let p = offset_of(u, "page").max(1);
            (vec![], page((p - 1) * 50, 50))
        };
        let (ids, end, urls) = load(Source::new("https://api.test/a?page=1&per_page=50"), &ep);
        assert_eq!((ids, end), (all_ids(), End::Complete));
        assert_eq!(
            urls.last().unwrap(),
            "https://api.test/a?page=5&per_page=50"
        );
        let ep = |u: &str| {
            let p = offset_of(u, "page").max(1);
            let body = format!(r#"{{"data":{},"total_pages":5}}"#, page((p - 1) * 50, 50));
            (vec![], body)
        };
        let (ids, _, urls) = load(
            Source {
                paging: Paging::Page {
                    param: "page".into(),
                },
                ..Source::new("https://api.test/a")
            },
            &ep,
        );
        assert_eq!((ids.len(), urls.len()), (N, 5));
    }

    #[test]
    fn a_repeated_cursor_stops_the_loop() {
        let ep = |_: &str| (vec![], wrap(&page(0, 50), r#","nextPageToken":"same""#));
        let (ids, end, urls) = load(Source::new("https://api.test/a"), &ep);
        assert_eq!(ids.len(), 50, "the first page stays");
        assert_eq!(urls.len(), 2);
        assert_eq!(
            end,
            End::Halted("the endpoint sent the same cursor again".into())
        );
    }

    #[test]
    fn a_next_link_to_a_loaded_page_stops_the_loop() {
        let ep = |_: &str| {
            let h = vec![("link".into(), r#"<https://api.test/a>; rel="next""#.into())];
            (h, page(0, 10))
        };
        let (_, end, urls) = load(Source::new("https://api.test/a"), &ep);
        assert_eq!(urls.len(), 1);
        assert!(matches!(end, End::Halted(m) if m.contains("already loaded")));
    }

    #[test]
    fn an_endpoint_that_ignores_the_page_parameter_is_caught() {
        let ep = |_: &str| (vec![], page(0, 50));
        let (ids, end, urls) = load(Source::new("https://api.test/a?page=1"), &ep);
        assert_eq!((ids.len(), urls.len()), (50, 2));
        assert!(
            matches!(end, End::Halted(m) if m.starts_with("page 2 brought only entries already loaded"))
        );
    }

    #[test]
    fn overlapping_pages_of_a_growing_log_add_each_entry_once() {
        // Offset paging while one new entry arrives per request: every page repeats one.
        let ep = |u: &str| {
            let at = offset_of(u, "offset");
            let shift = at / 50;
            (vec![], page(at.saturating_sub(shift), 50))
        };
        let (ids, _, _) = load(Source::new("https://api.test/a?offset=0&limit=50"), &ep);
        assert_eq!(ids, all_ids());
    }

    #[test]
    fn the_entry_limit_stops_paging_and_says_so() {
        let ep = |u: &str| (vec![], page(offset_of(u, "offset"), 50));
        let (ids, end, urls) = load(
            Source {
                limit: 120,
                ..Source::new("https://api.test/a?offset=0&limit=50")
            },
            &ep,
        );
        assert_eq!((ids.len(), urls.len()), (120, 3));
        assert_eq!(end, End::Limit(120));
        assert!(
            end.message()
                .unwrap()
                .contains("safety limit of 120 entries")
        );
    }

    #[test]
    fn the_memory_limit_stops_paging_keeps_what_arrived_and_says_so() {
        // What three pages of 50 take, give or take: the fourth is never asked for.
        let mut probe = Dataset::new();
        probe.load(page(0, 150).into_bytes()).unwrap();
        let mut ds = Dataset::new();
        ds.set_memory_budget(probe.store().heap_bytes());
        let ep = |u: &str| (vec![], page(offset_of(u, "offset"), 50));
        let (ids, end, urls) =
            load_into(ds, Source::new("https://api.test/a?offset=0&limit=50"), &ep);
        assert!(
            urls.len() < N / 50,
            "stopped early: {} requests",
            urls.len()
        );
        assert_eq!(end, End::Memory(ids.len()));
        assert_eq!(
            ids,
            all_ids()[..ids.len()],
            "every entry that arrived, in order"
        );
        let msg = end.message().unwrap();
        assert!(
            msg.contains(&format!("memory limit after {} entries", ids.len())),
            "{msg}"
        );
    }

    // Bug: a body stopped at its cap (an entry too large) showed two notes, the
    // fault's and the memory limit's, which said less and contradicted it.
    #[test]
    fn a_body_stopped_at_its_cap_ends_the_load_with_one_note_saying_what_was_too_large() {
        let mut ds = Dataset::new();
        ds.set_memory_budget(2_000_000);
        // Fifty entries, then one that never ends.
        let first = page(0, 50);
        let body = format!(
            r#"{},{{"id":"big","pad":"{}"#,
            &first[..first.len() - 1],
            "x".repeat(4_000_000)
        );
        let mut p = Planner::new(Source::new("https://api.test/a?offset=0&limit=50"));
        let req = p.next().cloned().unwrap();
        let mut b = ds.begin_body(p.source().limit);
        for c in body.as_bytes().chunks(4096) {
            if b.is_full() {
                break;
            }
            if b.push(c) {
                ds.feed(&mut b);
            }
        }
        let report = ds.end_body(b).unwrap();
        assert_eq!(report.added, 50);
        // As the status line gathers them: the body's notes, then the end's.
        let mut summary = Summary::default();
        summary.add(req.page, &report);
        p.answered(Answer {
            headers: &[],
            report: &report,
            loaded: ds.len(),
        });
        summary.notes.extend(p.end().and_then(End::message));
        assert_eq!(summary.notes.len(), 1, "{:#?}", summary.notes);
        assert!(
            summary.notes[0].starts_with("Stopped after 50 entries: an entry is larger than"),
            "{}",
            summary.notes[0]
        );
        assert!(p.next().is_none());
    }

    #[test]
    fn a_single_response_is_one_request() {
        let ep = |_: &str| (vec![], page(0, N));
        let (ids, end, urls) = load(Source::new("https://api.test/all.json"), &ep);
        assert_eq!((ids.len(), end, urls.len()), (N, End::Complete, 1));
    }

    #[test]
    fn offsets_only_the_body_echoes_are_followed() {
        // Regression: no offset= in the first URL, the wrapper echoing offset and limit
        // beside a full page: one page was loaded.
        let ep = |u: &str| {
            let at = offset_of(u, "offset");
            let body = format!(r#"{{"items":{},"offset":{at},"limit":50}}"#, page(at, 50));
            (vec![], body)
        };
        let (ids, end, urls) = load(Source::new("https://api.test/a"), &ep);
        assert_eq!((ids, end), (all_ids(), End::Complete));
        assert_eq!(urls[1], "https://api.test/a?offset=50");
    }

    #[test]
    fn endless_empty_pages_end_the_load() {
        // Regression: empty pages, each with a fresh cursor, never ended the load.
        let ep = |u: &str| {
            let n = offset_of(u, "n");
            let items = if n == 0 { page(0, 10) } else { "[]".into() };
            (
                vec![],
                format!(r#"{{"items":{items},"next":"/a?n={}"}}"#, n + 1),
            )
        };
        let (ids, end, urls) = load(Source::new("https://api.test/a"), &ep);
        assert_eq!(ids.len(), 10, "what arrived stays");
        assert_eq!(urls.len(), 1 + MAX_EMPTY_PAGES);
        assert!(
            end.message().unwrap().contains("empty pages in a row"),
            "{end:?}"
        );
    }

    #[test]
    fn a_next_page_on_another_origin_is_never_requested() {
        // Regression: Link and body next URLs were followed to any origin, with the token.
        for next in [
            r#"<https://evil.test/steal?page=2>; rel="next""#,
            r#"<//evil.test/steal>; rel="next""#,
        ] {
            let ep = move |_: &str| (vec![("Link".to_string(), next.to_string())], page(0, 10));
            let (ids, end, urls) = load(Source::new("https://api.test/a"), &ep);
            assert_eq!((ids.len(), urls.len()), (10, 1), "{next}");
            let msg = end.message().unwrap();
            assert!(
                msg.contains("https://evil.test/steal") && msg.contains("not on https://api.test"),
                "{msg}"
            );
        }
        let ep = |_: &str| {
            (
                vec![],
                wrap(&page(0, 10), r#","@odata.nextLink":"https://evil.test/p2""#),
            )
        };
        let (_, end, urls) = load(Source::new("https://api.test/a"), &ep);
        assert_eq!(urls.len(), 1);
        assert!(matches!(end, End::Halted(_)));
    }

    #[test]
    fn placeholders_are_filled_before_the_gate_looks() {
        // Regression: `…/audit/.{since}./admin` passed the allow-list as written and was
        // fetched as …/admin once {since} was left out.
        let source = Source {
            gate: Gate::new(vec!["https://api.test/audit".into()]),
            ..Source::new("https://api.test/audit/.{since}./admin")
        };
        let p = Planner::new(source.clone());
        assert!(p.next().is_none());
        assert!(
            matches!(p.end(), Some(End::Refused(m)) if m.contains("not one this Trailview is allowed"))
        );
        // With a time filled in, the segment is an ordinary name under /audit.
        let p = Planner::refresh(source, Some(0));
        assert_eq!(
            p.next().unwrap().url(),
            "https://api.test/audit/.1970-01-01T00%3A00%3A00.000Z./admin"
        );
    }

    #[test]
    fn a_refresh_ends_at_the_first_page_with_nothing_new() {
        let mut p = Planner::refresh(
            Source::new("https://api.test/a?page=1&since={since}"),
            Some(0),
        );
        assert_eq!(
            p.next().unwrap().url(),
            "https://api.test/a?page=1&since=1970-01-01T00%3A00%3A00.000Z"
        );
        let mut r = IngestReport::new(crate::core::ingest::Shape::Array);
        r.added = 3;
        r.duplicates = 47;
        assert!(
            p.answered(Answer {
                headers: &[],
                report: &r,
                loaded: 10
            })
            .is_some()
        );
        r.added = 0;
        r.duplicates = 50;
        assert!(
            p.answered(Answer {
                headers: &[],
                report: &r,
                loaded: 10
            })
            .is_none()
        );
        assert_eq!(p.end(), Some(&End::Complete));
    }
}
