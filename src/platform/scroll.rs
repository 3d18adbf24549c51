//! Where the reader is in a table: whether its first row is in view, and going back
//! to it.

/// True if the first row of `tbody` is rendered and not scrolled out of view, by the
/// page or by any scrolling container around the table.
pub fn first_row_in_view(tbody: &web_sys::Element) -> bool {
    let Ok(Some(first)) = tbody.query_selector("tr[data-entry]") else {
        return true;
    };
    // Rows above it that are not rendered (a spacer) mean it is not the top.
    if first.previous_element_sibling().is_some() {
        return false;
    }
    if containers(tbody).any(|el| el.scroll_top() > 0) {
        return false;
    }
    first.get_bounding_client_rect().top() >= -1.0
}

/// Scrolls the first row of `tbody` into view (and every container around it to its
/// top).
pub fn to_first_row(tbody: &web_sys::Element) {
    for el in containers(tbody) {
        el.set_scroll_top(0);
    }
    if let Ok(Some(first)) = tbody.query_selector("tr[data-entry]")
        && first.get_bounding_client_rect().top() < 0.0
    {
        first.scroll_into_view();
    }
}

/// The elements around `tbody` up to the page's own (`body` and `html` left out: the
/// page's scroll is judged by where the row is).
fn containers(tbody: &web_sys::Element) -> impl Iterator<Item = web_sys::Element> {
    std::iter::successors(tbody.parent_element(), |el| el.parent_element()).take_while(|el| {
        let tag = el.tag_name();
        !tag.eq_ignore_ascii_case("body") && !tag.eq_ignore_ascii_case("html")
    })
}
