//! Dates with their precision: a year, a month, a day, or a moment.

use crate::base::diagnostics::Problem;
use crate::base::text::{push, push_padded};
use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use serde::Serialize;
use std::cmp::Ordering;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Precision {
    /// "2019"
    Year,
    /// "2019-12"
    Month,
    /// "2019-12-27"
    Day,
    /// "2019-12-27T21:30:00+03:00"
    Time,
}

impl Precision {
    /// The word used in exports (`date_precision`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
            Precision::Time => "time",
        }
    }
}

/// A date as an editor wrote it, parsed and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Date {
    /// The text as written: exported as is.
    pub raw: String,
    /// How precise it is.
    pub precision: Precision,
    pub year: i32,
    /// 1–12, or 0 for year precision.
    pub month: u32,
    /// 1–31, or 0 for year and month precision.
    pub day: u32,
    /// Seconds since local midnight, for time precision.
    pub seconds: u32,
    /// "+03:00" or "Z" for time precision.
    pub offset: String,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// Parses "2019", "2019-12", "2019-12-27" or an RFC 3339 time.
    pub(crate) fn parse(s: &str) -> Result<Date, Problem> {
        let raw = s.trim();
        let bad = || {
            format!(
                "`{raw}` is not a date: write \"2019-12-27\", \"2019-12\", \"2019\" or an RFC 3339 time such as \"2019-12-27T21:30:00+03:00\""
            )
        };
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        let mut date = Date {
            raw: raw.to_string(),
            precision: Precision::Year,
            year: 0,
            month: 0,
            day: 0,
            seconds: 0,
            offset: String::new(),
        };
        if raw.len() > 10 {
            let t = DateTime::parse_from_rfc3339(raw).map_err(|e| format!("{}: {e}", bad()))?;
            date.precision = Precision::Time;
            date.year = t.year();
            date.month = t.month();
            date.day = t.day();
            date.seconds = t.num_seconds_from_midnight();
            let off = t.offset().local_minus_utc();
            date.offset = if off == 0 {
                "Z".into()
            } else {
                let sign = if off < 0 { '-' } else { '+' };
                format!("{sign}{:02}:{:02}", off.abs() / 3600, off.abs() % 3600 / 60)
            };
            return Ok(date);
        }
        let parts: Vec<&str> = raw.split('-').collect();
        if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
            return Err(bad().into());
        }
        date.year = parts[0].parse().map_err(|_| bad())?;
        if let Some(m) = parts.get(1) {
            if !digits(m, 2) {
                return Err(bad().into());
            }
            date.month = m.parse().map_err(|_| bad())?;
            if !(1..=12).contains(&date.month) {
                return Err(
                    format!("`{raw}` has month {}: months run 01 to 12", date.month).into(),
                );
            }
            date.precision = Precision::Month;
        }
        if let Some(d) = parts.get(2) {
            if !digits(d, 2) {
                return Err(bad().into());
            }
            date.day = d.parse().map_err(|_| bad())?;
            if NaiveDate::from_ymd_opt(date.year, date.month, date.day).is_none() {
                return Err(format!(
                    "`{raw}` is an impossible date: {} {} has no day {}",
                    MONTHS[date.month as usize - 1],
                    date.year,
                    date.day
                )
                .into());
            }
            date.precision = Precision::Day;
        }
        Ok(date)
    }

    /// Key that orders dates chronologically; a month sits at the head of its
    /// days, a year at the head of its months.
    pub(crate) fn sort_key(&self) -> (i32, u32, u32, u32) {
        (self.year, self.month, self.day, self.seconds)
    }

    /// The first day the date can mean.
    pub(crate) fn earliest(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.max(1), self.day.max(1))
            .expect("validated date")
    }

    /// The last day the date can mean.
    pub(crate) fn latest(&self) -> NaiveDate {
        match self.precision {
            Precision::Year => NaiveDate::from_ymd_opt(self.year, 12, 31),
            Precision::Month => {
                let (y, m) = if self.month == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
            }
            _ => NaiveDate::from_ymd_opt(self.year, self.month, self.day),
        }
        .expect("validated date")
    }

    /// Compares what two dates can mean: `Less` only when `self` is surely
    /// before `other`, `Greater` only when surely after.
    pub(crate) fn surely_cmp(&self, other: &Date) -> Ordering {
        if self.latest() < other.earliest() {
            Ordering::Less
        } else if self.earliest() > other.latest() {
            Ordering::Greater
        } else if self.precision >= Precision::Time && other.precision >= Precision::Time {
            self.sort_key().cmp(&other.sort_key())
        } else {
            Ordering::Equal
        }
    }

    /// "2019-12" style key of the month, for grouping; year precision gives "2019".
    pub(crate) fn month_key(&self) -> String {
        let mut out = String::with_capacity(7);
        push_padded(&mut out, self.year.into(), 4);
        if self.month != 0 {
            out.push('-');
            push_padded(&mut out, self.month.into(), 2);
        }
        out
    }

    /// Name of the month, or "" for year precision.
    pub(crate) fn month_name(&self) -> &'static str {
        if self.month == 0 {
            ""
        } else {
            MONTHS[self.month as usize - 1]
        }
    }

    /// A reader's rendering: "27 December 2019", "December 2019", "2019",
    /// "27 December 2019, 21:30 (+03:00)".
    pub(crate) fn display(&self) -> String {
        let mut out = String::with_capacity(20);
        match self.precision {
            Precision::Year => push!(&mut out, self.year),
            Precision::Month => push!(&mut out, self.month_name(), ' ', self.year),
            Precision::Day => push!(&mut out, self.day, ' ', self.month_name(), ' ', self.year),
            Precision::Time => {
                return format!(
                    "{} {} {}, {:02}:{:02} ({})",
                    self.day,
                    self.month_name(),
                    self.year,
                    self.seconds / 3600,
                    self.seconds % 3600 / 60,
                    if self.offset == "Z" {
                        "UTC"
                    } else {
                        &self.offset
                    }
                );
            }
        }
        out
    }

    /// Short form for tables: "2019-12-27", "2019-12", "2019".
    pub(crate) fn short(&self) -> String {
        let mut out = String::with_capacity(10);
        push_padded(&mut out, self.year.into(), 4);
        if self.precision != Precision::Year {
            out.push('-');
            push_padded(&mut out, self.month.into(), 2);
        }
        if self.precision >= Precision::Day {
            out.push('-');
            push_padded(&mut out, self.day.into(), 2);
        }
        out
    }

    /// RFC 3339 timestamp for feeds: the earliest moment the date can mean.
    pub(crate) fn rfc3339(&self) -> String {
        if self.precision == Precision::Time {
            return self.raw.clone();
        }
        let day = self.earliest();
        let mut out = String::with_capacity(20);
        push_padded(&mut out, day.year().into(), 4);
        out.push('-');
        push_padded(&mut out, day.month().into(), 2);
        out.push('-');
        push_padded(&mut out, day.day().into(), 2);
        out.push_str("T00:00:00Z");
        out
    }
}

