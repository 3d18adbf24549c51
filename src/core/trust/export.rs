//! Export of exactly the filtered, sorted rows: CSV (optionally for Excel) and NDJSON
//! of the original entries, written in chunks so the UI can show progress.

use crate::core::dataset::Dataset;
use crate::core::json;
use crate::core::kind::Overrides;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;
use crate::core::store::{NodeId, Row};
use crate::core::time::{self, Zone};
use crate::core::view::kind_column;
use std::cell::RefCell;

/// Export file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Comma-separated values, UTF-8.
    Csv,
    /// CSV with a UTF-8 byte-order mark, so Excel reads accents right.
    CsvExcel,
    /// The original entries, one compact JSON object per line.
    Ndjson,
}

impl Format {
    /// File extension.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvExcel => "csv",
            Format::Ndjson => "ndjson",
        }
    }

    /// MIME type.
    pub(crate) fn mime(self) -> &'static str {
        match self {
            Format::Csv | Format::CsvExcel => "text/csv;charset=utf-8",
            Format::Ndjson => "application/x-ndjson",
        }
    }
}

/// CSV options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CsvOptions {
    /// Columns, in order.
    pub columns: Vec<NodeId>,
    /// Zone for the time column (ISO 8601 with that zone's offset).
    pub zone: Zone,
    /// Prefix a UTF-8 BOM.
    pub bom: bool,
    /// Defuse cells starting with `= + - @`, tab or CR (OWASP CSV injection).
    pub neutralise: bool,
    /// The deployment's kinds for particular actions (a [`Column::Kind`] column).
    pub kinds: Overrides,
}

/// What one CSV column holds, for the dataset rows are written from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    /// A field of the log.
    Field(NodeId),
    /// A field this dataset lacks (a page of a table without it): empty cells.
    Empty,
    /// The kind of event ([`kind_column`]).
    Kind,
}

/// The columns named `paths` in `ds`: its fields, the Kind column where it is
/// offered, else empty (a page of a table that lacks the field).
pub(crate) fn columns_at(ds: &Dataset, paths: &[String]) -> Vec<Column> {
    let at = |p: &String| match ds.column(p) {
        Some(n) => Column::Field(n),
        None if p == kind_column::NAME && kind_column::offered(ds) => Column::Kind,
        None => Column::Empty,
    };
    paths.iter().map(at).collect()
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            columns: Vec::new(),
            zone: Zone::Utc,
            bom: false,
            neutralise: true,
            kinds: Overrides::default(),
        }
    }
}

/// A cell that a spreadsheet would run as a formula gets a leading `'`: one starting
/// with `= + - @`, tab or CR, unless it is a plain number (`-3`, `-0.5`, `+44`, `-1e5`),
/// which a spreadsheet reads as that number and nothing else.
pub(crate) fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'+' | b'-') if is_plain_number(cell) => cell.into(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// `[+-]digits[.digits][e[+-]digits]` (or `.digits`): a number and only that.
fn is_plain_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// The text of one export cell: times in ISO 8601 of `zone`, nested values as
/// compact JSON, arrays of scalars as JSON arrays, null and missing as empty.
pub fn cell_text(ds: &Dataset, row: Row, col: NodeId, zone: Zone) -> String {
    let mut buf = String::new();
    cell_into(ds, row, col, zone, &mut buf).to_string()
}

/// [`cell_text`] without allocating: borrows from the store, or fills `buf`.
fn cell_into<'a>(
    ds: &'a Dataset,
    row: Row,
    col: NodeId,
    zone: Zone,
    buf: &'a mut String,
) -> &'a str {
    if ds.role(Role::Time) == Some(col)
        && let Some(t) = ds.time(row)
    {
        *buf = time::format_iso(t, zone);
        return buf;
    }
    let store = ds.store();
    if let Some(leaf) = store.leaf_at(col) {
        let dict = &leaf.dict;
        match leaf.codes_of(row) {
            [] => {}
            [c] => {
                return if dict.kind(*c) == Kind::Null {
                    ""
                } else {
                    dict.text(*c)
                };
            }
            codes => {
                buf.clear();
                buf.push('[');
                for (i, &c) in codes.iter().enumerate() {
                    if i > 0 {
                        buf.push(',');
                    }
                    match dict.kind(c) {
                        Kind::Str => json::quote_into(dict.text(c), buf),
                        _ => buf.push_str(dict.text(c)),
                    }
                }
                buf.push(']');
                return buf;
            }
        }
    }
    if store.node(col).container {
        let mut bytes = std::mem::take(buf).into_bytes();
        bytes.clear();
        let found = store.container_json(row, col, &mut bytes);
        *buf = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if found {
            return buf;
        }
    }
    ""
}

