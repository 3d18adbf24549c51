//! The ClickHouse planner: the explorer's view turned into SQL, and the answers
//! turned back into what the in-memory engine gives (counts, rows, facets, buckets).
//!
//! Pure: given a view, the exact SQL; given an answer, the result. Every value goes
//! through [`Sql::value`], so a filter, search or entry id can never change the
//! shape of a query. With a redaction ([`Planner::masked`]), rows are read masked
//! and the server compares, counts and sorts masked text (see [`super::masked`]).
//!
//! Paging. A page asks for one row more than it shows. The next page continues
//! right after the last row's sort keys (keyset) only when that extra row's keys
//! differ from the last row's, so no row sharing them is left behind; and only on
//! keys the server compares exactly as it sorts (text, integers, times as whole
//! seconds, dates, none of them `NULL`). Otherwise it goes by `OFFSET`. Ids that
//! repeat or times in whole seconds make ties common, and this holds whatever the
//! table promises, which ClickHouse does not check (a sorting key is not unique).
//! An export (see [`super::export`]) cannot skip or repeat a row either way.

use crate::core::dataset::Dataset;
use crate::core::engine::clickhouse::answer::{Compact, number, text_of};
use crate::core::engine::clickhouse::lang_sql;
use crate::core::engine::clickhouse::masked::{self, Masking};
use crate::core::engine::clickhouse::schema::{Column, Kind, Schema};
use crate::core::engine::clickhouse::sql::{self, Sql, ident, table};
use crate::core::engine::memory::histogram::{Histogram, count_into, layout};
use crate::core::query::filter::{FilterSpec, Matcher, Op};
use crate::core::query::lang;
use crate::core::roles::{Mapping, Role};
use crate::core::time::{EpochMs, Step, Zone};
use crate::core::trust::redact::{MASK, Redaction};
use serde_json::Value;

/// A server version, from `SELECT version()`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Version {
    /// Major (18 in 18.16.1).
    pub major: u32,
    /// Minor (16 in 18.16.1).
    pub minor: u32,
}

impl Version {
    /// Reads `18.16.1` or `23.8.2.7`; an unreadable version counts as the oldest.
    pub(crate) fn parse(s: &str) -> Version {
        let mut it = s.trim().split('.').map(|p| p.parse::<u32>().unwrap_or(0));
        Version {
            major: it.next().unwrap_or(0),
            minor: it.next().unwrap_or(0),
        }
    }

    fn at_least(self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }

    /// Query parameters (`{p0:String}` with `param_p0=`) arrived in 19.11.
    pub(crate) fn has_params(self) -> bool {
        self.at_least(19, 11)
    }

    /// `ILIKE` arrived in 20.6.
    pub(crate) fn has_ilike(self) -> bool {
        self.at_least(20, 6)
    }
}

/// A column filter or a clause of the search box's query the server cannot apply,
/// and why (shown, never silently dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotApplied {
    /// The filtered path, or the query's top-level clause as its chip reads
    /// ([`crate::core::query::lang::Query::clauses`]).
    pub col: String,
    /// Why.
    pub reason: String,
}

/// Row order: a column and its direction, with the id column as the tie-break.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Order {
    /// (column index, descending), most significant first.
    pub keys: Vec<(usize, bool)>,
}

/// Where a page starts: an offset, or just after a known row (keyset paging).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Start {
    /// Skip this many rows.
    Offset(usize),
    /// After the row whose sort keys were these (values as ClickHouse sent them).
    After(Vec<Value>),
}

/// The overview of a view: its total and time span.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Matching rows.
    pub total: usize,
    /// Earliest and latest time (ms), when any matching row has one.
    pub span: Option<(EpochMs, EpochMs)>,
    /// Matching rows without a time.
    pub untimed: usize,
}

/// A page of rows: each entry as JSON text, and the keys that continue after it.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Rows {
    /// One JSON document per row (the raw column, or the row's columns as an object).
    pub entries: Vec<String>,
    /// The sort keys of the last row, when the next page may continue right after
    /// them: no row beyond this page shares them.
    pub last: Option<Vec<Value>>,
    /// The sort keys of the first row.
    pub first: Option<Vec<Value>>,
    /// When the row after the last has the same keys: how many of these entries,
    /// at their end, have them too.
    pub tied: usize,
}

impl Rows {
    /// The rows as NDJSON, ready for the in-memory store (a newline inside a raw
    /// document becomes a space: JSON allows none inside its strings).
    pub(crate) fn ndjson(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for e in &self.entries {
            out.extend(
                e.bytes()
                    .map(|b| if b == b'\n' || b == b'\r' { b' ' } else { b }),
            );
            out.push(b'\n');
        }
        out
    }
}

/// Turns views into SQL for one table.
#[derive(Clone, Debug)]
pub(crate) struct Planner {
    table: String,
    schema: Schema,
    version: Version,
    masking: Masking,
}

impl Planner {
    /// A planner for table `name` (`db.table`) with `schema`, on a server of `version`.
    pub(crate) fn new(name: &str, schema: Schema, version: Version) -> Planner {
        Planner {
            table: table(name),
            schema,
            version,
            masking: Masking::default(),
        }
    }

    /// This planner masking what `redaction` masks. A time or id column that a field
    /// rule covers plays no role: its values would show through the histogram, the
    /// range and the order, or find entries.
    pub(crate) fn masked(mut self, redaction: &Redaction) -> Planner {
        self.masking = Masking::new(redaction);
        let hidden: Vec<usize> = (0..self.schema.columns.len())
            .filter(|&i| self.hides(i))
            .collect();
        self.schema
            .roles
            .retain(|&(r, i)| !(matches!(r, Role::Time | Role::Id) && hidden.contains(&i)));
        self
    }

