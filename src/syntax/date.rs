//! Calendar arithmetic for date-time groups and declassification dates.

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1-12) of `year`, or `None` for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => return None,
    })
}

/// Day of the year (1-366) of a valid date.
pub fn day_of_year(year: i32, month: u32, day: u32) -> Option<u32> {
    if day == 0 || day > days_in_month(year, month)? {
        return None;
    }
    let before: u32 = (1..month).filter_map(|m| days_in_month(year, m)).sum();
    Some(before + day)
}

/// The four-digit year of a two-digit cable year: cables run from 1966 to
/// 2010, so `66`-`99` are 19xx and the rest 20xx.
pub fn full_year(two_digits: u32) -> i32 {
    let y = i32::try_from(two_digits % 100).unwrap_or(0);
    if y >= 66 { 1900 + y } else { 2000 + y }
}

/// Days from 1970-01-01 to a date (proleptic Gregorian), for comparing dates.
pub fn days_from_epoch(year: i32, month: u32, day: u32) -> i64 {
    // Algorithm from Howard Hinnant's `days_from_civil`.
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar() {
        assert_eq!(day_of_year(2009, 10, 16), Some(289));
        assert_eq!(day_of_year(2006, 5, 10), Some(130));
        assert_eq!(day_of_year(2008, 12, 31), Some(366));
        assert_eq!(day_of_year(2009, 2, 29), None);
        assert_eq!(full_year(6), 2006);
        assert_eq!(full_year(89), 1989);
        assert_eq!(days_from_epoch(1970, 1, 1), 0);
        assert_eq!(
            days_from_epoch(2000, 3, 1) - days_from_epoch(2000, 2, 28),
            2
        );
    }
}
