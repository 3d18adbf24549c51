//! The interface's keyboard logic, kept pure so it is tested natively: the
//! histogram's brush (a cursor bar, a range extended from an anchor) and where Tab
//! goes at the edges of a dialog that keeps focus inside.

/// A key that moves or ends the histogram's brush.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BrushKey {
    /// ← : the bar before.
    Prev,
    /// → : the bar after.
    Next,
    /// Home: the first bar.
    First,
    /// End: the last bar.
    Last,
    /// Enter: apply the range (or the cursor's bar).
    Apply,
    /// Esc: drop the range being chosen.
    Cancel,
}

impl BrushKey {
    /// The brush key a `KeyboardEvent.key` names, if any.
    pub(crate) fn from_key(key: &str) -> Option<BrushKey> {
        Some(match key {
            "ArrowLeft" => BrushKey::Prev,
            "ArrowRight" => BrushKey::Next,
            "Home" => BrushKey::First,
            "End" => BrushKey::Last,
            "Enter" => BrushKey::Apply,
            "Escape" => BrushKey::Cancel,
            _ => return None,
        })
    }
}

/// What a key did to the brush.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BrushOutcome {
    /// The cursor (and perhaps the range) moved.
    Moved,
    /// Apply bars `lo..=hi` as the time range.
    Apply(usize, usize),
    /// The range being chosen was dropped.
    Cancelled,
    /// Nothing to do: the key belongs to someone else (Esc with no range closes panels).
    Ignored,
}

/// The keyboard brush over `n` bars: the bar the cursor is on, and where a range
/// being extended (Shift with an arrow) started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Brush {
    /// The bar the cursor is on.
    pub cursor: Option<usize>,
    /// Where the range being chosen started; None while no range is being chosen.
    pub anchor: Option<usize>,
}

impl Brush {
    /// The brush over `n` bars: positions past the last bar move onto it (the bars
    /// can change under the cursor as entries arrive).
    pub(crate) fn clamped(self, n: usize) -> Brush {
        if n == 0 {
            return Brush::default();
        }
        Brush {
            cursor: self.cursor.map(|c| c.min(n - 1)),
            anchor: self.anchor.map(|a| a.min(n - 1)),
        }
    }

    /// The range being chosen, lowest bar first.
    pub(crate) fn range(&self) -> Option<(usize, usize)> {
        let (a, c) = (self.anchor?, self.cursor?);
        Some((a.min(c), a.max(c)))
    }

    /// Applies `key` (with Shift when `extend`) over `n` bars.
    pub(crate) fn key(&mut self, key: BrushKey, extend: bool, n: usize) -> BrushOutcome {
        *self = self.clamped(n);
        if n == 0 {
            return BrushOutcome::Ignored;
        }
        let last = n - 1;
        let to = match (key, self.cursor) {
            (BrushKey::Apply, _) => {
                let Some((lo, hi)) = self.range().or_else(|| self.cursor.map(|c| (c, c))) else {
                    return BrushOutcome::Ignored;
                };
                self.anchor = None;
                return BrushOutcome::Apply(lo, hi);
            }
            (BrushKey::Cancel, _) => {
                if self.anchor.take().is_some() {
                    return BrushOutcome::Cancelled;
                }
                return BrushOutcome::Ignored;
            }
            (BrushKey::First, _) => 0,
            (BrushKey::Last, _) => last,
            (BrushKey::Prev, Some(c)) => c.saturating_sub(1),
            (BrushKey::Next, Some(c)) => (c + 1).min(last),
            // No cursor yet: the first arrow lands on the nearest end.
            (BrushKey::Prev, None) => last,
            (BrushKey::Next, None) => 0,
        };
        if extend {
            // The range starts where the cursor was (or lands, if it had none).
            self.anchor = self.anchor.or(self.cursor).or(Some(to));
        } else {
            self.anchor = None;
        }
        self.cursor = Some(to);
        BrushOutcome::Moved
    }
}

/// Where Tab (or Shift+Tab when `back`) moves focus in a dialog of `count`
/// controls that keeps focus inside: `at` is the focused control's place among
/// them, `on_dialog` whether the dialog itself has focus. None: the browser's own
/// move, which stays inside.
pub(crate) fn tab_wrap(
    count: usize,
    at: Option<usize>,
    on_dialog: bool,
    back: bool,
) -> Option<TabMove> {
    if count == 0 {
        return Some(TabMove::Stay);
    }
    let last = count - 1;
    match (back, at) {
        (true, Some(0)) => Some(TabMove::To(last)),
        (false, Some(i)) if i == last => Some(TabMove::To(0)),
        // From the dialog itself, backwards would leave it.
        (true, None) if on_dialog => Some(TabMove::To(last)),
        _ => None,
    }
}

