//! A question "what is different here?": a span of the view (brushed on the
//! histogram) and what it is compared with, the rest of the view or the period of
//! the same length just before it; and its answer in memory.

use super::differ::{DIFFER_ROLES, differ, rest_of, span_rows};
use super::score::Difference;
use crate::core::dataset::Dataset;
use crate::core::query::RowSet;
use crate::core::store::NodeId;
use crate::core::time::EpochMs;

/// How many differences are listed.
pub const TOP: usize = 10;

/// What the span is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Against {
    /// The view's other entries.
    Rest,
    /// The view's entries (its own range lifted) in the span of the same length
    /// just before.
    Previous,
}

/// One question: the span `[from, to)` (ms) and what it is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Compare {
    /// Start of the span (inclusive).
    pub from: EpochMs,
    /// End of the span (exclusive).
    pub to: EpochMs,
    /// The reference.
    pub against: Against,
}

impl Compare {
    /// The period of the same length just before the span.
    pub fn previous(&self) -> (EpochMs, EpochMs) {
        (self.from - (self.to - self.from), self.from)
    }
}

/// The fields compared, in both engines: those playing the roles an admin reads
/// (actor, action, target, app, address, agent, outcome, severity, category).
pub(crate) fn role_fields(ds: &Dataset) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = Vec::new();
    for n in DIFFER_ROLES.iter().filter_map(|&r| ds.role(r)) {
        if ds.store().leaf_at(n).is_some() && !out.contains(&n) {
            out.push(n);
        }
    }
    out
}

/// The answer in memory: `view` is the view's rows, `unranged` its rows with its
/// own time range lifted (read only for [`Against::Previous`]).
pub(crate) fn in_memory(
    ds: &Dataset,
    view: &RowSet,
    unranged: impl FnOnce() -> RowSet,
    c: &Compare,
) -> Vec<Difference> {
    let selection = span_rows(ds, view, c.from, c.to);
    let reference = match c.against {
        Against::Rest => rest_of(view, &selection),
        Against::Previous => {
            let (from, to) = c.previous();
            span_rows(ds, &unranged(), from, to)
        }
    };
    differ(ds, &selection, &reference, &role_fields(ds), TOP)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::query::{FilterSpec, filter};

    /// Hourly sign-ins by several actors; in hour 10-12 `mallory` fails many times.
    fn log() -> Dataset {
        let mut items = Vec::new();
        for h in 0..24 {
            for a in ["ada", "bob", "cy", "dee"] {
                items.push(format!(
                    r#"{{"time":"2026-12-01T{h:02}:10:00Z","actor":"{a}","action":"user.login"}}"#
                ));
            }
            if (10..12).contains(&h) {
                for m in 0..30 {
                    items.push(format!(
                        r#"{{"time":"2026-12-01T{h:02}:{m:02}:30Z","actor":"mallory","action":"user.login.failed"}}"#
                    ));
                }
            }
        }
        Dataset::from_bytes(format!("[{}]", items.join(",")).into_bytes())
            .unwrap()
            .0
    }

    const H: i64 = 3_600_000;
    const DAY: i64 = 1_796_083_200_000; // 2026-12-01T00:00:00Z

    #[test]
    fn a_spike_is_explained_against_the_rest_and_against_the_previous_period() {
        let ds = log();
        let all = RowSet::full(ds.len());
        let spike = Compare {
            from: DAY + 10 * H,
            to: DAY + 12 * H,
            against: Against::Rest,
        };
        let d = in_memory(&ds, &all, || unreachable!("not read"), &spike);
        let top: Vec<(&str, &str)> = d
            .iter()
            .take(2)
            .map(|d| (d.field.as_str(), d.value.as_str()))
            .collect();
        assert!(top.contains(&("actor", "mallory")), "{top:?}");
        assert!(top.contains(&("action", "user.login.failed")), "{top:?}");
        assert!(
            d.iter().all(|d| d.value != "ada"),
            "ada is as common everywhere"
        );
        // Against the two hours before: the same answer, from a narrowed view.
        let view = filter(
            &ds,
            &FilterSpec {
                from: Some(DAY + 10 * H),
                to: Some(DAY + 12 * H),
                ..FilterSpec::default()
            },
        );
        let before = Compare {
            against: Against::Previous,
            ..spike
        };
        assert_eq!(before.previous(), (DAY + 8 * H, DAY + 10 * H));
        let d = in_memory(&ds, &view, || all.clone(), &before);
        assert_eq!(d[0].counts.b, 0, "mallory is only in the span");
        assert!(d.iter().any(|d| d.value == "mallory"));
        // A quiet span: nothing stands out.
        let quiet = Compare {
            from: DAY + 2 * H,
            to: DAY + 4 * H,
            against: Against::Rest,
        };
        assert!(in_memory(&ds, &all, || unreachable!(), &quiet).is_empty());
    }
}
