//! # attribution-shapley
//!
//! Shapley-style attribution for Attribution Chain, in integer arithmetic only, so that every
//! node (native or wasm) computes bit-identical results.
//!
//! ## Games and coalitions
//! A game has `n` players numbered `0..n`. A coalition is a bitmask: bit `i` set means player
//! `i` is in it ([`Coalition`]). A **utility table** lists `v(S)` for all `2^n` coalitions in
//! bitmask order: `table[mask] = v(mask)`, so `table[0] = v(∅)` and `table[2^n - 1] = v(N)`.
//! Utilities are [`Utility`] (`i64`) in whatever fixed-point scale the caller chose (for
//! example accuracy in parts per billion); results are exact [`Fraction`]s in the same scale.
//!
//! ## What is here
//! - [`exact_shapley`] and [`exact_banzhaf`] from a utility table (`n ≤ MAX_EXACT_PLAYERS`).
//! - Seeded estimators on any [`Game`]: [`permutation_sampling`] (Castro et al. 2009),
//!   [`stratified_sampling`] (one stratum per coalition size) and [`banzhaf_msr`] (maximum
//!   sample reuse, Wang & Jia 2023), with [`SampleBound`] giving the Hoeffding sample counts
//!   for an error `epsilon` with probability at least `1 - delta`.
//! - Structured games in closed form or by dynamic programming: [`weighted_voting`] and
//!   [`airport`].
//! - [`weighted_median`]: the stake-weighted median evaluators' reports are aggregated by.
//! - [`apportion`] and [`allocate`]: integer amounts that sum exactly to a total, by the
//!   largest-remainder method, with negative values clipped to zero and reported.
//!
//! Every function is deterministic: the same inputs (and seed) give the same output on every
//! platform. No function panics; bad input and arithmetic overflow are [`Error`]s.

#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

mod airport;
mod apportion;
mod banzhaf;
mod exact;
mod fraction;
mod game;
mod hoeffding;
mod median;
mod permutation;
mod rng;
mod stratified;
mod weighted_voting;
mod wide;

pub use airport::airport;
pub use apportion::{allocate, apportion, Allocation};
pub use banzhaf::{banzhaf_msr, exact_banzhaf};
pub use exact::exact_shapley;
pub use fraction::Fraction;
pub use game::{Game, TableGame};
pub use hoeffding::SampleBound;
pub use median::weighted_median;
pub use permutation::permutation_sampling;
pub use rng::DeterministicRng;
pub use stratified::stratified_sampling;
pub use weighted_voting::{weighted_voting, MAX_VOTING_PLAYERS, MAX_VOTING_QUOTA};

/// The value of a coalition, in the caller's fixed-point scale.
pub type Utility = i64;

/// A coalition as a bitmask: bit `i` set means player `i` is a member.
pub type Coalition = u128;

/// The largest game [`exact_shapley`] and [`exact_banzhaf`] accept: `2^25` table entries
/// (256 MiB). On chain the scoring pallet sets a much smaller bound from its benchmark.
pub const MAX_EXACT_PLAYERS: usize = 25;

/// The largest game the sampling estimators accept (one bit per player in a [`Coalition`]).
pub const MAX_SAMPLED_PLAYERS: usize = 128;

/// Why a computation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
	/// The game has no players.
	NoPlayers,
	/// More players than the method supports (see the method's documentation).
	TooManyPlayers {
		/// Players in the game.
		players: usize,
		/// The method's maximum.
		max: usize,
	},
	/// A utility table does not have `2^n` entries.
	TableLength {
		/// `2^n`.
		expected: usize,
		/// Entries supplied.
		got: usize,
	},
	/// A sampling method was asked for zero samples.
	NoSamples,
	/// Too few samples to estimate some player's value (for example, a player never sampled
	/// outside a coalition).
	InsufficientSamples,
	/// An intermediate value does not fit the integer type; use smaller utilities.
	Overflow,
	/// Amounts cannot be apportioned because every weight is zero.
	ZeroWeights,
	/// A parameter is out of range (zero epsilon, delta not in (0, 1), quota too large...).
	InvalidParameter,
}

/// `n!` for `n ≤ 33` (the largest factorial an `i128` holds), `None` beyond.
pub(crate) fn factorial(n: usize) -> Option<i128> {
	(1..=n as i128).try_fold(1i128, |acc, k| acc.checked_mul(k))
}

/// `k! (n - 1 - k)!`: `n!` times the Shapley weight of a coalition of size `k` not containing
/// the player, for `k < n`.
pub(crate) fn shapley_weight(n: usize, k: usize) -> Option<i128> {
	let rest = n.checked_sub(1)?.checked_sub(k)?;
	factorial(k)?.checked_mul(factorial(rest)?)
}
