//! A mock runtime for the pallet's tests: system, balances, timestamp and this pallet.

use crate as pallet_contributions;
use attribution_primitives::{
	licence::{Licence, LicenceTerms},
	project::EvaluatorPolicy,
};
use frame::{prelude::*, runtime::prelude::*, testing_prelude::*};
use polkadot_sdk::{pallet_balances, pallet_timestamp};

type Block = frame_system::mocking::MockBlock<Test>;

construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Timestamp: pallet_timestamp,
		Registry: pallet_contributions,
	}
);

/// Account ids in tests.
pub type AccountId = u64;
/// Balances in tests.
pub type Balance = u64;

pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const CHARLIE: AccountId = 3;
pub const DAVE: AccountId = 4;
pub const EVE: AccountId = 5;
/// Has no funds at all.
pub const PAUPER: AccountId = 99;

/// What every funded account starts with.
pub const INITIAL_BALANCE: Balance = 1_000_000;

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

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

parameter_types! {
	pub const ProjectDeposit: Balance = 1_000;
	pub const ContributionDepositBase: Balance = 100;
	pub const DepositPerByte: Balance = 1;
	pub const DepositPerIndexEntry: Balance = 10;
	pub const MotionDeposit: Balance = 50;
	pub const PendingPeriod: u64 = 10;
	pub const CommitmentDeposit: Balance = 30;
	pub const RevealPeriod: u64 = 5;
}

impl pallet_contributions::Config for Test {
	type RuntimeHoldReason = RuntimeHoldReason;
	type Currency = Balances;
	type UnixTime = Timestamp;
	type ProjectDeposit = ProjectDeposit;
	type ContributionDepositBase = ContributionDepositBase;
	type DepositPerByte = DepositPerByte;
	type DepositPerIndexEntry = DepositPerIndexEntry;
	type MotionDeposit = MotionDeposit;
	type MaxNameLen = ConstU32<32>;
	type MaxAuthors = ConstU32<8>;
	type MaxParents = ConstU32<8>;
	type MaxReasonLen = ConstU32<64>;
	type MaxMembers = ConstU32<5>;
	type PendingPeriod = PendingPeriod;
	type CommitmentDeposit = CommitmentDeposit;
	type RevealPeriod = RevealPeriod;
	type MaxBatch = ConstU32<4>;
	type GuaranteedPropagationSteps = ConstU32<2>;
	type DerivativeRights = MockDerivativeRights;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

std::thread_local! {
	/// (account, contribution) pairs holding a licence that grants derivatives.
	static DERIVATIVE_RIGHTS: core::cell::RefCell<std::collections::BTreeSet<(AccountId, u64)>> =
		Default::default();
}

/// Derivative rights the tests grant, as bought licences would.
pub struct MockDerivativeRights;

impl MockDerivativeRights {
	/// Lets `who` derive from `contribution`.
	pub fn grant(who: AccountId, contribution: u64) {
		DERIVATIVE_RIGHTS.with(|r| r.borrow_mut().insert((who, contribution)));
	}
}

impl attribution_primitives::traits::DerivativeRights<AccountId> for MockDerivativeRights {
	fn may_derive(who: &AccountId, contribution: u64) -> bool {
		DERIVATIVE_RIGHTS.with(|r| r.borrow().contains(&(*who, contribution)))
	}
}

/// Sets the mock's clock and derivative rights for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn set_time_after_genesis() {
		Timestamp::set_timestamp(1_000_000);
	}
	fn grant_derivatives(who: &AccountId, contribution: u64) {
		MockDerivativeRights::grant(*who, contribution);
	}
}

/// Test externalities with funded accounts ALICE..EVE, at block 1, time 1_000_000 ms.
pub fn new_test_ext() -> TestState {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: [ALICE, BOB, CHARLIE, DAVE, EVE].iter().map(|a| (*a, INITIAL_BALANCE)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	DERIVATIVE_RIGHTS.with(|r| r.borrow_mut().clear());
	let mut ext = TestState::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Timestamp::set_timestamp(1_000_000);
	});
	ext
}

/// Runs `test`, then checks every invariant of the pallet.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Registry::do_try_state().expect("invariants hold after the test");
	});
}

/// Advances to block `n`, starting each block as the executive does (the walk of
/// `affected` takes its guaranteed steps) and giving no block spare weight.
pub fn run_to_block(n: u64) {
	use frame::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		Registry::on_initialize(next);
	}
}

/// Runs the walk of `affected` to its end, as blocks with spare weight would.
pub fn finish_walk() {
	use frame::traits::Hooks;
	Registry::on_idle(System::block_number(), Weight::MAX);
	assert!(!Registry::propagation_pending());
}

/// An `Apache-2.0` licence with a 5% royalty.
pub fn apache() -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(b"Apache-2.0".to_vec().try_into().unwrap()),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::from_percent(5),
	}
}

/// A permissive evaluator policy.
pub fn policy() -> EvaluatorPolicy<Balance, u64> {
	EvaluatorPolicy {
		committee: 3,
		min_stake: 100,
		commit_period: 10,
		reveal_period: 10,
		dispute_period: 20,
	}
}

/// A valid CIDv1 (raw, sha2-256) whose digest is `seed` repeated.
pub fn cid(seed: u8) -> Vec<u8> {
	let mut bytes = vec![0x01, 0x55, 0x12, 0x20];
	bytes.extend_from_slice(&[seed; 32]);
	bytes
}

/// All events of this pallet emitted so far.
pub fn contribution_events() -> Vec<pallet_contributions::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Registry(e) => Some(e),
			_ => None,
		})
		.collect()
}
