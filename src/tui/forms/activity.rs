//! The activity form: log a call, email, meeting or note, or create a task, linked to a company,
//! contact and/or deal. The due time takes relative input (`+2d`, `tomorrow 9:00`, `fri 14:30`),
//! read in the session's time zone (`Ctx::zone`) and stored in UTC.

use std::sync::LazyLock;

use chrono::NaiveDateTime;

use super::{apply, push_errors, specs, FieldSpec, Ref, Value};
use crate::db::models::{Activity, ActivityFields};
use crate::domain::zone::Zone;
use crate::domain::{when, ActivityDraft, ActivityKind, Entity};

/// The form's fields, as the activity description lists them.
pub static FIELDS: LazyLock<Vec<FieldSpec>> =
    LazyLock::new(|| specs(Entity::Activities, &["body"]));

/// Links a new activity starts with (the record it is logged on).
#[derive(Debug, Clone, Default)]
pub struct Links {
    pub company: Option<Ref>,
    pub contact: Option<Ref>,
    pub deal: Option<Ref>,
    pub owner: Option<Ref>,
    pub assignee: Option<Ref>,
}

pub fn blank(kind: ActivityKind, links: Links) -> Vec<Value> {
    values_of(
        &ActivityFields::from(ActivityDraft::new(kind, "")),
        links,
        String::new(),
    )
}

/// Wall-clock time typed by a user (in the acting user's zone, see `domain::zone`) → UTC, as the
/// draft's `set` reads it.
fn due_to_utc(text: &str, now_local: NaiveDateTime, zone: Zone) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let local = when::parse(t, now_local).map_err(|e| e.to_string())?;
    Ok(zone.to_utc(local).format("%Y-%m-%d %H:%M:%S").to_string())
}

fn to_local(t: NaiveDateTime, zone: Zone) -> String {
    zone.to_local(t).format("%Y-%m-%d %H:%M").to_string()
}