/// A CSV writer's output, which can be taken out as it grows.
#[derive(Default)]
struct Buf(RefCell<Vec<u8>>);

impl std::io::Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.get_mut().extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Writes CSV in pieces: the header first, then rows chunk by chunk, from one
/// dataset or from a new one per chunk (the rows of a server, page by page).
pub(crate) struct CsvWriter {
    out: csv::Writer<Buf>,
    opts: CsvOptions,
    rows: usize,
}

impl CsvWriter {
    /// Starts a CSV with a header row of the column paths.
    pub(crate) fn new(ds: &Dataset, opts: CsvOptions) -> Self {
        let headers: Vec<String> = opts
            .columns
            .iter()
            .map(|&c| ds.store().node(c).path.clone())
            .collect();
        Self::headed(&headers, opts)
    }

    /// Starts a CSV with `headers` as its header row (`opts.columns` is used by
    /// [`write_rows`](Self::write_rows) only).
    pub(crate) fn headed(headers: &[String], opts: CsvOptions) -> Self {
        let mut buf = Vec::new();
        if opts.bom {
            buf.extend_from_slice(b"\xEF\xBB\xBF");
        }
        let mut w = CsvWriter {
            out: csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Buf(RefCell::new(buf))),
            opts,
            rows: 0,
        };
        let header: Vec<String> = headers.iter().map(|h| w.safe(h).into_owned()).collect();
        // Writing to memory cannot fail.
        let _ = w.out.write_record(&header);
        w
    }

    fn safe<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.opts.neutralise {
            neutralise(s)
        } else {
            s.into()
        }
    }

    /// Appends `rows` of `ds`, in the columns of the options.
    pub(crate) fn write_rows(&mut self, ds: &Dataset, rows: &[Row]) {
        let columns: Vec<Column> = self
            .opts
            .columns
            .iter()
            .copied()
            .map(Column::Field)
            .collect();
        self.write_rows_at(ds, rows, &columns);
    }

    /// Appends `rows` of `ds` with these columns.
    pub(crate) fn write_rows_at(&mut self, ds: &Dataset, rows: &[Row], columns: &[Column]) {
        let mut buf = String::new();
        if rows.is_sorted() {
            for &r in rows {
                self.write_row(ds, r, columns, &mut buf);
            }
            return;
        }
        // Out of load order (a sorted view): rows are written in load order, so an
        // object cell's packed block is unpacked once, then put back in order.
        let mut file = self.take();
        in_load_order(rows, &mut file, |r, out| {
            self.write_row(ds, r, columns, &mut buf);
            // Moved out of the writer's buffer, which keeps its room for the next row.
            let _ = self.out.flush();
            let mut written = self.out.get_ref().0.borrow_mut();
            out.extend_from_slice(&written);
            written.clear();
        });
        *self.out.get_ref().0.borrow_mut() = file;
    }

    fn write_row(&mut self, ds: &Dataset, r: Row, columns: &[Column], buf: &mut String) {
        for &c in columns {
            let text = match c {
                Column::Field(c) => cell_into(ds, r, c, self.opts.zone, buf),
                Column::Empty => "",
                Column::Kind => {
                    *buf = kind_column::cell(ds, r, &self.opts.kinds).0;
                    buf.as_str()
                }
            };
            // Writing to memory cannot fail.
            let _ = if self.opts.neutralise {
                self.out.write_field(neutralise(text).as_bytes())
            } else {
                self.out.write_field(text)
            };
        }
        let _ = self.out.write_record(None::<&[u8]>);
        self.rows += 1;
    }

    /// Appends one row of plain texts, neutralised as the options say.
    pub(crate) fn write_texts(&mut self, cells: &[String]) {
        for text in cells {
            // Writing to memory cannot fail.
            let _ = self.out.write_field(self.safe(text).as_bytes());
        }
        let _ = self.out.write_record(None::<&[u8]>);
        self.rows += 1;
    }

    /// Rows written so far.
    #[cfg(test)]
    pub(crate) fn rows(&self) -> usize {
        self.rows
    }

    /// The bytes written since the last call (the file is their concatenation).
    pub(crate) fn take(&mut self) -> Vec<u8> {
        let _ = self.out.flush();
        std::mem::take(&mut *self.out.get_ref().0.borrow_mut())
    }

    /// The rest of the file.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        self.take()
    }
}