    /// What rows are masked by.
    pub(crate) fn redaction(&self) -> &Redaction {
        self.masking.redaction()
    }

    /// Rows read from the server as a small dataset, masked as they are stored and
    /// mapped as the table is (see [`masked::dataset`]).
    pub(crate) fn dataset(&self, rows: &Rows) -> Dataset {
        masked::dataset(rows.ndjson(), self.redaction(), Some(&self.mapping()))
    }

    /// The key path of column `i`.
    fn path(&self, i: usize) -> String {
        crate::core::json::path::child("", &self.schema.columns[i].name)
    }

    /// True if a field rule covers every value of column `i` (never the raw column,
    /// which the redaction masks inside): by its key path, or by its name as the key
    /// of an entry (`a.b` is one key there).
    fn hides(&self, i: usize) -> bool {
        Some(i) != self.schema.raw
            && (self.masking.hides(&self.path(i))
                || self.masking.hides(&self.schema.columns[i].name))
    }

    /// True if the column at `path` is masked whole (a field rule covers it): it is
    /// not searched, filtered or sorted by.
    pub(crate) fn masks_column(&self, path: &str) -> bool {
        self.schema.column(path).is_some_and(|i| self.hides(i))
    }

    /// The table's schema.
    pub(crate) fn schema(&self) -> &Schema {
        &self.schema
    }

    /// The roles as a mapping over key paths, for the rows of a page in memory.
    pub(crate) fn mapping(&self) -> Mapping {
        Mapping(
            self.schema
                .roles
                .iter()
                .map(|&(r, i)| {
                    (
                        r,
                        crate::core::json::path::child("", &self.schema.columns[i].name),
                    )
                })
                .collect(),
        )
    }

    /// The server's version.
    pub(crate) fn version_sql() -> Sql {
        let mut q = Sql::new(false);
        q.push("SELECT version() FORMAT JSONCompact");
        q
    }

    /// The table's columns.
    pub(crate) fn describe_sql(name: &str) -> Sql {
        let mut q = Sql::new(false);
        q.push("DESCRIBE TABLE ")
            .push(&table(name))
            .push(" FORMAT JSONCompact");
        q
    }

    /// A sample of rows for role detection: every column but the raw one.
    pub(crate) fn sample_sql(&self, rows: usize) -> Sql {
        let cols: Vec<String> = self.schema.shown().map(|c| ident(&c.name)).collect();
        let mut q = self.sql();
        q.push(&format!(
            "SELECT {} FROM {} LIMIT ",
            cols.join(", "),
            self.table
        ));
        q.int(rows as i64).push(" FORMAT JSONCompact");
        q
    }

    /// The sample's rows as NDJSON objects of their columns.
    pub(crate) fn sample_rows(answer: &Compact) -> Vec<u8> {
        let rows = Rows {
            entries: answer
                .data
                .iter()
                .map(|row| object(&answer.meta, row))
                .collect(),
            ..Default::default()
        };
        rows.ndjson()
    }

    pub(super) fn sql(&self) -> Sql {
        Sql::new(self.version.has_params())
    }

    /// The table, quoted for a `FROM`.
    pub(super) fn table_sql(&self) -> &str {
        &self.table
    }

    /// Column `i` as text, as the server compares and counts it: masked as its rows
    /// are (a column a field rule covers is the mask alone, or `NULL`).
    pub(super) fn text(&self, i: usize) -> String {
        let c = &self.schema.columns[i];
        if self.hides(i) {
            let mask = sql::string(&format!("{MASK} redacted"));
            return match c.nullable {
                true => format!("if(isNull({}), NULL, {mask})", ident(&c.name)),
                false => mask,
            };
        }
        // An `Enum` or `FixedString` as text, as the text functions take it.
        let plain = match c.kind {
            Kind::Text if inner_type(&c.ty).starts_with("String") => ident(&c.name),
            _ => format!("toString({})", ident(&c.name)),
        };
        match c.kind {
            Kind::Text | Kind::Other => self.masking.text(&plain),
            _ => plain,
        }
    }

    fn push_match(&self, q: &mut Sql, i: usize, m: &Matcher) {
        let c = &self.schema.columns[i];
        let e = self.text(i);
        let pos = |q: &mut Sql| {
            q.push(&format!("positionCaseInsensitiveUTF8({e}, "))
                .value(&m.needle)
                .push(")");
        };
        let cond_start = q.text.len();
        match m.op {
            Op::Contains if self.version.has_ilike() => {
                let like: String = m
                    .needle
                    .chars()
                    .flat_map(|ch| match ch {
                        '%' | '_' | '\\' => vec!['\\', ch],
                        ch => vec![ch],
                    })
                    .collect();
                q.push(&format!("{e} ILIKE ")).value(&format!("%{like}%"));
            }
            Op::Contains => {
                pos(q);
                q.push(" > 0");
            }
            Op::Prefix => {
                pos(q);
                q.push(" = 1");
            }
            Op::Exact if m.needle == "null" && c.nullable => {
                q.push(&format!("(isNull({}) OR lowerUTF8({e}) = ", ident(&c.name)))
                    .value("null")
                    .push(")");
            }
            Op::Exact => {
                q.push(&format!("lowerUTF8({e}) = ")).value(&m.needle);
            }
        }
        if m.negate {
            // NULL never matches, so "does not match" keeps it (as in memory).
            let cond = q.text.split_off(cond_start);
            q.push(&format!("NOT ifNull({cond}, 0)"));
        }
    }

    pub(super) fn time_col(&self) -> Option<&Column> {
        self.schema.role(Role::Time)
    }

