//! The deal form: every editable field of [`DealDraft`], plus tags. Currency is applied before
//! the value, which is typed in major units of that currency.

use std::sync::LazyLock;

use super::{apply, push_errors, specs, FieldSpec, Ref, Value};
use crate::db::models::{Deal, DealFields, Tag};
use crate::domain::{money, DealDraft, Entity, Id, StageId};

/// The form's fields, as the deal description lists them.
pub static FIELDS: LazyLock<Vec<FieldSpec>> = LazyLock::new(|| specs(Entity::Deals, &[]));

fn blank_draft() -> DealDraft {
    DealDraft::new("", StageId(Id(uuid::Uuid::nil())))
}

/// A new deal's values, in `stage` when given (the board's focused column).
pub fn blank(stage: Option<Ref>) -> Vec<Value> {
    values_of(
        &DealFields::from(blank_draft()),
        "",
        stage,
        None,
        None,
        None,
    )
}

pub fn build(values: &[Value], errors: &mut Vec<(&'static str, String)>) -> Option<DealDraft> {
    let mut d = blank_draft();
    apply(
        &mut d,
        &FIELDS,
        values,
        &["currency"],
        DealDraft::set,
        errors,
    );
    if d.stage_id.id().0.is_nil() {
        errors.push(("stage_id", "choose a stage".into()));
    }
    match d.validated() {
        Ok(d) => Some(d),
        Err(e) => {
            push_errors(&FIELDS, e, errors);
            None
        }
    }
}

pub struct Refs {
    pub stage: Option<Ref>,
    pub company: Option<Ref>,
    pub contact: Option<Ref>,
    pub owner: Option<Ref>,
}

pub fn values(d: &Deal, tags: &[Tag], refs: Refs) -> Vec<Value> {
    let names: Vec<&str> = tags.iter().map(|t| t.fields.name.as_str()).collect();
    values_of(
        &d.fields,
        &names.join(", "),
        refs.stage,
        refs.company,
        refs.contact,
        refs.owner,
    )
}

fn values_of(
    f: &DealFields,
    tags: &str,
    stage: Option<Ref>,
    company: Option<Ref>,
    contact: Option<Ref>,
    owner: Option<Ref>,
) -> Vec<Value> {
    let opt = |s: &Option<String>| Value::text(s.clone().unwrap_or_default());
    FIELDS
        .iter()
        .map(|spec| match spec.name {
            "title" => Value::text(f.title.clone()),
            "stage_id" => Value::Ref(stage.clone()),
            "company_id" => Value::Ref(company.clone()),
            "contact_id" => Value::Ref(contact.clone()),
            // typed back in major units, without grouping, so it parses again
            "value" => Value::text(if f.value == 0 {
                String::new()
            } else {
                money::format_major(f.value, &f.currency).replace(',', "")
            }),
            "currency" => Value::text(f.currency.clone()),
            "expected_close" => {
                Value::text(f.expected_close.map(|d| d.to_string()).unwrap_or_default())
            }
            "probability" => Value::text(f.probability.map(|p| p.to_string()).unwrap_or_default()),
            "priority" => Value::text(f.priority.as_str()),
            "owner_id" => Value::Ref(owner.clone()),
            "lost_reason" => opt(&f.lost_reason),
            "tags" => Value::text(tags),
            _ => Value::text(""),
        })
        .collect()
}
