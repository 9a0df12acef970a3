//! A mock runtime for the pallet's tests: system, balances, this pallet, and a registry whose
//! projects and contributions the tests set up.

use crate as pallet_scoring;
use attribution_primitives::{
	project::EvaluatorPolicy,
	traits::{ContributionInfo, ContributionRegistry, SnapshotUsage},
	ContributionId, ProjectId,
};
use core::cell::RefCell;
use frame::{
	prelude::*,
	runtime::prelude::*,
	testing_prelude::*,
	traits::{tokens::imbalance::Imbalance as _, SortedMembers},
};
use polkadot_sdk::pallet_balances;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Scoring: pallet_scoring,
	}
);

/// Account ids in tests.
pub type AccountId = u64;
/// Balances in tests.
pub type Balance = u64;

/// Owns project 1.
pub const OWNER: AccountId = 1;
/// Evaluators.
pub const EVA: AccountId = 10;
pub const EVB: AccountId = 11;
pub const EVC: AccountId = 12;
pub const EVD: AccountId = 13;
pub const EVE: AccountId = 14;
/// Anyone else.
pub const STRANGER: AccountId = 20;
/// Has no funds at all.
pub const PAUPER: AccountId = 99;
/// The root-like dispute origin's account (signed by this account = governance).
pub const COUNCIL: AccountId = 42;
/// What every funded account starts with.
pub const INITIAL_BALANCE: Balance = 1_000_000;

/// The test project and its contributions 100..=103 (active), 104 (not active).
pub const PROJECT: ProjectId = 1;
/// Another project with contribution 200.
pub const OTHER_PROJECT: ProjectId = 2;

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

thread_local! {
	/// project → (owner, policy).
	static PROJECTS: RefCell<BTreeMap<ProjectId, (AccountId, EvaluatorPolicy<Balance, u64>)>> =
		RefCell::new(BTreeMap::new());
	/// contribution → (project, active, authors).
	static CONTRIBUTIONS: RefCell<BTreeMap<ContributionId, (ProjectId, bool, Vec<(AccountId, Perbill)>)>> =
		RefCell::new(BTreeMap::new());
	/// Snapshots another pallet still needs.
	pub static IN_USE: RefCell<Vec<(ProjectId, u32)>> = RefCell::new(Vec::new());
	/// Everything slashed so far.
	pub static SLASHED: RefCell<Balance> = RefCell::new(0);
}

/// The registry the tests set up.
pub struct MockRegistry;

impl MockRegistry {
	/// Adds or replaces a project.
	pub fn set_project(id: ProjectId, owner: AccountId, policy: EvaluatorPolicy<Balance, u64>) {
		PROJECTS.with(|p| p.borrow_mut().insert(id, (owner, policy)));
	}
	/// Adds or replaces a contribution.
	pub fn set_contribution(
		id: ContributionId,
		project: ProjectId,
		active: bool,
		authors: Vec<(AccountId, Perbill)>,
	) {
		CONTRIBUTIONS.with(|c| c.borrow_mut().insert(id, (project, active, authors)));
	}
}

impl ContributionRegistry<AccountId, Balance, u64> for MockRegistry {
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(AccountId, EvaluatorPolicy<Balance, u64>)> {
		PROJECTS.with(|p| p.borrow().get(&project).cloned())
	}
	fn royalty_to_parents(project: ProjectId) -> Option<Perbill> {
		PROJECTS.with(|p| p.borrow().get(&project).map(|_| Perbill::zero()))
	}
	fn contribution_info(_: ContributionId) -> Option<ContributionInfo> {
		None
	}
	fn contributions_of(_: &AccountId) -> Vec<ContributionId> {
		Vec::new()
	}
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId> {
		CONTRIBUTIONS
			.with(|c| c.borrow().get(&id).filter(|(_, active, _)| *active).map(|(p, _, _)| *p))
	}
	fn authors(id: ContributionId) -> Vec<(AccountId, Perbill)> {
		CONTRIBUTIONS.with(|c| c.borrow().get(&id).map(|(_, _, a)| a.clone()).unwrap_or_default())
	}
}

/// Snapshots the tests mark as needed by payouts.
pub struct InUse;
impl SnapshotUsage for InUse {
	fn in_use(project: ProjectId, version: u32) -> bool {
		IN_USE.with(|u| u.borrow().contains(&(project, version)))
	}
}

/// Counts slashed funds (and burns them).
pub struct CountSlashes;
impl frame::traits::OnUnbalanced<crate::CreditOf<Test>> for CountSlashes {
	fn on_nonzero_unbalanced(credit: crate::CreditOf<Test>) {
		SLASHED.with(|s| *s.borrow_mut() += credit.peek());
		drop(credit);
	}
}

