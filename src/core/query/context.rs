//! Show in context: the entries just before and after one entry in time, whatever the
//! view's search, column filters and range (the app scope of an app view and a host's
//! pinned filters still hold).
//!
//! Time order is the log's event time, oldest first; ties keep load order; entries
//! without a readable time come after every timed one, in load order (so a log
//! without times is read in load order). The view state says which entry and how
//! far each side ([`Around`], `context=`, `before=`, `after=`); changing the filters
//! leaves the context ([`settle`]).

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::query::rowset::RowSet;
use crate::core::query::state::{Around, ViewState};
use crate::core::roles::Role;
use crate::core::store::Row;
use crate::core::time::Zone;
use crate::core::view::present;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The rows around an entry, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Window {
    /// The rows, oldest first, the entry among them.
    pub rows: Vec<Row>,
    /// The entry's row.
    pub entry: Row,
    /// Rows before the entry that the window leaves out.
    pub more_before: bool,
    /// Rows after the entry that the window leaves out.
    pub more_after: bool,
}

impl Window {
    /// The window's rows as a set over `universe` rows.
    pub(crate) fn set(&self, universe: usize) -> RowSet {
        RowSet::from_rows(universe, self.rows.iter().copied())
    }
}

/// A row's place in time order: timed rows first by time, then untimed ones; ties
/// by load order.
fn place(ds: &Dataset, row: Row) -> (bool, i64, Row) {
    let t = ds.times().get(row as usize).copied().unwrap_or(NO_TIME);
    (t == NO_TIME, t, row)
}

/// The `before` rows of `base` just before row `entry` in time order, the entry, and
/// the `after` rows just after it, oldest first. The entry is in the window even
/// when `base` leaves it out. One pass over `base`, keeping `before + after` rows.
pub(crate) fn window(
    ds: &Dataset,
    base: &RowSet,
    entry: Row,
    before: usize,
    after: usize,
) -> Window {
    let mine = place(ds, entry);
    // The latest rows before the entry (a min-heap: its top is dropped first) and
    // the earliest after it (a max-heap).
    let mut early: BinaryHeap<Reverse<(bool, i64, Row)>> = BinaryHeap::new();
    let mut late: BinaryHeap<(bool, i64, Row)> = BinaryHeap::new();
    let (mut n_early, mut n_late) = (0usize, 0usize);
    for row in base.iter().filter(|&r| r != entry) {
        let k = place(ds, row);
        if k < mine {
            n_early += 1;
            early.push(Reverse(k));
            if early.len() > before {
                early.pop();
            }
        } else {
            n_late += 1;
            late.push(k);
            if late.len() > after {
                late.pop();
            }
        }
    }
    let mut early: Vec<Row> = early.into_iter().map(|Reverse(k)| k).map(|k| k.2).collect();
    let mut late: Vec<Row> = late.into_iter().map(|k| k.2).collect();
    let by_place = |a: &Row, b: &Row| place(ds, *a).cmp(&place(ds, *b));
    early.sort_by(by_place);
    late.sort_by(by_place);
    let more_before = n_early > early.len();
    let more_after = n_late > late.len();
    early.push(entry);
    early.extend(late);
    Window {
        rows: early,
        entry,
        more_before,
        more_after,
    }
}

/// The window the view's [`Around`] asks for over `base`, or `None` when its entry
/// is not in the log (any more) or not in `base`: an app view's scope and a host's
/// pinned filters hold for the entry too, so a link cannot show one outside them.
pub(crate) fn around(ds: &Dataset, base: &RowSet, at: &Around) -> Option<Window> {
    let entry = ds.find_entry(&at.key).filter(|&r| base.contains(r))?;
    Some(window(ds, base, entry, at.before, at.after))
}

/// What the banner says of the entry at the window's centre: "Entries around
/// 2026-10-01 12:30 · ada@x.io · user.login".
pub(crate) fn headline(ds: &Dataset, row: Row, zone: Zone) -> String {
    let mut parts = vec![match ds.time(row) {
        Some(t) => format!("Entries around {}", present::short_time(t, zone)),
        None => format!("Entries around entry {}", ds.entry_key(row)),
    }];
    for role in [Role::Actor, Role::Action] {
        if let Some(node) = ds.role(role) {
            let text = present::cell(ds, row, node, zone);
            if !text.is_empty() {
                parts.push(text);
            }
        }
    }
    parts.join(" · ")
}

/// The honest count: "51 entries around this entry".
pub(crate) fn count_line(n: usize) -> String {
    format!(
        "{} around the chosen entry",
        present::counted(n, "entry", "entries")
    )
}

impl ViewState {
    /// Shows the entries around entry `key` (the filters lifted, not dropped): the
    /// entry stays open, [`Around::STEP`] entries each side, from page one.
    pub(crate) fn show_around(&mut self, key: &str) {
        self.context = Some(Around {
            key: key.to_string(),
            before: Around::STEP,
            after: Around::STEP,
        });
        self.entry = Some(key.to_string());
        self.page = 0;
        self.shift = 0;
        self.top = None;
    }

