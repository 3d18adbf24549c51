//! Which field means what: time, actor, action, target, app and the rest.
//!
//! Roles are data, as in Grafana's logs frame and lnav's formats: an explicit
//! [`Mapping`] wins role by role, then names, then sampled values (timestamps,
//! e-mail addresses, IP addresses, user agents, low-cardinality action codes).
//! A log with no field for a role leaves it `None`; nothing here panics.

use crate::core::badge;
use crate::core::dict::Kind;
use crate::core::store::{NodeId, ROOT, Store};
use crate::core::time;
use std::fmt;

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
    pub const ALL: [Role; 14] = [
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
    pub const LEADING: [Role; 6] = [
        Role::Time,
        Role::Action,
        Role::Actor,
        Role::App,
        Role::Target,
        Role::Category,
    ];

    /// The URL key (`map=time:published`).
    pub fn key(self) -> &'static str {
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
    pub fn label(self) -> &'static str {
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
    pub fn from_key(key: &str) -> Option<Role> {
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
pub struct Roles([Option<NodeId>; 14]);

impl Roles {
    /// The node for `role`.
    pub fn get(&self, role: Role) -> Option<NodeId> {
        self.0[role.index()]
    }

    /// Sets the node for `role`.
    pub fn set(&mut self, role: Role, node: Option<NodeId>) {
        self.0[role.index()] = node;
    }

    /// The role a node plays, if any.
    pub fn role_of(&self, node: NodeId) -> Option<Role> {
        Role::ALL.into_iter().find(|&r| self.get(r) == Some(node))
    }
}

/// Explicit role choices, as in `map=time:published,actor:actor.alternateId`.
/// A path of `-` means "no field for this role".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mapping(pub Vec<(Role, String)>);

impl Mapping {
    /// Parses the URL form; unknown roles and empty parts are ignored.
    pub fn parse(s: &str) -> Mapping {
        let mut out: Vec<(Role, String)> = Vec::new();
        for part in s.split(',') {
            let Some((k, v)) = part.split_once(':') else {
                continue;
            };
            let (Some(role), v) = (Role::from_key(k.trim()), v.trim()) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            out.retain(|(r, _)| *r != role);
            out.push((role, v.to_string()));
        }
        Mapping(out)
    }

    /// The URL form (empty when nothing is mapped).
    pub fn to_param(&self) -> String {
        self.0
            .iter()
            .map(|(r, p)| format!("{}:{p}", r.key()))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The explicit path for `role`, if any.
    pub fn get(&self, role: Role) -> Option<&str> {
        self.0
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, p)| p.as_str())
    }

    /// Sets (or, with `None`, removes) the explicit path for `role`.
    pub fn set(&mut self, role: Role, path: Option<&str>) {
        self.0.retain(|(r, _)| *r != role);
        if let Some(p) = path {
            self.0.push((role, p.to_string()));
        }
    }
}

/// Applies `mapping` over `detected`: mapped roles take their field (if the log has
/// it), `-` clears a role, the rest keep what detection found.
pub fn resolve(store: &Store, detected: &Roles, mapping: &Mapping) -> Roles {
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

/// Values sampled per field.
const SAMPLE: usize = 200;

/// What sampling a field found.
#[derive(Clone, Debug, Default)]
struct Profile {
    node: NodeId,
    /// Normalised last key: lower case, no `_ - @ .`.
    name: String,
    /// Normalised parent key ("" at top level).
    parent: String,
    depth: usize,
    in_array: bool,
    container: bool,
    has_leaf: bool,
    /// Share of entries that have a value here.
    coverage: f64,
    /// Share of sampled values of each sort.
    times: f64,
    emails: f64,
    ips: f64,
    agents: f64,
    codes: f64,
    numbers: f64,
    /// Share of sampled values that read as a severity level / an outcome.
    levels: f64,
    outcomes: f64,
    /// Distinct sampled values / sampled values (0 when too few to tell).
    distinct: f64,
    avg_len: f64,
}

fn norm(s: &str) -> String {
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

fn profile(store: &Store, node: NodeId) -> Profile {
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
        depth,
        in_array: n.path.contains("[]"),
        container: n.container,
        ..Default::default()
    };
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
    pr.avg_len = len as f64 / nn;
    if non_null == 0 {
        pr.coverage = 0.0;
    }
    pr
}

fn name_in(name: &str, list: &[&str]) -> bool {
    list.contains(&name)
}

/// Score of `p` for `role`; `None` if it cannot play it.
fn score(role: Role, p: &Profile) -> Option<f64> {
    if role != Role::Details && !p.has_leaf {
        return None;
    }
    let n = p.name.as_str();
    let parent = p.parent.as_str();
    let scalar = !p.container || p.coverage > 0.0 && p.times + p.codes + p.emails + p.numbers > 0.0;
    let base = p.coverage * 2.0 - p.depth as f64 * 0.6 - if p.in_array { 2.0 } else { 0.0 };
    let s = match role {
        Role::Time => {
            let name = match n {
                "eventtime" | "occurredat" | "timestamp" | "time" | "eventtimestamp"
                | "occurred" | "happenedat" => 10.0,
                "published" | "date" | "datetime" | "ts" | "when" | "at" | "loggedat"
                | "logtime" | "eventdate" => 8.0,
                "createdat" | "created" | "createdtime" | "creationtime" | "createdon"
                | "createddate" => 7.0,
                _ if n.contains("updated")
                    || n.contains("modified")
                    || n.contains("received")
                    || n.contains("ingest")
                    || n.contains("indexed")
                    || n.contains("expire")
                    || n.contains("deleted")
                    || n.contains("last") =>
                {
                    1.0
                }
                _ if n.contains("time") || n.contains("date") || n.ends_with("at") => 4.0,
                _ => 2.0,
            };
            // A field named as the event time may mix encodings and hold some
            // unreadable values; any other field must read as times almost throughout.
            let needed = if name >= 8.0 { 0.5 } else { 0.8 };
            if p.times < needed {
                return None;
            }
            name + p.times * 2.0
        }
        Role::Actor => {
            if !scalar || p.numbers > 0.9 && !n.contains("id") {
                return None;
            }
            let actorish = |s: &str| {
                [
                    "user",
                    "actor",
                    "principal",
                    "identity",
                    "performer",
                    "initiator",
                    "author",
                    "by",
                    "account",
                    "member",
                    "admin",
                    "operator",
                ]
                .iter()
                .any(|k| s.contains(k))
            };
            let name = if name_in(
                n,
                &[
                    "useremail",
                    "actoremail",
                    "performedby",
                    "actor",
                    "user",
                    "username",
                    "userlogin",
                    "principal",
                    "initiatedby",
                    "createdby",
                    "author",
                    "login",
                ],
            ) {
                9.0
            } else if actorish(parent)
                && name_in(
                    n,
                    &[
                        "email",
                        "alternateid",
                        "username",
                        "login",
                        "name",
                        "displayname",
                        "arn",
                        "id",
                        "userid",
                        "principalid",
                        "upn",
                    ],
                )
            {
                8.0 + if n == "email" || n == "alternateid" {
                    0.5
                } else {
                    0.0
                }
            } else if actorish(n) && !n.contains("agent") {
                6.0
            } else if n == "email" {
                5.0
            } else {
                return None;
            };
            name + p.emails * 2.0
                - if n.contains("id") && p.emails < 0.5 {
                    1.0
                } else {
                    0.0
                }
        }
        Role::Action => {
            if !scalar || p.numbers > 0.5 {
                return None;
            }
            let name = match n {
                "type" | "action" | "eventtype" | "eventname" | "event" | "activity"
                | "operation" | "actiontype" | "eventaction" => 10.0,
                "name" | "kind" | "verb" | "method" | "act" => 4.0,
                _ if n.ends_with("action") || n.ends_with("eventtype") || n.ends_with("event") => {
                    6.0
                }
                _ => return None,
            };
            name + p.codes * 2.0 + if p.distinct < 0.3 { 1.0 } else { 0.0 }
        }
        Role::Target => {
            if !scalar {
                return None;
            }
            let targetish = |s: &str| {
                ["target", "resource", "entity", "object", "item", "record"]
                    .iter()
                    .any(|k| s.contains(k))
            };
            if name_in(
                n,
                &[
                    "target",
                    "resource",
                    "entity",
                    "object",
                    "targetid",
                    "targetname",
                    "resourceid",
                    "resourcename",
                    "entityid",
                    "entityname",
                    "objectid",
                    "objectname",
                    "targetuser",
                    "item",
                    "record",
                ],
            ) {
                9.0
            } else if targetish(parent)
                && name_in(
                    n,
                    &[
                        "id",
                        "name",
                        "displayname",
                        "alternateid",
                        "email",
                        "type",
                        "key",
                    ],
                )
            {
                8.0 + if n == "displayname" || n == "name" || n == "alternateid" {
                    0.5
                } else {
                    0.0
                }
            } else {
                return None;
            }
        }
        Role::App => {
            if !scalar {
                return None;
            }
            match n {
                "appname" | "applicationname" | "app" | "application" | "clientname" => 10.0,
                "project" | "projectname" | "workspace" | "workspacename" | "scope" | "tenant"
                | "service" | "servicename" => 6.0,
                "name" | "displayname"
                    if matches!(parent, "app" | "application" | "client" | "project") =>
                {
                    9.0
                }
                _ => return None,
            }
        }
        Role::AppId => match n {
            "appid" | "applicationid" | "clientid" | "projectid" | "workspaceid" => 10.0,
            "id" if matches!(parent, "app" | "application" | "client" | "project") => 9.0,
            _ => return None,
        },
        Role::Category => {
            if !scalar || p.distinct > 0.5 {
                return None;
            }
            match n {
                "category" | "eventcategory" | "group" | "eventgroup" | "section" | "area"
                | "module" | "logtype" | "eventsource" | "source" | "kind" => 8.0,
                _ => return None,
            }
        }
        Role::Ip => {
            let name = if name_in(
                n,
                &[
                    "ip",
                    "ipaddress",
                    "ipaddr",
                    "sourceipaddress",
                    "clientip",
                    "clientipaddress",
                    "remoteaddr",
                    "remoteip",
                    "srcip",
                    "sourceip",
                    "callerip",
                ],
            ) {
                9.0
            } else if n.contains("ip") {
                5.0
            } else if p.ips > 0.9 {
                3.0
            } else {
                return None;
            };
            if p.ips < 0.5 {
                return None;
            }
            name + p.ips
        }
        Role::UserAgent => {
            let name = if name_in(
                n,
                &[
                    "useragent",
                    "ua",
                    "agent",
                    "rawuseragent",
                    "browser",
                    "client",
                ],
            ) || n.contains("useragent")
            {
                9.0
            } else {
                return None;
            };
            name + p.agents
        }
        Role::Severity => {
            let name = match n {
                "level" | "severity" | "loglevel" | "levelname" | "severitytext" | "lvl" => 9.0,
                "priority" | "severitynumber" | "syslogseverity" => 6.0,
                _ => return None,
            };
            if p.levels < 0.8 {
                return None;
            }
            name + p.levels
        }
        Role::Outcome => {
            let name = match n {
                "outcome" | "success" | "succeeded" => 9.0,
                "result" if parent == "outcome" => 10.0,
                "result" | "status" | "statuscode" | "httpstatus" | "responsestatus"
                | "responsecode" => 7.0,
                "errorcode" | "error" => 5.0,
                _ => return None,
            };
            // An error field names the failures; others must read as outcomes.
            if p.distinct > 0.3 || name != 5.0 && p.outcomes < 0.5 {
                return None;
            }
            name + p.outcomes
        }
        Role::Message => match n {
            "message" | "msg" | "description" | "summary" | "displaymessage" | "text" => {
                7.0 + (p.avg_len / 40.0).min(1.0)
            }
            _ => return None,
        },
        Role::Id => {
            if p.distinct > 0.0 && p.distinct < 0.9 {
                return None;
            }
            match n {
                "id" | "uuid" | "eventid" | "logid" | "auditid" | "entryid" | "uid" | "guid"
                | "requestid" | "eventuuid" => 9.0,
                _ if n.ends_with("id") && p.depth == 1 => 3.0,
                _ => return None,
            }
        }
        Role::Details => {
            if !p.container || p.depth != 1 {
                return None;
            }
            match n {
                "data" | "details" | "detail" | "metadata" | "meta" | "payload" | "context"
                | "changes" | "requestparameters" | "attributes" | "extra" | "properties"
                | "params" | "body" => 9.0,
                _ => 3.0,
            }
        }
    };
    Some(s + base)
}

/// Detects the field for each role from names and sampled values.
pub fn detect(store: &Store) -> Roles {
    let profiles: Vec<Profile> = (1..store.nodes().len() as NodeId)
        .filter(|&n| store.node(n).name != "*")
        .map(|n| profile(store, n))
        .filter(|p| p.coverage > 0.0)
        .collect();
    let mut roles = Roles::default();
    let mut taken: Vec<NodeId> = Vec::new();
    for role in Role::ALL {
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

/// Fields an admin may choose for `role` (best guesses first): every field with
/// values, containers only for details.
pub fn candidates(store: &Store, role: Role) -> Vec<NodeId> {
    candidates_for(store, &[role]).pop().unwrap_or_default()
}

/// [`candidates`] for each of `roles`, profiling every field once for all of them.
pub fn candidates_for(store: &Store, roles: &[Role]) -> Vec<Vec<NodeId>> {
    let profiles: Vec<(NodeId, bool, Profile)> = (1..store.nodes().len() as NodeId)
        .filter_map(|n| {
            let node = store.node(n);
            (node.container || node.leaf.is_some()).then(|| (n, node.container, profile(store, n)))
        })
        .collect();
    roles
        .iter()
        .map(|&role| {
            let mut scored: Vec<(f64, NodeId)> = profiles
                .iter()
                .filter(|(n, container, _)| {
                    if role == Role::Details {
                        *container
                    } else {
                        store.node(*n).leaf.is_some()
                    }
                })
                .map(|(n, _, p)| (score(role, p).unwrap_or(-100.0 - p.depth as f64), *n))
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            scored.into_iter().map(|(_, n)| n).collect()
        })
        .collect()
}

/// The table's default columns: role fields first (time, action, actor, app, target,
/// category, severity, outcome), then the other top-level fields in the order the log has them.
pub fn default_columns(store: &Store, roles: &Roles) -> Vec<NodeId> {
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
mod tests {
    use super::*;
    use crate::core::ingest::ingest;

    fn load(text: &str) -> Store {
        let mut s = Store::new();
        ingest(&mut s, text.as_bytes().to_vec()).unwrap();
        s
    }

    fn path(s: &Store, roles: &Roles, role: Role) -> Option<String> {
        roles.get(role).map(|n| s.node(n).path.clone())
    }

    #[test]
    fn generated_audit_log_roles() {
        let s = load(include_str!("../../tests/fixtures/sample.json"));
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Time).as_deref(), Some("createdAt"));
        assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("userEmail"));
        assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("type"));
        assert_eq!(path(&s, &r, Role::App).as_deref(), Some("appName"));
        assert_eq!(path(&s, &r, Role::AppId).as_deref(), Some("appId"));
        assert_eq!(path(&s, &r, Role::Category).as_deref(), Some("category"));
        assert_eq!(path(&s, &r, Role::Ip).as_deref(), Some("ip"));
        assert_eq!(path(&s, &r, Role::UserAgent).as_deref(), Some("userAgent"));
        assert_eq!(path(&s, &r, Role::Id).as_deref(), Some("id"));
        assert_eq!(path(&s, &r, Role::Details).as_deref(), Some("data"));
    }

    #[test]
    fn okta_style_nested_actor_and_event_type() {
        let s = load(
            r#"[{"uuid":"a1","published":"2026-01-02T03:04:05.000Z","eventType":"user.session.start",
                 "actor":{"id":"00u1","alternateId":"ada@example.com","displayName":"Ada"},
                 "client":{"ipAddress":"10.0.0.1","userAgent":{"rawUserAgent":"Mozilla/5.0 (X11; Linux) Firefox/128.0"}},
                 "outcome":{"result":"SUCCESS"},"target":[{"id":"t1","displayName":"Payroll"}]},
                {"uuid":"a2","published":"2026-01-02T03:05:05.000Z","eventType":"user.session.end",
                 "actor":{"id":"00u2","alternateId":"grace@example.com","displayName":"Grace"},
                 "client":{"ipAddress":"10.0.0.2","userAgent":{"rawUserAgent":"Mozilla/5.0 (X11; Linux) Firefox/128.0"}},
                 "outcome":{"result":"FAILURE"},"target":[{"id":"t2","displayName":"Wiki"}]}]"#,
        );
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Time).as_deref(), Some("published"));
        assert_eq!(
            path(&s, &r, Role::Actor).as_deref(),
            Some("actor.alternateId")
        );
        assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("eventType"));
        assert_eq!(path(&s, &r, Role::Ip).as_deref(), Some("client.ipAddress"));
        assert_eq!(
            path(&s, &r, Role::UserAgent).as_deref(),
            Some("client.userAgent.rawUserAgent")
        );
        assert_eq!(
            path(&s, &r, Role::Outcome).as_deref(),
            Some("outcome.result")
        );
        assert_eq!(
            path(&s, &r, Role::Target).as_deref(),
            Some("target[].displayName")
        );
    }

    #[test]
    fn cloudtrail_style_identity_arn_and_event_name() {
        let s = load(
            r#"{"Records":[{"eventTime":"2026-03-01T10:00:00Z","eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com",
                "userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/ada"},"sourceIPAddress":"1.2.3.4",
                "userAgent":"Mozilla/5.0 (Macintosh) Safari/605.1.15","requestParameters":{"x":1}}]}"#,
        );
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Time).as_deref(), Some("eventTime"));
        assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("eventName"));
        assert_eq!(
            path(&s, &r, Role::Actor).as_deref(),
            Some("userIdentity.arn")
        );
        assert_eq!(path(&s, &r, Role::Ip).as_deref(), Some("sourceIPAddress"));
        assert_eq!(
            path(&s, &r, Role::Details).as_deref(),
            Some("requestParameters")
        );
    }

    #[test]
    fn actor_found_in_nested_data_or_user_objects() {
        let s = load(
            r#"[{"ts":1767225600,"type":"app.update","data":{"_userEmail":"ada@x.test","n":1}},
                         {"ts":1767225601,"type":"app.publish","data":{"_userEmail":"bob@x.test","n":2}}]"#,
        );
        let r = detect(&s);
        assert_eq!(
            path(&s, &r, Role::Actor).as_deref(),
            Some("data._userEmail")
        );
        assert_eq!(
            path(&s, &r, Role::Time).as_deref(),
            Some("ts"),
            "epoch seconds are times"
        );
        let s = load(
            r#"[{"at":"2026-01-01T00:00:00Z","event":"login","user":{"id":7,"username":"ada"}}]"#,
        );
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("user.username"));
        assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("event"));
    }

    #[test]
    fn event_time_beats_created_and_updated() {
        let s = load(
            r#"[{"updated_at":"2026-01-03T00:00:00Z","received":"2026-01-03T00:00:00Z","timestamp":1767225600,"created":"2026-01-02T00:00:00Z"}]"#,
        );
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Time).as_deref(), Some("timestamp"));
    }

    #[test]
    fn severity_and_outcome_are_their_own_roles() {
        let s = load(
            r#"[{"time":"2026-01-01T00:00:00Z","level":"ERROR","status":200,"msg":"a"},
                {"time":"2026-01-01T00:00:01Z","level":"warning","status":403,"msg":"b"},
                {"time":"2026-01-01T00:00:02Z","level":"Info","status":500,"msg":"c"}]"#,
        );
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Severity).as_deref(), Some("level"));
        assert_eq!(path(&s, &r, Role::Outcome).as_deref(), Some("status"));
        let s = load(include_str!("../../tests/fixtures/trust-log.json"));
        let r = detect(&s);
        for (role, want) in [
            (Role::Severity, "level"),
            (Role::Outcome, "outcome"),
            (Role::Target, "target"),
            (Role::Actor, "actor"),
            (Role::Action, "action"),
            (Role::Ip, "ip"),
        ] {
            assert_eq!(path(&s, &r, role).as_deref(), Some(want), "{role}");
        }
        // Syslog numbers, and an error code present only on failures.
        let s = load(
            r#"[{"eventTime":"2026-01-01T00:00:00Z","severity":3,"eventName":"Login","errorCode":"AccessDenied"},
                {"eventTime":"2026-01-01T00:00:01Z","severity":6,"eventName":"Login"}]"#,
        );
        let r = detect(&s);
        assert_eq!(path(&s, &r, Role::Severity).as_deref(), Some("severity"));
        assert_eq!(path(&s, &r, Role::Outcome).as_deref(), Some("errorCode"));
        // A status that is not an outcome (a workflow state) is not taken.
        let s = load(
            r#"[{"time":"2026-01-01T00:00:00Z","status":"pending"},{"time":"2026-01-01T00:00:01Z","status":"scheduled"}]"#,
        );
        assert_eq!(detect(&s).get(Role::Outcome), None);
    }

    #[test]
    fn a_log_without_times_or_users_has_no_such_roles() {
        let s = load(r#"[{"a":1,"b":"x"},{"a":2,"b":"y"}]"#);
        let r = detect(&s);
        assert_eq!(r.get(Role::Time), None);
        assert_eq!(r.get(Role::Actor), None);
    }

    #[test]
    fn mapping_parses_overrides_and_round_trips() {
        let m = Mapping::parse("time:published, actor:actor.alternateId,bogus:x,action:eventType");
        assert_eq!(m.get(Role::Actor), Some("actor.alternateId"));
        assert_eq!(m.0.len(), 3);
        assert_eq!(Mapping::parse(&m.to_param()), m);
    }

    #[test]
    fn explicit_mapping_wins_role_by_role() {
        let s = load(include_str!("../../tests/fixtures/sample.json"));
        let detected = detect(&s);
        let r = resolve(
            &s,
            &detected,
            &Mapping::parse("actor:userName,time:nope,category:-"),
        );
        assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("userName"));
        assert_eq!(
            path(&s, &r, Role::Time).as_deref(),
            Some("createdAt"),
            "unknown path is ignored"
        );
        assert_eq!(r.get(Role::Category), None);
    }

    #[test]
    fn default_columns_put_roles_first() {
        let s = load(include_str!("../../tests/fixtures/sample.json"));
        let r = detect(&s);
        let cols: Vec<_> = default_columns(&s, &r)
            .iter()
            .map(|&n| s.node(n).path.clone())
            .collect();
        assert_eq!(
            &cols[..5],
            ["createdAt", "type", "userEmail", "appName", "category"]
        );
        assert!(cols.contains(&"data".to_string()));
    }
}
