//! Read-only queries behind the runtime API: what an account can claim and claimed, its
//! licences, a project's earnings.
//!
//! Every query is paged or capped, so that nobody can make a node do unbounded work by
//! owning many contributions or licences: an account's claimable entries are walked at most
//! [`MAX_CLAIM_SCAN`] at a time (from a [`ClaimCursor`]), what it earned and claimed is
//! summed over at most [`MAX_TRACK_RECORD_SCAN`] entries and listed for at most
//! [`MAX_TRACK_RECORD_SCORES`] contributions, and lists come in pages of at most
//! [`MAX_PAGE_SIZE`].

use alloc::{collections::BTreeMap, vec::Vec};
use attribution_primitives::{
	api::{
		ClaimCursor, ClaimablePage, ContributionScore, EarningsPage, MAX_CLAIM_SCAN, MAX_PAGE_SIZE,
		MAX_TRACK_RECORD_SCAN, MAX_TRACK_RECORD_SCORES,
	},
	payout::{Accrual, Claimable, LicenceId},
	traits::{ContributionRegistry, ScoreProvider},
	ContributionId, ProjectId, SnapshotVersion,
};
use core::ops::ControlFlow;
use frame::prelude::*;

use crate::{
	distribution::entitlement, Accruals, BalanceOf, Config, LicenceOf, Licences, LicencesByHolder,
	Paid, Pallet, Undistributed,
};

/// One claimable entry of an account: a snapshot of a project that money was distributed to,
/// and a contribution of that project the account is an author of.
struct Entry<Balance> {
	project: ProjectId,
	version: SnapshotVersion,
	contribution: ContributionId,
	/// The account's part of the contribution.
	author_share: Perbill,
	/// What was distributed to the snapshot and claimed of it.
	accrual: Accrual<Balance>,
}

/// Contribution ids a walk over an account's entries reads from the index at a time: a page
/// that fills up after a few contributions reads few ids it does not use.
const CONTRIBUTION_BATCH: u32 = 64;

/// A page size asked for, made 1 to [`MAX_PAGE_SIZE`] (a page of none would never go on).
fn page_size(limit: u32) -> u32 {
	limit.clamp(1, MAX_PAGE_SIZE)
}

impl<T: Config> Pallet<T> {
	/// Walks `who`'s claimable entries from `from` (contributions in id order, each one's
	/// snapshot versions in storage order), examining at most `budget` entries: each
	/// contribution counts one, each snapshot version one. `visit` sees each entry and may
	/// stop the walk before it (the next walk starts with that entry). Returns where the walk
	/// stopped, or `None` if it reached the end.
	fn walk_entries(
		who: &T::AccountId,
		from: Option<ClaimCursor>,
		mut budget: u32,
		mut visit: impl FnMut(Entry<BalanceOf<T>>) -> ControlFlow<()>,
	) -> Option<ClaimCursor> {
		let mut start_after = from.and_then(|c| c.contribution.checked_sub(1));
		loop {
			let batch = T::Registry::contributions_of(
				who,
				start_after,
				budget.clamp(1, CONTRIBUTION_BATCH),
			);
			let last = *batch.last()?;
			for contribution in batch {
				if budget == 0 {
					return Some(ClaimCursor { contribution, after_version: None });
				}
				budget -= 1;
				let Some(info) = T::Registry::contribution_info(contribution) else { continue };
				let Some(author_share) = Self::author_share(contribution, who) else { continue };
				let project = info.project;
				let mut after_version =
					from.filter(|c| c.contribution == contribution).and_then(|c| c.after_version);
				let versions = match after_version {
					Some(after) => Accruals::<T>::iter_prefix_from(
						project,
						Accruals::<T>::hashed_key_for(project, after),
					),
					None => Accruals::<T>::iter_prefix(project),
				};
				for (version, accrual) in versions {
					if budget == 0 {
						return Some(ClaimCursor { contribution, after_version });
					}
					budget -= 1;
					let entry = Entry { project, version, contribution, author_share, accrual };
					if visit(entry).is_break() {
						return Some(ClaimCursor { contribution, after_version });
					}
					after_version = Some(version);
				}
			}
			start_after = Some(last);
		}
	}

	/// One page of what `who` can claim now, per snapshot and contribution: at most `limit`
	/// items (1 to [`MAX_PAGE_SIZE`]) from `from`, examining at most [`MAX_CLAIM_SCAN`]
	/// entries. A page may hold fewer items and still have a `next`.
	pub fn claimable(
		who: &T::AccountId,
		from: Option<ClaimCursor>,
		limit: u32,
	) -> ClaimablePage<BalanceOf<T>> {
		let limit = page_size(limit) as usize;
		let mut items = Vec::new();
		let next = Self::walk_entries(who, from, MAX_CLAIM_SCAN, |entry| {
			let Entry { project, version, contribution, author_share, accrual } = entry;
			let Some(share) = T::Scores::share_of(project, version, contribution) else {
				return ControlFlow::Continue(());
			};
			let key = (project, version, contribution);
			let (_, amount) = Self::owed(who, key, accrual.released, share, author_share);
			if amount.is_zero() {
				return ControlFlow::Continue(());
			}
			if items.len() >= limit {
				// The page is full: this item starts the next one.
				return ControlFlow::Break(());
			}
			items.push(Claimable { project, version, contribution, amount });
			ControlFlow::Continue(())
		});
		ClaimablePage { items, next }
	}

