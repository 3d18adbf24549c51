//! Incremental ingest: a log body fed in chunks as it downloads, each entry filed
//! into the store as soon as it is complete.
//!
//! A top-level array and NDJSON (or concatenated objects) are read entry by entry
//! while the body arrives; the bytes of filed entries become store pages, so the
//! body is never held twice. An object wrapping the entries that is still open after
//! its first MiB (`{"logs": [ … ], "next": …}`) is read on the same way once its
//! bytes reach the array of entries ([`open_entries`]): the bytes before the array
//! (the head) are kept aside, the entries stream, and after the array's `]` the rest
//! of the object (at most [`MAX_REST`]) is held; at the end the head and the rest
//! give the paging members and the total a whole read gives. Any other body (a
//! smaller wrapper, one object, not JSON at all) is buffered and read whole at the
//! end. A fault keeps every complete entry before it and is reported with its line
//! and column in the whole body.
//!
//! Whatever a body holds unfiled (a value cut short, a body read whole, a wrapper's
//! head and rest) counts against the memory budget and is capped at [`MAX_UNFILED`]:
//! past that the body stops, every complete entry before kept, with a fault saying
//! what was too large.

use super::lines::{next_object_line, next_record_line};
use super::report::{
    IngestError, IngestReport, MAX_LISTED_SKIPS, Oversized, invalid, not_json, type_name,
};
use super::shape::{Shape, open_entries, outside_entries};
use super::whole::ingest_whole;
use crate::core::json::{self, ErrorKind, Scanner, SyntaxError};
use crate::core::store::{Mark, Store};

/// The first page is filed after this many bytes (first rows show early)…
const FIRST_PAGE: usize = 64 * 1024;
/// …and pages double up to this size.
const MAX_PAGE: usize = 2 * 1024 * 1024;
/// A value still open after this many bytes (a first object, an entry) is looked
/// at again only once the bytes held have doubled, not with every chunk.
const LONG_VALUE: usize = 1024 * 1024;
/// An error this close to the end of what arrived may just be a cut-off value.
const CUT_SLACK: usize = 8;
/// A first value still open after this many bytes is streamed if it is an object
/// wrapping the entries (smaller ones are read whole, as they always were).
const STREAM_WRAPPER: usize = LONG_VALUE;

/// Where the reader is in the top-level array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InArray {
    /// After `[`: an element or `]`.
    First,
    /// After `,`: an element.
    Next,
    /// After an element: `,` or `]`.
    After,
    /// After `]`: only white space may follow.
    Closed,
}

/// What the body turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Not known yet.
    Start,
    /// A top-level array, streamed.
    Array(InArray),
    /// One object per line (or concatenated objects), streamed.
    Lines,
    /// Anything else: read whole at the end.
    Whole,
}

/// Heap the store may take before a load stops with "memory limit": wasm32 has
/// 4 GiB at most, and growing a column's vector briefly needs room for two.
pub(crate) const MEMORY_BUDGET: usize = 2_800_000_000;

/// Bytes a body may hold that it has not filed as entries (a value cut short, a
/// body read whole, a streamed wrapper's head and rest), at most; and never more
/// than half the room left in the budget, as filing them takes about as much again.
pub(crate) const MAX_UNFILED: usize = 256 << 20;

/// Bytes a streamed wrapper may hold after its entries (its last members), at most.
pub(crate) const MAX_REST: usize = 1 << 20;

/// One body being ingested (see the module docs).
#[derive(Debug)]
pub struct StreamIngest {
    /// Bytes received and not yet filed into a page.
    buf: Vec<u8>,
    /// Where reading resumes in `buf`.
    pos: usize,
    mode: Mode,
    report: IngestReport,
    /// Store page of this body's first bytes (positions of faults count from it).
    first_page: u32,
    /// Body offset of `buf[0]`.
    base: usize,
    /// Pages are filed once `buf` holds this many bytes.
    target: usize,
    /// Elements of the array read so far (for messages).
    index: usize,
    /// The store holds as many entries as allowed.
    full: bool,
    max_rows: usize,
    /// Heap bytes the store may hold before reading stops (see [`MEMORY_BUDGET`]).
    budget: usize,
    /// The store's heap bytes when last measured (it grows only while filing).
    store_heap: usize,
    /// Bytes `buf` may hold now (see [`MAX_UNFILED`]).
    limit: usize,
    /// `buf` is read again once it holds this many bytes (a long value waits).
    rescan_at: usize,
    /// Bytes of a long first value looked through for a line starting an object.
    looked: usize,
    /// Nesting depth of the entries: 2 in an array, 3 or 4 in a wrapper.
    depth: usize,
    /// A streamed wrapper's bytes before its entries, through their `[` (empty
    /// for any other body). What follows their `]` stays in `buf`.
    head: Vec<u8>,
    /// A first value still open is looked at as a wrapper once `buf` holds this
    /// many bytes (then again each time they have doubled).
    wrap_at: usize,
    start: Mark,
    utf8_before: usize,
    lines: LineCount,
    /// Messages may quote the body (not while masking is on).
    quote: bool,
}

/// True if `e` may only mean that the bytes ended early.
fn cut_off(e: &SyntaxError, len: usize, last: bool) -> bool {
    !last && (e.kind == ErrorKind::UnexpectedEnd || e.offset + CUT_SLACK >= len)
}

impl StreamIngest {
    /// Starts a body for `store`, which may hold at most `max_rows` entries.
    pub fn new(store: &Store, max_rows: usize) -> Self {
        let mut s = StreamIngest {
            buf: Vec::new(),
            pos: 0,
            mode: Mode::Start,
            report: IngestReport::new(Shape::Array),
            first_page: store.next_page(),
            base: 0,
            target: FIRST_PAGE,
            index: 0,
            full: store.len() >= max_rows,
            max_rows,
            budget: MEMORY_BUDGET,
            store_heap: 0,
            limit: 0,
            rescan_at: 0,
            looked: 0,
            depth: 2,
            head: Vec::new(),
            wrap_at: STREAM_WRAPPER,
            start: store.mark(),
            utf8_before: store.invalid_utf8,
            lines: LineCount::default(),
            quote: store.shows_excerpts(),
        };
        s.measure(store);
        s
    }

    /// Stops reading once the store holds `bytes` of heap (default [`MEMORY_BUDGET`]).
    pub(crate) fn with_budget(mut self, store: &Store, bytes: usize) -> Self {
        self.budget = bytes;
        self.measure(store);
        self
    }

    /// Streams an object wrapping the entries once `bytes` of it are in (default
    /// 1 MiB); a wrapper that closes before is read whole. Small values let tests
    /// stream small wrappers.
    pub fn stream_wrappers_after(mut self, bytes: usize) -> Self {
        self.wrap_at = bytes;
        self
    }

    /// Measures the store (after filing), and from it the bytes `buf` may hold
    /// (a wrapper's head takes its share).
    fn measure(&mut self, store: &Store) {
        self.store_heap = store.heap_bytes();
        self.limit = MAX_UNFILED
            .min(self.budget.saturating_sub(self.store_heap) / 2)
            .saturating_sub(self.head.capacity());
        self.check_memory();
    }

