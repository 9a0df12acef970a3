//! What the parachain inherent's committee draws cost this runtime, from the scoring pallet's
//! benchmarked weights, as the evaluator registry grows (issue 19). Prints the figures (run with
//! `--nocapture` to see them).
//!
//! A draw walks down the stake tree once per seat, so its cost grows with the tree's depth,
//! `log2(N)` for `N` evaluators, not with `N`: from 10 to 10,000 evaluators the tree gets 3.5
//! times deeper (4 → 14 levels). Every draw is weighed at the largest committee
//! (`MaxCommittee` seats), whose cost is linear in the depth; the weights are benchmarked
//! against the depth up to 12 (4,095 evaluators), and the figures beyond extrapolate that
//! linear fit.

use attribution_runtime::{configs::RuntimeBlockWeights, Runtime};
use pallet_scoring::WeightInfo as _;
use polkadot_sdk::frame_support::{traits::Get, weights::Weight};

type Weights = attribution_runtime::weights::pallet_scoring::WeightInfo<Runtime>;
type Scoring = pallet_scoring::Pallet<Runtime>;

/// The hook's worst block at a tree of depth `d`: the most draws a block makes, each of the
/// largest committee, and the most stake changes it enters.
fn worst_block(d: u32) -> Weight {
	let draws: u32 = <Runtime as pallet_scoring::Config>::MaxDrawsPerBlock::get();
	let changes: u32 = <Runtime as pallet_scoring::Config>::MaxStakeChangesPerBlock::get();
	let draw = Weights::draw_committee(d).max(Weights::fail_draw(d));
	draw.saturating_mul(u64::from(draws)).saturating_add(Weights::enter_stake_changes(changes, d))
}

fn ms(weight: Weight) -> f64 {
	weight.ref_time() as f64 / 1e9
}

#[test]
fn a_draw_grows_with_the_depth_of_the_registry_not_its_size() {
	let seats: u32 = <Runtime as pallet_scoring::Config>::MaxCommittee::get();
	let rows: Vec<(u32, u32, Weight, Weight)> = [10u32, 1_000, 10_000]
		.map(|n| {
			let d = Scoring::depth_of(n);
			(n, d, Weights::draw_committee(d), Weights::fail_draw(d))
		})
		.to_vec();
	for (n, d, drawn, failed) in &rows {
		println!(
			"draw of {seats} seats, {n:>6} evaluators (depth {d:>2}): {:>8.3} ms, proof {:>7} \
			 bytes; failed draw {:>8.3} ms",
			ms(*drawn),
			drawn.proof_size(),
			ms(*failed),
		);
	}
	let (small, large) = (rows[0].2, rows[2].2);
	let ratio = large.ref_time() as f64 / small.ref_time() as f64;
	println!("ratio 10,000 / 10 evaluators: {ratio:.2} (tree depth ratio 3.5, size ratio 1,000)");
	assert!(ratio <= 3.5, "the draw grows faster than the tree's depth: {ratio:.2}");
	assert!(
		large.ref_time() > small.ref_time(),
		"a deeper tree costs more to walk: the weights do not see the depth"
	);
}

/// The most a block's hook can take (`MaxDrawsPerBlock` draws of the largest committee and
/// the most stake changes) leaves at least half of the block's time and proof to
/// transactions, up to a million evaluators. The proof figures are upper bounds: the
/// evaluators' records, slot owners and conflict checks are counted at their
/// `MaxEncodedLen`, and past the benchmarked depth the fit keeps adding members that a
/// committee of 255 seats cannot have.
#[test]
fn the_worst_block_of_draws_leaves_room_for_transactions() {
	let max = RuntimeBlockWeights::get().max_block;
	for n in [10u32, 1_000, 10_000, 1_000_000] {
		let weight = worst_block(Scoring::depth_of(n));
		println!(
			"worst block of draws, {n:>9} evaluators: {:>8.3} ms ({:.1}% of the block), proof \
			 {:>8} bytes ({:.1}%)",
			ms(weight),
			100.0 * weight.ref_time() as f64 / max.ref_time() as f64,
			weight.proof_size(),
			100.0 * weight.proof_size() as f64 / max.proof_size() as f64,
		);
		assert!(
			weight.ref_time().saturating_mul(2) < max.ref_time()
				&& weight.proof_size().saturating_mul(2) < max.proof_size(),
			"{n} evaluators: a block's draws take more than half of it"
		);
	}
}
