//! Which field means what: time, actor, action, target, app and the rest.
//!
//! Roles are data, as in Grafana's logs frame and lnav's formats: an explicit
//! [`Mapping`] wins role by role, then names, then sampled values (timestamps,
//! e-mail addresses, IP addresses, user agents, low-cardinality action codes).
//! A log with no field for a role leaves it `None`; nothing here panics.
//!
//! One concern per file: [`mapping`] (the `map=` syntax), [`profile`] (what sampling
//! a field finds), [`names`] (the name rules, a table of data), [`score`] (how well a
//! field fits each role, by its name and values); this file holds the roles themselves
//! and detection.

pub mod badge;
pub mod mapping;
mod names;
mod profile;
mod score;
#[cfg(test)]
mod snapshot;

use crate::core::store::{NodeId, Store};
use profile::{Profile, profile};
use score::score;
use std::fmt;

pub use mapping::Mapping;

/// What a field means to an admin.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// When it happened.
    Time,
    /// Who did it (user, actor, principal).
    Actor,
    /// What was done (event type, action).
    Action,
    /// To which thing (entity, resource).
    Target,
    /// In which app or scope (its name when there is one).
    App,
    /// The app's id, when the app role holds a name.
    AppId,
    /// The event's category or group.
    Category,
    /// The client IP address.
    Ip,
    /// The client user agent.
    UserAgent,
    /// How severe: a log level (ERROR, WARN, INFO, DEBUG, TRACE).
    Severity,
    /// Success or failure.
    Outcome,
    /// A human-readable message.
    Message,
    /// The entry's own id.
    Id,
    /// The nested details object.
    Details,
}

impl Role {
    /// Every role, in the order detection assigns them.
    pub(crate) const ALL: [Role; 14] = [
        Role::Time,
        Role::Action,
        Role::Actor,
        Role::App,
        Role::AppId,
        Role::Target,
        Role::Category,
        Role::Ip,
        Role::UserAgent,
        Role::Severity,
        Role::Outcome,
        Role::Message,
        Role::Id,
        Role::Details,
    ];

    /// Roles shown first in the table, in this order.
    pub(crate) const LEADING: [Role; 6] = [
        Role::Time,
        Role::Action,
        Role::Actor,
        Role::App,
        Role::Target,
        Role::Category,
    ];

    /// The URL key (`map=time:published`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Role::Time => "time",
            Role::Actor => "actor",
            Role::Action => "action",
            Role::Target => "target",
            Role::App => "app",
            Role::AppId => "appid",
            Role::Category => "category",
            Role::Ip => "ip",
            Role::UserAgent => "agent",
            Role::Severity => "severity",
            Role::Outcome => "outcome",
            Role::Message => "message",
            Role::Id => "id",
            Role::Details => "details",
        }
    }

    /// The label shown to admins.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Role::Time => "Time",
            Role::Actor => "Actor",
            Role::Action => "Action",
            Role::Target => "Target",
            Role::App => "App",
            Role::AppId => "App id",
            Role::Category => "Category",
            Role::Ip => "IP address",
            Role::UserAgent => "User agent",
            Role::Severity => "Severity",
            Role::Outcome => "Outcome",
            Role::Message => "Message",
            Role::Id => "Entry id",
            Role::Details => "Details",
        }
    }

    /// The role with URL key `key`.
    pub(crate) fn from_key(key: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.key().eq_ignore_ascii_case(key))
    }

    fn index(self) -> usize {
        Role::ALL.iter().position(|&r| r == self).unwrap_or(0)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The field (node) chosen for each role.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Roles([Option<NodeId>; 14]);

impl Roles {
    /// The node for `role`.
    pub(crate) fn get(&self, role: Role) -> Option<NodeId> {
        self.0[role.index()]
    }

    /// Sets the node for `role`.
    pub(crate) fn set(&mut self, role: Role, node: Option<NodeId>) {
        self.0[role.index()] = node;
    }

    /// The role a node plays, if any.
    pub(crate) fn role_of(&self, node: NodeId) -> Option<Role> {
        Role::ALL.into_iter().find(|&r| self.get(r) == Some(node))
    }
}

/// Applies `mapping` over `detected`: mapped roles take their field (if the log has
/// it), `-` clears a role, the rest keep what detection found.
pub(crate) fn resolve(store: &Store, detected: &Roles, mapping: &Mapping) -> Roles {
    let mut roles = detected.clone();
    for (role, path) in &mapping.0 {
        if path == "-" {
            roles.set(*role, None);
        } else if let Some(node) = store.find(path) {
            // A field mapped to one role no longer plays another detected one.
            for r in Role::ALL {
                if r != *role && roles.get(r) == Some(node) && mapping.get(r).is_none() {
                    roles.set(r, None);
                }
            }
            roles.set(*role, Some(node));
        }
    }
    roles
}

/// Detects the field for each role from names and sampled values.
pub(crate) fn detect(store: &Store) -> Roles {
    let profiles: Vec<Profile> = (1..store.nodes().len() as NodeId)
        .filter(|&n| store.node(n).name != "*")
        .map(|n| profile(store, n))
        .filter(|p| p.coverage > 0.0)
        .collect();
    let mut roles = Roles::default();
    let mut taken: Vec<NodeId> = Vec::new();
    for role in Role::ALL {
        // An app found only by its id has no second id.
        if role == Role::AppId
            && roles
                .get(Role::App)
                .is_some_and(|n| app_is_id(&profiles, n))
        {
            continue;
        }
        let best = profiles
            .iter()
            .filter(|p| !taken.contains(&p.node))
            .filter_map(|p| score(role, p).map(|s| (s, p.node)))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, node)) = best {
            roles.set(role, Some(node));
            taken.push(node);
        }
    }
    roles
}

