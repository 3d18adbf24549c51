//! Querying a [`Dataset`](crate::core::dataset::Dataset): view state, filters, sort
//! and pages. Rows flow filtered -> sorted -> paginated; each step is a pure
//! function of its inputs, so the UI can memoise each one separately.

pub mod arrival;
pub mod codec;
pub mod context;
pub mod filter;
pub mod investigate;
pub mod lang;
pub mod rowset;
pub mod saved;
pub mod select;
pub mod sort;
pub mod state;

pub(crate) use filter::FilterSpec;
pub(crate) use rowset::RowSet;
pub use select::filter;
pub(crate) use sort::sort_prefix;
pub use sort::sort_rows;
pub(crate) use state::{MAX_WIDTH, MIN_WIDTH, PAGE_SIZES, Preset, Range};
pub use state::{Sort, ViewState};

/// One page of a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PageInfo {
    /// The page shown, 0-based, clamped to the last page.
    pub page: usize,
    /// Number of pages (at least 1).
    pub pages: usize,
    /// Index of the first row shown.
    pub start: usize,
    /// One past the last row shown.
    pub end: usize,
    /// Rows in the result.
    pub total: usize,
}

/// Slices `total` rows into pages of `size` and clamps `page` into range.
#[cfg(test)]
pub(crate) fn paginate(total: usize, page: usize, size: usize) -> PageInfo {
    paginate_shifted(total, page, size, 0)
}

/// Pages as `paginate` cuts them, with every page `shift` rows further down (live refresh brought
/// that many entries before the page being read; see [`arrival`]): the pages are
/// counted from the shifted first row. A shift past every row is dropped.
pub(crate) fn paginate_shifted(total: usize, page: usize, size: usize, shift: usize) -> PageInfo {
    let size = size.max(1);
    let shift = if shift < total { shift } else { 0 };
    let pages = (total - shift).div_ceil(size).max(1);
    let page = page.min(pages - 1);
    let start = page.saturating_mul(size).saturating_add(shift).min(total);
    PageInfo {
        page,
        pages,
        start,
        end: start.saturating_add(size).min(total),
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shift_moves_every_page_down_and_counts_pages_from_the_shifted_row() {
        // 126 rows, 3 arrived before the page being read: page 2 starts at row 28.
        let p = paginate_shifted(126, 1, 25, 3);
        assert_eq!((p.start, p.end, p.pages), (28, 53, 5));
        // The last page ends at the last row, and no page repeats another's rows.
        let last = paginate_shifted(126, 9, 25, 3);
        assert_eq!((last.page, last.start, last.end), (4, 103, 126));
        // A shift past every row (the log was cut) is dropped.
        assert_eq!(paginate_shifted(10, 0, 25, 40).start, 0);
        assert_eq!(paginate_shifted(0, 0, 25, 3), paginate(0, 0, 25));
    }

    #[test]
    fn pages_clamp_and_cover_the_tail() {
        assert_eq!(
            paginate(120, 1, 50),
            PageInfo {
                page: 1,
                pages: 3,
                start: 50,
                end: 100,
                total: 120
            }
        );
        assert_eq!(
            paginate(120, 9, 50),
            PageInfo {
                page: 2,
                pages: 3,
                start: 100,
                end: 120,
                total: 120
            }
        );
        assert_eq!(
            paginate(0, 3, 50),
            PageInfo {
                page: 0,
                pages: 1,
                start: 0,
                end: 0,
                total: 0
            }
        );
    }
}
