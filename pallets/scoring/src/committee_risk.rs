//! The risk a committee is captured: the probability that evaluators without honest intent
//! hold a strict majority of its seats.
//!
//! Seats are drawn independently, each landing on an evaluator with probability equal to its
//! share of the draw weight ([`crate::committees`]). With a fraction `h` of the weight honest,
//! the number of dishonest seats of a `k`-seat committee is binomial `B(k, 1 - h)`, and the
//! committee is captured when it exceeds `k / 2`:
//!
//! `P(capture) = Σ_{j > k/2} C(k, j) (1 - h)^j h^(k - j)`.
//!
//! At `h = 2/3` it is `9.03·10^-7` at `k = 193`, the smallest odd size under `10^-6`
//! (`k = 191` gives `1.02·10^-6`; odd, so that seat votes never split evenly):
//! [`attribution_primitives::score::DEFAULT_COMMITTEE`], the production committee floor. A
//! pool may ask for more seats (`create_pool`'s `committee`); a dev chain sets a lower floor at genesis. Conflicted
//! evaluators' seats stay empty, so the fraction that matters is the honest share of the
//! stake of evaluators without a conflict of interest in the work. These are floating-point
//! figures for documentation and tests; the runtime never computes them.

/// `P(more than k/2 of k seats are dishonest)` when each seat is dishonest with probability
/// `dishonest`, summed term by term (each term from the one before by the ratio of binomial
/// coefficients), so no factorial overflows.
pub fn capture_probability(k: u32, dishonest: f64) -> f64 {
	let honest = 1.0 - dishonest;
	if dishonest <= 0.0 {
		return 0.0;
	}
	if honest <= 0.0 {
		return 1.0;
	}
	// Term j = 0 is h^k; term j + 1 = term j · (k - j)/(j + 1) · d/h. For the sizes used
	// here (k up to a few thousand, h ≥ 1/2) h^k stays far above f64's smallest normal.
	let mut term = 1.0f64;
	for _ in 0..k {
		term *= honest;
	}
	let ratio = dishonest / honest;
	let mut sum = 0.0f64;
	for j in 0..=k {
		if 2 * j > k {
			sum += term;
		}
		term *= f64::from(k - j) / f64::from(j + 1) * ratio;
	}
	sum
}

/// The fewest seats, odd (so that seat votes never split evenly), whose capture probability
/// is below `risk` at honest fraction `honest` (searching up to `limit` seats).
pub fn smallest_committee(honest: f64, risk: f64, limit: u32) -> Option<u32> {
	(1..=limit).step_by(2).find(|k| capture_probability(*k, 1.0 - honest) < risk)
}

#[cfg(test)]
mod tests {
	use super::*;
	use attribution_primitives::score::DEFAULT_COMMITTEE;

	#[test]
	fn small_committees_match_hand_computed_binomials() {
		// k = 1: the one seat is dishonest with probability 1/3.
		assert!((capture_probability(1, 1.0 / 3.0) - 1.0 / 3.0).abs() < 1e-12);
		// k = 3: 3·(1/3)²·(2/3) + (1/3)³ = 6/27 + 1/27 = 7/27.
		assert!((capture_probability(3, 1.0 / 3.0) - 7.0 / 27.0).abs() < 1e-12);
		// k = 5: (10·4 + 5·2 + 1)/243 = 51/243.
		assert!((capture_probability(5, 1.0 / 3.0) - 51.0 / 243.0).abs() < 1e-12);
		// k = 4: a tie (2 of 4) is no majority: 4·(1/3)³·(2/3) + (1/3)⁴ = 9/81.
		assert!((capture_probability(4, 1.0 / 3.0) - 9.0 / 81.0).abs() < 1e-12);
		assert_eq!(capture_probability(7, 0.0), 0.0);
		assert_eq!(capture_probability(7, 1.0), 1.0);
	}

	#[test]
	fn the_default_committee_keeps_capture_under_one_in_a_million_at_two_thirds_honest() {
		let risk = capture_probability(DEFAULT_COMMITTEE, 1.0 / 3.0);
		assert!(risk < 1e-6, "P(capture) at k = {DEFAULT_COMMITTEE} is {risk:e}");
		// Known values, from the binomial sum in exact arithmetic.
		assert!((risk - 9.027321744e-7).abs() < 1e-15, "{risk:e}");
		assert!((capture_probability(191, 1.0 / 3.0) - 1.020473943e-6).abs() < 1e-15);
		assert_eq!(smallest_committee(2.0 / 3.0, 1e-6, 1_000), Some(DEFAULT_COMMITTEE));
		// More honest stake needs fewer seats; less needs more.
		assert!(smallest_committee(0.8, 1e-6, 1_000).unwrap() < DEFAULT_COMMITTEE);
		assert!(smallest_committee(0.6, 1e-6, 1_000).unwrap() > DEFAULT_COMMITTEE);
	}
}
