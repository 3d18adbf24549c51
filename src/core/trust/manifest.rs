//! The manifest downloaded beside an export (`<file>.manifest.json`): what the file
//! holds, where it came from, and its length and SHA-256, so whoever receives it can
//! check later that it is the file Trailview wrote (`sha256sum -c`, see the README).

use crate::core::json;
use crate::core::query::{Range, ViewState};
use crate::core::source::url;
use crate::core::time::{self, EpochMs, Zone};
use sha2::{Digest, Sha256};

/// What an export held and how it was made.
#[derive(Clone, Debug)]
pub(crate) struct Manifest<'a> {
    /// The exported file's name.
    pub file: &'a str,
    /// `csv`, `csv-excel` or `ndjson`.
    pub format: &'a str,
    /// The view exported (its source's secrets are masked here).
    pub view: &'a ViewState,
    /// The defaults the view's query is relative to.
    pub base: &'a ViewState,
    /// The source URL loaded (masked here too).
    pub source: &'a str,
    /// The app the view was scoped to, if any.
    pub app: Option<&'a str>,
    /// Column paths, in file order (empty for NDJSON: whole entries).
    pub columns: &'a [String],
    /// Rows written.
    pub rows: usize,
    /// What was masked as the entries loaded (`redact=` items; empty: nothing).
    pub redacted: &'a [String],
    /// When it was made.
    pub created: EpochMs,
}

/// Lower-case hex SHA-256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let mut h = FileHash::default();
    h.update(bytes);
    h.finish().1
}

/// The length and SHA-256 of a file written in pieces.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileHash {
    hash: Sha256,
    bytes: u64,
}

impl FileHash {
    /// Adds the next piece of the file.
    pub(crate) fn update(&mut self, piece: &[u8]) {
        self.hash.update(piece);
        self.bytes += piece.len() as u64;
    }

    /// Bytes so far.
    pub(crate) fn bytes(&self) -> u64 {
        self.bytes
    }

    /// (length, lower-case hex SHA-256) of the whole file.
    pub(crate) fn finish(self) -> (u64, String) {
        let hex = self
            .hash
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        (self.bytes, hex)
    }
}

/// The manifest's own file name: `<file>.manifest.json`.
pub(crate) fn file_name(file: &str) -> String {
    format!("{file}.manifest.json")
}

/// The manifest of `bytes`, as pretty-printed JSON (written by hand: a JSON library
/// would cost the bundle more than this).
#[cfg(test)]
pub(crate) fn to_json(m: &Manifest<'_>, bytes: &[u8]) -> String {
    let mut h = FileHash::default();
    h.update(bytes);
    to_json_hashed(m, h)
}

