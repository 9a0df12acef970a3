//! Release and claim touch as many storage items with 10,000 scored contributors as with 10,
//! and a page of what an account can claim costs the same with 500 contributions as with 5,000
//! (audit M7).
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
use alloc::collections::BTreeSet;
use attribution_primitives::{
	api::{self, ClaimablePage},
	contribution::ContributionKind,
	payout::{Accrual, PoolId},
	score::MeasurementOutcome,
	traits::ScoreProvider,
	ContributionId,
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

/// The account of the queries at scale: the only author of every contribution.
const HOARDER: AccountId = 9_999;

/// What was released to each snapshot of the hoarder's project.
const RELEASED: Balance = 5_000_000;

/// `contributions` contributions of [`HOARDER`] in PROJECT and `versions` snapshots, each
/// released [`RELEASED`]; each snapshot gives 1/`contributions` to every contribution `i` (from
/// 0) that is `scored(i)`, and nothing to the others (a query examines their entries in vain).
fn hoarder(contributions: u64, versions: u32, scored: impl Fn(u64) -> bool) -> TestState {
	let mut ext = new_test_ext();
	ext.execute_with(|| {
		for i in 0..contributions {
			let authors = vec![(HOARDER, Perbill::one())];
			Mock::set_contribution(
				FIRST + i,
				contribution(PROJECT, ContributionKind::Dataset, vec![], authors),
			);
		}
		let share = Perbill::from_rational(1, contributions);
		for version in 1..=versions {
			let shares = (0..contributions).filter(|i| scored(*i)).map(|i| (FIRST + i, share));
			Mock::set_snapshot_parts(PROJECT, version, shares);
			Accruals::<Test>::insert(PROJECT, version, Accrual { released: RELEASED, claimed: 0 });
		}
	});
	ext
}

/// The first page of [`HOARDER`]'s claimable entries, and what it touched.
fn first_claimable_page(ext: &mut TestState) -> (ClaimablePage<Balance>, Touched) {
	let mut page = None;
	let (touched, _) = touched_by(ext, || {
		page = Some(Payouts::claimable(&HOARDER, None, api::MAX_PAGE_SIZE));
	});
	(page.expect("the query ran"), touched)
}

/// Audit M7: `claimable` walked every contribution of the account and every snapshot of each
/// (5,000 × 50 entries, about 260,000 reads, in one call). A page now costs the same for 500 and
/// 5,000 contributions, whether it fills up with items or runs out of entries to examine.
#[test]
fn a_claimable_page_costs_the_same_for_500_and_5_000_contributions() {
	for scored in [true, false] {
		let (small_page, small) = first_claimable_page(&mut hoarder(500, 50, |_| scored));
		let (large_page, large) = first_claimable_page(&mut hoarder(5_000, 50, |_| scored));
		println!("scored {scored}: 500 contributions {small:?}, 5,000 {large:?}");
		assert_eq!(large, small, "scored: {scored}");
		assert!(large_page.next.is_some(), "the page says where to go on");
		if scored {
			assert_eq!(large_page.items.len(), api::MAX_PAGE_SIZE as usize);
			assert_eq!(small_page.items.len(), api::MAX_PAGE_SIZE as usize);
		} else {
			assert!(large_page.items.is_empty());
			// Each entry examined is one read of the mock's scores, each contribution two of
			// its registry (record and authors) and one of its index.
			let examined = u64::from(api::MAX_CLAIM_SCAN);
			assert!(large.mock_entries <= 2 * examined, "{large:?}");
		}
	}
}

/// Every (contribution, version) entry `claimable` returns, following `next` from the first
/// page to the end in pages of `limit`, each checked to owe `owed`; and the number of pages.
fn every_claimable_entry(limit: u32, owed: Balance) -> (BTreeSet<(ContributionId, u32)>, u32) {
	let mut seen = BTreeSet::new();
	let (mut from, mut pages) = (None, 0);
	loop {
		let page = Payouts::claimable(&HOARDER, from, limit);
		pages += 1;
		for item in page.items {
			assert_eq!((item.project, item.amount), (PROJECT, owed), "{item:?}");
			assert!(seen.insert((item.contribution, item.version)), "{item:?} twice");
		}
		match page.next {
			Some(next) => from = Some(next),
			None => return (seen, pages),
		}
		assert!(pages <= 1_000, "the pages never end");
	}
}

/// Walking the pages from the first to the end visits every one of the 5,000 × 50 claimable
/// entries exactly once, each owed its 1/5,000 of what its snapshot released. Pages of 999
/// end inside a contribution's 50 snapshots and go on from there.
#[test]
fn claimable_pages_of_5_000_contributions_with_50_snapshots_cover_every_entry_once() {
	let mut ext = hoarder(5_000, 50, |_| true);
	ext.execute_with(|| {
		let (seen, pages) = every_claimable_entry(999, RELEASED / 5_000);
		assert_eq!(seen.len(), 5_000 * 50);
		assert_eq!(pages, 251, "250,000 entries in pages of 999");
		// What one author claimed is summed over a bounded number of entries, and says so.
		let (claimed, scores, partial) = Payouts::contribution_scores(&HOARDER);
		assert_eq!((claimed, partial), (0, true));
		assert_eq!(scores.len(), api::MAX_TRACK_RECORD_SCORES as usize);
	});
}

/// When few entries are claimable, pages end because they examined [`api::MAX_CLAIM_SCAN`]
/// entries, not because they are full: following them still reaches every claimable entry.
#[test]
fn claimable_pages_that_run_out_of_entries_to_examine_still_cover_every_entry() {
	let mut ext = hoarder(5_000, 50, |i| i % 500 == 499);
	ext.execute_with(|| {
		let (seen, pages) = every_claimable_entry(api::MAX_PAGE_SIZE, RELEASED / 5_000);
		let expected: BTreeSet<_> = (0..5_000u64)
			.filter(|i| i % 500 == 499)
			.flat_map(|i| (1..=50).map(move |v| (FIRST + i, v)))
			.collect();
		assert_eq!(seen, expected);
		// 5,000 × 51 entries examined at most 10,000 a page.
		assert!(pages >= 26, "{pages} pages");
	});
}

/// A page stops where it was told and the next one goes on from there: in pages of 7 over 3
/// contributions with 5 snapshots each, with an entry in the middle already paid.
#[test]
fn claimable_pages_resume_inside_a_contributions_snapshots() {
	let mut ext = hoarder(3, 5, |_| true);
	ext.execute_with(|| {
		Paid::<Test>::insert((PROJECT, 3, FIRST + 1), HOARDER, RELEASED / 3);
		let mut pages = Vec::new();
		let mut from = None;
		loop {
			let page = Payouts::claimable(&HOARDER, from, 7);
			pages.push(page.items.len());
			match page.next {
				Some(next) => from = Some(next),
				None => break,
			}
		}
		assert_eq!(pages, vec![7, 7], "14 entries claimable of 15, 7 a page");
		// The same pages, item by item: every entry but the paid one, once.
		let (seen, _) = every_claimable_entry(7, RELEASED / 3);
		let expected: BTreeSet<_> = (0..3u64)
			.flat_map(|i| (1..=5).map(move |v| (FIRST + i, v)))
			.filter(|&entry| entry != (FIRST + 1, 3))
			.collect();
		assert_eq!(seen, expected);
		assert_eq!(Payouts::claimable(&HOARDER, None, 0).items.len(), 1, "limit 0 is 1");
		assert!(Payouts::claimable(&BUYER, None, 10) == ClaimablePage::default());
	});
}
