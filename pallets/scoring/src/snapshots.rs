//! Final results: score snapshots (versioned per project, in the order rounds were opened)
//! and measurements' final values.

use alloc::vec::Vec;
use attribution_primitives::{
	score::{MeasurementOutcome, ScoreSnapshot},
	traits::{ContributionRegistry, ScoreProvider, SnapshotUsage},
	ContributionId, ProjectId, RoundId, SnapshotVersion,
};
use frame::{
	prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};

use crate::{
	aggregation, Config, Consensus, Error, Event, HoldReason, LatestPayableSnapshot,
	LatestSnapshot, MeasurementOutcomes, Pallet, Reveals, RoundOf, RoundPhase, RoundResult, Rounds,
	SlashReason, SnapshotOf, SnapshotShares, Snapshots,
};

impl<T: Config> Pallet<T> {
	/// Makes `round`'s undisputed result final after its dispute window; returns the
	/// commitments it cleared and the shares it stored (one for a measurement's value), the
	/// components of its weight.
	pub(crate) fn do_finalize(round: RoundId) -> Result<(u32, u32), DispatchError> {
		let record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
		let RoundPhase::Aggregated { dispute_end } = record.phase else {
			return Err(Error::<T>::NotAggregated.into());
		};
		ensure!(
			frame_system::Pallet::<T>::block_number() > dispute_end,
			Error::<T>::DisputeWindowOpen
		);
		Self::conclude(round, record, SlashReason::Outlier)
	}

	/// Makes `record`'s result final and frees its committee's stake, once the reveals
	/// outside the tolerance around its final consensus are slashed for `reason`
	/// ([`SlashReason::WrongResult`] when a re-run replaced the consensus, else
	/// [`SlashReason::Outlier`]): a re-run's result settles its parent's dispute (and the
	/// parent's result becomes final in turn); a Shapley round's becomes a snapshot; a
	/// measurement's value its final outcome. Returns the commitments and shares handled,
	/// over the whole chain of re-runs.
	pub(crate) fn conclude(
		round: RoundId,
		record: RoundOf<T>,
		reason: SlashReason,
	) -> Result<(u32, u32), DispatchError> {
		let commitments = record.commits;
		Self::slash_outside_consensus(round, &record, reason);
		Self::release_commitments(round);
		if let Some(parent) = record.parent {
			let consensus = Consensus::<T>::get(round);
			Self::release_deposit(&record)?;
			Self::clear_round(round, &record);
			let (more, shares) = Self::settle_dispute(parent, round, record.result, consensus)?;
			return Ok((commitments.saturating_add(more), shares));
		}
		match record.result.clone() {
			Some(RoundResult::Shares { shares, clipped }) => {
				let stored = shares.len() as u32;
				Self::store_snapshot(round, record, shares, clipped)?;
				Ok((commitments, stored))
			}
			Some(RoundResult::Value(median)) => {
				Self::release_deposit(&record)?;
				MeasurementOutcomes::<T>::insert(
					round,
					MeasurementOutcome::Final { median, reveals: record.reveals },
				);
				Self::clear_round(round, &record);
				Self::deposit_event(Event::MeasurementFinalized { measurement: round, median });
				Ok((commitments, 1))
			}
			None => Err(Error::<T>::NotAggregated.into()),
		}
	}

	/// Slashes every reveal of `round` outside its tolerance around its final consensus, by
	/// the part of the stake its commitment assigned that `reason` takes.
	fn slash_outside_consensus(round: RoundId, record: &RoundOf<T>, reason: SlashReason) {
		let part = match reason {
			SlashReason::WrongResult => T::WrongResultSlash::get(),
			_ => T::OutlierSlash::get(),
		};
		let consensus = Consensus::<T>::get(round).unwrap_or_default();
		for (who, reveal) in Reveals::<T>::iter_prefix(round) {
			if aggregation::is_outlier(Self::values(&reveal), &consensus, &record.terms.tolerance) {
				Self::slash_commitment(&who, round, part, reason);
			}
		}
	}

	/// Stores a Shapley round's result as its project's next snapshot version, unless a round
	/// opened after it already produced the latest snapshot: then it is dropped and its
	/// deposit returned, so versions follow the order rounds were opened.
	fn store_snapshot(
		round: RoundId,
		record: RoundOf<T>,
		shares: BoundedVec<(ContributionId, Perbill), T::MaxPlayers>,
		clipped: BoundedVec<ContributionId, T::MaxPlayers>,
	) -> DispatchResult {
		let project = record.project;
		if let Some((_, latest)) = Self::latest_snapshot(project).filter(|(_, s)| s.round > round) {
			Self::release_deposit(&record)?;
			Self::clear_round(round, &record);
			Self::deposit_event(Event::RoundSuperseded { round, by: latest.round });
			return Ok(());
		}
		let version =
			LatestSnapshot::<T>::get(project).checked_add(1).ok_or(ArithmeticError::Overflow)?;
		for (id, share) in shares.iter() {
			SnapshotShares::<T>::insert((project, version), id, share);
		}
		if shares.iter().any(|(_, share)| !share.is_zero()) {
			LatestPayableSnapshot::<T>::insert(project, version);
		}
		Snapshots::<T>::insert(
			project,
			version,
			ScoreSnapshot {
				round,
				shares,
				clipped,
				finalized_at: frame_system::Pallet::<T>::block_number(),
				depositor: record.opener.clone(),
				deposit: record.deposit,
			},
		);
		LatestSnapshot::<T>::insert(project, version);
		Self::clear_round(round, &record);
		Self::deposit_event(Event::SnapshotFinalized { project, version, round });
		Ok(())
	}

