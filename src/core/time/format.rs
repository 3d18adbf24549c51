//! Writing times: for the table, for exports (ISO 8601) and for `datetime-local` inputs.

use super::civil::{civil_and_offset, to_civil};
use super::zone::fmt_offset;
use super::{EpochMs, Zone};

/// Display to the second in `zone`: "2026-10-31 15:22:11", plus " +01:00" when `with_offset`
/// (" +00:00" for Utc).
pub(crate) fn format_display(t: EpochMs, zone: Zone, with_offset: bool) -> String {
    let (c, offset) = civil_and_offset(t, zone);
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    );
    if with_offset {
        s.push(' ');
        s.push_str(&fmt_offset(offset));
    }
    s
}

/// ISO 8601 for export, always with milliseconds: "2026-10-31T15:22:11.123+01:00";
/// for Utc "2026-10-31T14:22:11.123Z".
pub(crate) fn format_iso(t: EpochMs, zone: Zone) -> String {
    let (c, offset) = civil_and_offset(t, zone);
    let suffix = if zone == Zone::Utc {
        "Z".into()
    } else {
        fmt_offset(offset)
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}{suffix}",
        c.year, c.month, c.day, c.hour, c.minute, c.second, c.milli
    )
}

/// Value for an HTML `<input type="datetime-local">` in `zone`: "2026-10-31T15:22" (minutes)
/// or "2026-10-31T15:22:11" when seconds are non-zero.
pub(crate) fn format_input(t: EpochMs, zone: Zone) -> String {
    let c = to_civil(t, zone);
    let s = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute
    );
    if c.second == 0 {
        s
    } else {
        format!("{s}:{:02}", c.second)
    }
}
