//! The lexical pieces the timestamp readers share: digit runs and UTC offsets.

/// Value of a run of 1..=9 ASCII digits.
pub(super) fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

/// `+H`, `+HH`, `+HHMM`, `+H:MM`, `+HH:MM` (sign required, hours <= 23) -> minutes east of UTC.
pub(super) fn parse_offset(b: &[u8]) -> Option<i32> {
    let (sign, rest) = match b.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ => return None,
    };
    let (h, m) = match rest {
        [_] | [_, _] => (digits(rest)?, 0),
        [h1, h2, m1, m2] => (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?),
        [h @ .., b':', m1, m2] if (1..=2).contains(&h.len()) => (digits(h)?, digits(&[*m1, *m2])?),
        _ => return None,
    };
    (h <= 23 && m <= 59).then_some(sign * (h * 60 + m) as i32)
}
