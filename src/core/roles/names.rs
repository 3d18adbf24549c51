//! Which field names suit which role: the name rules as a table of data.
//!
//! Each [`Rule`] says "a field of this name, in this place, scores this much for this
//! role" (or "can never play it"). A role's rules are read in table order and the first
//! that matches decides, as in lnav's formats and Grafana's field roles: the names are
//! data, [`name_score`] the small interpreter. What a field's values look like is
//! weighed afterwards, in [`score`](super::score).
//!
//! Names are compared normalised, as [`profile`](super::profile) keeps them: lower case,
//! with no `_ - @ .` or space (`event_time`, `eventTime` and `@EventTime` are all
//! `eventtime`).

use super::Role;
use super::Role::*;
use Name::{Any, EndsWith, Has, Is, StartsEnds, StartsWith};
use Place::{TopLevel, Under, UnderActor, UnderParams, UnderTarget};

/// The outcome score of an error field (`errorCode`): it names the failures, so its
/// values need not read as outcomes.
pub(super) const ERROR_FIELD: f64 = 5.0;

/// Words of a key that describes who acted (`userIdentity`, `actor`,
/// `authenticationInfo`): what is under it is an attribute of the actor, never the
/// target or the scope.
const ACTOR_WORDS: &[&str] = &[
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
    "caller",
    "requester",
    "authentication",
    "session",
];

/// Words of a key that holds the thing acted on (`resources`, `objectRef`, `target`),
/// unless it also describes the actor.
const TARGET_WORDS: &[&str] = &["target", "resource", "entity", "object", "item", "record"];

/// Keys that hold a request's parameters (`requestParameters.bucketName`).
const PARAMS: &[&str] = &[
    "requestparameters",
    "parameters",
    "params",
    "request",
    "input",
    "args",
    "arguments",
];

/// Names of the thing acted on.
const TARGET_NAMES: &[&str] = &[
    "target",
    "resource",
    "entity",
    "object",
    "targetid",
    "targetname",
    "resourceid",
    "resourcename",
    "resourcearn",
    "entityid",
    "entityname",
    "objectid",
    "objectname",
    "targetuser",
    "item",
    "record",
    "repo",
    "repository",
    "document",
    "file",
    "filename",
];

/// Keys of an object that is the app or scope (`application.name`, `project.id`).
const APP_KEYS: &[&str] = &[
    "app",
    "application",
    "client",
    "project",
    "workspace",
    "service",
    "org",
    "organization",
    "organisation",
    "tenant",
];

/// Names of an app's or scope's id (`app_id`, `client_id`, `org_id`).
const APP_IDS: &[&str] = &[
    "appid",
    "applicationid",
    "clientid",
    "projectid",
    "workspaceid",
    "orgid",
    "organizationid",
    "organisationid",
    "tenantid",
];

/// A test on a normalised key.
#[derive(Clone, Copy, Debug)]
enum Name {
    /// The key is one of these.
    Is(&'static [&'static str]),
    /// The key holds one of these.
    Has(&'static [&'static str]),
    /// The key starts with one of these.
    StartsWith(&'static [&'static str]),
    /// The key ends with one of these.
    EndsWith(&'static [&'static str]),
    /// The key starts with one of the first and ends with one of the second
    /// (`methodName`, `eventType`).
    StartsEnds(&'static [&'static str], &'static [&'static str]),
    /// Any key.
    Any,
}

impl Name {
    /// No key.
    const NONE: Name = Name::Is(&[]);

    fn matches(self, n: &str) -> bool {
        match self {
            Name::Is(list) => list.contains(&n),
            Name::Has(words) => words.iter().any(|w| n.contains(w)),
            Name::StartsWith(starts) => starts.iter().any(|s| n.starts_with(s)),
            Name::EndsWith(ends) => ends.iter().any(|e| n.ends_with(e)),
            Name::StartsEnds(starts, ends) => {
                starts.iter().any(|s| n.starts_with(s)) && ends.iter().any(|e| n.ends_with(e))
            }
            Name::Any => true,
        }
    }
}