parameter_types! {
	pub const MinEvaluatorStake: Balance = 1_000;
	pub const UnbondingPeriod: u64 = 20;
	pub const RoundDeposit: Balance = 500;
	pub const DisputeBond: Balance = 2_000;
	pub const MissedRevealSlash: Perbill = Perbill::from_percent(10);
	pub const OutlierSlash: Perbill = Perbill::from_percent(20);
	pub const ConsensusTolerance: Perbill = Perbill::from_percent(10);
}

impl pallet_scoring::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Registry = MockRegistry;
	type Slash = CountSlashes;
	type SnapshotUsage = InUse;
	type DisputeOrigin = EnsureSignedBy<Council, AccountId>;
	type MinEvaluatorStake = MinEvaluatorStake;
	type UnbondingPeriod = UnbondingPeriod;
	type MaxEvaluators = ConstU32<7>;
	type MaxEvaluatorsPerRound = ConstU32<5>;
	type MaxPlayers = ConstU32<16>;
	type MaxExactPlayers = ConstU32<4>;
	type MaxTableLen = ConstU32<16>;
	type MaxPermutations = ConstU32<1_000>;
	type RoundDeposit = RoundDeposit;
	type DisputeBond = DisputeBond;
	type MissedRevealSlash = MissedRevealSlash;
	type OutlierSlash = OutlierSlash;
	type ConsensusTolerance = ConsensusTolerance;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockRegistry;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockRegistry {
	fn project_with_contributions(
		owner: &AccountId,
		players: u32,
	) -> (ProjectId, Vec<ContributionId>) {
		let project = PROJECTS.with(|p| p.borrow().keys().max().copied().unwrap_or(0) + 1);
		MockRegistry::set_project(
			project,
			*owner,
			EvaluatorPolicy {
				min_evaluators: 1,
				min_stake: 0,
				commit_period: 1,
				reveal_period: 1,
				dispute_period: 1,
			},
		);
		let first = CONTRIBUTIONS.with(|c| c.borrow().keys().max().copied().unwrap_or(0) + 1);
		let ids: Vec<ContributionId> = (first..first + u64::from(players)).collect();
		for id in &ids {
			MockRegistry::set_contribution(*id, project, true, vec![(*owner, Perbill::one())]);
		}
		(project, ids)
	}
}

/// The dispute origin: signed by [`COUNCIL`].
pub struct Council;
impl SortedMembers<AccountId> for Council {
	fn sorted_members() -> Vec<AccountId> {
		vec![COUNCIL]
	}
}

/// The test project's policy: commit 5 blocks, reveal 5, dispute 5, 2 evaluators, stake 1,000.
pub fn policy() -> EvaluatorPolicy<Balance, u64> {
	EvaluatorPolicy {
		min_evaluators: 2,
		min_stake: 1_000,
		commit_period: 5,
		reveal_period: 5,
		dispute_period: 5,
	}
}

/// Test externalities: funded accounts, project 1 owned by OWNER with contributions 100..=103
/// (authors: 100 by OWNER, 101 split 50/50 by OWNER and STRANGER, ...), 104 pending, project 2
/// with contribution 200; at block 1.
pub fn new_test_ext() -> TestState {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let funded = [OWNER, EVA, EVB, EVC, EVD, EVE, STRANGER, COUNCIL, 15];
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|who| (*who, INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	SLASHED.with(|s| *s.borrow_mut() = 0);
	IN_USE.with(|u| u.borrow_mut().clear());
	PROJECTS.with(|p| p.borrow_mut().clear());
	CONTRIBUTIONS.with(|c| c.borrow_mut().clear());
	MockRegistry::set_project(PROJECT, OWNER, policy());
	MockRegistry::set_project(OTHER_PROJECT, STRANGER, policy());
	MockRegistry::set_contribution(100, PROJECT, true, vec![(OWNER, Perbill::one())]);
	MockRegistry::set_contribution(
		101,
		PROJECT,
		true,
		vec![(OWNER, Perbill::from_percent(50)), (STRANGER, Perbill::from_percent(50))],
	);
	MockRegistry::set_contribution(102, PROJECT, true, vec![(STRANGER, Perbill::one())]);
	MockRegistry::set_contribution(103, PROJECT, true, vec![(EVE, Perbill::one())]);
	MockRegistry::set_contribution(104, PROJECT, false, vec![(OWNER, Perbill::one())]);
	MockRegistry::set_contribution(200, OTHER_PROJECT, true, vec![(STRANGER, Perbill::one())]);
	let mut ext = TestState::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the invariants afterwards.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Scoring::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}
