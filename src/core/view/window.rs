//! The table's rendering window: which rows of the page are rendered for where the
//! table is scrolled, what the spacers around them stand for, how a screen reader
//! numbers them, where to scroll so that a row the keyboard moves to is shown, and
//! whether a change of the rendered rows keeps the focused row's node in place.
//!
//! Rows have one fixed height (single-line cells, truncated with an ellipsis), so a
//! row's place follows from its index: rendering a window of the page plus a margin,
//! with spacers standing in for the rows above and below it, keeps the scrollbar
//! honest while only a screenful of rows is in the DOM.

use std::ops::Range;

/// Rows rendered beyond each edge of what is in view, so a short scroll or a key
/// press shows rows already there.
pub(crate) const MARGIN: usize = 6;

/// Header rows of the table (the column names and the column filters): the rows a
/// screen reader counts before the first entry.
pub(crate) const HEADER_ROWS: usize = 2;

/// A row's height in CSS pixels until one is measured (`--tv-row-height`).
pub(crate) const ROW_PX: f64 = 30.0;

/// Where the table's scroll container is, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Viewport {
    /// The container's `scrollTop`.
    pub(crate) scroll_top: f64,
    /// The container's visible height (`clientHeight`).
    pub(crate) height: f64,
    /// From the top of the scrolled content to the first row: the header, which
    /// stays in view (sticky) above the rows.
    pub(crate) rows_top: f64,
    /// One row's height.
    pub(crate) row_px: f64,
}

impl Viewport {
    /// Before anything is measured: at the top, `height` tall, default row height.
    pub(crate) fn unmeasured(height: f64) -> Viewport {
        Viewport {
            scroll_top: 0.0,
            height,
            rows_top: 0.0,
            row_px: ROW_PX,
        }
    }

    /// A usable row height: the measured one, or the default for none.
    fn row(&self) -> f64 {
        if self.row_px.is_finite() && self.row_px >= 1.0 {
            self.row_px
        } else {
            ROW_PX
        }
    }
}

/// The rows of a page of `total` that are in view, with `margin` more on each side.
pub(crate) fn visible(vp: &Viewport, total: usize, margin: usize) -> Range<usize> {
    let row = vp.row();
    let top = (vp.scroll_top - vp.rows_top).max(0.0);
    let bottom = (vp.scroll_top + vp.height.max(0.0) - vp.rows_top).max(0.0);
    let first = ((top / row).floor() as usize).min(total);
    let end = ((bottom / row).ceil() as usize).min(total);
    first.saturating_sub(margin)..(end + margin).min(total).max(first)
}

/// One piece of the rendered table body, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Piece {
    /// A spacer standing for `rows` rows not rendered, starting at row `from`.
    Gap { from: usize, rows: usize },
    /// The row at this index of the page.
    Row(usize),
}

/// The pieces that render `window` of a page of `total` rows, plus the rows `pinned`
/// wherever they are (the row focus is moving to, until it has focus).
pub(crate) fn pieces(window: Range<usize>, pinned: &[usize], total: usize) -> Vec<Piece> {
    let window = window.start.min(total)..window.end.min(total);
    let mut rows: Vec<usize> = window.clone().collect();
    for &p in pinned {
        if p < total && !window.contains(&p) {
            let at = rows.partition_point(|&r| r < p);
            if rows.get(at) != Some(&p) {
                rows.insert(at, p);
            }
        }
    }
    let mut out = Vec::with_capacity(rows.len() + 3);
    let mut next = 0;
    for r in rows {
        if r > next {
            out.push(Piece::Gap {
                from: next,
                rows: r - next,
            });
        }
        out.push(Piece::Row(r));
        next = r + 1;
    }
    if total > next {
        out.push(Piece::Gap {
            from: next,
            rows: total - next,
        });
    }
    out
}

