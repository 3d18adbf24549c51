//! A loaded log ready for querying: the store plus what is derived from it.
//!
//! Derived data (field roles, parsed event times, sort ranks, first seen) is
//! computed here once per page or mapping change, never per query or per keystroke.

use crate::core::explain::first_seen::FirstSeen;
use crate::core::ingest::stream::{MEMORY_BUDGET, StreamIngest};
use crate::core::ingest::{IngestError, IngestReport};
use crate::core::roles::{self, Mapping, Role, Roles};
use crate::core::store::dict::Kind;
use crate::core::store::{NodeId, Row, Store};
use crate::core::trust::redact::Redaction;

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(text: &str) -> Dataset {
        Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
    }

    #[test]
    fn permalinks_name_entries_by_id_or_position() {
        let d = ds(
            r#"[{"id":"a1","t":"2026-01-01T00:00:00Z"},{"id":"b2","t":"2026-01-02T00:00:00Z"}]"#,
        );
        assert_eq!(d.entry_key(1), "b2");
        assert_eq!(d.find_entry("b2"), Some(1));
        assert_eq!(d.find_entry("#1"), Some(0));
        assert_eq!(d.find_entry("#3"), None);
        assert_eq!(d.find_entry("zz"), None);
        let no_id = ds(r#"[{"x":1},{"x":2}]"#);
        assert_eq!(no_id.entry_key(1), "#2");
        assert_eq!(no_id.find_entry("#2"), Some(1));
    }

    #[test]
    fn mapping_changes_roles_and_times() {
        let mut d =
            ds(r#"[{"created":"2026-01-01T00:00:00Z","published":"2026-02-01T00:00:00Z"}]"#);
        assert_eq!(
            d.time(0),
            Some(1_769_904_000_000),
            "detection prefers the publication time"
        );
        assert!(d.set_mapping(&Mapping::parse("time:created")));
        assert_eq!(d.time(0), Some(1_767_225_600_000));
        assert!(
            !d.set_mapping(&Mapping::parse("time:created")),
            "same mapping, no change"
        );
    }

    #[test]
    fn masked_values_are_all_the_store_keeps_in_any_shape_of_body() {
        let log = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/trust-log.json"
        ));
        let entries: Vec<&str> = log
            .lines()
            .filter(|l| l.starts_with("  {"))
            .map(|l| l.trim().trim_end_matches(','))
            .collect();
        let ndjson = entries.join("\n");
        let wrapped = format!("{{\"data\":{log},\"total\":12}}");
        let r = Redaction::parse("email,ip,token,*.password");
        for body in [log.to_string(), ndjson, wrapped] {
            let mut d = Dataset::new();
            d.set_redaction(&r);
            let mut b = d.begin_body(usize::MAX);
            for chunk in body.as_bytes().chunks(61) {
                b.push(chunk);
                d.feed(&mut b);
            }
            d.end_body(b).unwrap();
            assert_eq!(d.len(), 12);
            let actor = d.role(Role::Actor).unwrap();
            assert_eq!(
                crate::core::view::present::cell(&d, 0, actor, Zone::Utc),
                "••• email"
            );
            let all: String = (0..12)
                .map(|r| String::from_utf8_lossy(&d.store().entry_bytes(r)).into_owned())
                .collect();
            for secret in [
                "ada@acme.test",
                "203.0.113.5",
                "2001:db8::42",
                "hunter2",
                "sk_live_",
                "eyJhbGci",
                "guest@example.org",
            ] {
                assert!(!all.contains(secret), "{secret} in the entries");
                assert!(
                    !d.store().holds_bytes(secret.as_bytes()),
                    "{secret} left in memory"
                );
            }
            assert!(all.contains("moved for ••• email"));
            assert!(all.contains(r#""password": ["••• redacted", "••• redacted"]"#));
            assert_eq!(
                d.store().node(d.role(Role::Time).unwrap()).path,
                "time",
                "roles as before"
            );
        }
        // A page delivered twice adds nothing, masked or not.
        let mut d = Dataset::new();
        d.set_redaction(&r);
        d.load(log.as_bytes().to_vec()).unwrap();
        d.track_duplicates();
        let again = d.load(log.as_bytes().to_vec()).unwrap();
        assert_eq!((d.len(), again.duplicates), (12, 12));
    }

    #[test]
    fn compacting_gives_memory_back_and_changes_no_answer() {
        let body: String = (0..3000)
            .map(|i| format!("{{\"id\":{i},\"time\":\"2026-01-01T00:{:02}:{:02}Z\",\"user\":\"U{}@x.test\"}}\n", i / 60 % 60, i % 60, i % 7))
            .collect();
        let mut d = ds(&body);
        let user = d.column("user").unwrap();
        let answer = |d: &Dataset| {
            let rows = crate::core::query::filter::search(d, "u3@").unwrap();
            crate::core::query::sort_rows(d, &rows, Some(user), true)
        };
        let (before, was) = (d.heap_bytes(), answer(&d));
        d.compact();
        assert!(d.heap_bytes() < before, "{} < {before}", d.heap_bytes());
        assert_eq!(answer(&d), was);
        // Still appendable, and interning still finds existing values.
        d.load(b"{\"id\":9999,\"user\":\"U3@x.test\"}".to_vec())
            .unwrap();
        assert_eq!(d.store().leaf_at(user).unwrap().dict.len(), 7);
    }

    #[test]
    fn naive_times_follow_the_input_zone() {
        let mut d = ds(r#"[{"time":"2026-01-01 00:00:00"}]"#);
        assert_eq!(d.time(0), Some(1_767_225_600_000));
        d.set_input_zone(Zone::Fixed(60));
        assert_eq!(d.time(0), Some(1_767_225_600_000 - 3_600_000));
    }

    #[test]
    fn a_streamed_body_is_queryable_as_it_arrives_and_ends_like_a_whole_one() {
        let body: String = (0..500)
            .map(|i| format!("{{\"id\":{i},\"time\":\"2026-01-01T00:{:02}:{:02}Z\",\"user\":\"u{}@x.test\"}}\n", i / 60, i % 60, i % 7))
            .collect();
        let whole = ds(&body);
        let mut d = Dataset::new();
        let mut b = d.begin_body(usize::MAX);
        let mut partial = 0;
        for chunk in body.as_bytes().chunks(997) {
            b.push(chunk);
            d.feed(&mut b);
            if partial == 0 && !d.is_empty() {
                partial = d.len();
                assert_eq!(d.time(0), whole.time(0));
            }
        }
        d.end_body(b).unwrap();
        assert!(partial > 0 && partial < 500);
        assert_eq!(d.len(), 500);
        assert_eq!(d.times(), whole.times());
        assert_eq!(d.roles(), whole.roles());
    }

    #[test]
    fn appended_pages_extend_times_and_keep_roles() {
        let mut d = ds(r#"[{"time":"2026-01-01T00:00:00Z","user":"a@x.test"}]"#);
        let roles = d.roles().clone();
        d.load(b"{\"time\":\"2026-01-02T00:00:00Z\",\"user\":\"b@x.test\"}\n".to_vec())
            .unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(d.time(1), Some(1_767_312_000_000));
        assert_eq!(d.roles(), &roles);
    }
}
use crate::core::time::{self, EpochMs, Zone};
use std::sync::OnceLock;

/// Marks an entry without a readable event time.
pub(crate) const NO_TIME: EpochMs = EpochMs::MIN;

/// Entries plus their roles, times and caches.
#[derive(Debug, Default)]
pub struct Dataset {
    store: Store,
    detected: Roles,
    roles: Roles,
    mapping: Mapping,
    input_zone: Zone,
    times: Vec<EpochMs>,
    /// The time column's parsed values, by dictionary code, as far as parsed.
    time_codes: Vec<EpochMs>,
    /// Per leaf column: the sort rank of each dictionary code.
    ranks: Vec<OnceLock<Vec<u32>>>,
    /// Per key path: the sort rank of each row's object or array there.
    row_ranks: Vec<OnceLock<Vec<u32>>>,
    /// Which rows are an actor's first with a value (computed on first use).
    first_seen: OnceLock<FirstSeen>,
    /// Heap the store may take before loading stops (None: [`MEMORY_BUDGET`]).
    memory_budget: Option<usize>,
}

impl Dataset {
    /// An empty dataset.
    pub fn new() -> Self {
        Self::default()
    }

    /// Gives back the room kept for growth, once a load has ended (vectors grow by
    /// doubling, so up to half of a column can be spare).
    pub(crate) fn compact(&mut self) {
        self.store.shrink();
        self.times.shrink_to_fit();
        self.time_codes.shrink_to_fit();
    }

    /// Stops loading once the store, with what a body holds unread, takes `bytes`
    /// of heap (tests; the default is [`MEMORY_BUDGET`]).
    #[cfg(test)]
    pub(crate) fn set_memory_budget(&mut self, bytes: usize) {
        self.memory_budget = Some(bytes);
    }

    /// Appends one whole body of log bytes. Roles are detected from the first
    /// entries and then stay put, so the table does not reshuffle as pages arrive.
    pub fn load(&mut self, bytes: Vec<u8>) -> Result<IngestReport, IngestError> {
        let mut body = self.begin_body(usize::MAX);
        body.push_vec(bytes);
        self.end_body(body)
    }

    /// Builds a dataset from one page.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<(Self, IngestReport), IngestError> {
        let mut ds = Dataset::new();
        let r = ds.load(bytes)?;
        Ok((ds, r))
    }

    /// Starts a body that arrives in chunks ([`StreamIngest::push`], then
    /// [`Dataset::feed`]); the dataset holds at most `max_rows` entries.
    pub fn begin_body(&mut self, max_rows: usize) -> StreamIngest {
        self.store.begin_response();
        StreamIngest::new(&self.store, max_rows)
            .with_budget(&self.store, self.memory_budget.unwrap_or(MEMORY_BUDGET))
    }

    /// Files the complete entries `body` has buffered; returns how many were added.
    pub fn feed(&mut self, body: &mut StreamIngest) -> usize {
        let added = body.process(&mut self.store);
        self.extend();
        added
    }

    /// Ends `body` (see [`StreamIngest::finish`]).
    pub fn end_body(&mut self, body: StreamIngest) -> Result<IngestReport, IngestError> {
        let r = body.finish(&mut self.store);
        self.extend();
        r
    }

    /// From now on entries that an earlier response delivered are dropped.
    pub(crate) fn track_duplicates(&mut self) {
        self.store.track_duplicates();
    }

    /// Brings derived data up to the rows in the store.
    fn extend(&mut self) {
        if self.store.len() == self.times.len() {
            return;
        }
        if self.times.is_empty() && self.detected == Roles::default() {
            self.detected = roles::detect(&self.store);
        }
        let roles = roles::resolve(&self.store, &self.detected, &self.mapping);
        if roles.get(Role::Time) != self.roles.get(Role::Time)
            || self.store.len() < self.times.len()
        {
            self.roles = roles;
            self.recompute_times();
        } else {
            self.roles = roles;
            self.extend_times();
        }
        self.ranks = (0..self.store.leaves().len())
            .map(|_| OnceLock::new())
            .collect();
        self.row_ranks = (0..self.store.nodes().len())
            .map(|_| OnceLock::new())
            .collect();
        self.first_seen = OnceLock::new();
    }

    /// Applies an explicit role mapping; returns true if the roles changed.
    pub fn set_mapping(&mut self, mapping: &Mapping) -> bool {
        if *mapping == self.mapping {
            return false;
        }
        self.mapping = mapping.clone();
        let before = self.roles.clone();
        self.roles = roles::resolve(&self.store, &self.detected, &self.mapping);
        if self.roles.get(Role::Time) != before.get(Role::Time) {
            self.recompute_times();
        }
        if self.roles != before {
            self.first_seen = OnceLock::new();
        }
        self.roles != before
    }

    /// Masks what `r` names in every entry loaded from now on (set before loading).
    pub fn set_redaction(&mut self, r: &Redaction) {
        self.store.set_redaction(r);
    }

    /// What entries are masked by, if anything.
    pub(crate) fn redaction(&self) -> Option<&Redaction> {
        self.store.redaction()
    }

    /// The zone in which times without an offset are read.
    pub(crate) fn input_zone(&self) -> Zone {
        self.input_zone
    }

    /// Sets the zone in which times without an offset are read.
    pub(crate) fn set_input_zone(&mut self, zone: Zone) {
        if zone != self.input_zone {
            self.input_zone = zone;
            self.recompute_times();
        }
    }

    fn recompute_times(&mut self) {
        self.times.clear();
        self.time_codes.clear();
        self.extend_times();
        self.first_seen = OnceLock::new();
    }

    /// Event times of the rows not yet timed: each new distinct value parsed once
    /// (in a unique column, that is once per occurrence).
    fn extend_times(&mut self) {
        let done = self.times.len();
        let n = self.store.len();
        self.times.resize(n, NO_TIME);
        let Some(leaf) = self
            .roles
            .get(Role::Time)
            .and_then(|t| self.store.leaf_at(t))
        else {
            return;
        };
        let dict = &leaf.dict;
        let zone = self.input_zone;
        let parse = |code: u32| -> EpochMs {
            let text = dict.text(code);
            let t = match dict.kind(code) {
                Kind::Num => time::parse_epoch(text),
                Kind::Str => time::parse_timestamp(text, zone),
                _ => None,
            };
            t.unwrap_or(NO_TIME)
        };
        let parsed_before = self.time_codes.len() as u32;
        self.time_codes
            .extend((parsed_before..dict.len() as u32).map(parse));
        // The codes of the new rows: rows are ascending, so they start where the
        // first new row's codes do.
        let codes = leaf.codes();
        let from = match leaf.sparse_rows() {
            None => done.min(codes.len()),
            Some(rows) => rows.partition_point(|&r| (r as usize) < done),
        };
        for (i, &c) in codes.iter().enumerate().skip(from) {
            let row = leaf.row_at(i) as usize;
            // An entry with several times (an array) takes its first.
            if self.times[row] == NO_TIME {
                self.times[row] = self.time_codes[c as usize];
            }
        }
    }

    /// The entries.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// True if no entry is loaded.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// The roles in force (detection plus mapping).
    pub(crate) fn roles(&self) -> &Roles {
        &self.roles
    }

    /// The roles detection found.
    pub(crate) fn detected(&self) -> &Roles {
        &self.detected
    }

    /// The node of `role`, if the log has one.
    pub fn role(&self, role: Role) -> Option<NodeId> {
        self.roles.get(role)
    }

    /// Event time of every row (`NO_TIME` where unreadable).
    pub(crate) fn times(&self) -> &[EpochMs] {
        &self.times
    }

    /// Event time of `row`.
    pub(crate) fn time(&self, row: Row) -> Option<EpochMs> {
        self.times
            .get(row as usize)
            .copied()
            .filter(|&t| t != NO_TIME)
    }

    /// The column (node) called `path`.
    pub fn column(&self, path: &str) -> Option<NodeId> {
        self.store.find(path)
    }

    /// Columns shown when the view does not choose: roles first, then the rest.
    pub(crate) fn default_columns(&self) -> Vec<NodeId> {
        roles::default_columns(&self.store, &self.roles)
    }

    /// How a permalink names entry `row`: its id when the log has an id field, else
    /// `#n` for the n-th entry loaded.
    pub(crate) fn entry_key(&self, row: Row) -> String {
        if let Some(id) = self.roles.get(Role::Id)
            && let crate::core::store::Cell::Value(_, s) = self.store.cell(row, id)
        {
            return s.to_string();
        }
        format!("#{}", row + 1)
    }

    /// The row a permalink key names (see [`Dataset::entry_key`]).
    pub(crate) fn find_entry(&self, key: &str) -> Option<Row> {
        if let Some(n) = key.strip_prefix('#') {
            let n: usize = n.parse().ok()?;
            return (1..=self.len()).contains(&n).then(|| n as Row - 1);
        }
        let leaf = self.store.leaf_at(self.roles.get(Role::Id)?)?;
        let i = leaf
            .codes()
            .iter()
            .position(|&c| leaf.dict.text(c) == key)?;
        Some(leaf.row_at(i))
    }

    /// Sort ranks of the codes of leaf `leaf` (computed on first use).
    pub(crate) fn ranks(&self, leaf: u32) -> &[u32] {
        self.ranks[leaf as usize].get_or_init(|| {
            crate::core::store::rank::rank_codes(&self.store.leaves()[leaf as usize].dict)
        })
    }

    /// Sort ranks of every row's value at `node`, a nested column (computed on first use).
    pub(crate) fn row_ranks(&self, node: NodeId) -> &[u32] {
        self.row_ranks[node as usize]
            .get_or_init(|| crate::core::store::rank::rank_rows_by_text(&self.store, node))
    }

    /// Which rows are first seen, and why (computed on first use; see
    /// [`FirstSeen`]).
    pub(crate) fn first_seen(&self) -> &FirstSeen {
        self.first_seen
            .get_or_init(|| FirstSeen::compute(&self.store, |r| self.time(r), |r| self.role(r)))
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.store.heap_bytes()
            + self.first_seen.get().map_or(0, FirstSeen::heap_bytes)
            + (self.times.capacity() + self.time_codes.capacity()) * 8
            + self
                .ranks
                .iter()
                .filter_map(|r| r.get())
                .map(|r| r.capacity() * 4)
                .sum::<usize>()
    }
}
