//! Severity and outcome badges: what a level or outcome value means, so the table can
//! show it as a labelled, coloured badge. The badge always carries the logged text;
//! colour is only a second cue.

use crate::core::store::dict::Kind;

/// A badge for one value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Badge {
    /// A severity level.
    Level(Level),
    /// An outcome: `true` for success.
    Outcome(bool),
}

/// Severity, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Level {
    /// Error, and everything worse (fatal, critical, alert, emergency).
    Error,
    /// Warning.
    Warn,
    /// Information (and notice).
    Info,
    /// Debugging detail.
    Debug,
    /// Finest detail.
    Trace,
}

impl Level {
    /// The canonical name: `ERROR`, `WARN`, `INFO`, `DEBUG`, `TRACE`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        }
    }
}

impl Badge {
    /// The CSS modifier of the badge (`tv-badge--error`).
    pub(crate) fn class(self) -> &'static str {
        match self {
            Badge::Level(Level::Error) => "error",
            Badge::Level(Level::Warn) => "warn",
            Badge::Level(Level::Info) => "info",
            Badge::Level(Level::Debug) => "debug",
            Badge::Level(Level::Trace) => "trace",
            Badge::Outcome(true) => "success",
            Badge::Outcome(false) => "failure",
        }
    }

    /// Text to show beside a logged value that does not say what it means by
    /// itself (a syslog number, an HTTP code, `true`): `ERROR`, `success`.
    pub(crate) fn gloss(self, logged: &str) -> Option<&'static str> {
        let name = match self {
            Badge::Level(l) => l.name(),
            Badge::Outcome(true) => "success",
            Badge::Outcome(false) => "failure",
        };
        let says_it =
            logged.bytes().any(|b| b.is_ascii_alphabetic()) && !matches!(logged, "true" | "false");
        (!says_it).then_some(name)
    }
}

/// The level of a severity value: level words in any case (`error`, `Warning`, `fatal`,
/// `notice`...), syslog numbers 0-7 and pino/bunyan numbers 10-60, as numbers or text.
pub(crate) fn level(text: &str, kind: Kind) -> Option<Level> {
    if !matches!(kind, Kind::Str | Kind::Num) {
        return None;
    }
    let t = text.trim();
    if let Ok(n) = t.parse::<u32>() {
        return Some(match n {
            0..=3 => Level::Error,
            4 => Level::Warn,
            5 | 6 => Level::Info,
            7 => Level::Debug,
            10 => Level::Trace,
            20 => Level::Debug,
            30 => Level::Info,
            40 => Level::Warn,
            50 | 60 => Level::Error,
            _ => return None,
        });
    }
    Some(match t.to_ascii_lowercase().as_str() {
        "error" | "err" | "fatal" | "critical" | "crit" | "alert" | "emerg" | "emergency"
        | "panic" | "severe" => Level::Error,
        "warn" | "warning" => Level::Warn,
        "info" | "information" | "informational" | "notice" => Level::Info,
        "debug" | "fine" => Level::Debug,
        "trace" | "verbose" | "finest" | "finer" => Level::Trace,
        _ => return None,
    })
}

/// The outcome of a value of the outcome field `name` (its last path segment):
/// booleans, success and failure words, HTTP status codes (in a field named like
/// `status` or `…code`); in a field named like `errorCode` any value at all means failure.
pub(crate) fn outcome(name: &str, text: &str, kind: Kind) -> Option<bool> {
    if name.to_ascii_lowercase().contains("error") {
        return (kind != Kind::Null && !text.is_empty()).then_some(false);
    }
    match kind {
        Kind::Bool => return Some(text == "true"),
        Kind::Str | Kind::Num => {}
        _ => return None,
    }
    let t = text.trim();
    if let Ok(code) = t.parse::<u32>() {
        // A number is an HTTP status only in a field named so: `"success": 208` counts.
        let lower = name.to_ascii_lowercase();
        if !(lower.contains("status") || lower.ends_with("code")) {
            return None;
        }
        return match code {
            100..=399 => Some(true),
            400..=599 => Some(false),
            _ => None,
        };
    }
    Some(match t.to_ascii_lowercase().as_str() {
        "success" | "succeeded" | "successful" | "ok" | "allow" | "allowed" | "pass" | "passed"
        | "true" | "yes" | "completed" | "delivered" | "granted" | "accepted" => true,
        "failure" | "failed" | "fail" | "error" | "deny" | "denied" | "rejected" | "blocked"
        | "bounced" | "false" | "no" | "unauthorized" | "forbidden" | "invalid" | "refused" => {
            false
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_from_words_and_numbers() {
        let cases = [
            ("ERROR", Kind::Str, Some(Level::Error)),
            ("Warning", Kind::Str, Some(Level::Warn)),
            ("info", Kind::Str, Some(Level::Info)),
            ("notice", Kind::Str, Some(Level::Info)),
            ("DEBUG", Kind::Str, Some(Level::Debug)),
            ("trace", Kind::Str, Some(Level::Trace)),
            ("fatal", Kind::Str, Some(Level::Error)),
            ("3", Kind::Num, Some(Level::Error)),
            ("4", Kind::Str, Some(Level::Warn)),
            ("6", Kind::Num, Some(Level::Info)),
            ("7", Kind::Num, Some(Level::Debug)),
            ("30", Kind::Num, Some(Level::Info)),
            ("50", Kind::Num, Some(Level::Error)),
            ("11", Kind::Num, None),
            ("loud", Kind::Str, None),
            ("true", Kind::Bool, None),
            ("", Kind::Null, None),
        ];
        for (text, kind, want) in cases {
            assert_eq!(level(text, kind), want, "{text}");
        }
    }

    #[test]
    fn outcomes_from_booleans_words_codes_and_error_fields() {
        let cases = [
            ("result", "success", Kind::Str, Some(true)),
            ("result", "FAILURE", Kind::Str, Some(false)),
            ("success", "true", Kind::Bool, Some(true)),
            ("success", "false", Kind::Bool, Some(false)),
            ("status", "200", Kind::Num, Some(true)),
            ("status", "302", Kind::Num, Some(true)),
            ("status", "403", Kind::Num, Some(false)),
            ("status", "503", Kind::Str, Some(false)),
            ("status", "pending", Kind::Str, None),
            ("status", "42", Kind::Num, None),
            ("statusCode", "404", Kind::Num, Some(false)),
            // A count of successes is not an HTTP status.
            ("success", "208", Kind::Num, None),
            ("result", "404", Kind::Num, None),
            ("errorCode", "AccessDenied", Kind::Str, Some(false)),
            ("errorCode", "", Kind::Null, None),
        ];
        for (name, text, kind, want) in cases {
            assert_eq!(outcome(name, text, kind), want, "{name}={text}");
        }
    }

    #[test]
    fn glosses_only_where_the_value_does_not_say_it() {
        assert_eq!(Badge::Level(Level::Error).gloss("3"), Some("ERROR"));
        assert_eq!(Badge::Level(Level::Error).gloss("error"), None);
        assert_eq!(Badge::Outcome(false).gloss("403"), Some("failure"));
        assert_eq!(Badge::Outcome(true).gloss("true"), Some("success"));
        assert_eq!(Badge::Outcome(true).gloss("success"), None);
    }
}
