//! Entries already delivered by an earlier response, so a retried, resumed,
//! overlapping or refreshed page adds each entry once.
//!
//! Entries are compared by their exact bytes, as a multiset: a response may
//! repeat an entry as often as earlier responses held it, and every further copy
//! is new. So two identical events in one response both stay, while the same
//! page fetched twice adds nothing the second time.

use super::ids::Row;
use hashbrown::HashTable;
use std::borrow::Cow;
use std::hash::Hasher;

/// One distinct entry text: where it first appears and how often earlier
/// responses delivered it.
#[derive(Clone, Copy, Debug)]
struct Slot {
    hash: u64,
    first: Row,
    before: u32,
    now: u32,
    used: u32,
}

/// The entries loaded so far, by content.
#[derive(Clone, Debug, Default)]
pub(crate) struct Seen {
    table: HashTable<usize>,
    slots: Vec<Slot>,
    /// Slots changed by the current response (folded in when the next one starts).
    touched: Vec<usize>,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish()
}

impl Seen {
    /// An empty set.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Starts a new response: what the last one delivered now counts as seen.
    pub(crate) fn begin_response(&mut self) {
        for &i in &self.touched {
            let s = &mut self.slots[i];
            s.before += s.now;
            s.now = 0;
            s.used = 0;
        }
        self.touched.clear();
    }

    /// Records entry `row` with `bytes` from the current response. Returns true if
    /// an earlier response already delivered it (the caller drops it). `text_of`
    /// gives the bytes of an earlier row, to rule out hash collisions.
    pub(crate) fn check<'a>(
        &mut self,
        row: Row,
        bytes: &[u8],
        text_of: impl Fn(Row) -> Cow<'a, [u8]>,
    ) -> bool {
        let h = hash(bytes);
        let slots = &self.slots;
        let found = self
            .table
            .find(h, |&i| {
                slots[i].hash == h && *text_of(slots[i].first) == *bytes
            })
            .copied();
        let i = match found {
            Some(i) => i,
            None => {
                let i = self.slots.len();
                self.slots.push(Slot {
                    hash: h,
                    first: row,
                    before: 0,
                    now: 0,
                    used: 0,
                });
                let slots = &self.slots;
                self.table.insert_unique(h, i, |&j| slots[j].hash);
                i
            }
        };
        let s = &mut self.slots[i];
        if s.now == 0 && s.used == 0 {
            self.touched.push(i);
        }
        if s.used < s.before {
            s.used += 1;
            true
        } else {
            s.now += 1;
            false
        }
    }

    /// Number of distinct entry texts recorded.
    pub(crate) fn len(&self) -> usize {
        self.slots.len()
    }

    /// Undoes what the current response recorded (its body was rolled back):
    /// texts first seen in it are forgotten, the rest count as before it.
    /// `slots` is [`Seen::len`] when the response began.
    pub(crate) fn undo_response(&mut self, slots: usize) {
        for &i in &self.touched {
            let s = &mut self.slots[i];
            s.now = 0;
            s.used = 0;
        }
        self.touched.clear();
        for i in slots..self.slots.len() {
            let h = self.slots[i].hash;
            if let Ok(e) = self.table.find_entry(h, |&j| j == i) {
                e.remove();
            }
        }
        self.slots.truncate(slots);
    }

    /// Approximate heap bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.table.capacity() * 9
            + self.slots.capacity() * std::mem::size_of::<Slot>()
            + self.touched.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds responses of entry texts; returns which entries were kept.
    fn run(responses: &[&[&str]]) -> Vec<Vec<bool>> {
        let mut seen = Seen::new();
        let mut rows: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for r in responses {
            seen.begin_response();
            let mut kept = Vec::new();
            for text in *r {
                let all = rows.clone();
                let dup = seen.check(rows.len() as Row, text.as_bytes(), |row| {
                    Cow::Borrowed(all[row as usize].as_bytes())
                });
                if !dup {
                    rows.push(text.to_string());
                }
                kept.push(!dup);
            }
            out.push(kept);
        }
        out
    }

    #[test]
    fn a_response_undone_counts_as_never_delivered() {
        let mut seen = Seen::new();
        let rows = ["a", "b", "c"];
        let text = |r: Row| Cow::Borrowed(rows[r as usize].as_bytes());
        seen.begin_response();
        assert!(!seen.check(0, b"a", text));
        seen.begin_response();
        let slots = seen.len();
        assert!(seen.check(1, b"a", text), "a was delivered");
        assert!(!seen.check(1, b"b", text));
        seen.undo_response(slots);
        // The retry of that response: a is still a repeat, b is new again.
        seen.begin_response();
        assert!(seen.check(1, b"a", text));
        assert!(!seen.check(1, b"b", text));
        assert_eq!(seen.len(), 2);
    }

    #[test]
    fn the_same_page_twice_adds_nothing_the_second_time() {
        let k = run(&[&["a", "b"], &["a", "b"]]);
        assert_eq!(k, [vec![true, true], vec![false, false]]);
    }

    #[test]
    fn identical_events_in_one_response_both_stay() {
        let k = run(&[&["a", "a", "b"]]);
        assert_eq!(k, [vec![true, true, true]]);
    }

    #[test]
    fn a_later_response_may_repeat_an_entry_as_often_as_before_and_no_more() {
        let k = run(&[&["a", "a"], &["a", "a", "a", "c"]]);
        assert_eq!(k[1], [false, false, true, true]);
    }

    #[test]
    fn an_overlapping_page_keeps_only_what_is_new() {
        // Offset paging while the log grows: the next page starts with the last entry again.
        let k = run(&[&["e5", "e4", "e3"], &["e3", "e2", "e1"]]);
        assert_eq!(k[1], [false, true, true]);
    }

    #[test]
    fn entries_of_a_response_count_as_seen_for_the_next_one() {
        let k = run(&[&["a"], &["b"], &["a", "b", "c"]]);
        assert_eq!(k[2], [false, false, true]);
    }
}
