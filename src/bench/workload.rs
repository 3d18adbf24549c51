//! The benchmark workload, shared by the native bench (`benches/engine.rs`) and the
//! browser one (`bench.html`) so both measure exactly the same operations on the
//! log made by `gen_audit_log.py`. The clock is passed in: this module stays pure.

use crate::core::dataset::Dataset;
use crate::core::engine::memory::facets::{FACET_ROLES, SHOWN, top_values};
use crate::core::engine::memory::histogram::histogram;
use crate::core::engine::memory::kinds;
use crate::core::engine::memory::split::split;
use crate::core::explain::differ::{candidate_fields, differ, rest_of, span_rows};
use crate::core::explain::first_seen::FirstSeen;
use crate::core::query::{FilterSpec, RowSet, filter, sort_prefix, sort_rows};
use crate::core::time::Zone;
use crate::core::trust::export::{self, CsvOptions};
use serde::Serialize;

/// The global search, typed as a user would (deleting, then a new word).
pub(crate) const QUERIES: [&str; 5] = ["lovelace", "lovelac", "lovela", "hopper", "email.bou"];

/// A query of five clauses with an OR and a NOT, as the search box takes it.
pub(crate) const QUERY: &str = "(type:user.* OR type:email.*) -category:studio userEmail:*acme* createdAt>=2026-09-01 NOT type:*bounce*";

/// Medians of the workload, in milliseconds (field names as `window.__bench`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Results {
    /// Entries loaded.
    pub rows: usize,
    /// Bytes of the log.
    pub bytes: usize,
    /// Fetch start until the store answers queries (set by the caller).
    pub load_ms: f64,
    /// Bytes in memory until the store answers queries (set by the caller).
    pub ingest_ms: f64,
    /// The same bytes fed in 64 KB chunks as they arrive (set by the caller).
    pub stream_ingest_ms: f64,
    /// Loading the whole body with `redact=email,ip,token,*.password` (native bench only).
    pub redacted_ingest_ms: f64,
    /// One global-search query (the five of [`QUERIES`] in a row, divided by five).
    pub search_ms: f64,
    /// Hits of each query.
    pub search_hits: Vec<usize>,
    /// One evaluation of [`QUERY`] (parsed and evaluated).
    pub query_ms: f64,
    /// Hits of [`QUERY`].
    pub query_hits: usize,
    /// The kinds of event of every row: the Kind of event facet of the whole log.
    pub kinds_ms: f64,
    /// One evaluation of `kind:sign-in OR kind:mfa` (parsed and evaluated).
    pub kind_query_ms: f64,
    /// Hits of that query.
    pub kind_query_hits: usize,
    /// What is different in a span holding 5% of the entries against the rest:
    /// the selection, the candidate fields, their counts and the top ten.
    pub differ_ms: f64,
    /// Entries in that span.
    pub differ_selected: usize,
    /// First seen of every entry worked out from nothing (as after a load).
    pub first_seen_ms: f64,
    /// Entries first seen for some reason.
    pub first_seen_rows: usize,
    /// The histogram of the whole log split by `type`'s top 5 values.
    pub split_ms: f64,
    /// `type` contains `email` AND `userEmail` contains `acme`.
    pub colfilter_ms: f64,
    /// Hits of the column filters.
    pub colfilter_hits: usize,
    /// Sorting every row by `userEmail`, alternately ascending and descending.
    pub sort_ms: f64,
    /// The very first of those sorts (it also ranks the column's distinct values).
    pub sort_first_ms: f64,
    /// The first 1,024 rows of that order, what a page near the top needs.
    pub sort_page_ms: f64,
    /// The panels of the unfiltered view: every facet and the histogram.
    pub panels_ms: f64,
    /// Values in those facets (a check that they were counted).
    pub panel_values: usize,
    /// CSV of every row matching the search `email`, all columns.
    pub csv_ms: f64,
    /// Rows in that CSV.
    pub csv_rows: usize,
    /// Bytes of that CSV.
    pub csv_bytes: usize,
    /// NDJSON of the original entries of those rows sorted by `userEmail` (read
    /// out of load order).
    pub ndjson_sorted_ms: f64,
    /// Linear memory in MiB after the run (set by the caller).
    pub wasm_memory_mb: f64,
}

