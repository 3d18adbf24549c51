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
    let mut up = tbody.parent_element();
    while let Some(el) = up {
        let tag = el.tag_name();
        if tag.eq_ignore_ascii_case("body") || tag.eq_ignore_ascii_case("html") {
            break;
        }
        if el.scroll_top() > 0 {
            return false;
        }
        up = el.parent_element();
    }
    first.get_bounding_client_rect().top() >= -1.0
}

/// Scrolls the first row of `tbody` into view (and every container around it to its
/// top).
pub fn to_first_row(tbody: &web_sys::Element) {
    let mut up = tbody.parent_element();
    while let Some(el) = up {
        let tag = el.tag_name();
        if tag.eq_ignore_ascii_case("body") || tag.eq_ignore_ascii_case("html") {
            break;
        }
        el.set_scroll_top(0);
        up = el.parent_element();
    }
    if let Ok(Some(first)) = tbody.query_selector("tr[data-entry]")
        && first.get_bounding_client_rect().top() < 0.0
    {
        first.scroll_into_view();
    }
}