/// Where a field must sit for a rule to apply.
#[derive(Clone, Copy, Debug)]
enum Place {
    /// Anywhere.
    Anywhere,
    /// Under a key named one of these.
    Under(&'static [&'static str]),
    /// Under a key that describes who acted ([`ACTOR_WORDS`]).
    UnderActor,
    /// Under a key that holds the thing acted on ([`TARGET_WORDS`]).
    UnderTarget,
    /// Under a request's parameters ([`PARAMS`]).
    UnderParams,
    /// A key of the entry itself, not nested in anything.
    TopLevel,
}

impl Place {
    fn matches(self, parent: &str, depth: usize) -> bool {
        match self {
            Place::Anywhere => true,
            Place::Under(list) => list.contains(&parent),
            Place::UnderActor => actorish(parent),
            Place::UnderTarget => !actorish(parent) && Name::Has(TARGET_WORDS).matches(parent),
            Place::UnderParams => PARAMS.contains(&parent),
            Place::TopLevel => depth == 1,
        }
    }
}

/// One row of the table: a field named `name` (and not `unless`) at `place` scores
/// `score` for `role`; with no score it can never play the role.
#[derive(Clone, Copy, Debug)]
struct Rule {
    role: Role,
    name: Name,
    unless: Name,
    place: Place,
    score: Option<f64>,
}

impl Rule {
    /// A field named `name` scores `score` for `role`, anywhere.
    const fn new(role: Role, name: Name, score: f64) -> Rule {
        Rule {
            role,
            name,
            unless: Name::NONE,
            place: Place::Anywhere,
            score: Some(score),
        }
    }

    /// A field named `name` can never play `role`.
    const fn never(role: Role, name: Name) -> Rule {
        Rule {
            score: None,
            ..Rule::new(role, name, 0.0)
        }
    }

    /// The rule only where the field sits at `place`.
    const fn at(self, place: Place) -> Rule {
        Rule { place, ..self }
    }

    /// The rule only for names that are not also `unless`.
    const fn unless(self, unless: Name) -> Rule {
        Rule { unless, ..self }
    }

    fn matches(&self, role: Role, name: &str, parent: &str, depth: usize) -> bool {
        self.role == role
            && self.name.matches(name)
            && !self.unless.matches(name)
            && self.place.matches(parent, depth)
    }
}