pub fn build(
    values: &[Value],
    zone: Zone,
    errors: &mut Vec<(&'static str, String)>,
) -> Option<ActivityDraft> {
    let mut d = ActivityDraft::new(ActivityKind::Note, "");
    let due_at = FIELDS.iter().position(|f| f.name == "due_at");
    let mut values = values.to_vec();
    if let Some(i) = due_at {
        match due_to_utc(&values[i].raw(), zone.now_local(), zone) {
            Ok(utc) => values[i] = Value::text(utc),
            Err(e) => {
                errors.push(("due_at", e));
                values[i] = Value::text("");
            }
        }
    }
    apply(
        &mut d,
        &FIELDS,
        &values,
        &["kind"],
        ActivityDraft::set,
        errors,
    );
    // done: when it happened, for a logged past interaction; else now (an edit keeps the stored
    // time, see the worker)
    if d.completed_at.is_some() {
        let now = crate::db::now();
        if let Some(at) = crate::domain::activity::logged_done(d.kind, d.outcome, d.due_at, now) {
            d.completed_at = Some(at);
        }
    }
    match d.validated() {
        Ok(d) => Some(d),
        Err(e) => {
            push_errors(&FIELDS, e, errors);
            None
        }
    }
}

/// Whether a new activity with these values is a logged past interaction, done when saved
/// (`domain::activity::logged_done`); `None` while its kind or due time does not read. The due
/// time is read in `zone`.
pub fn logged_done(values: &[Value], zone: Zone) -> Option<bool> {
    let at = |name: &str| FIELDS.iter().position(|f| f.name == name);
    let raw = |name: &str| at(name).and_then(|i| values.get(i)).map(Value::raw);
    let kind: ActivityKind = raw("kind")?.parse().ok()?;
    let outcome = raw("outcome")?;
    let outcome = match outcome.trim() {
        "" => None,
        o => Some(o.parse().ok()?),
    };
    let now_local = zone.now_local();
    let due = due_to_utc(&raw("due_at")?, now_local, zone).ok()?;
    let due = crate::domain::activity::optional_datetime("due_at", &due).ok()?;
    let now = zone.to_utc(now_local);
    Some(crate::domain::activity::logged_done(kind, outcome, due, now).is_some())
}

/// A stored activity's values, its due time shown in `zone`.
pub fn values(a: &Activity, links: Links, zone: Zone) -> Vec<Value> {
    let due = a
        .fields
        .due_at
        .map(|t| to_local(t, zone))
        .unwrap_or_default();
    values_of(&a.fields, links, due)
}

fn values_of(f: &ActivityFields, links: Links, due: String) -> Vec<Value> {
    FIELDS
        .iter()
        .map(|spec| match spec.name {
            "kind" => Value::text(f.kind.as_str()),
            "subject" => Value::text(f.subject.clone()),
            "due_at" => Value::text(due.clone()),
            "company_id" => Value::Ref(links.company.clone()),
            "contact_id" => Value::Ref(links.contact.clone()),
            "deal_id" => Value::Ref(links.deal.clone()),
            "outcome" => Value::text(f.outcome.map(|o| o.as_str()).unwrap_or("")),
            "done" => Value::Bool(f.completed_at.is_some()),
            "owner_id" => Value::Ref(links.owner.clone()),
            "assignee_id" => Value::Ref(links.assignee.clone()),
            "body" => Value::text(f.body.clone().unwrap_or_default()),
            _ => Value::text(""),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_outcomes_are_the_enums_values() {
        let kinds: Vec<&str> = ActivityKind::ALL.iter().map(|k| k.as_str()).collect();
        let choices = |name| super::super::choices_of(super::super::FormKind::Activity, name);
        assert_eq!(choices("kind"), kinds.as_slice());
        let outcomes: Vec<&str> = crate::domain::Outcome::ALL
            .iter()
            .map(|o| o.as_str())
            .collect();
        // outcome is optional: "" (none) comes first
        assert_eq!(choices("outcome")[0], "");
        assert_eq!(&choices("outcome")[1..], outcomes.as_slice());
    }

    #[test]
    fn the_form_reads_due_times_in_the_zone_it_is_given() {
        use super::super::{FormDraft, FormKind};
        let at = |name| FIELDS.iter().position(|f| f.name == name).unwrap();
        let company = Ref {
            id: crate::domain::Id::new(),
            label: "Brightline".into(),
        };
        let links = Links {
            company: Some(company),
            ..Links::default()
        };
        let mut values = blank(ActivityKind::Call, links);
        values[at("subject")] = Value::text("Call Lena");
        values[at("due_at")] = Value::text("2026-11-24 09:00");
        let due = |zone: &str| match FormKind::Activity
            .build(&values, Zone::named(zone).unwrap())
            .draft
        {
            Some(FormDraft::Activity(d)) => d.due_at.map(|t| t.to_string()),
            other => panic!("{other:?}"),
        };
        assert_eq!(due("Europe/Berlin").as_deref(), Some("2026-11-24 08:00:00"));
        assert_eq!(due("UTC").as_deref(), Some("2026-11-24 09:00:00"));
    }

    #[test]
    fn relative_due_times_become_utc_and_bad_ones_are_field_errors() {
        let now = NaiveDateTime::parse_from_str("2026-11-23 10:00", "%Y-%m-%d %H:%M").unwrap();
        let berlin = Zone::named("Europe/Berlin").unwrap();
        // typed in the user's zone: 9:00 in Berlin in November is 08:00 UTC
        assert_eq!(
            due_to_utc("tomorrow 9:00", now, berlin).unwrap(),
            "2026-11-24 08:00:00"
        );
        let utc = Zone::named("UTC").unwrap();
        assert_eq!(
            due_to_utc("+2d 9:00", now, utc).unwrap(),
            "2026-11-25 09:00:00"
        );
        assert!(due_to_utc("whenever", now, utc).is_err());
        assert_eq!(due_to_utc("  ", now, utc).unwrap(), "");
    }
}
