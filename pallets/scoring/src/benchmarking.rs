//! Benchmarks of every call, over their bounds (players, evaluators).

use super::*;
use crate::Pallet as Scoring;
use alloc::vec::Vec;
use attribution_primitives::{
	score::{Direction, UtilitySpec},
	RoundId,
};
use frame::{
	benchmarking::prelude::*,
	traits::fungible::{Inspect, Mutate},
};

/// Counts `who`'s `System::Account` as already accessed, as `whitelisted_caller`'s is: a signed
/// call's transaction extensions read and write the signer's account (nonce, fee) before the
/// call runs, and the extensions' weight pays for that.
fn whitelist_signer<T: Config>(who: &T::AccountId) {
	add_to_whitelist(frame_system::Account::<T>::hashed_key_for(who).into());
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::MinEvaluatorStake::get()
		.saturating_add(T::RoundDeposit::get())
		.saturating_add(T::DisputeBond::get())
		.saturating_mul(100u32.into())
		.saturating_add(T::Currency::minimum_balance());
	T::Currency::set_balance(&who, amount);
	who
}

fn evaluator<T: Config>(index: u32) -> T::AccountId {
	let who = funded::<T>("evaluator", index);
	assert!(Scoring::<T>::register_evaluator(
		RawOrigin::Signed(who.clone()).into(),
		T::MinEvaluatorStake::get()
	)
	.is_ok());
	who
}

fn utility() -> UtilitySpec {
	UtilitySpec {
		metric: 1,
		evaluation_set: [&[0x01u8, 0x55, 0x12, 0x20][..], &[7u8; 32][..]]
			.concat()
			.try_into()
			.expect("short enough"),
		direction: Direction::HigherIsBetter,
	}
}

/// Opens a round of a new project of `owner` with `players` active contributions (exact up
/// to `MaxExactPlayers`), waiting for its committee.
fn open<T: Config>(owner: &T::AccountId, players: u32) -> RoundId {
	let (project, _) = T::BenchmarkHelper::project_with_contributions(owner, players);
	let round = NextRoundId::<T>::get();
	assert!(Scoring::<T>::open_round(RawOrigin::Signed(owner.clone()).into(), project, utility())
		.is_ok());
	round
}

/// Seats `members` (one seat each) on `round`'s committee and opens its commit period, as a
/// draw would have.
fn seat<T: Config>(round: RoundId, members: &[T::AccountId]) {
	Scoring::<T>::benchmark_seat_committee(round, members);
}

/// Opens a round of `players` players with `members` on its committee.
fn open_seated<T: Config>(owner: &T::AccountId, players: u32, members: &[T::AccountId]) -> RoundId {
	let round = open::<T>(owner, players);
	seat::<T>(round, members);
	round
}

/// A table of `2^n` values per evaluator: evaluator `k` claims a large utility for the
/// coalitions `c` with `c % 16 == k % 16` and zero elsewhere: far from [`agreed`], an
/// outlier.
fn table<T: Config>(n: u32, evaluator: u32) -> RevealOf<T> {
	let values: Vec<i64> = (0..1i64 << n)
		.map(|mask| if mask % 16 == i64::from(evaluator % 16) { 1_000_000 + mask } else { 0 })
		.collect();
	Reveal::Exact(values.try_into().expect("2^n ≤ MaxTableLen"))
}

/// What every evaluator of a round of `n` players reveals when they agree: an additive game
/// (a coalition is worth 1,000 per member) for an exact round, the matching estimates for a
/// sampled one. Every player gets a non-zero share, so the snapshot is payable.
fn agreed<T: Config>(n: u32) -> RevealOf<T> {
	if n <= T::MaxExactPlayers::get() {
		let values: Vec<i64> =
			(0..1u64 << n).map(|mask| i64::from(mask.count_ones()) * 1_000).collect();
		Reveal::Exact(values.try_into().expect("2^n ≤ MaxTableLen"))
	} else {
		let values: Vec<i64> = (0..n).map(|_| 1_000).collect();
		Reveal::Sampled {
			values: values.try_into().expect("n ≤ MaxPlayers"),
			coalitions_root: H256::repeat_byte(2),
		}
	}
}

fn commit_to<T: Config>(who: &T::AccountId, round: RoundId, payload: &RevealOf<T>) {
	let hash = Scoring::<T>::commitment_hash(round, who, payload, &[1; 32]);
	assert!(Scoring::<T>::commit(RawOrigin::Signed(who.clone()).into(), round, hash).is_ok());
}

