//! Business rules that more than one writer applies: the repository (`db::repo`) and the importer
//! (`transfer::kinds`) both call these, so a rule is written once. Each takes plain values (what the
//! caller has read from the database or the file) and returns the decision or the field error; none
//! touches the database.

use chrono::NaiveDateTime;

use super::{CompanyId, ContactId, DealStatus, FieldError, StageKind};

/// The pipeline stage a deal is (or is going) in, as the deal rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealStage<'a> {
    pub name: &'a str,
    pub kind: StageKind,
}

impl DealStage<'_> {
    /// A deal's status is never set by the user: it is the kind of its stage.
    pub fn status(self) -> DealStatus {
        self.kind.deal_status()
    }
}

/// Only a lost deal has a lost reason. `carried` is the stored reason when the draft's reason may
/// be that one carried along unchanged (an update, a move without a new reason): it is dropped, not
/// refused, when the deal leaves its lost stage. Returns the reason the deal keeps.
pub fn lost_reason(
    stage: DealStage<'_>,
    reason: Option<String>,
    carried: Option<&str>,
) -> Result<Option<String>, FieldError> {
    match reason {
        None => Ok(None),
        Some(r) if stage.status() == DealStatus::Lost => Ok(Some(r)),
        Some(r) if carried == Some(r.as_str()) => Ok(None),
        Some(_) => Err(FieldError::new(
            "lost_reason",
            format!(
                "only a lost deal has a lost reason, and stage '{}' is not a lost stage \
                 (its kind is {})",
                stage.name, stage.kind
            ),
        )),
    }
}

/// When a deal was closed: an open deal has none (and may not be given one); a deal that stays won
/// or lost keeps its close time (`before`: the stored status and close time); one that becomes won
/// or lost closes at the `given` time (an import's `closed_at`), else `now`.
pub fn closed_at(
    stage: DealStage<'_>,
    before: Option<(DealStatus, Option<NaiveDateTime>)>,
    given: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Result<Option<NaiveDateTime>, FieldError> {
    let status = stage.status();
    match before {
        _ if status == DealStatus::Open => match given {
            Some(_) => Err(FieldError::new(
                "closed_at",
                format!(
                    "an open deal has no close time (stage '{}' is open)",
                    stage.name
                ),
            )),
            None => Ok(None),
        },
        Some((was, at)) if was == status => Ok(at),
        _ => Ok(Some(given.unwrap_or(now))),
    }
}

/// A contact given together with a company must belong to that company or to none.
/// `contacts_company`: the company the contact belongs to (`None` when none, or when the contact
/// is not known: a missing contact is reported on its own).
pub fn contact_in_company(
    contact: ContactId,
    contacts_company: Option<CompanyId>,
    company: CompanyId,
) -> Result<(), FieldError> {
    match contacts_company {
        Some(other) if other != company => Err(FieldError::new(
            "contact_id",
            format!("contact {contact} belongs to company {other}, not to company {company}"),
        )),
        _ => Ok(()),
    }
}

/// A company has at most one primary contact: a contact that is made primary takes over from the
/// company's current one, which stops being primary. Returns the company whose current primary
/// contact (other than this one) must be demoted, if any.
pub fn takes_over_primary(is_primary: bool, company: Option<CompanyId>) -> Option<CompanyId> {
    company.filter(|_| is_primary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 1)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .unwrap_or_default()
    }

    const LEAD: DealStage<'static> = DealStage {
        name: "Lead",
        kind: StageKind::Open,
    };
    const WON: DealStage<'static> = DealStage {
        name: "Won",
        kind: StageKind::Won,
    };
    const LOST: DealStage<'static> = DealStage {
        name: "Lost",
        kind: StageKind::Lost,
    };

    #[test]
    fn only_a_lost_deal_has_a_lost_reason() {
        let why = || Some("price".to_string());
        assert_eq!(lost_reason(LOST, why(), None), Ok(why()));
        assert_eq!(lost_reason(LOST, None, None), Ok(None));
        assert_eq!(lost_reason(LEAD, None, Some("price")), Ok(None));
        // the stored reason carried along is dropped when the deal leaves the lost stage
        assert_eq!(lost_reason(WON, why(), Some("price")), Ok(None));
        // a new one is refused
        let err = lost_reason(LEAD, why(), Some("other")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lost_reason: only a lost deal has a lost reason, and stage 'Lead' is not a lost \
             stage (its kind is open)"
        );
        assert!(lost_reason(WON, why(), None).is_err());
    }

    #[test]
    fn closed_at_follows_the_status() {
        let now = at(12);
        // open: never closed, and a given close time is refused
        assert_eq!(closed_at(LEAD, None, None, now), Ok(None));
        assert_eq!(
            closed_at(LEAD, Some((DealStatus::Won, Some(at(1)))), None, now),
            Ok(None)
        );
        let err = closed_at(LEAD, None, Some(at(1)), now).unwrap_err();
        assert_eq!(
            err.to_string(),
            "closed_at: an open deal has no close time (stage 'Lead' is open)"
        );
        // becoming won or lost: the given time, else now
        assert_eq!(closed_at(WON, None, None, now), Ok(Some(now)));
        assert_eq!(closed_at(LOST, None, Some(at(3)), now), Ok(Some(at(3))));
        assert_eq!(
            closed_at(WON, Some((DealStatus::Open, None)), None, now),
            Ok(Some(now))
        );
        assert_eq!(
            closed_at(LOST, Some((DealStatus::Won, Some(at(1)))), None, now),
            Ok(Some(now))
        );
        // staying won keeps the stored time
        assert_eq!(
            closed_at(WON, Some((DealStatus::Won, Some(at(1)))), None, now),
            Ok(Some(at(1)))
        );
    }

    #[test]
    fn a_contact_given_with_a_company_belongs_to_it_or_to_none() {
        let (acme, globex, ann) = (CompanyId::new(), CompanyId::new(), ContactId::new());
        assert_eq!(contact_in_company(ann, None, acme), Ok(()));
        assert_eq!(contact_in_company(ann, Some(acme), acme), Ok(()));
        let err = contact_in_company(ann, Some(globex), acme).unwrap_err();
        assert_eq!(err.field, "contact_id");
        assert_eq!(
            err.reason,
            format!("contact {ann} belongs to company {globex}, not to company {acme}")
        );
    }

    #[test]
    fn a_primary_contact_takes_over_from_the_companys_current_one() {
        let acme = CompanyId::new();
        assert_eq!(takes_over_primary(true, Some(acme)), Some(acme));
        assert_eq!(takes_over_primary(false, Some(acme)), None);
        assert_eq!(takes_over_primary(true, None), None);
    }
}
