//! Line arithmetic over a body: numbering skipped parts cheaply and finding
//! where the next record can start after a broken one.

/// Counts lines incrementally so skipped parts can be numbered cheaply.
pub(super) struct LineCounter {
    offset: usize,
    line: usize,
}

impl LineCounter {
    /// At the start of a body.
    pub(super) fn new() -> Self {
        LineCounter { offset: 0, line: 1 }
    }

    pub(super) fn line_at(&mut self, bytes: &[u8], offset: usize) -> usize {
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += memchr::memchr_iter(b'\n', &bytes[self.offset..offset]).count();
        self.offset = offset;
        self.line
    }
}

pub(super) fn line_start(bytes: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |p| p + 1)
}

/// Offset of the next line after `from` that starts with `{` (in column 1, where
/// NDJSON records and top-level objects of a pretty-printed stream begin).
pub(crate) fn next_object_line(bytes: &[u8], from: usize) -> usize {
    let mut i = from.min(bytes.len());
    while let Some(nl) = memchr::memchr(b'\n', &bytes[i..]) {
        i += nl + 1;
        if bytes.get(i) == Some(&b'{') {
            return i;
        }
    }
    bytes.len()
}

/// Offset of the next line after `from` that can start a record: the continuation
/// lines of a broken pretty-printed object (indented, or closing with `}`/`]`) belong
/// to it and are passed over; anything else is read (and reported if it is bad).
pub(crate) fn next_record_line(bytes: &[u8], from: usize) -> usize {
    let mut i = from.min(bytes.len());
    while let Some(nl) = memchr::memchr(b'\n', &bytes[i..]) {
        i += nl + 1;
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'}' | b']' | b'"') => continue,
            _ => return i,
        }
    }
    bytes.len()
}
