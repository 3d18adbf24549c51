//! Follow the actor on the table, as the session hands it to the driver: the start
//! entry by its id, then the events of those followed, depth by depth, each query
//! made from the answers before it ([`Reading::next`]); what they read is walked
//! with memory's [`Walk`], so the chain is memory's ([`crate::core::explain::chain`]).
//!
//! The walk needs, for each identity it follows, every event of the window that
//! touches it after the event that brought it in. A query asks for the events of
//! the identities not yet read that far, after the earliest point the walk needs
//! (the first time: the whole window for the start's target; then, for the
//! identities it brings in, after the first of those events): usually one query per
//! depth. A query that comes back full ([`MAX_EVENTS`] + 1 events) is read only up
//! to its last event; the walk is certain up to the first point where some
//! identity's events may be missing, and the next query goes on from there. So the
//! chain is exact: the walk's order is the table's (time, then id), and it stops
//! when its first [`MAX_EVENTS`] + 1 hops are certain or every identity followed is
//! read to the window's end. After [`MAX_ASKS`] queries of events it stops at what
//! is certain and says it is cut ([`Cut::Events`]).

use super::answer::Compact;
use super::chain_sql::{ChainCols, Event, Pos};
use super::fault::{Fault, QueryError};
use super::plan::Planner;
use super::query::{Purpose, Query};
use super::reading::Reading;
use super::settings::Settings;
use crate::core::explain::chain::{Chain, Cut, Hop, Link, MAX_EVENTS, Walk, identity};
use crate::core::json::path::child;
use crate::core::query::FilterSpec;
use std::collections::BTreeMap;

/// Queries of events sent at most, after the start entry's.
pub(crate) const MAX_ASKS: usize = 12;

/// A point of the walk: before the window's events, at one, or after them all.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Edge {
    Start,
    At(Pos),
    End,
}

/// The events to ask for: those of `who` after `after`.
#[derive(Clone, Debug, PartialEq)]
struct Ask {
    who: Vec<String>,
    after: Edge,
}

/// What the answers so far tell.
#[derive(Debug, Default)]
struct Known {
    /// The start entry, once read (`None`: no such entry).
    start: Option<Event>,
    /// The window's events read, in the walk's order.
    events: BTreeMap<Pos, Event>,
    /// Each identity asked for: its events are all read after the first point and
    /// up to the second.
    read: Vec<(String, (Edge, Edge))>,
    /// Queries of events answered.
    asked: usize,
}

/// The walk over what is known.
struct Walked<'a> {
    /// The events that belong, with their links: at most [`MAX_EVENTS`] + 1.
    links: Vec<(&'a Event, Link)>,
    /// How many of `links` are certain.
    certain: usize,
    /// Each identity followed, with the point from which its events are needed.
    followed: Vec<(String, Edge)>,
    /// The point up to which every identity followed is read.
    horizon: Edge,
}

/// Following the actor from one entry: its queries and how to read their answers.
#[derive(Clone, Debug)]
pub(crate) struct Chaining {
    planner: Planner,
    settings: Settings,
    fence: FilterSpec,
    cols: ChainCols,
    window_ms: i64,
    queries: Vec<Query>,
}

impl Chaining {
    /// The chain from the entry whose id is `key`, `window_ms` after it, among the
    /// rows `fence` keeps (the app scope, a host's pinned filters); `None` when the
    /// table cannot place events exactly (see [`Planner::chain_cols`]).
    pub(crate) fn new(
        planner: Planner,
        settings: &Settings,
        fence: &FilterSpec,
        key: &str,
        window_ms: i64,
    ) -> Option<Chaining> {
        let cols = planner.chain_cols()?;
        let start = planner.chain_start(&cols, fence, key);
        Some(Chaining {
            queries: vec![Query::new(start, settings, None, Purpose::Chain)],
            settings: settings.clone(),
            fence: fence.clone(),
            cols,
            window_ms,
            planner,
        })
    }

    /// What `answers` tell, each after the query the ones before it called for.
    fn known(&self, answers: &[Compact]) -> Known {
        let mut k = Known::default();
        let Some((first, rest)) = answers.split_first() else {
            return k;
        };
        k.start = self
            .planner
            .read_events(&self.cols, first)
            .into_iter()
            .next();
        for a in rest {
            let Err(ask) = self.outcome(&k) else {
                break;
            };
            k.absorb(&ask, self.planner.read_events(&self.cols, a));
        }
        k
    }

    /// The chain when what is known settles it, else what to ask next.
    fn outcome(&self, k: &Known) -> Result<Chain, Ask> {
        let mut chain = Chain {
            window_ms: self.window_ms,
            ..Chain::default()
        };
        let from = k.start.as_ref().and_then(|s| s.target.as_deref());
        let Some(from) = from.filter(identity) else {
            return Ok(chain);
        };
        chain.from = Some(from.to_string());
        let w = k.walk(from);
        let (hops, cut) = if w.certain > MAX_EVENTS {
            (MAX_EVENTS, Some(Cut::Events))
        } else if w.horizon == Edge::End {
            let deeper = w.links.iter().any(|(_, l)| l.deeper);
            (w.links.len(), deeper.then_some(Cut::Depth))
        } else if k.asked >= MAX_ASKS {
            (w.certain, Some(Cut::Events))
        } else {
            return Err(Ask {
                who: (w.followed.iter())
                    .filter(|(x, intro)| k.through(x, intro) < Edge::End)
                    .map(|(x, _)| x.clone())
                    .collect(),
                after: w.horizon,
            });
        };
        chain.hops = w.links[..hops].iter().map(|(e, l)| hop(e, l)).collect();
        chain.truncated = cut;
        Ok(chain)
    }

