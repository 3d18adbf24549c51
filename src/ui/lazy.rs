//! Parts of the interface that load on first use: in the split build (`make build`,
//! `--cfg trailview_split`) each [`lazy_part!`] is moved into a wasm chunk of its own,
//! fetched when it is first shown or prefetched when the browser is idle after the
//! first rows; elsewhere (tests, the bench page, `make dev`) it is an ordinary call.
//!
//! [`Lazy`] shows "Loading …" while the chunk arrives, and if it cannot be fetched,
//! says so with a Retry button (a failed load is not remembered, so Retry fetches
//! again). Once loaded, a part stays in memory: it works offline from then on.

use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

/// A lazy part whose chunk could not be fetched or instantiated.
#[derive(Clone, Copy, Debug)]
pub struct LoadFailed;

#[cfg(trailview_split)]
impl From<leptos::wasm_split::SplitLoaderError> for LoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        LoadFailed
    }
}

/// A lazy part: `lazy_part!(chunk, preload_name, pub fn name(args) -> T { body })`.
///
/// Defines `async fn name(args) -> Result<T, LoadFailed>` and `async fn
/// preload_name()`, which only fetches the chunk. Parts with the same `chunk` share
/// one file. A part that builds a view takes an `Owner` and builds under it, so
/// that contexts are found (the body runs after an await, outside any owner).
macro_rules! lazy_part {
    ($chunk:ident, $preload:ident, $(#[$m:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$m])*
        #[cfg(trailview_split)]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible, preload($preload))]
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::ui::lazy::LoadFailed> {
            Ok($body)
        }

        $(#[$m])*
        #[cfg(not(trailview_split))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::ui::lazy::LoadFailed> {
            Ok($body)
        }

        /// Fetches this part's chunk without running it (a no-op when not split).
        #[cfg(not(trailview_split))]
        $vis async fn $preload() {}
    };
}
pub(crate) use lazy_part;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Loading,
    Ready,
    Failed,
}

/// Shows a lazy part: `load` is the `lazy_part!` function, `what` names it for
/// the loading and failure messages ("the export dialog").
#[component]
pub fn Lazy<F, Fut>(load: F, what: &'static str) -> impl IntoView
where
    F: Fn(Owner) -> Fut + 'static,
    Fut: Future<Output = Result<AnyView, LoadFailed>> + 'static,
{
    let phase = RwSignal::new(Phase::Loading);
    let part = StoredValue::new_local(None::<AnyView>);
    let owner = Owner::current().expect("a component has an owner");
    let load = StoredValue::new_local(move || load(owner.clone()));
    let start = move || {
        phase.set(Phase::Loading);
        let loading = load.with_value(|f| f());
        spawn_local(async move {
            match loading.await {
                Ok(view) => {
                    part.set_value(Some(view));
                    phase.set(Phase::Ready);
                }
                Err(LoadFailed) => phase.set(Phase::Failed),
            }
        });
    };
    start();
    move || match phase.get() {
        Phase::Loading => view! {
            <p class="tv-lazy" role="status">"Loading " {what} "…"</p>
        }
        .into_any(),
        Phase::Ready => part
            .try_update_value(Option::take)
            .flatten()
            .unwrap_or_else(|| ().into_any()),
        Phase::Failed => view! {
            <div class="tv-lazy tv-lazy--failed" role="alert">
                "Could not load " {what} " (the connection to the app's server failed). "
                <button type="button" class="tv-btn" on:click=move |_| start()>"Retry"</button>
            </div>
        }
        .into_any(),
    }
}
