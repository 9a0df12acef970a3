//! Registry state the pallet benchmarks set up through the registry's own calls: funded
//! owners, projects with a one-evaluator policy, active contributions with unique CIDs.

use alloc::vec::Vec;
use attribution_primitives::{
	contribution::ContributionKind,
	licence::{Licence, LicenceTerms},
	project::{EvaluatorPolicy, Membership},
	ContributionId, ProjectId,
};
use polkadot_sdk::*;

use frame_support::traits::fungible::Mutate;
use sp_core::H256;
use sp_runtime::Perbill;

use crate::{AccountId, Balances, Contributions, Runtime, RuntimeOrigin, UNIT};

/// Gives `who` a million ATTR.
pub fn fund(who: &AccountId) {
	let _ = Balances::mint_into(who, 1_000_000 * UNIT);
}

/// A new open project of `owner` (funded here): MIT licence, `royalty` to parents, and an
/// evaluator policy at the runtime's floors (three evaluators, minimum periods, no minimum
/// stake beyond the runtime's).
pub fn project(owner: &AccountId, royalty: Perbill) -> ProjectId {
	// Past genesis, as the registry's own benchmarks are: registrations read the time.
	<super::contributions::ContributionsBenchmarkHelper as pallet_contributions::BenchmarkHelper<
		AccountId,
	>>::set_time_after_genesis();
	fund(owner);
	let project = pallet_contributions::NextProjectId::<Runtime>::get();
	let licence = LicenceTerms {
		licence: Licence::Spdx(b"MIT".to_vec().try_into().unwrap_or_default()),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::zero(),
	};
	let policy = EvaluatorPolicy {
		committee: pallet_scoring::CommitteeFloor::<Runtime>::get(),
		min_stake: 0,
		commit_period: super::scoring::MinCommitPeriod::get(),
		reveal_period: super::scoring::MinRevealPeriod::get(),
		dispute_period: super::scoring::MinDisputePeriod::get(),
	};
	let _ = Contributions::create_project(
		RuntimeOrigin::signed(owner.clone()),
		b"benchmark".to_vec(),
		licence,
		royalty,
		policy,
		Membership::Open,
	);
	project
}

/// A new active contribution of `project` by `author` alone (funded here), with a CIDv1 (raw,
/// sha2-256) unique to its id.
pub fn contribution(
	author: &AccountId,
	project: ProjectId,
	kind: ContributionKind,
	parents: Vec<ContributionId>,
) -> ContributionId {
	fund(author);
	let id = pallet_contributions::NextContributionId::<Runtime>::get();
	let mut cid = alloc::vec![0x01, 0x55, 0x12, 0x20];
	let mut digest = [0u8; 32];
	digest[..8].copy_from_slice(&id.to_le_bytes());
	cid.extend_from_slice(&digest);
	let _ = Contributions::register_contribution(
		RuntimeOrigin::signed(author.clone()),
		project,
		kind,
		cid,
		None,
		alloc::vec![(author.clone(), Perbill::one())],
		parents,
		None,
		H256::zero(),
		1,
	);
	id
}

/// The `index`-th benchmark evaluator (funded here), registered with ten minimum stakes.
pub fn evaluator(index: u32) -> AccountId {
	let mut seed = [0xe7u8; 32];
	seed[..4].copy_from_slice(&index.to_le_bytes());
	let who = AccountId::new(seed);
	if !pallet_scoring::Evaluators::<Runtime>::contains_key(&who) {
		fund(&who);
		let _ = crate::Scoring::register_evaluator(
			RuntimeOrigin::signed(who.clone()),
			10 * super::scoring::MinEvaluatorStake::get(),
		);
	}
	who
}
