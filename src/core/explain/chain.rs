//! Follow the actor: from an entry, what its target did next. When the target of
//! one event is the actor of later events (an invited user who is then granted
//! admin, then turns off MFA, then exports data), the chain lists those events hop
//! by hop, each with the entry that is its evidence.
//!
//! The rules, the same in both engines:
//! - The window: the events with `start ≤ t ≤ start + window_ms`, the start entry
//!   itself left out; an event without a readable time is never in it.
//! - The walk: the window's events in time order, ties in load order in memory and
//!   by the id column on ClickHouse (the same when ids grow as entries are written;
//!   the ClickHouse table keeps whole seconds).
//! - Followed identities: first the start's target, at depth 1 (a start without a
//!   target, or without a time, makes an empty chain with [`Chain::from`] `None`).
//! - An event belongs when its actor is followed ([`How::Did`]), else when its
//!   target is ([`How::DoneTo`]). When an identity followed at depth `d` acts on a
//!   target not yet followed, that target is followed from then on at depth `d + 1`
//!   ([`Hop::introduces`]), up to [`MAX_DEPTH`]; past it the chain stops following
//!   and says so ([`Cut::Depth`]).
//! - At most [`MAX_EVENTS`] hops; when more events belong the chain says so
//!   ([`Cut::Events`]).
//! - Identities compare as text, case counting; a missing, `null`, empty or
//!   wholly masked (`••• redacted`) value is no identity and never matches.
//!
//! [`follow`] walks the loaded entries; the ClickHouse engine asks the table depth
//! by depth (`engine::clickhouse::chaining`) and walks what it read with the same
//! [`Walk`].

use crate::core::dataset::{Dataset, NO_TIME};
use crate::core::query::RowSet;
use crate::core::roles::Role;
use crate::core::store::dict::Kind;
use crate::core::store::{Cell, NodeId, Row};
use crate::core::time::EpochMs;
use crate::core::trust::redact::MASK;
use hashbrown::HashMap;

/// Depth of the deepest identity followed (the start's target is at 1).
pub const MAX_DEPTH: u8 = 4;
/// Hops listed at most.
pub const MAX_EVENTS: usize = 200;

/// How a hop's event touches the identity followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// The identity acted.
    Did,
    /// Someone else acted on the identity.
    DoneTo,
}

/// Why a chain stops short.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// An identity at [`MAX_DEPTH`] acted on one not followed, which was not followed.
    Depth,
    /// More than [`MAX_EVENTS`] events belonged: the first are listed.
    Events,
}

/// One event of the chain and its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    /// The entry's key, to open it: [`Dataset::entry_key`] in memory, the id on
    /// ClickHouse (what the entry lookup takes).
    pub entry: String,
    /// When (ms).
    pub time: EpochMs,
    /// Who acted.
    pub actor: Option<String>,
    /// What was done.
    pub action: Option<String>,
    /// To which thing.
    pub target: Option<String>,
    /// The depth of the followed identity it touches (the actor's for [`How::Did`]).
    pub depth: u8,
    /// Whether the identity acted or was acted on.
    pub how: How,
    /// The target this event brings into the chain, followed from here on.
    pub introduces: Option<String>,
}

/// What the start entry's target did next, within a window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chain {
    /// The first identity followed, the start's target; `None`: the start has no
    /// target (or no time), and the chain is empty.
    pub from: Option<String>,
    /// The events, in time order.
    pub hops: Vec<Hop>,
    /// Why the chain stops short, if it does ([`Cut::Events`] over [`Cut::Depth`]).
    pub truncated: Option<Cut>,
    /// The window after the start (ms).
    pub window_ms: i64,
}

/// What one event is to the chain, when it belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// See [`Hop::depth`].
    pub depth: u8,
    /// See [`Hop::how`].
    pub how: How,
    /// See [`Hop::introduces`].
    pub introduces: Option<String>,
    /// The actor is at [`MAX_DEPTH`] and acted on an identity not followed.
    pub deeper: bool,
}

/// The walk over the window's events, in order: who is followed, at what depth.
#[derive(Clone, Debug)]
pub(crate) struct Walk {
    followed: HashMap<String, u8>,
}