/// The name rules of every role; within a role, the first that matches decides.
#[rustfmt::skip]
const RULES: &[Rule] = &[
    // Time: the event's own time first, then other times; a time of some later
    // bookkeeping (`updatedAt`, `expiresAt`, `lastLogin`) hardly ever.
    Rule::new(Time, Is(&["eventtime", "occurredat", "timestamp", "time", "eventtimestamp",
        "occurred", "happenedat"]), 10.0),
    Rule::new(Time, Is(&["published", "date", "datetime", "ts", "when", "at", "loggedat",
        "logtime", "eventdate"]), 8.0),
    Rule::new(Time, Is(&["createdat", "created", "createdtime", "creationtime", "createdon",
        "createddate"]), 7.0),
    Rule::new(Time, Has(&["updated", "modified", "received", "ingest", "indexed", "expire",
        "deleted", "last"]), 1.0),
    Rule::new(Time, Has(&["time", "date"]), 4.0),
    Rule::new(Time, EndsWith(&["at"]), 4.0),
    Rule::new(Time, Any, 2.0),

    // Actor: who did it, by name, or an attribute of a key that describes the actor.
    Rule::new(Actor, Is(&["useremail", "actoremail", "performedby", "actor", "user", "username",
        "userlogin", "principal", "initiatedby", "createdby", "author", "login", "caller"]), 9.0),
    Rule::new(Actor, Is(&["email", "alternateid"]), 8.5).at(UnderActor),
    Rule::new(Actor, Is(&["username", "login", "name", "displayname", "arn", "id", "userid",
        "principalid", "upn"]), 8.0).at(UnderActor),
    // `userAgent` and `sessionId` describe the actor's client, not who it is.
    Rule::new(Actor, Has(ACTOR_WORDS), 6.0).unless(Has(&["agent", "session"])),
    Rule::new(Actor, Is(&["email"]), 5.0),

    // Action: what describes the actor (`userIdentity.type`) is not what happened,
    // and `resource.type` says what the target is.
    Rule::never(Action, Any).at(UnderActor),
    Rule::never(Action, Is(&["type", "kind", "name"])).at(UnderTarget),
    // Under `events[]` (Google Workspace) or `event` (ECS), the type is a category
    // and the name or action says what happened.
    Rule::new(Action, Is(&["type"]), 7.0).at(Under(&["event", "events"])),
    Rule::new(Action, Is(&["type", "action", "eventtype", "eventname", "event", "activity",
        "operation", "actiontype", "eventaction"]), 10.0),
    // `Log type`, `methodName`, `operationName`.
    Rule::new(Action, StartsEnds(&["event", "activity", "operation", "action", "method", "audit"],
        &["type", "name", "action", "kind", "code"]), 9.0),
    Rule::new(Action, Is(&["logtype", "logaction", "logevent"]), 9.0),
    // `operationName.value`, `events[].name`.
    Rule::new(Action, Is(&["value", "name"]), 9.0)
        .at(Under(&["operationname", "operation", "event", "events", "action", "method"])),
    Rule::new(Action, Is(&["verb", "method"]), 8.0),
    Rule::new(Action, Is(&["name", "act"]), 4.0),
    Rule::new(Action, Is(&["kind"]), 3.0),
    Rule::new(Action, EndsWith(&["action", "eventtype", "event"]), 6.0),

    // Target: what was acted on, never an attribute of the actor. Under `objectRef`
    // or `resources[]`, the name of the thing comes before its id, then its type.
    Rule::never(Target, Any).at(UnderActor),
    Rule::never(Target, Has(ACTOR_WORDS)).unless(StartsWith(&["target"])),
    Rule::new(Target, Is(&["name", "displayname", "title", "arn"]), 9.5).at(UnderTarget),
    // `resources[].ResourceName`, `objectRef.objectName`.
    Rule::new(Target, Is(&["resourcename", "targetname", "objectname", "entityname", "itemname",
        "recordname", "filename", "documentname"]), 9.5).at(UnderTarget),
    Rule::new(Target, Is(&["alternateid"]), 9.0).at(UnderTarget),
    Rule::new(Target, Is(&["id", "key", "email", "uri", "path"]), 8.5).at(UnderTarget),
    Rule::new(Target, Is(TARGET_NAMES), 7.0).at(UnderTarget),
    Rule::new(Target, Is(&["type", "kind"]), 6.0).at(UnderTarget),
    Rule::never(Target, Any).at(UnderTarget),
    Rule::new(Target, Is(&["targetid", "resourceid", "entityid", "objectid"]), 8.5),
    Rule::new(Target, Is(TARGET_NAMES), 9.0),
    // `requestParameters.bucketName`.
    Rule::new(Target, EndsWith(&["name", "id", "arn", "key"]), 7.0).at(UnderParams),

    // App: the product, service, workspace, namespace or organisation of the event.
    Rule::never(App, Any).at(UnderActor),
    Rule::new(App, Is(&["appname", "applicationname", "app", "application", "clientname"]), 10.0),
    Rule::new(App, Is(&["name", "displayname"]), 9.0).at(Under(APP_KEYS)),
    Rule::new(App, Is(&["project", "projectname", "workspace", "workspacename", "scope", "tenant",
        "tenantname", "service", "servicename", "namespace", "org", "organization",
        "organisation", "orgname", "organizationname", "product", "productname",
        "resourcegroup", "resourcegroupname"]), 6.0),
    Rule::new(App, Is(&["eventsource"]), 5.5),
    // A scope named by its path (`repo: acme/payroll`, `resourcePath`) or id, after the
    // names; under the target they are the thing acted on.
    Rule::never(App, Is(&["repo", "repository", "resourcepath"])).at(UnderTarget),
    Rule::never(App, Is(APP_IDS)).at(UnderTarget),
    Rule::new(App, Is(&["repo", "repository", "resourcepath"]), 5.0),
    // With no name for the app, its id is the app (and there is no app id).
    Rule::new(App, Is(APP_IDS), 4.5),
    Rule::new(App, Is(&["id"]), 4.5).at(Under(APP_KEYS)),

    // App id: the app's id, when the app role holds a name.
    Rule::new(AppId, Is(APP_IDS), 10.0),
    Rule::new(AppId, Is(&["id"]), 9.0).at(Under(APP_KEYS)),

    Rule::new(Category, Is(&["category", "eventcategory", "group", "eventgroup", "section", "area",
        "module", "eventsource", "source", "kind"]), 8.0),

    // IP address: a field of IP addresses of any name may play it too (see `score`).
    Rule::new(Ip, Is(&["ip", "ipaddress", "ipaddr", "sourceipaddress", "clientip",
        "clientipaddress", "remoteaddr", "remoteip", "srcip", "sourceip", "callerip"]), 9.0),
    Rule::new(Ip, Has(&["ip"]), 5.0),

    Rule::new(UserAgent, Is(&["useragent", "ua", "agent", "rawuseragent", "browser", "client"]),
        9.0),
    Rule::new(UserAgent, Has(&["useragent"]), 9.0),

    Rule::new(Severity, Is(&["level", "severity", "loglevel", "levelname", "severitytext", "lvl"]),
        9.0),
    Rule::new(Severity, Is(&["priority", "severitynumber", "syslogseverity"]), 6.0),

    Rule::new(Outcome, Is(&["outcome", "success", "succeeded"]), 9.0),
    Rule::new(Outcome, Is(&["result"]), 10.0).at(Under(&["outcome"])),
    Rule::new(Outcome, Is(&["result", "status", "statuscode", "httpstatus", "responsestatus",
        "responsecode"]), 7.0),
    Rule::new(Outcome, Is(&["errorcode", "error"]), ERROR_FIELD),

    Rule::new(Message, Is(&["message", "msg", "description", "summary", "displaymessage",
        "text"]), 7.0),

    // Entry id: a known id name, or any `…id` key of the entry itself.
    Rule::new(Id, Is(&["id", "uuid", "eventid", "logid", "auditid", "entryid", "uid", "guid",
        "requestid", "eventuuid"]), 9.0),
    Rule::new(Id, EndsWith(&["id"]), 3.0).at(TopLevel),

    // Details: a known name for the nested object, or any other object (see `score`).
    Rule::new(Details, Is(&["data", "details", "detail", "metadata", "meta", "payload", "context",
        "changes", "requestparameters", "attributes", "extra", "properties", "params", "body"]),
        9.0),
    Rule::new(Details, Any, 3.0),
];

/// Whether key `s` describes who acted ([`ACTOR_WORDS`]).
fn actorish(s: &str) -> bool {
    Name::Has(ACTOR_WORDS).matches(s)
}

/// What a field's name and place score for `role`: `name` and `parent` normalised,
/// `depth` 1 for a key of the entry itself. `None` when no rule gives it a score.
pub(super) fn name_score(role: Role, name: &str, parent: &str, depth: usize) -> Option<f64> {
    RULES
        .iter()
        .find(|r| r.matches(role, name, parent, depth))
        .and_then(|r| r.score)
}