    /// `WHERE …` for `spec`, and the column filters it could not apply.
    pub(crate) fn push_where(&self, q: &mut Sql, spec: &FilterSpec) -> Vec<NotApplied> {
        self.push_where_counted(q, spec).0
    }

    /// [`Self::push_where`], and whether it wrote a `WHERE` (so the next condition
    /// goes with `AND`): decided by what was written, never by searching the text,
    /// which holds the values.
    pub(super) fn push_where_counted(
        &self,
        q: &mut Sql,
        spec: &FilterSpec,
    ) -> (Vec<NotApplied>, bool) {
        let mut parts = 0;
        let mut and = |q: &mut Sql| {
            q.push(if parts == 0 { " WHERE " } else { " AND " });
            parts += 1;
        };
        let mut skipped = Vec::new();
        if let Some(app) = &spec.scope {
            let m = Matcher {
                op: Op::Exact,
                needle: crate::core::store::dict::lower(app.trim()),
                negate: false,
            };
            let cols: Vec<usize> = [Role::App, Role::AppId]
                .iter()
                .filter_map(|&r| self.schema.column(&self.schema.role(r)?.name))
                .collect();
            and(q);
            if cols.is_empty() {
                q.push("0");
            } else {
                q.push("(");
                for (n, &i) in cols.iter().enumerate() {
                    if n > 0 {
                        q.push(" OR ");
                    }
                    self.push_match(q, i, &m);
                }
                q.push(")");
            }
        }
        if let Some(t) = self.time_col() {
            let t = ident(&t.name);
            // Whole seconds: a row at second s is in [from, to) when s*1000 is.
            let secs = |ms: EpochMs| ms.div_euclid(1000) + i64::from(ms.rem_euclid(1000) > 0);
            if let Some(from) = spec.from {
                and(q);
                q.push(&format!("{t} >= toDateTime("))
                    .int(secs(from).max(0))
                    .push(")");
            }
            if let Some(to) = spec.to {
                and(q);
                q.push(&format!("{t} < toDateTime("))
                    .int(secs(to).max(0))
                    .push(")");
            }
        }
        for (path, expr) in &spec.filters {
            let Some(m) = Matcher::parse(expr) else {
                continue;
            };
            match self.schema.column(path) {
                // Matching a masked value would tell what it is.
                Some(i) if self.hides(i) => skipped.push(NotApplied {
                    col: path.clone(),
                    reason: format!("not applied: the values of {path} are masked"),
                }),
                Some(i) if Some(i) != self.schema.raw => {
                    and(q);
                    self.push_match(q, i, &m);
                }
                _ => skipped.push(NotApplied {
                    col: path.clone(),
                    reason: format!("not applied: the table has no column {path}"),
                }),
            }
        }
        if !spec.search.trim().is_empty() {
            match lang::parse(&spec.search, &self.schema) {
                // Each clause ANDed on its own, so one not applied leaves the rest.
                Ok(query) => {
                    for (clause, text) in query.clauses() {
                        let mut trial = q.clone();
                        let start = trial.text.len();
                        let env = lang_sql::Env {
                            zone: spec.zone,
                            kinds: &spec.kinds,
                        };
                        match lang_sql::push_expr(self, &mut trial, clause, &env) {
                            Ok(()) => {
                                let cond = trial.text.split_off(start);
                                and(q);
                                q.push(&cond);
                                q.params = trial.params;
                            }
                            Err(reason) => skipped.push(NotApplied { col: text, reason }),
                        }
                    }
                }
                // As in memory: what does not parse is searched as text, whole.
                Err(_) => {
                    and(q);
                    self.push_search(q, &spec.search);
                }
            }
        }
        (skipped, parts > 0)
    }

    /// `(…)`: today's search for `text` (trimmed, ignoring case) in every value, as
    /// a plain word of the query is looked for.
    fn push_search(&self, q: &mut Sql, text: &str) {
        let m = Matcher {
            op: Op::Contains,
            needle: crate::core::store::dict::lower(text.trim()),
            negate: false,
        };
        // The raw JSON holds every value as written, unless JSON escapes the text.
        // A column whose values are masked whole holds nothing to find.
        let cols: Vec<usize> = match self.schema.raw {
            Some(raw) if !json_escapes(&m.needle) => vec![raw],
            _ => (0..self.schema.columns.len())
                .filter(|&i| !self.hides(i))
                .collect(),
        };
        q.push("(");
        if cols.is_empty() {
            q.push("0");
        }
        for (n, i) in cols.into_iter().enumerate() {
            if n > 0 {
                q.push(" OR ");
            }
            self.push_match(q, i, &m);
        }
        q.push(")");
    }

    /// The order for a sort on `col` (a path; `None`: load order, which a table does
    /// not have, so the time, newest first), with the id column breaking ties. A
    /// column masked whole is not sorted by (its order would tell its values).
    pub(crate) fn order(&self, col: Option<(&str, bool)>) -> Order {
        let first = col
            .and_then(|(c, desc)| Some((self.schema.column(c)?, desc)))
            .filter(|&(i, _)| !self.hides(i))
            .or_else(|| {
                let t = self.time_col()?;
                Some((self.schema.column(&t.name)?, true))
            });
        let mut keys: Vec<(usize, bool)> = first.into_iter().collect();
        let desc = keys.first().is_some_and(|k| k.1);
        let id = self
            .schema
            .role(Role::Id)
            .and_then(|c| self.schema.column(&c.name));
        if let Some(id) = id.filter(|&id| keys.first().map(|k| k.0) != Some(id)) {
            keys.push((id, desc));
        }
        Order { keys }
    }

