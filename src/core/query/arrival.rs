//! How entries that live refresh brings move the page being read.
//!
//! New entries are filed after every loaded one (higher rows). In the view's order
//! some of them may come before the first row on screen: the page's rows would slide
//! down by that many. The view's `shift` grows by exactly that count, so the page keeps
//! showing the rows being read; [`settle`] drops the shift once the admin moves on.

use crate::core::dataset::Dataset;
use crate::core::query::rowset::RowSet;
use crate::core::query::sort::order_keys;
use crate::core::query::state::ViewState;
use crate::core::store::{NodeId, Row};

/// How many of the rows of `matched` filed from `first_new` on come before `anchor`
/// (an older row) in the order by `col` (`None`: load order), descending if `desc`.
/// Ties keep load order, so a new row equal to the anchor comes after it.
pub(crate) fn arrived_before(
    ds: &Dataset,
    matched: &RowSet,
    col: Option<NodeId>,
    desc: bool,
    anchor: Row,
    first_new: Row,
) -> usize {
    let Some(col) = col else {
        return 0;
    };
    if anchor >= first_new {
        return 0;
    }
    let set = RowSet::from_rows(
        matched.universe(),
        std::iter::once(anchor).chain(matched.iter().filter(|&r| r >= first_new)),
    );
    // The anchor is the set's lowest row, so its key comes first.
    let keys = order_keys(ds, &set, col, desc);
    let Some((&mine, rest)) = keys.split_first() else {
        return 0;
    };
    rest.iter().filter(|&&k| k < mine).count()
}

