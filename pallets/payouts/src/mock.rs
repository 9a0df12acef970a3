//! A mock runtime for the pallet's tests: system, balances, this pallet, and a registry, score
//! snapshots and evaluators the tests set up.

use crate as pallet_payouts;
use attribution_primitives::{
	contribution::ContributionKind,
	licence::{Licence, LicenceTerms},
	project::EvaluatorPolicy,
	traits::{ContributionInfo, ContributionRegistry, EvaluatorRegistry, ScoreProvider},
	ContributionId, ProjectId, SnapshotVersion,
};
use core::cell::RefCell;
use frame::{
	prelude::*,
	runtime::prelude::*,
	testing_prelude::*,
	traits::fungible::{Inspect, InspectHold},
};
use polkadot_sdk::pallet_balances;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Payouts: pallet_payouts,
	}
);

/// Account ids in tests.
pub type AccountId = u64;
/// Balances in tests.
pub type Balance = u64;

/// Owns every project.
pub const OWNER: AccountId = 1;
/// Authors.
pub const ALICE: AccountId = 2;
pub const BOB: AccountId = 3;
pub const CAROL: AccountId = 4;
/// Sponsors and buyers.
pub const SPONSOR: AccountId = 5;
pub const BUYER: AccountId = 6;
/// Evaluators (stakes 100, 100, 100, 500).
pub const EVA: AccountId = 10;
pub const EVB: AccountId = 11;
pub const EVC: AccountId = 12;
pub const WHALE: AccountId = 13;
/// Has no funds at all.
pub const PAUPER: AccountId = 99;
/// What every funded account starts with.
pub const INITIAL_BALANCE: Balance = 10_000_000;

/// The model project: 10% royalty to parents; dataset 100 (ALICE), dataset 101 (BOB 50% /
/// CAROL 50%), checkpoint 102 (ALICE) deriving from 100, 101 and the base model 200.
pub const PROJECT: ProjectId = 1;
/// The base-model project (20% royalty to parents): checkpoint 200 (CAROL) deriving from
/// dataset 300.
pub const BASE: ProjectId = 2;
/// The corpus project: dataset 300 (BOB), no snapshot until a test makes one.
pub const CORPUS: ProjectId = 3;

/// Shares of the model project's snapshot 1: 100 → 50%, 101 → 30%, 102 → 20%.
pub const SHARES: [(ContributionId, u32); 3] = [(100, 50), (101, 30), (102, 20)];

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

parameter_types! {
	pub const ExistentialDeposit: Balance = 10;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
	type ExistentialDeposit = ExistentialDeposit;
}

/// A contribution as the mock registry keeps it.
#[derive(Clone)]
pub struct MockContribution {
	pub project: ProjectId,
	pub kind: ContributionKind,
	pub active: bool,
	pub parents: Vec<ContributionId>,
	pub licence: LicenceTerms,
	pub authors: Vec<(AccountId, Perbill)>,
}

thread_local! {
	static PROJECTS: RefCell<BTreeMap<ProjectId, (AccountId, EvaluatorPolicy<Balance, u64>, Perbill)>> =
		RefCell::new(BTreeMap::new());
	static CONTRIBUTIONS: RefCell<BTreeMap<ContributionId, MockContribution>> =
		RefCell::new(BTreeMap::new());
	/// project → latest payable version.
	static PAYABLE: RefCell<BTreeMap<ProjectId, SnapshotVersion>> = RefCell::new(BTreeMap::new());
	/// (project, version, contribution) → share.
	static SHARES_OF: RefCell<BTreeMap<(ProjectId, SnapshotVersion, ContributionId), Perbill>> =
		RefCell::new(BTreeMap::new());
	static STAKES: RefCell<BTreeMap<AccountId, Balance>> = RefCell::new(BTreeMap::new());
}

/// The registry, snapshots and evaluators the tests set up.
pub struct Mock;

impl Mock {
	/// Adds or replaces a project.
	pub fn set_project(id: ProjectId, policy: EvaluatorPolicy<Balance, u64>, royalty: Perbill) {
		PROJECTS.with(|p| p.borrow_mut().insert(id, (OWNER, policy, royalty)));
	}
	/// Adds or replaces a contribution.
	pub fn set_contribution(id: ContributionId, contribution: MockContribution) {
		CONTRIBUTIONS.with(|c| c.borrow_mut().insert(id, contribution));
	}
	/// Changes a contribution's status.
	pub fn set_active(id: ContributionId, active: bool) {
		CONTRIBUTIONS.with(|c| {
			if let Some(c) = c.borrow_mut().get_mut(&id) {
				c.active = active;
			}
		});
	}
	/// Makes `version` the project's latest payable snapshot with these shares (percent).
	pub fn set_snapshot(
		project: ProjectId,
		version: SnapshotVersion,
		shares: &[(ContributionId, u32)],
	) {
		PAYABLE.with(|p| p.borrow_mut().insert(project, version));
		SHARES_OF.with(|s| {
			for (id, percent) in shares {
				s.borrow_mut().insert((project, version, *id), Perbill::from_percent(*percent));
			}
		});
	}
	/// Makes `who` an evaluator with `stake`.
	pub fn set_stake(who: AccountId, stake: Balance) {
		STAKES.with(|s| s.borrow_mut().insert(who, stake));
	}
}