    /// Where page `page` of `query` in `order` starts: after `cursor`'s row when it
    /// continues it and the keys allow, else by offset.
    pub(crate) fn start(
        &self,
        cursor: Option<&Cursor>,
        query: &str,
        order: &Order,
        page: usize,
        size: usize,
    ) -> Start {
        match self.keyset_ok(order) {
            true => Cursor::start(cursor, query, page, size),
            false => Start::Offset(page.saturating_mul(size)),
        }
    }

    /// True if rows in `order` can be found after a row's keys: every key is compared
    /// by the server exactly as it sorts (never `NULL`; text, an integer, a `DateTime`
    /// as whole seconds, a `Date`; not a float, decimal or `DateTime64`, whose text
    /// does not read back as the same value).
    pub(crate) fn keyset_ok(&self, order: &Order) -> bool {
        !order.keys.is_empty() && order.keys.iter().all(|&(i, _)| self.exact_key(i))
    }

    fn exact_key(&self, i: usize) -> bool {
        let c = &self.schema.columns[i];
        let inner = inner_type(&c.ty);
        !c.nullable
            && match c.kind {
                Kind::Text | Kind::Date => true,
                // Masked text, when anything is masked.
                Kind::Other => !self.masking.is_empty(),
                Kind::Number => inner.starts_with("Int") || inner.starts_with("UInt"),
                Kind::Time => !inner.starts_with("DateTime64"),
            }
    }

    /// Sort key `i` as the server orders and compares it: text columns masked as
    /// their rows are, the rest as they are.
    pub(super) fn key(&self, i: usize) -> String {
        let c = &self.schema.columns[i];
        match c.kind {
            Kind::Text | Kind::Other if !self.masking.is_empty() => self.text(i),
            _ => ident(&c.name),
        }
    }

    /// Sort key `i` as a page sends it back: a time as whole seconds, which the next
    /// page compares exactly in any time zone.
    pub(super) fn key_out(&self, i: usize) -> String {
        match self.schema.columns[i].kind {
            Kind::Time => format!("toUInt32({})", self.key(i)),
            _ => self.key(i),
        }
    }

    /// A value of key `i` as a page sent it back ([`Self::key_out`]), to compare with.
    pub(super) fn push_key_value(&self, q: &mut Sql, i: usize, v: &Value) {
        let c = &self.schema.columns[i];
        let t = text_of(v);
        let digits = !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        match c.kind {
            Kind::Text | Kind::Other if !self.masking.is_empty() => {
                q.value(&t);
            }
            Kind::Number => match t.parse::<i64>() {
                Ok(n) => {
                    q.int(n);
                }
                Err(_) if digits => {
                    q.push(&t);
                }
                Err(_) => {
                    q.push("toFloat64(").value(&t).push(")");
                }
            },
            Kind::Time if digits => {
                q.push("toDateTime(").push(&t).push(")");
            }
            Kind::Time => {
                q.push("toDateTime(").value(&t).push(")");
            }
            Kind::Date => {
                q.push("toDate(").value(&t).push(")");
            }
            _ => {
                q.value(&t);
            }
        }
    }

    /// The rows of the view in `order` from `start`, at most `size`: the raw column
    /// (or every column) and the sort keys.
    pub(crate) fn page(
        &self,
        spec: &FilterSpec,
        order: &Order,
        start: &Start,
        size: usize,
    ) -> (Sql, Vec<NotApplied>) {
        self.page_within(spec, order, start, size, None)
    }

    /// Time windows to look for a page in, nearest its start first, each eight
    /// times the last (a day, 8, 64, 512 days), then `None`: the whole view. Finding
    /// a page's last row reads the time (and the filtered columns, or for a search
    /// every row's raw JSON) of every row before it, so the newest day that holds a
    /// page answers far sooner than all time. Only a page in time order gets
    /// windows; `span` is the table's (earliest, latest) time.
    pub(crate) fn windows(
        &self,
        spec: &FilterSpec,
        order: &Order,
        span: Option<(EpochMs, EpochMs)>,
    ) -> Vec<Option<EpochMs>> {
        const DAY: EpochMs = 86_400_000;
        let mut out = Vec::new();
        if let (Some(desc), Some((lo, hi))) = (self.time_key(order), span) {
            // The view's own range narrows the span (the end is exclusive).
            let lo = spec.from.map_or(lo, |f| f.max(lo));
            let hi = spec.to.map_or(hi, |t| t.saturating_sub(1).min(hi));
            let mut w = DAY;
            while w < hi.saturating_sub(lo) {
                out.push(Some(if desc { hi - w } else { lo + w }));
                w = w.saturating_mul(8);
            }
        }
        out.push(None);
        out
    }

    /// The columns that tell one row from another, time (the table's likely first
    /// key) and id, never null: `None` without an id column.
    fn row_key(&self) -> Option<Vec<String>> {
        let id = self.schema.role(Role::Id).filter(|c| !c.nullable)?;
        let time = self.time_col().filter(|t| !t.nullable);
        Some(
            time.into_iter()
                .chain([id])
                .map(|c| ident(&c.name))
                .collect(),
        )
    }

    /// Whether `order` is first by the (never null) time column, which the table
    /// is ordered by: `Some(descending)`.
    fn time_key(&self, order: &Order) -> Option<bool> {
        let &(i, desc) = order.keys.first()?;
        let t = self.time_col()?;
        (t.name == self.schema.columns[i].name && !t.nullable).then_some(desc)
    }

