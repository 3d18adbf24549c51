//! The original bytes of kept pages, packed with LZ4 in blocks.
//!
//! A log's raw text is most of what a tab holds (412 MB for a million generated
//! entries), and audit entries repeat themselves: packed in 16 KiB blocks, the
//! generated log takes under a third, and one entry unpacks in microseconds, in any
//! order. (Smaller blocks packed against a shared dictionary pack better and unpack
//! faster, but pack 1.8x slower, and packing is on the load's critical path.) A
//! block is unpacked only when one of its entries is read (the entry panel, exports,
//! object cells); the last block unpacked is kept, so reading entries in load order
//! unpacks each block once. A page that does not pack well is kept as it came.

use lz4_flex::block::{compress_into, decompress_into, get_maximum_output_size};
use std::borrow::Cow;
use std::sync::Mutex;

/// Raw bytes per packed block: one entry unpacks in about 6 µs.
const BLOCK: usize = 16 * 1024;

/// One kept page.
#[derive(Clone, Debug)]
enum Page {
    /// Kept as received (it did not pack to 7/8 of its size).
    Plain(Box<[u8]>),
    /// LZ4 blocks of [`BLOCK`] raw bytes each (the last may be shorter).
    Packed {
        /// Raw length.
        len: u32,
        /// The blocks, one after another.
        bytes: Box<[u8]>,
        /// Where each block ends in `bytes`.
        ends: Box<[u32]>,
    },
}

/// The last block unpacked: (page, block) and its raw bytes.
#[derive(Debug, Default)]
struct Unpacked {
    at: Option<(u32, u32)>,
    raw: Vec<u8>,
}

/// Every kept page, in order (see the module docs).
#[derive(Debug, Default)]
pub(crate) struct Pages {
    pages: Vec<Page>,
    last: Mutex<Unpacked>,
}

impl Clone for Pages {
    fn clone(&self) -> Self {
        Pages {
            pages: self.pages.clone(),
            last: Mutex::default(),
        }
    }
}

impl Pages {
    /// No pages.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// How many pages are kept.
    pub(crate) fn len(&self) -> usize {
        self.pages.len()
    }

    /// Keeps `bytes` as the next page, packed if that saves an eighth or more.
    pub(crate) fn push(&mut self, bytes: Vec<u8>) {
        let page = pack(&bytes).unwrap_or_else(|| Page::Plain(bytes.into_boxed_slice()));
        self.pages.push(page);
    }

    /// Drops every page from `n` on.
    pub(crate) fn truncate(&mut self, n: usize) {
        self.pages.truncate(n);
        // Page numbers from `n` on will be reused.
        self.cache().at = None;
    }

    /// Bytes `start..end` of page `page`.
    pub(crate) fn get(&self, page: u32, start: u32, end: u32) -> Cow<'_, [u8]> {
        match &self.pages[page as usize] {
            Page::Plain(b) => Cow::Borrowed(&b[start as usize..end as usize]),
            Page::Packed { .. } if start >= end => Cow::Borrowed(&[]),
            p => {
                let mut cache = self.cache();
                let (start, end) = (start as usize, end as usize);
                let mut out = Vec::with_capacity(end - start);
                for block in start / BLOCK..=(end - 1) / BLOCK {
                    let raw = cache.unpack(p, (page, block as u32));
                    let lo = start.saturating_sub(block * BLOCK);
                    let hi = (end - block * BLOCK).min(raw.len());
                    out.extend_from_slice(&raw[lo..hi]);
                }
                Cow::Owned(out)
            }
        }
    }

    /// A reader with a block of its own, for reading many entries in a row.
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader {
            pages: self,
            block: Unpacked::default(),
        }
    }

    /// The whole of page `page`.
    pub(crate) fn whole(&self, page: u32) -> Cow<'_, [u8]> {
        let len = match &self.pages[page as usize] {
            Page::Plain(b) => b.len(),
            Page::Packed { len, .. } => *len as usize,
        };
        self.get(page, 0, len as u32)
    }

    /// Heap bytes held (pages as kept, plus the unpacked block).
    pub(crate) fn heap_bytes(&self) -> usize {
        let pages: usize = self
            .pages
            .iter()
            .map(|p| match p {
                Page::Plain(b) => b.len(),
                Page::Packed { bytes, ends, .. } => bytes.len() + ends.len() * 4,
            })
            .sum();
        pages + self.pages.capacity() * std::mem::size_of::<Page>() + self.cache().raw.capacity()
    }

    /// Raw bytes of every page (what the pages would take unpacked).
    pub(crate) fn raw_bytes(&self) -> usize {
        self.pages
            .iter()
            .map(|p| match p {
                Page::Plain(b) => b.len(),
                Page::Packed { len, .. } => *len as usize,
            })
            .sum()
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Unpacked> {
        // A panic while it was held cannot leave it inconsistent: `at` is set last.
        self.last.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Unpacked {
    /// The raw bytes of block `at` (page, block) of `page`, unpacked unless it is
    /// the block unpacked last. A block that fails to unpack (it cannot: we packed
    /// it) reads as zeros rather than panicking.
    fn unpack(&mut self, page: &Page, at: (u32, u32)) -> &[u8] {
        if self.at != Some(at) {
            let Page::Packed { len, bytes, ends } = page else {
                return &[];
            };
            let block = at.1 as usize;
            let from = if block == 0 {
                0
            } else {
                ends[block - 1] as usize
            };
            let raw_len = BLOCK.min(*len as usize - block * BLOCK);
            self.at = None;
            self.raw.clear();
            self.raw.resize(raw_len, 0);
            let n = decompress_into(&bytes[from..ends[block] as usize], &mut self.raw);
            debug_assert!(n.is_ok_and(|n| n == raw_len), "a packed block unpacks");
            self.at = Some(at);
        }
        &self.raw
    }
}

/// Reads ranges of [`Pages`] with a block of its own: no lock, and no copy for a
/// range inside one block (most entries).
pub(crate) struct Reader<'a> {
    pages: &'a Pages,
    block: Unpacked,
}

impl Reader<'_> {
    /// Bytes `start..end` of page `page`, as [`Pages::get`].
    pub(crate) fn get(&mut self, page: u32, start: u32, end: u32) -> Cow<'_, [u8]> {
        let p = &self.pages.pages[page as usize];
        let (first, last) = (
            start as usize / BLOCK,
            (end as usize).saturating_sub(1) / BLOCK,
        );
        match p {
            Page::Packed { .. } if start < end && first == last => {
                let raw = self.block.unpack(p, (page, first as u32));
                let at = first * BLOCK;
                Cow::Borrowed(&raw[start as usize - at..end as usize - at])
            }
            _ => self.pages.get(page, start, end),
        }
    }
}

