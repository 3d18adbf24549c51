//! How well a profiled field fits each role: name tables plus what its values look like.

use super::Role;
use super::profile::Profile;

fn name_in(name: &str, list: &[&str]) -> bool {
    list.contains(&name)
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
