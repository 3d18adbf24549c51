//! What sampling a field finds: its name, depth and coverage, and the share of its
//! values that read as times, e-mail addresses, IPs, user agents, codes, numbers,
//! severity levels and outcomes; whether it holds only a handful of values, and the
//! JSON string it was decoded from, if any.

use crate::core::roles::badge;
use crate::core::store::dict::Kind;
use crate::core::store::{NodeId, ROOT, Store};
use crate::core::time;

/// Values sampled per field.
const SAMPLE: usize = 200;

/// What sampling a field found.
#[derive(Clone, Debug, Default)]
pub(super) struct Profile {
    pub(super) node: NodeId,
    /// Normalised last key: lower case, no `_ - @ .`.
    pub(super) name: String,
    /// Normalised parent key ("" at top level).
    pub(super) parent: String,
    /// The key is a document's metadata (`@type`, `$schema`), not the event's.
    pub(super) meta: bool,
    pub(super) depth: usize,
    pub(super) in_array: bool,
    pub(super) container: bool,
    pub(super) has_leaf: bool,
    /// Share of entries that have a value here.
    pub(super) coverage: f64,
    /// Share of sampled values of each sort.
    pub(super) times: f64,
    pub(super) emails: f64,
    pub(super) ips: f64,
    pub(super) agents: f64,
    pub(super) codes: f64,
    pub(super) numbers: f64,
    /// Share of sampled values that read as a severity level / an outcome.
    pub(super) levels: f64,
    pub(super) outcomes: f64,
    /// Distinct sampled values / sampled values (0 when too few to tell).
    pub(super) distinct: f64,
    /// Few distinct values (three at most) over many entries: a category.
    pub(super) few: bool,
    /// The path of the JSON string this field was decoded from, if it was.
    pub(super) decoded_from: Option<String>,
    pub(super) avg_len: f64,
}

pub(super) fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | '@' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

fn looks_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !s.contains(' ')
}

fn looks_ip(s: &str) -> bool {
    let v4 = s.split('.').count() == 4
        && s.split('.')
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()));
    let v6 = s.contains(':')
        && s.len() >= 3
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    v4 || v6
}

fn looks_agent(s: &str) -> bool {
    (s.starts_with("Mozilla/") || s.contains(") ") || s.contains("/"))
        && s.contains(' ')
        && s.len() > 12
}

/// `user.login`, `USER_LOGIN`, `CreateUser`, `app.publish.web.create`: a code, not prose.
fn looks_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && !s.contains(' ')
        && s.bytes().any(|b| b.is_ascii_alphabetic())
        && !looks_email(s)
        && !s.contains("://")
}

/// The nearest enclosing field that holds JSON as a string (a node with string
/// values and fields below it, as the store files a decoded document).
fn decoded_from(store: &Store, node: NodeId) -> Option<String> {
    let mut up = store.node(node).parent;
    while up != ROOT {
        let n = store.node(up);
        let holds_json = store.leaf_at(up).is_some_and(|l| {
            l.codes().iter().take(8).any(|&c| {
                l.dict.kind(c) == Kind::Str && l.dict.text(c).trim_start().starts_with(['{', '['])
            })
        });
        if n.container && holds_json {
            return Some(n.path.clone());
        }
        up = n.parent;
    }
    None
}

pub(super) fn profile(store: &Store, node: NodeId) -> Profile {
    let n = store.node(node);
    let mut depth = 0;
    let mut p = node;
    while p != ROOT {
        depth += 1;
        p = store.node(p).parent;
    }
    let mut up = n.parent;
    while up != ROOT && store.node(up).name == "[]" {
        up = store.node(up).parent;
    }
    let parent = if up == ROOT {
        String::new()
    } else {
        norm(&store.node(up).name)
    };
    let mut pr = Profile {
        node,
        name: norm(&n.name),
        parent,
        meta: n.name.starts_with('$')
            || n.name.starts_with("@type")
            || n.name.starts_with("@odata"),
        depth,
        in_array: n.path.contains("[]"),
        container: n.container,
        ..Default::default()
    };
    pr.decoded_from = decoded_from(store, node);
    let rows = store.len().max(1) as f64;
    let Some(leaf) = store.leaf_at(node) else {
        pr.coverage = if n.container { 1.0 } else { 0.0 };
        return pr;
    };
    let codes = leaf.codes();
    if codes.is_empty() {
        return pr;
    }
    pr.has_leaf = true;
    // Count entries that have a value (rows repeat for arrays).
    pr.coverage = match leaf.sparse_rows() {
        None => codes.len() as f64 / rows,
        Some(r) => {
            let mut distinct = 0usize;
            let mut last = u32::MAX;
            for &x in r {
                if x != last {
                    distinct += 1;
                    last = x;
                }
            }
            distinct as f64 / rows
        }
    };
    let step = (codes.len() / SAMPLE).max(1);
    let mut seen = rustc_hash::FxHashSet::default();
    let (mut total, mut non_null) = (0usize, 0usize);
    let (mut t, mut e, mut ip, mut ua, mut c, mut num, mut len) = (0, 0, 0, 0, 0, 0, 0usize);
    let (mut lv, mut oc) = (0usize, 0usize);
    for &code in codes.iter().step_by(step).take(SAMPLE) {
        total += 1;
        let kind = leaf.dict.kind(code);
        if kind == Kind::Null {
            continue;
        }
        non_null += 1;
        let text = leaf.dict.text(code);
        seen.insert(code);
        len += text.len();
        lv += badge::level(text, kind).is_some() as usize;
        oc += badge::outcome(&n.name, text, kind).is_some() as usize;
        match kind {
            Kind::Num => {
                num += 1;
                if time::parse_epoch(text).is_some_and(time::is_plausible) {
                    t += 1;
                }
            }
            Kind::Str => {
                if time::parse_timestamp(text, time::Zone::Utc).is_some_and(time::is_plausible) {
                    t += 1;
                }
                e += looks_email(text) as usize;
                ip += looks_ip(text) as usize;
                ua += looks_agent(text) as usize;
                c += looks_code(text) as usize;
            }
            _ => {}
        }
    }
    let _ = total;
    let nn = non_null.max(1) as f64;
    pr.times = t as f64 / nn;
    pr.emails = e as f64 / nn;
    pr.ips = ip as f64 / nn;
    pr.agents = ua as f64 / nn;
    pr.codes = c as f64 / nn;
    pr.numbers = num as f64 / nn;
    pr.levels = lv as f64 / nn;
    pr.outcomes = oc as f64 / nn;
    pr.distinct = if leaf.dict.is_unique() {
        1.0
    } else if non_null < 20 {
        0.0
    } else {
        seen.len() as f64 / nn
    };
    pr.few = non_null >= 20 && seen.len() <= 3 && !leaf.dict.is_unique();
    pr.avg_len = len as f64 / nn;
    if non_null == 0 {
        pr.coverage = 0.0;
    }
    pr
}