    /// The query of `ask`.
    fn query(&self, k: &Known, ask: &Ask) -> Option<Query> {
        let start = k.start.as_ref()?;
        let after = match &ask.after {
            Edge::At(p) => Some(k.events.get(p)?),
            _ => None,
        };
        let sql = self.planner.chain_events(
            &self.cols,
            &self.fence,
            (start, self.window_ms),
            &ask.who,
            after,
        );
        Some(Query::new(sql, &self.settings, None, Purpose::Chain))
    }
}

impl Known {
    /// Takes the events read for `ask`.
    fn absorb(&mut self, ask: &Ask, events: Vec<Event>) {
        // A full answer is read up to its last event.
        let through = match events.get(MAX_EVENTS) {
            Some(_) => Edge::At(events[events.len() - 1].pos.clone()),
            None => Edge::End,
        };
        for e in events {
            self.events.entry(e.pos.clone()).or_insert(e);
        }
        let new = (ask.after.clone(), through);
        for x in &ask.who {
            match self.read.iter_mut().find(|(y, _)| y == x) {
                // Spans that meet are one; else the new one.
                Some((_, old)) if new.0 <= old.1 && old.0 <= new.1 => {
                    *old = (
                        old.0.clone().min(new.0.clone()),
                        old.1.clone().max(new.1.clone()),
                    )
                }
                Some((_, old)) => *old = new.clone(),
                None => self.read.push((x.clone(), new.clone())),
            }
        }
        self.asked += 1;
    }

    /// The point up to which the events of `x`, needed after `intro`, are read.
    fn through(&self, x: &str, intro: &Edge) -> Edge {
        match self.read.iter().find(|(y, _)| y == x) {
            Some((_, (after, upto))) if after <= intro && upto >= intro => upto.clone(),
            _ => intro.clone(),
        }
    }

    /// The walk from `from` over the events read.
    fn walk(&self, from: &str) -> Walked<'_> {
        let mut walk = Walk::new(from);
        let mut w = Walked {
            links: Vec::new(),
            certain: usize::MAX,
            followed: vec![(from.to_string(), Edge::Start)],
            horizon: self.through(from, &Edge::Start),
        };
        for (pos, e) in &self.events {
            if w.certain == usize::MAX && !before(pos, &w.horizon) {
                w.certain = w.links.len();
            }
            let Some(link) = walk.step(e.actor.as_deref(), e.target.as_deref()) else {
                continue;
            };
            if let Some(x) = &link.introduces {
                let at = Edge::At(pos.clone());
                w.horizon = w.horizon.min(self.through(x, &at));
                w.followed.push((x.clone(), at));
            }
            w.links.push((e, link));
            if w.links.len() > MAX_EVENTS {
                break;
            }
        }
        w.certain = w.certain.min(w.links.len());
        w
    }
}

/// True if an event at `pos` is read for every identity followed up to `horizon`.
fn before(pos: &Pos, horizon: &Edge) -> bool {
    match horizon {
        Edge::Start => false,
        Edge::At(h) => pos <= h,
        Edge::End => true,
    }
}

/// The hop of event `e`.
fn hop(e: &Event, l: &Link) -> Hop {
    Hop {
        entry: e.entry.clone(),
        time: e.pos.secs * 1000,
        actor: e.actor.clone(),
        action: e.action.clone(),
        target: e.target.clone(),
        depth: l.depth,
        how: l.how,
        introduces: l.introduces.clone(),
    }
}

impl Reading for Chaining {
    type Out = Chain;

    /// The start entry's query.
    fn queries(&self) -> &[Query] {
        &self.queries
    }

    /// The next query of events, while the answers leave the chain open.
    fn next(&self, answers: &[Compact]) -> Option<Query> {
        let k = self.known(answers);
        let ask = self.outcome(&k).err()?;
        self.query(&k, &ask)
    }

    /// The chain; a driver that stopped asking early gets what is certain, cut.
    fn digest(&self, answers: Vec<Result<Compact, Fault>>) -> Result<Chain, QueryError> {
        let mut read = Vec::with_capacity(answers.len());
        for a in answers {
            match a {
                Ok(a) => read.push(a),
                Err(f) => {
                    let sql = match read.is_empty() {
                        true => Some(self.queries[0].clone()),
                        false => self.next(&read),
                    };
                    let sql = sql.map(|q| q.sql.text).unwrap_or_default();
                    return Err(QueryError::new(&f, self.planner.redaction(), &sql));
                }
            }
        }
        let k = self.known(&read);
        let chain = self.outcome(&k).unwrap_or_else(|_| {
            // Asked all it may: what is certain.
            let k = Known {
                asked: MAX_ASKS,
                ..k
            };
            self.outcome(&k).unwrap_or_default()
        });
        Ok(self.masked(chain))
    }
}

impl Chaining {
    /// `chain` as shown: every text through the source's redaction, as the facets
    /// and the breakdown show theirs (the walk compared the server's own text).
    fn masked(&self, mut chain: Chain) -> Chain {
        let r = self.planner.redaction();
        let columns = &self.planner.schema().columns;
        let path = |c: Option<usize>| c.map(|i| child("", &columns[i].name));
        let (actor, action, target) = (
            path(self.cols.actor),
            path(self.cols.action),
            path(self.cols.target),
        );
        let mask = |p: &Option<String>, v: &mut Option<String>| {
            if let (Some(p), Some(text)) = (p, v.as_mut()) {
                *text = r.mask_value(p, text).into_owned();
            }
        };
        mask(&target, &mut chain.from);
        for h in &mut chain.hops {
            mask(&actor, &mut h.actor);
            mask(&action, &mut h.action);
            mask(&target, &mut h.target);
            mask(&target, &mut h.introduces);
        }
        chain
    }
}
