//! Benchmarks of the contributions pallet (frame-benchmarking v2).

use super::*;
use alloc::vec::Vec;
use attribution_primitives::{
	contribution::{ContributionKind, ContributionStatus},
	licence::{Licence, LicenceTerms},
	project::{EvaluatorPolicy, Membership},
};
use frame::{
	benchmarking::prelude::*,
	traits::fungible::{Inspect, Mutate},
};
use polkadot_sdk::sp_core::H256;

/// Counts `who`'s `System::Account` as already accessed, as `whitelisted_caller`'s is: a signed
/// call's transaction extensions read and write the signer's account (nonce, fee) before the
/// call runs, and the extensions' weight pays for that.
fn whitelist_signer<T: Config>(who: &T::AccountId) {
	add_to_whitelist(frame_system::Account::<T>::hashed_key_for(who).into());
}

fn licence() -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(b"Apache-2.0 OR MIT".to_vec().try_into().expect("short")),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::from_percent(5),
	}
}

fn policy<T: Config>() -> EvaluatorPolicyOf<T> {
	EvaluatorPolicy {
		committee: 3,
		min_stake: Zero::zero(),
		commit_period: 10u32.into(),
		reveal_period: 10u32.into(),
		dispute_period: 10u32.into(),
	}
}

/// A funded account.
fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_add(T::ProjectDeposit::get())
		.saturating_add(T::MotionDeposit::get())
		.saturating_add(T::ContributionDepositBase::get())
		.saturating_add(T::DepositPerIndexEntry::get().saturating_mul(100u32.into()))
		.saturating_add(T::DepositPerByte::get().saturating_mul(100_000u32.into()));
	let _ = T::Currency::set_balance(&who, amount.saturating_mul(4u32.into()));
	who
}

/// A CIDv1 (raw, sha2-512: the longest digest accepted) unique per `n`.
fn cid(n: u32) -> Vec<u8> {
	let mut bytes = alloc::vec![0x01, 0x55, 0x13, 0x40];
	let mut digest = [0u8; 64];
	digest[..4].copy_from_slice(&n.to_le_bytes());
	bytes.extend_from_slice(&digest);
	bytes
}

/// The tag of `cid`'s content.
fn tag_of(cid: &[u8]) -> H256 {
	let content = attribution_primitives::cid::content_key(cid).expect("a valid CID");
	commitments::registration_tag(&content)
}

/// Commitments to `cids`' content by other accounts (one each), all expired: what
/// `commit_registration`, `expire_commitment` and the removal of a pending registration burn
/// (a write of the squatter's account, its holds and the total issuance).
fn squatted<T: Config>(cids: &[Vec<u8>]) {
	for (i, cid) in cids.iter().enumerate() {
		let squatter = funded::<T>("squatter", i as u32);
		Pallet::<T>::commit_registration(RawOrigin::Signed(squatter).into(), tag_of(cid))
			.expect("a funded account commits");
	}
	let later = frame_system::Pallet::<T>::block_number()
		.saturating_add(T::RevealPeriod::get())
		.saturating_add(1u32.into());
	frame_system::Pallet::<T>::set_block_number(later);
}

/// Commitments by `who` to `cids`' content, one block before: what a registration reveals
/// (reading the commitment, removing it and releasing its deposit), the most it does under a
/// tag.
fn committed<T: Config>(who: &T::AccountId, cids: &[Vec<u8>]) {
	for cid in cids {
		Pallet::<T>::commit_registration(RawOrigin::Signed(who.clone()).into(), tag_of(cid))
			.expect("a funded account commits");
	}
	let next = frame_system::Pallet::<T>::block_number().saturating_add(1u32.into());
	frame_system::Pallet::<T>::set_block_number(next);
}

/// A new project of `owner`'s. Every benchmark that registers starts with one, so this also
/// sets the clock past genesis, as a block's timestamp inherent would have.
fn new_project<T: Config>(owner: &T::AccountId, membership: Membership) -> u64 {
	T::BenchmarkHelper::set_time_after_genesis();
	let id = NextProjectId::<T>::get();
	Pallet::<T>::create_project(
		RawOrigin::Signed(owner.clone()).into(),
		alloc::vec![b'n'; T::MaxNameLen::get() as usize],
		licence(),
		Perbill::from_percent(10),
		policy::<T>(),
		membership,
	)
	.expect("benchmark project");
	id
}

