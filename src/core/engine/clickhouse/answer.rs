//! Reading what ClickHouse answers: `FORMAT JSONCompact` bodies and error texts.

use serde_json::Value;
use std::fmt;

/// The most bytes one answer may have: a longer one fails its query rather than
/// fill the tab (an export reads 5,000 rows at a time, a few MB).
pub(crate) const MAX_ANSWER: usize = 64 << 20;

/// A `FORMAT JSONCompact` answer: column names and types, then rows of values.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Compact {
    /// (name, type) of each column.
    pub meta: Vec<(String, String)>,
    /// The rows, each value in column order.
    pub data: Vec<Vec<Value>>,
}

/// Why an answer body is not a `FORMAT JSONCompact` answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AnswerError {
    /// Not JSON at all (a proxy's HTML page, a cut-off body): what the parser said.
    NotJson(String),
    /// JSON without the column list.
    NoMeta,
    /// JSON without the rows.
    NoData,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::NotJson(e) => write!(
                f,
                "ClickHouse sent an answer that is not the JSON asked for ({e})"
            ),
            AnswerError::NoMeta => f.write_str("ClickHouse's answer has no column list (meta)"),
            AnswerError::NoData => f.write_str("ClickHouse's answer has no rows (data)"),
        }
    }
}

impl std::error::Error for AnswerError {}

impl Compact {
    /// Parses an answer body; the error says what was wrong with it.
    pub(crate) fn parse(body: &[u8]) -> Result<Compact, AnswerError> {
        let v: Value =
            serde_json::from_slice(body).map_err(|e| AnswerError::NotJson(e.to_string()))?;
        let meta = v["meta"]
            .as_array()
            .ok_or(AnswerError::NoMeta)?
            .iter()
            .map(|m| (text_of(&m["name"]), text_of(&m["type"])))
            .collect();
        let data = match v["data"].as_array() {
            Some(rows) => rows
                .iter()
                .map(|r| r.as_array().cloned().unwrap_or_default())
                .collect(),
            None => return Err(AnswerError::NoData),
        };
        Ok(Compact { meta, data })
    }

    /// The value in `row`, column `col`, as an unsigned count (quoted or not).
    pub(crate) fn count(&self, row: usize, col: usize) -> u64 {
        self.data
            .get(row)
            .and_then(|r| r.get(col))
            .map_or(0, |v| number(v).unwrap_or(0.0).max(0.0) as u64)
    }
}

/// A JSON number, or a number in a string (ClickHouse quotes 64-bit integers).
pub(crate) fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A value as text: strings unquoted, null empty, the rest as JSON.
pub(crate) fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A readable message for a failed request: ClickHouse's own explanation when the
/// body has one (`Code: 60, e.displayText() = DB::Exception: Table … doesn't exist`),
/// else the status. Never holds the request URL.
pub(crate) fn error_message(status: u16, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let code = text
        .strip_prefix("Code: ")
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .filter(|c| !c.is_empty());
    let said = text
        .split_once("DB::Exception: ")
        .map(|(_, m)| m)
        .map(|m| m.split(", e.what() = ").next().unwrap_or(m))
        .map(|m| {
            let m = m.trim_end();
            match m.strip_suffix('.') {
                Some(cut) if !cut.ends_with('.') => cut.to_string(),
                _ => m.to_string(),
            }
        });
    match (said, code) {
        (Some(m), Some(c)) => format!("ClickHouse: {} (error {c})", first_line(&m)),
        (Some(m), None) => format!("ClickHouse: {}", first_line(&m)),
        _ if status == 401 || status == 403 || text.contains("password") => {
            "ClickHouse refused the user or password".into()
        }
        _ if text.is_empty() || text.starts_with('<') => {
            format!("ClickHouse answered HTTP {status}")
        }
        _ => format!("ClickHouse answered HTTP {status}: {}", first_line(text)),
    }
}

/// True if ClickHouse refused the user or password (so the Token field is asked
/// for): HTTP 401/403, or its authentication error codes 192, 193 and 516.
pub(crate) fn is_auth_error(status: u16, body: &[u8]) -> bool {
    matches!(status, 401 | 403) || matches!(error_code(body), Some(192 | 193 | 516))
}

