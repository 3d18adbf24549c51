use super::*;

fn rewrite(r: &str, entry: &str) -> String {
    let out = Redaction::parse(r).rewrite(entry.as_bytes()).unwrap();
    String::from_utf8(out.unwrap_or_else(|| entry.as_bytes().to_vec())).unwrap()
}

#[test]
fn the_list_reads_kinds_and_fields_and_round_trips() {
    let r = Redaction::parse(" token, email ,data.secret,,*.password,email");
    assert_eq!(r.to_param(), "email,token,data.secret,*.password");
    assert_eq!(Redaction::parse(&r.to_param()), r);
    assert!(Redaction::parse(" , ").is_empty());
}

#[test]
fn a_link_adds_to_the_deployments_list_and_cannot_remove_from_it() {
    let config = Redaction::parse("email,data.secret");
    let link = Redaction::parse("ip");
    assert_eq!(config.union(&link).to_param(), "email,ip,data.secret");
    assert_eq!(config.union(&Redaction::default()), config);
}

#[test]
fn field_patterns_match_paths() {
    let r = Redaction::parse("data.secret,*.password,user*");
    for yes in [
        "data.secret",
        "password",
        "data.password",
        "data.changes.password",
        "user",
        "userEmail",
    ] {
        assert!(r.masks_field(yes), "{yes}");
    }
    for no in [
        "data.secretive",
        "data",
        "passwords",
        "data.password_hint",
        "actor.user",
    ] {
        assert!(!r.masks_field(no), "{no}");
    }
}

#[test]
fn kinds_are_masked_inside_strings_and_everything_else_is_kept_byte_for_byte() {
    let entry = r#"{ "actor":"ada@acme.test",  "note":"moved for bob@x.io from 10.0.0.9", "n": 1.50, "ok":true }"#;
    assert_eq!(
        rewrite("email,ip", entry),
        r#"{ "actor":"••• email",  "note":"moved for ••• email from ••• ip", "n": 1.50, "ok":true }"#
    );
    assert_eq!(
        Redaction::parse("token").rewrite(entry.as_bytes()).unwrap(),
        None,
        "nothing to mask"
    );
}

#[test]
fn a_masked_field_masks_every_value_under_it_and_keeps_its_shape() {
    let entry = r#"{"data":{"changes":{"password":["hunter2","correct horse"]},"secret":{"pin":1234,"set":true,"none":null}},"id":"x"}"#;
    assert_eq!(
        rewrite("*.password,data.secret", entry),
        r#"{"data":{"changes":{"password":["••• redacted","••• redacted"]},"secret":{"pin":"••• redacted","set":"••• redacted","none":null}},"id":"x"}"#
    );
}

#[test]
fn escaped_text_is_read_before_matching_and_written_back_escaped() {
    let entry = r#"{"m":"say \"hi\" to ada\u0040acme.test\n","k":"Bearer abc.def"}"#;
    assert_eq!(
        rewrite("email,token", entry),
        r#"{"m":"say \"hi\" to ••• email\n","k":"Bearer ••• token"}"#
    );
}

#[test]
fn broken_json_is_an_error_not_a_panic() {
    let r = Redaction::parse("email,*.x");
    for bad in [
        r#"{"a":"#,
        r#"{"a" 1}"#,
        r#"{"a":[1,}"#,
        "{",
        r#"{"x":tru}"#,
    ] {
        assert!(r.rewrite(bad.as_bytes()).is_err(), "{bad}");
    }
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let _ = r.rewrite(format!(r#"{{"a":{deep}}}"#).as_bytes());
}
