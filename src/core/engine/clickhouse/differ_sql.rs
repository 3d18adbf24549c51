//! What is different here, on ClickHouse: the counts memory takes
//! ([`crate::core::explain::differ`]) as aggregate queries, ranked by the same
//! [`crate::core::explain::score`].
//!
//! One query counts the selected and reference rows; then one query per field
//! groups the view's rows by the field's text and counts each side with `countIf`
//! (ClickHouse 18.16: no query parameters, values as escaped literals through the
//! planner's `WHERE`). A field's query keeps values with the minimum support in the
//! selection, most selected first, at most [`MAX_VALUES`] of them. The selection is
//! a span `[from, to)` of the time column, in whole seconds as the view's bounds
//! are; the reference is the rest of the view, or another span (then the view's own
//! time bounds give way to the two spans).

use crate::core::engine::clickhouse::answer::{Compact, text_of};
use crate::core::engine::clickhouse::plan::Planner;
use crate::core::engine::clickhouse::schema::Kind;
use crate::core::engine::clickhouse::sql::{Sql, ident};
use crate::core::explain::differ::DIFFER_ROLES;
use crate::core::explain::score::{Counts, Difference, MIN_SUPPORT, candidate, rank};
use crate::core::json::path::child;
use crate::core::query::filter::FilterSpec;
use crate::core::time::EpochMs;

/// Values of one field read back at most.
pub(crate) const MAX_VALUES: usize = 10_000;

/// What the selection is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reference {
    /// The rest of the view.
    Rest,
    /// The view's rows in another span `[from, to)` (ms), such as the previous period.
    Span(EpochMs, EpochMs),
}

/// The whole second from which a row at second `s` is in a span starting at `ms`.
fn secs(ms: EpochMs) -> i64 {
    (ms.div_euclid(1000) + i64::from(ms.rem_euclid(1000) > 0)).max(0)
}

impl Planner {
    /// The columns compared: those of the roles memory compares, unless masked
    /// whole, the raw one, or a time.
    pub(crate) fn differ_columns(&self) -> Vec<usize> {
        let s = self.schema();
        let mut out: Vec<usize> = Vec::new();
        for role in DIFFER_ROLES {
            if let Some(&(_, i)) = s.roles.iter().find(|(r, _)| *r == role)
                && Some(i) != s.raw
                && !self.masks_column(&child("", &s.columns[i].name))
                && !matches!(s.columns[i].kind, Kind::Time | Kind::Date)
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
        out
    }

    /// The queries of "what is different" for the view `spec`, the selection
    /// `[from, to)` (ms) and `reference`: first the totals, then one per column of
    /// `cols`. `None` without a time column.
    pub(crate) fn differ(
        &self,
        spec: &FilterSpec,
        selection: (EpochMs, EpochMs),
        reference: Reference,
        cols: &[usize],
    ) -> Option<Vec<Sql>> {
        let t = self.time_col()?;
        let span = |(from, to): (EpochMs, EpochMs)| {
            let c = format!(
                "{name} >= toDateTime({}) AND {name} < toDateTime({})",
                secs(from),
                secs(to),
                name = ident(&t.name)
            );
            match t.nullable {
                true => format!("ifNull({c}, 0)"),
                false => format!("({c})"),
            }
        };
        let sel = span(selection);
        let (spec, other, narrow) = match reference {
            Reference::Rest => (spec.clone(), format!("NOT {sel}"), None),
            Reference::Span(from, to) => {
                let other = span((from, to));
                let narrow = format!("({sel} OR {other})");
                let spec = FilterSpec {
                    from: None,
                    to: None,
                    ..spec.clone()
                };
                (spec, other, Some(narrow))
            }
        };
        // `FROM … WHERE …` with `extra` conditions ANDed on.
        let from_where = |q: &mut Sql, extra: &[String]| {
            q.push(" FROM ").push(self.table_sql());
            let (_, mut filtered) = self.push_where_counted(q, &spec);
            for cond in narrow.iter().chain(extra) {
                q.push(if filtered { " AND " } else { " WHERE " })
                    .push(cond);
                filtered = true;
            }
        };
        let mut out = Vec::with_capacity(cols.len() + 1);
        let mut q = self.sql();
        q.push(&format!("SELECT countIf({sel}), countIf({other})"));
        from_where(&mut q, &[]);
        q.push(" FORMAT JSONCompact");
        out.push(q);
        for &i in cols {
            let c = &self.schema().columns[i];
            let mut q = self.sql();
            q.push(&format!(
                "SELECT {} AS `differ_value`, countIf({sel}) AS `differ_sel`, \
                 countIf({other}) AS `differ_ref`",
                self.text(i)
            ));
            let present = match c.nullable {
                true => vec![format!("isNotNull({})", ident(&c.name))],
                false => Vec::new(),
            };
            from_where(&mut q, &present);
            q.push(" GROUP BY `differ_value` HAVING `differ_sel` >= ")
                .int(MIN_SUPPORT as i64)
                .push(" ORDER BY `differ_sel` DESC, `differ_value` LIMIT ")
                .int(MAX_VALUES as i64)
                .push(" FORMAT JSONCompact");
            out.push(q);
        }
        Some(out)
    }

    /// Reads the answers to [`Self::differ`]'s queries (totals first, then one per
    /// column of `cols`): the `k` values most over-represented, best first.
    pub(crate) fn read_differ(
        &self,
        answers: &[Compact],
        cols: &[usize],
        k: usize,
    ) -> Vec<Difference> {
        let Some(totals) = answers.first() else {
            return Vec::new();
        };
        let (n_sel, n_ref) = (totals.count(0, 0) as usize, totals.count(0, 1) as usize);
        if n_sel == 0 {
            return Vec::new();
        }
        let mut found = Vec::new();
        for (&i, a) in cols.iter().zip(&answers[1..]) {
            let field = child("", &self.schema().columns[i].name);
            // Values that the redaction masks alike are one, as in memory.
            let mut values: Vec<(String, usize, usize)> = Vec::new();
            let mut at: rustc_hash::FxHashMap<String, usize> = Default::default();
            for (r, row) in a.data.iter().enumerate() {
                if row.first().is_none_or(|v| v.is_null()) {
                    continue;
                }
                let text = text_of(&row[0]);
                let value = self.redaction().mask_value(&field, &text).into_owned();
                let (sel, other) = (a.count(r, 1) as usize, a.count(r, 2) as usize);
                match at.get(&value) {
                    Some(&j) => {
                        (values[j].1, values[j].2) = (values[j].1 + sel, values[j].2 + other)
                    }
                    None => {
                        at.insert(value.clone(), values.len());
                        values.push((value, sel, other));
                    }
                }
            }
            for (value, a, b) in values {
                let counts = Counts { a, b, n_sel, n_ref };
                found.extend(candidate(&field, &value, counts));
            }
        }
        rank(found, k)
    }
}
