//! Roles on formats nobody here designed: small samples of public audit-log shapes,
//! written from their documentation, each checked for the fields an admin would pick.
//! Where a format leaves a role open to taste, only what is clearly right is asserted.

use trailview::core::dataset::Dataset;
use trailview::core::roles::Role;

fn load(text: &str) -> Dataset {
    Dataset::from_bytes(text.as_bytes().to_vec()).unwrap().0
}

/// The path of the field playing `role`.
fn role(d: &Dataset, role: Role) -> Option<String> {
    d.role(role).map(|n| d.store().node(n).path.clone())
}

fn assert_roles(d: &Dataset, expected: &[(Role, &str)]) {
    for &(r, path) in expected {
        assert_eq!(role(d, r).as_deref(), Some(path), "role {r}");
    }
}

#[test]
fn aws_cloudtrail_lookup_events() {
    let ev = |name: &str, user: &str, bucket: &str, ty: &str| {
        format!(
            r#"{{\"eventVersion\":\"1.08\",\"userIdentity\":{{\"type\":\"{ty}\",\"principalId\":\"AIDA1\",\"arn\":\"arn:aws:iam::123456789012:user/{user}\",\"accountId\":\"123456789012\",\"userName\":\"{user}\"}},\"eventTime\":\"2026-03-01T10:00:00Z\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"{name}\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli/2.15.0 Python/3.11\",\"requestParameters\":{{\"bucketName\":\"{bucket}\"}},\"eventID\":\"e-{name}\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"123456789012\"}}"#
        )
    };
    let entry = |id: u32, name: &str, user: &str, bucket: &str, ty: &str| {
        format!(
            r#"{{"EventId":"{id}","EventName":"{name}","ReadOnly":"false","AccessKeyId":"AKIA{id}","EventTime":"2026-03-01T10:0{id}:00Z","EventSource":"s3.amazonaws.com","Username":"{user}","Resources":[{{"ResourceType":"AWS::S3::Bucket","ResourceName":"{bucket}"}}],"CloudTrailEvent":"{}"}}"#,
            ev(name, user, bucket, ty)
        )
    };
    let log = format!(
        r#"{{"Events":[{},{},{},{}],"NextToken":"abc"}}"#,
        entry(1, "CreateBucket", "ada", "invoices", "IAMUser"),
        entry(2, "PutBucketPolicy", "ada", "invoices", "IAMUser"),
        entry(3, "DeleteBucket", "grace", "scratch", "IAMUser"),
        entry(4, "PutBucketAcl", "linus", "photos", "AssumedRole"),
    );
    let d = load(&log);
    assert_roles(
        &d,
        &[
            (Role::Time, "EventTime"),
            (Role::Action, "EventName"),
            (Role::Actor, "Username"),
            (Role::Target, "Resources[].ResourceName"),
        ],
    );
    // No top-level IP: the decoded event's is the only one.
    assert_eq!(
        role(&d, Role::Ip).as_deref(),
        Some("CloudTrailEvent.sourceIPAddress")
    );
}

#[test]
fn okta_system_log() {
    let entry = |t: &str, ev: &str, actor: &str, target_type: &str, target: &str, res: &str| {
        format!(
            r#"{{"uuid":"u-{t}","published":"2026-02-01T08:{t}:00.000Z","eventType":"{ev}","version":"0","severity":"INFO","displayMessage":"event {ev}",
               "actor":{{"id":"00u{actor}","type":"User","alternateId":"{actor}@example.com","displayName":"{actor}"}},
               "client":{{"ipAddress":"198.51.100.{t}","userAgent":{{"rawUserAgent":"Mozilla/5.0 (Windows NT 10.0) Chrome/120.0","os":"Windows","browser":"CHROME"}}}},
               "outcome":{{"result":"{res}","reason":null}},
               "target":[{{"id":"0oa{t}","type":"{target_type}","alternateId":"{target}-alt","displayName":"{target}"}}]}}"#
        )
    };
    let log = format!(
        "[{},{},{},{},{}]",
        entry(
            "01",
            "user.session.start",
            "ada",
            "AppInstance",
            "Salesforce",
            "SUCCESS"
        ),
        entry(
            "02",
            "group.user_membership.add",
            "ada",
            "UserGroup",
            "Admins",
            "SUCCESS"
        ),
        entry(
            "03",
            "user.mfa.factor.deactivate",
            "grace",
            "User",
            "Linus",
            "SUCCESS"
        ),
        entry(
            "04",
            "application.user_membership.add",
            "grace",
            "AppInstance",
            "Slack",
            "SUCCESS"
        ),
        entry(
            "05",
            "user.session.start",
            "ken",
            "AppInstance",
            "Slack",
            "FAILURE"
        ),
    );
    let d = load(&log);
    assert_roles(
        &d,
        &[
            (Role::Time, "published"),
            (Role::Action, "eventType"),
            (Role::Actor, "actor.alternateId"),
            (Role::Target, "target[].displayName"),
            (Role::Ip, "client.ipAddress"),
            (Role::Outcome, "outcome.result"),
        ],
    );
}