/// Renders a span: "27–28 December 2019", "27 December 2019 – 3 January 2020".
pub(crate) fn display_span(start: &Date, end: Option<&Date>, circa: bool) -> String {
    let prefix = if circa { "c. " } else { "" };
    let Some(end) = end else {
        return format!("{prefix}{}", start.display());
    };
    let same_month = start.precision == Precision::Day
        && end.precision == Precision::Day
        && start.year == end.year
        && start.month == end.month;
    if same_month {
        format!(
            "{prefix}{}–{} {} {}",
            start.day,
            end.day,
            start.month_name(),
            start.year
        )
    } else {
        format!("{prefix}{} – {}", start.display(), end.display())
    }
}

/// Today's date in UTC, by the system clock. Only warnings may depend on
/// it: the result of a build never does.
pub(crate) fn today_utc() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    epoch
        .checked_add_days(chrono::Days::new(secs / 86_400))
        .unwrap_or(epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision() {
        assert_eq!(Date::parse("2019").unwrap().precision, Precision::Year);
        assert_eq!(Date::parse("2019-12").unwrap().precision, Precision::Month);
        let d = Date::parse("2019-12-27").unwrap();
        assert_eq!((d.precision, d.day), (Precision::Day, 27));
        let t = Date::parse("2019-12-27T21:30:00+03:00").unwrap();
        assert_eq!(t.precision, Precision::Time);
        assert_eq!(t.display(), "27 December 2019, 21:30 (+03:00)");
    }

    #[test]
    fn written_forms_match_the_formatter() {
        for raw in [
            "2019",
            "0999",
            "2019-01",
            "0042-12",
            "2019-12-27",
            "2020-02-29",
            "0001-01-01",
        ] {
            let d = Date::parse(raw).unwrap();
            let (y, m, day) = (d.year, d.month, d.day);
            let (display, short, key) = match d.precision {
                Precision::Year => (y.to_string(), format!("{y:04}"), format!("{y:04}")),
                Precision::Month => (
                    format!("{} {y}", d.month_name()),
                    format!("{y:04}-{m:02}"),
                    format!("{y:04}-{m:02}"),
                ),
                _ => (
                    format!("{day} {} {y}", d.month_name()),
                    format!("{y:04}-{m:02}-{day:02}"),
                    format!("{y:04}-{m:02}"),
                ),
            };
            assert_eq!(
                (d.display(), d.short(), d.month_key()),
                (display, short, key),
                "{raw}"
            );
            let rfc = format!("{}T00:00:00Z", d.earliest().format("%Y-%m-%d"));
            assert_eq!(d.rfc3339(), rfc, "{raw}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(
            Date::parse("2019-02-30")
                .unwrap_err()
                .0
                .contains("impossible")
        );
        assert!(Date::parse("2019-13").is_err());
        assert!(Date::parse("19-1-1").is_err());
        assert!(Date::parse("yesterday").is_err());
        assert!(Date::parse("").is_err());
    }

    #[test]
    fn months_sort_before_their_days() {
        let m = Date::parse("2019-12").unwrap();
        let d = Date::parse("2019-12-01").unwrap();
        assert!(m.sort_key() < d.sort_key());
        assert_eq!(m.surely_cmp(&d), Ordering::Equal);
        assert_eq!(
            Date::parse("2019-11").unwrap().surely_cmp(&d),
            Ordering::Less
        );
        assert_eq!(m.latest().to_string(), "2019-12-31");
    }

    #[test]
    fn spans_read_naturally() {
        let a = Date::parse("2019-12-27").unwrap();
        let b = Date::parse("2019-12-28").unwrap();
        assert_eq!(display_span(&a, Some(&b), false), "27–28 December 2019");
        assert_eq!(
            display_span(&Date::parse("2019-12").unwrap(), None, true),
            "c. December 2019"
        );
    }
}
