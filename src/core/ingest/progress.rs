//! What the status line says about a load: progress while pages arrive, the
//! summary of what came in, and why a load ended early. Plain data; the
//! interface shows these strings as they are.

use crate::core::ingest::{IngestError, IngestReport, MAX_LISTED_SKIPS, Shape, Skipped};
use crate::core::view::present;

/// A page (response) being received.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// The page number, from 1.
    pub page: usize,
    /// Bytes of this page received so far.
    pub received: u64,
    /// Its `Content-Length`, when sent.
    pub length: Option<u64>,
    /// Set while waiting to try again ("Page 3 answered HTTP 503; trying again in 2 s").
    pub waiting: Option<String>,
}

/// Everything loaded so far, over all pages.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Entries in the dataset.
    pub entries: usize,
    /// Pages answered.
    pub pages: usize,
    /// Bytes received.
    pub bytes: u64,
    /// From the first request to the last entry filed.
    pub millis: f64,
    /// Shape of the first page.
    pub shape: Option<Shape>,
    /// Entries the endpoint says it has, when it says.
    pub total: Option<u64>,
    /// Parts skipped, and the first ones with their page.
    pub skipped: usize,
    /// (page, what was skipped).
    pub skips: Vec<(usize, Skipped)>,
    /// Values that were not UTF-8.
    pub invalid_utf8: usize,
    /// Entries dropped because an earlier response had them.
    pub duplicates: usize,
    /// Why the log may be incomplete (a fault in a body, the limit, a loop, Stop).
    pub notes: Vec<String>,
}

impl Summary {
    /// Adds what page `page` brought. A body stopped for holding too much ends the
    /// load, and the planner's end says so ([`End::TooLarge`]): its fault is not
    /// noted twice.
    ///
    /// [`End::TooLarge`]: crate::core::source::plan::End::TooLarge
    pub(crate) fn add(&mut self, page: usize, r: &IngestReport) {
        self.pages = self.pages.max(page);
        if self.shape.is_none() {
            self.shape = Some(r.shape.clone());
        }
        self.total = r.total.or(self.total);
        self.skipped += r.skipped;
        let room = MAX_LISTED_SKIPS.saturating_sub(self.skips.len());
        self.skips
            .extend(r.skips.iter().take(room).map(|s| (page, s.clone())));
        self.invalid_utf8 += r.invalid_utf8;
        self.duplicates += r.duplicates;
        if let Some(f) = &r.fault
            && !matches!(f, IngestError::TooLarge { .. })
        {
            let which = if page > 1 {
                format!("Page {page} ended early")
            } else {
                "The response ended early".to_string()
            };
            self.notes.push(format!(
                "{which}: {f}. Every complete entry before that point is loaded."
            ));
        }
    }

    /// True if something says the log may be incomplete.
    pub(crate) fn partial(&self) -> bool {
        !self.notes.is_empty()
    }

    /// "Line 4" or, past the first page, "Page 3, line 4".
    pub(crate) fn skip_place(page: usize, s: &Skipped, pages: usize) -> String {
        if pages > 1 {
            format!("Page {page}, line {}", s.line)
        } else {
            format!("Line {}", s.line)
        }
    }
}

/// Where a load stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Phase {
    /// Nothing asked for yet.
    #[default]
    Idle,
    /// Receiving a page.
    Loading(Progress),
    /// Ended: complete, or early with a note in the summary.
    Done,
    /// Stopped by an error; what arrived before it stays usable.
    Failed {
        /// What went wrong, naming the (masked) URL.
        message: String,
        /// The endpoint refused without a valid token (401/403).
        needs_token: bool,
        /// The HTTP status, when the endpoint answered with one.
        status: Option<u16>,
    },
}

/// A load: its (masked) URL, phase and summary.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LoadState {
    /// The source as shown (credentials masked).
    pub url: String,
    /// Where it stands.
    pub phase: Phase,
    /// What arrived.
    pub summary: Summary,
    /// Resume can go on from where it stopped.
    pub resumable: bool,
}

impl LoadState {
    /// True while pages are being received.
    pub(crate) fn loading(&self) -> bool {
        matches!(self.phase, Phase::Loading(_))
    }

