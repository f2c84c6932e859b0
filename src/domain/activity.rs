//! An activity (call, email, meeting, note or task) as the user edits it. Every activity is about
//! at least one company, contact or deal. Times are UTC; converting from the user's time zone is
//! the edge's job.

use chrono::{NaiveDateTime, NaiveTime};

use super::validate::{self as v, FieldError, ValidationErrors};
use super::{ActivityKind, CompanyId, ContactId, DealId, Outcome, UserId};

/// The pseudo-field named by the "needs a company, contact or deal" error.
pub const LINKS: &str = "links";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActivityDraft {
    pub kind: ActivityKind,
    pub subject: String,
    pub body: Option<String>,
    pub outcome: Option<Outcome>,
    pub company_id: Option<CompanyId>,
    pub contact_id: Option<ContactId>,
    pub deal_id: Option<DealId>,
    pub owner_id: Option<UserId>,
    pub assignee_id: Option<UserId>,
    pub due_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
}

impl ActivityDraft {
    pub fn new(kind: ActivityKind, subject: impl Into<String>) -> Self {
        ActivityDraft {
            kind,
            subject: subject.into(),
            body: None,
            outcome: None,
            company_id: None,
            contact_id: None,
            deal_id: None,
            owner_id: None,
            assignee_id: None,
            due_at: None,
            completed_at: None,
        }
    }

    /// Check every field; on success the text is trimmed.
    pub fn validated(self) -> Result<Self, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let subject = e.check(v::required_text("subject", &self.subject, 300));
        let body = e
            .check(v::optional_text("body", self.body.as_deref(), 100_000))
            .flatten();
        if self.company_id.is_none() && self.contact_id.is_none() && self.deal_id.is_none() {
            e.push(FieldError::new(
                LINKS,
                "an activity needs a company, contact or deal (set company_id, contact_id or deal_id)",
            ));
        }
        let draft = ActivityDraft {
            kind: self.kind,
            subject: subject.unwrap_or_default(),
            body,
            outcome: self.outcome,
            company_id: self.company_id,
            contact_id: self.contact_id,
            deal_id: self.deal_id,
            owner_id: self.owner_id,
            assignee_id: self.assignee_id,
            due_at: self.due_at,
            completed_at: self.completed_at,
        };
        e.into_result(draft)
    }

    /// Set one field from text, as typed on the command line (`--set due=2026-03-01 14:30`). An
    /// empty value clears an optional field; `done=yes` completes now, `done=no` reopens.
    pub fn set(&mut self, field: &str, value: &str) -> Result<(), FieldError> {
        let field = super::fields::canonical(super::Entity::Activities, field);
        let opt = || Some(value.to_string()).filter(|s| !s.trim().is_empty());
        match field {
            "kind" => self.kind = super::parse_required("kind", value)?,
            "subject" => self.subject = value.to_string(),
            "body" => self.body = opt(),
            "outcome" => self.outcome = super::parse_optional("outcome", value)?,
            "company" | "company_id" => self.company_id = super::parse_id("company_id", value)?,
            "contact" | "contact_id" => self.contact_id = super::parse_id("contact_id", value)?,
            "deal" | "deal_id" => self.deal_id = super::parse_id("deal_id", value)?,
            "owner" | "owner_id" => self.owner_id = super::parse_id("owner_id", value)?,
            "assignee" | "assignee_id" => self.assignee_id = super::parse_id("assignee_id", value)?,
            "due" | "due_at" => self.due_at = optional_datetime("due_at", value)?,
            "completed_at" => self.completed_at = optional_datetime("completed_at", value)?,
            "done" => {
                let done = super::parse_bool("done", value)?;
                self.completed_at = match (done, self.completed_at) {
                    (true, Some(at)) => Some(at),
                    (true, None) => Some(now()),
                    (false, _) => None,
                }
            }
            other => {
                return Err(super::fields::unknown(
                    super::Entity::Activities,
                    "activities",
                    other,
                ))
            }
        }
        Ok(())
    }
}