/// True if `v` names someone: not empty, not masked whole.
pub(crate) fn identity(v: &&str) -> bool {
    !v.is_empty() && v.strip_prefix(MASK) != Some(" redacted")
}

impl Walk {
    /// A walk following `from` at depth 1.
    pub(crate) fn new(from: &str) -> Walk {
        let mut followed = HashMap::new();
        followed.insert(from.to_string(), 1);
        Walk { followed }
    }

    /// The next event, by its actor and target: its link when it belongs (its
    /// target then followed when it introduces it).
    pub(crate) fn step(&mut self, actor: Option<&str>, target: Option<&str>) -> Option<Link> {
        let target = target.filter(identity);
        let did = actor.filter(identity).and_then(|a| self.followed.get(a));
        if let Some(&depth) = did {
            let mut link = Link {
                depth,
                how: How::Did,
                introduces: None,
                deeper: false,
            };
            if let Some(t) = target.filter(|t| !self.followed.contains_key(*t)) {
                if depth < MAX_DEPTH {
                    self.followed.insert(t.to_string(), depth + 1);
                    link.introduces = Some(t.to_string());
                } else {
                    link.deeper = true;
                }
            }
            return Some(link);
        }
        let &depth = self.followed.get(target?)?;
        Some(Link {
            depth,
            how: How::DoneTo,
            introduces: None,
            deeper: false,
        })
    }
}

/// A cell's one value as text (`None`: missing, `null`, several or nested).
fn scalar(c: Cell<'_>) -> Option<&str> {
    match c {
        Cell::Value(k, s) if k != Kind::Null => Some(s),
        _ => None,
    }
}

/// The chain from the entry `start` over the loaded entries, `window_ms` after it
/// (see the module's rules).
pub fn follow(ds: &Dataset, start: Row, window_ms: i64) -> Chain {
    follow_within(ds, start, window_ms, None)
}

/// [`follow`] over only the rows `fence` keeps (an app view's scope, a host's
/// pinned filters: a chain never steps outside them), when given.
pub fn follow_within(ds: &Dataset, start: Row, window_ms: i64, fence: Option<&RowSet>) -> Chain {
    let mut chain = Chain {
        window_ms,
        ..Chain::default()
    };
    let [actor, action, target] = [Role::Actor, Role::Action, Role::Target].map(|r| ds.role(r));
    let text = |row: Row, node: Option<NodeId>| node.and_then(|n| scalar(ds.store().cell(row, n)));
    let (Some(t0), Some(from)) = (ds.time(start), text(start, target).filter(identity)) else {
        return chain;
    };
    chain.from = Some(from.to_string());
    let end = t0.saturating_add(window_ms.max(0));
    // The window's rows, found by their times, then only those sorted.
    let times = ds.times();
    let mut rows: Vec<Row> = (times.iter().enumerate())
        .filter(|&(r, &t)| t != NO_TIME && t >= t0 && t <= end && r as Row != start)
        .filter(|&(r, _)| fence.is_none_or(|f| f.contains(r as Row)))
        .map(|(r, _)| r as Row)
        .collect();
    rows.sort_unstable_by_key(|&r| (times[r as usize], r));
    let mut walk = Walk::new(from);
    let mut deeper = false;
    for r in rows {
        let Some(link) = walk.step(text(r, actor), text(r, target)) else {
            continue;
        };
        if chain.hops.len() == MAX_EVENTS {
            chain.truncated = Some(Cut::Events);
            return chain;
        }
        deeper |= link.deeper;
        let owned = |n: Option<NodeId>| text(r, n).map(String::from);
        chain.hops.push(Hop {
            entry: ds.entry_key(r),
            time: times[r as usize],
            actor: owned(actor),
            action: owned(action),
            target: owned(target),
            depth: link.depth,
            how: link.how,
            introduces: link.introduces,
        });
    }
    chain.truncated = deeper.then_some(Cut::Depth);
    chain
}

#[cfg(test)]
#[path = "chain_tests.rs"]
pub(crate) mod tests;