	/// Removes `project`'s superseded snapshot `version` and releases its deposit to `who`,
	/// its depositor.
	pub(crate) fn do_prune_snapshot(
		who: T::AccountId,
		project: ProjectId,
		version: SnapshotVersion,
	) -> Result<u32, DispatchError> {
		let snapshot = Snapshots::<T>::get(project, version).ok_or(Error::<T>::UnknownSnapshot)?;
		ensure!(snapshot.depositor == who, Error::<T>::NotDepositor);
		ensure!(
			LatestSnapshot::<T>::get(project) != version
				&& LatestPayableSnapshot::<T>::get(project) != version,
			Error::<T>::LatestSnapshot
		);
		ensure!(!T::SnapshotUsage::in_use(project, version), Error::<T>::SnapshotInUse);
		T::Currency::release(
			&HoldReason::RoundDeposit.into(),
			&who,
			snapshot.deposit,
			Precision::Exact,
		)?;
		for (id, _) in snapshot.shares.iter() {
			SnapshotShares::<T>::remove((project, version), id);
		}
		Snapshots::<T>::remove(project, version);
		Self::deposit_event(Event::SnapshotPruned { project, version });
		Ok(snapshot.shares.len() as u32)
	}

	/// The latest final snapshot of `project`, if any.
	pub fn latest_snapshot(project: ProjectId) -> Option<(SnapshotVersion, SnapshotOf<T>)> {
		let version = LatestSnapshot::<T>::get(project);
		Snapshots::<T>::get(project, version).map(|s| (version, s))
	}

	/// Stores a final snapshot of `project` scoring `shares` as its next version, payable,
	/// without a round (benchmarks of other pallets need snapshots of any size: the share
	/// index takes every share, the record the first `MaxPlayers`).
	#[cfg(feature = "runtime-benchmarks")]
	pub fn benchmark_snapshot(
		project: ProjectId,
		depositor: T::AccountId,
		shares: impl Iterator<Item = (ContributionId, Perbill)>,
	) -> SnapshotVersion {
		let version = LatestSnapshot::<T>::get(project).saturating_add(1);
		let mut record = Vec::new();
		for (id, share) in shares {
			SnapshotShares::<T>::insert((project, version), id, share);
			if record.len() < T::MaxPlayers::get() as usize {
				record.push((id, share));
			}
		}
		Snapshots::<T>::insert(
			project,
			version,
			ScoreSnapshot {
				round: 0,
				shares: BoundedVec::truncate_from(record),
				clipped: BoundedVec::new(),
				finalized_at: frame_system::Pallet::<T>::block_number(),
				depositor,
				deposit: Zero::zero(),
			},
		);
		LatestSnapshot::<T>::insert(project, version);
		LatestPayableSnapshot::<T>::insert(project, version);
		version
	}

	/// Splits a snapshot's shares among each contribution's authors, by their shares in
	/// the registry: `(account, share of the project)` per author and contribution.
	pub fn author_splits(snapshot: &SnapshotOf<T>) -> Vec<(ContributionId, T::AccountId, Perbill)> {
		snapshot
			.shares
			.iter()
			.flat_map(|(id, share)| {
				T::Registry::authors(*id)
					.into_iter()
					.map(move |(author, part)| (*id, author, part * *share))
			})
			.collect()
	}
}

impl<T: Config> ScoreProvider for Pallet<T> {
	fn latest_final_scores(
		project: ProjectId,
	) -> Option<(SnapshotVersion, Vec<(ContributionId, Perbill)>)> {
		Self::latest_snapshot(project).map(|(v, s)| (v, s.shares.into_inner()))
	}

	fn latest_payable_version(project: ProjectId) -> Option<SnapshotVersion> {
		Some(LatestPayableSnapshot::<T>::get(project)).filter(|v| *v > 0)
	}

	fn share_of(
		project: ProjectId,
		version: SnapshotVersion,
		contribution: ContributionId,
	) -> Option<Perbill> {
		SnapshotShares::<T>::get((project, version), contribution)
	}
}
