//! A mock runtime for the pallet's tests: system, balances, this pallet, and a registry whose
//! projects and contributions the tests set up.

use crate as pallet_scoring;
use attribution_primitives::{
	project::EvaluatorPolicy,
	traits::{ContributionInfo, ContributionRegistry, SnapshotUsage},
	ContributionId, ProjectId,
};
use codec::Encode;
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

/// Where a mock contribution is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
	/// Waiting for co-authors: its authors do not count as the project's.
	Pending,
	/// Active.
	Active,
	/// Withdrawn after being active: its authors still count as the project's.
	Withdrawn,
}

thread_local! {
	/// project → (owner, policy).
	static PROJECTS: RefCell<BTreeMap<ProjectId, (AccountId, EvaluatorPolicy<Balance, u64>)>> =
		RefCell::new(BTreeMap::new());
	/// contribution → (project, status, authors).
	static CONTRIBUTIONS: RefCell<BTreeMap<ContributionId, (ProjectId, Status, Vec<(AccountId, Perbill)>)>> =
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
		status: Status,
		authors: Vec<(AccountId, Perbill)>,
	) {
		CONTRIBUTIONS.with(|c| c.borrow_mut().insert(id, (project, status, authors)));
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
	fn contributions_of(_: &AccountId, _: Option<ContributionId>, _: u32) -> Vec<ContributionId> {
		Vec::new()
	}
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId> {
		CONTRIBUTIONS.with(|c| {
			c.borrow().get(&id).filter(|(_, s, _)| *s == Status::Active).map(|(p, _, _)| *p)
		})
	}
	fn active_contributions(project: ProjectId, max: u32) -> Option<Vec<ContributionId>> {
		CONTRIBUTIONS.with(|c| {
			let c = c.borrow();
			let of_project: Vec<_> = c.iter().filter(|(_, (p, _, _))| *p == project).collect();
			(of_project.len() as u32 <= max).then(|| {
				of_project
					.into_iter()
					.filter(|(_, (_, s, _))| *s == Status::Active)
					.map(|(id, _)| *id)
					.collect()
			})
		})
	}
	fn is_project_author(project: ProjectId, who: &AccountId) -> bool {
		CONTRIBUTIONS.with(|c| {
			c.borrow().values().any(|(p, s, authors)| {
				*p == project && *s != Status::Pending && authors.iter().any(|(a, _)| a == who)
			})
		})
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
	pub const MinEvaluatorStake: Balance = 100;
	pub const UnbondingPeriod: u64 = 20;
	pub const RoundDeposit: Balance = 500;
	pub static RoundDepositPerSeat: Balance = 0;
	pub const DisputeBond: Balance = 2_000;
	pub const DisputeBondRatio: Perbill = Perbill::from_percent(10);
	pub const WrongResultSlash: Perbill = Perbill::from_percent(50);
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
	type MaxCommittee = ConstU32<64>;
	type MaxDrawsPerBlock = ConstU32<2>;
	type MaxStakeChangesPerBlock = ConstU32<8>;
	type MaxDisputeLevels = ConstU32<2>;
	type MinCommitPeriod = ConstU64<2>;
	type MinRevealPeriod = ConstU64<2>;
	type MinDisputePeriod = ConstU64<2>;
	type MaxPeriod = ConstU64<1_000>;
	type UnbondingPeriod = UnbondingPeriod;
	type MaxPlayers = ConstU32<16>;
	type MaxExactPlayers = ConstU32<4>;
	type MaxTableLen = ConstU32<16>;
	type SampledPermutations = ConstU32<100>;
	type RoundDeposit = RoundDeposit;
	type RoundDepositPerSeat = RoundDepositPerSeat;
	type MaxOpenRoundsPerProject = ConstU32<4>;
	type DisputeBond = DisputeBond;
	type DisputeBondRatio = DisputeBondRatio;
	type WrongResultSlash = WrongResultSlash;
	type MissedRevealSlash = MissedRevealSlash;
	type OutlierSlash = OutlierSlash;
	type ConsensusTolerance = ConsensusTolerance;
	type AbsoluteTolerance = ConstU64<10>;
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
				committee: 3,
				min_stake: 0,
				commit_period: 2,
				reveal_period: 2,
				dispute_period: 2,
			},
		);
		let first = CONTRIBUTIONS.with(|c| c.borrow().keys().max().copied().unwrap_or(0) + 1);
		let ids: Vec<ContributionId> = (first..first + u64::from(players)).collect();
		for id in &ids {
			MockRegistry::set_contribution(
				*id,
				project,
				Status::Active,
				vec![(*owner, Perbill::one())],
			);
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

/// The test project's policy: commit 5 blocks, reveal 5, dispute 5, a committee of 31 seats
/// (with a handful of evaluators of equal stake, each is drawn), stake 100 per seat (so that
/// an evaluator of 1,000 covers ten seats).
pub fn policy() -> EvaluatorPolicy<Balance, u64> {
	EvaluatorPolicy {
		committee: 31,
		min_stake: 100,
		commit_period: 5,
		reveal_period: 5,
		dispute_period: 5,
	}
}

/// A project with more active contributions (300..=305) than `MaxExactPlayers`.
pub const LARGE_PROJECT: ProjectId = 3;

/// Test externalities at block 1: funded accounts; project 1 owned by OWNER with active
/// contributions 100 (by OWNER), 101 (OWNER and STRANGER, 50/50) and 102 (STRANGER), and 104
/// pending (co-authored by EVD, whose pending co-authorship does not make it an author);
/// project 2 owned by STRANGER with contribution 200 (by EVE); project 3 owned by OWNER with
/// six active contributions by OWNER.
pub fn new_test_ext() -> TestState {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let funded = [OWNER, EVA, EVB, EVC, EVD, EVE, STRANGER, COUNCIL, 15];
	pallet_balances::GenesisConfig::<Test> {
		balances: funded.iter().map(|who| (*who, INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_scoring::GenesisConfig::<Test> { committee_floor: 3, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	SLASHED.with(|s| *s.borrow_mut() = 0);
	IN_USE.with(|u| u.borrow_mut().clear());
	PROJECTS.with(|p| p.borrow_mut().clear());
	CONTRIBUTIONS.with(|c| c.borrow_mut().clear());
	MockRegistry::set_project(PROJECT, OWNER, policy());
	MockRegistry::set_project(OTHER_PROJECT, STRANGER, policy());
	MockRegistry::set_project(LARGE_PROJECT, OWNER, policy());
	MockRegistry::set_contribution(100, PROJECT, Status::Active, vec![(OWNER, Perbill::one())]);
	MockRegistry::set_contribution(
		101,
		PROJECT,
		Status::Active,
		vec![(OWNER, Perbill::from_percent(50)), (STRANGER, Perbill::from_percent(50))],
	);
	MockRegistry::set_contribution(102, PROJECT, Status::Active, vec![(STRANGER, Perbill::one())]);
	MockRegistry::set_contribution(
		104,
		PROJECT,
		Status::Pending,
		vec![(OWNER, Perbill::from_percent(50)), (EVD, Perbill::from_percent(50))],
	);
	MockRegistry::set_contribution(200, OTHER_PROJECT, Status::Active, vec![(EVE, Perbill::one())]);
	for id in 300..306 {
		MockRegistry::set_contribution(
			id,
			LARGE_PROJECT,
			Status::Active,
			vec![(OWNER, Perbill::one())],
		);
	}
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		relay_block(1);
	});
	ext
}

/// Para blocks per relay epoch in the mock.
pub const EPOCH_BLOCKS: u64 = 2;

thread_local! {
	/// Mixed into the mock relay chain's epoch randomness: tests vary it to draw other
	/// committees.
	pub static RELAY_SEED: RefCell<u64> = RefCell::new(0);
}

/// The mock relay chain's randomness of `epoch`.
pub fn relay_randomness(epoch: u64) -> [u8; 32] {
	let seed = RELAY_SEED.with(|s| *s.borrow());
	frame::hashing::blake2_256(&(b"mock relay", epoch, seed).encode())
}

/// What the runtime does in block `n`'s parachain inherent: shows the pallet the relay
/// epoch (one every [`EPOCH_BLOCKS`] blocks) and its randomness.
pub fn relay_block(n: u64) {
	let epoch = n / EPOCH_BLOCKS;
	Scoring::note_relay_epoch(epoch, relay_randomness(epoch));
}

/// Runs `test` in fresh externalities and checks the invariants afterwards.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Scoring::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`, block by block, each with its relay inherent.
pub fn run_to(n: u64) {
	let mut now = System::block_number();
	while now < n {
		now += 1;
		System::set_block_number(now);
		relay_block(now);
	}
}