/// Median of `v` (0 when empty).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Runs the workload `reps` times on `ds`, timing with `now` (milliseconds).
pub fn run(ds: &Dataset, reps: usize, now: &dyn Fn() -> f64) -> Results {
    let reps = reps.max(1);
    let mut r = Results {
        rows: ds.len(),
        ..Default::default()
    };
    let time = |f: &mut dyn FnMut()| {
        let t = now();
        f();
        now() - t
    };

    let mut samples = Vec::new();
    for _ in 0..reps {
        let mut hits = Vec::new();
        let t = time(&mut || {
            hits = QUERIES
                .iter()
                .map(|q| {
                    filter(
                        ds,
                        &FilterSpec {
                            search: q.to_string(),
                            ..Default::default()
                        },
                    )
                    .count()
                })
                .collect();
        });
        samples.push(t / QUERIES.len() as f64);
        r.search_hits = hits;
    }
    r.search_ms = median(std::mem::take(&mut samples));

    let query = FilterSpec {
        search: QUERY.into(),
        ..Default::default()
    };
    for _ in 0..reps {
        samples.push(time(&mut || r.query_hits = filter(ds, &query).count()));
    }
    r.query_ms = median(std::mem::take(&mut samples));

    let all = RowSet::full(ds.len());
    for _ in 0..reps {
        samples.push(time(&mut || {
            let f = kinds::facet(ds, &all, &Default::default());
            assert!(f.is_some_and(|f| !f.values.is_empty()));
        }));
    }
    r.kinds_ms = median(std::mem::take(&mut samples));
    let kind_query = FilterSpec {
        search: "kind:sign-in OR kind:mfa".into(),
        ..Default::default()
    };
    for _ in 0..reps {
        samples.push(time(&mut || {
            r.kind_query_hits = filter(ds, &kind_query).count()
        }));
    }
    r.kind_query_ms = median(std::mem::take(&mut samples));

    // The middle 5% of the entries by time (found outside the timing).
    let mut times: Vec<i64> = ds
        .times()
        .iter()
        .copied()
        .filter(|&t| t != crate::core::dataset::NO_TIME)
        .collect();
    times.sort_unstable();
    if let (Some(&from), Some(&to)) = (
        times.get(times.len() * 19 / 40),
        times.get(times.len() * 21 / 40),
    ) {
        for _ in 0..reps {
            samples.push(time(&mut || {
                let sel = span_rows(ds, &all, from, to);
                let rest = rest_of(&all, &sel);
                let top = differ(ds, &sel, &rest, &candidate_fields(ds), 10);
                r.differ_selected = sel.count();
                debug_assert!(top.len() <= 10);
            }));
        }
        r.differ_ms = median(std::mem::take(&mut samples));
    }

    for _ in 0..reps {
        samples.push(time(&mut || {
            let f = FirstSeen::compute(ds.store(), |r| ds.time(r), |r| ds.role(r));
            r.first_seen_rows = f.rows_any().count();
        }));
    }
    r.first_seen_ms = median(std::mem::take(&mut samples));

    if let Some(bars) = histogram(ds, &all, None, None, Zone::Utc) {
        for _ in 0..reps {
            samples.push(time(&mut || {
                let s = split(ds, &all, "type", &bars);
                debug_assert!(s.is_some());
            }));
        }
        r.split_ms = median(std::mem::take(&mut samples));
    }

    let spec = FilterSpec {
        filters: vec![
            ("type".into(), "email".into()),
            ("userEmail".into(), "acme".into()),
        ],
        ..Default::default()
    };
    for _ in 0..reps {
        samples.push(time(&mut || r.colfilter_hits = filter(ds, &spec).count()));
    }
    r.colfilter_ms = median(std::mem::take(&mut samples));

    let all = RowSet::full(ds.len());
    let email = ds.column("userEmail");
    for i in 0..reps * 2 {
        samples.push(time(&mut || {
            let rows = sort_rows(ds, &all, email, i % 2 == 1);
            debug_assert_eq!(rows.len(), ds.len());
        }));
    }
    r.sort_first_ms = samples.first().copied().unwrap_or(0.0);
    r.sort_ms = median(std::mem::take(&mut samples));
    for i in 0..reps * 2 {
        samples.push(time(&mut || {
            let rows = sort_prefix(ds, &all, email, i % 2 == 1, 1024);
            debug_assert_eq!(rows.len(), ds.len().min(1024));
        }));
    }
    r.sort_page_ms = median(std::mem::take(&mut samples));

    for _ in 0..reps {
        samples.push(time(&mut || {
            r.panel_values = FACET_ROLES
                .iter()
                .filter_map(|&role| ds.role(role))
                .map(|node| top_values(ds, &all, node, SHOWN).values.len())
                .sum();
            let bars = histogram(ds, &all, None, None, Zone::Utc);
            debug_assert!(bars.is_some() || ds.role(crate::core::roles::Role::Time).is_none());
        }));
    }
    r.panels_ms = median(std::mem::take(&mut samples));

    let matching = filter(
        ds,
        &FilterSpec {
            search: "email".into(),
            ..Default::default()
        },
    );
    let rows: Vec<u32> = matching.iter().collect();
    let opts = CsvOptions {
        columns: ds.store().top_level().to_vec(),
        ..Default::default()
    };
    for _ in 0..reps {
        samples.push(time(&mut || {
            r.csv_bytes = export::csv(ds, &rows, opts.clone()).len()
        }));
    }
    r.csv_ms = median(std::mem::take(&mut samples));
    r.csv_rows = rows.len();

    let sorted = sort_rows(ds, &matching, email, false);
    for _ in 0..reps {
        samples.push(time(&mut || {
            let out = export::ndjson(ds, &sorted);
            debug_assert!(out.len() > sorted.len());
        }));
    }
    r.ndjson_sorted_ms = median(samples);
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workload_runs_on_the_sample_and_counts_real_hits() {
        let ds = Dataset::from_bytes(
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/sample.json"
            ))
            .to_vec(),
        )
        .unwrap()
        .0;
        let clock = std::cell::Cell::new(0.0);
        let now = || {
            clock.set(clock.get() + 1.0);
            clock.get()
        };
        let r = run(&ds, 3, &now);
        assert_eq!(r.rows, 300);
        assert_eq!(r.search_hits.len(), 5);
        assert!(r.search_hits[4] > 0, "some email.bounced entries exist");
        assert!(
            r.search_hits[2] >= r.search_hits[0],
            "a shorter needle matches at least as much"
        );
        assert!(r.csv_rows > 0 && r.csv_bytes > r.csv_rows * 50);
        assert!(
            r.differ_selected > 0 && r.differ_selected < 300,
            "a span of the sample is selected: {}",
            r.differ_selected
        );
        assert!(
            r.panel_values > 8,
            "several facets of the sample have values"
        );
        assert_eq!(
            r.sort_ms, 1.0,
            "the injected clock advances one unit per reading"
        );
    }
}
