use super::*;
use chrono::{FixedOffset, NaiveDate};

fn at(d: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, d)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .unwrap()
}

fn utc(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn today_is_the_local_day_of_now() {
    let mut q = AgendaQuery::new(None, at(4, 23, 30));
    let w = Window::of(&q);
    assert_eq!((w.today_start, w.today_end), (at(4, 0, 0), at(5, 0, 0)));
    assert_eq!(w.until, at(12, 0, 0));
    // 23:30 UTC is already the 5th in Berlin (UTC+1): its day runs 23:00 to 23:00 UTC
    q.zone = Zone::Fixed(FixedOffset::east_opt(3600).unwrap());
    let w = Window::of(&q);
    assert_eq!((w.today_start, w.today_end), (at(4, 23, 0), at(5, 23, 0)));
    // and still the 4th in New York (UTC-5), which started at 05:00 UTC
    q.zone = Zone::Fixed(FixedOffset::west_opt(5 * 3600).unwrap());
    q.days = 0;
    let w = Window::of(&q);
    assert_eq!((w.today_start, w.today_end), (at(4, 5, 0), at(5, 5, 0)));
    assert_eq!(w.until, w.today_end);
}

#[test]
fn days_follow_the_zones_daylight_saving_rules() {
    let berlin = Zone::named("Europe/Berlin").unwrap();
    // Berlin springs forward on 2027-03-28 at 02:00 (01:00 UTC): that day has 23 hours
    let mut q = AgendaQuery::new(None, utc("2027-03-28 10:00"));
    q.zone = berlin;
    q.days = 2;
    let w = Window::of(&q);
    assert_eq!(w.today_start, utc("2027-03-27 23:00")); // midnight CET
    assert_eq!(w.today_end, utc("2027-03-28 22:00")); // midnight CEST
    assert_eq!(w.until, utc("2027-03-30 22:00"));
    // the day before the change still has 24 winter hours
    q.now = utc("2027-03-27 10:00");
    let w = Window::of(&q);
    assert_eq!(
        (w.today_start, w.today_end),
        (utc("2027-03-26 23:00"), utc("2027-03-27 23:00"))
    );
    // and the upcoming days end at local midnight after the change, not 24 h multiples
    assert_eq!(w.until, utc("2027-03-29 22:00"));
    // New York falls back on 2027-11-07 at 02:00 (06:00 UTC): that day has 25 hours
    q.zone = Zone::named("America/New_York").unwrap();
    q.now = utc("2027-11-07 12:00");
    q.days = 0;
    let w = Window::of(&q);
    assert_eq!(w.today_start, utc("2027-11-07 04:00")); // midnight EDT
    assert_eq!(w.today_end, utc("2027-11-08 05:00")); // midnight EST
}
