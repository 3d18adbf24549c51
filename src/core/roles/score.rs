//! How well a profiled field fits each role: name tables plus what its values look like.

use super::Role;
use super::profile::Profile;

fn name_in(name: &str, list: &[&str]) -> bool {
    list.contains(&name)
}

/// A key that describes who acted (`userIdentity`, `actor`, `authenticationInfo`):
/// what is under it is an attribute of the actor, never the target or the scope.
fn actorish(s: &str) -> bool {
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
        "caller",
        "requester",
        "authentication",
        "session",
    ]
    .iter()
    .any(|k| s.contains(k))
}

/// A key that holds the thing acted on (`resources`, `objectRef`, `target`).
fn targetish(s: &str) -> bool {
    !actorish(s)
        && ["target", "resource", "entity", "object", "item", "record"]
            .iter()
            .any(|k| s.contains(k))
}

/// Keys that hold a request's parameters (`requestParameters.bucketName`).
fn params(s: &str) -> bool {
    matches!(
        s,
        "requestparameters" | "parameters" | "params" | "request" | "input" | "args" | "arguments"
    )
}

/// Score of `p` for `role`; `None` if it cannot play it.
pub(super) fn score(role: Role, p: &Profile) -> Option<f64> {
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
                    "caller",
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
            } else if actorish(n) && !n.contains("agent") && !n.contains("session") {
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
            // What describes the actor (`userIdentity.type`) is not what happened.
            // Nor is a document's own metadata (`@type`).
            if !scalar || p.numbers > 0.5 || actorish(parent) || p.meta {
                return None;
            }
            // `resource.type` says what the target is.
            if targetish(parent) && matches!(n, "type" | "kind" | "name") {
                return None;
            }
            let compound = [
                "event",
                "activity",
                "operation",
                "action",
                "method",
                "audit",
            ]
            .iter()
            .any(|k| n.starts_with(k))
                && ["type", "name", "action", "kind", "code"]
                    .iter()
                    .any(|k| n.ends_with(k))
                || matches!(n, "logtype" | "logaction" | "logevent");
            let name = match n {
                "type" | "action" | "eventtype" | "eventname" | "event" | "activity"
                | "operation" | "actiontype" | "eventaction" => 10.0,
                // `Log type`, `methodName`, `operationName`.
                _ if compound => 9.0,
                // `operationName.value`, `events[].name`.
                "value" | "name"
                    if matches!(
                        parent,
                        "operationname" | "operation" | "event" | "events" | "action" | "method"
                    ) =>
                {
                    9.0
                }
                "verb" | "method" => 8.0,
                "name" | "act" => 4.0,
                "kind" => 3.0,
                _ if n.ends_with("action") || n.ends_with("eventtype") || n.ends_with("event") => {
                    6.0
                }
                _ => return None,
            };
            name + p.codes * 2.0 + if p.distinct < 0.3 { 1.0 } else { 0.0 }
        }
        Role::Target => {
            // A target is what was acted on: never an attribute of the actor.
            if !scalar || actorish(parent) || actorish(n) && !n.starts_with("target") {
                return None;
            }
            let named = name_in(
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
                ],
            );
            if targetish(parent) {
                // Under `objectRef` / `resources[]`: the name or id of the thing, before its type.
                match n {
                    "name" | "displayname" | "alternateid" | "arn" => 9.5,
                    "id" | "key" | "email" | "uri" | "path" => 8.5,
                    _ if named => 7.0,
                    "type" | "kind" => 6.0,
                    _ => return None,
                }
            } else if named {
                9.0
            } else if params(parent) && ["name", "id", "arn", "key"].iter().any(|k| n.ends_with(k))
            {
                7.0
            } else {
                return None;
            }
        }
        Role::App => {
            // The product, service, workspace, namespace or organisation of the event.
            if !scalar || actorish(parent) {
                return None;
            }
            match n {
                "appname" | "applicationname" | "app" | "application" | "clientname" => 10.0,
                "name" | "displayname"
                    if matches!(
                        parent,
                        "app" | "application" | "client" | "project" | "workspace" | "service"
                    ) =>
                {
                    9.0
                }
                "project" | "projectname" | "workspace" | "workspacename" | "scope" | "tenant"
                | "tenantname" | "service" | "servicename" | "namespace" | "org"
                | "organization" | "organisation" | "orgname" | "organizationname" | "product"
                | "productname" | "resourcegroup" | "resourcegroupname" => 6.0,
                "eventsource" => 5.5,
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
                | "module" | "eventsource" | "source" | "kind" => 8.0,
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

/// Why `p` fits `role`, in words, main reasons first: its name, the share of its
/// values that read as the role expects, and how many entries have it.
pub(super) fn reasons(role: Role, p: &Profile, key: &str, parent_key: &str) -> Vec<String> {
    let pct = |x: f64| format!("{:.0}%", x * 100.0);
    let mut out = vec![if parent_key.is_empty() {
        format!("named “{key}”")
    } else {
        format!("named “{key}” under “{parent_key}”")
    }];
    let share = match role {
        Role::Time => Some((p.times, "read as times")),
        Role::Actor if p.emails > 0.0 => Some((p.emails, "are e-mail addresses")),
        Role::Action | Role::Category if p.codes > 0.0 => Some((p.codes, "look like codes")),
        Role::Ip => Some((p.ips, "are IP addresses")),
        Role::UserAgent => Some((p.agents, "are browser user agents")),
        Role::Severity => Some((p.levels, "read as severity levels")),
        Role::Outcome => Some((p.outcomes, "read as success or failure")),
        _ => None,
    };
    if let Some((x, what)) = share {
        out.push(format!("{} of its values {what}", pct(x)));
    }
    if p.container {
        out.push("an object".into());
    } else {
        out.push(format!("in {} of entries", pct(p.coverage)));
    }
    if p.in_array {
        out.push("inside a list".into());
    }
    out
}
