//! The Shapley axioms and the estimators' error bounds on random games.

use attribution_shapley::{
	allocate, banzhaf_msr, exact_banzhaf, exact_shapley, permutation_sampling, stratified_sampling,
	Fraction, SampleBound, TableGame,
};
use proptest::prelude::*;

/// A random game: `n` players and a utility table with values in ±10^12.
fn game(max_players: usize) -> impl Strategy<Value = (usize, Vec<i64>)> {
	(1..=max_players).prop_flat_map(|n| {
		(Just(n), proptest::collection::vec(-1_000_000_000_000i64..1_000_000_000_000, 1 << n))
	})
}

/// `mask` with players `a` and `b` exchanged.
fn swap(mask: usize, a: usize, b: usize) -> usize {
	let (bit_a, bit_b) = ((mask >> a) & 1, (mask >> b) & 1);
	let cleared = mask & !(1 << a) & !(1 << b);
	cleared | (bit_a << b) | (bit_b << a)
}

fn same(a: &[Fraction], b: &[Fraction]) -> bool {
	a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.equals(y))
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(200))]

	#[test]
	fn efficiency_is_exact((n, table) in game(8)) {
		let values = exact_shapley(n, &table).unwrap();
		let sum: i128 = values.iter().map(|v| v.numerator).sum();
		let grand = i128::from(table[(1 << n) - 1]) - i128::from(table[0]);
		prop_assert!(values.iter().all(|v| v.denominator == values[0].denominator));
		prop_assert_eq!(sum, grand * values[0].denominator);
	}

	#[test]
	fn symmetric_players_get_equal_values((n, table) in game(7), a in 0usize..7, b in 0usize..7) {
		let (a, b) = (a % n, b % n);
		// v'(S) = v(S) + v(swap(S)) is symmetric in a and b.
		let symmetric: Vec<i64> = (0..table.len()).map(|s| table[s] + table[swap(s, a, b)]).collect();
		let shapley = exact_shapley(n, &symmetric).unwrap();
		prop_assert!(shapley[a].equals(&shapley[b]));
		let banzhaf = exact_banzhaf(n, &symmetric).unwrap();
		prop_assert!(banzhaf[a].equals(&banzhaf[b]));
	}

	#[test]
	fn a_null_player_gets_zero((n, table) in game(7), null in 0usize..7) {
		let null = null % n;
		// v'(S) = v(S ∖ {null}): the player never changes anything.
		let without: Vec<i64> = (0..table.len()).map(|s| table[s & !(1 << null)]).collect();
		prop_assert_eq!(exact_shapley(n, &without).unwrap()[null].numerator, 0);
		prop_assert_eq!(exact_banzhaf(n, &without).unwrap()[null].numerator, 0);
	}

	#[test]
	fn values_are_additive((n, v) in game(7), seed in any::<u64>()) {
		let w: Vec<i64> = v.iter().enumerate().map(|(i, x)| x.rotate_left(((seed + i as u64) % 7) as u32) % 1_000_000_000_000).collect();
		let sum: Vec<i64> = v.iter().zip(&w).map(|(a, b)| a + b).collect();
		let (fv, fw, fsum) = (exact_shapley(n, &v).unwrap(), exact_shapley(n, &w).unwrap(), exact_shapley(n, &sum).unwrap());
		for i in 0..n {
			prop_assert_eq!(fsum[i].numerator, fv[i].numerator + fw[i].numerator);
		}
		let (bv, bw, bsum) = (exact_banzhaf(n, &v).unwrap(), exact_banzhaf(n, &w).unwrap(), exact_banzhaf(n, &sum).unwrap());
		for i in 0..n {
			prop_assert_eq!(bsum[i].numerator, bv[i].numerator + bw[i].numerator);
		}
	}

	#[test]
	fn relabelling_players_relabels_values((n, table) in game(7), shuffle in any::<[u8; 32]>()) {
		// A permutation π of the players from the random bytes; v'(S) = v(π(S)).
		let mut pi: Vec<usize> = (0..n).collect();
		for i in (1..n).rev() {
			pi.swap(i, shuffle[i] as usize % (i + 1));
		}
		let image = |s: usize| (0..n).filter(|&i| s & (1 << i) != 0).fold(0, |m, i| m | (1 << pi[i]));
		let relabelled: Vec<i64> = (0..table.len()).map(|s| table[image(s)]).collect();
		let original = exact_shapley(n, &table).unwrap();
		let moved = exact_shapley(n, &relabelled).unwrap();
		let expected: Vec<Fraction> = (0..n).map(|i| original[pi[i]]).collect();
		prop_assert!(same(&moved, &expected));
	}

	#[test]
	fn allocations_sum_exactly_to_the_total((n, table) in game(6), total in any::<u64>()) {
		let values = exact_shapley(n, &table).unwrap();
		match allocate(u128::from(total), &values) {
			Ok(allocation) => {
				prop_assert_eq!(allocation.amounts.iter().sum::<u128>(), u128::from(total));
				for (i, value) in values.iter().enumerate() {
					prop_assert_eq!(value.numerator < 0, allocation.clipped.contains(&i));
				}
			}
			// Only when no value is positive.
			Err(_) => prop_assert!(values.iter().all(|v| v.numerator <= 0)),
		}
	}
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(24))]

	/// With the Hoeffding count for (ε, δ = 10^-6), every estimate is within ε of the exact
	/// value (a failure here has probability below 10^-6 per case).
	#[test]
	fn sampled_estimates_are_within_their_bound((n, table) in game(6), seed in any::<[u8; 32]>()) {
		let (min, max) = (*table.iter().min().unwrap(), *table.iter().max().unwrap());
		let range = 2 * (max - min).max(1) as u64;
		let bound = SampleBound { range, epsilon: range / 10, delta_ppb: 1_000 };
		let exact = exact_shapley(n, &table).unwrap();
		let epsilon = bound.epsilon as f64;

		let permutations = bound.permutations(n).unwrap() as u32;
		let sampled = permutation_sampling(&mut TableGame::new(n, &table).unwrap(), permutations, seed).unwrap();
		for (estimate, value) in sampled.iter().zip(&exact) {
			prop_assert!((estimate.to_f64() - value.to_f64()).abs() <= epsilon);
		}
		// Permutation estimates are efficient exactly.
		let sum: i128 = sampled.iter().map(|v| v.numerator).sum();
		prop_assert_eq!(sum, (i128::from(table[(1 << n) - 1]) - i128::from(table[0])) * i128::from(permutations));

		let per_stratum = bound.per_stratum(n).unwrap() as u32;
		let stratified = stratified_sampling(&mut TableGame::new(n, &table).unwrap(), per_stratum, seed).unwrap();
		for (estimate, value) in stratified.iter().zip(&exact) {
			prop_assert!((estimate.to_f64() - value.to_f64()).abs() <= epsilon);
		}
	}

	/// Maximum-sample-reuse Banzhaf converges to the exact Banzhaf values.
	#[test]
	fn msr_banzhaf_approaches_the_exact_values((n, table) in game(5), seed in any::<[u8; 32]>()) {
		let (min, max) = (*table.iter().min().unwrap(), *table.iter().max().unwrap());
		let range = (max - min).max(1) as f64;
		let exact = exact_banzhaf(n, &table).unwrap();
		let estimate = banzhaf_msr(&mut TableGame::new(n, &table).unwrap(), 40_000, seed).unwrap();
		for (e, x) in estimate.iter().zip(&exact) {
			// Each mean has ~20,000 samples: 6 standard deviations of a difference of means.
			prop_assert!((e.to_f64() - x.to_f64()).abs() <= 6.0 * range / (20_000f64).sqrt());
		}
	}
}

#[test]
fn same_seed_same_estimate_other_seed_other_estimate() {
	let n = 6;
	let table: Vec<i64> = (0..1i64 << n).map(|s| (s * 7919) % 1013).collect();
	let run =
		|seed| permutation_sampling(&mut TableGame::new(n, &table).unwrap(), 50, seed).unwrap();
	assert_eq!(run([1; 32]), run([1; 32]));
	assert_ne!(run([1; 32]), run([2; 32]));
}
