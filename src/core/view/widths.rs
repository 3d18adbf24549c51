//! Column widths: each column's natural width in characters, worked out once from
//! its header and the first loaded values, so the table can use a fixed layout
//! (a new page then lays out its rows without measuring every cell again).

use crate::core::dataset::Dataset;
use crate::core::roles::Role;
use crate::core::store::NodeId;
use crate::core::time::Zone;
use crate::core::view::present;

/// Narrowest natural width, in characters.
pub(crate) const MIN_CH: u16 = 6;
/// Widest natural width, in characters (longer values truncate; a drag or a
/// double-click on the header's edge widens the column).
pub(crate) const MAX_CH: u16 = 28;
/// How many of the first entries are measured: stable once that many have loaded.
pub(crate) const SAMPLE: usize = 400;

/// The width column `col` needs, in characters: its header (name, sort mark and role
/// badge) or nine in ten of its first values, whichever is wider, within
/// [`MIN_CH`]..=[`MAX_CH`].
pub(crate) fn natural_ch(ds: &Dataset, col: NodeId, header: &str, role: Option<Role>) -> u16 {
    // The role badge is small capitals: about 0.8 of a character each, plus its padding.
    let badge = role.map_or(0, |r| {
        let zone = if r == Role::Time { 6 } else { 0 };
        (r.label().chars().count() + zone) * 4 / 5 + 2
    });
    let head = header.chars().count() + 3 + badge;
    let mut lens: Vec<usize> = (0..ds.len().min(SAMPLE) as u32)
        .map(|r| present::cell(ds, r, col, Zone::Utc).chars().count())
        .collect();
    let values = if lens.is_empty() {
        0
    } else {
        lens.sort_unstable();
        let p90 = lens[(lens.len() * 9 / 10).min(lens.len() - 1)];
        // Badges carry a border and padding; a DST mark can follow a time.
        p90 + if matches!(role, Some(Role::Severity | Role::Outcome)) {
            3
        } else {
            1
        }
    };
    head.max(values).clamp(MIN_CH as usize, MAX_CH as usize) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::dataset::Dataset;

    fn ds(json: &str) -> Dataset {
        Dataset::from_bytes(json.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn a_column_is_as_wide_as_most_of_its_values_or_its_header() {
        let mut entries: Vec<String> = (0..20)
            .map(|i| format!(r#"{{"user":"someone{i}@example.com","n":{i}}}"#))
            .collect();
        // One very long value does not widen the column for everyone.
        entries.push(format!(r#"{{"user":"{}","n":1}}"#, "x".repeat(300)));
        let d = ds(&format!("[{}]", entries.join(",")));
        let user = d.column("user").unwrap();
        let n = d.column("n").unwrap();
        // "someone19@example.com" and room for a mark after it.
        assert_eq!(natural_ch(&d, user, "user", None), 22);
        // A short value: the header (with its sort mark) is what needs the room.
        assert_eq!(natural_ch(&d, n, "n", None), MIN_CH);
        assert_eq!(natural_ch(&d, n, "a-rather-long-header", None), 23);
    }

    #[test]
    fn widths_stay_within_bounds() {
        let long = "y".repeat(500);
        let d = ds(&format!(
            r#"[{{"a":"{long}","b":"x"}},{{"a":"{long}","b":"x"}}]"#
        ));
        let (a, b) = (d.column("a").unwrap(), d.column("b").unwrap());
        // Long values, or a long header, stop at the widest width.
        assert_eq!(natural_ch(&d, a, "a", None), MAX_CH);
        assert_eq!(natural_ch(&d, b, &"h".repeat(100), None), MAX_CH);
        // A one-letter column with a one-letter header is still the narrowest width.
        assert_eq!(natural_ch(&d, b, "b", None), MIN_CH);
    }

    #[test]
    fn a_role_badge_widens_the_header_and_a_badge_its_values() {
        let d = ds(r#"[{"n":1,"level":"EMERGENCY123"},{"n":2,"level":"EMERGENCY123"}]"#);
        let (n, level) = (d.column("n").unwrap(), d.column("level").unwrap());
        // "n", its sort mark, and the "Actor" badge (small capitals, with padding).
        assert_eq!(natural_ch(&d, n, "n", Some(Role::Actor)), 10);
        // The time badge also names the zone.
        assert_eq!(natural_ch(&d, n, "n", Some(Role::Time)), 14);
        // A severity value shows as a badge, with a border and padding.
        assert_eq!(natural_ch(&d, level, "l", None), 13);
        assert_eq!(natural_ch(&d, level, "l", Some(Role::Severity)), 15);
    }
}
