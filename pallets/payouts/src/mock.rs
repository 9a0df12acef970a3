//! A mock runtime for the pallet's tests: system, balances, this pallet, and a registry, score
//! snapshots and a fake evaluation engine the tests set up.
//!
//! The fake engine ([`Mock`] as [`Measurements`]) measures nothing: it builds terms from a
//! project's policy (refusing policies under the runtime's floors with [`BELOW_FLOOR`]),
//! records every request, and hands out the outcome a test set with [`Mock::set_outcome`],
//! whatever the block. It holds no deposit, so the test accounts' holds are only the
//! pallet's own.

use crate as pallet_payouts;
use attribution_primitives::{
	contribution::ContributionKind,
	licence::{Licence, LicenceTerms},
	project::EvaluatorPolicy,
	score::{EvaluationTerms, MeasurementId, MeasurementOutcome, Tolerance},
	traits::{
		ContributionInfo, ContributionRegistry, MeasurementRequest, Measurements, ScoreProvider,
	},
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
/// Has no funds at all.
pub const PAUPER: AccountId = 99;
/// Where money that waited too long for a payable snapshot goes.
pub const TREASURY: AccountId = 77;
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

/// The fake engine's floors, as the runtime's: fewest committee seats a policy may ask for.
pub const MIN_COMMITTEE: u32 = 3;
/// The fake engine's floors: shortest commit, reveal and dispute periods, in blocks.
pub const MIN_PERIOD: u64 = 10;
/// What the fake engine's `terms_for` returns for a pool asking for fewer seats than the
/// policy's.
pub const BELOW_POLICY: &str = "committee below the policy's";

/// What the fake engine's `terms_for` returns for a policy under the floors.
pub const BELOW_FLOOR: DispatchError = DispatchError::Other("below floor");

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
	/// Registry and score entries the mock's trait functions looked at so far: they live
	/// outside storage, so `tests_at_scale` counts them here (a lookup is one entry, a scan
	/// every entry it passes).
	static ENTRIES_READ: RefCell<u64> = const { RefCell::new(0) };
	static PROJECTS: RefCell<BTreeMap<ProjectId, (AccountId, EvaluatorPolicy<Balance, u64>, Perbill)>> =
		RefCell::new(BTreeMap::new());
	static CONTRIBUTIONS: RefCell<BTreeMap<ContributionId, MockContribution>> =
		RefCell::new(BTreeMap::new());
	/// project → latest payable version.
	static PAYABLE: RefCell<BTreeMap<ProjectId, SnapshotVersion>> = RefCell::new(BTreeMap::new());
	/// (project, version, contribution) → share.
	static SHARES_OF: RefCell<BTreeMap<(ProjectId, SnapshotVersion, ContributionId), Perbill>> =
		RefCell::new(BTreeMap::new());
	/// Every measurement requested, in order: a request's id is its position (ids count from 0).
	static REQUESTS: RefCell<Vec<MeasurementRequest<AccountId, Balance, u64>>> =
		RefCell::new(Vec::new());
	/// measurement → the outcome a test set, until a conclusion takes it.
	static OUTCOMES: RefCell<BTreeMap<MeasurementId, MeasurementOutcome>> =
		RefCell::new(BTreeMap::new());
}

/// The registry, snapshots and evaluation engine the tests set up.
pub struct Mock;