/// `bytes` packed in blocks, or None if that saves less than an eighth.
fn pack(bytes: &[u8]) -> Option<Page> {
    let len = u32::try_from(bytes.len()).ok().filter(|&n| n > 0)?;
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let mut ends = Vec::with_capacity(bytes.len().div_ceil(BLOCK));
    for chunk in bytes.chunks(BLOCK) {
        let at = out.len();
        out.resize(at + get_maximum_output_size(chunk.len()), 0);
        let n = compress_into(chunk, &mut out[at..]).ok()?;
        out.truncate(at + n);
        if out.len() > bytes.len() - bytes.len() / 8 {
            return None;
        }
        ends.push(out.len() as u32);
    }
    Some(Page::Packed {
        len,
        bytes: out.into_boxed_slice(),
        ends: ends.into_boxed_slice(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Audit-like text: repetitive, so it packs.
    fn log(n: usize) -> Vec<u8> {
        (0..n)
            .map(|i| {
                format!(
                    r#"{{"id":{i},"type":"user.login","userEmail":"u{}@acme.test","data":{{"ok":true}}}}"#,
                    i % 97
                ) + "\n"
            })
            .collect::<String>()
            .into_bytes()
    }

    #[test]
    fn every_range_reads_back_exactly_across_block_edges() {
        let raw = log(5000);
        assert!(raw.len() > 3 * BLOCK);
        let mut p = Pages::new();
        p.push(raw.clone());
        assert!(p.heap_bytes() < raw.len() / 3, "packed: {}", p.heap_bytes());
        assert_eq!(p.raw_bytes(), raw.len());
        for (a, b) in [
            (0, 10),
            (BLOCK - 5, BLOCK + 5),
            (BLOCK, BLOCK),
            (BLOCK - 1, 3 * BLOCK + 1),
            (raw.len() - 7, raw.len()),
            (0, raw.len()),
        ] {
            assert_eq!(&*p.get(0, a as u32, b as u32), &raw[a..b], "{a}..{b}");
        }
        // A reader gives the same bytes, borrowing its own block when it can.
        let mut r = p.reader();
        for (a, b) in [
            (BLOCK + 3, BLOCK + 90),
            (5, 70),
            (BLOCK - 5, BLOCK + 5),
            (9, 9),
        ] {
            let got = r.get(0, a as u32, b as u32);
            assert_eq!(
                matches!(got, Cow::Borrowed(_)),
                a / BLOCK == (b - 1) / BLOCK
            );
            assert_eq!(&*got, &raw[a..b], "reader {a}..{b}");
        }
        assert_eq!(&*p.whole(0), &raw[..]);
    }

    #[test]
    fn reading_in_any_order_gives_the_same_bytes() {
        let (a, b) = (log(3000), log(4000));
        let mut p = Pages::new();
        p.push(a.clone());
        p.push(b.clone());
        for i in [7usize, 1, 9, 3, 3, 0, 8] {
            let (s, e) = (i * 20_000, i * 20_000 + 333);
            assert_eq!(&*p.get(1, s as u32, e as u32), &b[s..e]);
            let s = s.min(a.len() - 333);
            assert_eq!(&*p.get(0, s as u32, s as u32 + 333), &a[s..s + 333]);
        }
    }

    #[test]
    fn a_page_that_does_not_pack_is_kept_as_it_came() {
        // Bytes with no repeats (a xorshift stream).
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..400_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let mut p = Pages::new();
        p.push(noise.clone());
        p.push(Vec::new());
        assert!(matches!(p.get(0, 5, 9), Cow::Borrowed(_)));
        assert_eq!(&*p.whole(0), &noise[..]);
        assert!(p.whole(1).is_empty());
    }

    #[test]
    fn a_page_number_reused_after_a_rollback_reads_its_new_bytes() {
        let (a, b) = (log(2000), log(2100));
        let mut p = Pages::new();
        p.push(a.clone());
        assert_eq!(&*p.get(0, 100, 200), &a[100..200]);
        p.truncate(0);
        // Different text at the same place: the cached block must not answer.
        let b: Vec<u8> = b
            .iter()
            .map(|&c| if c == b'u' { b'v' } else { c })
            .collect();
        p.push(b.clone());
        assert_eq!(&*p.get(0, 100, 200), &b[100..200]);
        assert_eq!(p.len(), 1);
    }
}
