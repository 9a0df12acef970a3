//! Storage versions and migrations on the composed runtime: a new chain starts with every
//! pallet at its in-code storage version; a chain whose scoring storage is at version 1 (score
//! snapshots without the share index) gets the index back from `Executive`'s migrations, once,
//! and, under the `try-runtime` feature, `Executive::try_runtime_upgrade` runs the migration's
//! pre- and post-upgrade checks, decodes the whole state and runs every pallet's `try_state`.

use attribution_primitives::score::ScoreSnapshot;
use attribution_runtime::{Contributions, Executive, Payouts, Runtime, Scoring};
use pallet_scoring::{LatestPayableSnapshot, LatestSnapshot, SnapshotShares, Snapshots};
use polkadot_sdk::{
	frame_support::traits::{GetStorageVersion, StorageVersion},
	sp_genesis_builder::DEV_RUNTIME_PRESET,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{BoundedVec, Perbill},
};

mod common;

/// Project 0's snapshots as storage version 1 left them: version 1 scores contributions 0 and
/// 1 at 40% and 60%, version 2 (later) scores them all zero. No share index, no latest
/// payable version, the scoring pallet at storage version 1.
fn version_1_scoring_state() -> polkadot_sdk::sp_io::TestExternalities {
	let mut ext = common::externalities_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| {
		let snapshot = |shares: Vec<(u64, Perbill)>| ScoreSnapshot {
			round: 0,
			shares: BoundedVec::truncate_from(shares),
			clipped: BoundedVec::new(),
			finalized_at: 1,
			depositor: Sr25519Keyring::Alice.to_account_id(),
			deposit: 0,
		};
		Snapshots::<Runtime>::insert(
			0,
			1,
			snapshot(vec![(0, Perbill::from_percent(40)), (1, Perbill::from_percent(60))]),
		);
		Snapshots::<Runtime>::insert(
			0,
			2,
			snapshot(vec![(0, Perbill::zero()), (1, Perbill::zero())]),
		);
		LatestSnapshot::<Runtime>::insert(0, 2);
		StorageVersion::new(1).put::<Scoring>();
	});
	ext
}

#[test]
fn a_new_chain_starts_with_every_pallet_at_its_in_code_storage_version() {
	common::externalities_for(DEV_RUNTIME_PRESET).execute_with(|| {
		assert_eq!(
			Contributions::on_chain_storage_version(),
			Contributions::in_code_storage_version()
		);
		assert_eq!(Scoring::on_chain_storage_version(), Scoring::in_code_storage_version());
		assert_eq!(Scoring::in_code_storage_version(), 2);
		assert_eq!(Payouts::on_chain_storage_version(), Payouts::in_code_storage_version());
		// The migrations find nothing to do on it.
		Executive::execute_on_runtime_upgrade();
		assert_eq!(SnapshotShares::<Runtime>::iter().count(), 0);
	});
}

#[test]
fn executive_migrates_scoring_from_version_1_once() {
	version_1_scoring_state().execute_with(|| {
		assert_eq!(SnapshotShares::<Runtime>::get((0, 1), 1), None);
		Executive::execute_on_runtime_upgrade();
		assert_eq!(Scoring::on_chain_storage_version(), 2);
		assert_eq!(SnapshotShares::<Runtime>::get((0, 1), 1), Some(Perbill::from_percent(60)));
		assert_eq!(SnapshotShares::<Runtime>::get((0, 2), 0), Some(Perbill::zero()));
		assert_eq!(SnapshotShares::<Runtime>::iter().count(), 4);
		assert_eq!(LatestPayableSnapshot::<Runtime>::get(0), 1, "version 2 pays nothing");

		// A second upgrade does not run it again.
		LatestPayableSnapshot::<Runtime>::remove(0);
		Executive::execute_on_runtime_upgrade();
		assert_eq!(LatestPayableSnapshot::<Runtime>::get(0), 0);
	});
}

#[cfg(feature = "try-runtime")]
#[test]
fn try_runtime_upgrade_checks_the_scoring_migration_and_the_whole_state() {
	use polkadot_sdk::frame_try_runtime::UpgradeCheckSelect;
	version_1_scoring_state().execute_with(|| {
		let weight = Executive::try_runtime_upgrade(UpgradeCheckSelect::All)
			.expect("pre/post-upgrade checks, state decoding and try_state pass");
		assert!(weight.ref_time() > 0);
		assert_eq!(Scoring::on_chain_storage_version(), 2);
		assert_eq!(LatestPayableSnapshot::<Runtime>::get(0), 1);
	});
	// Without the migration's work, the scoring invariants fail: the checks can fail.
	version_1_scoring_state().execute_with(|| {
		StorageVersion::new(2).put::<Scoring>();
		assert!(Executive::try_runtime_upgrade(UpgradeCheckSelect::All).is_err());
	});
}