/// A logged interaction has happened: a call, email or meeting with an outcome, dated `now` or
/// earlier (or not dated), is done when it is logged. Returns when it was done (its date, else
/// `now`), or `None` when the rule does not apply (a task or note, no outcome, a future date).
pub fn logged_done(
    kind: ActivityKind,
    outcome: Option<Outcome>,
    due_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Option<NaiveDateTime> {
    let interaction = matches!(
        kind,
        ActivityKind::Call | ActivityKind::Email | ActivityKind::Meeting
    );
    match due_at {
        _ if !interaction || outcome.is_none() => None,
        None => Some(now),
        Some(at) => (at <= now).then_some(at),
    }
}

impl ActivityDraft {
    /// A new activity: a past interaction is recorded as done ([`logged_done`]); one given a
    /// completion time keeps it.
    pub fn done_if_logged(&mut self, now: NaiveDateTime) {
        if self.completed_at.is_none() {
            self.completed_at = logged_done(self.kind, self.outcome, self.due_at, now);
        }
    }
}

use super::clock::now;

/// "YYYY-MM-DD HH:MM[:SS]" (or with 'T'); a bare date means the end of that day (23:59:59),
/// so a task due "2026-03-01" is not overdue during that day. Blank means none.
pub fn optional_datetime(
    field: &'static str,
    value: &str,
) -> Result<Option<NaiveDateTime>, FieldError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let (date, time) = match v.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t.trim())),
        None => (v, None),
    };
    let date = v::date(field, date)?;
    let time = match time {
        None => NaiveTime::from_hms_opt(23, 59, 59).unwrap_or_default(),
        Some(t) => NaiveTime::parse_from_str(t, "%H:%M:%S")
            .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M"))
            .map_err(|_| {
                FieldError::new(
                    field,
                    format!("'{t}' is not a time of day (expected HH:MM or HH:MM:SS)"),
                )
            })?,
    };
    Ok(Some(date.and_time(time)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(h, min, 0))
            .unwrap()
    }

    #[test]
    fn a_logged_past_interaction_is_done() {
        use ActivityKind::*;
        let now = at(2026, 3, 2, 12, 0);
        let good = Some(Outcome::Positive);
        let yesterday = Some(at(2026, 3, 1, 9, 0));
        let tomorrow = Some(at(2026, 3, 3, 9, 0));
        for kind in [Call, Email, Meeting] {
            assert_eq!(logged_done(kind, good, None, now), Some(now), "{kind:?}");
            assert_eq!(logged_done(kind, good, yesterday, now), yesterday);
            assert_eq!(logged_done(kind, good, Some(now), now), Some(now));
            assert_eq!(logged_done(kind, good, tomorrow, now), None, "planned");
            assert_eq!(logged_done(kind, None, None, now), None, "no outcome");
        }
        for kind in [Task, Note] {
            assert_eq!(logged_done(kind, good, yesterday, now), None, "{kind:?}");
        }
        let mut d = ActivityDraft::new(Call, "x");
        d.outcome = Some(Outcome::Neutral);
        d.completed_at = Some(at(2026, 2, 1, 8, 0));
        d.done_if_logged(now);
        assert_eq!(d.completed_at, Some(at(2026, 2, 1, 8, 0)), "kept");
        d.completed_at = None;
        d.done_if_logged(now);
        assert_eq!(d.completed_at, Some(now));
    }

    #[test]
    fn drafts_are_set_field_by_field() {
        let mut d = ActivityDraft::new(ActivityKind::Note, "x");
        d.set("kind", "Meeting").unwrap();
        d.set("due", "2026-03-01").unwrap();
        assert_eq!(
            d.due_at,
            NaiveDate::from_ymd_opt(2026, 3, 1).and_then(|d| d.and_hms_opt(23, 59, 59))
        );
        d.set("due_at", "2026-03-01T09:15").unwrap();
        assert_eq!(d.due_at, Some(at(2026, 3, 1, 9, 15)));
        d.set("outcome", "positive").unwrap();
        assert_eq!(
            (d.kind, d.outcome),
            (ActivityKind::Meeting, Some(Outcome::Positive))
        );
        d.set("outcome", "").unwrap();
        assert_eq!(d.outcome, None);
        d.set("done", "yes").unwrap();
        let done = d.completed_at.expect("done sets completed_at");
        d.set("done", "yes").unwrap();
        assert_eq!(d.completed_at, Some(done));
        d.set("done", "no").unwrap();
        assert_eq!(d.completed_at, None);
        assert_eq!(
            d.set("due", "2026-03-01 25:00").unwrap_err().to_string(),
            "due_at: '25:00' is not a time of day (expected HH:MM or HH:MM:SS)"
        );
        assert_eq!(d.set("due", "tomorrow").unwrap_err().field, "due_at");
        assert_eq!(d.set("kind", "fax").unwrap_err().field, "kind");
        assert_eq!(d.set("deal", "nope").unwrap_err().field, "deal_id");
    }
}
