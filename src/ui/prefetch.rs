//! Every lazy part's chunk, fetched when the browser is idle after the first rows
//! are painted, so that a part opens at once and works offline later.

use leptos::task::spawn_local;

/// Fetches the chunks of the ClickHouse mode, the export and history dialogs and
/// the field mapping at the next idle time (each once; a loaded one is not fetched
/// again). A failure is not shown here: opening the part tries again and says so.
pub fn when_idle() {
    spawn_local(async {
        crate::platform::idle().await;
        let _ = crate::ui::mapping::preload_mapping().await;
        let _ = crate::ui::export::preload_export().await;
        let _ = crate::ui::history::preload_history().await;
        let _ = crate::ui::field_stats::preload_field_stats().await;
        let _ = crate::ui::differences::preload_differences().await;
        let _ = crate::ui::breakdown::preload_breakdown().await;
        let _ = crate::ui::split::preload_split().await;
        let _ = crate::ui::chain::preload_chain().await;
        let _ = crate::ui::views::preload_views().await;
        let _ = crate::ui::complete::preload_complete().await;
        let _ = crate::ui::load::preload_clickhouse().await;
    });
}
