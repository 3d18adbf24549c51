//! Live refresh's look at a view on ClickHouse: one query counts the view and its
//! rows newer than the newest shown. When the count moved (or the admin changed
//! the view meanwhile), the view is asked again, what it could show is counted
//! again, and what is new is announced; a failure is announced and what is shown
//! stays.

use super::answer::Compact;
use super::fault::Fault;
use super::order::order_of;
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::settings::Settings;
use super::view::Left;
use crate::core::engine::Ask;
use crate::core::time::EpochMs;
use crate::core::trust::redact::Redaction;
use crate::core::view::present;

/// What live refresh found.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Checked {
    /// Nothing moved: what is shown stays.
    Same,
    /// The view moved: ask `ask` again, and announce `news` if there is any.
    Moved {
        /// The view to ask again (same page, sort and open entry).
        ask: Box<Ask>,
        /// "3 new entries", when rows newer than the newest shown came.
        news: Option<String>,
        /// How many rows are newer than the newest shown.
        newer: usize,
        /// How many of those come before the first row of the page being read,
        /// when its keys compare exactly.
        before: Option<usize>,
    },
    /// Cancelled by the page.
    Aborted,
    /// The look failed: this is announced, and the next refresh tries again.
    Failed(String),
}

/// One look (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct News {
    ask: Ask,
    query: Query,
    redaction: Redaction,
}

impl News {
    /// The look at `ask` with `planner`: its rows newer than `newest` are new, and
    /// those before `first` (the sort keys of the page's first row) are counted.
    pub(crate) fn new(
        ask: Ask,
        planner: &Planner,
        settings: &Settings,
        (newest, first): (Option<EpochMs>, Option<Vec<serde_json::Value>>),
        slot: String,
    ) -> News {
        let (order, _) = order_of(planner, &ask.sort);
        let sql = planner.news(&ask.spec, newest, first.as_deref().map(|f| (&order, f)));
        News {
            query: Query::new(sql, settings, Some(slot), Purpose::News),
            redaction: planner.redaction().clone(),
            ask,
        }
    }

    /// The query to send.
    pub(crate) fn query(&self) -> &Query {
        &self.query
    }

    /// Digests its answer: `shown` is the total the view shows now; `left`, what the
    /// views left (the view asked last, and the count of what it could show).
    pub(crate) fn digest(
        self,
        result: Result<Compact, Fault>,
        left: &mut Left,
        shown: Option<usize>,
    ) -> Checked {
        match result {
            Ok(a) => {
                let (total, newer, before) = Planner::read_news(&a);
                let moved = left.last.as_ref() != Some(&self.ask);
                if !moved && shown == Some(total) {
                    return Checked::Same;
                }
                // What the view could show grew too.
                left.all_for = None;
                Checked::Moved {
                    ask: Box::new(self.ask),
                    newer,
                    before,
                    news: match newer {
                        0 => None,
                        1 => Some("1 new entry".to_string()),
                        n => Some(format!("{} new entries", present::count(n))),
                    },
                }
            }
            Err(f) if f.is_aborted() => Checked::Aborted,
            Err(f) => Checked::Failed(format!("Live refresh failed: {}", f.shown(&self.redaction))),
        }
    }
}
