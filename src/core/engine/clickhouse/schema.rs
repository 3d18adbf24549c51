//! A ClickHouse table's columns, their kinds and the roles they play.
//!
//! Columns come from `DESCRIBE TABLE`; roles from the same detection as in memory,
//! run on a sample of rows (each row as a JSON object of its columns), with a
//! `DateTime` column preferred for the time. A `String` column named `raw`, `json`,
//! `body` or `log` (or mapped with `map=raw:col`) holds each entry's original JSON.

use crate::core::dataset::Dataset;
use crate::core::engine::clickhouse::answer::{Compact, text_of};
use crate::core::roles::{Mapping, Role};

/// How the planner treats a column's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `String`, `FixedString`, `LowCardinality(String)`, `Enum`.
    Text,
    /// Integers and floats.
    Number,
    /// `DateTime` (whole seconds) or `DateTime64`.
    Time,
    /// `Date`.
    Date,
    /// Arrays, tuples, UUIDs and the rest: searched and shown as text.
    Other,
}

/// One column of the table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Column {
    /// Its name.
    pub name: String,
    /// Its ClickHouse type, as `DESCRIBE` wrote it.
    pub ty: String,
    /// How the planner treats it.
    pub kind: Kind,
    /// True for `Nullable(…)`.
    pub nullable: bool,
}

impl Column {
    /// A column of `name` and ClickHouse type `ty`.
    pub(crate) fn new(name: &str, ty: &str) -> Column {
        let mut inner = ty.trim();
        let mut nullable = false;
        loop {
            if let Some(t) = inner
                .strip_prefix("Nullable(")
                .and_then(|t| t.strip_suffix(')'))
            {
                nullable = true;
                inner = t;
            } else if let Some(t) = inner
                .strip_prefix("LowCardinality(")
                .and_then(|t| t.strip_suffix(')'))
            {
                inner = t;
            } else {
                break;
            }
        }
        let kind = if inner == "String"
            || inner.starts_with("FixedString(")
            || inner.starts_with("Enum")
        {
            Kind::Text
        } else if inner.starts_with("DateTime") {
            Kind::Time
        } else if inner == "Date" {
            Kind::Date
        } else if ["Int", "UInt", "Float", "Decimal"]
            .iter()
            .any(|p| inner.starts_with(p))
        {
            Kind::Number
        } else {
            Kind::Other
        };
        Column {
            name: name.to_string(),
            ty: ty.to_string(),
            kind,
            nullable,
        }
    }
}

/// Names that mark the column holding each entry's original JSON.
pub(crate) const RAW_NAMES: [&str; 4] = ["raw", "json", "body", "log"];

/// The table as the planner sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Schema {
    /// Every column, in table order.
    pub columns: Vec<Column>,
    /// The column with each entry's original JSON, if any.
    pub raw: Option<usize>,
    /// The column playing each role.
    pub roles: Vec<(Role, usize)>,
    /// Roles detected on a field that is no column (inside a JSON string): the
    /// server cannot filter or count them, and the interface says so.
    pub elsewhere: Vec<(Role, String)>,
    /// The key paths the sample's entries held (those inside a JSON column too):
    /// names a query may use as fields.
    pub paths: Vec<String>,
}

impl Schema {
    /// The columns of a `DESCRIBE TABLE … FORMAT JSONCompact` answer; `raw` names the
    /// original-JSON column when the admin mapped one (`map=raw:col`).
    pub(crate) fn from_describe(answer: &Compact, raw: Option<&str>) -> Schema {
        let columns: Vec<Column> = answer
            .data
            .iter()
            .filter_map(|row| Some(Column::new(&text_of(row.first()?), &text_of(row.get(1)?))))
            .collect();
        let raw = match raw {
            Some(name) => columns.iter().position(|c| c.name == name),
            None => RAW_NAMES.iter().find_map(|n| {
                columns
                    .iter()
                    .position(|c| c.kind == Kind::Text && c.name.eq_ignore_ascii_case(n))
            }),
        };
        Schema {
            columns,
            raw,
            roles: Vec::new(),
            elsewhere: Vec::new(),
            paths: Vec::new(),
        }
    }

