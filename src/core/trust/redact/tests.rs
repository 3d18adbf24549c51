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

#[test]
fn field_rules_ignore_case() {
    // Regression: `*.password` left `Password` and `PASSWORD` readable.
    let r = Redaction::parse("*.password,data.Secret");
    for yes in ["Password", "data.PASSWORD", "DATA.secret", "data.secret"] {
        assert!(r.masks_field(yes), "{yes}");
    }
    assert_eq!(
        rewrite(
            "*.password",
            r#"{"PassWord":"hunter2","Data":{"PASSWORD":"x"}}"#
        ),
        r#"{"PassWord":"••• redacted","Data":{"PASSWORD":"••• redacted"}}"#
    );
}

#[test]
fn keys_holding_a_masked_kind_are_masked_and_stay_apart() {
    // Regression: an address used as a key became a column name, a header and a cols= value.
    let entry = r#"{"seen":{"ada@acme.test":3,"bob@acme.test":4,"••• email (2)":5},"from":{"10.0.0.9":true}}"#;
    assert_eq!(
        rewrite("email,ip", entry),
        r#"{"seen":{"••• email":3,"••• email (3)":4,"••• email (2)":5},"from":{"••• ip":true}}"#
    );
    // Every member is still there: nothing collapses into one key.
    let out = rewrite("email", r#"{"a@b.io":1,"c@d.io":2,"e@f.io":3}"#);
    assert_eq!(
        out,
        r#"{"••• email":1,"••• email (2)":2,"••• email (3)":3}"#
    );
    // Field rules still see the original path under a masked key.
    assert_eq!(
        rewrite(
            "email,users.*.pin",
            r#"{"users":{"ada@acme.test":{"pin":1234}}}"#
        ),
        r#"{"users":{"••• email":{"pin":"••• redacted"}}}"#
    );
}

#[test]
fn documents_inside_strings_are_masked_field_by_field() {
    // Regression: the entry panel shows a JSON string's members as fields, unmasked.
    let entry =
        r#"{"Data":"{\"secret\":\"s3\",\"to\":\"ada@acme.test\",\"n\":[1,{\"pin\":7}]}","id":1}"#;
    let out = rewrite("email,Data.secret,*.pin", entry);
    assert_eq!(
        out,
        r#"{"Data":"{\"secret\":\"••• redacted\",\"to\":\"••• email\",\"n\":[1,{\"pin\":\"••• redacted\"}]}","id":1}"#
    );
    // Still one valid document inside a valid string.
    let v = crate::core::inspect::parse(out.as_bytes()).unwrap();
    assert!(v.to_json().contains("••• redacted"));
    // A whole embedded document under a masked field is one masked value.
    assert_eq!(
        rewrite("Data", r#"{"Data":"{\"a\":1}"}"#),
        r#"{"Data":"••• redacted"}"#
    );
    // Text that only looks like JSON is masked as text.
    assert_eq!(
        rewrite("email", r#"{"m":"{not json ada@acme.test}"}"#),
        r#"{"m":"{not json ••• email}"}"#
    );
}

#[test]
fn one_value_is_masked_as_in_an_entry() {
    let r = Redaction::parse("email,data.secret");
    assert_eq!(r.mask_value("actor", "ada@acme.test"), "••• email");
    assert_eq!(r.mask_value("DATA.secret", "x"), "••• redacted");
    assert_eq!(r.mask_value("type", "user.login"), "user.login");
    assert!(Redaction::default().shows_excerpts());
    assert!(!r.shows_excerpts());
}

#[test]
fn internationalised_addresses_are_masked_whole_however_the_entry_writes_them() {
    // Bug: `chloé.garcía@example.com` showed as `chloé.garcí••• email`, half the
    // address readable; `用户@例子.广告` was not masked at all. Written raw or escaped
    // (`\u00e9`, surrogate pairs for characters beyond the BMP), each is masked whole.
    let entry = r#"{"to":"chloé.garcía@example.com","cc":"chlo\u00e9.garc\u00eda@example.com","m":"from 用户@例子.广告 and \ud83e\udd80@crab.io","\u7528\u6237@\u4f8b\u5b50.\u5e7f\u544a":1}"#;
    assert_eq!(
        rewrite("email", entry),
        r#"{"to":"••• email","cc":"••• email","m":"from ••• email and ••• email","••• email":1}"#
    );
}
