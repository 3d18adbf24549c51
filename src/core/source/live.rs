//! Live refresh: how often to look for new entries, and the `{since}` placeholder
//! that lets an endpoint send only those.

use crate::core::source::url;
use crate::core::time::{self, EpochMs, Zone};

/// The placeholder filled with the newest loaded time.
pub(crate) const SINCE: &str = "{since}";

/// How often to fetch new entries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Live {
    /// Never.
    #[default]
    Off,
    /// Every this many seconds.
    Every(u32),
}

impl Live {
    /// The choices offered.
    pub(crate) const CHOICES: [Live; 5] = [
        Live::Off,
        Live::Every(10),
        Live::Every(30),
        Live::Every(60),
        Live::Every(300),
    ];

    /// Reads `live=`: `off`, `10s`, `30s`, `1m`, `5m` (any seconds or minutes from 5 s to a day).
    pub(crate) fn parse(s: &str) -> Option<Live> {
        let s = s.trim().to_ascii_lowercase();
        if s == "off" || s.is_empty() {
            return Some(Live::Off);
        }
        let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len()));
        let n: u32 = n.parse().ok()?;
        let secs = match unit {
            "" | "s" => n,
            "m" => n.checked_mul(60)?,
            _ => return None,
        };
        (5..=86_400).contains(&secs).then_some(Live::Every(secs))
    }

    /// The `live=` value.
    pub(crate) fn to_param(self) -> String {
        match self {
            Live::Off => "off".into(),
            Live::Every(s) if s % 60 == 0 => format!("{}m", s / 60),
            Live::Every(s) => format!("{s}s"),
        }
    }

    /// Label for the menu.
    pub(crate) fn label(self) -> String {
        match self {
            Live::Off => "Off".into(),
            Live::Every(s) if s % 60 == 0 => format!("Every {} min", s / 60),
            Live::Every(s) => format!("Every {s} s"),
        }
    }

    /// The interval in milliseconds, if on.
    pub(crate) fn millis(self) -> Option<u32> {
        match self {
            Live::Off => None,
            Live::Every(s) => Some(s * 1000),
        }
    }
}

/// `url` with `{since}` filled in: with the newest loaded time (ISO 8601, UTC),
/// or, before anything is loaded, with the parameter that holds it removed.
pub(crate) fn fill_since(source: &str, newest: Option<EpochMs>) -> String {
    // A browser writes `{since}` in a path as `%7Bsince%7D`.
    let source: &str = &source
        .replace("%7Bsince%7D", SINCE)
        .replace("%7bsince%7d", SINCE);
    if !source.contains(SINCE) {
        return source.to_string();
    }
    match newest {
        Some(t) => source.replace(
            SINCE,
            &url::encode_component(&time::format_iso(t, Zone::Utc)),
        ),
        None => {
            let (head, fragment) = match source.split_once('#') {
                Some((h, f)) => (h, Some(f)),
                None => (source, None::<&str>),
            };
            let mut out = match head.split_once('?') {
                Some((path, query)) => {
                    let kept: Vec<&str> = query.split('&').filter(|p| !p.contains(SINCE)).collect();
                    if kept.is_empty() {
                        path.replace(SINCE, "")
                    } else {
                        format!("{}?{}", path.replace(SINCE, ""), kept.join("&"))
                    }
                }
                None => head.replace(SINCE, ""),
            };
            if let Some(f) = fragment {
                out.push('#');
                out.push_str(f);
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_round_trip_and_stay_sensible() {
        for l in Live::CHOICES {
            assert_eq!(Live::parse(&l.to_param()), Some(l));
        }
        assert_eq!(Live::parse("90"), Some(Live::Every(90)));
        assert_eq!(Live::parse("1s"), None, "too often");
        assert_eq!(Live::parse("soon"), None);
        assert_eq!(Live::Every(300).label(), "Every 5 min");
    }

    #[test]
    fn since_is_the_newest_time_or_left_out_at_first() {
        let src = "https://x.test/audit?since={since}&limit=100";
        assert_eq!(fill_since(src, None), "https://x.test/audit?limit=100");
        assert_eq!(
            fill_since(src, Some(1_793_448_000_000)),
            "https://x.test/audit?since=2026-10-31T12%3A00%3A00.000Z&limit=100"
        );
        assert_eq!(
            fill_since("https://x.test/a?since={since}", None),
            "https://x.test/a"
        );
        assert_eq!(fill_since("https://x.test/a", Some(0)), "https://x.test/a");
        assert_eq!(
            fill_since("https://x.test/after/%7Bsince%7D/log", Some(0)),
            "https://x.test/after/1970-01-01T00%3A00%3A00.000Z/log"
        );
    }
}
