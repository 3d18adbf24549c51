//! One target's history: every entry about a target in time order, the field-level
//! changes of each step, and the state as of each step rebuilt from them.

use crate::core::dataset::Dataset;
use crate::core::inspect::{self, Change};
use crate::core::roles::Role;
use crate::core::store::{NodeId, Row};
use crate::core::time::EpochMs;

/// Containers whose members are the changed fields (`data.changes.room` -> `room`).
const CHANGE_SETS: &[&str] = &["changes", "changed", "diff", "saved_changes", "changeset"];

/// One entry about the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The entry.
    pub row: Row,
    /// When (`None`: no readable time; such steps come last, in load order).
    pub time: Option<EpochMs>,
    /// Who did it (the actor role's text, empty if none).
    pub actor: String,
    /// What was done (the action role's text, empty if none).
    pub action: String,
    /// What it changed, by field.
    pub changes: Vec<Change>,
}

/// The timeline of one target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct History {
    /// The target's value.
    pub target: String,
    /// Its entries, oldest first.
    pub steps: Vec<Step>,
}

/// The name a change gives its field: the path below a change set, else the whole path.
pub(crate) fn field_of(change: &Change) -> &str {
    let p = change.path.as_str();
    let mut best = p;
    let mut at = 0;
    for seg in p.split('.') {
        at += seg.len() + 1;
        if CHANGE_SETS.contains(&seg) && at < p.len() {
            best = &p[at..];
        }
    }
    best
}

/// The history of the entries whose target (role) is `target`; empty when the log
/// has no target field.
pub(crate) fn history(ds: &Dataset, target: &str) -> History {
    let mut steps = Vec::new();
    if let Some(col) = ds.role(Role::Target) {
        let text = |row: Row, role: Role| -> String {
            ds.role(role)
                .map(|c| ds.store().cell(row, c).text().into_owned())
                .unwrap_or_default()
        };
        for row in rows_with(ds, col, target) {
            let changes = inspect::parse(&ds.store().entry_bytes(row))
                .map(|v| inspect::changes(&v))
                .unwrap_or_default();
            steps.push(Step {
                row,
                time: ds.time(row),
                actor: text(row, Role::Actor),
                action: text(row, Role::Action),
                changes,
            });
        }
    }
    // Oldest first; untimed last; ties in load order (the sort is stable).
    steps.sort_by_key(|s| (s.time.is_none(), s.time));
    History {
        target: target.to_string(),
        steps,
    }
}

/// Rows whose value at `col` is `value` (any element, for arrays), in load order.
fn rows_with(ds: &Dataset, col: NodeId, value: &str) -> Vec<Row> {
    let Some(leaf) = ds.store().leaf_at(col) else {
        return Vec::new();
    };
    // The value's codes once, from the distinct values; then a code compare per row.
    let wanted: Vec<u32> = (0..leaf.dict.len() as u32)
        .filter(|&c| leaf.dict.text(c) == value)
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut rows: Vec<Row> = leaf
        .codes()
        .iter()
        .enumerate()
        .filter(|(_, c)| wanted.contains(c))
        .map(|(i, _)| leaf.row_at(i))
        .collect();
    rows.dedup();
    rows
}

impl History {
    /// The target's fields as of step `i` (inclusive): each changed field's latest
    /// new value, in the order fields first changed.
    pub(crate) fn state_as_of(&self, i: usize) -> Vec<(String, String)> {
        let mut state: Vec<(String, String)> = Vec::new();
        for step in self.steps.iter().take(i + 1) {
            for c in &step.changes {
                let field = field_of(c);
                match state.iter_mut().find(|(f, _)| f == field) {
                    Some((_, v)) => v.clone_from(&c.new),
                    None => state.push((field.to_string(), c.new.clone())),
                }
            }
        }
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trust() -> Dataset {
        let log = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/trust-log.json"
        ));
        Dataset::from_bytes(log.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn a_targets_entries_in_time_order_with_their_changes() {
        let d = trust();
        let h = history(&d, "booking:B-17");
        let actions: Vec<&str> = h.steps.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(
            actions,
            [
                "booking.create",
                "booking.update",
                "email.bounced",
                "booking.update",
                "booking.cancel"
            ]
        );
        assert_eq!(h.steps[1].actor, "bob@acme.test");
        let moved: Vec<(&str, &str, &str)> = h.steps[1]
            .changes
            .iter()
            .map(|c| (field_of(c), c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(moved, [("room", "Oak", "Elm")]);
        assert!(h.steps.windows(2).all(|w| w[0].time <= w[1].time));
    }

    #[test]
    fn state_is_rebuilt_from_the_successive_changes() {
        let h = history(&trust(), "booking:B-17");
        let s = |i| h.state_as_of(i);
        assert_eq!(
            s(0),
            [
                ("status".to_string(), "tentative".to_string()),
                ("room".into(), "Oak".into()),
                ("guests".into(), "4".into())
            ]
        );
        assert_eq!(
            s(3),
            [
                ("status".to_string(), "confirmed".to_string()),
                ("room".into(), "Elm".into()),
                ("guests".into(), "6".into())
            ]
        );
        assert_eq!(s(4)[0], ("status".to_string(), "cancelled".to_string()));
    }

    #[test]
    fn out_of_order_and_untimed_entries_are_placed_by_time() {
        let d = Dataset::from_bytes(
            br#"[{"time":"2026-01-03T00:00:00Z","target":"x","action":"c","changes":{"a":[2,3]}},
                {"time":"bad","target":"x","action":"d"},
                {"time":"2026-01-01T00:00:00Z","target":"x","action":"a","changes":{"a":[null,1]}},
                {"time":"2026-01-02T00:00:00Z","target":"y","action":"other"},
                {"time":"2026-01-02T00:00:00Z","target":"x","action":"b","changes":{"a":[1,2]}}]"#
                .to_vec(),
        )
        .unwrap()
        .0;
        let h = history(&d, "x");
        let order: Vec<&str> = h.steps.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(order, ["a", "b", "c", "d"]);
        assert_eq!(h.state_as_of(2), [("a".to_string(), "3".to_string())]);
        assert!(history(&d, "nope").steps.is_empty());
    }

    #[test]
    fn field_names_come_from_below_the_change_set() {
        let c = |p: &str| Change {
            path: p.into(),
            old: String::new(),
            new: String::new(),
        };
        assert_eq!(field_of(&c("data.changes.room")), "room");
        assert_eq!(field_of(&c("changes.a.b")), "a.b");
        assert_eq!(field_of(&c("data.role")), "data.role");
        assert_eq!(field_of(&c("changes")), "changes");
    }
}
