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
    let s = load(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sample.json"
    )));
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
    let s = load(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/trust-log.json"
    )));
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
    let s = load(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sample.json"
    )));
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
    let s = load(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sample.json"
    )));
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

/// Two entries of a format, as its public documentation shows them.
fn roles_of(text: &str) -> (Store, Roles) {
    let s = load(text);
    let r = detect(&s);
    (s, r)
}

#[test]
fn a_target_is_what_was_acted_on_never_the_actors_type() {
    // CloudTrail: `userIdentity.type` (IAMUser) describes the actor, and "identity"
    // contains "entity"; the resource acted on is in `resources` / `requestParameters`.
    let (s, r) = roles_of(
        r#"{"Records":[
        {"eventTime":"2026-03-01T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","awsRegion":"eu-west-1",
         "userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::1:user/ada","accountId":"1","userName":"ada"},
         "sourceIPAddress":"1.2.3.4","requestParameters":{"bucketName":"invoices-2026"},
         "resources":[{"type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::invoices-2026"}]},
        {"eventTime":"2026-03-01T10:01:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","awsRegion":"eu-west-1",
         "userIdentity":{"type":"IAMUser","principalId":"AIDA2","arn":"arn:aws:iam::1:user/grace","accountId":"1","userName":"grace"},
         "sourceIPAddress":"1.2.3.5","requestParameters":{"userName":"bob"},
         "resources":[{"type":"AWS::IAM::User","ARN":"arn:aws:iam::1:user/bob"}]}]}"#,
    );
    assert_eq!(
        path(&s, &r, Role::Target).as_deref(),
        Some("resources[].ARN")
    );
    assert_eq!(
        path(&s, &r, Role::App).as_deref(),
        Some("eventSource"),
        "the service is the scope"
    );
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("eventName"));
}