    /// [`Self::page`] within a time window: newest first, rows at or after `bound`
    /// (oldest first, before it). The page is exact when it comes back full. The row
    /// after the page comes too: [`Self::rows`] tells by it whether the next page may
    /// continue after this one's last row.
    pub(crate) fn page_within(
        &self,
        spec: &FilterSpec,
        order: &Order,
        start: &Start,
        size: usize,
        bound: Option<EpochMs>,
    ) -> (Sql, Vec<NotApplied>) {
        self.page_sql(spec, order, start, size, bound, false)
    }

    /// `size` rows of an export from `offset`, in `order` with the entry itself
    /// breaking the ties that are left ([`Self::entry_key`]): whatever the keys, the
    /// rows come in one order, the same at every offset, up to entries that are the
    /// same in every byte (and so the same in the file).
    pub(crate) fn chunk(
        &self,
        spec: &FilterSpec,
        order: &Order,
        offset: usize,
        size: usize,
    ) -> Sql {
        self.page_sql(spec, order, &Start::Offset(offset), size, None, true)
            .0
    }

    /// The page query: with `total`, in the total order of [`Self::chunk`] and
    /// without the row after; else as [`Self::page_within`].
    fn page_sql(
        &self,
        spec: &FilterSpec,
        order: &Order,
        start: &Start,
        size: usize,
        bound: Option<EpochMs>,
        total: bool,
    ) -> (Sql, Vec<NotApplied>) {
        // The page's rows, and the next one to tell whether it shares the last's keys.
        let wanted = if total { size } else { size.saturating_add(1) };
        let mut q = self.sql();
        q.push("SELECT ");
        q.push(&self.entry_columns());
        for (n, &(i, _)) in order.keys.iter().enumerate() {
            q.push(&format!(", {} AS `__k{n}`", self.key_out(i)));
        }
        q.push(" FROM ").push(&self.table);
        // In another order, the page's rows are found first by their sort keys and
        // row key alone, and only they are read whole: a table sorted otherwise
        // would read every row's raw JSON (18.16 reads every column before a LIMIT).
        // Not in the total order, whose last key is the entry.
        let row = self
            .row_key()
            .filter(|_| self.time_key(order).is_none() && !total);
        if let Some(row) = &row {
            let cols = row.join(", ");
            q.push(&format!(
                " PREWHERE ({cols}) GLOBAL IN (SELECT {cols} FROM "
            ))
            .push(&self.table);
            let (_, offset, _) = self.push_page_where(&mut q, spec, order, start, bound);
            self.push_order(&mut q, order, false);
            q.push(" LIMIT ")
                .int(offset.saturating_add(wanted) as i64)
                .push(")");
        }
        let (skipped, offset, filtered) = self.push_page_where(&mut q, spec, order, start, bound);
        // Newest (or oldest) first: the rows of the page lie at or beyond the time of
        // its last row, found first from the time column alone. Bounded so, the
        // primary key skips the rest of the table, whose raw JSON is never read.
        if let (Some(desc), Some(t)) = (self.time_key(order), self.time_col()) {
            let t = ident(&t.name);
            let (cmp, agg, dir) = if desc {
                (">=", "min", "DESC")
            } else {
                ("<=", "max", "ASC")
            };
            q.push(if filtered { " AND " } else { " WHERE " });
            q.push(&format!(
                "{t} {cmp} (SELECT {agg}({t}) FROM (SELECT {t} FROM "
            ))
            .push(&self.table);
            self.push_page_where(&mut q, spec, order, start, bound);
            q.push(&format!(" ORDER BY {t} {dir} LIMIT "))
                .int(offset.saturating_add(wanted) as i64)
                .push("))");
        }
        self.push_order(&mut q, order, total);
        q.push(" LIMIT ").int(wanted as i64);
        if offset > 0 {
            q.push(" OFFSET ").int(offset as i64);
        }
        q.push(" FORMAT JSONCompact");
        (q, skipped)
    }

    /// The rows of the view whose sort keys are `keys` (a group of ties a chunk
    /// cut), `size` at a time in the order of their entry ([`Self::entry_key`]):
    /// after `after`, the entry key of the last read and how many read rows had it.
    /// `None` if the keys cannot be compared exactly ([`Self::keyset_ok`]).
    pub(crate) fn group(
        &self,
        spec: &FilterSpec,
        order: &Order,
        keys: &[Value],
        after: Option<(&Value, usize)>,
        size: usize,
    ) -> Option<Sql> {
        if !self.keyset_ok(order) || keys.len() != order.keys.len() {
            return None;
        }
        let entry = self.entry_key();
        let mut q = self.sql();
        q.push(&format!(
            "SELECT {}, {entry} AS `__k0` FROM ",
            self.entry_columns()
        ))
        .push(&self.table);
        let (_, filtered) = self.push_where_counted(&mut q, spec);
        q.push(if filtered { " AND " } else { " WHERE " });
        for (n, (&(i, _), v)) in order.keys.iter().zip(keys).enumerate() {
            if n > 0 {
                q.push(" AND ");
            }
            q.push(&format!("{} = ", self.key(i)));
            self.push_key_value(&mut q, i, v);
        }
        let mut skip = 0;
        if let Some((v, read)) = after {
            q.push(&format!(" AND {entry} >= ")).value(&text_of(v));
            skip = read;
        }
        q.push(&format!(" ORDER BY {entry} ASC LIMIT "))
            .int(size as i64);
        if skip > 0 {
            q.push(" OFFSET ").int(skip as i64);
        }
        q.push(" FORMAT JSONCompact");
        Some(q)
    }