/// Whether a keyed list that goes from the items `from` to `to` leaves the node of
/// `key` where it is: false when `key` is gone, or when the list moves its node (a
/// move takes focus from it). This is the rule of Leptos's `For` (tachys 0.2's
/// `diff`): walking both lists by index, an item in both at a different index moves
/// in the DOM unless its shift equals the items added less those removed so far;
/// adjacent moves go as a group, as the group's first says.
pub(crate) fn stays_in_place<K: PartialEq>(from: &[K], to: &[K], key: &K) -> bool {
    let Some(at) = from.iter().position(|k| k == key) else {
        return false;
    };
    if !to.contains(key) {
        return false;
    }
    let (mut added, mut removed) = (0i64, 0i64);
    // The last group of moves: (from, to, len, moved in the DOM).
    let mut group: Option<(usize, usize, usize, bool)> = None;
    for index in 0..from.len().max(to.len()) {
        let (f, t) = (from.get(index), to.get(index));
        if f == t {
            continue;
        }
        if f.is_some_and(|f| !to.contains(f)) {
            removed += 1;
        }
        if t.is_some_and(|t| !from.contains(t)) {
            added += 1;
        }
        let Some(moved_to) = f.and_then(|f| to.iter().position(|k| k == f)) else {
            continue;
        };
        let in_dom = moved_to as i64 - index as i64 != added - removed;
        group = Some(match group {
            Some((gf, gt, len, dom)) if index == gf + len && moved_to == gt + len => {
                (gf, gt, len + 1, dom)
            }
            _ => (index, moved_to, 1, in_dom),
        });
        if index == at {
            return group.is_some_and(|g| !g.3);
        }
    }
    // At the same index in both lists: untouched.
    true
}

/// `aria-rowcount` of a table showing a page of `total` rows under its header rows.
pub(crate) fn row_count(total: usize) -> usize {
    total + HEADER_ROWS
}

/// `aria-rowindex` (from 1, header rows first) of the page's row at `index` (from 0).
pub(crate) fn row_index(index: usize) -> usize {
    index + HEADER_ROWS + 1
}

/// The page's row (from 0) that `aria-rowindex` names; None for a header row.
pub(crate) fn index_of(row_index: usize) -> Option<usize> {
    row_index.checked_sub(HEADER_ROWS + 1)
}

/// The row a key moves to from row `from` of a page of `total`: the next one
/// (`forward`) or the one before. None at either end.
pub(crate) fn step(from: usize, forward: bool, total: usize) -> Option<usize> {
    if forward {
        (from + 1 < total).then_some(from + 1)
    } else {
        from.checked_sub(1).filter(|&i| i < total)
    }
}

/// The row a key moves to when focus waits on the table's scroll container, having
/// left row `from` as the table scrolled: the next row (`forward`) or the
/// one before, as from the row itself, or the row again at either end. None when
/// the page no longer has that row.
pub(crate) fn resume(from: usize, forward: bool, total: usize) -> Option<usize> {
    (from < total).then(|| step(from, forward, total).unwrap_or(from))
}

/// The `scrollTop` that shows row `index` whole, below the sticky header: the least
/// scrolling that does it, or None when it is already in view.
pub(crate) fn scroll_to(vp: &Viewport, index: usize) -> Option<f64> {
    let row = vp.row();
    let top = vp.rows_top + index as f64 * row;
    let bottom = top + row;
    if top < vp.scroll_top + vp.rows_top {
        Some((top - vp.rows_top).max(0.0))
    } else if bottom > vp.scroll_top + vp.height {
        Some(bottom - vp.height)
    } else {
        None
    }
}

