//! Storage versions and migrations on the composed runtime: a new chain starts with every
//! pallet at its in-code storage version and `Executive`'s migrations find nothing to do; under
//! the `try-runtime` feature, `Executive::try_runtime_upgrade` decodes the whole state, runs
//! every pallet's `try_state` and refuses a state whose storage version no migration brings to
//! the in-code one. (The scoring pallet's version 1 → 2 step is tested in its own crate.)

use attribution_runtime::{Contributions, Executive, Payouts, Scoring};
use polkadot_sdk::{
	frame_support::traits::GetStorageVersion, sp_genesis_builder::DEV_RUNTIME_PRESET,
};

mod common;

#[test]
fn a_new_chain_starts_with_every_pallet_at_its_in_code_storage_version() {
	common::externalities_for(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(Scoring::in_code_storage_version(), 4);
		assert_eq!(Payouts::in_code_storage_version(), 3);
		assert_eq!(Contributions::in_code_storage_version(), 3);
		for (on_chain, in_code) in [
			(Scoring::on_chain_storage_version(), Scoring::in_code_storage_version()),
			(Payouts::on_chain_storage_version(), Payouts::in_code_storage_version()),
			(Contributions::on_chain_storage_version(), Contributions::in_code_storage_version()),
		] {
			assert_eq!(on_chain, in_code);
		}
		// The migrations find nothing to do on it.
		Executive::execute_on_runtime_upgrade();
		assert_eq!(Scoring::on_chain_storage_version(), 4);
		assert_eq!(Payouts::on_chain_storage_version(), 3);
		assert_eq!(Contributions::on_chain_storage_version(), 3);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn try_runtime_upgrade_checks_the_whole_state_and_refuses_a_missing_migration() {
	use polkadot_sdk::{
		frame_support::traits::StorageVersion, frame_try_runtime::UpgradeCheckSelect,
	};
	common::externalities_for(DEV_RUNTIME_PRESET).execute_with(|| {
		Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("state decoding and every pallet's try_state pass on a new chain");
	});
	// A chain whose scoring storage is at version 3 would need a step to 4 that the runtime
	// does not have: the upgrade check says so instead of running on a state it cannot read.
	common::externalities_for(DEV_RUNTIME_PRESET).execute_with(|| {
		StorageVersion::new(3).put::<Scoring>();
		assert!(Executive::try_runtime_upgrade(UpgradeCheckSelect::All).is_err());
	});
}