impl Mock {
	/// Adds or replaces a project.
	pub fn set_project(id: ProjectId, policy: EvaluatorPolicy<Balance, u64>, royalty: Perbill) {
		PROJECTS.with(|p| p.borrow_mut().insert(id, (OWNER, policy, royalty)));
	}
	/// Hands an existing project to `owner`, as a transfer of its ownership does.
	pub fn set_owner(id: ProjectId, owner: AccountId) {
		PROJECTS.with(|p| {
			if let Some(project) = p.borrow_mut().get_mut(&id) {
				project.0 = owner;
			}
		});
	}
	/// Changes an existing project's evaluator policy, as its owner may at any time.
	pub fn set_policy(id: ProjectId, policy: EvaluatorPolicy<Balance, u64>) {
		PROJECTS.with(|p| {
			if let Some(project) = p.borrow_mut().get_mut(&id) {
				project.1 = policy;
			}
		});
	}
	/// Changes an existing project's royalty share to parents, as its owner may at any time.
	pub fn set_royalty(id: ProjectId, royalty: Perbill) {
		PROJECTS.with(|p| {
			if let Some(project) = p.borrow_mut().get_mut(&id) {
				project.2 = royalty;
			}
		});
	}
	/// Adds or replaces a contribution.
	pub fn set_contribution(id: ContributionId, contribution: MockContribution) {
		CONTRIBUTIONS.with(|c| c.borrow_mut().insert(id, contribution));
	}
	/// Removes a contribution, as the registry does with a pending one rejected or expired.
	pub fn remove_contribution(id: ContributionId) {
		CONTRIBUTIONS.with(|c| c.borrow_mut().remove(&id));
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
	/// Makes `version` the project's latest payable snapshot with these exact shares.
	pub fn set_snapshot_parts(
		project: ProjectId,
		version: SnapshotVersion,
		shares: impl IntoIterator<Item = (ContributionId, Perbill)>,
	) {
		PAYABLE.with(|p| p.borrow_mut().insert(project, version));
		SHARES_OF.with(|s| {
			let mut s = s.borrow_mut();
			for (id, share) in shares {
				s.insert((project, version, id), share);
			}
		});
	}
	/// Makes measurement `id` final with `outcome`: the next `take_outcome(id)` returns it.
	pub fn set_outcome(id: MeasurementId, outcome: MeasurementOutcome) {
		OUTCOMES.with(|o| o.borrow_mut().insert(id, outcome));
	}
	/// Whether measurement `id` has an outcome nobody took yet.
	pub fn has_outcome(id: MeasurementId) -> bool {
		OUTCOMES.with(|o| o.borrow().contains_key(&id))
	}
	/// The request that opened measurement `id`, if any.
	pub fn requested(id: MeasurementId) -> Option<MeasurementRequest<AccountId, Balance, u64>> {
		REQUESTS.with(|r| usize::try_from(id).ok().and_then(|i| r.borrow().get(i).cloned()))
	}
	/// How many measurements were requested (the id the next one gets).
	pub fn request_count() -> u64 {
		REQUESTS.with(|r| r.borrow().len() as u64)
	}
	/// The terms the fake engine builds from `policy`: refused with [`BELOW_FLOOR`] when it
	/// asks for a committee of fewer than [`MIN_COMMITTEE`] seats or a period shorter than
	/// [`MIN_PERIOD`]; otherwise its own values and a tolerance of 10%.
	pub fn terms_from_policy(
		policy: &EvaluatorPolicy<Balance, u64>,
	) -> Result<EvaluationTerms<Balance, u64>, DispatchError> {
		let periods = [policy.commit_period, policy.reveal_period, policy.dispute_period];
		if policy.committee < MIN_COMMITTEE || periods.iter().any(|p| *p < MIN_PERIOD) {
			return Err(BELOW_FLOOR);
		}
		Ok(EvaluationTerms {
			committee: policy.committee,
			min_stake: policy.min_stake,
			commit_period: policy.commit_period,
			reveal_period: policy.reveal_period,
			dispute_period: policy.dispute_period,
			tolerance: Tolerance { absolute: 0, relative: Perbill::from_percent(10) },
		})
	}
}

/// Notes that a trait function of the mock looked at `n` entries.
fn read_entries(n: usize) {
	ENTRIES_READ.with(|r| *r.borrow_mut() += n as u64);
}

impl Mock {
	/// Registry and score entries the mock's trait functions looked at so far.
	pub fn entries_read() -> u64 {
		ENTRIES_READ.with(|r| *r.borrow())
	}
}

impl ContributionRegistry<AccountId, Balance, u64> for Mock {
	fn project_owner_and_policy(
		project: ProjectId,
	) -> Option<(AccountId, EvaluatorPolicy<Balance, u64>)> {
		read_entries(1);
		PROJECTS.with(|p| p.borrow().get(&project).map(|(o, policy, _)| (*o, *policy)))
	}
	fn royalty_to_parents(project: ProjectId) -> Option<Perbill> {
		read_entries(1);
		PROJECTS.with(|p| p.borrow().get(&project).map(|(_, _, r)| *r))
	}
	fn active_contribution_project(id: ContributionId) -> Option<ProjectId> {
		read_entries(1);
		CONTRIBUTIONS.with(|c| c.borrow().get(&id).filter(|c| c.active).map(|c| c.project))
	}
	fn contribution_info(id: ContributionId) -> Option<ContributionInfo> {
		read_entries(1);
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
		read_entries(1);
		CONTRIBUTIONS.with(|c| c.borrow().get(&id).map(|c| c.authors.clone()).unwrap_or_default())
	}
	/// Reads like the registry's index: one entry per id returned.
	fn contributions_of(
		who: &AccountId,
		start_after: Option<ContributionId>,
		limit: u32,
	) -> Vec<ContributionId> {
		let ids: Vec<ContributionId> = CONTRIBUTIONS.with(|c| {
			c.borrow()
				.iter()
				.filter(|(id, c)| {
					start_after.is_none_or(|after| **id > after)
						&& c.authors.iter().any(|(a, _)| a == who)
				})
				.map(|(id, _)| *id)
				.take(limit as usize)
				.collect()
		});
		read_entries(ids.len());
		ids
	}
	fn active_contributions(project: ProjectId, max: u32) -> Option<Vec<ContributionId>> {
		if !PROJECTS.with(|p| p.borrow().contains_key(&project)) {
			return None;
		}
		let of_project: Vec<(ContributionId, bool)> = CONTRIBUTIONS.with(|c| {
			read_entries(c.borrow().len());
			c.borrow()
				.iter()
				.filter(|(_, c)| c.project == project)
				.map(|(id, c)| (*id, c.active))
				.collect()
		});
		if of_project.len() > max as usize {
			return None;
		}
		Some(of_project.into_iter().filter_map(|(id, active)| active.then_some(id)).collect())
	}
	/// Every mock contribution counts as accepted: its authors are the project's authors.
	fn is_project_author(project: ProjectId, who: &AccountId) -> bool {
		CONTRIBUTIONS.with(|c| {
			read_entries(c.borrow().len());
			c.borrow()
				.values()
				.any(|c| c.project == project && c.authors.iter().any(|(a, _)| a == who))
		})
	}
}

impl ScoreProvider for Mock {
	fn latest_final_scores(
		project: ProjectId,
	) -> Option<(SnapshotVersion, Vec<(ContributionId, Perbill)>)> {
		let version = Self::latest_payable_version(project)?;
		let shares = SHARES_OF.with(|s| {
			read_entries(s.borrow().len());
			s.borrow()
				.iter()
				.filter(|((p, v, _), _)| *p == project && *v == version)
				.map(|((_, _, c), share)| (*c, *share))
				.collect()
		});
		Some((version, shares))
	}
	fn latest_payable_version(project: ProjectId) -> Option<SnapshotVersion> {
		read_entries(1);
		PAYABLE.with(|p| p.borrow().get(&project).copied())
	}
	fn share_of(
		project: ProjectId,
		version: SnapshotVersion,
		contribution: ContributionId,
	) -> Option<Perbill> {
		read_entries(1);
		SHARES_OF.with(|s| s.borrow().get(&(project, version, contribution)).copied())
	}
}

/// The fake evaluation engine: see the module's documentation.
impl Measurements<AccountId, Balance, u64> for Mock {
	/// The project's current policy through [`Mock::terms_from_policy`].
	fn terms_for(
		project: ProjectId,
		committee: Option<u32>,
	) -> Result<EvaluationTerms<Balance, u64>, DispatchError> {
		let (_, policy) = Self::project_owner_and_policy(project)
			.ok_or(DispatchError::Other("unknown project"))?;
		let mut terms = Self::terms_from_policy(&policy)?;
		if let Some(committee) = committee {
			if committee < terms.committee {
				return Err(DispatchError::Other(BELOW_POLICY));
			}
			terms.committee = committee;
		}
		Ok(terms)
	}
	/// Records the request; its id is the number of requests before it.
	fn request(
		request: MeasurementRequest<AccountId, Balance, u64>,
	) -> Result<MeasurementId, DispatchError> {
		REQUESTS.with(|r| {
			let mut requests = r.borrow_mut();
			let id = requests.len() as MeasurementId;
			requests.push(request);
			Ok(id)
		})
	}
	/// The outcome set with [`Mock::set_outcome`], once.
	fn take_outcome_weight() -> Weight {
		Weight::from_parts(1_000_000, 1_000)
	}

