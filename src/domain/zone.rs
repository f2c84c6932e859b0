//! The time zone rolo shows and reads wall-clock times in: the acting user's `timezone` when there
//! is one (`users.timezone`, an IANA name), else the machine's. "Today" in the agenda, the times
//! in the timeline and a due date typed as `tomorrow 9:00` all follow it, so a rep in Berlin on a
//! server in UTC sees and types Berlin times. Conversions go through the zone's rules for the
//! instant in question (daylight saving time included), not a fixed offset.

use std::sync::OnceLock;

use chrono::{
    FixedOffset, Local, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// The machine's zone (`TZ`, /etc/localtime).
    Local,
    Named(chrono_tz::Tz),
    /// A fixed offset from UTC, with no daylight saving time.
    Fixed(FixedOffset),
}

impl Zone {
    /// A stored zone name (`UTC`, `Europe/Berlin`); `None` for a name the database does not know.
    pub fn named(name: &str) -> Option<Zone> {
        if name.eq_ignore_ascii_case("utc") {
            return Some(Zone::Named(chrono_tz::UTC));
        }
        chrono_tz::Tz::from_str_insensitive(name)
            .ok()
            .map(Zone::Named)
    }

    /// The user's zone, or the machine's when the user has none or an unknown one.
    pub fn for_user(timezone: Option<&str>) -> Zone {
        timezone.and_then(Zone::named).unwrap_or(Zone::Local)
    }

    /// `Europe/Berlin`, `+05:00` for a fixed offset, or `local` for the machine's zone.
    pub fn name(self) -> String {
        match self {
            Zone::Local => "local".into(),
            Zone::Named(tz) => tz.name().into(),
            Zone::Fixed(offset) => offset.to_string(),
        }
    }

    /// The offset from UTC at the UTC instant `utc`.
    pub fn offset_at(self, utc: NaiveDateTime) -> FixedOffset {
        match self {
            Zone::Local => match MACHINE.get() {
                Some(tz) => tz.offset_from_utc_datetime(&utc).fix(),
                None => Local.offset_from_utc_datetime(&utc).fix(),
            },
            Zone::Named(tz) => tz.offset_from_utc_datetime(&utc).fix(),
            Zone::Fixed(offset) => offset,
        }
    }

    /// Wall-clock time in this zone of the UTC instant `utc`, by the zone's rules at that
    /// instant: two instants either side of a daylight-saving change get different offsets.
    pub fn to_local(self, utc: NaiveDateTime) -> NaiveDateTime {
        utc + chrono::Duration::seconds(i64::from(self.offset_at(utc).local_minus_utc()))
    }

    /// The UTC instant of a wall-clock time in this zone. A time skipped by a daylight-saving
    /// change (02:30 on the spring-forward night) moves forward by the gap; a repeated one takes
    /// its first occurrence.
    pub fn to_utc(self, local: NaiveDateTime) -> NaiveDateTime {
        fn pick<T: TimeZone>(r: LocalResult<chrono::DateTime<T>>) -> Option<NaiveDateTime> {
            match r {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.naive_utc()),
                LocalResult::None => None,
            }
        }
        let convert = |t: NaiveDateTime| match self {
            Zone::Local => match MACHINE.get() {
                Some(tz) => pick(tz.from_local_datetime(&t)),
                None => pick(Local.from_local_datetime(&t)),
            },
            Zone::Named(tz) => pick(tz.from_local_datetime(&t)),
            Zone::Fixed(offset) => pick(offset.from_local_datetime(&t)),
        };
        convert(local)
            .or_else(|| convert(local + chrono::Duration::hours(1)))
            .unwrap_or_else(|| {
                local
                    - chrono::Duration::seconds(i64::from(self.offset_at(local).local_minus_utc()))
            })
    }

    /// The UTC instant the local day `day` starts at in this zone (its midnight, or the first
    /// time after a daylight-saving gap at midnight). Days are 23 or 25 hours long across a
    /// change.
    pub fn day_start(self, day: NaiveDate) -> NaiveDateTime {
        self.to_utc(day.and_time(NaiveTime::MIN))
    }

    /// Now ([`crate::domain::clock::now`]), as wall-clock time in this zone.
    pub fn now_local(self) -> NaiveDateTime {
        self.to_local(crate::domain::clock::now())
    }
}

static MACHINE: OnceLock<chrono_tz::Tz> = OnceLock::new();

/// Fix what [`Zone::Local`] means for this process instead of the machine's `TZ` and
/// /etc/localtime: tests set it so they read the same on a machine in any zone. Returns false if
/// another zone was set first.
pub fn set_machine(tz: chrono_tz::Tz) -> bool {
    *MACHINE.get_or_init(|| tz) == tz
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn named_zones_follow_daylight_saving() {
        let berlin = Zone::named("europe/berlin").unwrap();
        assert_eq!(berlin.name(), "Europe/Berlin");
        assert_eq!(
            berlin.to_local(at("2026-01-15 12:00")),
            at("2026-01-15 13:00")
        );
        assert_eq!(
            berlin.to_local(at("2026-07-15 12:00")),
            at("2026-07-15 14:00")
        );
        assert_eq!(
            berlin.to_utc(at("2026-07-15 09:00")),
            at("2026-07-15 07:00")
        );
        // 02:30 does not exist on 2026-03-29 in Berlin: moved forward by the gap
        assert_eq!(
            berlin.to_utc(at("2026-03-29 02:30")),
            at("2026-03-29 01:30")
        );
        // 02:30 happens twice on 2026-10-25: the first one (summer time)
        assert_eq!(
            berlin.to_utc(at("2026-10-25 02:30")),
            at("2026-10-25 00:30")
        );
        assert_eq!(Zone::named("UTC"), Some(Zone::Named(chrono_tz::UTC)));
        assert_eq!(Zone::named("Mars/Olympus"), None);
        assert_eq!(Zone::for_user(Some("Mars/Olympus")), Zone::Local);
        assert_eq!(Zone::for_user(None), Zone::Local);
    }

    #[test]
    fn each_instant_gets_the_offset_of_its_own_side_of_a_change() {
        let berlin = Zone::named("Europe/Berlin").unwrap();
        // 2027-03-28: 02:00 CET becomes 03:00 CEST at 01:00 UTC
        assert_eq!(
            berlin.to_local(at("2027-03-28 00:59")),
            at("2027-03-28 01:59")
        );
        assert_eq!(
            berlin.to_local(at("2027-03-28 01:00")),
            at("2027-03-28 03:00")
        );
        assert_eq!(
            berlin.day_start(at("2027-03-28 00:00").date()),
            at("2027-03-27 23:00")
        );
        assert_eq!(
            berlin.day_start(at("2027-03-29 00:00").date()),
            at("2027-03-28 22:00")
        );
        let new_york = Zone::named("America/New_York").unwrap();
        // 2027-11-07: 02:00 EDT becomes 01:00 EST at 06:00 UTC
        assert_eq!(
            new_york.to_local(at("2027-11-07 05:30")),
            at("2027-11-07 01:30")
        );
        assert_eq!(
            new_york.to_local(at("2027-11-07 06:30")),
            at("2027-11-07 01:30")
        );
        let fixed = Zone::Fixed(FixedOffset::east_opt(5 * 3600).unwrap());
        assert_eq!(fixed.name(), "+05:00");
        assert_eq!(
            fixed.to_local(at("2027-03-28 01:00")),
            at("2027-03-28 06:00")
        );
        assert_eq!(fixed.to_utc(at("2027-03-28 06:00")), at("2027-03-28 01:00"));
    }
}