#[test]
fn github_org_audit_log() {
    let log = r#"[
      {"@timestamp":1772359200000,"action":"repo.create","actor":"ada","actor_location":{"country_code":"GB"},"org":"acme","org_id":9001,"repo":"acme/payroll","repo_id":1,"visibility":"private","created_at":1772359200000,"_document_id":"d1"},
      {"@timestamp":1772359260000,"action":"org.add_member","actor":"ada","actor_location":{"country_code":"GB"},"org":"acme","org_id":9001,"user":"grace","user_id":2,"created_at":1772359260000,"_document_id":"d2"},
      {"@timestamp":1772359320000,"action":"repo.destroy","actor":"grace","actor_location":{"country_code":"US"},"org":"acme","org_id":9001,"repo":"acme/old-site","repo_id":3,"visibility":"public","created_at":1772359320000,"_document_id":"d3"},
      {"@timestamp":1772359380000,"action":"team.add_repository","actor":"ada","actor_location":{"country_code":"GB"},"org":"acme","org_id":9001,"repo":"acme/payroll","repo_id":1,"team":"acme/finance","created_at":1772359380000,"_document_id":"d4"}
    ]"#;
    let d = load(log);
    assert_roles(
        &d,
        &[
            (Role::Time, "@timestamp"),
            (Role::Action, "action"),
            (Role::Actor, "actor"),
            (Role::App, "org"),
            (Role::AppId, "org_id"),
        ],
    );
    // The target is the repository here, the added member elsewhere: a repo-only
    // assertion would be taste, so only check it is not the actor's or the org.
    let target = role(&d, Role::Target);
    assert!(
        matches!(target.as_deref(), Some("repo") | Some("user")),
        "{target:?}"
    );
}

#[test]
fn google_workspace_admin_activity() {
    let entry = |n: u32, actor: &str, ev: &str, ty: &str, user: &str| {
        format!(
            r#"{{"kind":"admin#reports#activity","id":{{"time":"2026-01-10T09:0{n}:00.000Z","uniqueQualifier":"-{n}123","applicationName":"admin","customerId":"C01abc"}},"etag":"\"e{n}\"",
               "actor":{{"callerType":"USER","email":"{actor}@example.com","profileId":"1000{n}"}},"ipAddress":"192.0.2.{n}",
               "events":[{{"type":"{ty}","name":"{ev}","parameters":[{{"name":"USER_EMAIL","value":"{user}@example.com"}}]}}]}}"#
        )
    };
    let log = format!(
        r#"{{"kind":"admin#reports#activities","items":[{},{},{},{}]}}"#,
        entry(1, "ada", "CREATE_USER", "USER_SETTINGS", "grace"),
        entry(2, "ada", "CHANGE_PASSWORD", "USER_SETTINGS", "grace"),
        entry(
            3,
            "grace",
            "GRANT_ADMIN_PRIVILEGE",
            "DELEGATED_ADMIN_SETTINGS",
            "linus"
        ),
        entry(4, "ada", "DELETE_USER", "USER_SETTINGS", "ken"),
    );
    let d = load(&log);
    assert_roles(
        &d,
        &[
            (Role::Time, "id.time"),
            (Role::Action, "events[].name"),
            (Role::Actor, "actor.email"),
            (Role::App, "id.applicationName"),
            (Role::Ip, "ipAddress"),
        ],
    );
    // The target (`parameters[].value` beside `USER_EMAIL`) is a name/value pair:
    // nothing names it as a key, so only the pair's key is ruled out.
    assert_ne!(
        role(&d, Role::Target).as_deref(),
        Some("events[].parameters[].name")
    );
}