    /// What tells two rows apart when all else ties: the raw column, or every column
    /// written so that no two rows that differ write the same (each value behind its
    /// length, `NULL` apart).
    fn entry_key(&self) -> String {
        if let Some(r) = self.schema.raw {
            return ident(&self.schema.columns[r].name);
        }
        let parts: Vec<String> = self
            .schema
            .columns
            .iter()
            .map(|c| {
                let v = format!("toString({})", ident(&c.name));
                let sized = format!("concat(toString(length({v})), ':', {v})");
                match c.nullable {
                    true => format!("if(isNull({}), 'n', concat('v', {sized}))", ident(&c.name)),
                    false => sized,
                }
            })
            .collect();
        format!("concat({}, '')", parts.join(", "))
    }

    /// `WHERE …` of a page: the view's conditions, within the time window `bound`
    /// (see [`Self::page_within`]), and after the keyset's row when `start`
    /// continues one. Returns the filters not applied, the offset still to skip,
    /// and whether a `WHERE` was written.
    fn push_page_where(
        &self,
        q: &mut Sql,
        spec: &FilterSpec,
        order: &Order,
        start: &Start,
        bound: Option<EpochMs>,
    ) -> (Vec<NotApplied>, usize, bool) {
        let (skipped, mut filtered) = self.push_where_counted(q, spec);
        if let (Some(desc), Some(t), Some(ms)) = (self.time_key(order), self.time_col(), bound) {
            q.push(if filtered { " AND " } else { " WHERE " });
            let t = ident(&t.name);
            // Whole seconds: newest first from the second of `ms`, oldest first before it.
            q.push(&format!(
                "{t} {} toDateTime(",
                if desc { ">=" } else { "<" }
            ))
            .int(floor_secs(ms))
            .push(")");
            filtered = true;
        }
        match start {
            Start::After(last) if self.keyset_ok(order) && last.len() == order.keys.len() => {
                q.push(if filtered { " AND " } else { " WHERE " });
                self.push_keys_beyond(q, order, last, true);
                (skipped, 0, true)
            }
            Start::After(_) => (skipped, 0, filtered),
            Start::Offset(n) => (skipped, *n, filtered),
        }
    }

    /// `(…)`: the row's keys in `order` come after `keys` (`after`) or before them.
    /// (k0, k1) after (v0, v1): k0 beyond v0, or equal and k1 beyond v1.
    pub(super) fn push_keys_beyond(&self, q: &mut Sql, order: &Order, keys: &[Value], after: bool) {
        q.push("(");
        for n in 0..order.keys.len() {
            if n > 0 {
                q.push(" OR ");
            }
            q.push("(");
            for (j, &(i, desc)) in order.keys.iter().enumerate().take(n + 1) {
                if j > 0 {
                    q.push(" AND ");
                }
                let op = if j < n {
                    "="
                } else if desc == after {
                    "<"
                } else {
                    ">"
                };
                q.push(&format!("{} {op} ", self.key(i)));
                self.push_key_value(q, i, &keys[j]);
            }
            q.push(")");
        }
        q.push(")");
    }

    /// `ORDER BY` the keys of `order`; with `total`, then by the entry itself.
    fn push_order(&self, q: &mut Sql, order: &Order, total: bool) {
        for (n, &(i, desc)) in order.keys.iter().enumerate() {
            q.push(if n == 0 { " ORDER BY " } else { ", " });
            q.push(&self.key(i));
            q.push(if desc { " DESC" } else { " ASC" });
        }
        if total {
            q.push(if order.keys.is_empty() {
                " ORDER BY "
            } else {
                ", "
            });
            q.push(&self.entry_key()).push(" ASC");
        }
    }

    /// Reads a page answer of at most `size` rows and the row after them, whose
    /// `keys` sort keys come last in each row.
    pub(crate) fn rows(&self, answer: &Compact, keys: usize, size: usize) -> Rows {
        let key = |row: &Vec<Value>| row[row.len().saturating_sub(keys)..].to_vec();
        let shown = &answer.data[..answer.data.len().min(size)];
        let entries = shown
            .iter()
            .map(|row| {
                let cols = row.len().saturating_sub(keys);
                match self.schema.raw {
                    Some(_) => row.first().map(text_of).unwrap_or_default(),
                    None => object(&answer.meta, &row[..cols]),
                }
            })
            .collect();
        let last = shown.last().map(key);
        let first = shown.first().map(key);
        match (last, answer.data.get(size).map(key)) {
            // The next row shares the last's keys: a page after them would skip it.
            (Some(last), Some(next)) if last == next => Rows {
                entries,
                last: None,
                first,
                tied: shown.iter().rev().take_while(|r| key(r) == last).count(),
            },
            (last, _) => Rows {
                entries,
                last,
                first,
                tied: 0,
            },
        }
    }

    /// Total, time span and rows without a time (the view's overview without
    /// facets: [`Planner::stats`] gives it with them).
    pub(crate) fn summary(&self, spec: &FilterSpec) -> Sql {
        let mut q = self.sql();
        q.push("SELECT count()");
        match self.time_col() {
            Some(t) => {
                let t = ident(&t.name);
                q.push(&format!(", toUInt32(min({t})), toUInt32(max({t}))"));
                let null = self.time_col().is_some_and(|c| c.nullable);
                let untimed = if null {
                    format!(", countIf(isNull({t}))")
                } else {
                    ", 0".into()
                };
                q.push(&untimed);
            }
            None => {
                q.push(", 0, 0, count()");
            }
        }
        q.push(" FROM ").push(&self.table);
        self.push_where(&mut q, spec);
        q.push(" FORMAT JSONCompact");
        q
    }

    /// Reads a summary answer.
    pub(crate) fn read_summary(&self, a: &Compact) -> Summary {
        let total = a.count(0, 0) as usize;
        let (lo, hi) = (a.count(0, 1) as i64, a.count(0, 2) as i64);
        let untimed = a.count(0, 3) as usize;
        let span = (self.time_col().is_some() && total > untimed).then_some((lo * 1000, hi * 1000));
        Summary {
            total,
            span,
            untimed,
        }
    }