    /// Shows [`Around::STEP`] more entries before (`earlier`) or after the entry.
    pub(crate) fn widen_around(&mut self, earlier: bool) {
        if let Some(c) = &mut self.context {
            let side = if earlier { &mut c.before } else { &mut c.after };
            *side = (*side + Around::STEP).min(Around::MAX);
        }
    }

    /// Back to the filtered view.
    pub(crate) fn leave_around(&mut self) {
        self.context = None;
        self.page = 0;
    }
}

/// Leaves the context when a change of the view from `before` to `after` means the
/// admin filters again (a search, a filter, a range) or reads another log: those
/// apply to the filtered view, which then shows.
pub(crate) fn settle(before: &ViewState, after: &mut ViewState) {
    let refiltered =
        before.source != after.source || before.range != after.range || before.q != after.q;
    if refiltered {
        after.context = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` entries, each a minute after the one before, sent newest first (as log
    /// APIs do): row 0 is the newest.
    fn log(n: usize) -> Dataset {
        let items: Vec<String> = (0..n)
            .rev()
            .map(|i| {
                format!(
                    r#"{{"id":"e{i}","time":"2026-12-01T{:02}:{:02}:00Z","actor":"u{}@x.io","action":"act{i}"}}"#,
                    i / 60,
                    i % 60,
                    i % 3
                )
            })
            .collect();
        Dataset::from_bytes(format!("[{}]", items.join(",")).into_bytes())
            .unwrap()
            .0
    }

    /// The ids of a window's rows.
    fn ids(ds: &Dataset, w: &Window) -> Vec<String> {
        w.rows.iter().map(|&r| ds.entry_key(r)).collect()
    }

    fn at(key: &str, before: usize, after: usize) -> Around {
        Around {
            key: key.into(),
            before,
            after,
        }
    }

    #[test]
    fn the_window_is_the_entries_just_before_and_after_in_time_oldest_first() {
        let ds = log(100);
        let all = RowSet::full(ds.len());
        let w = around(&ds, &all, &at("e50", 2, 3)).unwrap();
        assert_eq!(ids(&ds, &w), ["e48", "e49", "e50", "e51", "e52", "e53"]);
        assert_eq!(w.entry, ds.find_entry("e50").unwrap());
        assert!(w.more_before && w.more_after);
    }

    #[test]
    fn the_first_and_last_entries_have_nothing_on_one_side() {
        let ds = log(10);
        let all = RowSet::full(ds.len());
        let first = around(&ds, &all, &at("e0", 25, 2)).unwrap();
        assert_eq!(ids(&ds, &first), ["e0", "e1", "e2"]);
        assert!(!first.more_before && first.more_after);
        let last = around(&ds, &all, &at("e9", 2, 25)).unwrap();
        assert_eq!(ids(&ds, &last), ["e7", "e8", "e9"]);
        assert!(last.more_before && !last.more_after);
    }

    #[test]
    fn a_window_larger_than_the_log_holds_the_whole_log_in_time_order() {
        let ds = log(7);
        let w = around(&ds, &RowSet::full(ds.len()), &at("e3", 25, 25)).unwrap();
        assert_eq!(ids(&ds, &w), ["e0", "e1", "e2", "e3", "e4", "e5", "e6"]);
        assert!(!w.more_before && !w.more_after);
        let none = around(&ds, &RowSet::full(ds.len()), &at("e3", 0, 0)).unwrap();
        assert_eq!(ids(&ds, &none), ["e3"]);
        assert!(none.more_before && none.more_after);
    }

    #[test]
    fn ties_keep_load_order() {
        let body = r#"[{"id":"a","time":"2026-12-01T10:00:00Z"},
            {"id":"b","time":"2026-12-01T10:00:00Z"},
            {"id":"c","time":"2026-12-01T10:00:00Z"},
            {"id":"d","time":"2026-12-01T09:00:00Z"},
            {"id":"e","time":"2026-12-01T10:00:00Z"}]"#;
        let ds = Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0;
        let all = RowSet::full(ds.len());
        let w = around(&ds, &all, &at("c", 25, 25)).unwrap();
        assert_eq!(ids(&ds, &w), ["d", "a", "b", "c", "e"]);
        let w = around(&ds, &all, &at("c", 1, 1)).unwrap();
        assert_eq!(ids(&ds, &w), ["b", "c", "e"]);
    }

    #[test]
    fn entries_without_time_come_after_the_timed_ones_in_load_order() {
        let body = r#"[{"id":"x","time":"nonsense"},
            {"id":"a","time":"2026-12-01T10:00:00Z"},
            {"id":"y"},
            {"id":"b","time":"2026-12-01T09:00:00Z"}]"#;
        let ds = Dataset::from_bytes(body.as_bytes().to_vec()).unwrap().0;
        let w = around(&ds, &RowSet::full(ds.len()), &at("x", 25, 25)).unwrap();
        assert_eq!(ids(&ds, &w), ["b", "a", "x", "y"]);
        // A log without times: load order.
        let plain = r#"[{"id":"p"},{"id":"q"},{"id":"r"},{"id":"s"}]"#;
        let ds = Dataset::from_bytes(plain.as_bytes().to_vec()).unwrap().0;
        let w = around(&ds, &RowSet::full(ds.len()), &at("r", 1, 1)).unwrap();
        assert_eq!(ids(&ds, &w), ["q", "r", "s"]);
    }

    #[test]
    fn an_entry_gone_from_the_log_has_no_window() {
        let ds = log(5);
        assert_eq!(
            around(&ds, &RowSet::full(ds.len()), &at("e99", 25, 25)),
            None
        );
        assert_eq!(
            around(&ds, &RowSet::full(ds.len()), &at("#99", 25, 25)),
            None
        );
        // `#n` names the n-th loaded entry (row 0 is e4, the newest).
        let w = around(&ds, &RowSet::full(ds.len()), &at("#1", 1, 1)).unwrap();
        assert_eq!(ids(&ds, &w), ["e3", "e4"]);
    }

    #[test]
    fn the_scope_still_holds_but_the_entry_is_always_in_its_window() {
        let ds = log(10);
        // Only every other row may show (an app's entries, say).
        let base = RowSet::from_rows(ds.len(), (0..10).filter(|r| r % 2 == 1));
        let e5 = ds.find_entry("e5").unwrap();
        assert!(!base.contains(e5));
        let w = window(&ds, &base, e5, 1, 1);
        assert_eq!(w.rows.len(), 3);
        assert!(w.rows.contains(&e5));
        assert!(w.rows.iter().all(|&r| r == e5 || base.contains(r)));
    }

    #[test]
    fn a_link_cannot_open_the_context_of_an_entry_outside_the_scope() {
        let ds = log(10);
        let base = RowSet::from_rows(ds.len(), (0..10).filter(|r| r % 2 == 1));
        assert!(!base.contains(ds.find_entry("e5").unwrap()));
        assert_eq!(around(&ds, &base, &at("e5", 1, 1)), None);
        let inside = ds.entry_key(1);
        assert!(around(&ds, &base, &at(&inside, 1, 1)).is_some());
    }

    #[test]
    fn the_context_round_trips_through_the_url_and_widens_in_steps() {
        let mut v = ViewState::from_query("q=alice&f.actor=ada&range=7d&page=3");
        v.show_around("e50");
        let q = v.to_query();
        assert!(q.contains("context=e50"), "{q}");
        assert!(!q.contains("before="), "the default extents stay out: {q}");
        assert!(!q.contains("page="), "{q}");
        // The filters stay in the URL: leaving the context shows them again.
        assert!(q.contains("q=alice%20actor:*ada*"), "{q}");
        assert_eq!(ViewState::from_query(&q), v);
        v.widen_around(true);
        v.widen_around(true);
        v.widen_around(false);
        let q = v.to_query();
        assert!(q.contains("before=75") && q.contains("after=50"), "{q}");
        assert_eq!(ViewState::from_query(&q), v);
        assert_eq!(v.context, Some(at("e50", 75, 50)));
        assert_eq!(v.entry.as_deref(), Some("e50"));
        // Out-of-range extents are clamped; a blank context is none.
        let big = ViewState::from_query("context=%231&before=99999999999&after=x");
        assert_eq!(big.context, Some(at("#1", Around::MAX, Around::STEP)));
        assert_eq!(ViewState::from_query("context=&before=3").context, None);
        v.leave_around();
        assert_eq!(v.context, None);
        assert!(!v.to_query().contains("before="));
    }

    #[test]
    fn filtering_again_leaves_the_context_and_other_changes_keep_it() {
        let mut v = ViewState::default();
        v.show_around("e1");
        let before = v.clone();
        let mut sorted = v.clone();
        sorted.toggle_sort("actor", Some("time"));
        settle(&before, &mut sorted);
        assert!(sorted.context.is_some());
        let mut searched = v.clone();
        searched.set_search("bob");
        settle(&before, &mut searched);
        assert_eq!(searched.context, None);
        let mut filtered = v.clone();
        filtered.set_filter(
            &crate::core::query::lang::Field::Path("actor".into()),
            "ada",
            &|_: &str| true,
        );
        settle(&before, &mut filtered);
        assert_eq!(filtered.context, None);
    }

    #[test]
    fn the_headline_names_the_time_actor_and_action() {
        let ds = log(3);
        let row = ds.find_entry("e1").unwrap();
        assert_eq!(
            headline(&ds, row, Zone::Utc),
            "Entries around 2026-12-01 00:01 · u1@x.io · act1"
        );
        assert_eq!(count_line(51), "51 entries around the chosen entry");
        assert_eq!(count_line(1), "1 entry around the chosen entry");
    }
}