/// Registers `count` active contributions to `project` that `who` may build on at the
/// highest cost: another account's, under terms that forbid derivatives, with `who` holding a
/// licence that grants them (so that naming each as a parent reads its record and the right).
fn roots<T: Config>(who: &T::AccountId, project: u64, count: u32, offset: u32) -> Vec<u64> {
	let author: T::AccountId = account("parent-author", 0, 0);
	let _ = T::Currency::set_balance(
		&author,
		T::ContributionDepositBase::get()
			.saturating_add(T::DepositPerIndexEntry::get().saturating_mul(10u32.into()))
			.saturating_add(T::DepositPerByte::get().saturating_mul(1_000u32.into()))
			.saturating_mul(count.saturating_add(1).into())
			.saturating_add(T::Currency::minimum_balance()),
	);
	let terms = LicenceTerms { derivatives_allowed: false, ..licence() };
	(0..count)
		.map(|i| {
			let id = NextContributionId::<T>::get();
			Pallet::<T>::register_contribution(
				RawOrigin::Signed(author.clone()).into(),
				project,
				ContributionKind::Dataset,
				cid(offset + i),
				None,
				alloc::vec![(author.clone(), Perbill::one())],
				Vec::new(),
				Some(terms.clone()),
				H256::zero(),
				1,
			)
			.expect("benchmark parent");
			T::BenchmarkHelper::grant_derivatives(who, id);
			id
		})
		.collect()
}

/// `a` authors with equal shares summing to one whole, the first being `first`.
fn authors<T: Config>(first: &T::AccountId, a: u32) -> Vec<(T::AccountId, Perbill)> {
	let mut list: Vec<(T::AccountId, Perbill)> = (0..a)
		.map(|i| {
			let who = if i == 0 { first.clone() } else { funded::<T>("author", i) };
			(who, Perbill::from_rational(1u32, a))
		})
		.collect();
	let sum: u32 = list.iter().map(|(_, s)| s.deconstruct()).sum();
	let rest = Perbill::one().deconstruct() - sum;
	list[0].1 = Perbill::from_parts(list[0].1.deconstruct() + rest);
	list
}

/// A URI locator of the maximum length.
fn longest_locator() -> attribution_primitives::contribution::Locator {
	attribution_primitives::contribution::Locator::Uri(
		alloc::vec![b'u'; attribution_primitives::contribution::MAX_URI_LEN as usize]
			.try_into()
			.expect("max length"),
	)
}

/// What a registration benchmark registers with: a funded registrar, its new open project,
/// `p` parents in it and `a` authors, the registrar first.
fn registration<T: Config>(
	a: u32,
	p: u32,
) -> (T::AccountId, u64, Vec<u64>, Vec<(T::AccountId, Perbill)>) {
	let registrar = funded::<T>("registrar", 0);
	let project = new_project::<T>(&registrar, Membership::Open);
	let parents = roots::<T>(&registrar, project, p, 1_000);
	let list = authors::<T>(&registrar, a);
	(registrar, project, parents, list)
}