impl ContributionRegistry<AccountId, Balance, u64> for Mock {
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(AccountId, EvaluatorPolicy<Balance, u64>)> {
		PROJECTS.with(|p| p.borrow().get(&project).map(|(o, policy, _)| (*o, *policy)))
	}
	fn royalty_to_parents(project: ProjectId) -> Option<Perbill> {
		PROJECTS.with(|p| p.borrow().get(&project).map(|(_, _, r)| *r))
	}
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId> {
		CONTRIBUTIONS.with(|c| c.borrow().get(&id).filter(|c| c.active).map(|c| c.project))
	}
	fn contribution_info(id: ContributionId) -> Option<ContributionInfo> {
		CONTRIBUTIONS.with(|c| {
			c.borrow().get(&id).map(|c| ContributionInfo {
				project: c.project,
				kind: c.kind,
				active: c.active,
				parents: c.parents.clone(),
				licence: c.licence.clone(),
			})
		})
	}
	fn authors(id: ContributionId) -> Vec<(AccountId, Perbill)> {
		CONTRIBUTIONS.with(|c| c.borrow().get(&id).map(|c| c.authors.clone()).unwrap_or_default())
	}
	fn contributions_of(who: &AccountId) -> Vec<ContributionId> {
		CONTRIBUTIONS.with(|c| {
			c.borrow()
				.iter()
				.filter(|(_, c)| c.authors.iter().any(|(a, _)| a == who))
				.map(|(id, _)| *id)
				.collect()
		})
	}
}

impl ScoreProvider for Mock {
	fn latest_final_scores(
		project: ProjectId,
	) -> Option<(SnapshotVersion, Vec<(ContributionId, Perbill)>)> {
		let version = Self::latest_payable_version(project)?;
		let shares = SHARES_OF.with(|s| {
			s.borrow()
				.iter()
				.filter(|((p, v, _), _)| *p == project && *v == version)
				.map(|((_, _, c), share)| (*c, *share))
				.collect()
		});
		Some((version, shares))
	}
	fn latest_payable_version(project: ProjectId) -> Option<SnapshotVersion> {
		PAYABLE.with(|p| p.borrow().get(&project).copied())
	}
	fn share_of(
		project: ProjectId,
		version: SnapshotVersion,
		contribution: ContributionId,
	) -> Option<Perbill> {
		SHARES_OF.with(|s| s.borrow().get(&(project, version, contribution)).copied())
	}
}

impl EvaluatorRegistry<AccountId, Balance> for Mock {
	fn active_stake(who: &AccountId) -> Option<Balance> {
		STAKES.with(|s| s.borrow().get(who).copied())
	}
}

parameter_types! {
	pub const PayoutsPalletId: PalletId = PalletId(*b"attr/pay");
	pub const PoolDeposit: Balance = 100;
	pub const OfferDeposit: Balance = 50;
	pub const LicenceDeposit: Balance = 20;
	pub const MinPoolAmount: Balance = 1_000;
	pub const MinLicencePrice: Balance = 10;
	pub const MaxPoolDuration: u64 = 1_000;
}

impl pallet_payouts::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Registry = Mock;
	type Scores = Mock;
	type Evaluators = Mock;
	type PalletId = PayoutsPalletId;
	type PoolDeposit = PoolDeposit;
	type OfferDeposit = OfferDeposit;
	type LicenceDeposit = LicenceDeposit;
	type MinPoolAmount = MinPoolAmount;
	type MinLicencePrice = MinLicencePrice;
	type MaxPoolDuration = MaxPoolDuration;
	type MaxReporters = ConstU32<4>;
	type MaxClaimTargets = ConstU32<8>;
	type MaxRoyaltyDepth = ConstU32<2>;
	type MaxRoyaltyRecipients = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Mock;
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId, Balance> for Mock {
	fn scored_project(
		owner: &AccountId,
		author: &AccountId,
		scored: u32,
	) -> (ProjectId, SnapshotVersion, ContributionId) {
		let checkpoint = 102;
		let policy = EvaluatorPolicy {
			min_evaluators: 1,
			min_stake: 0,
			commit_period: 1,
			reveal_period: 1,
			dispute_period: 1,
		};
		PROJECTS
			.with(|p| p.borrow_mut().insert(PROJECT, (*owner, policy, Perbill::from_percent(10))));
		Mock::set_contribution(
			checkpoint,
			MockContribution { authors: vec![(*author, Perbill::one())], ..checkpoint_102() },
		);
		let rest = Perbill::from_percent(50) / scored.max(1);
		SHARES_OF.with(|s| {
			let mut s = s.borrow_mut();
			s.insert((PROJECT, 1, checkpoint), Perbill::from_percent(50));
			for i in 0..u64::from(scored) {
				s.insert((PROJECT, 1, 10_000 + i), rest);
			}
		});
		PAYABLE.with(|p| p.borrow_mut().insert(PROJECT, 1));
		(PROJECT, 1, checkpoint)
	}
	fn evaluator(who: &AccountId) {
		Mock::set_stake(*who, 100);
	}
}

