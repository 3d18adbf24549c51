//! The evaluator against a row-by-row reference on generated logs: random queries
//! over random flat logs (numbers, strings, `null`, missing keys, arrays) keep the
//! same rows as reading each entry's JSON directly; and each generated query prints
//! to text that parses back to it.

use super::ast::number;
use super::ast::*;
use super::fields::*;
use super::*;
use crate::core::dataset::Dataset;
use crate::core::query::filter::Op;
use crate::core::time::Zone;
use serde_json::Value;

const WORDS: [&str; 6] = ["x", "ab", "1", "y", "10", "b"];
const TEXTS: [&str; 8] = ["x", "X y", "ab", "aB c", "1", "10", "-2", ""];
const KEYS: [&str; 4] = ["a", "b", "c", "d"];

use crate::core::testing::Rng;

fn scalar(r: &mut Rng) -> Value {
    match r.below(4) {
        0 => Value::from(r.below(21)),
        1 => Value::Null,
        _ => Value::from(r.pick(&TEXTS)),
    }
}

fn entry(r: &mut Rng) -> Value {
    let mut m = serde_json::Map::new();
    for k in KEYS {
        if r.next().is_multiple_of(4) {
            continue;
        }
        let v = if k == "d" {
            Value::Array(
                (0..r.below(3))
                    .map(|_| Value::from(r.pick(&TEXTS)))
                    .collect(),
            )
        } else {
            scalar(r)
        };
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

fn expr(r: &mut Rng, depth: usize) -> Expr {
    let leaf = depth == 0 || r.next().is_multiple_of(3);
    if leaf {
        return match r.below(4) {
            0 => Expr::Word(r.pick(&WORDS).to_string()),
            1 => Expr::Phrase(r.pick(&TEXTS).to_string()),
            _ => Expr::Field(FieldTest {
                field: Field::Path(r.pick(&KEYS).to_string()),
                test: test(r),
            }),
        };
    }
    let n = 2 + r.below(3);
    let mut kids = Vec::new();
    let and = r.next().is_multiple_of(2);
    if r.next().is_multiple_of(4) {
        return Expr::Not(Box::new(expr(r, depth - 1)));
    }
    while kids.len() < n {
        match expr(r, depth - 1) {
            Expr::And(_) if and => {}
            Expr::Or(_) if !and => {}
            x => kids.push(x),
        }
    }
    if and { Expr::And(kids) } else { Expr::Or(kids) }
}

fn test(r: &mut Rng) -> Test {
    let cmp = [Cmp::Gt, Cmp::Ge, Cmp::Lt, Cmp::Le];
    match r.below(6) {
        0 => Test::Present,
        1 => {
            let text = r.pick(&["1", "10", "-2", "5.5", "0"]).to_string();
            let number = number(&text);
            Test::Compare(cmp[r.below(4)], Bound { text, number })
        }
        k => {
            let op = [Op::Exact, Op::Prefix, Op::Contains][k % 3];
            let v = r.pick(&TEXTS);
            // `field:` alone is no query; presence is `field:*`.
            let v = if v.is_empty() && op != Op::Exact {
                "x"
            } else {
                v
            };
            Test::Match(op, v.to_string())
        }
    }
}

/// The scalars of `v`, arrays read element by element.
fn scalars(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(xs) => xs.iter().flat_map(scalars).collect(),
        Value::Object(m) => m.values().flat_map(scalars).collect(),
        v => vec![v],
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}

fn keeps(e: &Value, x: &Expr) -> bool {
    match x {
        Expr::Word(t) | Expr::Phrase(t) => {
            let needle = t.trim().to_lowercase();
            needle.is_empty()
                || scalars(e)
                    .iter()
                    .any(|v| !v.is_null() && text_of(v).to_lowercase().contains(&needle))
        }
        Expr::Not(inner) => !keeps(e, inner),
        Expr::And(xs) => xs.iter().all(|x| keeps(e, x)),
        Expr::Or(xs) => xs.iter().any(|x| keeps(e, x)),
        Expr::Field(t) => {
            let values = e.get(t.field.name()).map(scalars).unwrap_or_default();
            values.iter().any(|v| match &t.test {
                Test::Present => !v.is_null(),
                Test::Match(op, want) => {
                    let (have, want) = (text_of(v).to_lowercase(), want.to_lowercase());
                    if v.is_null() {
                        return *op == Op::Exact && want == "null";
                    }
                    match op {
                        Op::Exact => have == want,
                        Op::Prefix => have.starts_with(&want),
                        Op::Contains => have.contains(&want),
                    }
                }
                Test::Compare(c, b) => match (&v, b.number) {
                    (Value::Number(_) | Value::String(_), Some(n)) => {
                        number(&text_of(v)).is_some_and(|x| c.holds(x, n))
                    }
                    _ => false,
                },
            })
        }
    }
}

#[test]
fn the_evaluator_keeps_what_reading_each_entry_keeps() {
    let mut r = Rng(0x2545_F491_4F6C_DD1D);
    let all_keys = |p: &str| KEYS.contains(&p);
    // Queries that keep some entries and drop others: the comparison has teeth.
    let mut telling = 0;
    for _ in 0..300 {
        let entries: Vec<Value> = (0..1 + r.below(12)).map(|_| entry(&mut r)).collect();
        let body = serde_json::to_vec(&entries).unwrap();
        let d = Dataset::from_bytes(body).unwrap().0;
        for _ in 0..20 {
            let q = Query {
                root: Some(expr(&mut r, 3)),
            };
            let got: Vec<u32> = eval(&d, &q, Zone::Utc, &Default::default())
                .iter()
                .collect();
            let want: Vec<u32> = (0..entries.len() as u32)
                .filter(|&i| keeps(&entries[i as usize], q.root.as_ref().unwrap()))
                .collect();
            assert_eq!(got, want, "{q} on {entries:?}");
            telling += usize::from(!want.is_empty() && want.len() < entries.len());
            let text = q.to_string();
            assert_eq!(parse(&text, &all_keys).as_ref(), Ok(&q), "{text}");
        }
    }
    assert!(telling > 1_000, "{telling} of 6000");
}
