//! The order a table can give for the admin's sort: the column asked for, or
//! newest first with a note that says why (no such column, or one whose values
//! are masked and whose order would tell them).

use super::plan::{Order, Planner};
use crate::core::query::Sort;
use crate::core::roles::Role;

/// The order `planner`'s table gives for `sort`, and a note when it is not that sort.
pub(crate) fn order_of(planner: &Planner, sort: &Sort) -> (Order, Vec<String>) {
    let time_col = planner.schema().role(Role::Time).map(|c| c.name.clone());
    let wanted = sort.resolve(time_col.as_deref());
    let mut notes = Vec::new();
    if let Some((col, _)) = wanted.filter(|(c, _)| planner.schema().column(c).is_none()) {
        notes.push(format!(
            "Not sorted by {col}: the table has no such column; newest first instead."
        ));
    } else if let Some((col, _)) = wanted.filter(|(c, _)| planner.masks_column(c)) {
        notes.push(format!(
            "Not sorted by {col}: its values are masked; newest first instead."
        ));
    }
    (planner.order(wanted), notes)
}
