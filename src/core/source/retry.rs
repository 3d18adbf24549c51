//! When a failed page request is tried again: which failures are worth retrying, how long to
//! wait (exponential backoff, or the server's `Retry-After`), and when to give up.

use chrono::NaiveDate;

/// How a request failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered with this non-success HTTP status.
    Status(u16),
    /// No response arrived (connection refused, reset, DNS, CORS, timeout).
    Network,
    /// The response body could not be read to the end.
    Body,
    /// Trailview's own rules refused it (a redirect it does not follow): never retried.
    Refused,
}

/// How often and how long to wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt.
    pub retries: u32,
    /// The wait before the first retry, doubled for each further one.
    pub base_ms: u64,
    /// No wait is longer than this.
    pub max_wait_ms: u64,
}

impl Default for RetryPolicy {
    /// 3 retries, waiting 0.5 s, 1 s, 2 s, at most 60 s.
    fn default() -> Self {
        RetryPolicy {
            retries: 3,
            base_ms: 500,
            max_wait_ms: 60_000,
        }
    }
}

/// True if trying the same request again may succeed.
pub(crate) fn retryable(f: &Failure) -> bool {
    match f {
        Failure::Network | Failure::Body => true,
        Failure::Refused => false,
        Failure::Status(code) => matches!(code, 408 | 425 | 429 | 500 | 502 | 503 | 504),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An HTTP-date (RFC 9110 §5.6.7: IMF-fixdate, RFC 850 or asctime) in ms since the epoch.
/// Read by hand rather than with a format parser, which would weigh on the download.
fn http_date(value: &str) -> Option<i64> {
    let t: Vec<&str> = value
        .split([' ', ',', '-', ':'])
        .filter(|s| !s.is_empty())
        .collect();
    let (day, month, year, hms) = match t.as_slice() {
        // "Wed, 21 Oct 2015 07:28:00 GMT" and "Wednesday, 21-Oct-15 07:28:00 GMT"
        [_, d, m, y, h, mi, s, "GMT"] => (*d, *m, *y, [*h, *mi, *s]),
        // "Wed Oct 21 07:28:00 2015"
        [_, m, d, h, mi, s, y] => (*d, *m, *y, [*h, *mi, *s]),
        _ => return None,
    };
    let num = |s: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let month = MONTHS.iter().position(|&m| m == month)? as u32 + 1;
    let year = match (num(year, 2..=2), num(year, 4..=4)) {
        (Some(y), _) if y >= 70 => 1900 + y,
        (Some(y), _) => 2000 + y,
        (None, y) => y?,
    };
    let [h, mi, s] = hms.map(|x| num(x, 2..=2));
    NaiveDate::from_ymd_opt(year as i32, month, num(day, 1..=2)?)?
        .and_hms_opt(h?, mi?, s?)
        .map(|t| t.and_utc().timestamp_millis())
}

/// The milliseconds a `Retry-After` value asks to wait: delta-seconds, or an HTTP-date measured
/// from `now_ms` (a past date gives `Some(0)`). None for anything else or on overflow.
pub(crate) fn parse_retry_after(value: &str, now_ms: i64) -> Option<u64> {
    let value = value.trim_ascii();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok()?.checked_mul(1_000);
    }
    let wait = http_date(value)?.checked_sub(now_ms)?;
    Some(wait.max(0).unsigned_abs())
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (1 = first retry), or None to give up (not
    /// retryable, `attempt` is 0, or `attempt > retries`).
    /// Retry-After (already parsed, ms) is honoured for 429 and 503, capped at `max_wait_ms`;
    /// otherwise the wait is `base_ms * 2^(attempt-1)`, capped at `max_wait_ms`.
    pub(crate) fn delay(
        &self,
        attempt: u32,
        failure: &Failure,
        retry_after_ms: Option<u64>,
    ) -> Option<u64> {
        if !retryable(failure) || attempt == 0 || attempt > self.retries {
            return None;
        }
        let wait = match (failure, retry_after_ms) {
            (Failure::Status(429 | 503), Some(ms)) => ms,
            _ => {
                let factor = 1u64.checked_shl(attempt - 1).unwrap_or(u64::MAX);
                self.base_ms.saturating_mul(factor)
            }
        };
        Some(wait.min(self.max_wait_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2015-10-21T07:28:00Z
    const DATE_MS: i64 = 1_445_412_480_000;

    #[test]
    fn network_and_body_failures_are_retryable() {
        assert!(retryable(&Failure::Network));
        assert!(retryable(&Failure::Body));
    }

    #[test]
    fn transient_statuses_are_retryable() {
        for code in [408, 425, 429, 500, 502, 503, 504] {
            assert!(retryable(&Failure::Status(code)), "{code}");
        }
    }

    #[test]
    fn other_statuses_are_not_retryable() {
        for code in [
            0,
            200,
            301,
            400,
            401,
            403,
            404,
            410,
            501,
            505,
            599,
            u16::MAX,
        ] {
            assert!(!retryable(&Failure::Status(code)), "{code}");
        }
    }

    #[test]
    fn retry_after_reads_delta_seconds() {
        assert_eq!(parse_retry_after("120", 0), Some(120_000));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
    }

    #[test]
    fn retry_after_reads_an_imf_fixdate() {
        let now = DATE_MS - 5_000;
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(5_000)
        );
    }

    #[test]
    fn retry_after_reads_an_rfc_850_date() {
        let now = DATE_MS - 1_000;
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:00 GMT", now),
            Some(1_000)
        );
    }

    #[test]
    fn retry_after_reads_an_asctime_date() {
        let now = DATE_MS - 2_000;
        assert_eq!(
            parse_retry_after("Wed Oct 21 07:28:00 2015", now),
            Some(2_000)
        );
        let first = DATE_MS - 20 * 86_400_000;
        assert_eq!(
            parse_retry_after("Thu Oct  1 07:28:00 2015", first - 3_000),
            Some(3_000)
        );
    }

    #[test]
    fn a_past_date_means_no_wait() {
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", DATE_MS + 1),
            Some(0)
        );
    }

    #[test]
    fn junk_negatives_and_overflow_give_none() {
        for value in [
            "",
            "soon",
            "-5",
            "+5",
            "1.5",
            "12 s",
            "99999999999999999999",
            "18446744073709552",
            "Wed, 21 Oct 2015 07:28:00 +0200",
            "Wed, 32 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00 GMT trailing",
            "é",
        ] {
            assert_eq!(parse_retry_after(value, DATE_MS), None, "{value:?}");
        }
    }

    #[test]
    fn an_extreme_clock_gives_none_instead_of_overflowing() {
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", i64::MIN),
            None
        );
    }

    #[test]
    fn the_default_policy_retries_three_times_from_half_a_second() {
        let p = RetryPolicy::default();
        assert_eq!((p.retries, p.base_ms, p.max_wait_ms), (3, 500, 60_000));
    }

    #[test]
    fn delays_double_with_each_attempt() {
        let p = RetryPolicy::default();
        let waits: Vec<_> = (1..=3)
            .map(|a| p.delay(a, &Failure::Network, None))
            .collect();
        assert_eq!(waits, [Some(500), Some(1_000), Some(2_000)]);
    }

    #[test]
    fn delays_are_capped_at_max_wait() {
        let p = RetryPolicy {
            retries: u32::MAX,
            base_ms: 500,
            max_wait_ms: 60_000,
        };
        assert_eq!(p.delay(8, &Failure::Status(500), None), Some(60_000));
        assert_eq!(p.delay(200, &Failure::Status(500), None), Some(60_000));
        assert_eq!(p.delay(u32::MAX, &Failure::Status(500), None), Some(60_000));
    }

    #[test]
    fn giving_up_after_the_last_retry() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(4, &Failure::Network, None), None);
        assert_eq!(p.delay(0, &Failure::Network, None), None);
    }

    #[test]
    fn non_retryable_failures_are_not_retried() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, &Failure::Status(404), Some(1_000)), None);
    }

    #[test]
    fn retry_after_is_honoured_for_429_and_503() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, &Failure::Status(429), Some(7_000)), Some(7_000));
        assert_eq!(p.delay(2, &Failure::Status(503), Some(0)), Some(0));
    }

    #[test]
    fn retry_after_is_capped_at_max_wait() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.delay(1, &Failure::Status(429), Some(u64::MAX)),
            Some(60_000)
        );
    }

    #[test]
    fn retry_after_is_ignored_for_other_failures() {
        let p = RetryPolicy::default();
        assert_eq!(p.delay(1, &Failure::Status(500), Some(7_000)), Some(500));
        assert_eq!(p.delay(1, &Failure::Network, Some(7_000)), Some(500));
    }
}
