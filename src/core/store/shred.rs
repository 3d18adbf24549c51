//! Shredding: each entry's JSON walked once and its values filed into the leaf
//! columns by key path, with masking, embedded JSON documents and the pages kept.

use super::*;

impl Store {
    // ---- building -------------------------------------------------------------

    /// Makes room for about `rows` more entries in every column seen so far, so a
    /// big page does not grow (and copy) its vectors a dozen times.
    pub(crate) fn reserve_rows(&mut self, rows: usize) {
        self.entries.reserve(rows);
        let have = self.entries.len().max(1);
        for leaf in &mut self.leaves {
            // Expect each column to stay as frequent as it has been.
            let share = (rows as u64 * leaf.codes.len() as u64 / have as u64) as usize;
            leaf.codes.reserve(share);
            if let Rows::Sparse(r) = &mut leaf.rows {
                r.reserve(share);
            }
            leaf.dict.reserve_for(share);
        }
    }

    /// Index the next page will get.
    pub(crate) fn next_page(&self) -> u32 {
        self.pages.len() as u32
    }

    /// Keeps the bytes of a page whose entries were added.
    pub(crate) fn keep_page(&mut self, mut bytes: Vec<u8>) {
        for (a, b) in self.blank.drain(..) {
            for x in &mut bytes[a as usize..b as usize] {
                if *x != b'\n' {
                    *x = b' ';
                }
            }
        }
        self.pages.push(bytes);
        for leaf in &mut self.leaves {
            leaf.dict.flush();
        }
        self.generation += 1;
    }

    /// Adds the object at the scanner (which must be on `{`) as a new entry of page
    /// `page`; `depth` is the object's nesting level in the body (1 at the top).
    pub(crate) fn add_entry(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        page: u32,
        depth: usize,
    ) -> Result<(), SyntaxError> {
        let row = self.entries.len() as Row;
        let start = sc.pos;
        self.walk_entry(bytes, sc, row, depth)?;
        self.entries.push(EntryRef {
            page,
            start: start as u32,
            end: sc.pos as u32,
        });
        Ok(())
    }