    /// Live refresh's look at the view: its total, how many of its rows are newer
    /// than `after` (ms, the newest time shown; `None`: nothing was newer), and with
    /// `page` (the order and the sort keys of the first row on the page being read)
    /// how many of those come before that row, when the keys compare exactly.
    pub(crate) fn news(
        &self,
        spec: &FilterSpec,
        after: Option<EpochMs>,
        page: Option<(&Order, &[Value])>,
    ) -> Sql {
        let mut q = self.sql();
        q.push("SELECT count(), ");
        match (self.time_col(), after) {
            (Some(t), Some(ms)) => {
                // Whole seconds: a row in the newest second shown is not new.
                let newer = |q: &mut Sql| {
                    q.push(&format!("{} > toDateTime(", ident(&t.name)))
                        .int(floor_secs(ms))
                        .push(")");
                };
                q.push("countIf(");
                newer(&mut q);
                q.push(")");
                if let Some((order, first)) = page
                    && self.keyset_ok(order)
                    && first.len() == order.keys.len()
                {
                    q.push(", countIf(");
                    newer(&mut q);
                    q.push(" AND ");
                    self.push_keys_beyond(&mut q, order, first, false);
                    q.push(")");
                }
            }
            _ => {
                q.push("0");
            }
        }
        q.push(" FROM ").push(&self.table);
        self.push_where(&mut q, spec);
        q.push(" FORMAT JSONCompact");
        q
    }

    /// Reads a [`Self::news`] answer: (total, newer, newer rows before the page's
    /// first when that was counted).
    pub(crate) fn read_news(a: &Compact) -> (usize, usize, Option<usize>) {
        let before = a.data.first().is_some_and(|r| r.len() > 2);
        (
            a.count(0, 0) as usize,
            a.count(0, 1) as usize,
            before.then(|| a.count(0, 2) as usize),
        )
    }

    /// The expression of the histogram's fine buckets for the view over `[from, to)`
    /// in `zone`, given its time span: seconds up to a quarter hour, or local days,
    /// that nest in the chosen bars. `None` without times.
    pub(crate) fn bucket_key(
        &self,
        spec: &FilterSpec,
        span: (EpochMs, EpochMs),
        zone: Zone,
    ) -> Option<String> {
        let (step, _) = layout(span.0, span.1, spec.from, spec.to, zone)?;
        self.step_key(step, zone, span.1)
    }

    /// The fine buckets (start in seconds) that nest in bars of `step` in `zone`,
    /// local days taking the zone's offset at `at` when the server cannot name the
    /// zone. Functions only, as the stand-in server reads them too. `None` without
    /// times.
    pub(crate) fn step_key(&self, step: Step, zone: Zone, at: EpochMs) -> Option<String> {
        let t = ident(&self.time_col()?.name);
        Some(match step.fixed_len() {
            Some(len) => {
                let g = gcd(len / 1000, 900).max(1);
                format!("multiply(intDiv(toUInt32({t}), {g}), {g})")
            }
            None => match zone_name(zone) {
                Some(name) => format!(
                    "toUInt32(toStartOfDay({t}, {}))",
                    crate::core::engine::clickhouse::sql::string(&name)
                ),
                None => {
                    let off = i64::from(zone.offset_minutes_at(at)) * 60;
                    let (to, back, n) = match off < 0 {
                        true => ("minus", "plus", -off),
                        false => ("plus", "minus", off),
                    };
                    format!("{back}(multiply(intDiv({to}(toUInt32({t}), {n}), 86400), 86400), {n})")
                }
            },
        })
    }

    /// The histogram's counts for the view in the buckets `key` (a
    /// [`Self::bucket_key`]), which are then summed here exactly as the in-memory
    /// histogram's. `None` without times.
    pub(crate) fn histogram(&self, spec: &FilterSpec, key: &str) -> Option<Sql> {
        let t = ident(&self.time_col()?.name);
        let mut q = self.sql();
        q.push(&format!("SELECT {key} AS b, count() AS n FROM "))
            .push(&self.table);
        let (_, filtered) = self.push_where_counted(&mut q, spec);
        q.push(if filtered { " AND " } else { " WHERE " });
        q.push(&format!("isNotNull({t})"));
        q.push(" GROUP BY b ORDER BY b FORMAT JSONCompact");
        Some(q)
    }

    /// Reads a histogram answer into the bars the in-memory engine draws.
    pub(crate) fn read_histogram(
        &self,
        a: &Compact,
        spec: &FilterSpec,
        s: &Summary,
        zone: Zone,
    ) -> Option<Histogram> {
        let points = a.data.iter().map(|r| {
            (
                r.first().and_then(number).unwrap_or(0.0) as i64 * 1000,
                a.count_of(r),
            )
        });
        Self::bars(points, spec, s, zone)
    }

    /// The bars for fine buckets (start in ms, rows) of a view with summary `s`.
    pub(crate) fn bars(
        points: impl IntoIterator<Item = (EpochMs, usize)>,
        spec: &FilterSpec,
        s: &Summary,
        zone: Zone,
    ) -> Option<Histogram> {
        let span = s.span?;
        let (step, bounds) = layout(span.0, span.1, spec.from, spec.to, zone)?;
        Some(count_into(step, &bounds, points, s.untimed))
    }

    /// What a row is shown from: the raw column, or every column.
    pub(super) fn entry_columns(&self) -> String {
        match self.schema.raw {
            Some(r) => ident(&self.schema.columns[r].name),
            None => {
                let all: Vec<String> = self.schema.columns.iter().map(|c| ident(&c.name)).collect();
                all.join(", ")
            }
        }
    }

