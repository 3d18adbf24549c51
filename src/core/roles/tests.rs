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
    let s = load(include_str!("../../../tests/fixtures/sample.json"));
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
    let s =
        load(r#"[{"at":"2026-01-01T00:00:00Z","event":"login","user":{"id":7,"username":"ada"}}]"#);
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
    let s = load(include_str!("../../../tests/fixtures/trust-log.json"));
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
    let s = load(include_str!("../../../tests/fixtures/sample.json"));
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
    let s = load(include_str!("../../../tests/fixtures/sample.json"));
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
