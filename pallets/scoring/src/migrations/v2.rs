//! Storage version 1 → 2: backfill the share index of snapshots finalized before it existed.
//!
//! Version 1 kept each snapshot's shares only inside the [`Snapshots`] record. Version 2 adds
//! two indexes written at `finalize`: [`SnapshotShares`] (one read per contribution for the
//! payouts pallet's claims) and [`LatestPayableSnapshot`] (the latest snapshot of each project
//! whose shares are not all zero, where payouts send money). A chain that finalized snapshots
//! under version 1 has neither for them; this step fills both from the records.
//!
//! The step walks every snapshot in one block: one read per snapshot, one write per share and
//! one per project with a payable snapshot. Snapshots are few (one per finalized round, and
//! old ones get pruned), so a single-block migration fits; a chain with many thousands would
//! need a multi-block migration instead.

use crate::{Config, LatestPayableSnapshot, Pallet, SnapshotShares, Snapshots};
use alloc::collections::btree_map::BTreeMap;
#[cfg(feature = "try-runtime")]
use alloc::vec::Vec;
use attribution_primitives::{ProjectId, SnapshotVersion};
use frame::{
	deps::frame_support::migrations::VersionedMigration, prelude::*,
	traits::UncheckedOnRuntimeUpgrade,
};

/// The unversioned backfill; use [`MigrateV1ToV2`], which runs it once, from version 1 only.
pub struct BackfillShareIndex<T>(core::marker::PhantomData<T>);

impl<T: Config> BackfillShareIndex<T> {
	/// Notes `version` of `project` as its latest payable one if any share in it is above zero
	/// and no later version was noted.
	fn note_payable(
		latest: &mut BTreeMap<ProjectId, SnapshotVersion>,
		project: ProjectId,
		version: SnapshotVersion,
		snapshot: &crate::SnapshotOf<T>,
	) {
		if snapshot.shares.iter().any(|(_, share)| !share.is_zero()) {
			let entry = latest.entry(project).or_insert(version);
			*entry = (*entry).max(version);
		}
	}
}

impl<T: Config> UncheckedOnRuntimeUpgrade for BackfillShareIndex<T> {
	fn on_runtime_upgrade() -> Weight {
		let mut reads: u64 = 0;
		let mut writes: u64 = 0;
		let mut payable = BTreeMap::new();
		for (project, version, snapshot) in Snapshots::<T>::iter() {
			reads.saturating_inc();
			for (id, share) in snapshot.shares.iter() {
				SnapshotShares::<T>::insert((project, version), id, share);
				writes.saturating_inc();
			}
			Self::note_payable(&mut payable, project, version, &snapshot);
		}
		for (project, version) in payable {
			LatestPayableSnapshot::<T>::insert(project, version);
			writes.saturating_inc();
		}
		log::info!(
			target: "runtime::scoring",
			"migration v2: share index backfilled ({reads} reads, {writes} writes)",
		);
		T::DbWeight::get().reads_writes(reads, writes)
	}

	/// Records how many snapshots there are and which version of each project must end up
	/// payable.
	#[cfg(feature = "try-runtime")]
	fn pre_upgrade() -> Result<Vec<u8>, frame::try_runtime::TryRuntimeError> {
		let mut snapshots: u32 = 0;
		let mut payable = BTreeMap::new();
		for (project, version, snapshot) in Snapshots::<T>::iter() {
			snapshots.saturating_inc();
			Self::note_payable(&mut payable, project, version, &snapshot);
		}
		Ok((snapshots, payable).encode())
	}

	/// Checks that no snapshot was lost, that every snapshot's shares are in the index, and
	/// that each project's payable version is the one recorded before.
	#[cfg(feature = "try-runtime")]
	fn post_upgrade(state: Vec<u8>) -> Result<(), frame::try_runtime::TryRuntimeError> {
		let (snapshots, payable): (u32, BTreeMap<ProjectId, SnapshotVersion>) =
			Decode::decode(&mut &state[..])
				.map_err(|_| "migration v2: pre-upgrade state does not decode")?;
		ensure!(
			Snapshots::<T>::iter_keys().count() as u32 == snapshots,
			"migration v2: the number of snapshots changed"
		);
		for (project, version, snapshot) in Snapshots::<T>::iter() {
			ensure!(
				snapshot
					.shares
					.iter()
					.all(|(id, share)| SnapshotShares::<T>::get((project, version), id)
						== Some(*share)),
				"migration v2: a share is missing from the index"
			);
		}
		for (project, version) in payable {
			ensure!(
				LatestPayableSnapshot::<T>::get(project) == version,
				"migration v2: wrong latest payable snapshot"
			);
		}
		ensure!(
			Pallet::<T>::on_chain_storage_version() == 2,
			"migration v2: storage version not 2"
		);
		Ok(())
	}
}

/// Storage version 1 → 2 of the scoring pallet: [`BackfillShareIndex`], run only when the
/// on-chain version is 1, then the version set to 2.
pub type MigrateV1ToV2<T> = VersionedMigration<
	1,
	2,
	BackfillShareIndex<T>,
	Pallet<T>,
	<T as frame_system::Config>::DbWeight,
>;