/// The manifest of the file that `hash` was fed, as [`to_json`] writes it.
pub(crate) fn to_json_hashed(m: &Manifest<'_>, hash: FileHash) -> String {
    let (len, sha) = hash.finish();
    let mut view = m.view.clone();
    view.source = view.source.as_deref().map(url::mask);
    let (from, to) = m.view.range.bounds(m.created);
    let q = |s: &str| {
        let mut out = String::new();
        json::quote_into(s, &mut out);
        out
    };
    let iso = |t: Option<EpochMs>| t.map_or("null".into(), |t| q(&time::format_iso(t, Zone::Utc)));
    let range = match m.view.range {
        Range::All => "all",
        Range::Last(_) => "preset",
        Range::Custom { .. } => "custom",
    };
    let columns: Vec<String> = m.columns.iter().map(|c| q(c)).collect();
    let redacted: Vec<String> = m.redacted.iter().map(|c| q(c)).collect();
    let fields = [
        ("trailview", q(env!("CARGO_PKG_VERSION"))),
        ("file", q(m.file)),
        ("format", q(m.format)),
        ("bytes", len.to_string()),
        ("sha256", q(&sha)),
        ("rows", m.rows.to_string()),
        ("source", q(&url::mask(m.source))),
        ("app", m.app.map_or("null".into(), q)),
        ("view", q(&view.to_query_over(m.base))),
        (
            "range",
            format!(
                "{{ \"kind\": {}, \"from\": {}, \"to\": {} }}",
                q(range),
                iso(from),
                iso(to)
            ),
        ),
        ("zone", q(&m.view.tz.to_param())),
        ("columns", format!("[{}]", columns.join(", "))),
        ("redacted", format!("[{}]", redacted.join(", "))),
        ("created", q(&time::format_iso(m.created, Zone::Utc))),
    ];
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("  \"{k}\": {v}"))
        .collect();
    format!("{{\n{}\n}}\n", body.join(",\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn a_file_hashed_in_pieces_has_the_hash_of_the_whole() {
        let million_a = vec![b'a'; 1_000_000];
        let mut h = FileHash::default();
        for piece in million_a.chunks(65_537) {
            h.update(piece);
        }
        assert_eq!(h.bytes(), 1_000_000);
        assert_eq!(h.finish(), (1_000_000, sha256_hex(&million_a)));
    }

    #[test]
    fn the_manifest_gives_the_length_and_hash_that_sha256sum_and_wc_give() {
        // What `sha256sum` and `wc -c` print for each file: `sha256sum -c` on the
        // manifest's line must accept the file (lower-case hex, two digits a byte).
        for (file, sha, len) in [
            (
                &b"user,createdAt\r\nada,2026-10-02T10:00:00.000+02:00\r\n"[..],
                "36db0255e472469f0f8f9ac6efb947e05d35b86ad74e9ce4347c22d366effcca",
                51,
            ),
            (
                b"",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                0,
            ),
        ] {
            let view = ViewState::default();
            let m = Manifest {
                file: "trailview-all-apps.csv",
                format: "csv",
                view: &view,
                base: &view,
                source: "https://api.test/log",
                app: None,
                columns: &[],
                rows: 1,
                redacted: &[],
                created: 0,
            };
            let v: Value = serde_json::from_str(&to_json(&m, file)).expect("JSON");
            assert_eq!(v["sha256"], sha);
            assert_eq!(v["bytes"], len);
        }
    }

    #[test]
    fn the_manifest_says_what_the_file_holds_and_keeps_secrets_out() {
        let view = ViewState::from_query(
            "source=https%3A%2F%2Fapi.test%2Flog%3Ftoken%3Ds3cret&q=ada&tz=%2B02:00\
             &from=2026-10-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z",
        );
        let base = ViewState::default();
        let csv = b"user,createdAt\r\nada,2026-10-02T10:00:00.000+02:00\r\n";
        let m = Manifest {
            file: "trailview-all-apps.csv",
            format: "csv",
            view: &view,
            base: &base,
            source: "https://api.test/log?token=s3cret",
            app: None,
            columns: &["user".into(), "createdAt".into()],
            rows: 1,
            redacted: &["email".into(), "*.password".into()],
            created: 1_796_000_000_000,
        };
        let text = to_json(&m, csv);
        assert!(!text.contains("s3cret"), "{text}");
        let v: Value = serde_json::from_str(&text).expect("JSON");
        assert_eq!(v["bytes"], csv.len());
        assert_eq!(v["sha256"], sha256_hex(csv));
        assert_eq!(v["rows"], 1);
        assert_eq!(v["file"], "trailview-all-apps.csv");
        assert_eq!(v["zone"], "+02:00");
        assert_eq!(v["columns"], json!(["user", "createdAt"]));
        assert_eq!(v["redacted"], json!(["email", "*.password"]));
        assert_eq!(v["range"]["from"], "2026-10-01T00:00:00.000Z");
        assert_eq!(v["range"]["to"], "2026-11-01T00:00:00.000Z");
        assert_eq!(v["source"], "https://api.test/log?token=***");
        let q = v["view"].as_str().expect("a query");
        assert_eq!(
            q,
            "source=https://api.test/log%3Ftoken%3D***&from=2026-10-01T00:00:00.000Z&to=2026-11-01T00:00:00.000Z&tz=%2B02:00&q=ada"
        );
        assert_eq!(v["trailview"], env!("CARGO_PKG_VERSION"));
        assert_eq!(v["created"], "2026-11-30T00:53:20.000Z");
        // The file one byte longer: another length and another hash.
        let longer: Value =
            serde_json::from_str(&to_json(&m, &[&csv[..], b"x"].concat())).expect("JSON");
        assert_eq!(longer["bytes"], csv.len() + 1);
        assert_ne!(longer["sha256"], v["sha256"]);
        assert_eq!(file_name("a.csv"), "a.csv.manifest.json");
        // Text from the log is escaped: the manifest stays valid JSON.
        let odd = Manifest {
            app: Some("Café \"x\"\\\n</script>"),
            columns: &["data.\"q\"".into()],
            ..m
        };
        let v: Value = serde_json::from_str(&to_json(&odd, b"")).expect("JSON");
        assert_eq!(v["app"], "Café \"x\"\\\n</script>");
        assert_eq!(v["columns"], json!(["data.\"q\""]));
        assert_eq!(v["range"]["kind"], "custom");
    }
}