/// Whether the app field `node` is an id (`appId`), not a name.
fn app_is_id(profiles: &[Profile], node: NodeId) -> bool {
    profiles
        .iter()
        .find(|p| p.node == node)
        .is_some_and(|p| names::name_score(Role::AppId, &p.name, &p.parent, p.depth).is_some())
}

/// Every field with values (and every object), profiled once: for offering,
/// ranking and explaining the fields of several roles.
pub(crate) struct Fields<'a> {
    store: &'a Store,
    profiles: Vec<Profile>,
}

impl<'a> Fields<'a> {
    /// Profiles the fields of `store`.
    pub(crate) fn new(store: &'a Store) -> Self {
        let profiles = (1..store.nodes().len() as NodeId)
            .filter(|&n| {
                let node = store.node(n);
                node.container || node.leaf.is_some()
            })
            .map(|n| profile(store, n))
            .collect();
        Fields { store, profiles }
    }

    /// Fields that may play `role`: objects for details, fields with values otherwise.
    fn eligible(&self, role: Role) -> impl Iterator<Item = &Profile> {
        self.profiles.iter().filter(move |p| {
            if role == Role::Details {
                p.container
            } else {
                self.store.node(p.node).leaf.is_some()
            }
        })
    }

    /// [`candidates`] for `role`.
    pub(crate) fn candidates(&self, role: Role) -> Vec<NodeId> {
        let mut scored: Vec<(f64, NodeId)> = self
            .eligible(role)
            .map(|p| (score(role, p).unwrap_or(-100.0 - p.depth as f64), p.node))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.into_iter().map(|(_, n)| n).collect()
    }

    /// Why `role` has the field it has in `current`, and which field would come next.
    pub(crate) fn explain(&self, role: Role, current: &Roles) -> Explanation {
        let chosen = current.get(role);
        let next = self
            .eligible(role)
            .filter(|p| Some(p.node) != chosen)
            .filter_map(|p| score(role, p).map(|s| (s, p)))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.node.cmp(&a.1.node)))
            .map(|(_, p)| p);
        let chosen = chosen
            .and_then(|n| self.profiles.iter().find(|p| p.node == n))
            .map(|p| {
                let mut pick = self.pick(role, p);
                pick.reasons.extend(self.beaten(role, p));
                pick
            });
        Explanation {
            chosen,
            runner_up: next.map(|p| self.pick(role, p)),
        }
    }

    /// The reason `p` plays `role` over the field that would have, but for the
    /// rules that prefer the entry's own fields and actions of many values.
    fn beaten(&self, role: Role, p: &Profile) -> Option<String> {
        let cs = score(role, p)?;
        self.eligible(role)
            .filter(|q| q.node != p.node)
            .filter_map(|q| {
                let lift = score::handicap(role, p, q);
                let s = score(role, q)? + lift;
                (lift > 0.0 && s >= cs).then_some((s, q))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.node.cmp(&a.1.node)))
            .map(|(_, q)| score::preferred(p, q, &self.store.node(q.node).path))
    }

    fn pick(&self, role: Role, p: &Profile) -> Pick {
        let node = self.store.node(p.node);
        let parent = if node.parent == crate::core::store::ROOT {
            ""
        } else {
            self.store.node(node.parent).path.as_str()
        };
        Pick {
            node: p.node,
            reasons: score::reasons(role, p, &node.name, parent),
        }
    }
}

/// A field and why it fits a role.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pick {
    /// The field.
    pub node: NodeId,
    /// Why, in words, main reasons first.
    pub reasons: Vec<String>,
}

/// Why a role has its field, and which field would come next.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Explanation {
    /// The field playing the role now, with the reasons it fits.
    pub chosen: Option<Pick>,
    /// The best-scoring other field that could play it.
    pub runner_up: Option<Pick>,
}

/// The table's default columns: role fields first (time, action, actor, app, target,
/// category, severity, outcome), then the other top-level fields in the order the log has them.
pub(crate) fn default_columns(store: &Store, roles: &Roles) -> Vec<NodeId> {
    let mut cols: Vec<NodeId> = Role::LEADING
        .iter()
        .chain(&[Role::Severity, Role::Outcome])
        .filter_map(|&r| roles.get(r))
        .collect();
    for &n in store.top_level() {
        if !cols.contains(&n) {
            cols.push(n);
        }
    }
    cols
}

#[cfg(test)]
mod tests;
