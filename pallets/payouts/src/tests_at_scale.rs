//! Release and claim touch as many storage items with 10,000 scored contributors as with 10.
//!
//! The generated weights have no contributor component, so comparing them could never fail;
//! these tests count what the calls really read and write. State is committed to the trie
//! before the call, which then runs with a proof recorder: its reads are the distinct keys
//! it fetched from the trie, its writes the keys it changed, and its proof's trie nodes
//! show an iteration over a map (which reads nodes without fetching a value per key). The
//! mock's registry and scores live outside storage: what the calls looked at there is
//! counted by the mock itself ([`Mock::entries_read`]), so a walk over a snapshot's shares or
//! a project's contributions is caught too.

use crate::{
	mock::*,
	tests::{measurement_of, pool},
	*,
};
use attribution_primitives::{
	contribution::ContributionKind, payout::PoolId, score::MeasurementOutcome,
	traits::ScoreProvider, ContributionId,
};
use frame::{prelude::*, testing_prelude::*};
use polkadot_sdk::sp_trie::recorder::Recorder;

/// What one call touched in storage.
#[derive(Debug, PartialEq, Eq)]
struct Touched {
	/// Distinct keys read from the committed state.
	reads: usize,
	/// Distinct keys written.
	writes: usize,
	/// Entries of the mock's registry and scores looked at.
	mock_entries: u64,
}

/// Commits what the externalities hold, runs `call` with a proof recorder and counts what it
/// touched; also returns the number of trie nodes in its proof.
fn touched_by(ext: &mut TestState, call: impl FnOnce()) -> (Touched, usize) {
	ext.commit_all().expect("the setup commits");
	let recorder = Recorder::default();
	let before = Mock::entries_read();
	ext.execute_with_recorder(recorder.clone(), call);
	let mock_entries = Mock::entries_read() - before;
	let reads = recorder.recorded_keys().values().map(|keys| keys.len()).sum();
	let writes = ext.overlayed_changes().changes().count();
	(Touched { reads, writes, mock_entries }, recorder.to_storage_proof().len())
}

/// The first of the scored contributions (the rest follow it).
const FIRST: ContributionId = 1_000;

/// The author of scored contribution `i`.
fn author(i: u64) -> AccountId {
	10_000 + i
}

/// The model project's snapshot 2 scores `scored` contributions equally, each by its own
/// author; SPONSOR funds a pool for it and the owner starts a report that will cross.
/// Returns the pool, ready to be concluded.
fn reporting_pool(scored: u64) -> PoolId {
	let share = Perbill::from_rational(1, scored as u32);
	for i in 0..scored {
		Mock::set_contribution(
			FIRST + i,
			contribution(
				PROJECT,
				ContributionKind::Dataset,
				vec![],
				vec![(author(i), Perbill::one())],
			),
		);
	}
	Mock::set_snapshot_parts(PROJECT, 2, (0..scored).map(|i| (FIRST + i, share)));
	let id = pool(4_000_000);
	assert_ok!(Payouts::start_report(RuntimeOrigin::signed(OWNER), id, 102));
	let measurement = measurement_of(id);
	Mock::set_outcome(measurement, MeasurementOutcome::Final { median: 950_000, reveals: 3 });
	let duration = Pools::<Test>::get(id).map(|p| p.terms.duration()).unwrap_or_default();
	run_to(System::block_number() + duration + 1);
	System::reset_events();
	id
}

/// The claim of the last scored contribution's author, every other author having claimed.
fn last_claim(scored: u64) -> impl FnOnce() {
	move || {
		let target = ClaimTarget { project: PROJECT, version: 2, contribution: FIRST + scored - 1 };
		let targets = vec![target].try_into().unwrap();
		assert_ok!(Payouts::claim(RuntimeOrigin::signed(author(scored - 1)), targets));
	}
}

