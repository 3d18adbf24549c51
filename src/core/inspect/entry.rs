//! One entry as the entry panel shows it: its role fields (every clock for its
//! time), its target (for "History of …"), its old -> new changes, its JSON as a tree
//! and as the raw text received, and the files it downloads as.

use crate::core::dataset::Dataset;
use crate::core::inspect::{self, Change, JsonValue};
use crate::core::roles::Role;
use crate::core::store::{NodeId, Row};
use crate::core::time::{EpochMs, Zone};
use crate::core::trust::export::{self, CsvOptions};
use crate::core::view::present;

/// Everything the panel shows of one entry, computed once per entry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Entry {
    /// Its row in the dataset it was built from.
    pub row: Row,
    /// The key the URL names it by.
    pub key: String,
    /// The role fields that have a value, labelled by role: the leading roles, then
    /// severity, outcome, IP address and message.
    pub fields: Vec<(Role, String)>,
    /// The original entry as a tree (None if it is not JSON).
    pub tree: Option<JsonValue>,
    /// The original entry's text, as received (masked values masked).
    pub raw: String,
    /// The old -> new changes it carries.
    pub changes: Vec<Change>,
    /// Its target, for "History of …" (None when empty or the log has no target).
    pub target: Option<String>,
}

impl Entry {
    /// Entry `row` of `d` named `key`, its times read in `zone` and told relative to `now`.
    pub(crate) fn of(d: &Dataset, row: Row, key: String, zone: Zone, now: EpochMs) -> Entry {
        let bytes = d.store().entry_bytes(row);
        let tree = inspect::parse(&bytes).ok();
        let changes = tree.as_ref().map(inspect::changes).unwrap_or_default();
        let target = d
            .role(Role::Target)
            .map(|c| present::cell(d, row, c, zone))
            .filter(|t| !t.is_empty());
        Entry {
            target,
            row,
            key,
            fields: fields(d, row, zone, now),
            changes,
            tree,
            raw: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }
}

/// The role fields of entry `row` that have a value: the leading roles, then the
/// ones worth seeing for one entry.
fn fields(d: &Dataset, row: Row, zone: Zone, now: EpochMs) -> Vec<(Role, String)> {
    Role::LEADING
        .into_iter()
        .chain([Role::Severity, Role::Outcome, Role::Ip, Role::Message])
        .filter_map(|r| {
            let text = match (r, d.time(row)) {
                (Role::Time, Some(t)) => time_field(d, row, t, zone, now),
                _ => present::cell(d, row, d.role(r)?, zone),
            };
            Some((r, text))
        })
        .filter(|(_, v)| !v.is_empty())
        .collect()
}

/// One entry's time: every clock, the text as logged, and a note when it fell in a
/// DST gap or overlap.
fn time_field(d: &Dataset, row: Row, t: EpochMs, zone: Zone, now: EpochMs) -> String {
    let mut clocks = present::clocks(t, zone, now);
    if let Some(c) = d.role(Role::Time) {
        clocks.push(format!("logged as “{}”", d.store().cell(row, c).text()));
    }
    clocks.extend(present::time_note(d, row));
    clocks.join(" · ")
}

/// What the panel says when the URL's entry key names no loaded entry.
pub(crate) fn not_found(key: &str) -> String {
    format!("No loaded entry is called “{key}”. It may be outside this log or this page of it.")
}

/// The name of the entry's download with extension `ext`: `entry-<key>.<ext>`.
pub(crate) fn file_name(key: &str, ext: &str) -> String {
    format!("entry-{key}.{ext}")
}

/// "Download JSON": entry `row` of `d` re-indented.
pub(crate) fn json_file(d: &Dataset, row: Row) -> Vec<u8> {
    inspect::pretty(&d.store().entry_bytes(row)).into_bytes()
}

/// "Download CSV": entry `row` of `d` as one CSV row of the table's columns, found
/// by path (a row read by id has its own nodes), its time in `zone`.
pub(crate) fn csv_file<'a>(
    d: &Dataset,
    row: Row,
    paths: impl IntoIterator<Item = &'a str>,
    zone: Zone,
) -> Vec<u8> {
    let columns: Vec<NodeId> = paths.into_iter().filter_map(|p| d.column(p)).collect();
    export::csv(
        d,
        &[row],
        CsvOptions {
            columns,
            zone,
            ..Default::default()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::trust::redact::Redaction;

    const LOG: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/trust-log.json"
    ));
    /// 2026-10-01T12:00:00Z: three hours after the first entry.
    const NOON: EpochMs = 1_790_856_000_000;

    fn trust() -> Dataset {
        Dataset::from_bytes(LOG.as_bytes().to_vec()).unwrap().0
    }

    fn masked() -> Dataset {
        let mut d = Dataset::new();
        d.set_redaction(&Redaction::parse("email,ip,token,*.password"));
        d.load(LOG.as_bytes().to_vec()).unwrap();
        d
    }

    fn entry(d: &Dataset, key: &str, zone: Zone) -> Entry {
        let row = d.find_entry(key).expect("in the log");
        Entry::of(d, row, key.to_string(), zone, NOON)
    }

    fn labels(e: &Entry) -> Vec<&str> {
        e.fields.iter().map(|(r, _)| r.label()).collect()
    }

    #[test]
    fn the_fields_show_leading_roles_first_then_severity_outcome_ip() {
        let e = entry(&trust(), "t01", Zone::Utc);
        assert_eq!(
            labels(&e),
            [
                "Time",
                "Action",
                "Actor",
                "Target",
                "Severity",
                "Outcome",
                "IP address"
            ]
        );
        let value = |label: &str| {
            e.fields
                .iter()
                .find(|(r, _)| r.label() == label)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(value("Action"), Some("user.login"));
        assert_eq!(value("Actor"), Some("ada@acme.test"));
        assert_eq!(value("Severity"), Some("INFO"));
        assert_eq!(value("IP address"), Some("203.0.113.5"));
        assert_eq!(e.target.as_deref(), Some("user:ada"));
    }

    #[test]
    fn the_time_gives_every_clock_and_the_text_as_logged() {
        let utc = entry(&trust(), "t01", Zone::Utc);
        assert_eq!(
            utc.fields[0],
            (
                Role::Time,
                "2026-10-01 09:00:00 +00:00 (UTC) · 3 hours ago · logged as “2026-10-01T09:00:00Z”"
                    .to_string()
            )
        );
        let india = entry(&trust(), "t01", Zone::Fixed(330));
        assert_eq!(
            india.fields[0].1,
            "2026-10-01 14:30:00 +05:30 (UTC+05:30) · 2026-10-01 09:00:00 UTC · 3 hours ago · logged as “2026-10-01T09:00:00Z”"
        );
    }

    #[test]
    fn the_changes_are_old_to_new_by_field() {
        let e = entry(&trust(), "t04", Zone::Utc);
        let changes: Vec<(&str, &str, &str)> = e
            .changes
            .iter()
            .map(|c| (c.path.as_str(), c.old.as_str(), c.new.as_str()))
            .collect();
        assert_eq!(changes, [("data.changes.room", "Oak", "Elm")]);
        assert_eq!(e.target.as_deref(), Some("booking:B-17"));
        assert!(entry(&trust(), "t01", Zone::Utc).changes.is_empty());
    }

    #[test]
    fn the_raw_text_is_as_received_and_the_download_is_indented() {
        let e = entry(&trust(), "t08", Zone::Utc);
        assert_eq!(
            e.raw,
            r#"{"id": "t08", "time": "2026-10-01T12:00:00Z", "level": "TRACE", "outcome": "success", "action": "app.publish", "actor": "ada@acme.test", "target": "app:Bookings", "ip": "203.0.113.5", "data": {"version": 12}}"#
        );
        let pretty = String::from_utf8(json_file(&trust(), e.row)).unwrap();
        assert!(pretty.starts_with("{\n  \"id\": \"t08\",\n"), "{pretty}");
        assert!(
            pretty.ends_with("  \"data\": {\n    \"version\": 12\n  }\n}"),
            "{pretty}"
        );
        let tree = e.tree.expect("JSON");
        assert_eq!(
            tree.get("data").and_then(|d| d.get("version")),
            Some(&JsonValue::Num("12".into()))
        );
    }

    #[test]
    fn masked_values_stay_masked_in_every_part_of_the_panel() {
        let d = masked();
        let e = entry(&d, "t07", Zone::Utc);
        let shown: Vec<String> = e
            .fields
            .iter()
            .map(|(_, v)| v.clone())
            .chain(
                e.changes
                    .iter()
                    .flat_map(|c| [c.old.clone(), c.new.clone()]),
            )
            .chain(
                inspect::flatten(e.tree.as_ref().unwrap())
                    .into_iter()
                    .map(|f| f.value),
            )
            .chain([e.raw.clone()])
            .chain([String::from_utf8(json_file(&d, e.row)).unwrap()])
            .chain([String::from_utf8(csv_file(
                &d,
                e.row,
                ["actor", "ip", "data.token"],
                Zone::Utc,
            ))
            .unwrap()])
            .collect();
        for secret in [
            "bob@acme.test",
            "2001:db8::42",
            "hunter2",
            "correct horse",
            "eyJhbGci",
        ] {
            assert!(!shown.iter().any(|s| s.contains(secret)), "{secret} shown");
        }
        let actor = e.fields.iter().find(|(r, _)| *r == Role::Actor).unwrap();
        assert_eq!(actor.1, "••• email");
        assert_eq!(
            e.changes
                .iter()
                .map(|c| (c.path.as_str(), c.old.as_str(), c.new.as_str()))
                .collect::<Vec<_>>(),
            [("data.changes.password", "••• redacted", "••• redacted")]
        );
    }

    #[test]
    fn an_entry_shows_only_the_fields_it_has() {
        let d = Dataset::from_bytes(
            br#"[{"id":"a","time":"2026-10-01T09:00:00Z","action":"x","target":"t"},
                {"id":"b","action":"y","target":""}]"#
                .to_vec(),
        )
        .unwrap()
        .0;
        let e = entry(&d, "b", Zone::Utc);
        assert_eq!(labels(&e), ["Action"]);
        assert_eq!(e.target, None, "no history of an empty target");
        assert!(e.changes.is_empty());
    }

    #[test]
    fn a_key_not_in_the_log_is_not_found() {
        let d = trust();
        assert_eq!(d.find_entry("t99"), None);
        assert_eq!(
            not_found("t99"),
            "No loaded entry is called “t99”. It may be outside this log or this page of it."
        );
    }

    #[test]
    fn downloads_are_named_by_the_key_and_the_csv_has_the_tables_columns() {
        let d = trust();
        let e = entry(&d, "t04", Zone::Utc);
        assert_eq!(file_name(&e.key, "json"), "entry-t04.json");
        assert_eq!(file_name(&e.key, "csv"), "entry-t04.csv");
        let csv =
            String::from_utf8(csv_file(&d, e.row, ["action", "nope", "actor"], Zone::Utc)).unwrap();
        assert_eq!(csv, "action,actor\r\nbooking.update,bob@acme.test\r\n");
    }
}
