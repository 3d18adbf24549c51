//! What a partial log does not cover: the time span a histogram should shade, so
//! missing data is never mistaken for "no events".

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::time::EpochMs;

/// The part of `[from, to)` that a partial load left out: before the oldest loaded
/// entry when entries arrived newest first (the usual order of log APIs), after the
/// newest when they arrived oldest first. `None` if the loaded entries reach that end.
pub(crate) fn uncovered(ds: &Dataset, from: EpochMs, to: EpochMs) -> Option<(EpochMs, EpochMs)> {
    let mut timed = ds.times().iter().copied().filter(|&t| t != NO_TIME);
    let first = timed.next()?;
    let (mut min, mut max, mut last) = (first, first, first);
    for t in timed {
        min = min.min(t);
        max = max.max(t);
        last = t;
    }
    let span = if first >= last {
        (from, min)
    } else {
        (max + 1, to)
    };
    let span = (span.0.max(from), span.1.min(to));
    (span.0 < span.1).then_some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ds(times: &[&str]) -> Dataset {
        let body: String = times
            .iter()
            .map(|t| format!("{{\"time\":\"{t}\"}}\n"))
            .collect();
        Dataset::from_bytes(body.into_bytes()).unwrap().0
    }

    const H: EpochMs = 3_600_000;
    const T0: EpochMs = 1_767_225_600_000; // 2026-01-01T00:00:00Z

    #[test]
    fn newest_first_leaves_out_what_is_older_than_the_oldest_loaded() {
        let d = ds(&[
            "2026-01-01T10:00:00Z",
            "2026-01-01T09:00:00Z",
            "2026-01-01T08:00:00Z",
        ]);
        assert_eq!(uncovered(&d, T0, T0 + 12 * H), Some((T0, T0 + 8 * H)));
        assert_eq!(
            uncovered(&d, T0 + 8 * H, T0 + 12 * H),
            None,
            "the range starts at the oldest"
        );
    }

    #[test]
    fn oldest_first_leaves_out_what_is_newer_than_the_newest_loaded() {
        let d = ds(&["2026-01-01T08:00:00Z", "junk", "2026-01-01T10:00:00Z"]);
        assert_eq!(
            uncovered(&d, T0, T0 + 12 * H),
            Some((T0 + 10 * H + 1, T0 + 12 * H))
        );
    }

    #[test]
    fn no_times_no_span() {
        assert_eq!(uncovered(&ds(&["junk"]), T0, T0 + H), None);
    }
}
