//! The company form: every editable field of [`CompanyDraft`], plus tags.

use std::sync::LazyLock;

use super::{apply, push_errors, specs, FieldSpec, Ref, Value};
use crate::db::models::{Company, CompanyFields, Tag};
use crate::domain::{money, CompanyDraft, Entity};

/// The form's fields, as the company description lists them.
pub static FIELDS: LazyLock<Vec<FieldSpec>> =
    LazyLock::new(|| specs(Entity::Companies, &["notes"]));

/// A new company's values: the draft's defaults.
pub fn blank() -> Vec<Value> {
    let d = CompanyDraft::new("");
    let fields = crate::db::models::CompanyFields::from(d);
    values_of(&fields, "", None, None)
}

/// Build and validate a draft; money is read in the currency's units, so currency goes first.
pub fn build(values: &[Value], errors: &mut Vec<(&'static str, String)>) -> Option<CompanyDraft> {
    let mut d = CompanyDraft::new("");
    apply(
        &mut d,
        &FIELDS,
        values,
        &["currency"],
        CompanyDraft::set,
        errors,
    );
    match d.validated() {
        Ok(d) => Some(d),
        Err(e) => {
            push_errors(&FIELDS, e, errors);
            None
        }
    }
}

/// A stored company as form values.
pub fn values(c: &Company, tags: &[Tag], owner: Option<Ref>, parent: Option<Ref>) -> Vec<Value> {
    let names: Vec<&str> = tags.iter().map(|t| t.fields.name.as_str()).collect();
    values_of(&c.fields, &names.join(", "), owner, parent)
}

fn values_of(f: &CompanyFields, tags: &str, owner: Option<Ref>, parent: Option<Ref>) -> Vec<Value> {
    let opt = |s: &Option<String>| Value::text(s.clone().unwrap_or_default());
    FIELDS
        .iter()
        .map(|spec| match spec.name {
            "name" => Value::text(f.name.clone()),
            "domain" => opt(&f.domain),
            "website" => opt(&f.website),
            "industry" => opt(&f.industry),
            "category" => opt(&f.category),
            "status" => Value::text(f.status.as_str()),
            "size" => Value::text(f.size.map(|s| s.as_str()).unwrap_or_default()),
            "phone" => opt(&f.phone),
            "email" => opt(&f.email),
            "owner_id" => Value::Ref(owner.clone()),
            "parent_id" => Value::Ref(parent.clone()),
            "employee_count" => {
                Value::text(f.employee_count.map(|n| n.to_string()).unwrap_or_default())
            }
            "currency" => Value::text(f.currency.clone()),
            "annual_revenue" => Value::text(
                f.annual_revenue
                    .map(|m| money::format_major(m, &f.currency))
                    .unwrap_or_default(),
            ),
            "billing_street" => opt(&f.billing_street),
            "billing_city" => opt(&f.billing_city),
            "billing_region" => opt(&f.billing_region),
            "billing_postal_code" => opt(&f.billing_postal_code),
            "billing_country" => opt(&f.billing_country),
            "service_street" => opt(&f.service_street),
            "service_city" => opt(&f.service_city),
            "service_region" => opt(&f.service_region),
            "service_postal_code" => opt(&f.service_postal_code),
            "service_country" => opt(&f.service_country),
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
    use crate::domain::{CompanySize, CompanyStatus};
    use crate::tui::forms::FormKind;

    #[test]
    fn choices_are_the_enums_values() {
        let choices = |name| super::super::choices_of(FormKind::Company, name);
        let sizes: Vec<&str> = CompanySize::ALL.iter().map(|s| s.as_str()).collect();
        // size is optional: "" (none) comes first
        assert_eq!(choices("size")[0], "");
        assert_eq!(&choices("size")[1..], sizes.as_slice());
        let statuses: Vec<&str> = CompanyStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(choices("status"), statuses.as_slice());
    }

    #[test]
    fn values_round_trip_through_the_draft() {
        let mut d = CompanyDraft::new("Acme Ltd");
        d.set("currency", "EUR").unwrap();
        d.set("annual_revenue", "1,234,567.89").unwrap();
        d.set("billing_city", "Berlin").unwrap();
        d.set("size", "large").unwrap();
        let fields = CompanyFields::from(d.clone().validated().unwrap());
        let values = values_of(&fields, "vip, key", None, None);
        let built = FormKind::Company.build(&values, Zone::Local);
        assert!(built.errors.is_empty(), "{:?}", built.errors);
        assert_eq!(
            built.draft,
            Some(super::super::FormDraft::Company(Box::new(
                d.validated().unwrap()
            )))
        );
        assert_eq!(built.tags, vec!["vip", "key"]);
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut values = blank();
        let set = |values: &mut Vec<Value>, name: &str, v: &str| {
            let i = FormKind::Company.position(name).unwrap();
            values[i] = Value::text(v);
        };
        set(&mut values, "email", "not-an-email");
        set(&mut values, "employee_count", "many");
        set(&mut values, "annual_revenue", "10,5");
        set(&mut values, "tags", "ok, two words");
        let built = FormKind::Company.build(&values, Zone::Local);
        let fields: Vec<&str> = built.errors.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec!["employee_count", "annual_revenue", "name", "email", "tags"]
        );
        assert!(built.draft.is_none());
    }
}