    /// The column at key path `path` (a name holding `.` is escaped there: `a\.b`).
    pub(crate) fn column(&self, path: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == path || crate::core::json::path::child("", &c.name) == path)
    }

    /// The column playing `role`.
    pub(crate) fn role(&self, role: Role) -> Option<&Column> {
        self.roles
            .iter()
            .find(|(r, _)| *r == role)
            .map(|&(_, i)| &self.columns[i])
    }

    /// The columns other than the raw one (what a sample row shows, and what a page
    /// without a raw column sends).
    pub(crate) fn shown(&self) -> impl Iterator<Item = &Column> {
        self.columns
            .iter()
            .enumerate()
            .filter(move |(i, _)| Some(*i) != self.raw)
            .map(|(_, c)| c)
    }

    /// Detects the roles from `sample` (rows of the shown columns, as JSON objects),
    /// with `mapping` applied on top: a role lands only on a column of the table, and
    /// the time only on a `DateTime` or `Date` column (the first one when detection
    /// picks none).
    pub(crate) fn detect_roles(&mut self, sample: &mut Dataset, mapping: &Mapping) {
        sample.set_mapping(mapping);
        let sample_mapped = &*sample;
        self.roles.clear();
        self.elsewhere.clear();
        self.paths = sample_mapped
            .store()
            .nodes()
            .iter()
            .map(|n| n.path.clone())
            .filter(|p| !p.is_empty())
            .collect();
        for role in Role::ALL {
            let path = sample_mapped
                .role(role)
                .map(|n| sample_mapped.store().node(n).path.clone());
            let found = path.as_deref().and_then(|p| self.column(p));
            if let (None, Some(p)) = (found, &path) {
                self.elsewhere.push((role, p.clone()));
            }
            let found = match role {
                Role::Time => found
                    .filter(|&i| matches!(self.columns[i].kind, Kind::Time | Kind::Date))
                    .or_else(|| self.columns.iter().position(|c| c.kind == Kind::Time)),
                _ => found,
            };
            if let Some(i) = found.filter(|&i| Some(i) != self.raw) {
                self.roles.push((role, i));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::engine::clickhouse::answer::Compact;

    pub(crate) fn describe_audit() -> Compact {
        Compact::parse(
            br#"{"meta":[{"name":"name","type":"String"},{"name":"type","type":"String"}],
            "data":[["id","UInt64"],["createdAt","DateTime"],["category","String"],["type","String"],
            ["appId","Nullable(UInt64)"],["appName","Nullable(String)"],["userEmail","String"],
            ["userName","String"],["ip","String"],["userAgent","String"],["data","String"],["raw","String"]],
            "rows":12}"#,
        )
        .unwrap()
    }

    #[test]
    fn types_read_as_kinds() {
        let k = |t: &str| {
            let c = Column::new("c", t);
            (c.kind, c.nullable)
        };
        assert_eq!(k("String"), (Kind::Text, false));
        assert_eq!(k("Nullable(String)"), (Kind::Text, true));
        assert_eq!(k("LowCardinality(Nullable(String))"), (Kind::Text, true));
        assert_eq!(k("DateTime('Europe/Berlin')"), (Kind::Time, false));
        assert_eq!(k("DateTime64(3)"), (Kind::Time, false));
        assert_eq!(k("Date"), (Kind::Date, false));
        assert_eq!(k("Nullable(UInt64)"), (Kind::Number, true));
        assert_eq!(k("Enum8('a' = 1)"), (Kind::Text, false));
        assert_eq!(k("Array(String)"), (Kind::Other, false));
    }

    #[test]
    fn the_raw_column_is_found_by_name_or_by_mapping() {
        let s = Schema::from_describe(&describe_audit(), None);
        assert_eq!(s.raw, s.column("raw"));
        assert_eq!(s.columns.len(), 12);
        let s = Schema::from_describe(&describe_audit(), Some("data"));
        assert_eq!(s.raw, s.column("data"));
    }

    #[test]
    fn roles_come_from_a_sample_and_the_time_from_a_datetime_column() {
        let mut s = Schema::from_describe(&describe_audit(), None);
        let sample = br#"{"id":"7","createdAt":"2026-08-14 16:45:48","category":"studio","type":"user.login","appId":"101","appName":"Room Booking","userEmail":"ada@example.com","userName":"Ada","ip":"10.0.0.1","userAgent":"Mozilla/5.0","data":"{\"method\":\"sso\",\"status\":\"failure\"}"}
{"id":"8","createdAt":"2026-08-14 16:45:49","category":"app","type":"email.sent","appId":null,"appName":null,"userEmail":"bob@example.com","userName":"Bob","ip":"10.0.0.2","userAgent":"curl/8","data":"{\"status\":\"success\"}"}"#;
        let mut d = Dataset::from_bytes(sample.to_vec()).unwrap().0;
        s.detect_roles(&mut d, &Mapping::default());
        let name = |r| s.role(r).map(|c| c.name.as_str());
        assert_eq!(name(Role::Time), Some("createdAt"));
        assert_eq!(name(Role::Action), Some("type"));
        assert_eq!(name(Role::Actor), Some("userEmail"));
        assert_eq!(name(Role::App), Some("appName"));
        assert_eq!(name(Role::Id), Some("id"));
        // Inside the JSON string column: found, but no column to count it by.
        assert_eq!(
            s.elsewhere,
            vec![(Role::Outcome, "data.status".to_string())]
        );
        s.detect_roles(&mut d, &Mapping::parse("actor:userName"));
        assert_eq!(
            s.role(Role::Actor).map(|c| c.name.as_str()),
            Some("userName")
        );
    }
}