/// CSV of `rows` in one go.
pub(crate) fn csv(ds: &Dataset, rows: &[Row], opts: CsvOptions) -> Vec<u8> {
    let mut w = CsvWriter::new(ds, opts);
    w.write_rows(ds, rows);
    w.finish()
}

/// Appends the original entries of `rows` to `out`, one compact line each.
pub(crate) fn ndjson_into(ds: &Dataset, rows: &[Row], out: &mut Vec<u8>) {
    let mut entries = ds.store().entries();
    in_load_order(rows, out, |r, out| {
        json::compact_into(&entries.bytes(r), out);
        out.push(b'\n');
    });
}

/// Appends to `out` what `write` writes for each of `rows`, in the order of `rows`,
/// but calls it in load order: entries lie in the store in load order, packed in
/// blocks, so each block is unpacked once rather than once per row.
fn in_load_order(rows: &[Row], out: &mut Vec<u8>, mut write: impl FnMut(Row, &mut Vec<u8>)) {
    if rows.is_sorted() {
        for &r in rows {
            write(r, out);
        }
        return;
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_unstable_by_key(|&i| rows[i]);
    let mut written = Vec::new();
    let mut spans = vec![(0, 0); rows.len()];
    for i in order {
        let start = written.len();
        write(rows[i], &mut written);
        spans[i] = (start, written.len());
    }
    for (start, end) in spans {
        out.extend_from_slice(&written[start..end]);
    }
}

/// NDJSON of the original entries of `rows`.
pub(crate) fn ndjson(ds: &Dataset, rows: &[Row]) -> Vec<u8> {
    let mut out = Vec::new();
    ndjson_into(ds, rows, &mut out);
    out
}

/// A file name for an export of view `label` over `range`, e.g.
/// `trailview-room-booking-2026-10-01-to-2026-11-01.csv`.
pub(crate) fn file_name(label: &str, range: &str, format: Format) -> String {
    let slug = |s: &str| {
        let mut out = String::new();
        for c in s.chars() {
            if c.is_alphanumeric() {
                out.extend(c.to_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    };
    let mut name = String::from("trailview");
    for part in [slug(label), slug(range)] {
        if !part.is_empty() {
            name.push('-');
            name.push_str(&part);
        }
    }
    format!("{name}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOG: &str = r#"[
      {"createdAt":"2026-01-01T10:00:00Z","type":"=HYPERLINK(\"http://x\")","user":"ada@x.test","data":{"b":1.50,"a":[1,"two"]},"to":["a@x","b,c@x"]},
      {"createdAt":"2026-01-01T11:00:00Z","type":"+1","user":"Zoë \"Z\" Müller","n":12345678901234567890123},
      {"createdAt":"2026-01-01T12:00:00Z","type":"normal -1","user":"@handle","data":null}
    ]"#;

    fn ds() -> Dataset {
        Dataset::from_bytes(LOG.as_bytes().to_vec()).unwrap().0
    }

    fn cols(d: &Dataset, names: &[&str]) -> Vec<NodeId> {
        names.iter().map(|n| d.column(n).unwrap()).collect()
    }

    fn read(bytes: &[u8]) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes)
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn csv_has_the_chosen_columns_rows_and_order() {
        let d = ds();
        let out = csv(
            &d,
            &[2, 0],
            CsvOptions {
                columns: cols(&d, &["user", "createdAt"]),
                ..Default::default()
            },
        );
        let rows = read(&out);
        assert_eq!(rows[0], ["user", "createdAt"]);
        assert_eq!(rows[1], ["'@handle", "2026-01-01T12:00:00.000Z"]);
        assert_eq!(rows[2], ["ada@x.test", "2026-01-01T10:00:00.000Z"]);
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn only_formula_like_text_is_neutralised_and_plain_numbers_stay() {
        for (cell, out) in [
            ("=1+2", "'=1+2"),
            (
                "=HYPERLINK(\"http://evil\")",
                "'=HYPERLINK(\"http://evil\")",
            ),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("-1e5+1", "'-1e5+1"),
            ("-", "'-"),
            ("+", "'+"),
            ("-.", "'-."),
            ("-1e", "'-1e"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-3", "-3"),
            ("-0.5", "-0.5"),
            ("+44", "+44"),
            ("-.5", "-.5"),
            ("-1e5", "-1e5"),
            ("+2.5E-3", "+2.5E-3"),
            ("42", "42"),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
        }
    }

    #[test]
    fn header_cells_are_neutralised_too() {
        let (d, _) =
            Dataset::from_bytes(br#"[{"=cmd": "x", "-3": "y", "ok": "z"}]"#.to_vec()).unwrap();
        let c = cols(&d, &["=cmd", "-3", "ok"]);
        let out = read(&csv(
            &d,
            &[0],
            CsvOptions {
                columns: c,
                ..Default::default()
            },
        ));
        assert_eq!(out[0], ["'=cmd", "-3", "ok"]);
    }

    #[test]
    fn formulas_are_neutralised_by_default_and_kept_when_asked() {
        let d = ds();
        let c = cols(&d, &["type"]);
        let safe = read(&csv(
            &d,
            &[0, 1, 2],
            CsvOptions {
                columns: c.clone(),
                ..Default::default()
            },
        ));
        assert_eq!(safe[1][0], "'=HYPERLINK(\"http://x\")");
        assert_eq!(safe[2][0], "+1", "a plain number stays a number");
        assert_eq!(safe[3][0], "normal -1", "only a leading sign is dangerous");
        let raw = read(&csv(
            &d,
            &[1],
            CsvOptions {
                columns: c,
                neutralise: false,
                ..Default::default()
            },
        ));
        assert_eq!(raw[1][0], "+1");
    }

    #[test]
    fn quotes_commas_unicode_big_numbers_and_nested_values_survive() {
        let d = ds();
        let out = csv(
            &d,
            &[0, 1],
            CsvOptions {
                columns: cols(&d, &["user", "data", "to[]", "n"]),
                ..Default::default()
            },
        );
        let rows = read(&out);
        assert_eq!(rows[1][1], r#"{"b":1.50,"a":[1,"two"]}"#);
        assert_eq!(rows[1][2], r#"["a@x","b,c@x"]"#);
        assert_eq!(rows[2][0], "Zoë \"Z\" Müller");
        assert_eq!(rows[2][3], "12345678901234567890123");
    }

    #[test]
    fn times_use_the_chosen_zone() {
        let d = ds();
        let out = csv(
            &d,
            &[0],
            CsvOptions {
                columns: cols(&d, &["createdAt"]),
                zone: Zone::Fixed(-300),
                ..Default::default()
            },
        );
        assert_eq!(read(&out)[1][0], "2026-01-01T05:00:00.000-05:00");
    }

    #[test]
    fn excel_variant_starts_with_a_bom_and_uses_crlf() {
        let d = ds();
        let out = csv(
            &d,
            &[0],
            CsvOptions {
                columns: cols(&d, &["type"]),
                bom: true,
                ..Default::default()
            },
        );
        assert!(out.starts_with(b"\xEF\xBB\xBFtype\r\n"));
    }

    #[test]
    fn chunked_writing_equals_one_go() {
        let d = ds();
        let opts = CsvOptions {
            columns: cols(&d, &["type", "user"]),
            ..Default::default()
        };
        let mut w = CsvWriter::new(&d, opts.clone());
        w.write_rows(&d, &[0]);
        w.write_rows(&d, &[1, 2]);
        assert_eq!(w.rows(), 3);
        assert_eq!(w.finish(), csv(&d, &[0, 1, 2], opts));
    }

    #[test]
    fn pieces_taken_as_they_grow_make_the_same_file() {
        let d = ds();
        let opts = CsvOptions {
            columns: cols(&d, &["type", "user"]),
            bom: true,
            ..Default::default()
        };
        let mut w = CsvWriter::new(&d, opts.clone());
        let mut file = w.take();
        w.write_rows(&d, &[0, 1]);
        file.extend(w.take());
        w.write_rows(&d, &[2]);
        file.extend(w.finish());
        assert_eq!(file, csv(&d, &[0, 1, 2], opts));
    }

    #[test]
    fn chunks_from_separate_datasets_line_up_by_path() {
        // A server's rows arrive page by page, each page its own dataset, where the
        // same path can be another node, or missing.
        let first = Dataset::from_bytes(br#"{"a":"1","b":"x"}"#.to_vec())
            .unwrap()
            .0;
        let second = Dataset::from_bytes(br#"{"b":"=y","c":3}"#.to_vec())
            .unwrap()
            .0;
        let paths = vec!["a".to_string(), "b".to_string()];
        let mut w = CsvWriter::headed(&paths, CsvOptions::default());
        for d in [&first, &second] {
            w.write_rows_at(d, &[0], &columns_at(d, &paths));
        }
        assert_eq!(read(&w.finish()), [["a", "b"], ["1", "x"], ["", "'=y"]]);
    }

    #[test]
    fn the_kind_column_exports_the_kind_names_as_the_table_shows_them() {
        let d = Dataset::from_bytes(
            br#"[{"action":"user.login","outcome":"FAILURE"},{"action":"invoice.paid"},{"x":1}]"#
                .to_vec(),
        )
        .unwrap()
        .0;
        let paths = vec!["action".to_string(), "kind".to_string()];
        let opts = CsvOptions {
            kinds: Overrides::new([(
                "invoice.paid".to_string(),
                crate::core::kind::EventKind::Send,
            )]),
            ..Default::default()
        };
        let mut w = CsvWriter::headed(&paths, opts);
        w.write_rows_at(&d, &[0, 1, 2], &columns_at(&d, &paths));
        assert_eq!(
            read(&w.finish()),
            [
                ["action", "kind"],
                ["user.login", "failed-sign-in"],
                ["invoice.paid", "send"],
                ["", ""]
            ]
        );
    }

    #[test]
    fn ndjson_is_the_original_entries_one_per_line() {
        let d = ds();
        let out = String::from_utf8(ndjson(&d, &[1])).unwrap();
        assert_eq!(
            out,
            "{\"createdAt\":\"2026-01-01T11:00:00Z\",\"type\":\"+1\",\"user\":\"Zoë \\\"Z\\\" Müller\",\"n\":12345678901234567890123}\n"
        );
    }

    #[test]
    fn rows_out_of_load_order_come_out_in_the_order_asked() {
        let d = ds();
        let one = |r| String::from_utf8(ndjson(&d, &[r])).unwrap();
        let three = String::from_utf8(ndjson(&d, &[2, 0, 1])).unwrap();
        assert_eq!(three, one(2) + &one(0) + &one(1));
        let opts = CsvOptions {
            columns: cols(&d, &["type", "data"]),
            ..Default::default()
        };
        let mut w = CsvWriter::new(&d, opts.clone());
        let mut file = w.take();
        w.write_rows(&d, &[2, 0]);
        w.write_rows(&d, &[1]);
        file.extend(w.finish());
        // Row by row, each in load order trivially.
        let mut by_row = CsvWriter::new(&d, opts);
        for r in [2, 0, 1] {
            by_row.write_rows(&d, &[r]);
        }
        assert_eq!(file, by_row.finish());
        assert_eq!(read(&file)[2][1], r#"{"b":1.50,"a":[1,"two"]}"#);
    }

    #[test]
    fn null_exports_as_an_empty_cell() {
        let d = ds();
        let out = csv(
            &d,
            &[2],
            CsvOptions {
                columns: cols(&d, &["data"]),
                ..Default::default()
            },
        );
        assert_eq!(read(&out)[1], [""]);
    }

    #[test]
    fn file_names_are_safe_and_descriptive() {
        assert_eq!(
            file_name("Room Booking", "2026-10-01 to 2026-11-01", Format::Csv),
            "trailview-room-booking-2026-10-01-to-2026-11-01.csv"
        );
        assert_eq!(file_name("", "", Format::Ndjson), "trailview.ndjson");
    }
}