#[test]
fn kubernetes_gcp_github_and_azure_audit_entries() {
    // Kubernetes audit.k8s.io/v1 Event.
    let (s, r) = roles_of(
        r#"[{"kind":"Event","level":"Metadata","auditID":"a-1","stage":"ResponseComplete","verb":"delete",
          "requestURI":"/api/v1/namespaces/shop/pods/web-1","user":{"username":"ada@example.com","groups":["dev"]},
          "sourceIPs":["10.0.0.1"],"objectRef":{"resource":"pods","namespace":"shop","name":"web-1","apiVersion":"v1"},
          "responseStatus":{"code":200},"requestReceivedTimestamp":"2026-03-01T10:00:00.000000Z","stageTimestamp":"2026-03-01T10:00:00.100000Z"},
         {"kind":"Event","level":"Metadata","auditID":"a-2","stage":"ResponseComplete","verb":"create",
          "requestURI":"/api/v1/namespaces/billing/secrets","user":{"username":"grace@example.com","groups":["ops"]},
          "sourceIPs":["10.0.0.2"],"objectRef":{"resource":"secrets","namespace":"billing","name":"db-password","apiVersion":"v1"},
          "responseStatus":{"code":201},"requestReceivedTimestamp":"2026-03-01T10:01:00.000000Z","stageTimestamp":"2026-03-01T10:01:00.100000Z"}]"#,
    );
    assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("user.username"));
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("verb"));
    assert_eq!(
        path(&s, &r, Role::Target).as_deref(),
        Some("objectRef.name")
    );
    assert_eq!(
        path(&s, &r, Role::App).as_deref(),
        Some("objectRef.namespace")
    );

    // Google Cloud audit log (LogEntry with an AuditLog payload).
    let (s, r) = roles_of(
        r#"[{"insertId":"x1","timestamp":"2026-03-01T10:00:00Z","severity":"NOTICE","logName":"projects/p1/logs/cloudaudit.googleapis.com%2Factivity",
          "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","serviceName":"storage.googleapis.com",
            "methodName":"storage.buckets.delete","resourceName":"projects/_/buckets/invoices",
            "authenticationInfo":{"principalEmail":"ada@example.com"},"requestMetadata":{"callerIp":"1.2.3.4"}},
          "resource":{"type":"gcs_bucket","labels":{"project_id":"p1","bucket_name":"invoices"}}},
         {"insertId":"x2","timestamp":"2026-03-01T10:05:00Z","severity":"NOTICE","logName":"projects/p1/logs/cloudaudit.googleapis.com%2Factivity",
          "protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog","serviceName":"compute.googleapis.com",
            "methodName":"v1.compute.instances.insert","resourceName":"projects/p1/zones/eu/instances/vm-7",
            "authenticationInfo":{"principalEmail":"grace@example.com"},"requestMetadata":{"callerIp":"1.2.3.5"}},
          "resource":{"type":"gce_instance","labels":{"project_id":"p1","instance_id":"77"}}}]"#,
    );
    assert_eq!(
        path(&s, &r, Role::Actor).as_deref(),
        Some("protoPayload.authenticationInfo.principalEmail")
    );
    assert_eq!(
        path(&s, &r, Role::Action).as_deref(),
        Some("protoPayload.methodName")
    );
    assert_eq!(
        path(&s, &r, Role::Target).as_deref(),
        Some("protoPayload.resourceName")
    );
    assert_eq!(
        path(&s, &r, Role::App).as_deref(),
        Some("protoPayload.serviceName")
    );

    // GitHub organization audit log.
    let (s, r) = roles_of(
        r#"[{"@timestamp":1767225600000,"action":"repo.destroy","actor":"ada","org":"acme","repo":"acme/old-site","created_at":1767225600000},
            {"@timestamp":1767225660000,"action":"team.add_member","actor":"grace","org":"acme","team":"acme/ops","user":"bob","created_at":1767225660000}]"#,
    );
    assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("actor"));
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("action"));
    assert_eq!(path(&s, &r, Role::Target).as_deref(), Some("repo"));
    assert_eq!(path(&s, &r, Role::App).as_deref(), Some("org"));

    // Azure activity log.
    let (s, r) = roles_of(
        r#"[{"eventTimestamp":"2026-03-01T10:00:00Z","caller":"ada@example.com","operationName":{"value":"Microsoft.Storage/storageAccounts/delete","localizedValue":"Delete Storage Account"},
           "resourceId":"/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/invoices","resourceGroupName":"rg1",
           "status":{"value":"Succeeded"},"subscriptionId":"s1","level":"Informational"},
          {"eventTimestamp":"2026-03-01T10:02:00Z","caller":"grace@example.com","operationName":{"value":"Microsoft.Compute/virtualMachines/write","localizedValue":"Create or Update Virtual Machine"},
           "resourceId":"/subscriptions/s1/resourceGroups/rg2/providers/Microsoft.Compute/virtualMachines/vm-7","resourceGroupName":"rg2",
           "status":{"value":"Succeeded"},"subscriptionId":"s1","level":"Informational"}]"#,
    );
    assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("caller"));
    assert_eq!(
        path(&s, &r, Role::Action).as_deref(),
        Some("operationName.value")
    );
    assert_eq!(path(&s, &r, Role::Target).as_deref(), Some("resourceId"));
    assert_eq!(
        path(&s, &r, Role::App).as_deref(),
        Some("resourceGroupName")
    );
}

#[test]
fn column_names_with_spaces_and_capitals_like_a_table_export() {
    // The Fliplet table export: `Log type` is what happened.
    let (s, r) = roles_of(
        r#"[{"Date":"2026-03-01 10:00:00","Category":"studio","Log type":"app.publish","App name":"Field Reports","User":"ada@example.com","Data":"{\"appId\":12}"},
            {"Date":"2026-03-01 10:05:00","Category":"auth","Log type":"user.login","App name":"Inventory","User":"grace@example.com","Data":"{}"}]"#,
    );
    assert_eq!(path(&s, &r, Role::Time).as_deref(), Some("Date"));
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("Log type"));
    assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("User"));
    assert_eq!(path(&s, &r, Role::App).as_deref(), Some("App name"));
    assert_eq!(path(&s, &r, Role::Category).as_deref(), Some("Category"));
}

#[test]
fn the_mapping_says_why_a_field_was_chosen_and_what_came_next() {
    let (s, r) = roles_of(
        r#"[{"eventTime":"2026-03-01T10:00:00Z","eventName":"DeleteBucket","timestamp":"2026-03-01T10:00:02Z",
             "userIdentity":{"type":"IAMUser","userName":"ada"},"requestParameters":{"bucketName":"invoices"}},
            {"eventTime":"2026-03-01T10:01:00Z","eventName":"CreateBucket","timestamp":"2026-03-01T10:01:02Z",
             "userIdentity":{"type":"IAMUser","userName":"grace"},"requestParameters":{"bucketName":"reports"}}]"#,
    );
    let fields = Fields::new(&s);
    let e = [
        fields.explain(Role::Time, &r),
        fields.explain(Role::Target, &r),
    ];
    let time = e[0].chosen.as_ref().unwrap();
    assert_eq!(s.node(time.node).path, "eventTime");
    assert_eq!(
        time.reasons,
        [
            "named “eventTime”",
            "100% of its values read as times",
            "in 100% of entries"
        ]
    );
    let next = e[0].runner_up.as_ref().unwrap();
    assert_eq!(s.node(next.node).path, "timestamp");
    let target = e[1].chosen.as_ref().unwrap();
    assert_eq!(s.node(target.node).path, "requestParameters.bucketName");
    assert_eq!(
        target.reasons[0],
        "named “bucketName” under “requestParameters”"
    );
    // Nothing else could be the target: the actor's fields are not offered.
    assert_eq!(e[1].runner_up, None);
}

