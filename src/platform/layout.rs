//! Measuring what the browser laid out: how wide a table column's content is, and
//! where a table's scroll container stands over its rows.

use crate::core::view::window::Viewport;
use wasm_bindgen::JsCast;

/// The width, in CSS pixels, that shows the whole content of `th`'s column: its
/// header and every cell of the rows rendered (not the spacers standing for the
/// rows out of view). `None` outside a table.
pub fn column_content_width(th: &web_sys::Element) -> Option<u32> {
    let row = th.parent_element()?;
    let index = (0..row.children().length()).find(|&i| {
        row.children()
            .item(i)
            .is_some_and(|c| c.is_same_node(Some(th.unchecked_ref())))
    })?;
    let table = th.closest("table").ok()??;
    let rows = table.query_selector_all("tbody tr.tv-row").ok()?;
    let mut widest = th.scroll_width();
    for r in 0..rows.length() {
        let cell = rows
            .item(r)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            .and_then(|tr| tr.children().item(index));
        if let Some(cell) = cell {
            // The text is clipped by the cell's inner box: its full width plus the padding.
            let need = match cell.first_element_child() {
                Some(inner) => cell.client_width() - inner.client_width() + inner.scroll_width(),
                None => cell.scroll_width(),
            };
            widest = widest.max(need);
        }
    }
    // One more pixel for the cell's border.
    Some(widest.max(0) as u32 + 1)
}

/// The laid-out width of `el`, in CSS pixels.
pub fn width(el: &web_sys::Element) -> u32 {
    el.get_bounding_client_rect().width().round().max(0.0) as u32
}

/// Where `scroller` (the table's own scroll container) stands over the table body
/// `rows`: its scroll offset and visible height, how far below the top of its
/// content the rows begin, and the height of a rendered row (`row_px` when none is).
pub(crate) fn rows_viewport(
    scroller: &web_sys::Element,
    rows: &web_sys::Element,
    row_px: f64,
) -> Viewport {
    let scroll_top = f64::from(scroller.scroll_top());
    let content_top = scroller.get_bounding_client_rect().top() + f64::from(scroller.client_top());
    let rows_top = rows.get_bounding_client_rect().top() - content_top + scroll_top;
    let row_px = rows
        .query_selector("tr.tv-row")
        .ok()
        .flatten()
        .map(|r| r.get_bounding_client_rect().height())
        .filter(|h| *h >= 1.0)
        .unwrap_or(row_px);
    Viewport {
        scroll_top,
        height: f64::from(scroller.client_height()),
        rows_top,
        row_px,
    }
}