    /// Marks the body full when the store and what the body holds have reached
    /// the memory budget.
    fn check_memory(&mut self) {
        let held = self.buf.capacity() + self.head.capacity();
        if !self.full && self.store_heap + held >= self.budget {
            self.full = true;
            self.report.memory_limit = true;
        }
    }

    /// Makes room in `buf` for `len` more bytes: doubling, as a vector grows, but
    /// not past what it may hold.
    fn grow(&mut self, len: usize) {
        let need = self.buf.len() + len;
        if need > self.buf.capacity() {
            let want = (self.buf.capacity() * 2)
                .max(FIRST_PAGE + FIRST_PAGE / 8)
                .min(self.limit)
                .max(need);
            self.buf.reserve_exact(want - self.buf.len());
        }
    }

    /// True when the bytes held should be filed now: a page is full, or they
    /// have reached what the body may hold.
    fn due(&self) -> bool {
        self.buf.len() >= self.target.min(self.limit)
    }

    /// Adds received bytes. Returns true when they should be filed now
    /// ([`StreamIngest::process`]). Once the body is full, bytes are dropped.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        if self.full {
            return true;
        }
        self.grow(chunk.len());
        self.buf.extend_from_slice(chunk);
        self.due()
    }

    /// Adds `len` received bytes, written by `fill` straight into the buffer (no
    /// copy in between). Returns true when they should be filed now. Once the body
    /// is full, nothing is written.
    pub(crate) fn push_with(&mut self, len: usize, fill: impl FnOnce(&mut [u8])) -> bool {
        if self.full {
            return true;
        }
        self.grow(len);
        let at = self.buf.len();
        self.buf.resize(at + len, 0);
        fill(&mut self.buf[at..]);
        self.due()
    }

    /// Adds a whole body at once (no copy when nothing is buffered yet). The
    /// caller holds it already, so it is not capped.
    pub(crate) fn push_vec(&mut self, bytes: Vec<u8>) {
        if self.full {
            return;
        }
        if self.buf.is_empty() {
            self.buf = bytes;
        } else {
            self.buf.extend_from_slice(&bytes);
        }
    }

    /// Bytes buffered and not yet filed.
    #[cfg(test)]
    pub(crate) fn pending(&self) -> usize {
        self.buf.len()
    }

    /// Bytes this body may still take before it stops: what it holds unfiled counts
    /// against [`MAX_UNFILED`] and against the memory budget. 0 once it is full.
    pub(crate) fn room(&self) -> usize {
        if self.full {
            0
        } else {
            self.limit.saturating_sub(self.buf.len())
        }
    }

    /// True once the store holds as many entries as allowed: the rest of the body
    /// is not read.
    pub fn is_full(&self) -> bool {
        self.full
    }

    /// Files every complete entry buffered so far. Returns the entries added.
    pub fn process(&mut self, store: &mut Store) -> usize {
        let before = self.report.added;
        self.step(store, false);
        self.report.added - before
    }

    /// Ends the body: files the rest. An error when nothing at all could be loaded
    /// (the store is then as it was); otherwise the report, with the fault that
    /// ended the body early, if any.
    pub fn finish(mut self, store: &mut Store) -> Result<IngestReport, IngestError> {
        self.step(store, true);
        if self.in_rest()
            && let Some(skeleton) = self.read_rest(store)
        {
            // A whole read takes the entries from another array (a key that names
            // entries better, a repeated key): read the wrapper without the streamed
            // ones whole.
            store.rollback(self.start.clone());
            (self.buf, self.pos, self.mode, self.full) = (skeleton, 0, Mode::Whole, false);
            self.report = IngestReport::new(Shape::Array);
        }
        if self.mode == Mode::Whole && !self.full {
            let buf = std::mem::take(&mut self.buf);
            let r = ingest_whole(store, buf)?;
            self.report = IngestReport {
                duplicates: self.report.duplicates,
                ..r
            };
            if store.len() > self.max_rows {
                store.truncate_rows(self.max_rows);
                self.report.added -= self.report.added.min(store.len() - self.max_rows);
                self.full = true;
            }
            self.measure(store);
            return Ok(self.report);
        }
        if self.mode == Mode::Start && self.report.fault.is_none() && !self.full {
            self.report.fault = Some(IngestError::Empty);
        }
        if let Mode::Array(state) = self.mode
            && state != InArray::Closed
            && self.report.fault.is_none()
            && !self.full
        {
            let e = SyntaxError {
                offset: self.buf.len(),
                kind: ErrorKind::UnexpectedEnd,
            };
            let buf = std::mem::take(&mut self.buf);
            self.report.fault = Some(self.fault_in(store, &buf, e));
            self.buf = buf;
        }
        // What follows the last entry read (a value cut short, bytes after a stop)
        // is dropped.
        let mut page = std::mem::take(&mut self.buf);
        page.truncate(self.pos);
        if !page.is_empty() {
            store.keep_page(page);
        }
        self.report.invalid_utf8 = store.invalid_utf8 - self.utf8_before;
        let nothing = self.report.added == 0 && self.report.skipped == 0;
        match self.report.fault.take() {
            Some(e) if nothing && self.report.duplicates == 0 => {
                store.rollback(self.start);
                store.invalid_utf8 = self.utf8_before;
                Err(e)
            }
            fault => {
                self.report.fault = fault;
                Ok(self.report)
            }
        }
    }

    fn step(&mut self, store: &mut Store, last: bool) {
        if self.mode == Mode::Start
            && !last
            && !self.full
            && self.buf.len() >= self.wrap_at.min(self.limit)
        {
            self.open_wrapper();
        }
        // A long value cut short is read again only once the bytes have doubled; a
        // first value (a wrapper, mostly) only once a line starting an object came too.
        let wait = !last
            && (self.buf.len() < self.rescan_at || self.mode == Mode::Start && !self.object_line());
        if self.mode == Mode::Start && !self.full && !wait {
            if last && self.rescan_at > 0 {
                // A long first value, now whole: read whole (one scan, not two).
                self.mode = Mode::Whole;
            } else {
                self.detect(last);
            }
        }
        let cut = match self.mode {
            _ if wait => None,
            Mode::Start | Mode::Whole => None,
            Mode::Array(_) => Some(self.array(store, last)),
            Mode::Lines => Some(self.lines(store, last)),
        };
        match cut {
            Some(cut) if !last => self.keep(store, cut),
            Some(cut) => self.pos = cut,
            None => {}
        }
        if wait {
            self.check_memory();
        } else {
            self.measure(store);
            // What is left is one value cut short (or a body read whole).
            self.rescan_at = if self.buf.len() > LONG_VALUE {
                (2 * self.buf.len()).min(self.limit)
            } else {
                0
            };
        }
        if !self.full {
            if !last && self.buf.len() >= self.limit {
                self.stop_unfiled(store, self.limit);
            } else if self.in_rest() && self.buf.len() - self.pos > MAX_REST {
                // Checked at the end too: the same body stops alike in any chunks.
                self.stop_unfiled(store, MAX_REST);
            }
        }
    }

    /// True while a streamed wrapper's entries are all read and its rest arrives.
    fn in_rest(&self) -> bool {
        !self.head.is_empty()
            && self.mode == Mode::Array(InArray::Closed)
            && self.report.fault.is_none()
    }

    /// Reads a first value still open on as an array if it is an object whose
    /// bytes end inside its array of entries ([`open_entries`]); the bytes before
    /// the entries become the head. Otherwise looks again once the bytes doubled.
    fn open_wrapper(&mut self) {
        let (start, first) = first_value(&self.buf);
        let len = self.buf.len();
        let found = match first {
            Some(b'{') => open_entries(&self.buf, start, |e| cut_off(e, len, false)),
            _ => Ok(None),
        };
        let Ok(Some((path, at, depth))) = found else {
            self.wrap_at = 2 * len;
            return;
        };
        self.head = self.buf[..=at].to_vec();
        self.buf.drain(..=at);
        // Positions in the body count the head's lines (nothing is filed yet).
        let p = &mut self.lines;
        advance(&mut p.line, &mut p.col, &self.head);
        (p.off, p.buf_line, p.buf_col) = (0, p.line, p.col);
        (self.base, self.pos, self.depth, self.rescan_at) = (at + 1, 0, depth, 0);
        self.mode = Mode::Array(InArray::First);
        self.report.shape = Shape::Wrapped(path);
        // The members before the entries, in case the body stops before the rest:
        // the head closed (`]` and a `}` per object open around the array).
        let closed = [&self.head[..], b"]", &b"}}"[..depth - 2]].concat();
        if let Ok(o) = outside_entries(&closed, start) {
            (self.report.meta, self.report.total) = (o.meta, o.total);
        }
    }

    /// Reads the rest of a streamed wrapper (in `buf` from `pos`) with its head:
    /// the paging members and the total come out as a whole read gives them. A
    /// fault there is reported (unless the body stopped early: the rest did not
    /// all arrive); the entries stay. Returns the wrapper with its streamed
    /// entries left out when a whole read would take the entries from another array.
    fn read_rest(&mut self, store: &Store) -> Option<Vec<u8>> {
        let head = std::mem::take(&mut self.head);
        let skeleton = [&head[..], b"]", &self.buf[self.pos..]].concat();
        let (start, _) = first_value(&head);
        let outside = outside_entries(&skeleton, start).and_then(|o| {
            let end = Scanner::at(&skeleton, o.end).end();
            (self.report.meta, self.report.total) = (o.meta, o.total);
            end.map(|()| o.entries)
        });
        match outside {
            Ok(Some((_, at))) if at != head.len() - 1 => Some(skeleton),
            Ok(_) => None,
            Err(_) if self.full => None,
            Err(e) => {
                // From the skeleton to `buf`: the rest follows the `]` put after the head.
                let e = SyntaxError {
                    offset: self.pos + e.offset.saturating_sub(head.len() + 1),
                    ..e
                };
                let buf = std::mem::take(&mut self.buf);
                self.report.fault = Some(self.fault_in(store, &buf, e));
                self.buf = buf;
                None
            }
        }
    }

    /// True unless a long first value is still read and no line starting an object
    /// (the second of an NDJSON body) has arrived since last looked.
    fn object_line(&mut self) -> bool {
        if self.rescan_at == 0 {
            return true;
        }
        let from = self.looked.saturating_sub(1);
        self.looked = self.buf.len();
        next_object_line(&self.buf, from) < self.buf.len()
    }

    /// Stops a body that holds as much unfiled as it may (`limit`): the value cut
    /// short and the rest of the body are not read.
    fn stop_unfiled(&mut self, store: &Store, limit: usize) {
        let what = match self.mode {
            _ if self.in_rest() => Oversized::Wrapper,
            Mode::Array(_) | Mode::Lines => Oversized::Entry,
            Mode::Start | Mode::Whole => self.first_value_fault(store),
        };
        self.full = true;
        self.report.memory_limit = true;
        if self.report.fault.is_none() {
            self.report.fault = Some(IngestError::TooLarge { what, limit });
        }
    }

    /// Says why a first value held whole cannot be read: the fault if it is not
    /// JSON or broken before its end, else that it is too large.
    fn first_value_fault(&mut self, store: &Store) -> Oversized {
        let (start, first) = first_value(&self.buf);
        let len = self.buf.len();
        match first {
            Some(b'{') => {
                if let Err(e) = open_entries(&self.buf, start, |e| cut_off(e, len, false)) {
                    let buf = std::mem::take(&mut self.buf);
                    self.report.fault = Some(self.fault_in(store, &buf, e));
                    self.buf = buf;
                }
            }
            Some(b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n') | None => {}
            Some(_) => self.report.fault = Some(not_json(&self.buf, start, self.quote)),
        }
        Oversized::First
    }

    /// Decides the shape from the first bytes, once they tell.
    fn detect(&mut self, last: bool) {
        let b = &self.buf;
        const BOM: &[u8] = b"\xEF\xBB\xBF";
        if !last && b.len() < BOM.len() && BOM.starts_with(b) {
            return;
        }
        let mut sc = Scanner::at(b, if b.starts_with(BOM) { 3 } else { 0 });
        sc.ws();
        match sc.peek() {
            None => {}
            Some(b'[') => {
                self.pos = sc.pos + 1;
                self.mode = Mode::Array(InArray::First);
            }
            Some(b'{') => {
                let start = sc.pos;
                let first = sc.skip_value(1);
                sc.ws();
                self.mode = match (first, sc.peek()) {
                    (Ok(()), Some(b'{')) => Mode::Lines,
                    (Ok(()), None) if !last => Mode::Start,
                    (Ok(()), _) => Mode::Whole,
                    // Cut short: looked at again as more arrives (see `step`).
                    (Err(e), _) if cut_off(&e, b.len(), last) => Mode::Start,
                    // A broken first line followed by more objects: a stream.
                    (Err(_), _) if next_object_line(b, start) < b.len() => Mode::Lines,
                    (Err(_), _) if last => Mode::Whole,
                    (Err(_), _) => Mode::Start,
                };
                if self.mode == Mode::Lines {
                    self.pos = start;
                    self.report.shape = Shape::Ndjson;
                }
            }
            Some(_) => self.mode = Mode::Whole,
        }
        if self.mode == Mode::Whole {
            // Read whole at the end: no page-sized cuts.
            self.target = usize::MAX;
        }
    }

    /// Reads array elements from `pos`; returns the offset up to which bytes are done.
    fn array(&mut self, store: &mut Store, last: bool) -> usize {
        let Mode::Array(mut state) = self.mode else {
            return self.pos;
        };
        if self.report.fault.is_some() {
            // Read nothing after a fault: a second look would replace it.
            return self.pos;
        }
        let page = store.next_page();
        let bytes = std::mem::take(&mut self.buf);
        let mut sc = Scanner::at(&bytes, self.pos);
        let (mut cut, mut cut_state) = (self.pos, state);
        loop {
            sc.ws();
            let Some(c) = sc.peek() else { break };
            match state {
                // The rest of a streamed wrapper is read at the end.
                InArray::Closed if !self.head.is_empty() => break,
                InArray::Closed => {
                    let e = SyntaxError {
                        offset: sc.pos,
                        kind: ErrorKind::TrailingContent(json::Found(c)),
                    };
                    self.report.fault = Some(self.fault_in(store, &bytes, e));
                    break;
                }
                InArray::After if c == b',' => {
                    sc.pos += 1;
                    state = InArray::Next;
                }
                InArray::After | InArray::First if c == b']' => {
                    sc.pos += 1;
                    state = InArray::Closed;
                    (cut, cut_state) = (sc.pos, state);
                }
                InArray::After => {
                    let e = sc
                        .expected::<()>("',' or ']' after an array element")
                        .unwrap_err();
                    self.report.fault = Some(self.fault_in(store, &bytes, e));
                    break;
                }
                InArray::First | InArray::Next => {
                    if self.full {
                        break;
                    }
                    let at = sc.pos;
                    if self.index == 1024 {
                        // Size the columns for the rest of these bytes from what 1024 entries took.
                        let per_entry = (self.base + at) / 1024 + 1;
                        store.reserve_rows((bytes.len() - at) / per_entry);
                    }
                    let read = if c == b'{' {
                        self.entry(store, &bytes, &mut sc, page, self.depth)
                    } else {
                        scalar(&mut sc, self.depth - 1, last).map(|()| {
                            let what = type_name(c);
                            let n = self.index + 1;
                            self.skip(
                                store,
                                &bytes,
                                at,
                                format!("element {n} is {what}, not an object"),
                            );
                        })
                    };
                    if let Err(e) = read {
                        if !cut_off(&e, bytes.len(), last) {
                            self.report.fault = Some(self.fault_in(store, &bytes, e));
                        }
                        break;
                    }
                    self.index += 1;
                    state = InArray::After;
                    (cut, cut_state) = (sc.pos, state);
                }
            }
        }
        self.buf = bytes;
        self.mode = Mode::Array(if last { state } else { cut_state });
        if self.report.fault.is_some() {
            // Nothing after a fault is read.
            self.mode = Mode::Array(InArray::Closed);
            self.full = true;
        }
        cut
    }

    /// Reads objects from `pos`, skipping broken ones; returns the offset up to
    /// which bytes are done.
    fn lines(&mut self, store: &mut Store, last: bool) -> usize {
        let page = store.next_page();
        let bytes = std::mem::take(&mut self.buf);
        let mut sc = Scanner::at(&bytes, self.pos);
        let mut cut = self.pos;
        loop {
            sc.ws();
            let at = sc.pos;
            let Some(first) = sc.peek() else {
                cut = at;
                break;
            };
            if self.full {
                break;
            }
            let read = if first == b'{' {
                self.entry(store, &bytes, &mut sc, page, 1)
            } else {
                scalar(&mut sc, 0, last).map(|()| {
                    let what = type_name(first);
                    self.skip(store, &bytes, at, format!("found {what}, not an object"));
                })
            };
            match read {
                Ok(()) => cut = sc.pos,
                Err(e) if cut_off(&e, bytes.len(), last) => break,
                Err(e) => {
                    let next = next_record_line(&bytes, at);
                    if next >= bytes.len() && !last {
                        break; // where the broken record ends is not known yet
                    }
                    // The record's line may have begun in a page filed before: its
                    // column comes from the whole body.
                    let (_, at_col) = self.position(store, &bytes, at);
                    let rel = &bytes[at..e.offset.max(at)];
                    let (line, col) = match memchr::memrchr(b'\n', rel) {
                        None => (1, at_col + chars(rel)),
                        Some(nl) => (
                            1 + memchr::memchr_iter(b'\n', rel).count(),
                            1 + chars(&rel[nl + 1..]),
                        ),
                    };
                    let where_ = if line == 1 {
                        format!("column {col}")
                    } else {
                        format!("line {line} of the entry, column {col}")
                    };
                    self.skip(
                        store,
                        &bytes,
                        at,
                        format!("invalid JSON at {where_}: {}", e.kind.describe(self.quote)),
                    );
                    sc.pos = next;
                    cut = next;
                }
            }
        }
        self.buf = bytes;
        cut
    }

    /// Adds the object at the scanner (`depth` levels deep) as an entry, unless an
    /// earlier response already delivered it or the store is full.
    fn entry(
        &mut self,
        store: &mut Store,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        page: u32,
        depth: usize,
    ) -> Result<(), SyntaxError> {
        if store.add_new_entry(bytes, sc, page, depth)? {
            self.report.added += 1;
            self.full = store.len() >= self.max_rows;
        } else {
            self.report.duplicates += 1;
        }
        Ok(())
    }

    /// Files `buf[..cut]` as a store page and keeps the rest for later.
    fn keep(&mut self, store: &mut Store, cut: usize) {
        if cut == 0 {
            return;
        }
        let target = (self.target * 2).min(MAX_PAGE);
        let room = (target + target / 8).min(self.limit);
        let mut rest = Vec::with_capacity(room.max(self.buf.len() - cut));
        rest.extend_from_slice(&self.buf[cut..]);
        let mut page = std::mem::replace(&mut self.buf, rest);
        page.truncate(cut);
        store.keep_page(page);
        self.base += cut;
        self.pos -= self.pos.min(cut);
        self.target = target;
    }

    fn skip(&mut self, store: &Store, bytes: &[u8], at: usize, reason: String) {
        let listed = self.report.skips.len() < MAX_LISTED_SKIPS;
        let line = if listed {
            self.position(store, bytes, at).0
        } else {
            0
        };
        self.report.skip(|| line, reason);
    }

    /// Line and column (1-based, in characters) in the whole body of offset `at`
    /// of `bytes`, the unfiled bytes; counted on from the last call.
    fn position(&mut self, store: &Store, bytes: &[u8], at: usize) -> (usize, usize) {
        let p = &mut self.lines;
        while self.first_page + p.pages < store.next_page() {
            advance(
                &mut p.line,
                &mut p.col,
                &store.page(self.first_page + p.pages),
            );
            p.pages += 1;
            (p.off, p.buf_line, p.buf_col) = (0, p.line, p.col);
        }
        let at = at.min(bytes.len());
        if at < p.off {
            (p.off, p.buf_line, p.buf_col) = (0, p.line, p.col);
        }
        advance(&mut p.buf_line, &mut p.buf_col, &bytes[p.off..at]);
        p.off = at;
        (p.buf_line, p.buf_col + 1)
    }

    /// The error for syntax error `e` at offset `e.offset` of the unfiled bytes.
    fn fault_in(&mut self, store: &Store, bytes: &[u8], e: SyntaxError) -> IngestError {
        let (line, column) = self.position(store, bytes, e.offset);
        match invalid(bytes, e, self.quote) {
            IngestError::Invalid {
                message, excerpt, ..
            } => IngestError::Invalid {
                line,
                column,
                offset: self.base + e.offset,
                message,
                excerpt,
            },
            other => other,
        }
    }
}