/// CloudTrail LookupEvents: `n` events, each also carried whole as a JSON string.
fn lookup_events(n: usize) -> String {
    let names = ["Create", "Delete", "PutAcl", "PutPolicy", "Get", "List"];
    let events: Vec<String> = (0..n)
        .map(|i| {
            // Many distinct actions, as a real trail has.
            let name = format!("{}Bucket{}", names[i % names.len()], i % 4);
            let inner = format!(
                r#"{{\"eventName\":\"{name}\",\"eventType\":\"AwsApiCall\",\"userIdentity\":{{\"type\":\"IAMUser\",\"userName\":\"u{i}\"}},\"requestParameters\":{{\"bucketName\":\"b{i}\"}}}}"#
            );
            format!(
                r#"{{"EventId":"e{i}","EventName":"{name}","EventTime":"2026-03-01T10:{:02}:00Z","Username":"u{i}","CloudTrailEvent":"{inner}"}}"#,
                i % 60
            )
        })
        .collect();
    format!(r#"{{"Events":[{}]}}"#, events.join(","))
}

#[test]
fn a_top_level_field_beats_its_copy_decoded_from_a_string() {
    // Thirty events: enough for `eventType`'s one value to read as a category.
    let s = load(&lookup_events(30));
    let r = detect(&s);
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("EventName"));
    assert_eq!(path(&s, &r, Role::Actor).as_deref(), Some("Username"));
    assert_eq!(path(&s, &r, Role::Time).as_deref(), Some("EventTime"));
    // Nothing top-level names the target: the bucket inside the string does.
    assert_eq!(
        path(&s, &r, Role::Target).as_deref(),
        Some("CloudTrailEvent.requestParameters.bucketName")
    );
    let e = Fields::new(&s).explain(Role::Action, &r);
    let chosen = e.chosen.unwrap().reasons;
    assert!(
        chosen.contains(
            &"top-level field preferred over “CloudTrailEvent.eventType” decoded from a string"
                .to_string()
        ),
        "{chosen:?}"
    );
    let next = e.runner_up.unwrap().reasons;
    assert!(
        next.contains(&"decoded from the string in “CloudTrailEvent”".to_string()),
        "{next:?}"
    );
}

#[test]
fn a_type_of_few_values_is_a_category_not_the_action() {
    // CloudTrail's own file: `eventType` and `eventName` side by side.
    let rows: Vec<String> = (0..25)
        .map(|i| {
            format!(
                r#"{{"eventTime":"2026-03-01T10:{i:02}:00Z","eventType":"{}","eventName":"Op{}"}}"#,
                if i % 5 == 0 {
                    "AwsConsoleSignIn"
                } else {
                    "AwsApiCall"
                },
                i % 9
            )
        })
        .collect();
    let s = load(&format!("[{}]", rows.join(",")));
    let r = detect(&s);
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("eventName"));
    let e = Fields::new(&s).explain(Role::Action, &r);
    assert!(
        e.chosen
            .unwrap()
            .reasons
            .contains(&"preferred over “eventType”: few values, a category".to_string())
    );
    assert!(
        e.runner_up
            .unwrap()
            .reasons
            .contains(&"few values throughout: a category".to_string())
    );
    // Few values over few entries tell nothing: two entries keep their single type.
    let (s, r) = roles_of(
        r#"[{"ts":1767225600,"type":"app.update"},{"ts":1767225601,"type":"app.update"}]"#,
    );
    assert_eq!(path(&s, &r, Role::Action).as_deref(), Some("type"));
}

