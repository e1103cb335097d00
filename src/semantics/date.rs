//! The cable's date.

use crate::syntax::Cable;
use crate::syntax::date::{days_in_month, full_year};

/// The cable's date from its date-time group, when valid.
pub fn cable_date(cable: &Cable) -> Option<(i32, u32, u32)> {
    let dtg = cable.transmission.as_ref()?.dtg.as_ref()?;
    let year = full_year(dtg.year.value?);
    let month = dtg.month.value?;
    let day = dtg.day.value;
    (day >= 1 && day <= days_in_month(year, month)?).then_some((year, month, day))
}
