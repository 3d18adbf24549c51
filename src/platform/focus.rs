//! Keyboard focus in whatever tree the interface is mounted in: a page's document
//! or a widget's shadow root. The focused element is asked of the root node of an
//! element the caller holds (a document's or a shadow root's `activeElement`),
//! never of `document`, so a `<trail-view>` sees its own focus and no one else's.

use crate::core::view::keys::{TabMove, tab_wrap};
use wasm_bindgen::JsCast;

/// What can take focus; those Tab skips (`tabindex=-1`, disabled, not rendered)
/// are left out by [`tabbable`].
const FOCUSABLE: &str = "a[href], area[href], button, input, select, textarea, summary, \
                         iframe, [tabindex], [contenteditable]";

/// The focused element of the tree `near` is in: its shadow root's active element
/// inside a widget, else its document's. None when nothing there has focus.
pub fn active_element(near: &web_sys::Node) -> Option<web_sys::Element> {
    let root = near.get_root_node();
    if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        return shadow.active_element();
    }
    let doc = root.dyn_ref::<web_sys::Document>()?;
    // The body has "focus" when nothing else does.
    doc.active_element()
        .filter(|el| doc.body().is_none_or(|b| !b.is_same_node(Some(el))))
}

/// The focused element of `near`'s tree, as an element that can be focused again.
pub fn focused(near: &web_sys::Node) -> Option<web_sys::HtmlElement> {
    active_element(near).and_then(|el| el.dyn_into().ok())
}

/// True if focus is on `container` or inside it.
pub fn focus_within(container: &web_sys::Element) -> bool {
    active_element(container).is_some_and(|el| container.contains(Some(&el)))
}

/// True if nothing in `near`'s tree has focus (it went to the page's body, or was
/// on an element since removed).
pub fn focus_lost(near: &web_sys::Node) -> bool {
    active_element(near).is_none_or(|el| !el.is_connected())
}

/// Focuses `el` if it is still in the page (a re-render may have replaced it).
pub fn focus_if_connected(el: &web_sys::HtmlElement) {
    if el.is_connected() {
        let _ = el.focus();
    }
}

/// Focuses `el` without scrolling it into view (`preventScroll`): for an element
/// put back where it was, whose scroll position is already right.
pub fn focus_in_place(el: &web_sys::HtmlElement) {
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"preventScroll".into(), &true.into());
    if let Ok(focus) = js_sys::Reflect::get(el, &"focus".into())
        && let Ok(focus) = focus.dyn_into::<js_sys::Function>()
    {
        let _ = focus.call1(el, &options);
    }
}

/// The controls inside `container` that Tab reaches, in document order (Trailview
/// sets no positive `tabindex`): enabled, rendered, not `tabindex=-1`, and of a
/// named group of radio buttons only the checked one.
pub fn tabbable(container: &web_sys::Element) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    let all: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let checked_group = |name: &str| {
        all.iter().any(|el| {
            el.dyn_ref::<web_sys::HtmlInputElement>()
                .is_some_and(|i| i.type_() == "radio" && i.name() == name && i.checked())
        })
    };
    all.iter()
        .filter(|el| el.tab_index() >= 0)
        .filter(|el| !el.matches(":disabled").unwrap_or(false))
        .filter(|el| el.get_client_rects().length() > 0)
        .filter(|el| match el.dyn_ref::<web_sys::HtmlInputElement>() {
            Some(i) if i.type_() == "radio" && !i.name().is_empty() && !i.checked() => {
                !checked_group(&i.name())
            }
            _ => true,
        })
        .cloned()
        .collect()
}

/// Keeps Tab and Shift+Tab inside `container`: from its last control to its first,
/// from its first (or from `container` itself) back to its last. Any other key,
/// and Tab between two controls inside, is left to the browser.
pub fn keep_tab_inside(container: &web_sys::Element, e: &web_sys::KeyboardEvent) {
    if e.key() != "Tab" || e.alt_key() || e.ctrl_key() || e.meta_key() {
        return;
    }
    let controls = tabbable(container);
    let active = active_element(container);
    let at = active
        .as_ref()
        .and_then(|a| controls.iter().position(|c| c.is_same_node(Some(a))));
    let on_container = active
        .as_ref()
        .is_some_and(|a| a.is_same_node(Some(container)));
    match tab_wrap(controls.len(), at, on_container, e.shift_key()) {
        Some(TabMove::To(i)) => {
            e.prevent_default();
            let _ = controls[i].focus();
        }
        Some(TabMove::Stay) => e.prevent_default(),
        None => {}
    }
}