/// Permissive licence terms (commercial use and derivatives allowed).
pub fn open_licence() -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(b"Apache-2.0".to_vec().try_into().unwrap()),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::zero(),
	}
}

/// Non-commercial, no-derivatives terms.
pub fn restrictive_licence() -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(b"CC-BY-NC-ND-4.0".to_vec().try_into().unwrap()),
		commercial_use: false,
		derivatives_allowed: false,
		attribution_required: true,
		royalty: Perbill::zero(),
	}
}

fn contribution(
	project: ProjectId,
	kind: ContributionKind,
	parents: Vec<ContributionId>,
	authors: Vec<(AccountId, Perbill)>,
) -> MockContribution {
	MockContribution { project, kind, active: true, parents, licence: open_licence(), authors }
}

fn checkpoint_102() -> MockContribution {
	contribution(
		PROJECT,
		ContributionKind::ModelCheckpoint,
		vec![100, 101, 200],
		vec![(ALICE, Perbill::one())],
	)
}

/// Commit 2 blocks, reveal 2 blocks, quorum 2, minimum stake 100.
pub fn policy() -> EvaluatorPolicy<Balance, u64> {
	EvaluatorPolicy {
		min_evaluators: 2,
		min_stake: 100,
		commit_period: 2,
		reveal_period: 2,
		dispute_period: 2,
	}
}

/// Accounts the tests use (their holds are checked after every test).
pub const ACCOUNTS: [AccountId; 11] =
	[OWNER, ALICE, BOB, CAROL, SPONSOR, BUYER, EVA, EVB, EVC, WHALE, PAUPER];

/// Test externalities: funded accounts, the three projects above, snapshot 1 of the model
/// project and of the base project (200 → 100%), evaluators; at block 1.
pub fn new_test_ext() -> TestState {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: ACCOUNTS
			.iter()
			.filter(|who| **who != PAUPER)
			.map(|who| (*who, INITIAL_BALANCE))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_payouts::GenesisConfig::<Test>::default().assimilate_storage(&mut storage).unwrap();
	PROJECTS.with(|p| p.borrow_mut().clear());
	CONTRIBUTIONS.with(|c| c.borrow_mut().clear());
	PAYABLE.with(|p| p.borrow_mut().clear());
	SHARES_OF.with(|s| s.borrow_mut().clear());
	STAKES.with(|s| s.borrow_mut().clear());
	Mock::set_project(PROJECT, policy(), Perbill::from_percent(10));
	Mock::set_project(BASE, policy(), Perbill::from_percent(20));
	Mock::set_project(CORPUS, policy(), Perbill::zero());
	let one = |who| vec![(who, Perbill::one())];
	Mock::set_contribution(
		100,
		contribution(PROJECT, ContributionKind::Dataset, vec![], one(ALICE)),
	);
	Mock::set_contribution(
		101,
		contribution(
			PROJECT,
			ContributionKind::Dataset,
			vec![],
			vec![(BOB, Perbill::from_percent(50)), (CAROL, Perbill::from_percent(50))],
		),
	);
	Mock::set_contribution(102, checkpoint_102());
	Mock::set_contribution(
		200,
		contribution(BASE, ContributionKind::ModelCheckpoint, vec![300], one(CAROL)),
	);
	Mock::set_contribution(300, contribution(CORPUS, ContributionKind::Dataset, vec![], one(BOB)));
	Mock::set_snapshot(PROJECT, 1, &SHARES);
	Mock::set_snapshot(BASE, 1, &[(200, 100)]);
	for who in [EVA, EVB, EVC] {
		Mock::set_stake(who, 100);
	}
	Mock::set_stake(WHALE, 500);
	let mut ext = TestState::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in fresh externalities and checks the invariants afterwards: the pallet's
/// own, total issuance unchanged, and no test account holding a deposit nobody recorded.
pub fn test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		test();
		Payouts::do_try_state().expect("invariants hold after the test");
		assert_eq!(Balances::total_issuance(), issuance, "total issuance never changes");
		for who in ACCOUNTS {
			let recorded: Balance = crate::Pools::<Test>::iter_values()
				.filter(|p| p.sponsor == who)
				.map(|p| p.deposit)
				.chain(
					crate::Offers::<Test>::iter_values()
						.filter(|o| o.seller == who)
						.map(|o| o.deposit),
				)
				.chain(
					crate::Licences::<Test>::iter_values()
						.filter(|l| l.licensee == who)
						.map(|l| l.deposit),
				)
				.sum();
			assert_eq!(Balances::total_balance_on_hold(&who), recorded, "holds of {who}");
		}
	});
}

/// Moves to block `n`.
pub fn run_to(n: u64) {
	System::set_block_number(n);
}

/// What `who` holds under `reason`.
pub fn held(reason: crate::HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&reason.into(), &who)
}

/// Free balance.
pub fn free(who: AccountId) -> Balance {
	Balances::balance(&who)
}