/// The offset of the first value in `b` (after a BOM and white space) and its first byte.
fn first_value(b: &[u8]) -> (usize, Option<u8>) {
    let bom = if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let mut sc = Scanner::at(b, bom);
    sc.ws();
    (sc.pos, sc.peek())
}

/// Skips a value that is not an object. A number that reaches the end of what
/// arrived may go on in the next chunk, so it only counts once more follows.
fn scalar(sc: &mut Scanner<'_>, depth: usize, last: bool) -> Result<(), SyntaxError> {
    sc.skip_value(depth)?;
    if !last && sc.pos >= sc.bytes.len() {
        return Err(SyntaxError {
            offset: sc.pos,
            kind: ErrorKind::UnexpectedEnd,
        });
    }
    Ok(())
}

/// Where counting lines has got to (see [`StreamIngest::position`]).
#[derive(Clone, Copy, Debug)]
struct LineCount {
    /// Pages of this body counted.
    pages: u32,
    /// Line and column (0-based, in characters) after them.
    line: usize,
    col: usize,
    /// Offset counted in the unfiled bytes, and the line and column there.
    off: usize,
    buf_line: usize,
    buf_col: usize,
}

impl Default for LineCount {
    fn default() -> Self {
        LineCount {
            pages: 0,
            line: 1,
            col: 0,
            off: 0,
            buf_line: 1,
            buf_col: 0,
        }
    }
}