/// A spacer's height in CSS pixels for `rows` rows.
pub(crate) fn gap_px(vp: &Viewport, rows: usize) -> f64 {
    rows as f64 * vp.row()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `index` is one of the rows `pieces` render.
    fn rendered(pieces: &[Piece], index: usize) -> bool {
        pieces.contains(&Piece::Row(index))
    }

    fn vp(scroll_top: f64) -> Viewport {
        Viewport {
            scroll_top,
            height: 300.0,
            rows_top: 60.0,
            row_px: 30.0,
        }
    }

    #[test]
    fn at_the_top_the_first_screen_and_a_margin_are_rendered() {
        // 300 px from the top of the content: the 60 px header, then 8 rows.
        assert_eq!(visible(&vp(0.0), 1000, 0), 0..8);
        assert_eq!(visible(&vp(0.0), 1000, 6), 0..14);
    }

    #[test]
    fn scrolled_down_the_window_moves_with_the_rows_in_view() {
        // Rows start at 60; scrolled 960, row 30 sits at the top edge (960 - 60 = 900).
        assert_eq!(visible(&vp(960.0), 1000, 0), 30..40);
        // Half a row scrolled: the cut row at the top and the one below the bottom edge.
        assert_eq!(visible(&vp(975.0), 1000, 0), 30..41);
        assert_eq!(visible(&vp(975.0), 1000, 6), 24..47);
    }

    #[test]
    fn the_window_never_passes_the_page() {
        assert_eq!(visible(&vp(0.0), 5, 6), 0..5);
        assert_eq!(visible(&vp(29_760.0), 1000, 6), 984..1000);
        // Scrolled past the end (the page just got shorter): the last rows, or none.
        assert_eq!(visible(&vp(99_999.0), 1000, 6), 994..1000);
        assert_eq!(visible(&vp(500.0), 0, 6), 0..0);
    }

    #[test]
    fn a_bad_row_height_falls_back_to_the_default() {
        let mut v = vp(0.0);
        v.row_px = 0.0;
        assert_eq!(visible(&v, 1000, 0), 0..8);
        v.row_px = f64::NAN;
        assert_eq!(visible(&v, 1000, 0), 0..8);
    }

    #[test]
    fn spacers_stand_for_the_rows_not_rendered() {
        assert_eq!(
            pieces(2..4, &[], 6),
            vec![
                Piece::Gap { from: 0, rows: 2 },
                Piece::Row(2),
                Piece::Row(3),
                Piece::Gap { from: 4, rows: 2 },
            ]
        );
        assert_eq!(pieces(0..2, &[], 2), vec![Piece::Row(0), Piece::Row(1)]);
        assert_eq!(pieces(0..0, &[], 0), vec![]);
    }

    #[test]
    fn a_pinned_row_is_rendered_outside_the_window() {
        assert_eq!(
            pieces(5..7, &[1], 10),
            vec![
                Piece::Gap { from: 0, rows: 1 },
                Piece::Row(1),
                Piece::Gap { from: 2, rows: 3 },
                Piece::Row(5),
                Piece::Row(6),
                Piece::Gap { from: 7, rows: 3 },
            ]
        );
        assert_eq!(
            pieces(0..2, &[9], 10),
            vec![
                Piece::Row(0),
                Piece::Row(1),
                Piece::Gap { from: 2, rows: 7 },
                Piece::Row(9),
            ]
        );
        // Two pinned rows, and one twice: each rendered once.
        assert_eq!(
            pieces(4..5, &[9, 0, 9], 10),
            vec![
                Piece::Row(0),
                Piece::Gap { from: 1, rows: 3 },
                Piece::Row(4),
                Piece::Gap { from: 5, rows: 4 },
                Piece::Row(9),
            ]
        );
        // Inside the window, or beyond the page (a shorter page came): nothing more.
        assert_eq!(pieces(0..2, &[1], 2), vec![Piece::Row(0), Piece::Row(1)]);
        assert_eq!(pieces(0..2, &[7], 2), vec![Piece::Row(0), Piece::Row(1)]);
    }

    #[test]
    fn every_row_of_the_page_is_a_row_or_inside_one_spacer() {
        for total in [0, 1, 7, 50] {
            for start in 0..=total {
                for end in start..=total {
                    for pinned in [
                        &[][..],
                        &[0],
                        &[total / 2],
                        &[total],
                        &[0, total / 2, total / 2],
                    ] {
                        let p = pieces(start..end, pinned, total);
                        let mut next = 0;
                        for piece in &p {
                            match *piece {
                                Piece::Row(r) => {
                                    assert_eq!(r, next);
                                    next += 1;
                                }
                                Piece::Gap { from, rows } => {
                                    assert_eq!(from, next);
                                    assert!(rows > 0);
                                    next += rows;
                                }
                            }
                        }
                        assert_eq!(next, total, "{start}..{end} {pinned:?} of {total}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_node_stays_in_place_unless_the_list_moves_or_drops_it() {
        // Gone, or at the same index: plain.
        assert!(!stays_in_place(&[1, 2, 3], &[1, 3], &2));
        assert!(stays_in_place(&[1, 2, 3], &[1, 2, 4], &2));
        // Scrolled down one row (spacers re-keyed): the rows kept shift up by one
        // with one spacer replaced and one row removed before them: none moves.
        let from = [100, 1, 2, 3, 4, 200];
        let to = [101, 2, 3, 4, 5, 201];
        for k in [2, 3, 4] {
            assert!(stays_in_place(&from, &to, &k), "{k}");
        }
        // Scrolled up two rows: two added before the kept rows, which count one
        // spacer replaced: the kept rows' group moves in the DOM.
        let from = [100, 3, 4, 5, 6, 200];
        let to = [101, 1, 2, 3, 4, 201];
        for k in [3, 4] {
            assert!(!stays_in_place(&from, &to, &k), "{k}");
        }
        // Scrolled up one row: the shift is what was added less what was removed.
        let to = [101, 2, 3, 4, 5, 201];
        for k in [3, 4, 5] {
            assert!(stays_in_place(&from, &to, &k), "{k}");
        }
        // A group takes its first's verdict: 7 alone would stay, but follows 6.
        assert!(!stays_in_place(&[6, 7, 8], &[9, 10, 6, 7, 8], &7));
    }

    #[test]
    fn a_screen_reader_counts_the_header_rows_first() {
        assert_eq!(row_count(1000), 1002);
        assert_eq!(row_count(0), 2);
        assert_eq!(row_index(0), 3);
        assert_eq!(row_index(999), 1002);
        assert_eq!(index_of(row_index(7)), Some(7));
        assert_eq!(index_of(2), None);
    }

    #[test]
    fn the_arrow_keys_stop_at_the_ends_of_the_page() {
        assert_eq!(step(0, true, 3), Some(1));
        assert_eq!(step(2, true, 3), None);
        assert_eq!(step(2, false, 3), Some(1));
        assert_eq!(step(0, false, 3), None);
        assert_eq!(step(5, false, 3), None);
    }

    #[test]
    fn keys_on_the_scroller_continue_from_the_row_focus_left() {
        assert_eq!(resume(42, true, 1000), Some(43));
        assert_eq!(resume(42, false, 1000), Some(41));
        // At either end, the row itself.
        assert_eq!(resume(999, true, 1000), Some(999));
        assert_eq!(resume(0, false, 1000), Some(0));
        // The page got shorter than the row: nowhere to continue from.
        assert_eq!(resume(42, true, 40), None);
    }

    #[test]
    fn a_row_out_of_view_is_scrolled_in_by_the_least_amount() {
        // Scrolled 960: the sticky header covers 960..1020 of the content, so rows
        // 32..40 (from 1020 to 1260) are in view whole.
        let v = vp(960.0);
        assert_eq!(scroll_to(&v, 32), None);
        assert_eq!(scroll_to(&v, 39), None);
        // Row 40 ends at 60 + 41 * 30 = 1290, past 960 + 300.
        assert_eq!(scroll_to(&v, 40), Some(1290.0 - 300.0));
        // Row 31 is under the sticky header: its top goes just below it.
        assert_eq!(scroll_to(&v, 31), Some(930.0));
        assert_eq!(scroll_to(&v, 30), Some(900.0));
        assert_eq!(scroll_to(&v, 999), Some(60.0 + 1000.0 * 30.0 - 300.0));
        assert_eq!(scroll_to(&vp(500.0), 0), Some(0.0));
    }

    #[test]
    fn a_row_moved_to_is_rendered_once_scrolled_in() {
        let v = vp(0.0);
        let to = 200;
        let top = scroll_to(&v, to).unwrap();
        let moved = Viewport {
            scroll_top: top,
            ..v
        };
        assert!(rendered(
            &pieces(visible(&moved, 1000, MARGIN), &[], 1000),
            to
        ));
        assert!(!rendered(&pieces(visible(&v, 1000, MARGIN), &[], 1000), to));
    }

    #[test]
    fn a_spacer_is_as_tall_as_its_rows() {
        assert_eq!(gap_px(&vp(0.0), 10), 300.0);
    }
}