	/// `who`'s earnings as an author: what it claimed in all, and per contribution (its first
	/// [`MAX_TRACK_RECORD_SCORES`], in id order) the share it has in its project's latest
	/// payable snapshot and what `who` earned and claimed through it. Earnings are summed
	/// over `who`'s first [`MAX_TRACK_RECORD_SCAN`] entries; the flag says whether anything
	/// lay beyond either limit.
	pub fn contribution_scores(
		who: &T::AccountId,
	) -> (BalanceOf<T>, Vec<ContributionScore<BalanceOf<T>>>, bool) {
		let mut claimed_total: BalanceOf<T> = Zero::zero();
		let mut earnings: BTreeMap<ContributionId, (BalanceOf<T>, BalanceOf<T>)> = BTreeMap::new();
		let rest = Self::walk_entries(who, None, MAX_TRACK_RECORD_SCAN, |entry| {
			let key = (entry.project, entry.version, entry.contribution);
			let claimed = Paid::<T>::get(key, who);
			let earned = T::Scores::share_of(entry.project, entry.version, entry.contribution)
				.map(|share| entitlement(entry.accrual.released, share, entry.author_share))
				.unwrap_or_default();
			claimed_total = claimed_total.saturating_add(claimed);
			let sums = earnings.entry(entry.contribution).or_default();
			*sums = (sums.0.saturating_add(earned), sums.1.saturating_add(claimed));
			ControlFlow::Continue(())
		});
		let ids =
			T::Registry::contributions_of(who, None, MAX_TRACK_RECORD_SCORES.saturating_add(1));
		let more = ids.len() as u32 > MAX_TRACK_RECORD_SCORES;
		let scores = ids
			.into_iter()
			.take(MAX_TRACK_RECORD_SCORES as usize)
			.filter_map(|contribution| {
				let project = T::Registry::contribution_info(contribution)?.project;
				let version = T::Scores::latest_payable_version(project);
				let share = version.and_then(|v| T::Scores::share_of(project, v, contribution));
				let (earned, claimed) = earnings.get(&contribution).copied().unwrap_or_default();
				Some(ContributionScore { contribution, project, version, share, earned, claimed })
			})
			.collect();
		(claimed_total, scores, rest.is_some() || more)
	}

	/// What `project` earned: at most `limit` snapshot versions (1 to [`MAX_PAGE_SIZE`]) after
	/// `start_after`, in storage order, and what waits for its first payable snapshot.
	pub fn earnings(
		project: ProjectId,
		start_after: Option<SnapshotVersion>,
		limit: u32,
	) -> EarningsPage<BalanceOf<T>> {
		let accruals = match start_after {
			Some(after) => Accruals::<T>::iter_prefix_from(
				project,
				Accruals::<T>::hashed_key_for(project, after),
			),
			None => Accruals::<T>::iter_prefix(project),
		};
		let (snapshots, next) = one_page(accruals, limit, |(version, _)| *version);
		EarningsPage { snapshots, undistributed: Undistributed::<T>::get(project), next }
	}

	/// The licences `who` holds: at most `limit` (1 to [`MAX_PAGE_SIZE`]) after `start_after`,
	/// in storage order.
	pub fn licences_of(
		who: &T::AccountId,
		start_after: Option<LicenceId>,
		limit: u32,
	) -> Vec<(LicenceId, LicenceOf<T>)> {
		let ids = match start_after {
			Some(after) => LicencesByHolder::<T>::iter_key_prefix_from(
				who,
				LicencesByHolder::<T>::hashed_key_for(who, after),
			),
			None => LicencesByHolder::<T>::iter_key_prefix(who),
		};
		ids.take(page_size(limit) as usize)
			.filter_map(|id| Licences::<T>::get(id).map(|l| (id, l)))
			.collect()
	}
}

/// Up to `limit` (1 to [`MAX_PAGE_SIZE`]) items of `items`, and the key of the last one if
/// more follow (one item more is read to know).
fn one_page<I: Iterator, K>(
	items: I,
	limit: u32,
	key: impl Fn(&I::Item) -> K,
) -> (Vec<I::Item>, Option<K>) {
	let limit = page_size(limit) as usize;
	let mut page: Vec<I::Item> = items.take(limit.saturating_add(1)).collect();
	if page.len() > limit {
		page.truncate(limit);
		let next = page.last().map(&key);
		return (page, next);
	}
	(page, None)
}
