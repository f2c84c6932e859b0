//! The contact form: every editable field of [`ContactDraft`], plus tags.

use std::sync::LazyLock;

use super::{apply, push_errors, specs, FieldSpec, Ref, Value};
use crate::db::models::{Contact, ContactFields, Tag};
use crate::domain::{ContactDraft, Entity};

/// The form's fields, as the contact description lists them.
pub static FIELDS: LazyLock<Vec<FieldSpec>> = LazyLock::new(|| specs(Entity::Contacts, &["notes"]));

/// A new contact's values: the draft's defaults.
pub fn blank() -> Vec<Value> {
    values_of(&ContactFields::from(ContactDraft::new("")), "", None, None)
}

pub fn build(values: &[Value], errors: &mut Vec<(&'static str, String)>) -> Option<ContactDraft> {
    let mut d = ContactDraft::new("");
    apply(&mut d, &FIELDS, values, &[], ContactDraft::set, errors);
    match d.validated() {
        Ok(d) => Some(d),
        Err(e) => {
            push_errors(&FIELDS, e, errors);
            None
        }
    }
}

/// A stored contact as form values.
pub fn values(c: &Contact, tags: &[Tag], owner: Option<Ref>, company: Option<Ref>) -> Vec<Value> {
    let names: Vec<&str> = tags.iter().map(|t| t.fields.name.as_str()).collect();
    values_of(&c.fields, &names.join(", "), owner, company)
}

fn values_of(
    f: &ContactFields,
    tags: &str,
    owner: Option<Ref>,
    company: Option<Ref>,
) -> Vec<Value> {
    let opt = |s: &Option<String>| Value::text(s.clone().unwrap_or_default());
    FIELDS
        .iter()
        .map(|spec| match spec.name {
            "first_name" => Value::text(f.first_name.clone()),
            "last_name" => opt(&f.last_name),
            "email" => opt(&f.email),
            "phone" => opt(&f.phone),
            "title" => opt(&f.title),
            "company_id" => Value::Ref(company.clone()),
            "is_primary" => Value::Bool(f.is_primary),
            "preferred_channel" => Value::text(f.preferred_channel.as_str()),
            "do_not_contact" => Value::Bool(f.do_not_contact),
            "owner_id" => Value::Ref(owner.clone()),
            "tags" => Value::text(tags),
            "notes" => opt(&f.notes),
            _ => Value::text(""),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::zone::Zone;
    use crate::domain::{Channel, CompanyId};
    use crate::tui::forms::{FormDraft, FormKind};

    #[test]
    fn channels_are_the_enums_values() {
        let all: Vec<&str> = Channel::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            super::super::choices_of(FormKind::Contact, "preferred_channel"),
            all.as_slice()
        );
    }

    #[test]
    fn a_primary_contact_needs_a_company() {
        let mut values = blank();
        let at = |n: &str| FormKind::Contact.position(n).unwrap();
        values[at("first_name")] = Value::text("Ann");
        values[at("is_primary")] = Value::Bool(true);
        let built = FormKind::Contact.build(&values, Zone::Local);
        assert_eq!(built.errors.len(), 1);
        assert_eq!(built.errors[0].0, "is_primary");
        let acme = CompanyId::new();
        values[at("company_id")] = Value::Ref(Some(Ref {
            id: acme.id(),
            label: "Acme".into(),
        }));
        values[at("preferred_channel")] = Value::text("sms");
        let built = FormKind::Contact.build(&values, Zone::Local);
        let Some(FormDraft::Contact(d)) = built.draft else {
            panic!("{:?}", built.errors)
        };
        assert_eq!(d.company_id, Some(acme));
        assert!(d.is_primary);
        assert_eq!(d.preferred_channel, Channel::Sms);
        assert_eq!(FormKind::Contact.label(&values), "Ann");
    }
}
