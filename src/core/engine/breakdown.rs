//! A breakdown: the current view's entries grouped by the values of one or two
//! fields, each group with its entries, the distinct values of another field (the
//! actor by default) and when it was first and last seen; the largest groups
//! first, the rest as one "other" row. The same shape from both engines.

use crate::core::time::{EpochMs, Zone, format_iso};
use crate::core::trust::export::{CsvOptions, CsvWriter};

/// Groups shown at most; the rest are one "other" row.
pub const TOP: usize = 100;

/// One group: entries whose fields read these values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    /// One value per grouped field, in `Breakdown::by` order; `None`: the entry
    /// has no value there (missing or null).
    pub values: Vec<Option<String>>,
    /// Entries in the group.
    pub count: usize,
    /// Distinct values of `Breakdown::distinct_of` among them (0 when it is None).
    pub distinct: usize,
    /// Earliest event time among them (None when none has a time).
    pub first: Option<EpochMs>,
    /// Latest event time among them (None when none has a time).
    pub last: Option<EpochMs>,
}

/// The current view grouped by one or two fields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Breakdown {
    /// The grouped fields' paths.
    pub by: Vec<String>,
    /// The field whose distinct values are counted per group (the actor role's
    /// path by default), if any.
    pub distinct_of: Option<String>,
    /// Entries in the view.
    pub entries: usize,
    /// The largest groups, most entries first (ties: by values ascending, None
    /// last), at most [`TOP`].
    pub groups: Vec<Group>,
    /// Everything beyond the top groups as one row (`values` empty), None when
    /// nothing is left.
    pub other: Option<Group>,
}

/// Shown for a group's missing value.
const NO_VALUE: &str = "(no value)";
/// Shown for the other row's values.
const OTHER: &str = "(other)";

impl Breakdown {
    /// The table as CSV (header `by…, entries, share, distinct <distinct_of>,
    /// first, last`; no distinct column without `distinct_of`), times as ISO 8601
    /// in `zone`, formula-like cells neutralised, "(no value)" for None, "(other)"
    /// for the other row.
    pub(crate) fn csv(&self, zone: Zone) -> Vec<u8> {
        let mut header = self.by.clone();
        header.extend(["entries".into(), "share".into()]);
        if let Some(d) = &self.distinct_of {
            header.push(format!("distinct {d}"));
        }
        header.extend(["first".into(), "last".into()]);
        let mut w = CsvWriter::headed(&header, CsvOptions::default());
        let time = |t: Option<EpochMs>| t.map(|t| format_iso(t, zone)).unwrap_or_default();
        let rows = self.groups.iter().map(|g| (g, false));
        for (g, other) in rows.chain(self.other.iter().map(|g| (g, true))) {
            let mut cells: Vec<String> = match other {
                true => vec![OTHER.to_string(); self.by.len()],
                false => g
                    .values
                    .iter()
                    .map(|v| v.clone().unwrap_or_else(|| NO_VALUE.to_string()))
                    .collect(),
            };
            cells.push(g.count.to_string());
            cells.push(match self.entries {
                0 => String::new(),
                n => format!("{:.1}%", g.count as f64 * 100.0 / n as f64),
            });
            if self.distinct_of.is_some() {
                cells.push(g.distinct.to_string());
            }
            cells.extend([time(g.first), time(g.last)]);
            w.write_texts(&cells);
        }
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(values: &[Option<&str>], count: usize, t: Option<EpochMs>) -> Group {
        Group {
            values: values.iter().map(|v| v.map(String::from)).collect(),
            count,
            distinct: 1,
            first: t,
            last: t.map(|t| t + 1000),
        }
    }

    #[test]
    fn csv_has_the_header_neutralised_values_no_value_and_the_other_row() {
        let b = Breakdown {
            by: vec!["type".into(), "to[]".into()],
            distinct_of: Some("actor".into()),
            entries: 8,
            groups: vec![
                group(&[Some("=cmd|' /C calc'!A0"), None], 4, Some(0)),
                group(&[Some("login"), Some("a,b")], 2, None),
            ],
            other: Some(group(&[], 2, Some(86_400_000))),
        };
        let text = String::from_utf8(b.csv(Zone::Utc)).unwrap();
        assert_eq!(
            text,
            "type,to[],entries,share,distinct actor,first,last\r\n\
             '=cmd|' /C calc'!A0,(no value),4,50.0%,1,1970-01-01T00:00:00.000Z,1970-01-01T00:00:01.000Z\r\n\
             login,\"a,b\",2,25.0%,1,,\r\n\
             (other),(other),2,25.0%,1,1970-01-02T00:00:00.000Z,1970-01-02T00:00:01.000Z\r\n"
        );
        // Without a distinct field: no such column; an empty view: no share.
        let none = Breakdown {
            by: vec!["type".into()],
            ..Breakdown::default()
        };
        assert_eq!(none.csv(Zone::Utc), b"type,entries,share,first,last\r\n");
    }
}