fn go_to_reveal<T: Config>(round: RoundId) {
	let end = Rounds::<T>::get(round).expect("open").commit_end;
	frame_system::Pallet::<T>::set_block_number(end.saturating_add(1u32.into()));
}

fn go_past_reveal<T: Config>(round: RoundId) {
	let end = Rounds::<T>::get(round).expect("open").reveal_end;
	frame_system::Pallet::<T>::set_block_number(end.saturating_add(1u32.into()));
}

/// `evaluators` commit `payload(i)` (the `i`-th of them) to `round`, reveal it, and the
/// reveal period ends.
fn reveal_all<T: Config>(
	round: RoundId,
	evaluators: &[T::AccountId],
	payload: impl Fn(u32) -> RevealOf<T>,
) {
	for (i, who) in evaluators.iter().enumerate() {
		commit_to::<T>(who, round, &payload(i as u32));
	}
	go_to_reveal::<T>(round);
	for (i, who) in evaluators.iter().enumerate() {
		assert!(Scoring::<T>::reveal(
			RawOrigin::Signed(who.clone()).into(),
			round,
			payload(i as u32),
			[1; 32]
		)
		.is_ok());
	}
	go_past_reveal::<T>(round);
}

/// What the `i`-th of `e` evaluators of a round of `n` players reveals: the largest minority
/// that still leaves a result reveals outliers ([`table`]), the rest [`agreed`], so that the
/// median, the agreement check and (once final) the outlier slashes all do the most work.
fn mixed<T: Config>(n: u32, e: u32, i: u32) -> RevealOf<T> {
	if i >= e.saturating_sub(1) / 2 {
		agreed::<T>(n)
	} else if n <= T::MaxExactPlayers::get() {
		table::<T>(n, i)
	} else {
		let values: Vec<i64> = (0..n).map(|_| 1_000_000).collect();
		Reveal::Sampled {
			values: values.try_into().expect("n ≤ MaxPlayers"),
			coalitions_root: H256::repeat_byte(3),
		}
	}
}

/// A round of `n` players where `e` evaluators committed and revealed [`mixed`] tables.
fn revealed_round<T: Config>(e: u32, n: u32) -> (T::AccountId, RoundId) {
	let owner = funded::<T>("owner", 0);
	let evaluators: Vec<_> = (0..e).map(evaluator::<T>).collect();
	let round = open_seated::<T>(&owner, n, &evaluators);
	reveal_all::<T>(round, &evaluators, |i| mixed::<T>(n, e, i));
	(owner, round)
}

/// A round of `n` players, `e` evaluators revealed [`mixed`] tables (a majority [`agreed`])
/// and it was aggregated; returns the project's owner and the round.
fn agreed_round<T: Config>(e: u32, n: u32) -> (T::AccountId, RoundId) {
	let owner = funded::<T>("owner", 0);
	let evaluators: Vec<_> = (0..e).map(evaluator::<T>).collect();
	let round = open_seated::<T>(&owner, n, &evaluators);
	reveal_all::<T>(round, &evaluators, |i| mixed::<T>(n, e, i));
	let caller = funded::<T>("caller", 0);
	assert!(Scoring::<T>::aggregate(RawOrigin::Signed(caller).into(), round).is_ok());
	assert!(Rounds::<T>::get(round).is_some_and(|r| r.result.is_some()));
	(owner, round)
}

/// An aggregated round of `e` evaluators and `MaxExactPlayers` players.
fn aggregated_round<T: Config>(e: u32) -> (T::AccountId, RoundId) {
	let (owner, round) = revealed_round::<T>(e, T::MaxExactPlayers::get());
	let caller = funded::<T>("caller", 0);
	assert!(Scoring::<T>::aggregate(RawOrigin::Signed(caller).into(), round).is_ok());
	(owner, round)
}

fn past_dispute_window<T: Config>(round: RoundId) {
	if let Some(Round { phase: RoundPhase::Aggregated { dispute_end }, .. }) =
		Rounds::<T>::get(round)
	{
		frame_system::Pallet::<T>::set_block_number(dispute_end.saturating_add(1u32.into()));
	}
}

/// `challenger` disputes `round`; returns the re-run the dispute opened.
fn dispute_by<T: Config>(challenger: T::AccountId, round: RoundId) -> RoundId {
	let rerun = NextRoundId::<T>::get();
	assert!(Scoring::<T>::dispute(RawOrigin::Signed(challenger).into(), round).is_ok());
	rerun
}