    /// "Loading page 7 · 12,400 entries so far (of 20,000) · 1.2 MB of 3 MB".
    pub(crate) fn progress_line(&self) -> String {
        let Phase::Loading(p) = &self.phase else {
            return String::new();
        };
        let mut out = format!(
            "Loading page {} · {} so far",
            p.page.max(1),
            present::counted(self.summary.entries, "entry", "entries")
        );
        if let Some(t) = self.summary.total {
            out.push_str(&format!(" of {}", present::count(t as usize)));
        }
        match p.length {
            Some(l) if p.received <= l => out.push_str(&format!(
                " · {} of {}",
                present::bytes(p.received),
                present::bytes(l)
            )),
            _ if p.received > 0 => out.push_str(&format!(" · {}", present::bytes(p.received))),
            _ => {}
        }
        out
    }

    /// Fraction done for the progress bar, when known: entries of the reported
    /// total, else bytes of a single page's length.
    pub(crate) fn fraction(&self) -> Option<f64> {
        let Phase::Loading(p) = &self.phase else {
            return None;
        };
        match (self.summary.total, p.length) {
            (Some(t), _) if t > 0 => Some((self.summary.entries as f64 / t as f64).min(1.0)),
            (_, Some(l)) if l > 0 && p.page <= 1 && p.received <= l => {
                Some(p.received as f64 / l as f64)
            }
            _ => None,
        }
    }

    /// "Loaded 3,412 entries", or "Loaded 3,412 of 50,000 entries" when the
    /// endpoint reports more than arrived.
    pub(crate) fn loaded_line(&self) -> String {
        let s = &self.summary;
        match s.total {
            Some(t) if t > s.entries as u64 => format!(
                "Loaded {} of {} entries",
                present::count(s.entries),
                present::count(t as usize)
            ),
            _ => format!("Loaded {}", present::counted(s.entries, "entry", "entries")),
        }
    }

    /// True if the log may hold more than arrived: a note says so (stopped, capped,
    /// cut short) or the endpoint reports more.
    pub(crate) fn incomplete(&self) -> bool {
        let s = &self.summary;
        s.partial() || s.total.is_some_and(|t| t > s.entries as u64)
    }

    /// "a JSON array · 5 pages · 41 MB in 651 ms".
    pub(crate) fn detail_line(&self) -> String {
        let s = &self.summary;
        let mut parts = Vec::new();
        if let Some(shape) = &s.shape {
            parts.push(shape.to_string());
        }
        if s.pages > 1 {
            parts.push(format!("{} pages", present::count(s.pages)));
        }
        parts.push(format!("{} in {:.0} ms", present::bytes(s.bytes), s.millis));
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ingest::IngestError;

    #[test]
    fn progress_says_page_entries_and_bytes() {
        let mut s = LoadState {
            url: "https://x.test/a".into(),
            phase: Phase::Loading(Progress {
                page: 7,
                received: 1_200_000,
                length: Some(3_000_000),
                waiting: None,
            }),
            ..Default::default()
        };
        s.summary.entries = 12_400;
        assert_eq!(
            s.progress_line(),
            "Loading page 7 · 12,400 entries so far · 1.2 MB of 3.0 MB"
        );
        s.summary.total = Some(20_000);
        assert!(
            s.progress_line()
                .contains("12,400 entries so far of 20,000")
        );
        assert_eq!(s.fraction(), Some(0.62));
        s.summary.entries = 1;
        s.summary.total = None;
        assert!(
            s.progress_line()
                .starts_with("Loading page 7 · 1 entry so far")
        );
    }

    #[test]
    fn one_entry_is_one_entry() {
        let mut s = LoadState::default();
        s.summary.entries = 1;
        assert_eq!(s.loaded_line(), "Loaded 1 entry");
        s.summary.entries = 0;
        assert_eq!(s.loaded_line(), "Loaded 0 entries");
        s.summary.entries = 3_412;
        assert_eq!(s.loaded_line(), "Loaded 3,412 entries");
    }

    #[test]
    fn pages_add_up_and_a_fault_becomes_a_note() {
        let mut sum = Summary::default();
        let mut r = IngestReport::new(Shape::Ndjson);
        r.skipped = 2;
        r.skips = vec![Skipped {
            line: 4,
            reason: "bad".into(),
        }];
        sum.add(1, &r);
        r.fault = Some(IngestError::Empty);
        sum.add(2, &r);
        assert_eq!((sum.pages, sum.skipped, sum.skips.len()), (2, 4, 2));
        assert!(sum.partial());
        assert!(sum.notes[0].starts_with("Page 2 ended early: the response is empty."));
        assert_eq!(Summary::skip_place(2, &sum.skips[1].1, 2), "Page 2, line 4");
    }
}
