//! Focus around what opens over the explorer, done one way for all of it: a modal
//! dialog ([`modal`]: export, a target's history) takes focus when it opens and
//! keeps Tab and Shift+Tab inside; it, and the popups and panels that call
//! [`return_focus`] (the columns menu, the entry panel), give focus back to the
//! control that had it when they opened once they close, if focus was inside them
//! then or went with them, so closing never strands a keyboard user on the body.

use crate::platform::focus;
use leptos::prelude::*;
use leptos::tachys::html::element::ElementType;
use leptos::wasm_bindgen::JsCast;

fn html<E>(r: NodeRef<E>, tracked: bool) -> Option<web_sys::HtmlElement>
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let el = if tracked { r.get() } else { r.get_untracked() };
    el.map(|e| e.unchecked_into())
}

/// Remembers what had focus when `root`'s element appeared (focusing the element
/// itself if `take_focus`), and gives focus back to it when the current owner is
/// cleaned up (the element closes), unless focus has moved elsewhere meanwhile.
fn remember_opener<E>(root: NodeRef<E>, take_focus: bool)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let shown = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let Some(el) = html(root, true) else { return };
        if shown.with_value(Option::is_none) {
            opener.set_value(focus::focused(&el).filter(|f| !el.contains(Some(f))));
            if take_focus {
                let _ = el.focus();
            }
        }
        shown.set_value(Some(el));
    });
    on_cleanup(move || {
        let (Some(Some(opener)), Some(Some(el))) = (opener.try_get_value(), shown.try_get_value())
        else {
            return;
        };
        if focus::focus_within(&el) || focus::focus_lost(&opener) {
            focus::focus_if_connected(&opener);
        }
    });
}

/// For a popup or panel (call it where the element is built): when it closes,
/// focus goes back to the control that had it when it opened, if focus was inside.
pub fn return_focus<E>(root: NodeRef<E>)
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    remember_opener(root, false);
}

/// For a modal dialog (call it where the dialog is built): it takes focus when it
/// opens, gives it back to its opener when it closes, and the handler returned,
/// set as the dialog's `on:keydown`, keeps Tab and Shift+Tab inside it.
pub fn modal<E>(root: NodeRef<E>) -> impl Fn(web_sys::KeyboardEvent) + Clone + 'static
where
    E: ElementType,
    E::Output: JsCast + Clone + 'static,
{
    remember_opener(root, true);
    move |e: web_sys::KeyboardEvent| {
        if let Some(el) = html(root, false) {
            focus::keep_tab_inside(&el, &e);
        }
    }
}
