//! The pallet's invariants, checked by `try_state` and after every unit test, one function
//! each.

use alloc::collections::{BTreeMap, BTreeSet};
use attribution_primitives::{
	check, cid::content_key, contribution::ContributionStatus, project::Membership,
};
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	AffectedBy, BalanceOf, Children, Commitments, Config, ContributionByContent, Contributions,
	ContributionsByAuthor, ContributionsByProject, FrontierBounds, FrontierQueue, HoldReason,
	Members, Motions, NextContributionId, NextProjectId, NoDerivatives, OrderedId, Pallet,
	ProjectAuthors, Projects, ProjectsByOwner, Settled, WithdrawalRequests,
};

/// Holds expected per account and [`HoldReason`] (by its index in [`REASONS`]).
type ExpectedHolds<T> = BTreeMap<(<T as frame_system::Config>::AccountId, u8), BalanceOf<T>>;

/// The hold reasons, in the order [`ExpectedHolds`] indexes them.
const REASONS: [HoldReason; 4] = [
	HoldReason::ProjectDeposit,
	HoldReason::ContributionDeposit,
	HoldReason::MotionDeposit,
	HoldReason::CommitmentDeposit,
];

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Ids: every project and contribution id is below its `Next*Id` counter.
	/// 2. The DAG: every parent of a contribution exists, has a smaller id (so the graph is
	///    acyclic), and the `Children` index holds exactly the parent → child edges.
	/// 3. Indexes both ways: `ContributionsByAuthor`, `ContributionsByProject`,
	///    `ContributionByContent` (by each CID's multihash), `Settled` (the active contributions
	///    not marked affected),
	///    `ProjectAuthors` (per project and author, the number of accepted contributions: active
	///    or withdrawn) and `ProjectsByOwner` hold exactly the entries the records
	///    imply; motions and contributions belong to existing projects.
	/// 4. Counts: each project's `contribution_count` and `member_count` match the indexes;
	///    open projects have no members, consortia at least one.
	/// 5. Pending approvals only use the bits of existing authors, and not all of them.
	/// 6. Deposits: every account's holds under each [`HoldReason`] equal the deposits
	///    recorded for it (projects it owns, contributions it registered, motions it opened,
	///    commitments it made),
	///    accounts with no record included (zero), so a hold whose record is gone is caught.
	///    Accounts are those `frame_system` stores, where the runtime's balances live.
	/// 7. Motions: each belongs to a consortium and has seen no more member removals than it
	///    had; its ayes are distinct, and members of it unless a member was removed since the
	///    motion's last vote (that vote's successor drops them before counting).
	/// 8. Withdrawal requests: each is for an active contribution, uses only the bits of its
	///    authors, at least one, and its authors hold at most half of the shares (more would
	///    have withdrawn it).
	/// 9. `NoDerivatives` holds exactly the contributions whose terms forbid derivatives.
	/// 10. Affected marks are sound: each names an existing contribution and a withdrawn one
	///     of a smaller id (an ancestor is older), and each marked contribution has a parent
	///     that is withdrawn or marked.
	/// 11. The walk's queue holds exactly the positions between its bounds, each item a
	///     contribution that is withdrawn or marked (or a marked pending one removed since),
	///     with a withdrawn root, and a last walked child that is one of its children (or a
	///     pending child removed since).
	/// 12. Once the walk's queue is empty the marks are complete: every contribution with a
	///     withdrawn or marked parent is marked.
	pub fn do_try_state() -> Result<(), &'static str> {
		Self::try_state_ids()?;
		Self::try_state_dag()?;
		Self::try_state_indexes()?;
		Self::try_state_counts()?;
		Self::try_state_approvals()?;
		Self::try_state_holds()?;
		Self::try_state_motions()?;
		Self::try_state_withdrawal_requests()?;
		Self::try_state_no_derivatives()?;
		Self::try_state_affected_marks()?;
		Self::try_state_frontier_queue()?;
		Self::try_state_affected_complete()
	}

	/// Whether contribution `id` is withdrawn.
	fn is_withdrawn(id: u64) -> bool {
		Contributions::<T>::get(id)
			.is_some_and(|c| matches!(c.status, ContributionStatus::Withdrawn { .. }))
	}

	/// Whether contribution `id` has a parent that is withdrawn or marked affected.
	fn has_tainted_parent(id: u64) -> bool {
		Contributions::<T>::get(id).is_some_and(|c| {
			c.parents.iter().any(|p| Self::is_withdrawn(*p) || AffectedBy::<T>::contains_key(p))
		})
	}

	/// Invariant 10.
	fn try_state_affected_marks() -> Result<(), &'static str> {
		for (id, root) in AffectedBy::<T>::iter() {
			check(Contributions::<T>::contains_key(id), "10: mark of an unknown contribution")?;
			check(root < id && Self::is_withdrawn(root), "10: mark names no withdrawn ancestor")?;
			check(Self::has_tainted_parent(id), "10: marked with no withdrawn or marked parent")?;
		}
		Ok(())
	}

	/// Invariant 11.
	fn try_state_frontier_queue() -> Result<(), &'static str> {
		let (head, tail) = FrontierBounds::<T>::get();
		check(head <= tail, "11: queue bounds crossed")?;
		let mut items = 0u64;
		for (position, item) in FrontierQueue::<T>::iter() {
			items += 1;
			check(head <= position && position < tail, "11: queue item outside its bounds")?;
			check(
				Self::is_withdrawn(item.node)
					|| AffectedBy::<T>::contains_key(item.node)
					|| !Contributions::<T>::contains_key(item.node),
				"11: queued contribution neither withdrawn nor marked",
			)?;
			check(Self::is_withdrawn(item.root), "11: queue item's root is not withdrawn")?;
			check(
				item.after.is_none_or(|c| {
					Children::<T>::contains_key(item.node, OrderedId(c))
						|| !Contributions::<T>::contains_key(c)
				}),
				"11: queue item's last child is not a child",
			)?;
		}
		check(items == tail - head, "11: queue misses a position between its bounds")
	}

	/// Invariant 12.
	fn try_state_affected_complete() -> Result<(), &'static str> {
		if Self::propagation_pending() {
			return Ok(());
		}
		for id in Contributions::<T>::iter_keys() {
			check(
				AffectedBy::<T>::contains_key(id) || !Self::has_tainted_parent(id),
				"12: walk ended with a descendant of withdrawn work unmarked",
			)?;
		}
		Ok(())
	}

	/// Invariant 9.
	fn try_state_no_derivatives() -> Result<(), &'static str> {
		for (id, c) in Contributions::<T>::iter() {
			check(
				NoDerivatives::<T>::contains_key(id) != c.licence.derivatives_allowed,
				"9: NoDerivatives disagrees with a contribution's terms",
			)?;
		}
		check(
			NoDerivatives::<T>::iter_keys().all(|id| Contributions::<T>::contains_key(id)),
			"9: NoDerivatives names no contribution",
		)
	}

	/// Invariant 8.
	fn try_state_withdrawal_requests() -> Result<(), &'static str> {
		for (id, asked) in WithdrawalRequests::<T>::iter() {
			let c = Contributions::<T>::get(id).ok_or("8: a request for no contribution")?;
			check(c.status == ContributionStatus::Active, "8: a request for an inactive one")?;
			let authors = c.authors.len() as u32;
			check(
				asked != 0 && asked.checked_shr(authors).unwrap_or(0) == 0,
				"8: request bits beyond its authors",
			)?;
			let support = Self::withdrawal_support(&c, asked);
			check(!Self::withdraws(support), "8: a majority asked, not withdrawn")?;
		}
		Ok(())
	}

	/// Invariant 1.
	fn try_state_ids() -> Result<(), &'static str> {
		let next_project = NextProjectId::<T>::get();
		check(
			Projects::<T>::iter_keys().all(|id| id < next_project),
			"1: project id at or above NextProjectId",
		)?;
		let next_contribution = NextContributionId::<T>::get();
		check(
			Contributions::<T>::iter_keys().all(|id| id < next_contribution),
			"1: contribution id at or above NextContributionId",
		)
	}

	/// Invariant 2.
	fn try_state_dag() -> Result<(), &'static str> {
		let mut edges = 0usize;
		for (id, c) in Contributions::<T>::iter() {
			for parent in c.parents.iter() {
				check(*parent < id, "2: a parent does not precede its child")?;
				check(Contributions::<T>::contains_key(parent), "2: a parent does not exist")?;
				check(
					Children::<T>::contains_key(parent, OrderedId(id)),
					"2: Children misses an edge",
				)?;
				edges += 1;
			}
		}
		check(Children::<T>::iter().count() == edges, "2: Children has edges no record implies")
	}

	/// Invariant 3.
	fn try_state_indexes() -> Result<(), &'static str> {
		for (id, p) in Projects::<T>::iter() {
			check(
				ProjectsByOwner::<T>::contains_key(&p.owner, OrderedId(id)),
				"3: owner index misses a project",
			)?;
		}
		for (owner, OrderedId(id), ()) in ProjectsByOwner::<T>::iter() {
			check(
				Projects::<T>::get(id).is_some_and(|p| p.owner == owner),
				"3: stale owner index entry",
			)?;
		}
		check(
			Motions::<T>::iter_keys().all(|(project, _)| Projects::<T>::contains_key(project)),
			"3: motion of an unknown project",
		)?;

		let mut author_entries = 0usize;
		let mut contributions = 0usize;
		let mut settled = 0usize;
		let mut project_authors: BTreeMap<(u64, T::AccountId), u32> = BTreeMap::new();
		for (id, c) in Contributions::<T>::iter() {
			contributions += 1;
			check(Projects::<T>::contains_key(c.project), "3: contribution of an unknown project")?;
			for (author, _) in c.authors.iter() {
				check(
					ContributionsByAuthor::<T>::contains_key(author, OrderedId(id)),
					"3: author index misses an entry",
				)?;
				author_entries += 1;
			}
			check(
				ContributionsByProject::<T>::contains_key(c.project, OrderedId(id)),
				"3: project index misses an entry",
			)?;
			let content = content_key(&c.cid).map_err(|_| "3: a stored CID is invalid")?;
			check(
				ContributionByContent::<T>::get(content) == Some(id),
				"3: content index misses an entry",
			)?;
			let active =
				c.status == ContributionStatus::Active && !AffectedBy::<T>::contains_key(id);
			check(Settled::<T>::contains_key(id) == active, "3: Settled differs from status")?;
			settled += usize::from(active);
			if !matches!(c.status, ContributionStatus::Pending { .. }) {
				for (author, _) in c.authors.iter() {
					*project_authors.entry((c.project, author.clone())).or_default() += 1;
				}
			}
		}
		check(
			ContributionsByAuthor::<T>::iter().count() == author_entries,
			"3: stale author index entry",
		)?;
		check(
			ContributionsByProject::<T>::iter().count() == contributions,
			"3: stale project index entry",
		)?;
		check(
			ContributionByContent::<T>::iter().count() == contributions,
			"3: stale content index entry",
		)?;
		check(Settled::<T>::iter().count() == settled, "3: stale Settled entry")?;
		let stored_authors: BTreeMap<(u64, T::AccountId), u32> =
			ProjectAuthors::<T>::iter().map(|(p, who, n)| ((p, who), n)).collect();
		check(stored_authors == project_authors, "3: ProjectAuthors differs from the records")
	}

	/// Invariant 4.
	fn try_state_counts() -> Result<(), &'static str> {
		let mut contributions: BTreeMap<u64, u32> = BTreeMap::new();
		for c in Contributions::<T>::iter_values() {
			*contributions.entry(c.project).or_default() += 1;
		}
		for (id, p) in Projects::<T>::iter() {
			check(
				contributions.get(&id).copied().unwrap_or_default() == p.contribution_count,
				"4: contribution_count differs",
			)?;
			let members = Members::<T>::iter_prefix(id).count() as u32;
			check(members == p.member_count, "4: member_count differs from Members")?;
			match p.membership {
				Membership::Open => check(members == 0, "4: open project with members")?,
				Membership::Consortium => check(members >= 1, "4: empty consortium")?,
			}
		}
		Ok(())
	}

	/// Invariant 5.
	fn try_state_approvals() -> Result<(), &'static str> {
		for c in Contributions::<T>::iter_values() {
			if let ContributionStatus::Pending { approvals, .. } = c.status {
				let everyone = u32::MAX >> (32u32.saturating_sub(c.authors.len() as u32));
				check(approvals & !everyone == 0, "5: approval bit of a non-author")?;
				check(approvals != everyone, "5: fully approved contribution still pending")?;
			}
		}
		Ok(())
	}

	/// Invariant 6.
	fn try_state_holds() -> Result<(), &'static str> {
		let mut expected = ExpectedHolds::<T>::new();
		let mut expect = |who: &T::AccountId, reason: u8, amount: BalanceOf<T>| {
			let entry = expected.entry((who.clone(), reason)).or_default();
			*entry = entry.saturating_add(amount);
		};
		for p in Projects::<T>::iter_values() {
			expect(&p.owner, 0, p.deposit);
		}
		for c in Contributions::<T>::iter_values() {
			expect(&c.registrar, 1, c.deposit);
		}
		for motion in Motions::<T>::iter_values() {
			expect(&motion.proposer, 2, motion.deposit);
		}
		for commitment in Commitments::<T>::iter_values() {
			expect(&commitment.who, 3, commitment.deposit);
		}
		let mut accounts: BTreeSet<T::AccountId> =
			expected.keys().map(|(who, _)| who.clone()).collect();
		accounts.extend(frame_system::Account::<T>::iter_keys());
		for who in accounts {
			for (index, reason) in REASONS.iter().enumerate() {
				let held = T::Currency::balance_on_hold(&(*reason).into(), &who);
				let recorded =
					expected.get(&(who.clone(), index as u8)).copied().unwrap_or_default();
				check(held == recorded, "6: held deposit differs from recorded deposits")?;
			}
		}
		Ok(())
	}

	/// Invariant 7.
	fn try_state_motions() -> Result<(), &'static str> {
		for (project, _change, motion) in Motions::<T>::iter() {
			let p = Projects::<T>::get(project).ok_or("7: motion of an unknown project")?;
			check(
				p.membership == Membership::Consortium,
				"7: motion of a project that is no consortium",
			)?;
			check(
				motion.removals_seen <= p.member_removals,
				"7: motion saw more member removals than its project had",
			)?;
			let distinct: BTreeSet<&T::AccountId> = motion.ayes.iter().collect();
			check(distinct.len() == motion.ayes.len(), "7: an aye counted twice")?;
			check(
				motion.removals_seen < p.member_removals
					|| motion.ayes.iter().all(|aye| Members::<T>::contains_key(project, aye)),
				"7: an aye of a non-member",
			)?;
		}
		Ok(())
	}
}
