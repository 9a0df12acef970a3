//! # Contributions pallet
//!
//! The immutable record at the heart of Attribution Chain: who contributed what to which
//! project, derived from which earlier work, under which licence.
//!
//! ## Key terms
//! - **Project**: created by an owner with a deposit; *open* (anyone contributes) or a
//!   *consortium* (members only; the owner, or a majority of members, admits and removes them).
//! - **Contribution**: a dataset, model checkpoint, fine-tune, hyperparameter run, code,
//!   evaluation or federated update, named by its content identifier (a CID, validated
//!   chain-wide unique), with authors and their shares, parent contributions (the lineage DAG,
//!   possibly across projects), licence terms, a metadata hash and its size. The chain records
//!   the block and timestamp.
//! - **Co-authors**: a contribution with several authors is *pending* until every one of them
//!   approves ([`Call::approve_contribution`]); any of them can reject it
//!   ([`Call::reject_contribution`]); unapproved ones can be expired by anyone
//!   ([`Call::expire_contribution`]). Rejected and expired ones are removed: they never became
//!   part of the record. They forfeit part of their deposit for the time they held the content
//!   (all of [`Config::ContributionDepositBase`] once expired: [`Pallet::pending_forfeit`]), so
//!   that co-authors who never approve cannot hold a CID for free.
//! - **Commitments** ([`Call::commit_registration`]): a registration that cannot be front-run.
//!   The registrar commits to a hash of the content in one block and registers it in a later
//!   one; meanwhile nobody else can register it. See [`commitments`].
//! - **Withdrawal** ([`Call::withdraw_contribution`]): the record stays forever (it is part of
//!   others' pedigrees); its status becomes *withdrawn* with a reason. Its descendants become
//!   *affected* ([`AffectedBy`]), marked by a walk down the lineage in bounded steps at the
//!   start and end of blocks (see [`affected`]): like withdrawn work, affected work can no
//!   longer be built upon, licensed, released a reward pool for, or scored in a new round.
//!
//! ## Deposits
//! Held with `fungible` holds under [`HoldReason`]:
//! - a project holds [`Config::ProjectDeposit`] from its owner, for as long as it exists (it
//!   moves to a new owner with the project);
//! - a contribution holds [`Config::ContributionDepositBase`] + [`Config::DepositPerIndexEntry`]
//!   × its index entries (two per author, one per parent) + [`Config::DepositPerByte`] × its
//!   encoded size from its registrar. It is released (less what a pending hold forfeits) when
//!   the contribution is rejected or expired; an active or withdrawn contribution is permanent
//!   storage and keeps its deposit;
//! - a registration commitment holds [`Config::CommitmentDeposit`] from the committer until it
//!   registers the content (released) or the commitment expires (burned);
//! - a membership motion holds [`Config::MotionDeposit`] from the member who opened it, until
//!   it passes or is cancelled.
//!
//! ## Invariants (checked by `try_state`)
//! See [`Pallet::do_try_state`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod affected;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod commitments;
mod invariants;
#[cfg(test)]
mod mock;
pub mod queries;
mod registry;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use attribution_primitives::{
		cid::{content_key, ContentKey},
		contribution::{
			validate_shares, CidBytes, ContributionKind, ContributionStatus, Locator, SharesError,
		},
		licence::LicenceTerms,
		project::{EvaluatorPolicy, Membership},
		traits::DerivativeRights,
		ContributionId, ProjectId,
	};
	use frame::{
		prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Restriction},
			UnixTime,
		},
	};

	/// The balance type of the currency deposits are held in.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// A contribution record as this runtime stores it.
	pub type ContributionOf<T> = attribution_primitives::contribution::Contribution<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxAuthors,
		<T as Config>::MaxParents,
		<T as Config>::MaxReasonLen,
	>;

	/// A project record as this runtime stores it.
	pub type ProjectOf<T> = attribution_primitives::project::Project<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxNameLen,
	>;

	/// An evaluator policy as this runtime stores it.
	pub type EvaluatorPolicyOf<T> = EvaluatorPolicy<BalanceOf<T>, BlockNumberFor<T>>;

	/// A registration commitment as this runtime stores it.
	pub type CommitmentOf<T> = RegistrationCommitment<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
	>;

	/// A membership motion as this runtime stores it.
	pub type MotionOf<T> =
		Motion<<T as frame_system::Config>::AccountId, BalanceOf<T>, <T as Config>::MaxMembers>;

	/// The in-code storage version. Versions 2 (the `ProjectAuthors` index) and 3
	/// (`ContributionByContent`, keyed by multihash, replacing `ContributionByCid`) were
	/// introduced before launch: no chain holds older state, so there is no migration to them.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency deposits are held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// Wall-clock time of the current block (the timestamp pallet).
		type UnixTime: UnixTime;

		/// Held from a project's owner: one `Projects` entry (at most ~
		/// `160 + MaxNameLen` bytes) plus its owner index entry.
		#[pallet::constant]
		type ProjectDeposit: Get<BalanceOf<Self>>;

		/// Held per contribution, for the storage items every contribution has besides its
		/// record: its content, project and `Settled` index entries and a withdrawal request.
		#[pallet::constant]
		type ContributionDepositBase: Get<BalanceOf<Self>>;

		/// Held per index entry a contribution adds for each of its authors (two: the author's
		/// contribution index and its project-author count) and each parent (one: the
		/// parent's children index), so that a 32-author, 16-parent record pays for its 80.
		#[pallet::constant]
		type DepositPerIndexEntry: Get<BalanceOf<Self>>;

		/// Held per byte of a contribution's encoded record.
		#[pallet::constant]
		type DepositPerByte: Get<BalanceOf<Self>>;

		/// Held from the member who opens a membership motion, until it passes or is cancelled.
		#[pallet::constant]
		type MotionDeposit: Get<BalanceOf<Self>>;

		/// Longest project name, in bytes.
		#[pallet::constant]
		type MaxNameLen: Get<u32>;

		/// Most authors of one contribution (at most 32: approvals are a bit set).
		#[pallet::constant]
		type MaxAuthors: Get<u32>;

		/// Most parents of one contribution.
		#[pallet::constant]
		type MaxParents: Get<u32>;

		/// Longest withdrawal reason, in bytes.
		#[pallet::constant]
		type MaxReasonLen: Get<u32>;

		/// Most members of a consortium.
		#[pallet::constant]
		type MaxMembers: Get<u32>;

		/// How long co-authors have to approve a pending contribution.
		#[pallet::constant]
		type PendingPeriod: Get<BlockNumberFor<Self>>;

		/// Held from an account that commits to register content
		/// ([`Call::commit_registration`]) until it registers it; burned if it does not within
		/// [`Config::RevealPeriod`].
		#[pallet::constant]
		type CommitmentDeposit: Get<BalanceOf<Self>>;

		/// How many blocks after its commitment a registrar alone may register the content.
		#[pallet::constant]
		type RevealPeriod: Get<BlockNumberFor<Self>>;

		/// Most contributions one `register_contributions` call registers.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// Steps of the walk that marks descendants of withdrawn work as affected
		/// ([`affected`]) taken at the start of every block, whatever else the block holds;
		/// more are taken at its end while it has weight to spare. Each step marks at most one
		/// contribution.
		#[pallet::constant]
		type GuaranteedPropagationSteps: Get<u32>;

		/// Who holds a licence that lets them build on a contribution whose terms forbid
		/// derivatives (the payouts pallet's licence records).
		type DerivativeRights: DerivativeRights<Self::AccountId>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up what the benchmarks need from outside the registry.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Sets up what the benchmarks need from outside the registry.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Sets `UnixTime` to a time after genesis, as every block's timestamp inherent does
		/// before any transaction. (At genesis the timestamp pallet logs an error on every
		/// read, and a benchmark would measure that logging as part of a registration.)
		fn set_time_after_genesis();

		/// Makes `Config::DerivativeRights` grant `who` the right to derive from
		/// `contribution` (as a licence bought from its offer would).
		fn grant_derivatives(who: &AccountId, contribution: ContributionId);
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// A project's deposit, held from its owner.
		ProjectDeposit,
		/// A contribution's deposit, held from its registrar.
		ContributionDeposit,
		/// A membership motion's deposit, held from the member who opened it.
		MotionDeposit,
		/// A registration commitment's deposit, held from the committer until it reveals.
		CommitmentDeposit,
	}

	/// Contributions whose licence terms forbid derivatives: naming one as a parent needs the
	/// registrar to be one of its authors or to hold a licence of it that grants derivatives.
	#[pallet::storage]
	pub type NoDerivatives<T> = StorageMap<_, Twox64Concat, ContributionId, ()>;

	/// Commitments to register content, by tag ([`commitments::registration_tag`]).
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageMap<_, Blake2_128Concat, H256, CommitmentOf<T>>;

	/// The id the next project gets.
	#[pallet::storage]
	pub type NextProjectId<T> = StorageValue<_, ProjectId, ValueQuery>;

	/// Projects by id.
	#[pallet::storage]
	pub type Projects<T: Config> = StorageMap<_, Twox64Concat, ProjectId, ProjectOf<T>>;

	/// Projects by owner.
	#[pallet::storage]
	pub type ProjectsByOwner<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, OrderedId, ()>;

	/// Members of consortium projects.
	#[pallet::storage]
	pub type Members<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProjectId, Blake2_128Concat, T::AccountId, ()>;

	/// Open membership motions: the votes for each proposed change.
	#[pallet::storage]
	pub type Motions<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProjectId,
		Blake2_128Concat,
		MembershipChange<T::AccountId>,
		MotionOf<T>,
	>;

	/// The id the next contribution gets.
	#[pallet::storage]
	pub type NextContributionId<T> = StorageValue<_, ContributionId, ValueQuery>;

	/// Contributions by id.
	#[pallet::storage]
	pub type Contributions<T: Config> =
		StorageMap<_, Twox64Concat, ContributionId, ContributionOf<T>>;

	/// The contribution of each registered content, keyed by the multihash its CID names
	/// ([`ContentKey`]): a content is registered at most once, chain-wide, whatever CID
	/// encoding (CIDv0 or CIDv1, any codec) names it.
	#[pallet::storage]
	pub type ContributionByContent<T> = StorageMap<_, Blake2_128Concat, ContentKey, ContributionId>;

	/// Children of each contribution (the lineage DAG, parent → child).
	#[pallet::storage]
	pub type Children<T> =
		StorageDoubleMap<_, Twox64Concat, ContributionId, Identity, OrderedId, ()>;

	/// Contributions of each author.
	#[pallet::storage]
	pub type ContributionsByAuthor<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Identity, OrderedId, ()>;

	/// Contributions that may be built upon, licensed and scored: active ones (not pending,
	/// not withdrawn) not affected by a withdrawal ([`AffectedBy`]). A registration checks its
	/// parents here instead of reading their whole records, which keeps the proof of a
	/// registration small.
	#[pallet::storage]
	pub type Settled<T> = StorageMap<_, Twox64Concat, ContributionId, ()>;

	/// Descendants of withdrawn work, each with the withdrawn ancestor whose walk reached it
	/// first. Written by the walk of [`affected`]; a contribution is never unmarked (a
	/// withdrawal is final). One fixed-size entry per contribution at most, paid for by its
	/// deposit.
	#[pallet::storage]
	pub type AffectedBy<T> = StorageMap<_, Twox64Concat, ContributionId, ContributionId>;

	/// The walk's queue: contributions whose children are still to be marked, by position.
	/// Every contribution enters it at most twice (when it is withdrawn, and when it is marked
	/// affected), so it is bounded by the contributions stored.
	#[pallet::storage]
	pub type FrontierQueue<T> = StorageMap<_, Twox64Concat, u64, FrontierItem>;

	/// The positions of the queue's first item and of the next one pushed: it holds exactly
	/// the positions from the first up to, not including, the second.
	#[pallet::storage]
	pub type FrontierBounds<T> = StorageValue<_, (u64, u64), ValueQuery>;

	/// The authors who asked to withdraw each active contribution, as bits of their index in
	/// its author list (like pending approvals). The contribution is withdrawn once they hold
	/// more than half of its shares; until then one entry of a fixed size per contribution,
	/// paid for by the contribution's deposit.
	#[pallet::storage]
	pub type WithdrawalRequests<T> = StorageMap<_, Twox64Concat, ContributionId, u32>;

	/// Contributions of each project.
	#[pallet::storage]
	pub type ContributionsByProject<T> =
		StorageDoubleMap<_, Twox64Concat, ProjectId, Identity, OrderedId, ()>;

	/// How many accepted (settled: active, or withdrawn after being active) contributions of
	/// each project each account is an author of. The evaluation engine reads it in one
	/// lookup to keep a project's authors from evaluating its work; pending co-authorships do
	/// not count, so naming someone as a co-author cannot exclude them.
	#[pallet::storage]
	pub type ProjectAuthors<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProjectId,
		Blake2_128Concat,
		T::AccountId,
		u32,
		ValueQuery,
	>;

	/// Events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A project was created.
		ProjectCreated { project: ProjectId, owner: T::AccountId, membership: Membership },
		/// A project's settings were changed by its owner.
		ProjectUpdated { project: ProjectId },
		/// A project's evaluator policy changed. Rounds and reward pools already opened or
		/// funded keep the terms they were created under; the new policy applies to those
		/// created afterwards.
		PolicyChanged { project: ProjectId, old: EvaluatorPolicyOf<T>, new: EvaluatorPolicyOf<T> },
		/// A project's royalty share to parent projects changed. Reward pools already funded
		/// keep the share they were funded under.
		RoyaltyChanged { project: ProjectId, old: Perbill, new: Perbill },
		/// A project changed hands (its deposit moved with it).
		ProjectOwnershipTransferred { project: ProjectId, from: T::AccountId, to: T::AccountId },
		/// An account joined a consortium.
		MemberAdded { project: ProjectId, member: T::AccountId },
		/// An account left a consortium.
		MemberRemoved { project: ProjectId, member: T::AccountId },
		/// A member voted for a membership change (opening the motion if it was not open).
		MembershipVoted {
			project: ProjectId,
			change: MembershipChange<T::AccountId>,
			voter: T::AccountId,
			ayes: u32,
			members: u32,
		},
		/// A membership motion was cancelled and its deposit released.
		MotionCancelled { project: ProjectId, change: MembershipChange<T::AccountId> },
		/// A contribution was registered; `pending` if co-authors must still approve it.
		ContributionRegistered {
			id: ContributionId,
			project: ProjectId,
			registrar: T::AccountId,
			kind: ContributionKind,
			pending: bool,
			deposit: BalanceOf<T>,
		},
		/// A co-author approved a pending contribution.
		ContributionApproved { id: ContributionId, author: T::AccountId },
		/// Every author approved: the contribution is part of the record.
		ContributionActivated { id: ContributionId },
		/// A co-author rejected a pending contribution; it was removed, `forfeited` of its
		/// deposit burned (for the time it held the content) and the rest released.
		ContributionRejected { id: ContributionId, by: T::AccountId, forfeited: BalanceOf<T> },
		/// A pending contribution expired; it was removed, `forfeited` of its deposit burned
		/// and the rest released.
		ContributionExpired { id: ContributionId, forfeited: BalanceOf<T> },
		/// A contribution was withdrawn, `by` the author whose request gave the authors asking
		/// for it more than half of its shares; its record stays, marked withdrawn.
		ContributionWithdrawn { id: ContributionId, by: T::AccountId },
		/// A descendant of withdrawn work was marked affected: reached by the walk from the
		/// withdrawn contribution `withdrawn`.
		ContributionAffected { id: ContributionId, withdrawn: ContributionId },
		/// An author asked to withdraw a contribution; the authors asking hold `support` of its
		/// shares, not more than half yet.
		WithdrawalRequested { id: ContributionId, by: T::AccountId, support: Perbill },
		/// `who` committed to register content with this tag, and alone may register it until
		/// `reveal_by`.
		RegistrationCommitted { tag: H256, who: T::AccountId, reveal_by: BlockNumberFor<T> },
		/// The committed content was registered; the commitment's deposit was released.
		CommitmentRevealed { tag: H256, who: T::AccountId },
		/// A commitment expired unrevealed; its deposit was burned.
		CommitmentForfeited { tag: H256, who: T::AccountId, burned: BalanceOf<T> },
	}

	/// Errors of the pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// No project with this id.
		UnknownProject,
		/// Only the project's owner may do this.
		NotProjectOwner,
		/// The project name is empty or too long.
		BadName,
		/// The licence terms are malformed (e.g. an SPDX expression with invalid characters).
		BadLicence,
		/// Only consortium projects have members.
		NotConsortium,
		/// Only members of this consortium may do this.
		NotMember,
		/// The account is already a member.
		AlreadyMember,
		/// The consortium has `MaxMembers` members.
		TooManyMembers,
		/// A consortium cannot lose its last member.
		LastMember,
		/// The new owner is the current owner.
		SameOwner,
		/// No motion for this change is open.
		UnknownMotion,
		/// This member already voted for the change.
		AlreadyVoted,
		/// Only the motion's proposer or the project owner may cancel it.
		NotMotionProposer,
		/// The change is a no-op (adding a member, removing a non-member).
		NoOpChange,
		/// The CID is not a valid CIDv0/CIDv1 with a known codec and hash function.
		InvalidCid,
		/// The CID is too long.
		CidTooLong,
		/// A contribution with this CID is already registered.
		DuplicateCid,
		/// The content is already registered under another CID: the same multihash as a CIDv0
		/// and its CIDv1, or under another codec.
		SameContentRegistered,
		/// The locator is malformed (empty URI).
		BadLocator,
		/// No authors, or more than `MaxAuthors`.
		BadAuthorCount,
		/// An author is listed twice.
		DuplicateAuthor,
		/// An author's share is zero.
		ZeroShare,
		/// The authors' shares do not add up to exactly 100%.
		SharesDoNotSumToWhole,
		/// The registrar must be one of the authors.
		RegistrarNotAuthor,
		/// A batch is empty or longer than `MaxBatch`.
		BadBatchSize,
		/// More than `MaxParents` parents.
		TooManyParents,
		/// A parent is listed twice.
		DuplicateParent,
		/// A parent does not exist.
		UnknownParent,
		/// A parent is still pending: only contributions in the record can be built upon.
		ParentNotActive,
		/// A parent's licence forbids derivatives, and the registrar is neither one of its
		/// authors nor the holder of a licence of it that grants them.
		DerivativesNotLicensed,
		/// A parent was withdrawn: nothing new may be built upon it.
		ParentWithdrawn,
		/// A parent descends from withdrawn work ([`AffectedBy`]): nothing new may be built
		/// upon it.
		ParentAffected,
		/// No contribution with this id.
		UnknownContribution,
		/// The contribution is not pending.
		NotPending,
		/// The contribution is not active.
		NotActive,
		/// Only an author of the contribution may do this.
		NotAuthor,
		/// The author already approved.
		AlreadyApproved,
		/// The author already asked to withdraw this contribution.
		AlreadyRequested,
		/// The pending period (or the reveal period of a commitment) has not ended yet.
		NotExpired,
		/// Another account committed to register this content and may still reveal it.
		ContentCommitted,
		/// The commitment was made in this block: register in a later one.
		RevealTooEarly,
		/// No commitment with this tag.
		UnknownCommitment,
		/// The pending period has ended: the contribution can only be expired.
		Expired,
		/// The withdrawal reason is too long.
		ReasonTooLong,
		/// An id counter would overflow.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(
				T::MaxAuthors::get() >= 1 && T::MaxAuthors::get() <= 32,
				"approvals are a u32 bit set"
			);
			assert!(T::MaxMembers::get() >= 1, "a consortium needs room for its founder");
			assert!(T::MaxNameLen::get() >= 1);
			assert!(
				!T::RevealPeriod::get().is_zero(),
				"a commitment must be revealable in a later block"
			);
		}

		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::propagate_guaranteed_steps()
		}

		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::propagate_while_weight_lasts(remaining)
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), frame::try_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Create a project.
		///
		/// ## Dispatch Origin
		/// Signed; the signer becomes the owner and pays [`Config::ProjectDeposit`] (held).
		///
		/// ## Details
		/// A `Consortium` project starts with its owner as its only member.
		///
		/// ## Events
		/// [`Event::ProjectCreated`], and [`Event::MemberAdded`] for a consortium's owner.
		#[pallet::call_index(0)]
		pub fn create_project(
			origin: OriginFor<T>,
			name: Vec<u8>,
			default_licence: LicenceTerms,
			royalty_to_parents: Perbill,
			evaluator_policy: EvaluatorPolicyOf<T>,
			membership: Membership,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let name = Self::checked_name(name)?;
			default_licence.validate().map_err(|_| Error::<T>::BadLicence)?;

			let id = NextProjectId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let deposit = T::ProjectDeposit::get();
			T::Currency::hold(&HoldReason::ProjectDeposit.into(), &owner, deposit)?;

			let member_count = match membership {
				Membership::Open => 0,
				Membership::Consortium => {
					Members::<T>::insert(id, &owner, ());
					1
				}
			};
			Projects::<T>::insert(
				id,
				ProjectOf::<T> {
					owner: owner.clone(),
					name,
					default_licence,
					royalty_to_parents,
					evaluator_policy,
					membership,
					member_count,
					member_removals: 0,
					contribution_count: 0,
					deposit,
					created_at: frame_system::Pallet::<T>::block_number(),
				},
			);
			ProjectsByOwner::<T>::insert(&owner, OrderedId(id), ());
			NextProjectId::<T>::put(next);

			Self::deposit_event(Event::ProjectCreated {
				project: id,
				owner: owner.clone(),
				membership,
			});
			if membership == Membership::Consortium {
				Self::deposit_event(Event::MemberAdded { project: id, member: owner });
			}
			Ok(())
		}

		/// Change a project's name, default licence, royalty share or evaluator policy; `None`
		/// leaves a field as it is.
		///
		/// ## Dispatch Origin
		/// Signed by the project's owner.
		///
		/// ## Events
		/// [`Event::ProjectUpdated`]; [`Event::RoyaltyChanged`] and [`Event::PolicyChanged`]
		/// with the old and new values when those change.
		#[pallet::call_index(1)]
		pub fn update_project(
			origin: OriginFor<T>,
			project: ProjectId,
			name: Option<Vec<u8>>,
			default_licence: Option<LicenceTerms>,
			royalty_to_parents: Option<Perbill>,
			evaluator_policy: Option<EvaluatorPolicyOf<T>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let name = name.map(Self::checked_name).transpose()?;
			if let Some(licence) = &default_licence {
				licence.validate().map_err(|_| Error::<T>::BadLicence)?;
			}
			Projects::<T>::try_mutate(project, |maybe| -> DispatchResult {
				let p = maybe.as_mut().ok_or(Error::<T>::UnknownProject)?;
				ensure!(p.owner == who, Error::<T>::NotProjectOwner);
				if let Some(name) = name {
					p.name = name;
				}
				if let Some(licence) = default_licence {
					p.default_licence = licence;
				}
				if let Some(new) = royalty_to_parents.filter(|r| *r != p.royalty_to_parents) {
					let old = core::mem::replace(&mut p.royalty_to_parents, new);
					Self::deposit_event(Event::RoyaltyChanged { project, old, new });
				}
				if let Some(new) = evaluator_policy.filter(|e| *e != p.evaluator_policy) {
					let old = core::mem::replace(&mut p.evaluator_policy, new);
					Self::deposit_event(Event::PolicyChanged { project, old, new });
				}
				Ok(())
			})?;
			Self::deposit_event(Event::ProjectUpdated { project });
			Ok(())
		}

		/// Hand a project to another account. The project's deposit moves from the old owner's
		/// hold to the new owner's hold.
		///
		/// ## Dispatch Origin
		/// Signed by the project's owner.
		///
		/// ## Events
		/// [`Event::ProjectOwnershipTransferred`].
		#[pallet::call_index(2)]
		pub fn transfer_project_ownership(
			origin: OriginFor<T>,
			project: ProjectId,
			new_owner: T::AccountId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut p = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(p.owner == who, Error::<T>::NotProjectOwner);
			ensure!(new_owner != who, Error::<T>::SameOwner);
			T::Currency::transfer_on_hold(
				&HoldReason::ProjectDeposit.into(),
				&who,
				&new_owner,
				p.deposit,
				Precision::Exact,
				Restriction::OnHold,
				Fortitude::Polite,
			)?;
			p.owner = new_owner.clone();
			Projects::<T>::insert(project, p);
			ProjectsByOwner::<T>::remove(&who, OrderedId(project));
			ProjectsByOwner::<T>::insert(&new_owner, OrderedId(project), ());
			Self::deposit_event(Event::ProjectOwnershipTransferred {
				project,
				from: who,
				to: new_owner,
			});
			Ok(())
		}

		/// Admit an account to a consortium.
		///
		/// ## Dispatch Origin
		/// Signed by the project's owner. (Members admit accounts by majority with
		/// [`Call::vote_membership`].)
		///
		/// ## Events
		/// [`Event::MemberAdded`].
		#[pallet::call_index(3)]
		pub fn add_member(
			origin: OriginFor<T>,
			project: ProjectId,
			member: T::AccountId,
		) -> DispatchResult {
			Self::apply_owner_change(origin, project, MembershipChange::Add(member))
		}

		/// Remove an account from a consortium.
		///
		/// ## Dispatch Origin
		/// Signed by the project's owner. (Members remove members by majority with
		/// [`Call::vote_membership`].)
		///
		/// ## Events
		/// [`Event::MemberRemoved`].
		#[pallet::call_index(4)]
		pub fn remove_member(
			origin: OriginFor<T>,
			project: ProjectId,
			member: T::AccountId,
		) -> DispatchResult {
			Self::apply_owner_change(origin, project, MembershipChange::Remove(member))
		}

		/// Vote for a membership change. The first vote opens the motion and holds
		/// [`Config::MotionDeposit`] from the voter; when more than half of the current members
		/// have voted for it, the change is applied, the motion closed and its deposit released.
		///
		/// ## Dispatch Origin
		/// Signed by a member of the consortium.
		///
		/// ## Events
		/// [`Event::MembershipVoted`], then [`Event::MemberAdded`] or [`Event::MemberRemoved`]
		/// when the majority is reached.
		#[pallet::call_index(5)]
		pub fn vote_membership(
			origin: OriginFor<T>,
			project: ProjectId,
			change: MembershipChange<T::AccountId>,
		) -> DispatchResult {
			let voter = ensure_signed(origin)?;
			let p = Self::consortium(project)?;
			ensure!(Members::<T>::contains_key(project, &voter), Error::<T>::NotMember);
			Self::ensure_effective(project, &change)?;

			let mut motion = match Motions::<T>::get(project, &change) {
				Some(motion) => motion,
				None => {
					let deposit = T::MotionDeposit::get();
					T::Currency::hold(&HoldReason::MotionDeposit.into(), &voter, deposit)?;
					MotionOf::<T> {
						proposer: voter.clone(),
						deposit,
						ayes: BoundedVec::new(),
						removals_seen: p.member_removals,
					}
				}
			};
			ensure!(!motion.ayes.contains(&voter), Error::<T>::AlreadyVoted);
			// Votes of accounts no longer members do not count, and free their slots.
			motion.ayes.retain(|a| Members::<T>::contains_key(project, a));
			motion.removals_seen = p.member_removals;
			motion.ayes.try_push(voter.clone()).map_err(|_| Error::<T>::TooManyMembers)?;
			let ayes = motion.ayes.len() as u32;

			Self::deposit_event(Event::MembershipVoted {
				project,
				change: change.clone(),
				voter,
				ayes,
				members: p.member_count,
			});
			if ayes.saturating_mul(2) > p.member_count {
				Self::release(&motion.proposer, HoldReason::MotionDeposit, motion.deposit)?;
				Motions::<T>::remove(project, &change);
				Self::apply_change(project, change)
			} else {
				Motions::<T>::insert(project, &change, motion);
				Ok(())
			}
		}

		/// Close a membership motion without applying it, releasing its deposit.
		///
		/// ## Dispatch Origin
		/// Signed by the motion's proposer or the project's owner.
		///
		/// ## Events
		/// [`Event::MotionCancelled`].
		#[pallet::call_index(6)]
		pub fn cancel_motion(
			origin: OriginFor<T>,
			project: ProjectId,
			change: MembershipChange<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let p = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			let motion = Motions::<T>::get(project, &change).ok_or(Error::<T>::UnknownMotion)?;
			ensure!(motion.proposer == who || p.owner == who, Error::<T>::NotMotionProposer);
			Motions::<T>::remove(project, &change);
			Self::release(&motion.proposer, HoldReason::MotionDeposit, motion.deposit)?;
			Self::deposit_event(Event::MotionCancelled { project, change });
			Ok(())
		}

		/// Register a contribution.
		///
		/// ## Dispatch Origin
		/// Signed by one of the authors (the registrar), who pays the deposit:
		/// [`Config::ContributionDepositBase`] + [`Config::DepositPerIndexEntry`] × index entries + [`Config::DepositPerByte`] × encoded size.
		///
		/// ## Details
		/// - `cid`: binary CIDv0 or CIDv1, with a known codec and hash function; unique
		///   chain-wide.
		/// - `authors`: distinct accounts with non-zero shares summing to exactly 100%; in a
		///   consortium, every author must be a member.
		/// - `parents`: distinct, existing, active contributions of any project.
		/// - `licence`: `None` takes the project's default licence.
		///
		/// A single-author contribution is active at once; with co-authors it is pending until
		/// each approves, for at most [`Config::PendingPeriod`] blocks.
		///
		/// ## Events
		/// [`Event::ContributionRegistered`].
		#[pallet::call_index(7)]
		#[pallet::weight(Pallet::<T>::registration_weight(authors.len() as u32, parents.len() as u32))]
		pub fn register_contribution(
			origin: OriginFor<T>,
			project: ProjectId,
			kind: ContributionKind,
			cid: Vec<u8>,
			locator: Option<Locator>,
			authors: Vec<(T::AccountId, Perbill)>,
			parents: Vec<ContributionId>,
			licence: Option<LicenceTerms>,
			metadata_hash: H256,
			size_bytes: u64,
		) -> DispatchResult {
			let registrar = ensure_signed(origin)?;
			let registration = Registration {
				kind,
				cid,
				locator,
				authors,
				parents,
				licence,
				metadata_hash,
				size_bytes,
			};
			let mut p = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			let id = NextContributionId::<T>::get();
			let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			let record = Self::checked_contribution(&registrar, project, &p, registration)?;
			T::Currency::hold(&HoldReason::ContributionDeposit.into(), &registrar, record.deposit)?;
			p.contribution_count = p.contribution_count.saturating_add(1);
			Projects::<T>::insert(project, p);
			Self::store_contribution(id, record)?;
			NextContributionId::<T>::put(next);
			Ok(())
		}

		/// Register several contributions to one project in one call: each item is what
		/// [`Call::register_contribution`] takes after the project, and is checked the same way.
		/// Items may name earlier items of the batch as parents (they get consecutive ids).
		/// One deposit hold covers them all (each record still notes its own deposit), and the
		/// project and id counter are written once, so a batch costs less per contribution.
		/// All or nothing: any bad item fails the whole call.
		///
		/// ## Dispatch Origin
		/// Signed by an author of every item (a member for consortium projects).
		///
		/// ## Events
		/// [`Event::ContributionRegistered`] per item.
		#[pallet::call_index(12)]
		#[pallet::weight(Pallet::<T>::batch_weight(registrations))]
		pub fn register_contributions(
			origin: OriginFor<T>,
			project: ProjectId,
			registrations: Vec<Registration<T::AccountId>>,
		) -> DispatchResult {
			let registrar = ensure_signed(origin)?;
			ensure!(
				!registrations.is_empty() && registrations.len() as u32 <= T::MaxBatch::get(),
				Error::<T>::BadBatchSize
			);
			let mut p = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			let mut id = NextContributionId::<T>::get();
			let mut total = BalanceOf::<T>::zero();
			for registration in registrations {
				let record = Self::checked_contribution(&registrar, project, &p, registration)?;
				total = total.saturating_add(record.deposit);
				p.contribution_count = p.contribution_count.saturating_add(1);
				Self::store_contribution(id, record)?;
				id = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
			}
			T::Currency::hold(&HoldReason::ContributionDeposit.into(), &registrar, total)?;
			Projects::<T>::insert(project, p);
			NextContributionId::<T>::put(id);
			Ok(())
		}

		/// Approve a pending contribution as one of its co-authors. The last approval makes it
		/// active.
		///
		/// ## Dispatch Origin
		/// Signed by an author who has not approved yet, before the pending period ends.
		///
		/// ## Events
		/// [`Event::ContributionApproved`], and [`Event::ContributionActivated`] on the last one.
		#[pallet::call_index(8)]
		pub fn approve_contribution(origin: OriginFor<T>, id: ContributionId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Contributions::<T>::get(id).ok_or(Error::<T>::UnknownContribution)?;
			let index = Self::author_index(&record, &who)?;
			let ContributionStatus::Pending { expires_at, approvals } = record.status else {
				return Err(Error::<T>::NotPending.into());
			};
			// A member removed from a consortium since the registration approves nothing.
			let project = Projects::<T>::get(record.project).ok_or(Error::<T>::UnknownProject)?;
			if project.membership == Membership::Consortium {
				ensure!(Members::<T>::contains_key(record.project, &who), Error::<T>::NotMember);
			}
			ensure!(frame_system::Pallet::<T>::block_number() <= expires_at, Error::<T>::Expired);
			let bit = 1u32 << index;
			ensure!(approvals & bit == 0, Error::<T>::AlreadyApproved);
			let approvals = approvals | bit;
			let everyone = u32::MAX >> (32u32.saturating_sub(record.authors.len() as u32));
			let activated = approvals == everyone;
			record.status = if activated {
				ContributionStatus::Active
			} else {
				ContributionStatus::Pending { expires_at, approvals }
			};
			let (record_project, record_authors) = (record.project, record.authors.clone());
			Contributions::<T>::insert(id, record);
			Self::deposit_event(Event::ContributionApproved { id, author: who });
			if activated {
				Self::settle(id, &record_project, &record_authors);
				Self::deposit_event(Event::ContributionActivated { id });
			}
			Ok(())
		}

		/// Reject a pending contribution as one of its co-authors: it is removed, the part of
		/// its deposit it forfeited for the time it was pending burned
		/// ([`Pallet::pending_forfeit`]) and the rest released to the registrar.
		///
		/// ## Dispatch Origin
		/// Signed by an author.
		///
		/// ## Events
		/// [`Event::ContributionRejected`].
		#[pallet::call_index(9)]
		#[pallet::weight(<T as Config>::WeightInfo::reject_contribution(T::MaxAuthors::get(), T::MaxParents::get()))]
		pub fn reject_contribution(
			origin: OriginFor<T>,
			id: ContributionId,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let record = Contributions::<T>::get(id).ok_or(Error::<T>::UnknownContribution)?;
			Self::author_index(&record, &who)?;
			ensure!(
				matches!(record.status, ContributionStatus::Pending { .. }),
				Error::<T>::NotPending
			);
			let weight = T::WeightInfo::reject_contribution(
				record.authors.len() as u32,
				record.parents.len() as u32,
			);
			let forfeited = Self::remove_pending(id, record)?;
			Self::deposit_event(Event::ContributionRejected { id, by: who, forfeited });
			Ok(Some(weight).into())
		}

		/// Remove a pending contribution whose pending period has ended: it forfeits
		/// [`Config::ContributionDepositBase`] (burned) and the rest of its deposit is released
		/// to the registrar. Anyone may call this; it is free when it succeeds.
		///
		/// ## Dispatch Origin
		/// Signed.
		///
		/// ## Events
		/// [`Event::ContributionExpired`].
		#[pallet::call_index(10)]
		#[pallet::weight(<T as Config>::WeightInfo::expire_contribution(T::MaxAuthors::get(), T::MaxParents::get()))]
		pub fn expire_contribution(
			origin: OriginFor<T>,
			id: ContributionId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let record = Contributions::<T>::get(id).ok_or(Error::<T>::UnknownContribution)?;
			let ContributionStatus::Pending { expires_at, .. } = record.status else {
				return Err(Error::<T>::NotPending.into());
			};
			ensure!(frame_system::Pallet::<T>::block_number() > expires_at, Error::<T>::NotExpired);
			let weight = T::WeightInfo::expire_contribution(
				record.authors.len() as u32,
				record.parents.len() as u32,
			);
			let forfeited = Self::remove_pending(id, record)?;
			Self::deposit_event(Event::ContributionExpired { id, forfeited });
			Ok((Some(weight), Pays::No).into())
		}

		/// Ask to withdraw an active contribution (a revocation, or unlearning). It is
		/// withdrawn once the authors asking hold more than half of its shares: at once for a
		/// single author or a majority holder. Its record stays (it is part of others'
		/// pedigrees) with status withdrawn and the reason of the call that withdrew it; its
		/// deposit stays held. A withdrawn contribution cannot become a new parent, and its
		/// descendants are marked affected over the following blocks ([`affected`]).
		///
		/// ## Dispatch Origin
		/// Signed by an author who has not asked yet.
		///
		/// ## Events
		/// [`Event::WithdrawalRequested`], or [`Event::ContributionWithdrawn`] on the request
		/// that makes a majority.
		#[pallet::call_index(11)]
		pub fn withdraw_contribution(
			origin: OriginFor<T>,
			id: ContributionId,
			reason: Vec<u8>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let reason: BoundedVec<u8, T::MaxReasonLen> =
				reason.try_into().map_err(|_| Error::<T>::ReasonTooLong)?;
			Self::do_request_withdrawal(id, who, reason)
		}

		/// Commit to register content that has not been published, so that the registration
		/// cannot be front-run: until [`Config::RevealPeriod`] blocks have passed, only the
		/// signer can register content whose tag is `tag`
		/// ([`commitments::registration_tag`]), with either registration call, from the next
		/// block on. See [`commitments`].
		///
		/// ## Dispatch Origin
		/// Signed; holds [`Config::CommitmentDeposit`], released when the content is
		/// registered by the signer before the commitment expires, burned otherwise.
		///
		/// ## Events
		/// [`Event::RegistrationCommitted`] (and [`Event::CommitmentForfeited`] for an expired
		/// commitment to the same tag that it replaces).
		#[pallet::call_index(13)]
		pub fn commit_registration(origin: OriginFor<T>, tag: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, tag)
		}

		/// Remove a commitment whose reveal period has ended, burning its deposit. Anyone may
		/// call this; it is free when it succeeds.
		///
		/// ## Dispatch Origin
		/// Signed.
		///
		/// ## Events
		/// [`Event::CommitmentForfeited`].
		#[pallet::call_index(14)]
		pub fn expire_commitment(origin: OriginFor<T>, tag: H256) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			Self::do_expire_commitment(tag)?;
			Ok(Pays::No.into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Checks a registration by `registrar` to `project` (whose record is `p`) and builds
		/// its record, deposit included. Writes nothing.
		fn checked_contribution(
			registrar: &T::AccountId,
			project: ProjectId,
			p: &ProjectOf<T>,
			registration: Registration<T::AccountId>,
		) -> Result<ContributionOf<T>, DispatchError> {
			let Registration {
				kind,
				cid,
				locator,
				authors,
				parents,
				licence,
				metadata_hash,
				size_bytes,
			} = registration;
			// Bounds first, before any work.
			let authors: BoundedVec<_, T::MaxAuthors> =
				authors.try_into().map_err(|_| Error::<T>::BadAuthorCount)?;
			let parents: BoundedVec<_, T::MaxParents> =
				parents.try_into().map_err(|_| Error::<T>::TooManyParents)?;
			let cid: CidBytes = cid.try_into().map_err(|_| Error::<T>::CidTooLong)?;

			let content = content_key(&cid).map_err(|_| Error::<T>::InvalidCid)?;
			if let Some(existing) = ContributionByContent::<T>::get(&content) {
				// Failing anyway: one record read tells which error it is.
				let same_cid = Contributions::<T>::get(existing).is_some_and(|c| c.cid == cid);
				return Err(if same_cid {
					Error::<T>::DuplicateCid
				} else {
					Error::<T>::SameContentRegistered
				}
				.into());
			}
			Self::check_tag(registrar, commitments::registration_tag(&content))?;
			if let Some(Locator::Uri(uri)) = &locator {
				ensure!(!uri.is_empty(), Error::<T>::BadLocator);
			}
			validate_shares(&authors).map_err(|e| match e {
				SharesError::NoAuthors => Error::<T>::BadAuthorCount,
				SharesError::DuplicateAuthor => Error::<T>::DuplicateAuthor,
				SharesError::ZeroShare => Error::<T>::ZeroShare,
				SharesError::SharesDoNotSumToWhole => Error::<T>::SharesDoNotSumToWhole,
			})?;
			let registrar_index = authors
				.iter()
				.position(|(a, _)| a == registrar)
				.ok_or(Error::<T>::RegistrarNotAuthor)?;
			if p.membership == Membership::Consortium {
				ensure!(
					authors.iter().all(|(a, _)| Members::<T>::contains_key(project, a)),
					Error::<T>::NotMember
				);
			}
			for (i, parent) in parents.iter().enumerate() {
				ensure!(!parents[..i].contains(parent), Error::<T>::DuplicateParent);
				if !Settled::<T>::contains_key(parent) {
					// Failing anyway: one record read tells which error it is.
					return Err(match Contributions::<T>::get(parent).map(|c| c.status) {
						None => Error::<T>::UnknownParent,
						Some(ContributionStatus::Withdrawn { .. }) => Error::<T>::ParentWithdrawn,
						Some(ContributionStatus::Active)
							if AffectedBy::<T>::contains_key(parent) =>
						{
							Error::<T>::ParentAffected
						}
						Some(_) => Error::<T>::ParentNotActive,
					}
					.into());
				}
				Self::ensure_may_derive(registrar, *parent)?;
			}
			let licence = match licence {
				Some(licence) => {
					licence.validate().map_err(|_| Error::<T>::BadLicence)?;
					licence
				}
				None => p.default_licence.clone(),
			};
			let now = frame_system::Pallet::<T>::block_number();
			let status = if authors.len() == 1 {
				ContributionStatus::Active
			} else {
				ContributionStatus::Pending {
					expires_at: now.saturating_add(T::PendingPeriod::get()),
					approvals: 1u32 << registrar_index,
				}
			};
			let mut record = ContributionOf::<T> {
				project,
				kind,
				cid,
				locator,
				authors,
				parents,
				licence,
				metadata_hash,
				size_bytes,
				registrar: registrar.clone(),
				deposit: Zero::zero(),
				registered_at: now,
				registered_at_ms: T::UnixTime::now().as_millis().saturated_into::<u64>(),
				status,
			};
			record.deposit = Self::contribution_deposit(&record);
			Ok(record)
		}

		/// Fails unless `registrar` may name the active contribution `parent` as a parent:
		/// its terms allow derivatives, or `registrar` is one of its authors or holds a
		/// licence of it that grants them (audit L4).
		fn ensure_may_derive(registrar: &T::AccountId, parent: ContributionId) -> DispatchResult {
			if !NoDerivatives::<T>::contains_key(parent) {
				return Ok(());
			}
			// The author index, not the record: a key read instead of the whole record.
			let authored = ContributionsByAuthor::<T>::contains_key(registrar, OrderedId(parent));
			ensure!(
				authored || T::DerivativeRights::may_derive(registrar, parent),
				Error::<T>::DerivativesNotLicensed
			);
			Ok(())
		}

		/// Stores a checked record under `id` with its index entries, settles a commitment to
		/// its content, and announces it. The caller holds the deposit and updates the project
		/// and `NextContributionId`.
		fn store_contribution(id: ContributionId, record: ContributionOf<T>) -> DispatchResult {
			for parent in record.parents.iter() {
				Children::<T>::insert(parent, OrderedId(id), ());
			}
			for (author, _) in record.authors.iter() {
				ContributionsByAuthor::<T>::insert(author, OrderedId(id), ());
			}
			ContributionsByProject::<T>::insert(record.project, OrderedId(id), ());
			if !record.licence.derivatives_allowed {
				NoDerivatives::<T>::insert(id, ());
			}
			match content_key(&record.cid) {
				Ok(content) => {
					Self::settle_tag(commitments::registration_tag(&content))?;
					ContributionByContent::<T>::insert(content, id);
				}
				Err(_) => {
					defensive!("a stored CID was validated when it was registered");
				}
			}
			if record.status == ContributionStatus::Active {
				Self::settle(id, &record.project, &record.authors);
			}
			Self::deposit_event(Event::ContributionRegistered {
				id,
				project: record.project,
				registrar: record.registrar.clone(),
				kind: record.kind,
				pending: matches!(record.status, ContributionStatus::Pending { .. }),
				deposit: record.deposit,
			});
			Contributions::<T>::insert(id, record);
			Ok(())
		}

		/// The weight of `register_contribution` with `a` authors and `p` parents.
		///
		/// Two benchmarks cover it, because a single-author registration is another path: when
		/// the signer is the only author the contribution is active at once and settled, and
		/// otherwise it waits for approvals. One author who is not the signer takes the pending
		/// path, so one author is weighed at the larger of the two.
		pub fn registration_weight(a: u32, p: u32) -> Weight {
			if a <= 1 {
				T::WeightInfo::register_own_contribution(p)
					.max(T::WeightInfo::register_contribution(1, p))
			} else {
				T::WeightInfo::register_contribution(a, p)
			}
		}

		/// The weight of a batch: the benchmarked batch of `n` one-author, one-parent items,
		/// plus, per item, what its extra authors and parents cost in `register_contribution`.
		pub fn batch_weight(registrations: &[Registration<T::AccountId>]) -> Weight {
			let n = registrations.len() as u32;
			let typical = Self::registration_weight(1, 1);
			registrations.iter().fold(T::WeightInfo::register_contributions(n), |total, r| {
				let item = Self::registration_weight(
					(r.authors.len() as u32).min(T::MaxAuthors::get()),
					(r.parents.len() as u32).min(T::MaxParents::get()),
				);
				total.saturating_add(item.saturating_sub(typical))
			})
		}

		/// The deposit a contribution record costs: base + per byte of its encoding.
		pub fn contribution_deposit(record: &ContributionOf<T>) -> BalanceOf<T> {
			let bytes: BalanceOf<T> = (record.encoded_size() as u32).into();
			let entries = (record.authors.len() as u32)
				.saturating_mul(2)
				.saturating_add(record.parents.len() as u32);
			T::ContributionDepositBase::get()
				.saturating_add(T::DepositPerIndexEntry::get().saturating_mul(entries.into()))
				.saturating_add(T::DepositPerByte::get().saturating_mul(bytes))
		}

		fn checked_name(name: Vec<u8>) -> Result<BoundedVec<u8, T::MaxNameLen>, DispatchError> {
			ensure!(!name.is_empty(), Error::<T>::BadName);
			name.try_into().map_err(|_| Error::<T>::BadName.into())
		}

		fn consortium(project: ProjectId) -> Result<ProjectOf<T>, DispatchError> {
			let p = Projects::<T>::get(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(p.membership == Membership::Consortium, Error::<T>::NotConsortium);
			Ok(p)
		}

		fn author_index(
			record: &ContributionOf<T>,
			who: &T::AccountId,
		) -> Result<usize, DispatchError> {
			record.authors.iter().position(|(a, _)| a == who).ok_or(Error::<T>::NotAuthor.into())
		}

		/// Applies `change` to a consortium on its owner's order.
		fn apply_owner_change(
			origin: OriginFor<T>,
			project: ProjectId,
			change: MembershipChange<T::AccountId>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let p = Self::consortium(project)?;
			ensure!(p.owner == who, Error::<T>::NotProjectOwner);
			Self::apply_change(project, change)
		}

		/// Fails unless `change` would change the membership.
		fn ensure_effective(
			project: ProjectId,
			change: &MembershipChange<T::AccountId>,
		) -> DispatchResult {
			match change {
				MembershipChange::Add(who) => {
					ensure!(!Members::<T>::contains_key(project, who), Error::<T>::AlreadyMember)
				}
				MembershipChange::Remove(who) => {
					ensure!(Members::<T>::contains_key(project, who), Error::<T>::NotMember)
				}
			}
			Ok(())
		}

		/// Applies a membership change to a consortium.
		fn apply_change(
			project: ProjectId,
			change: MembershipChange<T::AccountId>,
		) -> DispatchResult {
			Self::ensure_effective(project, &change)?;
			Projects::<T>::try_mutate(project, |maybe| -> DispatchResult {
				let p = maybe.as_mut().ok_or(Error::<T>::UnknownProject)?;
				match &change {
					MembershipChange::Add(who) => {
						ensure!(p.member_count < T::MaxMembers::get(), Error::<T>::TooManyMembers);
						Members::<T>::insert(project, who, ());
						p.member_count = p.member_count.saturating_add(1);
					}
					MembershipChange::Remove(who) => {
						ensure!(p.member_count > 1, Error::<T>::LastMember);
						Members::<T>::remove(project, who);
						p.member_count = p.member_count.saturating_sub(1);
						p.member_removals = p.member_removals.saturating_add(1);
					}
				}
				Ok(())
			})?;
			Self::deposit_event(match change {
				MembershipChange::Add(member) => Event::MemberAdded { project, member },
				MembershipChange::Remove(member) => Event::MemberRemoved { project, member },
			});
			Ok(())
		}

		/// Releases a recorded deposit, exactly. When the balances pallet refuses (the released
		/// funds would overflow the account's balance, which only a root-set balance near
		/// `u128::MAX` can cause: found by the runtime fuzzer), the caller fails and its
		/// transaction changes nothing, instead of dropping the record and leaving the hold.
		pub(crate) fn release(
			who: &T::AccountId,
			reason: HoldReason,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			T::Currency::release(&reason.into(), who, amount, Precision::Exact).map(|_| ())
		}

		/// Makes an accepted contribution part of the record: [`Settled`] unless the walk
		/// already marked it affected (a pending child of withdrawn work), and one more
		/// accepted contribution of its project for each author ([`ProjectAuthors`]).
		fn settle(id: ContributionId, project: &ProjectId, authors: &[(T::AccountId, Perbill)]) {
			if !AffectedBy::<T>::contains_key(id) {
				Settled::<T>::insert(id, ());
			}
			for (author, _) in authors {
				ProjectAuthors::<T>::mutate(project, author, |n| *n = n.saturating_add(1));
			}
		}

		/// The shares held by the authors of `record` whose bits are set in `asked`.
		pub(crate) fn withdrawal_support(record: &ContributionOf<T>, asked: u32) -> Perbill {
			record
				.authors
				.iter()
				.enumerate()
				.filter(|(i, _)| asked & (1u32 << i) != 0)
				.fold(Perbill::zero(), |sum, (_, (_, share))| sum.saturating_add(*share))
		}

		/// Whether authors holding `support` of the shares withdraw a contribution: more than
		/// half.
		pub(crate) fn withdraws(support: Perbill) -> bool {
			support > Perbill::from_percent(50)
		}

		/// Records `who`'s request to withdraw contribution `id`, and withdraws it when the
		/// authors asking hold more than half of its shares.
		fn do_request_withdrawal(
			id: ContributionId,
			who: T::AccountId,
			reason: BoundedVec<u8, T::MaxReasonLen>,
		) -> DispatchResult {
			let mut record = Contributions::<T>::get(id).ok_or(Error::<T>::UnknownContribution)?;
			let index = Self::author_index(&record, &who)?;
			ensure!(record.status == ContributionStatus::Active, Error::<T>::NotActive);
			let asked = WithdrawalRequests::<T>::get(id).unwrap_or_default();
			let bit = 1u32 << index;
			ensure!(asked & bit == 0, Error::<T>::AlreadyRequested);
			let asked = asked | bit;
			let support = Self::withdrawal_support(&record, asked);
			if !Self::withdraws(support) {
				WithdrawalRequests::<T>::insert(id, asked);
				Self::deposit_event(Event::WithdrawalRequested { id, by: who, support });
				return Ok(());
			}
			record.status = ContributionStatus::Withdrawn {
				at: frame_system::Pallet::<T>::block_number(),
				reason,
			};
			Contributions::<T>::insert(id, record);
			WithdrawalRequests::<T>::remove(id);
			Settled::<T>::remove(id);
			// An affected contribution's descendants are marked by the walk that reached it.
			if !AffectedBy::<T>::contains_key(id) {
				Self::enqueue_frontier(id, id);
			}
			Self::deposit_event(Event::ContributionWithdrawn { id, by: who });
			Ok(())
		}

		/// What a pending contribution removed now forfeits of its deposit for the time it held
		/// its content: [`Config::ContributionDepositBase`] × the part of
		/// [`Config::PendingPeriod`] that has passed (all of it once expired), at most the
		/// deposit. Without it, co-authors who never approve (sybils of the registrar) would
		/// hold a CID for free, and hold it again at once.
		pub fn pending_forfeit(record: &ContributionOf<T>) -> BalanceOf<T> {
			let held = frame_system::Pallet::<T>::block_number()
				.saturating_sub(record.registered_at)
				.saturated_into::<u64>();
			let period = T::PendingPeriod::get().saturated_into::<u64>().max(1);
			let part = Perbill::from_rational(held.min(period), period);
			(part * T::ContributionDepositBase::get()).min(record.deposit)
		}

		/// Removes a pending contribution and its index entries, burns what it forfeits
		/// ([`Self::pending_forfeit`]) and releases the rest of its deposit. Returns what was
		/// burned.
		fn remove_pending(
			id: ContributionId,
			record: ContributionOf<T>,
		) -> Result<BalanceOf<T>, DispatchError> {
			let forfeit = Self::pending_forfeit(&record);
			for parent in record.parents.iter() {
				Children::<T>::remove(parent, OrderedId(id));
			}
			for (author, _) in record.authors.iter() {
				ContributionsByAuthor::<T>::remove(author, OrderedId(id));
			}
			ContributionsByProject::<T>::remove(record.project, OrderedId(id));
			NoDerivatives::<T>::remove(id);
			// A pending child of withdrawn work is marked like any other (and queued, with no
			// children to walk): removed, it leaves no mark.
			AffectedBy::<T>::remove(id);
			match content_key(&record.cid) {
				Ok(content) => {
					ContributionByContent::<T>::remove(&content);
					// A commitment made while the content was held pending (its CID is on
					// chain, its expiry known) would make whoever made it the only one able to
					// register the content once freed: it is burned instead.
					Self::forfeit_commitment(commitments::registration_tag(&content))?;
				}
				Err(_) => {
					defensive!("a stored CID was validated when it was registered");
				}
			}
			Projects::<T>::mutate(record.project, |p| {
				if let Some(p) = p {
					p.contribution_count = p.contribution_count.saturating_sub(1);
				}
			});
			Contributions::<T>::remove(id);
			let burned = T::Currency::burn_held(
				&HoldReason::ContributionDeposit.into(),
				&record.registrar,
				forfeit,
				Precision::Exact,
				Fortitude::Force,
			)?;
			Self::release(
				&record.registrar,
				HoldReason::ContributionDeposit,
				record.deposit.saturating_sub(burned),
			)?;
			Ok(burned)
		}
	}
}
