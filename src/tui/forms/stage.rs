//! The pipeline stage form: name, kind, probability, colour and whether the board shows it. The
//! position is not a form field: `J`/`K` on the stages screen reorder, and a new stage goes last.

use std::sync::LazyLock;

use super::{apply, push_errors, specs, FieldSpec, Value};
use crate::db::models::StageFields;
use crate::domain::{Entity, StageDraft, StageKind};

/// The form's fields, as the stage description lists them.
pub static FIELDS: LazyLock<Vec<FieldSpec>> = LazyLock::new(|| specs(Entity::Stages, &[]));

fn blank_draft() -> StageDraft {
    StageDraft::new("", 0, 10, StageKind::Open)
}

/// A new stage's values: open, 10 %, blue, active.
pub fn blank() -> Vec<Value> {
    values(&StageFields::from(blank_draft()))
}

pub fn build(values: &[Value], errors: &mut Vec<(&'static str, String)>) -> Option<StageDraft> {
    let mut d = blank_draft();
    apply(&mut d, &FIELDS, values, &[], StageDraft::set, errors);
    match d.validated() {
        Ok(d) => Some(d),
        Err(e) => {
            push_errors(&FIELDS, e, errors);
            None
        }
    }
}

/// A stored stage as form values, in spec order.
pub fn values(f: &StageFields) -> Vec<Value> {
    FIELDS
        .iter()
        .map(|spec| match spec.name {
            "name" => Value::text(f.name.clone()),
            "kind" => Value::text(f.kind.as_str()),
            "probability" => Value::text(f.probability.to_string()),
            "color" => Value::text(f.color.clone()),
            "active" => Value::Bool(f.active),
            _ => Value::text(""),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{FormDraft, FormKind};
    use super::*;
    use crate::domain::zone::Zone;

    #[test]
    fn values_build_a_validated_draft_and_bad_ones_name_their_field() {
        let mut values = blank();
        let at = |n: &str| FormKind::Stage.position(n).unwrap();
        values[at("name")] = Value::text("  Trial ");
        values[at("color")] = Value::text("Light Green");
        values[at("probability")] = Value::text("35");
        let built = FormKind::Stage.build(&values, Zone::Local);
        let Some(FormDraft::Stage(d)) = built.draft else {
            panic!("{:?}", built.errors);
        };
        assert_eq!(
            (d.name.as_str(), d.color.as_str(), d.probability),
            ("Trial", "light-green", 35)
        );
        assert!(d.active);
        values[at("probability")] = Value::text("140");
        values[at("color")] = Value::text("plaid");
        let built = FormKind::Stage.build(&values, Zone::Local);
        assert!(built.draft.is_none());
        let fields: Vec<&str> = built.errors.iter().map(|(f, _)| *f).collect();
        assert!(fields.contains(&"probability") && fields.contains(&"color"));
        assert_eq!(FormKind::Stage.label(&values), "Trial");
    }
}
