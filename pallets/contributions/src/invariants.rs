//! The pallet's invariants, checked by `try_state` and after every unit test.

use alloc::collections::BTreeMap;
use attribution_primitives::{check, contribution::ContributionStatus};
use frame::{prelude::*, traits::fungible::InspectHold};

use crate::{
	BalanceOf, Children, Config, ContributionByCid, Contributions, ContributionsByAuthor,
	ContributionsByProject, HoldReason, Members, Motions, NextContributionId, NextProjectId,
	OrderedId, Pallet, ProjectAuthors, Projects, ProjectsByOwner, Settled,
};

impl<T: Config> Pallet<T> {
	/// Checks every invariant:
	///
	/// 1. Ids: every project and contribution id is below its `Next*Id` counter.
	/// 2. The DAG: every parent of a contribution exists, has a smaller id (so the graph is
	///    acyclic), and the `Children` index holds exactly the parent → child edges.
	/// 3. Indexes both ways: `ContributionsByAuthor`, `ContributionsByProject`,
	///    `ContributionByCid`, `Settled`, `ProjectAuthors` (per project and author, the number of
	///    settled contributions) and `ProjectsByOwner` hold exactly the entries the records
	///    imply.
	/// 4. Counts: each project's `contribution_count` and `member_count` match the indexes;
	///    open projects have no members, consortia at least one.
	/// 5. Pending approvals only use the bits of existing authors.
	/// 6. Deposits: every account's holds under each [`HoldReason`] equal the deposits
	///    recorded for it (projects it owns, contributions it registered, motions it opened).
	pub fn do_try_state() -> Result<(), &'static str> {
		let next_project = NextProjectId::<T>::get();
		let next_contribution = NextContributionId::<T>::get();
		let mut expected_holds: BTreeMap<(T::AccountId, u8), BalanceOf<T>> = BTreeMap::new();
		let mut add_hold = |who: &T::AccountId, reason: u8, amount: BalanceOf<T>| {
			let entry = expected_holds.entry((who.clone(), reason)).or_default();
			*entry = entry.saturating_add(amount);
		};

		// Projects, owners, members.
		let mut project_contributions: BTreeMap<u64, u32> = BTreeMap::new();
		for (id, p) in Projects::<T>::iter() {
			check(id < next_project, "1: project id at or above NextProjectId")?;
			check(
				ProjectsByOwner::<T>::contains_key(&p.owner, OrderedId(id)),
				"3: owner index misses a project",
			)?;
			let members = Members::<T>::iter_prefix(id).count() as u32;
			check(members == p.member_count, "4: member_count differs from Members")?;
			match p.membership {
				attribution_primitives::project::Membership::Open => {
					check(members == 0, "4: open project with members")?
				}
				attribution_primitives::project::Membership::Consortium => {
					check(members >= 1, "4: empty consortium")?
				}
			}
			add_hold(&p.owner, 0, p.deposit);
			project_contributions.insert(id, 0);
		}
		for (owner, OrderedId(id), ()) in ProjectsByOwner::<T>::iter() {
			check(
				Projects::<T>::get(id).is_some_and(|p| p.owner == owner),
				"3: stale owner index entry",
			)?;
		}
		for (project, _change, motion) in Motions::<T>::iter() {
			check(Projects::<T>::contains_key(project), "3: motion of an unknown project")?;
			add_hold(&motion.proposer, 2, motion.deposit);
		}

		// Contributions and their indexes.
		let mut edges = 0usize;
		let mut author_entries = 0usize;
		let mut contributions = 0usize;
		let mut settled = 0usize;
		let mut project_authors: BTreeMap<(u64, T::AccountId), u32> = BTreeMap::new();
		for (id, c) in Contributions::<T>::iter() {
			contributions += 1;
			check(id < next_contribution, "1: contribution id at or above NextContributionId")?;
			for parent in c.parents.iter() {
				check(*parent < id, "2: a parent does not precede its child")?;
				check(Contributions::<T>::contains_key(parent), "2: a parent does not exist")?;
				check(
					Children::<T>::contains_key(parent, OrderedId(id)),
					"2: Children misses an edge",
				)?;
				edges += 1;
			}
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
			check(ContributionByCid::<T>::get(&c.cid) == Some(id), "3: CID index misses an entry")?;
			let count = project_contributions
				.get_mut(&c.project)
				.ok_or("3: contribution of an unknown project")?;
			*count += 1;
			let pending = matches!(c.status, ContributionStatus::Pending { .. });
			check(Settled::<T>::contains_key(id) != pending, "3: Settled differs from status")?;
			if !pending {
				settled += 1;
				for (author, _) in c.authors.iter() {
					*project_authors.entry((c.project, author.clone())).or_default() += 1;
				}
			}
			if let ContributionStatus::Pending { approvals, .. } = c.status {
				let everyone = u32::MAX >> (32u32.saturating_sub(c.authors.len() as u32));
				check(approvals & !everyone == 0, "5: approval bit of a non-author")?;
				check(approvals != everyone, "5: fully approved contribution still pending")?;
			}
			add_hold(&c.registrar, 1, c.deposit);
		}
		check(Children::<T>::iter().count() == edges, "2: Children has edges no record implies")?;
		check(
			ContributionsByAuthor::<T>::iter().count() == author_entries,
			"3: stale author index entry",
		)?;
		check(
			ContributionsByProject::<T>::iter().count() == contributions,
			"3: stale project index entry",
		)?;
		check(ContributionByCid::<T>::iter().count() == contributions, "3: stale CID index entry")?;
		check(Settled::<T>::iter().count() == settled, "3: stale Settled entry")?;
		let stored_authors: BTreeMap<(u64, T::AccountId), u32> =
			ProjectAuthors::<T>::iter().map(|(p, who, n)| ((p, who), n)).collect();
		check(stored_authors == project_authors, "3: ProjectAuthors differs from the records")?;
		for (id, p) in Projects::<T>::iter() {
			check(
				project_contributions.get(&id) == Some(&p.contribution_count),
				"4: contribution_count differs",
			)?;
		}

		// Holds equal recorded deposits.
		let reasons = [
			HoldReason::ProjectDeposit,
			HoldReason::ContributionDeposit,
			HoldReason::MotionDeposit,
		];
		let mut accounts: alloc::collections::BTreeSet<T::AccountId> =
			expected_holds.keys().map(|(who, _)| who.clone()).collect();
		accounts.extend(ProjectsByOwner::<T>::iter_keys().map(|(who, _)| who));
		for who in accounts {
			for (index, reason) in reasons.iter().enumerate() {
				let held = T::Currency::balance_on_hold(&(*reason).into(), &who);
				let expected =
					expected_holds.get(&(who.clone(), index as u8)).copied().unwrap_or_default();
				check(held == expected, "6: held deposit differs from recorded deposits")?;
			}
		}
		Ok(())
	}
}