#[test]
fn the_target_is_the_acted_on_object_by_name() {
    // Okta: the target's display name, not its id, alternate id or type, and
    // never the actor's own type.
    let (s, r) = roles_of(
        r#"[{"published":"2026-01-02T03:04:05.000Z","eventType":"group.user_membership.add",
             "actor":{"id":"00u1","type":"User","alternateId":"ada@example.com","displayName":"Ada"},
             "target":[{"id":"0oa1","type":"UserGroup","alternateId":"admins-alt","displayName":"Admins"}]},
            {"published":"2026-01-02T03:05:05.000Z","eventType":"user.session.start",
             "actor":{"id":"00u2","type":"User","alternateId":"grace@example.com","displayName":"Grace"},
             "target":[{"id":"0oa2","type":"AppInstance","alternateId":"slack-alt","displayName":"Slack"}]}]"#,
    );
    assert_eq!(
        path(&s, &r, Role::Target).as_deref(),
        Some("target[].displayName")
    );
    let e = Fields::new(&s).explain(Role::Target, &r);
    assert!(
        e.chosen
            .unwrap()
            .reasons
            .contains(&"names the acted-on object, not its type or id".to_string())
    );
    // `resource.name` over `resource.type` and the id; `resources[].ResourceName`
    // over `ResourceType`.
    let (s, r) = roles_of(
        r#"[{"time":"2026-01-02T03:04:05Z","action":"delete","userIdentity":{"type":"Root"},
             "resource":{"type":"bucket","id":"r1","name":"invoices"}}]"#,
    );
    assert_eq!(path(&s, &r, Role::Target).as_deref(), Some("resource.name"));
    let (s, r) = roles_of(
        r#"[{"time":"2026-01-02T03:04:05Z","action":"delete","resources":[{"ResourceType":"AWS::S3::Bucket","ResourceName":"invoices"}],
             "doc":"{\"requestParameters\":{\"bucketName\":\"invoices\"}}"}]"#,
    );
    assert_eq!(
        path(&s, &r, Role::Target).as_deref(),
        Some("resources[].ResourceName")
    );
    // A target's id only where nothing names it; the actor's type never.
    let (s, r) = roles_of(
        r#"[{"time":"2026-01-02T03:04:05Z","action":"delete","actor":{"type":"User","id":"u1"},"targetId":"t1"}]"#,
    );
    assert_eq!(path(&s, &r, Role::Target).as_deref(), Some("targetId"));
    // Google Workspace: a parameter's name is the key of a name/value pair.
    let (s, r) = roles_of(
        r#"[{"id":{"time":"2026-01-10T09:00:00Z"},"events":[{"name":"CREATE_USER","parameters":[{"name":"USER_EMAIL","value":"ada@example.com"}]}]}]"#,
    );
    assert_eq!(path(&s, &r, Role::Target), None);
}

#[test]
fn an_app_or_scope_given_by_id_or_path() {
    let app = |text: &str| {
        let (s, r) = roles_of(text);
        (path(&s, &r, Role::App), path(&s, &r, Role::AppId))
    };
    // Only an id: it is the app, and there is no second id.
    for key in ["app_id", "appId", "client_id", "project_id", "tenantId"] {
        let (a, id) = app(&format!(
            r#"[{{"ts":1767225600,"action":"login","{key}":"a1"}},{{"ts":1767225601,"action":"logout","{key}":"a2"}}]"#
        ));
        assert_eq!((a.as_deref(), id), (Some(key), None), "{key}");
    }
    assert_eq!(
        app(r#"[{"ts":1767225600,"action":"login","application":{"id":"a1"}}]"#).0,
        Some("application.id".into())
    );
    // A name and an id: the name is the app, the id its id (Auth0, GitHub).
    let (a, id) = app(
        r#"[{"date":"2026-01-01T10:00:00Z","type":"s","client_id":"Aai","client_name":"Dashboard","user_name":"ada@example.com"}]"#,
    );
    assert_eq!(
        (a.as_deref(), id.as_deref()),
        (Some("client_name"), Some("client_id"))
    );
    let (a, id) = app(
        r#"[{"@timestamp":1772359200000,"action":"repo.create","actor":"ada","org":"acme","org_id":9001,"repo":"acme/payroll"}]"#,
    );
    assert_eq!((a.as_deref(), id.as_deref()), (Some("org"), Some("org_id")));
    // A path or a scope name.
    for key in ["repo", "resourcePath", "tenant", "organization", "project"] {
        let (a, _) = app(&format!(
            r#"[{{"ts":1767225600,"action":"get","{key}":"acme/x"}}]"#
        ));
        assert_eq!(a.as_deref(), Some(key), "{key}");
    }
}
