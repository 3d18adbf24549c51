//! Measuring what the browser laid out: how wide a table column's content is.

use wasm_bindgen::JsCast;

/// The width, in CSS pixels, that shows the whole content of `th`'s column: its
/// header and every cell of the rows on the page. `None` outside a table.
pub fn column_content_width(th: &web_sys::Element) -> Option<u32> {
    let row = th.parent_element()?;
    let index = (0..row.children().length()).find(|&i| {
        row.children()
            .item(i)
            .is_some_and(|c| c.is_same_node(Some(th.unchecked_ref())))
    })?;
    let table = th.closest("table").ok()??;
    let rows = table.query_selector_all("tbody tr").ok()?;
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
