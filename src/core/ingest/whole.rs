//! A body read whole (an object wrapping the entries, a lone object, not JSON
//! at all): its entries filed page by page, broken records skipped and counted.

use super::lines::{LineCounter, line_start, next_object_line, next_record_line};
use super::report::{IngestError, IngestReport, NOT_SHOWN, invalid, not_json, type_name};
use super::shape::{Shape, find_wrapped, looks_like_error, members, meta_of, total_of};
use crate::core::json::{self, Scanner, SyntaxError};
use crate::core::store::Store;

struct Page<'a> {
    store: &'a mut Store,
    bytes: &'a [u8],
    page: u32,
    lines: LineCounter,
    report: IngestReport,
    /// Messages may quote the body.
    quote: bool,
}

impl Page<'_> {
    fn skip(&mut self, offset: usize, reason: String) {
        let (lines, bytes) = (&mut self.lines, self.bytes);
        self.report.skip(|| lines.line_at(bytes, offset), reason);
    }

    /// Loads the array whose `[` is at `start`, its elements `depth` levels deep;
    /// returns the offset after its `]`.
    fn array(&mut self, start: usize, depth: usize) -> Result<usize, SyntaxError> {
        let mut sc = Scanner::at(self.bytes, start + 1);
        if sc.eat(b']') {
            return Ok(sc.pos);
        }
        let mut index = 0usize;
        loop {
            sc.ws();
            if index == 1024 {
                // Size every column for the rest of the page from what 1024 entries took.
                let per_entry = (sc.pos - start) / index + 1;
                self.store
                    .reserve_rows((self.bytes.len() - sc.pos) / per_entry);
            }
            if sc.peek() == Some(b'{') {
                if self
                    .store
                    .add_new_entry(self.bytes, &mut sc, self.page, depth)?
                {
                    self.report.added += 1;
                } else {
                    self.report.duplicates += 1;
                }
            } else {
                let at = sc.pos;
                sc.skip_value(depth - 1)?;
                let what = type_name(self.bytes[at]);
                self.skip(
                    at,
                    format!("element {} is {what}, not an object", index + 1),
                );
            }
            index += 1;
            if sc.eat(b',') {
                continue;
            }
            if sc.eat(b']') {
                return Ok(sc.pos);
            }
            return sc.expected("',' or ']' after an array element");
        }
    }

    /// Loads a stream of objects from `start`, skipping what cannot be read.
    fn stream(&mut self, start: usize) {
        let bytes = self.bytes;
        let mut sc = Scanner::at(bytes, start);
        loop {
            sc.ws();
            let at = sc.pos;
            let Some(first) = sc.peek() else { return };
            let result = if first == b'{' {
                match self.store.add_new_entry(bytes, &mut sc, self.page, 1) {
                    Ok(true) => {
                        self.report.added += 1;
                        Ok(())
                    }
                    Ok(false) => {
                        self.report.duplicates += 1;
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            } else {
                match sc.skip_value(0) {
                    Ok(()) => {
                        self.skip(at, format!("found {}, not an object", type_name(first)));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            };
            if let Err(e) = result {
                let (line, col) = json::position(
                    &bytes[line_start(bytes, at)..],
                    e.offset - line_start(bytes, at),
                );
                let where_ = if line == 1 {
                    format!("column {col}")
                } else {
                    format!("line {line} of the entry, column {col}")
                };
                let what = e.kind.describe(self.quote);
                self.skip(at, format!("invalid JSON at {where_}: {what}"));
                sc.pos = next_record_line(bytes, at);
            }
        }
    }
}

/// Reads a body that is not streamed (an object wrapping the entries, a lone
/// object, not JSON at all) in one go. On error the store is unchanged.
pub(super) fn ingest_whole(store: &mut Store, bytes: Vec<u8>) -> Result<IngestReport, IngestError> {
    let mut start = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let mut sc = Scanner::at(&bytes, start);
    sc.ws();
    start = sc.pos;
    let Some(first) = sc.peek() else {
        return Err(IngestError::Empty);
    };
    let mark = store.mark();
    let utf8_before = store.invalid_utf8;
    let quote = store.shows_excerpts();
    let broken = |bytes: &[u8], e| invalid(bytes, e, quote);
    let mut page = Page {
        quote,
        page: store.next_page(),
        store,
        bytes: &bytes,
        lines: LineCounter::new(),
        report: IngestReport::new(Shape::Array),
    };
    let outcome: Result<(), IngestError> = match first {
        b'[' => page
            .array(start, 2)
            .and_then(|end| Scanner::at(&bytes, end).end())
            .map_err(|e| broken(&bytes, e)),
        b'{' => {
            let first_obj = members(&bytes, start, 1);
            let after = first_obj.as_ref().ok().map(|(_, end)| {
                let mut s = Scanner::at(&bytes, *end);
                s.ws();
                s.peek()
            });
            match (first_obj, after) {
                // A single object: a wrapper around the entries.
                (Ok((top, _)), Some(None)) => {
                    match find_wrapped(&bytes, &top).map_err(|e| broken(&bytes, e))? {
                        Some((path, at)) => {
                            // The wrapper, each key of the path, then the entries.
                            let depth = 3 + path.matches('.').count();
                            page.report.meta = meta_of(&bytes, &top, &path);
                            page.report.shape = Shape::Wrapped(path);
                            page.report.total = total_of(&bytes, &top);
                            page.array(at, depth)
                                .map(drop)
                                .map_err(|e| broken(&bytes, e))
                        }
                        None if top.is_empty() => Err(IngestError::NoEntries(
                            "the response is an empty object".into(),
                        )),
                        None if looks_like_error(&top) && !quote => Err(IngestError::NoEntries(
                            format!("the response is an error message {NOT_SHOWN}"),
                        )),
                        None if looks_like_error(&top) => Err(IngestError::NoEntries(format!(
                            "the response is an error message: {}",
                            json::compact(&bytes[start..])
                                .chars()
                                .take(300)
                                .collect::<String>()
                        ))),
                        // One object alone: a log of one entry (e.g. the last page of NDJSON).
                        None => {
                            page.report.shape = Shape::Ndjson;
                            page.stream(start);
                            Ok(())
                        }
                    }
                }
                // More after the first object, or a first line that is broken but
                // followed by more objects: a stream.
                (Ok(_), Some(Some(b'{'))) => {
                    page.report.shape = Shape::Ndjson;
                    page.stream(start);
                    Ok(())
                }
                (Err(_), _) if next_object_line(&bytes, start) < bytes.len() => {
                    page.report.shape = Shape::Ndjson;
                    page.stream(start);
                    Ok(())
                }
                (Err(e), _) => Err(broken(&bytes, e)),
                (Ok((_, end)), Some(Some(_))) => {
                    let mut s = Scanner::at(&bytes, end);
                    Err(broken(&bytes, s.end().unwrap_err()))
                }
                (Ok(_), None) => unreachable!("`after` is Some when the object parsed"),
            }
        }
        b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n' if json_scalar(&bytes, start) => Err(
            IngestError::NoEntries(format!("the response is {}", type_name(first))),
        ),
        _ => Err(not_json(&bytes, start, quote)),
    };
    let report = page.report;
    match outcome {
        Ok(()) => {
            let mut report = report;
            report.invalid_utf8 = store.invalid_utf8 - utf8_before;
            store.keep_page(bytes);
            Ok(report)
        }
        Err(e) => {
            store.rollback(mark);
            store.invalid_utf8 = utf8_before;
            Err(e)
        }
    }
}

fn json_scalar(bytes: &[u8], start: usize) -> bool {
    let mut sc = Scanner::at(bytes, start);
    sc.skip_value(0).is_ok() && sc.end().is_ok()
}
