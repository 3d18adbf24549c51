//! How much a field value is over-represented in a selection: the scoring both
//! engines share, as pure functions over counts.
//!
//! For one value, `a` rows of the `n_sel` selected ones have it and `b` of the
//! `n_ref` reference rows do. The score is Dunning's log-likelihood ratio G² on the
//! 2x2 table (value or not, selection or reference; Dunning 1993, "Accurate methods
//! for the statistics of surprise and coincidence"): unlike a ratio it grows with the
//! evidence, so a value seen twice never outranks one seen two hundred times at a
//! similar ratio, and unlike Pearson's χ² it stays sound for the small, skewed counts
//! of rare values. It is signed: only values proportionally more common in the
//! selection (`a/n_sel > b/n_ref`) score. A value needs [`MIN_SUPPORT`] rows in the
//! selection, and a ranked value a G² of at least [`MIN_SCORE`] (p < 0.0001 for one
//! degree of freedom, strict because many values are tested at once), so plain noise
//! ranks nothing. A value absent from the reference (`b = 0`) has no ratio (shown as
//! "only in the selection") but a finite score.

use std::cmp::Ordering;

/// Rows of the selection a value needs before it is scored.
pub const MIN_SUPPORT: usize = 3;

/// The G² a value needs to be ranked (χ² with one degree of freedom, p < 0.0001).
pub const MIN_SCORE: f64 = 15.13;

/// The counts of one value on both sides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Selected rows with the value.
    pub a: usize,
    /// Reference rows with the value.
    pub b: usize,
    /// Selected rows.
    pub n_sel: usize,
    /// Reference rows.
    pub n_ref: usize,
}

/// `x ln x`, 0 at 0.
fn xlx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

impl Counts {
    /// True if the value is proportionally more common in the selection.
    pub fn over_represented(&self) -> bool {
        // a/n_sel > b/n_ref, without division.
        self.a.min(self.n_sel) as u128 * self.n_ref as u128 > self.b as u128 * self.n_sel as u128
    }

    /// Dunning's G² of the 2x2 table (unsigned; 0 for an empty or degenerate table).
    pub fn g2(&self) -> f64 {
        let a = self.a.min(self.n_sel) as f64;
        let b = self.b.min(self.n_ref) as f64;
        let (n1, n2) = (self.n_sel as f64, self.n_ref as f64);
        let (c, d) = (n1 - a, n2 - b);
        let g = 2.0
            * (xlx(a) + xlx(b) + xlx(c) + xlx(d) - xlx(n1) - xlx(n2) - xlx(a + b) - xlx(c + d)
                + xlx(n1 + n2));
        g.max(0.0)
    }

    /// The score: G² when the value has [`MIN_SUPPORT`] and is over-represented.
    pub fn score(&self) -> Option<f64> {
        (self.a >= MIN_SUPPORT && self.over_represented()).then(|| self.g2())
    }

    /// How many times more common in the selection: `(a/n_sel) / (b/n_ref)`;
    /// `None` when the reference has no row with it (only in the selection).
    pub fn ratio(&self) -> Option<f64> {
        (self.b > 0 && self.n_sel > 0)
            .then(|| (self.a as f64 / self.n_sel as f64) / (self.b as f64 / self.n_ref as f64))
    }
}

/// A field value over-represented in the selection.
#[derive(Clone, Debug, PartialEq)]
pub struct Difference {
    /// The field's key path (`actor.email`).
    pub field: String,
    /// The value as shown.
    pub value: String,
    /// Its counts on both sides.
    pub counts: Counts,
    /// [`Counts::ratio`]: `None` when only in the selection.
    pub ratio: Option<f64>,
    /// [`Counts::score`], at least [`MIN_SCORE`].
    pub score: f64,
}

/// `value` of `field` as a ranked difference, if its counts score enough.
pub fn candidate(field: &str, value: &str, counts: Counts) -> Option<Difference> {
    let score = counts.score().filter(|&s| s >= MIN_SCORE)?;
    Some(Difference {
        field: field.to_string(),
        value: value.to_string(),
        counts,
        ratio: counts.ratio(),
        score,
    })
}

/// The `k` best of `candidates`: highest score first, then more selected rows,
/// then by field and value, so equal inputs always rank the same.
pub fn rank(mut candidates: Vec<Difference>, k: usize) -> Vec<Difference> {
    candidates.sort_by(order);
    candidates.truncate(k);
    candidates
}