/// A move [`tab_wrap`] asks for instead of the browser's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TabMove {
    /// Focus the control at this place.
    To(usize),
    /// Nothing in the dialog takes focus: keep it where it is.
    Stay,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(b: &mut Brush, keys: &[(BrushKey, bool)], n: usize) -> BrushOutcome {
        let mut last = BrushOutcome::Ignored;
        for &(k, shift) in keys {
            last = b.key(k, shift, n);
        }
        last
    }

    #[test]
    fn arrows_move_the_cursor_within_the_bars() {
        let mut b = Brush::default();
        assert_eq!(b.key(BrushKey::Next, false, 5), BrushOutcome::Moved);
        assert_eq!(b.cursor, Some(0));
        press(&mut b, &[(BrushKey::Next, false); 9], 5);
        assert_eq!(b.cursor, Some(4), "stops at the last bar");
        press(&mut b, &[(BrushKey::Prev, false); 9], 5);
        assert_eq!(b.cursor, Some(0), "stops at the first bar");
        b.key(BrushKey::Last, false, 5);
        assert_eq!(b.cursor, Some(4));
        b.key(BrushKey::First, false, 5);
        assert_eq!(b.cursor, Some(0));
        assert_eq!(b.range(), None, "moving alone chooses no range");
        let mut fresh = Brush::default();
        fresh.key(BrushKey::Prev, false, 5);
        assert_eq!(fresh.cursor, Some(4), "← with no cursor starts at the end");
    }

    #[test]
    fn shift_extends_a_range_from_where_it_started_and_enter_applies_it() {
        let mut b = Brush::default();
        b.key(BrushKey::Last, false, 10);
        press(&mut b, &[(BrushKey::Prev, true); 3], 10);
        assert_eq!(b.range(), Some((6, 9)));
        // Shift+→ at the last bar stays there.
        press(&mut b, &[(BrushKey::Next, true); 5], 10);
        assert_eq!(b.range(), Some((9, 9)));
        press(&mut b, &[(BrushKey::Prev, true); 2], 10);
        assert_eq!(b.range(), Some((7, 9)));
        assert_eq!(b.key(BrushKey::Apply, false, 10), BrushOutcome::Apply(7, 9));
        assert_eq!(b.anchor, None, "applied: the next range starts afresh");
        // Shift+Home takes every bar up to the cursor.
        b.key(BrushKey::First, true, 10);
        assert_eq!(b.range(), Some((0, 7)));
        // An arrow without Shift drops the range.
        b.key(BrushKey::Next, false, 10);
        assert_eq!((b.range(), b.cursor), (None, Some(1)));
    }

    #[test]
    fn a_range_past_its_anchor_flips_to_the_other_side() {
        let mut b = Brush {
            cursor: Some(5),
            anchor: None,
        };
        press(&mut b, &[(BrushKey::Prev, true); 2], 10);
        assert_eq!(b.range(), Some((3, 5)));
        press(&mut b, &[(BrushKey::Next, true); 4], 10);
        assert_eq!(b.range(), Some((5, 7)));
    }

    #[test]
    fn enter_without_a_range_applies_the_cursor_bar() {
        let mut b = Brush::default();
        press(
            &mut b,
            &[(BrushKey::Next, false), (BrushKey::Next, false)],
            4,
        );
        assert_eq!(b.key(BrushKey::Apply, false, 4), BrushOutcome::Apply(1, 1));
        assert_eq!(
            Brush::default().key(BrushKey::Apply, false, 4),
            BrushOutcome::Ignored,
            "no cursor, nothing to apply"
        );
    }

    #[test]
    fn escape_drops_a_range_and_otherwise_is_left_to_others() {
        let mut b = Brush::default();
        press(
            &mut b,
            &[(BrushKey::Next, false), (BrushKey::Next, true)],
            4,
        );
        assert_eq!(b.key(BrushKey::Cancel, false, 4), BrushOutcome::Cancelled);
        assert_eq!((b.range(), b.cursor), (None, Some(1)), "the cursor stays");
        assert_eq!(b.key(BrushKey::Cancel, false, 4), BrushOutcome::Ignored);
    }

    #[test]
    fn fewer_bars_than_the_cursor_moves_it_onto_the_last() {
        let b = Brush {
            cursor: Some(80),
            anchor: Some(70),
        };
        assert_eq!(
            b.clamped(30),
            Brush {
                cursor: Some(29),
                anchor: Some(29)
            }
        );
        let mut none = b;
        assert_eq!(none.key(BrushKey::Next, false, 0), BrushOutcome::Ignored);
        assert_eq!(none, Brush::default());
    }

    #[test]
    fn keys_are_named_as_the_browser_names_them() {
        assert_eq!(BrushKey::from_key("ArrowLeft"), Some(BrushKey::Prev));
        assert_eq!(BrushKey::from_key("End"), Some(BrushKey::Last));
        assert_eq!(BrushKey::from_key("Escape"), Some(BrushKey::Cancel));
        assert_eq!(BrushKey::from_key("ArrowUp"), None);
    }

    #[test]
    fn tab_wraps_at_both_ends_and_never_leaves() {
        // Last -> first, first -> last (Shift), the dialog itself -> last (Shift).
        assert_eq!(tab_wrap(4, Some(3), false, false), Some(TabMove::To(0)));
        assert_eq!(tab_wrap(4, Some(0), false, true), Some(TabMove::To(3)));
        assert_eq!(tab_wrap(4, None, true, true), Some(TabMove::To(3)));
        // In between, and forwards from the dialog: the browser's own move.
        assert_eq!(tab_wrap(4, Some(1), false, false), None);
        assert_eq!(tab_wrap(4, Some(2), false, true), None);
        assert_eq!(tab_wrap(4, None, true, false), None);
        // One control: Tab stays on it either way; none: focus stays put.
        assert_eq!(tab_wrap(1, Some(0), false, false), Some(TabMove::To(0)));
        assert_eq!(tab_wrap(1, Some(0), false, true), Some(TabMove::To(0)));
        assert_eq!(tab_wrap(0, None, true, false), Some(TabMove::Stay));
    }
}