    /// The original JSON of the entry whose id is `id` among the rows `fence` keeps
    /// (an app view's scope, a host's pinned filters: a link cannot open an entry
    /// outside them); none when the ids are masked whole (a lookup would tell which
    /// exist).
    pub(crate) fn entry(&self, fence: &FilterSpec, id: &str) -> Option<Sql> {
        let id_col = self.schema.role(Role::Id)?;
        let i = self.schema.column(&id_col.name)?;
        if self.hides(i) {
            return None;
        }
        let mut q = self.sql();
        q.push(&format!("SELECT {} FROM ", self.entry_columns()))
            .push(&self.table);
        let (_, filtered) = self.push_where_counted(&mut q, fence);
        self.push_by_id(&mut q, i, id, filtered);
        Some(q)
    }

    /// `<id> = <id> LIMIT 1 FORMAT JSONCompact`, after ` WHERE ` (or ` AND ` when
    /// `filtered`, a `WHERE` already written): the one row whose id column (column
    /// `i`) holds `id`, a number compared as one (no such row for text that is not
    /// a number).
    pub(super) fn push_by_id(&self, q: &mut Sql, i: usize, id: &str, filtered: bool) {
        q.push(if filtered { " AND " } else { " WHERE " });
        q.push(&format!("{} = ", self.key(i)));
        match self.schema.columns[i].kind {
            Kind::Number => match id.trim().parse::<i64>() {
                Ok(n) => q.int(n),
                Err(_) => q.push("NULL"),
            },
            _ => q.value(id),
        };
        q.push(" LIMIT 1 FORMAT JSONCompact");
    }

    /// `<id> IN (<ids>)`: the rows whose id column (column `i`) holds one of `ids`,
    /// numbers compared as numbers (text that is not one is left out).
    pub(super) fn push_ids_in(&self, q: &mut Sql, i: usize, ids: &[String]) {
        q.push(&format!("{} IN (", self.key(i)));
        let mut first = true;
        for id in ids {
            let n = id.trim().parse::<i64>();
            if self.schema.columns[i].kind == Kind::Number && n.is_err() {
                continue;
            }
            if !first {
                q.push(", ");
            }
            first = false;
            match n {
                Ok(n) if self.schema.columns[i].kind == Kind::Number => q.int(n),
                _ => q.value(id),
            };
        }
        // An empty list is no SQL: NULL matches nothing.
        if first {
            q.push("NULL");
        }
        q.push(")");
    }
}

impl lang_sql::Columns for Planner {
    fn schema(&self) -> &Schema {
        &self.schema
    }

    fn table_sql(&self) -> &str {
        &self.table
    }

    fn hides(&self, i: usize) -> bool {
        Planner::hides(self, i)
    }

    fn text(&self, i: usize) -> String {
        Planner::text(self, i)
    }

    fn push_match(&self, q: &mut Sql, i: usize, m: &Matcher) {
        Planner::push_match(self, q, i, m)
    }

    fn push_search(&self, q: &mut Sql, text: &str) {
        Planner::push_search(self, q, text)
    }
}

impl Compact {
    /// The count in the last value of `row`.
    fn count_of(&self, row: &[Value]) -> usize {
        row.last().and_then(number).unwrap_or(0.0).max(0.0) as usize
    }
}

/// A row as a JSON object of its columns.
fn object(meta: &[(String, String)], row: &[Value]) -> String {
    let obj: serde_json::Map<String, Value> = meta
        .iter()
        .zip(row)
        .map(|((name, _), v)| (name.clone(), v.clone()))
        .collect();
    Value::Object(obj).to_string()
}

/// Where the last page shown ended, so that the next one continues from there.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Cursor {
    /// What the rows were (filters, order and size): pages of another query do not continue.
    pub query: String,
    /// The page shown.
    pub page: usize,
    /// Its last row's sort keys.
    pub last: Vec<Value>,
}

impl Cursor {
    /// Where page `page` of `query` starts: right after this cursor's row when it is
    /// the next page of the same query, else by offset.
    pub(crate) fn start(this: Option<&Cursor>, query: &str, page: usize, size: usize) -> Start {
        match this {
            Some(c) if c.query == query && c.page + 1 == page && !c.last.is_empty() => {
                Start::After(c.last.clone())
            }
            _ => Start::Offset(page.saturating_mul(size)),
        }
    }
}

/// A column type without its `Nullable(…)` and `LowCardinality(…)`, in either order
/// (the closing parentheses stay).
fn inner_type(ty: &str) -> &str {
    let mut t = ty.trim();
    while let Some(rest) = t
        .strip_prefix("Nullable(")
        .or_else(|| t.strip_prefix("LowCardinality("))
    {
        t = rest;
    }
    t
}

/// The whole second `ms` falls in (never before 1970: DateTime holds no earlier time).
fn floor_secs(ms: EpochMs) -> i64 {
    ms.div_euclid(1000).max(0)
}

/// True if JSON may write `text` otherwise inside a string (a quote, a backslash,
/// a slash, a control or non-ASCII character), so the raw JSON may not hold it as is.
pub(crate) fn json_escapes(text: &str) -> bool {
    text.chars()
        .any(|c| matches!(c, '"' | '\\' | '/') || c.is_control() || !c.is_ascii())
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

/// The IANA name ClickHouse knows the zone by, when it has one.
fn zone_name(zone: Zone) -> Option<String> {
    match zone {
        Zone::Utc => Some("UTC".into()),
        Zone::Named(rules) => Some(rules.name().to_string()),
        Zone::Fixed(_) | Zone::Local => None,
    }
}