/// Moves a line and column past `bytes`.
fn advance(line: &mut usize, col: &mut usize, bytes: &[u8]) {
    match memchr::memrchr(b'\n', bytes) {
        Some(nl) => {
            *line += memchr::memchr_iter(b'\n', bytes).count();
            *col = chars(&bytes[nl + 1..]);
        }
        None => *col += chars(bytes),
    }
}

/// Characters in `b`, one per invalid UTF-8 sequence, as [`json::position`] counts them.
fn chars(b: &[u8]) -> usize {
    b.utf8_chunks()
        .map(|c| c.valid().chars().count() + usize::from(!c.invalid().is_empty()))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `body` in chunks of `n` bytes, filing after each.
    fn feed(body: &str, n: usize) -> (Store, Result<IngestReport, IngestError>) {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX);
        for chunk in body.as_bytes().chunks(n.max(1)) {
            s.push(chunk);
            s.process(&mut store);
        }
        let r = s.finish(&mut store);
        (store, r)
    }

    fn ids(s: &Store) -> Vec<String> {
        let Some(n) = s.find("id") else { return vec![] };
        (0..s.len() as u32)
            .map(|r| s.cell(r, n).text().into_owned())
            .collect()
    }

    fn array_of(n: usize) -> String {
        let items: Vec<String> = (0..n)
            .map(|i| {
                format!(r#"{{"id":"e{i}","text":"caf\u00e9 ☕ {i}","n":{i}.5,"ok":true,"x":null}}"#)
            })
            .collect();
        format!("[{}]", items.join(",\n "))
    }

    #[test]
    fn an_array_in_chunks_of_any_size_loads_every_entry_once_with_its_exact_bytes() {
        let body = array_of(40);
        for n in [1, 2, 3, 7, 64, 1000, body.len()] {
            let (s, r) = feed(&body, n);
            let r = r.unwrap();
            assert_eq!(r.added, 40, "chunks of {n}");
            assert_eq!(r.shape, Shape::Array);
            assert_eq!(
                ids(&s),
                (0..40).map(|i| format!("e{i}")).collect::<Vec<_>>()
            );
            assert_eq!(
                s.entry_bytes(39),
                r#"{"id":"e39","text":"caf\u00e9 ☕ 39","n":39.5,"ok":true,"x":null}"#.as_bytes()
            );
            assert!(r.fault.is_none());
        }
    }

    #[test]
    fn ndjson_in_chunks_skips_only_the_broken_lines_and_numbers_them() {
        let body = "{\"id\":\"a\"}\n{\"id\": broken}\n\n{\"id\":\"b\"}\r\n42\n{\"id\":\"c\"}";
        for n in [1, 3, 5, 100] {
            let (s, r) = feed(body, n);
            let r = r.unwrap();
            assert_eq!(ids(&s), ["a", "b", "c"], "chunks of {n}");
            assert_eq!(r.shape, Shape::Ndjson);
            assert_eq!(r.skipped, 2);
            let lines: Vec<usize> = r.skips.iter().map(|k| k.line).collect();
            assert_eq!(lines, [2, 5], "chunks of {n}");
        }
    }

    #[test]
    fn pages_are_filed_while_the_body_arrives() {
        let body = array_of(3000);
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX);
        let mut seen_early = 0;
        for chunk in body.as_bytes().chunks(16 * 1024) {
            if s.push(chunk) {
                s.process(&mut store);
            }
            if seen_early == 0 && !store.is_empty() {
                seen_early = store.len();
            }
        }
        assert!(
            seen_early > 0 && seen_early < 3000,
            "entries before the end: {seen_early}"
        );
        assert!(s.pending() < 2 * MAX_PAGE);
        assert_eq!(s.finish(&mut store).unwrap().added, 3000);
    }

    #[test]
    fn a_body_cut_short_keeps_every_complete_entry_and_says_where_it_ended() {
        let body = array_of(10);
        let cut = &body[..body.find("\"e7\"").unwrap() + 3];
        let (s, r) = feed(cut, 50);
        let r = r.unwrap();
        assert_eq!(r.added, 7);
        assert_eq!(ids(&s).last().map(String::as_str), Some("e6"));
        let fault = r.fault.unwrap().to_string();
        assert!(fault.contains("unexpected end of input"), "{fault}");
        assert!(fault.starts_with("invalid JSON at line 8,"), "{fault}");
    }

    #[test]
    fn broken_json_after_entries_keeps_them_and_names_the_line_and_column() {
        let (s, r) = feed("[\n  {\"id\":\"a\"},\n  {\"id\" \"b\"}\n]", 4);
        let r = r.unwrap();
        assert_eq!(ids(&s), ["a"]);
        let fault = r.fault.unwrap();
        assert!(
            fault
                .to_string()
                .starts_with("invalid JSON at line 3, column 9 (byte 24): expected ':'"),
            "{fault}"
        );
    }

    #[test]
    fn broken_json_before_any_entry_loads_nothing() {
        let (s, r) = feed("[{\"id\" 1}]", 3);
        assert!(
            matches!(
                r,
                Err(IngestError::Invalid {
                    line: 1,
                    column: 8,
                    ..
                })
            ),
            "{r:?}"
        );
        assert!(s.is_empty());
        assert_eq!(s.next_page(), 0, "no page kept");
    }

    #[test]
    fn a_wrapper_is_read_whole_with_its_metadata() {
        let body = r#"{"items":[{"id":"a"},{"id":"b"}],"next":"https://x.test/p2","links":{"next":null},"total":9}"#;
        let (s, r) = feed(body, 5);
        let r = r.unwrap();
        assert_eq!(ids(&s), ["a", "b"]);
        assert_eq!(r.shape, Shape::Wrapped("items".into()));
        assert_eq!(r.meta("next"), Some("https://x.test/p2"));
        assert!(r.has_meta("links.next") && r.meta("links.next").is_none());
        assert_eq!(r.total, Some(9));
    }

    #[test]
    fn a_single_object_is_one_entry_and_html_is_named() {
        let (s, r) = feed(r#"{"id":"only"}"#, 4);
        assert_eq!((r.unwrap().added, ids(&s)), (1, vec!["only".to_string()]));
        let (_, r) = feed("<!doctype html><p>login", 4);
        assert!(matches!(
            r,
            Err(IngestError::NotJson {
                looks_like: "an HTML page",
                ..
            })
        ));
        let (_, r) = feed("  ", 1);
        assert_eq!(r.unwrap_err(), IngestError::Empty);
    }

    #[test]
    fn the_entry_limit_stops_reading() {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, 5);
        s.push(array_of(20).as_bytes());
        s.process(&mut store);
        assert!(s.is_full());
        let r = s.finish(&mut store).unwrap();
        assert_eq!((store.len(), r.added), (5, 5));
        assert!(r.fault.is_none(), "stopping at the limit is not a fault");
    }

    #[test]
    fn the_memory_budget_stops_reading_a_body_and_keeps_what_was_filed() {
        let body = array_of(20_000);
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX).with_budget(&store, 400_000);
        let mut read = 0;
        for c in body.as_bytes().chunks(4096) {
            s.push(c);
            s.process(&mut store);
            read += c.len();
            if s.is_full() {
                break;
            }
        }
        assert!(s.is_full() && read < body.len(), "stopped early at {read}");
        let r = s.finish(&mut store).unwrap();
        assert!(r.memory_limit && r.fault.is_none());
        assert_eq!(r.added, store.len());
        assert!(store.len() > 100 && store.len() < 20_000, "{}", store.len());
        assert_eq!(
            ids(&store)[store.len() - 1],
            format!("e{}", store.len() - 1)
        );
    }

    #[test]
    fn a_repeated_response_adds_nothing_when_duplicates_are_tracked() {
        let mut store = Store::new();
        let body = array_of(6);
        let mut s = StreamIngest::new(&store, usize::MAX);
        s.push(body.as_bytes());
        s.finish(&mut store).unwrap();
        store.track_duplicates();
        for n in [1, 13, 4096] {
            store.begin_response();
            let mut s = StreamIngest::new(&store, usize::MAX);
            for c in body.as_bytes().chunks(n) {
                s.push(c);
                s.process(&mut store);
            }
            let r = s.finish(&mut store).unwrap();
            assert_eq!((r.added, r.duplicates), (0, 6), "chunks of {n}");
        }
        assert_eq!(store.len(), 6);
    }

    /// What a store holds besides its rows: key paths, columns and every
    /// dictionary's values.
    fn shape_of(s: &Store) -> (Vec<String>, Vec<usize>, Vec<bool>) {
        (
            s.nodes().iter().map(|n| n.path.clone()).collect(),
            s.leaves().iter().map(|l| l.dict.len()).collect(),
            s.nodes().iter().map(|n| n.container).collect(),
        )
    }

    #[test]
    fn a_failed_body_rolls_back_rows_paths_and_values_and_its_retry_loads_every_entry() {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX);
        s.push(br#"[{"id":"a","n":1}]"#);
        s.finish(&mut store).unwrap();
        store.track_duplicates();
        let before = shape_of(&store);
        let good = r#"[{"id":"b","n":{"deep":"v"},"new":{"k":"v"}},{"id":"c"}]"#;
        // Cut inside the first entry: nothing complete arrived.
        for cut in [20, 38, 42] {
            store.begin_response();
            let mut s = StreamIngest::new(&store, usize::MAX);
            s.push(&good.as_bytes()[..cut]);
            s.process(&mut store);
            assert!(s.finish(&mut store).is_err(), "cut at {cut}");
            assert_eq!(store.len(), 1);
            assert_eq!(
                shape_of(&store),
                before,
                "nothing of the cut at {cut} is left"
            );
            assert_eq!(store.find("new.k"), None);
        }
        store.begin_response();
        let mut s = StreamIngest::new(&store, usize::MAX);
        s.push(good.as_bytes());
        let r = s.finish(&mut store).unwrap();
        assert_eq!((r.added, r.duplicates), (2, 0));
        assert_eq!(ids(&store), ["a", "b", "c"]);
    }

    #[test]
    fn a_broken_or_repeated_line_leaves_no_column_or_value_behind() {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX);
        s.push(b"{\"id\":\"a\"}\n");
        s.finish(&mut store).unwrap();
        store.track_duplicates();
        let before = shape_of(&store);
        store.begin_response();
        let mut s = StreamIngest::new(&store, usize::MAX);
        // A line cut short after a new key and a new value, then an old entry again.
        s.push(b"{\"id\":\"zz\",\"extra\":{\"k\":1\n{\"id\":\"a\"}\n");
        let r = s.finish(&mut store).unwrap();
        assert_eq!((r.added, r.skipped, r.duplicates), (0, 1, 1));
        assert_eq!(shape_of(&store), before);
    }

    #[test]
    fn a_fault_found_before_the_last_chunk_is_the_one_reported() {
        let body = "[{\"a\":1},\n {\"b\" 2}, {\"c\":3}]";
        for n in [1, 5, 20, body.len()] {
            let (s, r) = feed(body, n);
            let fault = r.unwrap().fault.unwrap();
            assert!(
                matches!(&fault, IngestError::Invalid { line: 2, column: 7, offset: 16, message, .. }
                    if message.starts_with("expected ':'")),
                "chunks of {n}: {fault:?}"
            );
            assert_eq!(s.len(), 1);
        }
    }

    #[test]
    fn a_broken_record_after_an_entry_on_its_line_has_its_column_in_the_line() {
        let body = "{\"id\":\"a\"}\n{\"id\":\"b\"} ,\n{\"id\":\"c\"}\n";
        for n in [1, 3, 22, body.len()] {
            let (s, r) = feed(body, n);
            let r = r.unwrap();
            assert_eq!(ids(&s), ["a", "b", "c"], "chunks of {n}");
            assert_eq!(r.skips.len(), 1);
            assert_eq!(r.skips[0].line, 2);
            assert!(
                r.skips[0].reason.starts_with("invalid JSON at column 12:"),
                "chunks of {n}: {}",
                r.skips[0].reason
            );
        }
    }

    #[test]
    fn columns_count_an_invalid_utf8_sequence_as_one_character_as_position_does() {
        let body = b"[{\"a\":\"\x80\x80\xE2\x82\"} x]";
        let at = body.iter().position(|&b| b == b'x').unwrap();
        for n in [1, 4, body.len()] {
            let mut store = Store::new();
            let mut s = StreamIngest::new(&store, usize::MAX);
            for c in body.chunks(n) {
                s.push(c);
                s.process(&mut store);
            }
            let fault = s.finish(&mut store).unwrap().fault.unwrap();
            let IngestError::Invalid { column, offset, .. } = fault else {
                panic!("{fault:?}")
            };
            assert_eq!(
                (offset, column),
                (at, json::position(body, at).1),
                "chunks of {n}"
            );
            assert_eq!(column, 14);
        }
    }

    #[test]
    fn a_bom_and_trailing_content_after_the_array() {
        let (s, r) = feed("\u{FEFF}[{\"id\":\"a\"}] x", 2);
        let r = r.unwrap();
        assert_eq!(ids(&s), ["a"]);
        assert!(r.fault.unwrap().to_string().contains("after the end"));
    }

    /// A budget a few MB of body overrun.
    const SMALL: usize = 2_000_000;

    /// Feeds `body` to `store` held to `budget`, in chunks of 4 KiB as the page
    /// does: filing when due, stopping once full. Returns the outcome, the bytes
    /// read and the most the body held unfiled at any time.
    fn feed_held(
        store: &mut Store,
        body: &[u8],
        budget: usize,
    ) -> (Result<IngestReport, IngestError>, usize, usize) {
        let mut s = StreamIngest::new(store, usize::MAX).with_budget(store, budget);
        let (mut read, mut most) = (0, 0);
        for c in body.chunks(4096) {
            if s.is_full() {
                break;
            }
            read += c.len();
            if s.push(c) {
                s.process(store);
            }
            most = most.max(s.pending());
        }
        (s.finish(store), read, most)
    }

    /// Entries `from..to` of about 200 bytes, joined by `sep`.
    fn padded(from: usize, to: usize, sep: &str) -> String {
        let items: Vec<String> = (from..to)
            .map(|i| format!(r#"{{"id":"e{i}","msg":"{}"}}"#, "m".repeat(180)))
            .collect();
        items.join(sep)
    }

    fn in_order(s: &Store) -> bool {
        ids(s)
            .iter()
            .enumerate()
            .all(|(i, id)| *id == format!("e{i}"))
    }

    // Bug (issue 28, item 9): a wrapper that never closes was buffered outside the
    // memory budget until the tab ran out of memory, and every entry was lost.
    #[test]
    fn a_wrapper_that_never_closes_stops_within_the_budget_and_keeps_its_complete_entries() {
        for (head, path) in [
            ("{\"total\":9,\"logs\":[\n", "logs"),
            ("{\"data\":{\"page\":1,\"items\":[", "data.items"),
        ] {
            let body = format!("{head}{}", padded(0, 60_000, ",\n"));
            let mut store = Store::new();
            let (r, read, most) = feed_held(&mut store, body.as_bytes(), SMALL);
            // Filed pages are packed: the budget holds more than its size of these.
            assert!(read < body.len() / 2, "stopped early, at {read}");
            assert!(most <= SMALL / 2 + 4096, "held {most} unfiled");
            let r = r.unwrap();
            assert_eq!(r.shape, Shape::Wrapped(path.into()));
            // Streamed as an array is: stopping at the budget is not a fault.
            assert!(r.memory_limit && r.fault.is_none(), "{r:?}");
            assert_eq!(r.total, (path == "logs").then_some(9), "from the head");
            assert!(r.added > 1000 && r.added == store.len(), "{}", r.added);
            assert!(in_order(&store));
            assert!(store.heap_bytes() <= SMALL, "{}", store.heap_bytes());
        }
    }

    // Bug (issue 28, item 9): NDJSON whose first entry is longer than the look-ahead
    // was taken for a wrapper and buffered whole, past the budget.
    #[test]
    fn ndjson_whose_first_entry_is_longer_than_the_look_ahead_streams_within_the_budget() {
        let first = format!(
            r#"{{"id":"e0","pad":"{}"}}"#,
            "x".repeat(LONG_VALUE + 100_000)
        );
        let body = format!("{first}\n{}", padded(1, 60_000, "\n"));
        let budget = 4_000_000;
        let mut store = Store::new();
        let (r, read, most) = feed_held(&mut store, body.as_bytes(), budget);
        assert!(read < body.len() / 2, "stopped early, at {read}");
        assert!(most <= budget / 2 + 4096, "held {most} unfiled");
        let r = r.unwrap();
        assert_eq!(r.shape, Shape::Ndjson);
        assert!(r.memory_limit && r.fault.is_none(), "{r:?}");
        assert!(r.added > 1000 && r.added == store.len(), "{}", r.added);
        assert!(in_order(&store));
    }

    // Bug (issue 28, item 9): a first value bigger than a body may hold was buffered
    // whole, past the budget.
    #[test]
    fn a_first_value_bigger_than_a_body_may_hold_is_a_clear_error_and_keeps_earlier_pages() {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX);
        s.push(array_of(5).as_bytes());
        s.finish(&mut store).unwrap();
        let body = format!(r#"{{"id":"big","pad":"{}"#, "x".repeat(12_000_000));
        let (r, read, most) = feed_held(&mut store, body.as_bytes(), SMALL);
        assert!(read < body.len() / 4, "stopped early, at {read}");
        assert!(most <= SMALL / 2 + 4096, "held {most} unfiled");
        let e = r.unwrap_err().to_string();
        assert!(
            e.starts_with("the first value of the response (an entry, or an object wrapping the entries) is larger than 976 KB"),
            "{e}"
        );
        assert_eq!(store.len(), 5, "the earlier page stays");
    }

    // Bug (issue 28, item 9): a line or an array element that never ends was held up to
    // the whole budget and reported only as the memory limit, not as what it was.
    #[test]
    fn an_entry_that_never_ends_stops_with_every_entry_before_it_in_either_stream() {
        let big = format!(r#"{{"id":"big","pad":"{}"#, "x".repeat(12_000_000));
        for (body, shape) in [
            (format!("{}\n{big}", padded(0, 100, "\n")), Shape::Ndjson),
            (format!("[{},\n{big}", padded(0, 100, ",\n")), Shape::Array),
            (
                format!("{{\"logs\":[{},\n{big}", padded(0, 100, ",\n")),
                Shape::Wrapped("logs".into()),
            ),
        ] {
            let mut store = Store::new();
            let (r, read, most) = feed_held(&mut store, body.as_bytes(), SMALL);
            assert!(read < body.len() / 4, "stopped early, at {read}");
            assert!(most <= SMALL / 2 + 4096, "held {most} unfiled");
            let r = r.unwrap();
            assert_eq!((r.shape, r.added, store.len()), (shape, 100, 100));
            assert!(in_order(&store));
            assert!(r.memory_limit);
            let fault = r.fault.unwrap().to_string();
            assert!(fault.starts_with("an entry is larger than"), "{fault}");
        }
    }

    // Bug: a first value stopped at its cap right after a member's ':' panicked,
    // reading the value that had not arrived.
    #[test]
    fn a_first_value_cut_right_after_a_colon_at_its_cap_is_too_large_not_a_panic() {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX).with_budget(&store, SMALL);
        let (head, tail) = (r#"{"pad":""#, r#"","k":"#);
        let pad = "x".repeat(s.room() - head.len() - tail.len());
        s.push(format!("{head}{pad}{tail}").as_bytes());
        s.process(&mut store);
        assert!(s.is_full());
        let e = s.finish(&mut store).unwrap_err().to_string();
        assert!(e.starts_with("the first value of the response"), "{e}");
    }

    #[test]
    fn room_is_what_a_body_may_still_take_within_the_cap_and_the_budget() {
        let mut store = Store::new();
        assert_eq!(StreamIngest::new(&store, usize::MAX).room(), MAX_UNFILED);
        let mut s = StreamIngest::new(&store, usize::MAX).with_budget(&store, SMALL);
        let room = s.room();
        assert!(room <= SMALL / 2 && room > SMALL / 4, "{room}");
        s.push(b"[{\"id\":\"e0\"},{\"id");
        assert_eq!(s.room(), room - 17);
        s.process(&mut store);
        assert!(s.room() < room, "filed entries take room too");
        s.push(&vec![b'x'; SMALL]);
        s.process(&mut store);
        assert!(s.is_full());
        assert_eq!(s.room(), 0);
    }

    #[test]
    fn a_body_past_what_it_may_hold_that_is_not_json_or_is_broken_says_that_instead() {
        let mut store = Store::new();
        let html = format!("<!doctype html><p>{}", "x".repeat(4_000_000));
        let (r, read, _) = feed_held(&mut store, html.as_bytes(), SMALL);
        assert!(read < html.len() / 2, "stopped early, at {read}");
        assert!(
            matches!(
                r,
                Err(IngestError::NotJson {
                    looks_like: "an HTML page",
                    ..
                })
            ),
            "{r:?}"
        );
        let broken = format!("{{\"logs\" [{}", padded(0, 20_000, ","));
        let (r, read, _) = feed_held(&mut store, broken.as_bytes(), SMALL);
        assert!(read < broken.len() / 2, "stopped early, at {read}");
        assert!(
            matches!(
                &r,
                Err(IngestError::Invalid {
                    line: 1,
                    column: 9,
                    ..
                })
            ),
            "{r:?}"
        );
        assert!(store.is_empty());
    }

    /// A wrapper of 60,000 entries of about 200 bytes (12 MB), with paging members
    /// before and after them.
    fn big_wrapper() -> String {
        format!(
            "{{\"nextPageToken\":\"tok-head\",\"meta\":{{\"page\":1}},\"logs\":[\n{}\n],\n\"total\":60000,\"links\":{{\"next\":\"/audit?page=2\"}},\"next\":null}}\n",
            padded(0, 60_000, ",\n")
        )
    }

    // Bug: a wrapper bigger than a body may hold unfiled (MAX_UNFILED, or half the
    // room left) stopped there with TooLarge and a partial log, where it used to
    // load whole (a 1M-entry wrapped dump kept 652,060 entries).
    #[test]
    fn a_wrapper_bigger_than_a_body_may_hold_streams_every_entry_and_reads_its_members_on_both_sides()
     {
        let body = big_wrapper();
        let budget = 16_000_000;
        assert!(budget / 2 < body.len(), "the body is bigger than the cap");
        let mut store = Store::new();
        let (r, read, most) = feed_held(&mut store, body.as_bytes(), budget);
        let r = r.unwrap();
        assert_eq!(read, body.len());
        assert!(r.fault.is_none() && !r.memory_limit, "{r:?}");
        assert_eq!((r.added, store.len()), (60_000, 60_000));
        assert!(in_order(&store));
        assert!(most <= MAX_PAGE + 4096, "held {most} unfiled");
        // As a whole read gives them: from the head and from the rest.
        let mut whole = Store::new();
        let w = crate::core::ingest::ingest(&mut whole, body.into_bytes()).unwrap();
        assert_eq!((&r.shape, &r.meta, r.total), (&w.shape, &w.meta, w.total));
        assert_eq!(r.shape, Shape::Wrapped("logs".into()));
        assert_eq!(r.meta("nextPageToken"), Some("tok-head"));
        assert_eq!(r.meta("links.next"), Some("/audit?page=2"));
        assert!(r.has_meta("next") && r.meta("next").is_none());
        assert_eq!(r.total, Some(60_000));
        assert_eq!(ids(&store), ids(&whole));
    }

    /// Feeds `body` in chunks of `n`, streaming a wrapper once `after` bytes are in.
    fn feed_wrapper(body: &str, n: usize, after: usize) -> (Store, IngestReport) {
        let mut store = Store::new();
        let mut s = StreamIngest::new(&store, usize::MAX).stream_wrappers_after(after);
        for c in body.as_bytes().chunks(n) {
            s.push(c);
            s.process(&mut store);
        }
        let r = s.finish(&mut store).unwrap();
        (store, r)
    }

    #[test]
    fn a_wrapper_going_on_too_long_after_its_entries_keeps_them_all_and_says_so() {
        let body = format!(
            r#"{{"logs":[{}],"pad":"{}","next":"/p2"}}"#,
            padded(0, 10_000, ","),
            "x".repeat(MAX_REST + 100_000)
        );
        // Filed as pages fill, or after every chunk (stopping once full).
        for each in [false, true] {
            let mut store = Store::new();
            let mut s = StreamIngest::new(&store, usize::MAX);
            let (mut read, mut most) = (0, 0);
            for c in body.as_bytes().chunks(4096) {
                if s.is_full() {
                    break;
                }
                read += c.len();
                if s.push(c) || each {
                    s.process(&mut store);
                }
                most = most.max(s.pending());
            }
            assert!(read < body.len() || !each, "stopped early, at {read}");
            assert!(most <= MAX_PAGE + 4096, "held {most} unfiled");
            let r = s.finish(&mut store).unwrap();
            assert_eq!((r.added, store.len()), (10_000, 10_000));
            assert!(r.memory_limit);
            let fault = r.fault.unwrap().to_string();
            assert!(
                fault.starts_with(
                    "the object wrapping the entries goes on for more than 1 MB after them"
                ),
                "{fault}"
            );
        }
    }

    // Bug: a wrapper with a fault after its entries was read whole and lost them all.
    #[test]
    fn a_broken_or_cut_rest_after_streamed_entries_keeps_them_and_says_where() {
        let entries = padded(0, 10_000, ",\n");
        for (body, what) in [
            (
                format!("{{\"logs\":[\n{entries}\n],\n\"next\" \"/p2\"}}"),
                "expected ':'",
            ),
            (
                format!("{{\"logs\":[\n{entries}\n],\n\"next\": \"/p"),
                "unexpected end of input",
            ),
        ] {
            let at = match body.rfind(" \"/p2") {
                Some(at) => at + 1,
                None => body.len(),
            };
            for n in [4096, 100_000] {
                let (store, r) = feed_wrapper(&body, n, STREAM_WRAPPER);
                assert_eq!((r.added, store.len()), (10_000, 10_000), "chunks of {n}");
                let fault = r.fault.unwrap();
                let IngestError::Invalid {
                    line,
                    column,
                    offset,
                    ref message,
                    ..
                } = fault
                else {
                    panic!("{fault:?}")
                };
                assert_eq!(
                    (line, column, offset),
                    (10_003, json::position(body.as_bytes(), at).1, at),
                    "chunks of {n}: {fault}"
                );
                assert!(message.starts_with(what), "{message}");
            }
        }
    }

    #[test]
    fn entries_a_whole_read_takes_from_another_array_are_the_ones_loaded() {
        let big = padded(0, 100, ",");
        for body in [
            // A key that names entries better, before them…
            format!(r#"{{"logs":[{{"id":"L"}}],"data":[{big}],"next":"n"}}"#),
            // …or after them; a repeated key takes its last value.
            format!(r#"{{"data":{{"items":[{big}]}},"events":[{{"id":"ev"}}]}}"#),
            format!(r#"{{"items":[{big}],"total":3,"items":[{{"id":"last"}}]}}"#),
        ] {
            let mut whole = Store::new();
            let w = crate::core::ingest::ingest(&mut whole, body.clone().into_bytes()).unwrap();
            assert_eq!(w.added, 1);
            for n in [1, 7, 4096] {
                let (store, r) = feed_wrapper(&body, n, 64);
                assert_eq!(r, w, "chunks of {n}");
                assert_eq!(ids(&store), ids(&whole));
            }
        }
    }

    #[test]
    fn a_streamed_wrappers_head_counts_against_what_the_body_may_hold() {
        let mut store = Store::new();
        let head = format!(r#"{{"note":"{}","logs":["#, "x".repeat(300_000));
        let mut s = StreamIngest::new(&store, usize::MAX)
            .with_budget(&store, SMALL)
            .stream_wrappers_after(1);
        let room = s.room();
        s.push(head.as_bytes());
        s.push(br#"{"id":"e0"},{"id"#);
        s.process(&mut store);
        assert_eq!((store.len(), s.pending()), (1, 5), "the head is aside");
        assert!(s.room() <= room - head.len() - 5, "{} of {room}", s.room());
    }
}
