//! Every method against games whose values are known in closed form.

use attribution_shapley::{
	airport, exact_banzhaf, exact_shapley, weighted_voting, Error, Fraction, MAX_EXACT_PLAYERS,
};

/// The utility table of `n` players where `v(S) = utility(S)`.
fn table(n: usize, utility: impl Fn(u32) -> i64) -> Vec<i64> {
	(0..1u32 << n).map(utility).collect()
}

/// Asserts `values[i] = expected[i].0 / expected[i].1` exactly.
fn assert_values(values: &[Fraction], expected: &[(i128, i128)]) {
	assert_eq!(values.len(), expected.len());
	for (i, (value, &(numerator, denominator))) in values.iter().zip(expected).enumerate() {
		let want = Fraction::new(numerator, denominator).unwrap();
		assert!(value.equals(&want), "player {i}: got {value:?}, want {numerator}/{denominator}");
	}
}

#[test]
fn glove_game_one_left_two_right() {
	// Player 0 has the left glove, players 1 and 2 a right one; a pair is worth 1.
	let gloves = table(3, |s| i64::from((s & 1).count_ones().min((s & 0b110).count_ones())));
	assert_values(&exact_shapley(3, &gloves).unwrap(), &[(2, 3), (1, 6), (1, 6)]);
	// Banzhaf: player 0 is pivotal in 3 of 4 coalitions, each right glove in 1 of 4.
	assert_values(&exact_banzhaf(3, &gloves).unwrap(), &[(3, 4), (1, 4), (1, 4)]);
}

#[test]
fn airport_game_costs_8_11_13_18() {
	assert_values(&airport(&[8, 11, 13, 18]).unwrap(), &[(2, 1), (3, 1), (4, 1), (9, 1)]);
	// Input order is kept.
	assert_values(&airport(&[18, 8, 13, 11]).unwrap(), &[(9, 1), (2, 1), (4, 1), (3, 1)]);
	// The closed form equals enumeration of the cost game c(S) = max cost in S.
	let costs = [5u64, 1, 9, 9, 3, 7];
	let cost_table = table(costs.len(), |s| {
		(0..costs.len()).filter(|i| s & (1 << i) != 0).map(|i| costs[i] as i64).max().unwrap_or(0)
	});
	let enumerated = exact_shapley(costs.len(), &cost_table).unwrap();
	for (closed, exact) in airport(&costs).unwrap().iter().zip(&enumerated) {
		assert!(closed.equals(exact), "{closed:?} vs {exact:?}");
	}
	assert_eq!(airport(&[]), Err(Error::NoPlayers));
}

#[test]
fn weighted_voting_games() {
	assert_values(&weighted_voting(51, &[50, 49, 1]).unwrap(), &[(2, 3), (1, 6), (1, 6)]);
	assert_values(&weighted_voting(6, &[4, 3, 2, 1]).unwrap(), &[(5, 12), (1, 4), (1, 4), (1, 12)]);
	// Dynamic programming equals enumeration.
	let (quota, weights) = (13u64, [7u64, 5, 4, 3, 3, 1, 0]);
	let voting = table(weights.len(), |s| {
		let w: u64 = (0..weights.len()).filter(|i| s & (1 << i) != 0).map(|i| weights[i]).sum();
		i64::from(w >= quota)
	});
	let enumerated = exact_shapley(weights.len(), &voting).unwrap();
	for (dp, exact) in weighted_voting(quota, &weights).unwrap().iter().zip(&enumerated) {
		assert!(dp.equals(exact), "{dp:?} vs {exact:?}");
	}
	// A dictator takes everything; an unreachable quota leaves everyone at zero.
	assert_values(&weighted_voting(10, &[10, 3, 3]).unwrap(), &[(1, 1), (0, 1), (0, 1)]);
	assert_values(&weighted_voting(100, &[10, 3]).unwrap(), &[(0, 1), (0, 1)]);
	assert_eq!(weighted_voting(1, &[]), Err(Error::NoPlayers));
	assert_eq!(weighted_voting(1, &[1; 34]), Err(Error::TooManyPlayers { players: 34, max: 33 }));
}

#[test]
fn symmetric_voting_game_of_castro_et_al() {
	// v(S) = 1 when |S| > n/2: every player gets 1/n; Banzhaf C(n-1, n/2) / 2^(n-1).
	let n = 12;
	let voting = table(n, |s| i64::from(s.count_ones() as usize > n / 2));
	assert_values(&exact_shapley(n, &voting).unwrap(), &vec![(1, n as i128); n]);
	assert_values(&exact_banzhaf(n, &voting).unwrap(), &vec![(462, 2048); n]);
}

#[test]
fn shoes_game_of_castro_et_al() {
	// Players 0..left have a left shoe, the others a right one; v = number of pairs.
	let (left, right) = (4usize, 6usize);
	let n = left + right;
	let left_mask = (1u32 << left) - 1;
	let shoes =
		table(n, |s| i64::from((s & left_mask).count_ones().min((s & !left_mask).count_ones())));
	let values = exact_shapley(n, &shoes).unwrap();
	// pyDVL's closed form: φ_left = 1/n Σ_k #{S ⊆ N∖{i}, |S| = k, |S∩L| < |S∩R|} / C(n-1, k).
	let choose = |n: u64, k: u64| -> f64 {
		(0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
	};
	let closed = |mine: usize, theirs: usize| -> f64 {
		// Subsets of (mine - 1) own-side and `theirs` other-side players with fewer own-side.
		let m = (n - 1) as u64;
		(0..=m)
			.map(|k| {
				let count: f64 = (0..=(mine - 1) as u64)
					.filter(|&a| a <= k && k - a <= theirs as u64 && a < k - a)
					.map(|a| choose((mine - 1) as u64, a) * choose(theirs as u64, k - a))
					.sum();
				count / choose(m, k)
			})
			.sum::<f64>()
			/ n as f64
	};
	let (left_value, right_value) = (closed(left, right), closed(right, left));
	for (player, value) in values.iter().enumerate() {
		let want = if player < left { left_value } else { right_value };
		assert!((value.to_f64() - want).abs() < 1e-12, "player {player}: {value:?} vs {want}");
	}
}

#[test]
fn bad_tables_are_rejected() {
	assert_eq!(exact_shapley(0, &[0]), Err(Error::NoPlayers));
	assert_eq!(exact_shapley(3, &[0; 7]), Err(Error::TableLength { expected: 8, got: 7 }));
	assert_eq!(
		exact_banzhaf(MAX_EXACT_PLAYERS + 1, &[]),
		Err(Error::TooManyPlayers { players: MAX_EXACT_PLAYERS + 1, max: MAX_EXACT_PLAYERS })
	);
}

#[test]
fn twenty_players_with_extreme_utilities_do_not_overflow() {
	// |v| up to i64::MAX / 2 at n = 20: the documented range.
	let n = 20;
	let big = table(n, |s| if s.count_ones() % 2 == 0 { i64::MAX / 2 } else { -(i64::MAX / 2) });
	let values = exact_shapley(n, &big).unwrap();
	let sum: i128 = values.iter().map(|v| v.numerator).sum();
	let denominator = values[0].denominator;
	assert_eq!(sum, denominator * (i128::from(big[(1 << n) - 1]) - i128::from(big[0])));
}