/// A pending contribution with `a` authors and `p` parents, registered by `first`.
fn pending<T: Config>(first: &T::AccountId, a: u32, p: u32) -> (u64, Vec<(T::AccountId, Perbill)>) {
	let project = new_project::<T>(first, Membership::Open);
	let parents = roots::<T>(first, project, p, 1_000);
	let list = authors::<T>(first, a);
	let id = NextContributionId::<T>::get();
	Pallet::<T>::register_contribution(
		RawOrigin::Signed(first.clone()).into(),
		project,
		ContributionKind::ModelCheckpoint,
		cid(0),
		None,
		list.clone(),
		parents,
		Some(licence()),
		H256::zero(),
		1,
	)
	.expect("benchmark contribution");
	(id, list)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_project() {
		let owner = funded::<T>("owner", 0);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner.clone()),
			alloc::vec![b'n'; T::MaxNameLen::get() as usize],
			licence(),
			Perbill::from_percent(10),
			policy::<T>(),
			Membership::Consortium,
		);
		assert!(Projects::<T>::contains_key(0));
	}

	#[benchmark]
	fn update_project() {
		let owner = funded::<T>("owner", 0);
		let id = new_project::<T>(&owner, Membership::Open);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			id,
			Some(alloc::vec![b'm'; T::MaxNameLen::get() as usize]),
			Some(licence()),
			Some(Perbill::from_percent(20)),
			Some(policy::<T>()),
		);
		assert_eq!(
			Projects::<T>::get(id).map(|p| p.royalty_to_parents),
			Some(Perbill::from_percent(20))
		);
	}

	#[benchmark]
	fn transfer_project_ownership() {
		let owner = funded::<T>("owner", 0);
		let new_owner = funded::<T>("owner", 1);
		let id = new_project::<T>(&owner, Membership::Open);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, new_owner.clone());
		assert_eq!(Projects::<T>::get(id).map(|p| p.owner), Some(new_owner));
	}

	#[benchmark]
	fn add_member() {
		let owner = funded::<T>("owner", 0);
		let id = new_project::<T>(&owner, Membership::Consortium);
		let member: T::AccountId = account("member", 0, 0);
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, member.clone());
		assert!(Members::<T>::contains_key(id, member));
	}

	#[benchmark]
	fn remove_member() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = new_project::<T>(&owner, Membership::Consortium);
		let member: T::AccountId = account("member", 0, 0);
		Pallet::<T>::add_member(RawOrigin::Signed(owner.clone()).into(), id, member.clone())?;
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, member.clone());
		assert!(!Members::<T>::contains_key(id, member));
		Ok(())
	}

	/// The vote that reaches the majority: opens nothing, applies the change, releases the
	/// deposit — the heaviest path. Members fill the consortium to `MaxMembers - 1`.
	#[benchmark]
	fn vote_membership() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = new_project::<T>(&owner, Membership::Consortium);
		let members: Vec<T::AccountId> =
			(1..T::MaxMembers::get().saturating_sub(1)).map(|i| funded::<T>("member", i)).collect();
		for m in &members {
			Pallet::<T>::add_member(RawOrigin::Signed(owner.clone()).into(), id, m.clone())?;
		}
		let change = MembershipChange::Add(account("newcomer", 0, 0));
		let count = Projects::<T>::get(id).map(|p| p.member_count).unwrap_or(1);
		let mut voters = core::iter::once(owner.clone()).chain(members.into_iter());
		// Everyone but the deciding voter votes first.
		let needed = count / 2 + 1;
		for _ in 1..needed {
			let voter = voters.next().ok_or(BenchmarkError::Weightless)?;
			Pallet::<T>::vote_membership(RawOrigin::Signed(voter).into(), id, change.clone())?;
		}
		let last = voters.next().ok_or(BenchmarkError::Weightless)?;
		whitelist_signer::<T>(&last);
		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, change.clone());
		assert!(Motions::<T>::get(id, &change).is_none());
		Ok(())
	}

	#[benchmark]
	fn cancel_motion() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let id = new_project::<T>(&owner, Membership::Consortium);
		for i in 1..4 {
			Pallet::<T>::add_member(
				RawOrigin::Signed(owner.clone()).into(),
				id,
				funded::<T>("member", i),
			)?;
		}
		let change = MembershipChange::Add(account("newcomer", 0, 0));
		Pallet::<T>::vote_membership(RawOrigin::Signed(owner.clone()).into(), id, change.clone())?;
		whitelist_signer::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, change.clone());
		assert!(Motions::<T>::get(id, &change).is_none());
		Ok(())
	}

	/// Registration with `a` authors (pending: the others approve later) and `p` parents, the
	/// longest CID, a URI locator of the maximum length and explicit licence terms.
	#[benchmark]
	fn register_contribution(
		a: Linear<2, { T::MaxAuthors::get() }>,
		p: Linear<0, { T::MaxParents::get() }>,
	) {
		let (registrar, project, parents, list) = registration::<T>(a, p);
		let locator = longest_locator();
		let id = NextContributionId::<T>::get();
		committed::<T>(&registrar, &[cid(0)]);
		whitelist_signer::<T>(&registrar);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(registrar),
			project,
			ContributionKind::FineTune,
			cid(0),
			Some(locator),
			list,
			parents,
			Some(licence()),
			H256::repeat_byte(1),
			u64::MAX,
		);
		assert!(Contributions::<T>::get(id)
			.is_some_and(|c| matches!(c.status, ContributionStatus::Pending { .. })));
	}

	/// Registration by its only author (active at once) with `p` parents, the longest CID, a
	/// URI locator of the maximum length and explicit licence terms.
	#[benchmark]
	fn register_own_contribution(p: Linear<0, { T::MaxParents::get() }>) {
		let (registrar, project, parents, list) = registration::<T>(1, p);
		let locator = longest_locator();
		let id = NextContributionId::<T>::get();
		committed::<T>(&registrar, &[cid(0)]);
		whitelist_signer::<T>(&registrar);
		#[extrinsic_call]
		register_contribution(
			RawOrigin::Signed(registrar),
			project,
			ContributionKind::FineTune,
			cid(0),
			Some(locator),
			list,
			parents,
			Some(licence()),
			H256::repeat_byte(1),
			u64::MAX,
		);
		assert!(Contributions::<T>::get(id).is_some_and(|c| c.status == ContributionStatus::Active));
	}

	/// A batch of `n` items with one author and one (distinct) parent each, a URI
	/// locator of the maximum length and explicit licence terms.
	#[benchmark]
	fn register_contributions(n: Linear<1, { T::MaxBatch::get() }>) {
		let registrar = funded::<T>("registrar", 0);
		let _ = T::Currency::set_balance(
			&registrar,
			T::DepositPerByte::get()
				.saturating_add(T::ContributionDepositBase::get())
				.saturating_add(T::DepositPerIndexEntry::get())
				.saturating_mul(100_000u32.into())
				.saturating_mul(n.into()),
		);
		let project = new_project::<T>(&registrar, Membership::Open);
		// Every item has its own parent: each parent is read once, as in real batches.
		let parents = roots::<T>(&registrar, project, n, 1_000_000);
		let locator = longest_locator();
		let items: Vec<Registration<T::AccountId>> = (0..n)
			.map(|i| Registration {
				kind: ContributionKind::FineTune,
				cid: cid(i),
				locator: Some(locator.clone()),
				authors: alloc::vec![(registrar.clone(), Perbill::one())],
				parents: alloc::vec![parents[i as usize]],
				licence: Some(licence()),
				metadata_hash: H256::repeat_byte(1),
				size_bytes: u64::MAX,
			})
			.collect();
		let first = NextContributionId::<T>::get();
		committed::<T>(&registrar, &(0..n).map(cid).collect::<Vec<_>>());
		whitelist_signer::<T>(&registrar);
		#[extrinsic_call]
		_(RawOrigin::Signed(registrar), project, items);
		assert!(Contributions::<T>::contains_key(first + u64::from(n) - 1));
	}

	/// The last approval of a contribution with `MaxAuthors` authors (activates it).
	#[benchmark]
	fn approve_contribution() -> Result<(), BenchmarkError> {
		let first = funded::<T>("registrar", 0);
		let a = T::MaxAuthors::get().max(2);
		let (id, list) = pending::<T>(&first, a, 0);
		for (who, _) in list.iter().skip(1).take(list.len().saturating_sub(2)) {
			Pallet::<T>::approve_contribution(RawOrigin::Signed(who.clone()).into(), id)?;
		}
		let (last, _) = list.last().cloned().ok_or(BenchmarkError::Weightless)?;
		whitelist_signer::<T>(&last);
		#[extrinsic_call]
		_(RawOrigin::Signed(last), id);
		assert!(Contributions::<T>::get(id).is_some_and(|c| c.status == ContributionStatus::Active));
		Ok(())
	}

	#[benchmark]
	fn reject_contribution(
		a: Linear<2, { T::MaxAuthors::get() }>,
		p: Linear<0, { T::MaxParents::get() }>,
	) {
		let first = funded::<T>("registrar", 0);
		let (id, list) = pending::<T>(&first, a, p);
		// Someone committed to the pending content: its removal burns that commitment.
		squatted::<T>(&[cid(0)]);
		whitelist_signer::<T>(&list[1].0);
		#[extrinsic_call]
		_(RawOrigin::Signed(list[1].0.clone()), id);
		assert!(!Contributions::<T>::contains_key(id));
	}

	#[benchmark]
	fn expire_contribution(
		a: Linear<2, { T::MaxAuthors::get() }>,
		p: Linear<0, { T::MaxParents::get() }>,
	) {
		let first = funded::<T>("registrar", 0);
		let (id, _) = pending::<T>(&first, a, p);
		// Someone committed to the pending content: its removal burns that commitment.
		squatted::<T>(&[cid(0)]);
		let later = frame_system::Pallet::<T>::block_number()
			.saturating_add(T::PendingPeriod::get())
			.saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(later);
		whitelist_signer::<T>(&first);
		#[extrinsic_call]
		_(RawOrigin::Signed(first), id);
		assert!(!Contributions::<T>::contains_key(id));
	}

	/// The worst case: the request that makes a majority of `MaxAuthors` authors, which sums
	/// every author's share and writes the record, the requests and `Settled`.
	#[benchmark]
	fn withdraw_contribution() -> Result<(), BenchmarkError> {
		let first = funded::<T>("registrar", 0);
		let (id, list) = pending::<T>(&first, T::MaxAuthors::get().max(2), 0);
		for (who, _) in list.iter().skip(1) {
			Pallet::<T>::approve_contribution(RawOrigin::Signed(who.clone()).into(), id)?;
		}
		// Authors holding at most half ask first; the next one's request withdraws it.
		let mut support = Perbill::zero();
		let mut authors = list.iter().rev();
		let last = loop {
			let (who, share) = authors.next().cloned().ok_or(BenchmarkError::Weightless)?;
			if support.saturating_add(share) > Perbill::from_percent(50) {
				break who;
			}
			support = support.saturating_add(share);
			Pallet::<T>::withdraw_contribution(RawOrigin::Signed(who).into(), id, Vec::new())?;
		};
		whitelist_signer::<T>(&last);
		#[extrinsic_call]
		_(RawOrigin::Signed(last), id, alloc::vec![b'r'; T::MaxReasonLen::get() as usize]);
		assert!(Contributions::<T>::get(id)
			.is_some_and(|c| matches!(c.status, ContributionStatus::Withdrawn { .. })));
		Ok(())
	}

	/// The costliest step of the walk: the queue's first item has walked one child already
	/// (so the next is found from a cursor), and the next child is unmarked (so it is marked,
	/// leaves `Settled` and is queued).
	#[benchmark]
	fn propagate_withdrawal_step() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let project = new_project::<T>(&owner, Membership::Open);
		let root = roots::<T>(&owner, project, 1, 0)[0];
		let children: Vec<u64> = (1..=2u32)
			.map(|i| {
				let id = NextContributionId::<T>::get();
				Pallet::<T>::register_contribution(
					RawOrigin::Signed(owner.clone()).into(),
					project,
					ContributionKind::ModelCheckpoint,
					cid(i),
					None,
					alloc::vec![(owner.clone(), Perbill::one())],
					alloc::vec![root],
					None,
					H256::zero(),
					1,
				)
				.map(|_| id)
			})
			.collect::<Result<_, _>>()?;
		let author: T::AccountId = account("parent-author", 0, 0);
		Pallet::<T>::withdraw_contribution(RawOrigin::Signed(author).into(), root, Vec::new())?;
		assert!(Pallet::<T>::propagate_withdrawal_step(), "the first child is walked");
		#[block]
		{
			Pallet::<T>::propagate_withdrawal_step();
		}
		assert_eq!(AffectedBy::<T>::get(children[1]), Some(root));
		assert!(!Settled::<T>::contains_key(children[1]));
		Ok(())
	}

	/// A commitment that replaces another account's expired one (burning its deposit).
	#[benchmark]
	fn commit_registration() {
		let tag = tag_of(&cid(0));
		squatted::<T>(&[cid(0)]);
		let who = funded::<T>("registrar", 0);
		whitelist_signer::<T>(&who);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), tag);
		assert!(Commitments::<T>::get(tag).is_some_and(|c| c.who == who));
	}

	#[benchmark]
	fn expire_commitment() {
		let tag = tag_of(&cid(0));
		squatted::<T>(&[cid(0)]);
		let caller = funded::<T>("caller", 0);
		whitelist_signer::<T>(&caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), tag);
		assert!(!Commitments::<T>::contains_key(tag));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