/// Drops the shift (and its row) when a change of the view from `before` to `after`
/// means the admin moved on: other rows, another order or page size, or back to the
/// first page. Opening an entry or a page further on keeps it.
pub(crate) fn settle(before: &ViewState, after: &mut ViewState) {
    let moved = before.source != after.source
        || before.range != after.range
        || before.q != after.q
        || before.sort != after.sort
        || before.size != after.size
        || before.map != after.map
        || (after.page == 0 && before.page != 0);
    if moved {
        after.shift = 0;
        after.top = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::{paginate_shifted, sort_rows};

    /// 120 entries a minute apart, newest first (as a log API sends them), each by
    /// one of four actors; then `new` more, newer still, all by `ada`.
    fn log(new: usize) -> (Dataset, Row) {
        let actors = ["ada", "bob", "cy", "dee"];
        let mut items: Vec<String> = (0..120)
            .rev()
            .map(|i| {
                format!(
                    r#"{{"id":"e{i}","time":"2026-12-01T{:02}:{:02}:00Z","actor":"{}@x.io"}}"#,
                    i / 60,
                    i % 60,
                    actors[i % 4]
                )
            })
            .collect();
        for i in 120..120 + new {
            items.push(format!(
                r#"{{"id":"e{i}","time":"2026-12-01T{:02}:{:02}:00Z","actor":"ada@x.io"}}"#,
                i / 60,
                i % 60
            ));
        }
        let ds = Dataset::from_bytes(format!("[{}]", items.join(",")).into_bytes())
            .unwrap()
            .0;
        (ds, 120)
    }

    /// The ids on page `page` (25 rows) after `shift`, sorted by `col`.
    fn page(ds: &Dataset, col: &str, desc: bool, page: usize, shift: usize) -> Vec<String> {
        let order = sort_rows(ds, &RowSet::full(ds.len()), ds.column(col), desc);
        let p = paginate_shifted(order.len(), page, 25, shift);
        order[p.start..p.end]
            .iter()
            .map(|&r| ds.entry_key(r))
            .collect()
    }

    /// Page 3 before the arrivals, and the shift that keeps it after them.
    fn kept(col: &str, desc: bool, new: usize) -> (Vec<String>, Vec<String>, usize) {
        let (old, _) = log(0);
        let before = page(&old, col, desc, 2, 0);
        let (ds, first_new) = log(new);
        let order = sort_rows(&old, &RowSet::full(old.len()), old.column(col), desc);
        let anchor = order[50];
        let all = RowSet::full(ds.len());
        let shift = arrived_before(&ds, &all, ds.column(col), desc, anchor, first_new);
        (before, page(&ds, col, desc, 2, shift), shift)
    }

    #[test]
    fn newest_first_every_arrival_comes_before_the_page_and_the_rows_stay() {
        let (before, after, shift) = kept("time", true, 3);
        assert_eq!(shift, 3);
        assert_eq!(before, after, "page 3 shows the same entries");
        assert_eq!(before[0], "e69", "page 3 starts 01:09");
    }

    #[test]
    fn oldest_first_arrivals_come_after_the_page_and_nothing_moves() {
        let (before, after, shift) = kept("time", false, 3);
        assert_eq!(shift, 0);
        assert_eq!(before, after);
    }

    #[test]
    fn in_another_order_only_the_arrivals_before_the_page_count() {
        // By actor: page 3 holds bob's entries (ada's 30 fill pages 1 and part of 2),
        // so all three new ada entries come before it.
        let (before, after, shift) = kept("actor", false, 3);
        assert_eq!(shift, 3);
        assert_eq!(before, after);
        // Descending, ada's entries are last: they come after page 3.
        let (before, after, shift) = kept("actor", true, 3);
        assert_eq!(shift, 0);
        assert_eq!(before, after);
    }

    #[test]
    fn arrivals_within_the_page_keep_its_first_row() {
        // By actor ascending, page 2 (rows 25-49) starts inside ada's block (30 rows):
        // new ada entries tie with the anchor and come after it, within the page.
        let (old, _) = log(0);
        let (ds, first_new) = log(2);
        let order = sort_rows(&old, &RowSet::full(old.len()), old.column("actor"), false);
        let all = RowSet::full(ds.len());
        let shift = arrived_before(&ds, &all, ds.column("actor"), false, order[25], first_new);
        assert_eq!(shift, 0);
        let after = page(&ds, "actor", false, 1, shift);
        assert_eq!(after[0], old.entry_key(order[25]), "the first row stays");
        assert!(
            after.contains(&"e120".to_string()),
            "the new rows show within it"
        );
    }

    #[test]
    fn only_rows_the_view_matches_count() {
        let (ds, first_new) = log(3);
        let mut some = RowSet::full(ds.len());
        some.invert();
        some.insert(first_new); // one of the three new rows matches
        let order = sort_rows(&ds, &RowSet::full(ds.len()), ds.column("time"), true);
        let anchor = order[60];
        assert_eq!(
            arrived_before(&ds, &some, ds.column("time"), true, anchor, first_new),
            1
        );
        // Load order: arrivals are filed last.
        assert_eq!(arrived_before(&ds, &some, None, true, anchor, first_new), 0);
    }

    #[test]
    fn the_shift_stays_while_reading_on_and_goes_when_the_admin_moves_on() {
        let before = ViewState {
            page: 2,
            shift: 3,
            top: Some("e69".into()),
            ..Default::default()
        };
        let mut next = ViewState {
            page: 3,
            entry: Some("e70".into()),
            ..before.clone()
        };
        settle(&before, &mut next);
        assert_eq!((next.shift, next.top.as_deref()), (3, Some("e69")));
        for change in [
            |v: &mut ViewState| v.page = 0,
            |v: &mut ViewState| v.q = "ada".into(),
            |v: &mut ViewState| {
                v.set_filter(
                    &crate::core::query::lang::Field::Path("actor".into()),
                    "ada",
                    &|_: &str| true,
                )
            },
            |v: &mut ViewState| v.size = 100,
            |v: &mut ViewState| v.sort = crate::core::query::Sort::Off,
        ] {
            let mut after = before.clone();
            change(&mut after);
            settle(&before, &mut after);
            assert_eq!((after.shift, after.top), (0, None));
        }
    }
}