fn order(x: &Difference, y: &Difference) -> Ordering {
    y.score
        .total_cmp(&x.score)
        .then(y.counts.a.cmp(&x.counts.a))
        .then_with(|| x.field.cmp(&y.field))
        .then_with(|| x.value.cmp(&y.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(a: usize, b: usize, n_sel: usize, n_ref: usize) -> Counts {
        Counts { a, b, n_sel, n_ref }
    }

    #[test]
    fn g2_matches_the_textbook_sum_over_cells() {
        // 2 Σ O ln(O/E) over the four cells.
        let k = c(30, 70, 200, 1800);
        let n: f64 = 2000.0;
        let cells: [(f64, f64, f64); 4] = [
            (30.0, 200.0, 100.0),
            (170.0, 200.0, 1900.0),
            (70.0, 1800.0, 100.0),
            (1730.0, 1800.0, 1900.0),
        ];
        let want: f64 = 2.0
            * cells
                .iter()
                .map(|&(o, row, col)| o * (o / (row * col / n)).ln())
                .sum::<f64>();
        assert!((k.g2() - want).abs() < 1e-6, "{} vs {want}", k.g2());
    }

    #[test]
    fn a_value_seen_twice_never_outranks_one_seen_two_hundred_times() {
        // Same ratio (10x): the larger count carries far more evidence.
        let few = c(4, 8, 1000, 20000);
        let many = c(200, 400, 1000, 20000);
        let (r1, r2) = (few.ratio().unwrap(), many.ratio().unwrap());
        assert!((r1 - 10.0).abs() < 1e-9 && (r2 - 10.0).abs() < 1e-9);
        assert!(many.score().unwrap() > 10.0 * few.score().unwrap());
        // Seen twice, even with a higher ratio and nowhere else: below the support.
        assert_eq!(c(2, 0, 1000, 20000).score(), None);
        let ranked = rank(
            [
                candidate("f", "twice", c(3, 0, 1000, 20000)),
                candidate("f", "often", c(200, 800, 1000, 20000)),
            ]
            .into_iter()
            .flatten()
            .collect(),
            10,
        );
        assert_eq!(ranked[0].value, "often");
    }

    #[test]
    fn only_over_represented_values_score() {
        assert_eq!(c(50, 1000, 1000, 20000).score(), None, "equally common");
        assert_eq!(c(10, 1000, 1000, 20000).score(), None, "under-represented");
        assert!(c(51, 1000, 1000, 20000).score().is_some());
        assert!(
            candidate("f", "v", c(51, 1000, 1000, 20000)).is_none(),
            "noise-sized"
        );
    }

    #[test]
    fn a_value_only_in_the_selection_has_no_ratio_and_a_finite_score() {
        let k = c(40, 0, 1000, 20000);
        assert_eq!(k.ratio(), None);
        let s = k.score().unwrap();
        assert!(s.is_finite() && s > MIN_SCORE, "{s}");
        // Everything selected, nothing in the reference.
        assert!(c(5, 0, 5, 0).g2().is_finite());
    }

    #[test]
    fn empty_or_degenerate_tables_score_nothing_and_never_panic() {
        for k in [
            c(0, 0, 0, 0),
            c(3, 0, 0, 0),
            c(0, 5, 0, 10),
            c(3, 3, 3, 3),
            c(9, 0, 3, 0),
        ] {
            let g = k.g2();
            assert!(g.is_finite() && g >= 0.0, "{k:?}: {g}");
            assert!(candidate("f", "v", k).is_none(), "{k:?}");
        }
        assert!(rank(Vec::new(), 10).is_empty());
    }

    #[test]
    fn ties_rank_the_same_whatever_the_input_order() {
        let k = c(30, 0, 1000, 20000);
        let mut xs: Vec<Difference> = ["b", "a", "c"]
            .iter()
            .flat_map(|v| [candidate("y", v, k), candidate("x", v, k)])
            .flatten()
            .collect();
        let first = rank(xs.clone(), 4);
        xs.reverse();
        assert_eq!(rank(xs, 4), first);
        let names: Vec<String> = first
            .iter()
            .map(|d| format!("{}={}", d.field, d.value))
            .collect();
        assert_eq!(names, ["x=a", "x=b", "x=c", "y=a"]);
    }
}