	fn take_outcome(id: MeasurementId) -> Option<MeasurementOutcome> {
		OUTCOMES.with(|o| o.borrow_mut().remove(&id))
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
	pub const RoyaltySplitDeposit: Balance = 30;
	pub const UndistributedTimeout: u64 = 50;
	pub const EvaluatorAccessDeposit: Balance = 12;
	pub const Treasury: AccountId = TREASURY;
}

impl pallet_payouts::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type Registry = Mock;
	type Scores = Mock;
	type Measurements = Mock;
	type PalletId = PayoutsPalletId;
	type PoolDeposit = PoolDeposit;
	type OfferDeposit = OfferDeposit;
	type LicenceDeposit = LicenceDeposit;
	type MinPoolAmount = MinPoolAmount;
	type MinLicencePrice = MinLicencePrice;
	type MaxPoolDuration = MaxPoolDuration;
	type MaxClaimTargets = ConstU32<8>;
	type MaxRoyaltyDepth = ConstU32<2>;
	type MaxRoyaltyRecipients = ConstU32<4>;
	type MaxRoyaltyReads = ConstU32<8>;
	type MaxRoyaltyWeights = ConstU32<8>;
	type RoyaltySplitDeposit = RoyaltySplitDeposit;
	type UndistributedTimeout = UndistributedTimeout;
	type Treasury = Treasury;
	type EvaluatorAccessDeposit = EvaluatorAccessDeposit;
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
		PROJECTS.with(|p| {
			p.borrow_mut().insert(PROJECT, (*owner, policy(), Perbill::from_percent(10)))
		});
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
	/// Sets a final outcome from as many reveals as [`policy`] asks for.
	fn measure(id: MeasurementId, median: i64) {
		Mock::set_outcome(id, MeasurementOutcome::Final { median, reveals: policy().committee });
	}
	/// The model project (checkpoint 102's) to `to`.
	fn hand_over(_contribution: ContributionId, to: &AccountId) {
		Mock::set_owner(PROJECT, *to);
	}
	/// The corpus project (no snapshot), handed to `owner`.
	fn unscored_project(owner: &AccountId) -> ProjectId {
		Mock::set_owner(CORPUS, *owner);
		CORPUS
	}
	/// Checkpoint 102 of the model project, `owner`'s, deriving from `parents` datasets
	/// 500, 501, … each in its own project.
	fn contribution_with_parents(
		owner: &AccountId,
		parents: u32,
	) -> (ContributionId, Vec<ContributionId>) {
		Mock::set_owner(PROJECT, *owner);
		let ids: Vec<ContributionId> = (0..u64::from(parents)).map(|i| 500 + i).collect();
		for id in &ids {
			Mock::set_project(*id, policy(), Perbill::zero());
			Mock::set_contribution(
				*id,
				contribution(*id, ContributionKind::Dataset, vec![], vec![(ALICE, Perbill::one())]),
			);
		}
		Mock::set_contribution(
			102,
			contribution(
				PROJECT,
				ContributionKind::ModelCheckpoint,
				ids.clone(),
				vec![(ALICE, Perbill::one())],
			),
		);
		(102, ids)
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

/// An active contribution under [`open_licence`].
pub fn contribution(
	project: ProjectId,
	kind: ContributionKind,
	parents: Vec<ContributionId>,
	authors: Vec<(AccountId, Perbill)>,
) -> MockContribution {
	MockContribution { project, kind, active: true, parents, licence: open_licence(), authors }
}

/// Checkpoint 102 of the model project (ALICE), deriving from 100, 101 and the base model 200.
fn checkpoint_102() -> MockContribution {
	contribution(
		PROJECT,
		ContributionKind::ModelCheckpoint,
		vec![100, 101, 200],
		vec![(ALICE, Perbill::one())],
	)
}

/// The policy at the floors: 3 evaluators, minimum stake 100, commit, reveal and dispute
/// periods of 10 blocks each (a report takes 30 blocks).
pub fn policy() -> EvaluatorPolicy<Balance, u64> {
	EvaluatorPolicy {
		committee: MIN_COMMITTEE,
		min_stake: 100,
		commit_period: MIN_PERIOD,
		reveal_period: MIN_PERIOD,
		dispute_period: MIN_PERIOD,
	}
}

/// Accounts the tests use (their holds are checked after every test).
pub const ACCOUNTS: [AccountId; 7] = [OWNER, ALICE, BOB, CAROL, SPONSOR, BUYER, PAUPER];

/// Test externalities: funded accounts, the three projects above (each evaluated by
/// [`policy`]), snapshot 1 of the model project and of the base project (200 → 100%), no
/// measurement requested yet; at block 1.
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
	REQUESTS.with(|r| r.borrow_mut().clear());
	OUTCOMES.with(|o| o.borrow_mut().clear());
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
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		// The owners approve the genuine lineage: the checkpoint pays the base model (its
		// datasets are in its own project), which pays the corpus.
		approve_genesis_split(102, 200);
		approve_genesis_split(200, 300);
	});
	ext
}

/// A royalty split of `contribution` approving `parent` alone with all the rest, as its
/// project's owner would set it (without the deposit, as a genesis would).
fn approve_genesis_split(contribution: ContributionId, parent: ContributionId) {
	crate::RoyaltySplits::<Test>::insert(
		contribution,
		crate::RoyaltySplit {
			owner: OWNER,
			deposit: 0,
			parents: vec![(parent, Perbill::one())].try_into().unwrap(),
		},
	);
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
				.chain(
					crate::RoyaltySplits::<Test>::iter_values()
						.filter(|s| s.owner == who)
						.map(|s| s.deposit),
				)
				.chain(
					crate::EvaluatorAccess::<Test>::iter_values()
						.filter(|s| s.owner == who)
						.map(|s| s.deposit),
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