/// The most slots a stake tree of depth `d` holds: `2^d - 1`, the worst case at that depth.
fn deepest<T: Config>(d: u32) -> u32 {
	let slots = (1u32 << d.min(31)) - 1;
	debug_assert_eq!(Scoring::<T>::depth_of(slots), d);
	slots
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_evaluator() {
		let who = funded::<T>("evaluator", 0);
		let stake = T::MinEvaluatorStake::get();
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), stake);
		assert!(Evaluators::<T>::contains_key(&who));
	}

	#[benchmark]
	fn bond_extra() {
		let who = evaluator::<T>(0);
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), T::MinEvaluatorStake::get());
		assert!(Evaluators::<T>::get(&who).is_some_and(|e| e.stake > T::MinEvaluatorStake::get()));
	}

	#[benchmark]
	fn unbond() {
		let who = evaluator::<T>(0);
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(Evaluators::<T>::get(&who).is_some_and(|e| e.unbonding_since.is_some()));
	}

	#[benchmark]
	fn withdraw_unbonded() {
		let who = evaluator::<T>(0);
		assert!(Scoring::<T>::unbond(RawOrigin::Signed(who.clone()).into()).is_ok());
		// The relay chain moves to the next epoch: the leaver's weight leaves the tree.
		Scoring::<T>::note_relay_epoch(Scoring::<T>::current_epoch().saturating_add(1), [0; 32]);
		let later =
			frame_system::Pallet::<T>::block_number().saturating_add(T::UnbondingPeriod::get());
		frame_system::Pallet::<T>::set_block_number(later);
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Evaluators::<T>::contains_key(&who));
	}

	#[benchmark]
	fn open_round(p: Linear<1, { T::MaxPlayers::get() }>) {
		let owner = funded::<T>("owner", 0);
		let (project, _) = T::BenchmarkHelper::project_with_contributions(&owner, p);
		let round = NextRoundId::<T>::get();
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), project, utility());
		assert!(Rounds::<T>::contains_key(round));
	}

	#[benchmark]
	fn commit() {
		let owner = funded::<T>("owner", 0);
		let who = evaluator::<T>(0);
		let round = open_seated::<T>(&owner, 1, core::slice::from_ref(&who));
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), round, H256::repeat_byte(1));
		assert!(Commitments::<T>::contains_key(round, &who));
	}

	/// The largest exact table.
	#[benchmark]
	fn reveal() {
		let n = T::MaxExactPlayers::get();
		let owner = funded::<T>("owner", 0);
		let who = evaluator::<T>(0);
		let round = open_seated::<T>(&owner, n, core::slice::from_ref(&who));
		let payload = table::<T>(n, 0);
		commit_to::<T>(&who, round, &payload);
		go_to_reveal::<T>(round);
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), round, payload, [1; 32]);
		assert!(Reveals::<T>::contains_key(round, &who));
	}

	/// `e` members: the largest minority that still leaves a result committed and never
	/// revealed (each slashed), the rest revealed the largest exact table and agree (a
	/// result needs more than half of the seats agreeing; every reveal is checked against
	/// the consensus).
	#[benchmark]
	fn aggregate(e: Linear<1, { T::MaxCommittee::get() }>) {
		let n = T::MaxExactPlayers::get();
		let owner = funded::<T>("owner", 0);
		let evaluators: Vec<_> = (0..e).map(evaluator::<T>).collect();
		let round = open_seated::<T>(&owner, n, &evaluators);
		let absent = e.saturating_sub(1) / 2;
		for who in &evaluators[..absent as usize] {
			commit_to::<T>(who, round, &agreed::<T>(n));
		}
		let present = &evaluators[absent as usize..];
		reveal_all::<T>(round, present, |_| agreed::<T>(n));
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), round);
		assert!(Rounds::<T>::get(round).is_some_and(|r| r.result.is_some()));
		let slashed = evaluators[..absent as usize].iter().all(|who| {
			Evaluators::<T>::get(who).is_some_and(|v| v.stake < T::MinEvaluatorStake::get())
		});
		assert!(slashed, "every absent member is slashed");
	}

	/// A re-run whose `e` members all committed and none revealed: each slashed, the re-run
	/// failed and cleared, its parent's dispute settled as inconclusive (the bond returned).
	#[benchmark]
	fn aggregate_failed(e: Linear<1, { T::MaxCommittee::get() }>) {
		let (_, round) = agreed_round::<T>(3, 1);
		let rerun = dispute_by::<T>(funded::<T>("challenger", 0), round);
		let evaluators: Vec<_> = (1_000..1_000 + e).map(evaluator::<T>).collect();
		seat::<T>(rerun, &evaluators);
		let payload = agreed::<T>(1);
		for who in &evaluators {
			commit_to::<T>(who, rerun, &payload);
		}
		go_past_reveal::<T>(rerun);
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		aggregate(RawOrigin::Signed(caller), rerun);
		assert!(!Rounds::<T>::contains_key(rerun));
		assert!(Rounds::<T>::get(round)
			.is_some_and(|r| matches!(r.phase, RoundPhase::Aggregated { .. })));
	}

	/// A dispute opens the re-run.
	#[benchmark]
	fn dispute() {
		let (_, round) = aggregated_round::<T>(3);
		let challenger = funded::<T>("challenger", 0);
		whitelist_signer::<T>(&challenger);
		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), round);
		assert!(
			Rounds::<T>::get(round).is_some_and(|r| matches!(r.phase, RoundPhase::Disputed { .. }))
		);
	}

	/// Upheld: the round and its re-run are cleared. A committee of `MaxCommittee` seats has
	/// no larger re-run, so it cannot be disputed: `e` stops one below.
	#[benchmark]
	fn resolve_dispute(
		e: Linear<3, { T::MaxCommittee::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let (_, round) = aggregated_round::<T>(e);
		dispute_by::<T>(funded::<T>("challenger", 0), round);
		let origin =
			T::DisputeOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, round, true);
		assert!(!Rounds::<T>::contains_key(round));
		Ok(())
	}

	/// `e` commitments cleared, a payable snapshot of `p` shares stored.
	#[benchmark]
	fn finalize(e: Linear<3, { T::MaxCommittee::get() }>, p: Linear<1, { T::MaxPlayers::get() }>) {
		let (_, round) = agreed_round::<T>(e, p);
		// The worst case: every reveal lies outside the final consensus and is slashed (as
		// when a re-run overturns a disputed committee).
		Consensus::<T>::mutate(round, |consensus| {
			if let Some(consensus) = consensus {
				consensus.iter_mut().for_each(|value| *value = 1_000_000_000);
			}
		});
		past_dispute_window::<T>(round);
		let project = Rounds::<T>::get(round).map(|r| r.project).expect("aggregated");
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), round);
		assert!(!Rounds::<T>::contains_key(round));
		let (version, snapshot) = Scoring::<T>::latest_snapshot(project).expect("stored");
		assert_eq!(snapshot.shares.len() as u32, p);
		assert_eq!(LatestPayableSnapshot::<T>::get(project), version);
	}

	/// A superseded snapshot of `p` shares.
	#[benchmark]
	fn prune_snapshot(p: Linear<1, { T::MaxPlayers::get() }>) {
		let caller = funded::<T>("caller", 0);
		let min = 3;
		let (owner, first) = agreed_round::<T>(min, p);
		past_dispute_window::<T>(first);
		assert!(Scoring::<T>::finalize(RawOrigin::Signed(caller.clone()).into(), first).is_ok());
		let (project, version) = Snapshots::<T>::iter_keys().next().expect("a snapshot");
		// A second snapshot of the same project supersedes the first.
		let round = NextRoundId::<T>::get();
		assert!(Scoring::<T>::open_round(
			RawOrigin::Signed(owner.clone()).into(),
			project,
			utility()
		)
		.is_ok());
		let evaluators: Vec<_> = (100..100 + min).map(evaluator::<T>).collect();
		seat::<T>(round, &evaluators);
		reveal_all::<T>(round, &evaluators, |_| agreed::<T>(p));
		assert!(Scoring::<T>::aggregate(RawOrigin::Signed(caller.clone()).into(), round).is_ok());
		past_dispute_window::<T>(round);
		assert!(Scoring::<T>::finalize(RawOrigin::Signed(caller).into(), round).is_ok());
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), project, version);
		assert!(!Snapshots::<T>::contains_key(project, version));
	}

	/// The draw of a re-run's committee of `MaxCommittee` seats from a tree of depth `d`
	/// (`2^d - 1` evaluators of equal stake), in the parachain inherent's hook: its
	/// challenger (an evaluator, in slot 1: the longest walk up) out of the tree and back in,
	/// a walk down the tree per seat.
	///
	/// The tree's proof is measured: every walk starts at the same few nodes near the root,
	/// which the proof holds once, where a bound from `MaxEncodedLen` would count each node
	/// read as a separate trie path (several times the whole tree's proof at 255 seats).
	#[benchmark(pov_mode = MaxEncodedLen { Scoring::StakeTree: Measured })]
	fn draw_committee(d: Linear<4, 12>) {
		let seats = T::MaxCommittee::get();
		let owner = funded::<T>("owner", 0);
		Scoring::<T>::benchmark_fill_tree(deepest::<T>(d), T::MinEvaluatorStake::get());
		let round = open::<T>(&owner, 1);
		let challenger: T::AccountId = account("drawn", 1, 0);
		Rounds::<T>::mutate(round, |r| {
			if let Some(r) = r {
				r.terms.committee = seats;
				r.parent = Some(RoundId::MAX);
				r.opener = challenger;
			}
		});
		let epoch = Scoring::<T>::current_epoch().saturating_add(2);
		#[block]
		{
			Scoring::<T>::note_relay_epoch(epoch, [7; 32]);
		}
		assert!(Rounds::<T>::get(round).is_some_and(|r| r.seats == seats));
	}

	/// A re-run's draw of `MaxCommittee` seats from a tree of depth `d` that fails (the
	/// stake per seat is more than any evaluator holds): its challenger (an evaluator, in
	/// slot 1) out of the tree and back in, the re-run cleared, its parent's dispute
	/// inconclusive (the bond returned).
	#[benchmark(pov_mode = MaxEncodedLen { Scoring::StakeTree: Measured })]
	fn fail_draw(d: Linear<4, 12>) {
		// The disputed round's three evaluators take the tree's last three slots.
		Scoring::<T>::benchmark_fill_tree(deepest::<T>(d) - 3, T::MinEvaluatorStake::get());
		let (_, round) = agreed_round::<T>(3, 1);
		// Their stake enters the tree, and the disputed round's queue entry is passed.
		Scoring::<T>::note_relay_epoch(Scoring::<T>::current_epoch().saturating_add(1), [3; 32]);
		assert_eq!(TreeSlots::<T>::get(), deepest::<T>(d));
		// The challenger is an evaluator in the tree (slot 1): it is taken out for the draw.
		let rerun = dispute_by::<T>(funded::<T>("drawn", 1), round);
		Rounds::<T>::mutate(rerun, |r| {
			if let Some(r) = r {
				r.terms.committee = T::MaxCommittee::get();
				r.terms.min_stake = T::MinEvaluatorStake::get().saturating_mul(1_000u32.into());
			}
		});
		let epoch = Scoring::<T>::current_epoch().saturating_add(2);
		#[block]
		{
			Scoring::<T>::note_relay_epoch(epoch, [7; 32]);
		}
		assert!(!Rounds::<T>::contains_key(rerun));
		assert!(Rounds::<T>::get(round)
			.is_some_and(|r| matches!(r.phase, RoundPhase::Aggregated { .. })));
	}

	/// `c` queued stake changes of evaluators spread over a tree of depth `d` entered by the
	/// parachain inherent's hook, with a round queued that is not due yet (read, not drawn):
	/// `c` walks up the tree, sharing as few nodes as evenly spread slots do.
	#[benchmark(pov_mode = MaxEncodedLen { Scoring::StakeTree: Measured })]
	fn enter_stake_changes(
		c: Linear<0, { T::MaxStakeChangesPerBlock::get() }>,
		d: Linear<{ Scoring::<T>::depth_of(T::MaxStakeChangesPerBlock::get()).max(4) }, 12>,
	) {
		let stake = T::MinEvaluatorStake::get();
		let slots = deepest::<T>(d);
		Scoring::<T>::benchmark_fill_tree(slots, stake);
		let owner = funded::<T>("owner", 0);
		let waiting = open::<T>(&owner, 1);
		let spacing = slots / c.max(1);
		for index in 0..c {
			let who: T::AccountId = account("drawn", 1 + index * spacing, 0);
			Evaluators::<T>::mutate(&who, |e| {
				if let Some(e) = e {
					e.stake = stake.saturating_add(stake);
				}
			});
			Scoring::<T>::queue_stake_change(&who);
		}
		let epoch = Scoring::<T>::current_epoch().saturating_add(1);
		#[block]
		{
			Scoring::<T>::note_relay_epoch(epoch, [7; 32]);
		}
		assert!(Rounds::<T>::get(waiting).is_some_and(|r| r.seats == 0));
		let doubled: u128 = stake.saturating_add(stake).saturated_into();
		let single: u128 = stake.saturated_into();
		let expected = doubled
			.saturating_mul(u128::from(c))
			.saturating_add(single.saturating_mul(u128::from(slots - c)));
		assert_eq!(TreeTotal::<T>::get(), expected);
	}

	impl_benchmark_test_suite!(Scoring, crate::mock::new_test_ext(), crate::mock::Test);
}