/// ClickHouse's code for "query was cancelled": 18.16 gives it to a query that
/// `replace_running_query` cancelled while the one it replaces was still pending.
pub(crate) const QUERY_WAS_CANCELLED: u32 = 394;

/// The error code of a failed request's body (`Code: 394, e.displayText() = …` on
/// 18.16, `Code: 394. DB::Exception: …` later), read from its start only: a code
/// quoted inside a message is not the error's.
pub(crate) fn error_code(body: &[u8]) -> Option<u32> {
    let text = String::from_utf8_lossy(body);
    text.trim_start()
        .strip_prefix("Code: ")
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|c| c.parse::<u32>().ok())
}

fn first_line(s: &str) -> &str {
    let line = s.lines().next().unwrap_or("");
    match line.char_indices().nth(300) {
        Some((i, _)) => &line[..i],
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compact_answer_reads_with_quoted_64_bit_counts() {
        let a = Compact::parse(
            br#"{"meta":[{"name":"count()","type":"UInt64"},{"name":"lo","type":"UInt32"}],
                "data":[["200000", 1767225600]],"rows":1,"statistics":{"elapsed":0.001}}"#,
        )
        .unwrap();
        assert_eq!(a.meta[0], ("count()".into(), "UInt64".into()));
        assert_eq!(a.count(0, 0), 200_000);
        assert_eq!(a.count(0, 1), 1_767_225_600);
        assert_eq!(a.count(5, 0), 0);
        let e = Compact::parse(b"<html>").unwrap_err().to_string();
        assert!(e.contains("not the JSON"), "{e}");
    }

    #[test]
    fn a_refused_password_asks_for_the_token() {
        assert!(is_auth_error(
            500,
            b"Code: 193, e.displayText() = DB::Exception: Wrong password for user trailview"
        ));
        assert!(is_auth_error(
            516,
            b"Code: 516, e.displayText() = DB::Exception: trailview: Authentication failed"
        ));
        assert!(is_auth_error(401, b""));
        assert!(!is_auth_error(
            500,
            b"Code: 60, e.displayText() = DB::Exception: Table x doesn't exist"
        ));
    }

    #[test]
    fn the_error_code_is_read_from_the_answer_not_from_its_message() {
        // Bug: the retry of a replaced query matched the message text "(error 394)".
        assert_eq!(
            error_code(
                b"Code: 394, e.displayText() = DB::Exception: Query was cancelled, e.what() = DB::Exception\n"
            ),
            Some(QUERY_WAS_CANCELLED)
        );
        assert_eq!(
            error_code(
                b"Code: 394. DB::Exception: Query was cancelled. (QUERY_WAS_CANCELLED) (version 24.8.1.1)\n"
            ),
            Some(394)
        );
        // A message that quotes another code is not that error.
        let quoted =
            b"Code: 62, e.displayText() = DB::Exception: Syntax error near 'x (error 394)'";
        assert_eq!(error_code(quoted), Some(62));
        assert_eq!(error_code(b"<html>Code: 394</html>"), None);
        assert_eq!(error_code(b""), None);
    }

    #[test]
    fn errors_read_as_clickhouse_explains_them() {
        assert_eq!(
            error_message(
                404,
                b"Code: 60, e.displayText() = DB::Exception: Table trailview.nope doesn't exist., e.what() = DB::Exception\n"
            ),
            "ClickHouse: Table trailview.nope doesn't exist (error 60)"
        );
        assert_eq!(
            error_message(
                500,
                b"Code: 62, e.displayText() = DB::Exception: Syntax error: failed at position 8 (line 1, col 8): FROM. Expected one of: ..., e.what() = DB::Exception\n"
            ),
            "ClickHouse: Syntax error: failed at position 8 (line 1, col 8): FROM. Expected one of: ... (error 62)"
        );
        assert_eq!(error_message(502, b""), "ClickHouse answered HTTP 502");
        assert_eq!(
            error_message(502, b"<html><body>Bad gateway</body></html>"),
            "ClickHouse answered HTTP 502"
        );
    }
}