/// Every scored author but the last `spare` claims what it is owed.
fn authors_claim(scored: u64, spare: u64) {
	for i in 0..scored - spare {
		let target = ClaimTarget { project: PROJECT, version: 2, contribution: FIRST + i };
		assert_ok!(Payouts::claim(
			RuntimeOrigin::signed(author(i)),
			vec![target].try_into().unwrap()
		));
	}
	System::reset_events();
}

/// A second release and then the last claim with `scored` contributors, each author having
/// claimed from the first release (so `Paid` holds an entry per contributor when the second
/// is released): what each touched, and its proof's trie nodes.
fn release_and_claim(scored: u64) -> [(Touched, usize); 2] {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		let first = reporting_pool(scored);
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), first));
		authors_claim(scored, 0);
		assert_eq!(Paid::<Test>::iter().count() as u64, scored);
	});
	let pool = ext.execute_with(|| reporting_pool(scored));
	let release = touched_by(&mut ext, || {
		assert_ok!(Payouts::conclude_report(RuntimeOrigin::signed(BUYER), pool));
	});
	ext.execute_with(|| authors_claim(scored, 1));
	let claim = touched_by(&mut ext, last_claim(scored));
	ext.execute_with(|| {
		assert!(Balances::free_balance(author(scored - 1)) > 0, "the last author was paid");
		Payouts::do_try_state().expect("invariants hold");
	});
	[release, claim]
}

#[test]
fn release_and_claim_touch_the_same_storage_items_with_10_and_10_000_contributors() {
	let [(release_10, release_nodes_10), (claim_10, claim_nodes_10)] = release_and_claim(10);
	let [(release_10k, release_nodes_10k), (claim_10k, claim_nodes_10k)] =
		release_and_claim(10_000);
	println!(
		"release: {release_10:?} {release_nodes_10} nodes -> {release_10k:?} {release_nodes_10k} \
		 nodes; claim: {claim_10:?} {claim_nodes_10} nodes -> {claim_10k:?} {claim_nodes_10k} nodes"
	);
	assert!(release_10.reads > 0 && release_10.writes > 0, "the counting sees the release");
	assert_eq!(release_10k, release_10, "release");
	assert_eq!(claim_10k, claim_10, "claim");
	assert!(release_10.mock_entries > 0, "the mock counts what release looks at");
	// A walk over the 10,000 `Paid` entries would record thousands of trie nodes; a deeper
	// trie adds a few levels to each of the keys' paths.
	for (nodes_10, nodes_10k) in
		[(release_nodes_10, release_nodes_10k), (claim_nodes_10, claim_nodes_10k)]
	{
		assert!(nodes_10k <= 2 * nodes_10, "{nodes_10} trie nodes -> {nodes_10k}");
	}
}

/// The counting itself: a walk over a map of the scored authors' payments, as a claim that
/// summed what everyone was paid would do, and a walk over a snapshot's shares in the mock,
/// are seen as growing with the contributors.
#[test]
fn the_counting_sees_a_walk_over_the_contributors() {
	let walk = |scored: u64| {
		let mut ext = new_test_ext();
		ext.execute_with(|| {
			for i in 0..scored {
				Paid::<Test>::insert((PROJECT, 2, FIRST + i), author(i), 1);
			}
			Mock::set_snapshot_parts(PROJECT, 2, (0..scored).map(|i| (FIRST + i, Perbill::zero())));
		});
		touched_by(&mut ext, || {
			let _ = Paid::<Test>::iter_prefix_values((PROJECT, 2, FIRST)).count();
			let _ = Paid::<Test>::iter_values().count();
			let _ = <Mock as ScoreProvider>::latest_final_scores(PROJECT);
		})
	};
	let ((small, small_nodes), (large, large_nodes)) = (walk(10), walk(1_000));
	assert!(large.reads > 10 * small.reads, "{small:?} -> {large:?}");
	assert!(large.mock_entries > 10 * small.mock_entries, "{small:?} -> {large:?}");
	assert!(large_nodes > 10 * small_nodes, "{small_nodes} -> {large_nodes}");
}