#[test]
fn auth0_logs() {
    let log = r#"[
      {"log_id":"90020260101","date":"2026-01-01T10:00:00.000Z","type":"s","description":"Successful login","connection":"Username-Password-Authentication","connection_id":"con_1","client_id":"AaiyAPdpYdesoKnqjj8HJqRn4T5titww","client_name":"Dashboard","ip":"203.0.113.5","user_agent":"Chrome 120.0.0 / Mac OS X 10.15.7","user_id":"auth0|1","user_name":"ada@example.com","details":{"prompts":[]}},
      {"log_id":"90020260102","date":"2026-01-01T10:01:00.000Z","type":"f","description":"Wrong email or password.","connection":"Username-Password-Authentication","connection_id":"con_1","client_id":"AaiyAPdpYdesoKnqjj8HJqRn4T5titww","client_name":"Dashboard","ip":"203.0.113.6","user_agent":"Firefox 121.0.0 / Windows 10.0.0","user_id":"","user_name":"grace@example.com","details":{"error":{"message":"Wrong email or password."}}},
      {"log_id":"90020260103","date":"2026-01-01T10:02:00.000Z","type":"slo","description":"User successfully logged out","client_id":"Bb2yAPdpYdesoKnqjj8HJqRn4T5tixyz","client_name":"Store","ip":"203.0.113.5","user_agent":"Chrome 120.0.0 / Mac OS X 10.15.7","user_id":"auth0|1","user_name":"ada@example.com","details":{}},
      {"log_id":"90020260104","date":"2026-01-01T10:03:00.000Z","type":"s","description":"Successful login","connection":"google-oauth2","connection_id":"con_2","client_id":"Bb2yAPdpYdesoKnqjj8HJqRn4T5tixyz","client_name":"Store","ip":"198.51.100.9","user_agent":"Safari 17.1 / Mac OS X 14.1","user_id":"google-oauth2|2","user_name":"linus@example.com","details":{}}
    ]"#;
    let d = load(log);
    assert_roles(
        &d,
        &[
            (Role::Time, "date"),
            (Role::Action, "type"),
            (Role::Actor, "user_name"),
            (Role::App, "client_name"),
            (Role::AppId, "client_id"),
            (Role::Ip, "ip"),
        ],
    );
    // No field names what a login acted on: no target is asserted.
}

#[test]
fn fliplet_table_export() {
    let log = r#"[
      {"Date":"2026-03-01 10:00:00","Log type":"app.publish","User":"ada@example.com","Data":"{\"appId\":123,\"appName\":\"Inspections\",\"version\":4}"},
      {"Date":"2026-03-01 10:05:00","Log type":"user.login","User":"grace@example.com","Data":"{\"appId\":123,\"appName\":\"Inspections\"}"},
      {"Date":"2026-03-01 10:06:00","Log type":"app.update","User":"ada@example.com","Data":"{\"appId\":456,\"appName\":\"Timesheets\",\"changes\":{\"title\":[\"Old\",\"New\"]}}"},
      {"Date":"2026-03-01 10:07:00","Log type":"user.twofactor.remove","User":"ken@example.com","Data":"{\"appId\":456}"}
    ]"#;
    let d = load(log);
    assert_roles(
        &d,
        &[
            (Role::Time, "Date"),
            (Role::Action, "Log type"),
            (Role::Actor, "User"),
            (Role::App, "Data.appName"),
            (Role::AppId, "Data.appId"),
        ],
    );
}

#[test]
fn fliplet_table_export_with_only_an_app_id() {
    let log = r#"[
      {"Date":"2026-03-01 10:00:00","Log type":"app.publish","User":"ada@example.com","Data":"{\"appId\":123}"},
      {"Date":"2026-03-01 10:05:00","Log type":"user.login","User":"grace@example.com","Data":"{\"appId\":456}"},
      {"Date":"2026-03-01 10:07:00","Log type":"app.update","User":"ken@example.com","Data":"{\"appId\":456}"}
    ]"#;
    let d = load(log);
    // With no name for the app, its id is the app.
    assert_eq!(role(&d, Role::App).as_deref(), Some("Data.appId"));
}
