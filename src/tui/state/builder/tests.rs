//! The builder writes the text a user would type.

use super::*;

fn cond(name: &str, kind: FieldKind, op: Op, values: &[&str]) -> Condition {
    Condition {
        field: FieldChoice {
            name: name.into(),
            kind,
        },
        op,
        values: values.iter().map(|v| v.to_string()).collect(),
    }
}

#[test]
fn conditions_write_the_filter_language() {
    let e = FieldKind::Enum {
        values: vec![],
        nullable: false,
    };
    assert_eq!(
        cond("status", e.clone(), Op::Is, &["lead", "prospect"]).text(),
        "status:lead,prospect"
    );
    assert_eq!(
        cond("status", e, Op::IsNot, &["lead"]).text(),
        "-status:lead"
    );
    let t = FieldKind::Text { nullable: true };
    assert_eq!(
        cond("name", t.clone(), Op::Contains, &["north wind"]).text(),
        "name~\"north wind\""
    );
    assert_eq!(
        cond("name", t.clone(), Op::Is, &["say \"hi\""]).text(),
        "name:\"say \\\"hi\\\"\""
    );
    assert_eq!(
        cond("industry", t.clone(), Op::Empty, &[]).text(),
        "industry:empty"
    );
    assert_eq!(
        cond("industry", t, Op::Is, &["empty"]).text(),
        "industry:\"empty\""
    );
    let n = FieldKind::Number { nullable: false };
    assert_eq!(cond("value", n, Op::Ge, &["10000"]).text(), "value>=10000");
    let d = FieldKind::Date { nullable: true };
    assert_eq!(cond("close", d, Op::Lt, &["+30d"]).text(), "close<+30d");
    assert_eq!(
        cond("overdue", FieldKind::Keyword, Op::Is, &[]).text(),
        "overdue"
    );
}

#[test]
fn groups_join_with_or_and_keep_the_base_filter() {
    let t = FieldKind::Text { nullable: true };
    let mut b = Builder::new(Entity::Companies, "");
    b.groups = vec![
        vec![
            cond("industry", t.clone(), Op::Is, &["software"]),
            cond("city", t.clone(), Op::Is, &["berlin"]),
        ],
        vec![cond("tag", FieldKind::Tag, Op::Is, &["vip"])],
    ];
    assert_eq!(b.text(), "(industry:software city:berlin) or tag:vip");
    b.base = "owner:me".into();
    assert_eq!(
        b.text(),
        "(owner:me) ((industry:software city:berlin) or tag:vip)"
    );
    b.groups = vec![vec![cond("industry", t, Op::Is, &["software"])]];
    assert_eq!(b.text(), "(owner:me) industry:software");
}

#[test]
fn every_offered_field_is_one_the_filter_language_accepts() {
    for entity in [
        Entity::Companies,
        Entity::Contacts,
        Entity::Deals,
        Entity::Activities,
    ] {
        for f in field_choices(entity) {
            let c = Condition {
                op: f.kind.ops().first().copied().unwrap_or(Op::Is),
                values: match &f.kind {
                    FieldKind::Enum { values, .. } => vec![values[0].clone()],
                    FieldKind::Number { .. } => vec!["5".into()],
                    FieldKind::Date { .. } => vec!["today".into()],
                    FieldKind::Bool => vec!["yes".into()],
                    FieldKind::User => vec!["me".into()],
                    _ => vec!["x".into()],
                },
                field: f.clone(),
            };
            let text = c.text();
            let expr = crate::filter::parse(&text).unwrap().unwrap();
            let cx = crate::filter::Context::new(entity, Some(crate::domain::UserId::new()));
            crate::filter::check::check(&expr, &cx)
                .unwrap_or_else(|e| panic!("{entity}: {text}: {e}"));
        }
    }
}