    /// Like [`Store::add_entry`], but drops the entry again if an earlier response
    /// already delivered it (Ok(false)); a broken entry leaves nothing behind.
    pub(crate) fn add_new_entry(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        page: u32,
        depth: usize,
    ) -> Result<bool, SyntaxError> {
        if let Some(r) = self.redaction.clone() {
            let at = sc.pos;
            let mut probe = sc.clone();
            probe.skip_value(depth - 1)?;
            let end = probe.pos;
            let masked = r.rewrite(&bytes[at..end]).map_err(|e| SyntaxError {
                offset: at + e.offset,
                ..e
            })?;
            if let Some(masked) = masked {
                sc.pos = end;
                let added = self.add_masked_entry(masked, bytes, depth)?;
                if added {
                    self.blank.push((at as u32, end as u32));
                }
                return Ok(added);
            }
        }
        let mark = self.entry_mark();
        let at = sc.pos;
        if let Err(e) = self.add_entry(bytes, sc, page, depth) {
            self.rollback(mark);
            return Err(e);
        }
        if let Some(mut seen) = self.seen.take() {
            let row = self.len() as Row - 1;
            let dup = seen.check(row, &bytes[at..sc.pos], |r| self.entry_text(r, bytes));
            self.seen = Some(seen);
            if dup {
                self.rollback(mark);
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Adds a masked entry from the side buffer; `pending` is the page being filled.
    fn add_masked_entry(
        &mut self,
        masked: Vec<u8>,
        pending: &[u8],
        depth: usize,
    ) -> Result<bool, SyntaxError> {
        let mark = self.entry_mark();
        let mut side = std::mem::take(&mut self.side);
        let start = side.len();
        side.extend_from_slice(&masked);
        let mut sc = Scanner::at(&side, start);
        let row = self.entries.len() as Row;
        let walked = self.walk_entry(&side, &mut sc, row, depth);
        let end = sc.pos;
        self.side = side;
        if let Err(e) = walked {
            self.rollback(mark);
            return Err(e);
        }
        self.entries.push(EntryRef {
            page: SIDE,
            start: start as u32,
            end: end as u32,
        });
        if let Some(mut seen) = self.seen.take() {
            let dup = seen.check(row, &self.side[start..end], |r| self.entry_text(r, pending));
            self.seen = Some(seen);
            if dup {
                self.rollback(mark);
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Files the entry object at the scanner as row `row`, `depth` levels deep. A key
    /// repeated in one object keeps only its last value, as in `JSON.parse`: the
    /// first walk stops at a repeat, and that entry is walked again with care.
    fn walk_entry(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        row: Row,
        depth: usize,
    ) -> Result<(), SyntaxError> {
        let (start, invalid_utf8) = (sc.pos, self.invalid_utf8);
        match self.walk_object(bytes, sc, ROOT, row, depth, false) {
            Ok(()) => Ok(()),
            Err(Stop::Syntax(e)) => Err(e),
            Err(Stop::Repeat) => {
                for leaf in &mut self.leaves {
                    leaf.truncate(row);
                }
                self.invalid_utf8 = invalid_utf8;
                sc.pos = start;
                self.walk_object(bytes, sc, ROOT, row, depth, true)
                    .map_err(|stop| match stop {
                        Stop::Syntax(e) => e,
                        Stop::Repeat => unreachable!("a careful walk passes over repeated keys"),
                    })
            }
        }
    }

    /// Walks the object at the scanner. With `careful`, an earlier value of a key
    /// the object repeats is passed over; without, a repeat stops the walk.
    fn walk_object(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        node: NodeId,
        row: Row,
        depth: usize,
        careful: bool,
    ) -> Result<(), Stop> {
        if depth > MAX_DEPTH {
            return Err(Stop::Syntax(SyntaxError {
                offset: sc.pos,
                kind: ErrorKind::TooDeep,
            }));
        }
        // Which members hold their key's last value (a broken object: all, and the
        // walk finds the fault).
        let last = if careful {
            last_of_keys(bytes, sc.pos, depth).unwrap_or_default()
        } else {
            Vec::new()
        };
        sc.pos += 1;
        if sc.eat(b'}') {
            return Ok(());
        }
        self.objects += 1;
        let this = self.objects;
        let mut prev = NONE;
        let mut index = 0;
        loop {
            sc.ws();
            let child = match self.hinted_key(node, prev, bytes, sc) {
                Some(child) => child,
                None => {
                    let key = sc.key()?;
                    self.child_for_key(node, prev, bytes, key)
                }
            };
            if careful && !last.get(index).copied().unwrap_or(true) {
                sc.skip_value(depth)?;
            } else {
                // Pooled keys share a node without being the same key.
                let n = &self.nodes[child as usize];
                if !careful && n.seen_in == this && n.name != "*" {
                    return Err(Stop::Repeat);
                }
                self.nodes[child as usize].seen_in = this;
                self.walk_value(bytes, sc, child, row, depth, careful)?;
            }
            prev = child;
            index += 1;
            sc.ws();
            match sc.peek() {
                Some(b',') => sc.pos += 1,
                Some(b'}') => {
                    sc.pos += 1;
                    return Ok(());
                }
                _ => {
                    return sc
                        .expected("',' or '}' after an object member")
                        .map_err(Stop::Syntax);
                }
            }
        }
    }

    #[inline]
    fn walk_value(
        &mut self,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
        node: NodeId,
        row: Row,
        depth: usize,
        careful: bool,
    ) -> Result<(), Stop> {
        match sc.peek() {
            Some(b'"') => {
                let tok = sc.string()?;
                self.push_str(node, row, bytes, tok);
                if json::may_be_document(&bytes[tok.start..tok.end]) {
                    self.walk_embedded(bytes, tok, node, row, depth, careful)?;
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let (a, b) = sc.number()?;
                // Number text is ASCII by construction.
                let text = std::str::from_utf8(&bytes[a..b]).unwrap_or("0");
                self.push_value(node, row, Kind::Num, text);
            }
            Some(b'{') => {
                self.set_container(node);
                self.walk_object(bytes, sc, node, row, depth + 1, careful)?;
            }
            Some(b'[') => {
                if depth + 1 > MAX_DEPTH {
                    return Err(Stop::Syntax(SyntaxError {
                        offset: sc.pos,
                        kind: ErrorKind::TooDeep,
                    }));
                }
                self.set_container(node);
                sc.pos += 1;
                if sc.eat(b']') {
                    return Ok(());
                }
                let child = self.child_for_key(node, NONE, b"[]", StrTok::plain(0, 2));
                loop {
                    sc.ws();
                    self.walk_value(bytes, sc, child, row, depth + 1, careful)?;
                    sc.ws();
                    match sc.peek() {
                        Some(b',') => sc.pos += 1,
                        Some(b']') => {
                            sc.pos += 1;
                            break;
                        }
                        _ => {
                            return sc
                                .expected("',' or ']' after an array element")
                                .map_err(Stop::Syntax);
                        }
                    }
                }
            }
            _ => {
                let lit = sc.literal()?;
                let (kind, text) = match lit {
                    b"null" => (Kind::Null, "null"),
                    b"true" => (Kind::Bool, "true"),
                    _ => (Kind::Bool, "false"),
                };
                self.push_value(node, row, kind, text);
            }
        }
        Ok(())
    }

    #[inline]
    fn set_container(&mut self, node: NodeId) {
        let n = &mut self.nodes[node as usize];
        if !n.container {
            n.container = true;
            self.containers.push(node);
        }
    }

    /// Files the fields of a string that holds a JSON object or array below its
    /// own node, as if nested there (`Data.appSubmissionId`); the string itself
    /// stays the node's value, so cells, copies and exports keep it as received.
    #[cold]
    fn walk_embedded(
        &mut self,
        bytes: &[u8],
        tok: StrTok,
        node: NodeId,
        row: Row,
        depth: usize,
        careful: bool,
    ) -> Result<(), Stop> {
        let text = json::str_value(bytes, tok);
        // Checked whole first: a string that only looks like JSON files nothing.
        if !is_document(text.as_bytes(), depth) {
            return Ok(());
        }
        let mut sc = Scanner::new(text.as_bytes());
        sc.ws();
        // No syntax error: the same scan just accepted the text at this depth. A
        // repeated key inside goes back to the entry, to be walked with care.
        match self.walk_value(text.as_bytes(), &mut sc, node, row, depth, careful) {
            Err(Stop::Syntax(e)) => {
                debug_assert!(false, "{e:?}");
                Ok(())
            }
            walked => walked,
        }
    }

    #[inline]
    fn leaf_for(&mut self, node: NodeId) -> &mut Leaf {
        let l = match self.nodes[node as usize].leaf {
            Some(l) => l,
            None => {
                let l = self.leaves.len() as u32;
                self.leaves.push(Leaf::new(node));
                self.nodes[node as usize].leaf = Some(l);
                l
            }
        };
        &mut self.leaves[l as usize]
    }

    #[inline]
    fn push_value(&mut self, node: NodeId, row: Row, kind: Kind, value: &str) {
        let leaf = self.leaf_for(node);
        let before = leaf.dict.len();
        let code = leaf.dict.intern(kind, value);
        leaf.note_new(row, before);
        leaf.push(row, code);
    }

    #[inline]
    fn push_str(&mut self, node: NodeId, row: Row, bytes: &[u8], tok: StrTok) {
        let raw = &bytes[tok.start..tok.end];
        if !tok.escaped {
            let leaf = self.leaf_for(node);
            let before = leaf.dict.len();
            if let Some(code) = leaf.dict.intern_checked(Kind::Str, raw, tok.non_ascii) {
                leaf.note_new(row, before);
                return leaf.push(row, code);
            }
            self.invalid_utf8 += 1;
        } else if tok.non_ascii && std::str::from_utf8(raw).is_err() {
            // Escapes are ASCII: the value is invalid exactly where its bytes are.
            self.invalid_utf8 += 1;
        }
        let s = json::str_value(bytes, tok);
        self.push_value(node, row, Kind::Str, &s);
    }

    /// The key at the scanner, when it is exactly the one [`Store::child_for_key`]
    /// would guess (entries of one kind repeat their key order): its bytes are the
    /// guessed name between quotes, followed by `:`. Then the scanner moves past
    /// the `:` and the white space after it, and the key is never scanned on its
    /// own. Names holding `"`, `\` or control characters are left to the scan (their
    /// key's text could not be compared byte for byte). None leaves the scanner.
    #[inline]
    fn hinted_key(
        &self,
        parent: NodeId,
        prev: NodeId,
        bytes: &[u8],
        sc: &mut Scanner<'_>,
    ) -> Option<NodeId> {
        let hint = if prev == NONE {
            self.nodes[parent as usize].hint_first
        } else {
            self.nodes[prev as usize].hint_next
        };
        if hint == NONE {
            return None;
        }
        let name = self.nodes[hint as usize].name.as_bytes();
        let start = sc.pos + 1;
        let end = start + name.len();
        let quoted = bytes.get(sc.pos) == Some(&b'"')
            && bytes.get(end) == Some(&b'"')
            && bytes.get(start..end) == Some(name);
        if !quoted || name.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\') {
            return None;
        }
        let at = sc.pos;
        sc.pos = end + 1;
        if !sc.eat(b':') {
            sc.pos = at;
            return None;
        }
        sc.ws();
        Some(hint)
    }

    /// The child of `parent` named by key token `key`, guessing from the key that
    /// followed `prev` last time (entries of one kind repeat their key order).
    #[inline]
    fn child_for_key(&mut self, parent: NodeId, prev: NodeId, bytes: &[u8], key: StrTok) -> NodeId {
        let hint = if prev == NONE {
            self.nodes[parent as usize].hint_first
        } else {
            self.nodes[prev as usize].hint_next
        };
        let raw = &bytes[key.start..key.end];
        let child =
            if hint != NONE && !key.escaped && self.nodes[hint as usize].name.as_bytes() == raw {
                hint
            } else if key.escaped || (key.non_ascii && std::str::from_utf8(raw).is_err()) {
                let name = json::str_value(bytes, key);
                self.lookup_child(parent, name.as_bytes())
            } else {
                self.lookup_child(parent, raw)
            };
        if prev == NONE {
            self.nodes[parent as usize].hint_first = child;
        } else {
            self.nodes[prev as usize].hint_next = child;
        }
        child
    }

    fn lookup_child(&mut self, parent: NodeId, name: &[u8]) -> NodeId {
        let h = child_hash(parent, name);
        let nodes = &self.nodes;
        if let Some(&c) = self.children.find(h, |&c| {
            let n = &nodes[c as usize];
            n.parent == parent && same_bytes(n.name.as_bytes(), name)
        }) {
            return c;
        }
        let pooled = self.nodes.len() >= MAX_NODES || self.nodes[parent as usize].name == "*";
        if pooled && name != b"*" {
            return if self.nodes[parent as usize].name == "*" {
                parent
            } else {
                self.lookup_child(parent, b"*")
            };
        }
        let name = String::from_utf8_lossy(name).into_owned();
        let p = &self.nodes[parent as usize];
        let path = match name.as_str() {
            "[]" => path::elements(&p.path),
            _ => path::child(&p.path, &name),
        };
        let id = self.nodes.len() as NodeId;
        self.by_path.entry(path.clone()).or_insert(id);
        self.nodes.push(Node {
            name,
            path,
            parent,
            children: Vec::new(),
            leaf: None,
            container: false,
            hint_first: NONE,
            hint_next: NONE,
            seen_in: 0,
        });
        self.nodes[parent as usize].children.push(id);
        let nodes = &self.nodes;
        self.children.insert_unique(h, id, |&c| {
            let n = &nodes[c as usize];
            child_hash(n.parent, n.name.as_bytes())
        });
        id
    }
}

/// Why walking an entry stopped.
enum Stop {
    /// Broken JSON.
    Syntax(SyntaxError),
    /// A key repeated in one object (see [`Store::walk_entry`]).
    Repeat,
}

impl From<SyntaxError> for Stop {
    fn from(e: SyntaxError) -> Self {
        Stop::Syntax(e)
    }
}

/// For each member of the object at `at` (on its `{`, `depth` levels deep), true if
/// no later member has the same key.
fn last_of_keys(bytes: &[u8], at: usize, depth: usize) -> Result<Vec<bool>, SyntaxError> {
    let mut sc = Scanner::at(bytes, at + 1);
    let mut keys = Vec::new();
    if !sc.eat(b'}') {
        loop {
            sc.ws();
            let k = sc.key()?;
            keys.push(json::str_value(bytes, k));
            sc.skip_value(depth)?;
            if !sc.eat(b',') {
                break;
            }
        }
    }
    let mut later = std::collections::HashSet::new();
    let mut last: Vec<bool> = keys.iter().rev().map(|k| later.insert(k)).collect();
    last.reverse();
    Ok(last)
}

/// Where the value of member `key` of the object at `pos` starts (the last
/// one, if the key repeats: the last value wins).
fn member(bytes: &[u8], pos: usize, key: &str) -> Option<usize> {
    let mut sc = Scanner::at(bytes, pos);
    sc.ws();
    if sc.peek() != Some(b'{') {
        return None;
    }
    sc.pos += 1;
    if sc.eat(b'}') {
        return None;
    }
    let mut found = None;
    loop {
        sc.ws();
        let k = sc.key().ok()?;
        let raw = &bytes[k.start..k.end];
        let hit = if k.escaped {
            json::unescape(raw) == *key
        } else {
            raw == key.as_bytes()
        };
        sc.ws();
        if hit {
            found = Some(sc.pos);
        }
        sc.skip_value(1).ok()?;
        sc.ws();
        if !sc.eat(b',') {
            return found;
        }
    }
}

/// The decoded text of the string at `pos` when the whole of it is one JSON
/// object or array (details packed into one field, as some exports do).
fn embedded_at(bytes: &[u8], pos: usize) -> Option<Vec<u8>> {
    let mut sc = Scanner::at(bytes, pos);
    sc.ws();
    if sc.peek() != Some(b'"') {
        return None;
    }
    let tok = sc.string().ok()?;
    if !json::may_be_document(&bytes[tok.start..tok.end]) {
        return None;
    }
    let text = json::str_value(bytes, tok).into_bytes();
    is_document(&text, 0).then_some(text)
}

/// True if `text` is one valid JSON object or array, nested at `depth`.
fn is_document(text: &[u8], depth: usize) -> bool {
    let mut sc = Scanner::new(text);
    sc.ws();
    matches!(sc.peek(), Some(b'{' | b'[')) && sc.skip_value(depth).is_ok() && sc.end().is_ok()
}

/// Appends to `out` the compact JSON of the value reached by following object
/// `keys` from `bytes`, through strings that hold JSON; false if there is none.
pub(crate) fn json_at(bytes: &[u8], keys: &[&str], out: &mut Vec<u8>) -> bool {
    let mut decoded: Option<Vec<u8>> = None;
    let mut pos = 0;
    for key in keys {
        let cur = decoded.as_deref().unwrap_or(bytes);
        let Some(p) = member(cur, pos, key) else {
            return false;
        };
        match embedded_at(cur, p) {
            Some(text) => (decoded, pos) = (Some(text), 0),
            None => pos = p,
        }
    }
    let cur = decoded.as_deref().unwrap_or(bytes);
    let mut sc = Scanner::at(cur, pos);
    sc.ws();
    let start = sc.pos;
    if sc.skip_value(1).is_err() {
        return false;
    }
    json::compact_into(&cur[start..sc.pos], out);
    true
}

impl StrTok {
    /// A token for `bytes[start..end]` with no escapes.
    pub(crate) fn plain(start: usize, end: usize) -> Self {
        StrTok {
            start,
            end,
            escaped: false,
            non_ascii: false,
        }
    }
}

impl Store {
    /// True if `needle` occurs in any page, the side buffer or a dictionary (for
    /// tests that check what memory holds).
    #[cfg(test)]
    pub(crate) fn holds_bytes(&self, needle: &[u8]) -> bool {
        let f = memchr::memmem::Finder::new(needle);
        (0..self.pages.len() as u32).any(|p| f.find(&self.pages.whole(p)).is_some())
            || f.find(&self.side).is_some()
            || self.leaves.iter().any(|l| {
                (0..l.dict.len() as u32).any(|c| f.find(l.dict.text(c).as_bytes()).is_some())
            })
    }
}
