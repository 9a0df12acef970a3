//! # Payouts pallet
//!
//! Pays the contributors of a project by its score snapshots: sponsors' reward pools released
//! when evaluators report that a model crossed a benchmark, and licence sales. A share of every
//! amount flows up the lineage to the projects the work derives from (royalties).
//!
//! ## Money
//! Every unit the pallet owes is held on its account ([`Pallet::account_id`]) under
//! [`HoldReason::Funds`]: escrowed pools, money distributed to snapshots and not yet claimed,
//! and money waiting for a project's first payable snapshot. Nothing is minted or burned:
//! payments move existing funds, so total issuance never changes. `try_state` checks that the
//! hold equals exactly what is owed.
//!
//! ## Reward pools
//! 1. A sponsor escrows an amount for a project ([`Call::create_pool`]) with a [`Trigger`]
//!    (metric, comparator, threshold, evaluation-set CID) and a deadline, and may top it up
//!    ([`Call::top_up`]). The pool records the terms it was funded under: the evaluation
//!    terms of the project's policy at that moment (checked by the evaluation engine against
//!    the runtime's floors) and the project's royalty share to parents. Later edits of the
//!    project never change them.
//! 2. The project's owner starts a report on one of the project's model checkpoints
//!    ([`Call::start_report`]): a *measurement* requested from the evaluation engine
//!    ([`Config::Measurements`], the scoring pallet) under the pool's terms, which must be
//!    final by the deadline. The engine's staked evaluators (not the owner, the sponsor or
//!    the project's authors) commit and reveal there, it aggregates, slashes and opens a
//!    dispute window. Only the owner starts reports, so the sponsor cannot keep the pool busy
//!    with weak checkpoints until its deadline.
//! 3. Once the measurement is final, anyone concludes the report ([`Call::conclude_report`]):
//!    a final value crossing the threshold releases the pool; otherwise the pool stays open
//!    for another report.
//! 4. After the deadline an unreleased pool is refunded to its sponsor ([`Call::refund`]).
//!
//! ## Licences
//! A project's owner offers one of its datasets or model checkpoints under its licence terms
//! ([`Call::offer_licence`]): terms that forbid commercial use or derivative works cannot be
//! sold as allowing them. A buyer pays the price ([`Call::buy_licence`]) and gets a
//! [`LicenceRecord`] as proof; the revenue is distributed like a released pool.
//!
//! ## Evaluator access
//! A licensed artifact is served only to its licensees, yet evaluators must measure it. Its
//! project's owner may let the evaluators the scoring pallet draws for a round or measurement
//! that uses it get it while that assignment lasts ([`Call::set_evaluator_access`], per
//! project or per contribution, off unless turned on; see [`evaluator_access`]). Gateways
//! (`attrib serve`) read the setting from [`EvaluatorAccess`].
//!
//! ## Distribution, royalties and claims
//! An amount earned by a project through contribution `c` is split by one rule
//! ([`royalties`]): of the project's `royalty_to_parents` share, each parent of `c` that the
//! project's owner approved ([`Call::set_royalty_weights`]) first gets its floor (the royalty
//! term of its own licence), then the rest of the share is split among them by the owner's
//! weights; parents the registrar declared but the owner did not approve get nothing, so sybil
//! parents cannot dilute genuine ones (audit M1). Each parent passes its own project's share
//! on by the same rule, up to [`Config::MaxRoyaltyDepth`] generations, at most
//! [`Config::MaxRoyaltyRecipients`] parents paid and [`Config::MaxRoyaltyReads`] parent
//! records read per distribution; the rest is credited to the
//! project's latest payable score snapshot: one write to its [`Accrual`], whatever the number
//! of contributors. A project without a payable snapshot keeps it in [`Undistributed`] until
//! anyone pushes it to one ([`Call::push_undistributed`]).
//!
//! An author of contribution `c` scored with share `s_c`, holding author share `s_a`, is owed
//! `floor(released · s_c · s_a)` of each accrual; [`Call::claim`] pays what is owed minus
//! what it was already paid, for several snapshots and contributions at once. Rounding down
//! leaves at most one unit per author in each accrual: that dust stays held and counted
//! (`released − claimed`), never lost.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod derivatives;
mod distribution;
pub mod evaluator_access;
mod invariants;
#[cfg(test)]
mod mock;
mod pools;
pub mod queries;
pub mod royalties;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_at_scale;
#[cfg(test)]
mod tests_evaluator_access;
#[cfg(test)]
mod tests_royalties;
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
		contribution::ContributionKind,
		payout::{
			Accrual, LicenceId, LicenceOffer, LicenceRecord, PoolId, RewardPool, SaleTerms, Trigger,
		},
		score::EvaluationTerms,
		traits::{ContributionRegistry, Measurements, ScoreProvider, SnapshotUsage},
		ContributionId, ProjectId, SnapshotVersion,
	};
	use frame::{
		hashing::blake2_256,
		prelude::*,
		traits::{
			fungible::{Inspect, Mutate, MutateHold},
			tokens::{Fortitude, Precision, Preservation, Restriction},
		},
	};
	use polkadot_sdk::sp_core::H256;

	/// The balance type of the currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// Evaluation terms as this runtime uses them.
	pub type TermsOf<T> = EvaluationTerms<BalanceOf<T>, BlockNumberFor<T>>;

	/// A reward pool as this runtime stores it.
	pub type PoolOf<T> =
		RewardPool<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// A royalty split as this runtime stores it.
	pub type RoyaltySplitOf<T> = RoyaltySplit<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		<T as Config>::MaxRoyaltyWeights,
	>;

	/// A licence offer as this runtime stores it.
	pub type OfferOf<T> =
		LicenceOffer<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// A sold licence as this runtime stores it.
	pub type LicenceOf<T> =
		LicenceRecord<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;

	/// Offer terms as a call gives them.
	pub type OfferTermsOf<T> = OfferTerms<BalanceOf<T>, BlockNumberFor<T>>;

	/// The in-code storage version. Version 3 (pools' terms name a committee of seats) and
	/// version 2 (pools that record their evaluation terms and royalty at funding, reports
	/// measured by the scoring pallet) were introduced before launch: no chain holds version 1
	/// or 2 state, so there is no migration to them.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency rewards are paid in and deposits are held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The contribution registry: projects, contributions, authors, lineage, licences.
		type Registry: ContributionRegistry<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// Final score snapshots.
		type Scores: ScoreProvider;

		/// The evaluation engine (the scoring pallet): measures checkpoints for reports.
		type Measurements: Measurements<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// Derives the pallet's account, which holds every unit the pallet owes.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Held from a pool's sponsor while the pool is stored.
		#[pallet::constant]
		type PoolDeposit: Get<BalanceOf<Self>>;

		/// Held from a seller while its offer is stored.
		#[pallet::constant]
		type OfferDeposit: Get<BalanceOf<Self>>;

		/// Held from a licensee while its licence record is stored.
		#[pallet::constant]
		type LicenceDeposit: Get<BalanceOf<Self>>;

		/// Smallest amount a pool may escrow.
		#[pallet::constant]
		type MinPoolAmount: Get<BalanceOf<Self>>;

		/// Smallest price of a licence.
		#[pallet::constant]
		type MinLicencePrice: Get<BalanceOf<Self>>;

		/// Longest time from a pool's creation to its deadline.
		#[pallet::constant]
		type MaxPoolDuration: Get<BlockNumberFor<Self>>;

		/// Most targets one claim pays.
		#[pallet::constant]
		type MaxClaimTargets: Get<u32>;

		/// How many generations up the lineage royalties flow.
		#[pallet::constant]
		type MaxRoyaltyDepth: Get<u32>;

		/// Most parent contributions one distribution pays royalties to; the part of parents
		/// beyond it stays with the project that earned it.
		#[pallet::constant]
		type MaxRoyaltyRecipients: Get<u32>;

		/// Most parent records one distribution reads (approved parents, whether paid or
		/// not): the royalty walk stops when it has read this many, so that its cost is
		/// bounded whatever the lineage (audit M8).
		#[pallet::constant]
		type MaxRoyaltyReads: Get<u32>;

		/// Most parents one royalty split approves (at least the registry's most parents of
		/// a contribution).
		#[pallet::constant]
		type MaxRoyaltyWeights: Get<u32>;

		/// Held from a project's owner for each royalty split it sets.
		#[pallet::constant]
		type RoyaltySplitDeposit: Get<BalanceOf<Self>>;

		/// How long money earned by a project without a payable snapshot waits for one
		/// ([`Undistributed`]) before anyone may send it to [`Config::Treasury`] (audit L9).
		#[pallet::constant]
		type UndistributedTimeout: Get<BlockNumberFor<Self>>;

		/// Where money that waited [`Config::UndistributedTimeout`] for a payable snapshot goes.
		type Treasury: Get<Self::AccountId>;

		/// Held from a project's owner for each evaluator-access setting it makes.
		#[pallet::constant]
		type EvaluatorAccessDeposit: Get<BalanceOf<Self>>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up registry and scoring state for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId, BalanceOf<Self>>;
	}

	/// Sets up what the benchmarks need from the registry and scoring.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId, Balance> {
		/// Creates a project owned by `owner`, evaluated by a policy at the runtime's floors,
		/// and royalty share 10% to parents. It has an
		/// active model checkpoint authored by `author` that derives from the worst-case
		/// lineage for royalties (each ancestor in another project with a payable snapshot,
		/// approved in royalty splits so that one distribution pays `MaxRoyaltyRecipients`
		/// parents and reads `MaxRoyaltyReads` parent records), and a payable final snapshot
		/// scoring `scored` contributions, the checkpoint among them. Returns the project, its
		/// snapshot version and the checkpoint.
		fn scored_project(
			owner: &AccountId,
			author: &AccountId,
			scored: u32,
		) -> (ProjectId, SnapshotVersion, ContributionId);

		/// Makes the measurement `id` final with the value `median`, as a committee of staked
		/// evaluators would.
		fn measure(id: attribution_primitives::score::MeasurementId, median: i64);

		/// Creates a project owned by `owner` with no score snapshot.
		fn unscored_project(owner: &AccountId) -> ProjectId;

		/// Hands the project of `contribution` from its owner to `to`.
		fn hand_over(contribution: ContributionId, to: &AccountId);

		/// Creates an active contribution in a project owned by `owner` with `parents`
		/// parents, each active in a project of its own with a licence asking no royalty.
		/// Returns it and its parents.
		fn contribution_with_parents(
			owner: &AccountId,
			parents: u32,
		) -> (ContributionId, Vec<ContributionId>);
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Everything the pallet owes, held on its own account.
		Funds,
		/// A pool's storage deposit, held from its sponsor.
		PoolDeposit,
		/// An offer's storage deposit, held from its seller.
		OfferDeposit,
		/// A licence record's storage deposit, held from its licensee.
		LicenceDeposit,
		/// A royalty split's storage deposit, held from the project owner who set it.
		RoyaltySplitDeposit,
		/// An evaluator-access setting's storage deposit, held from the project owner who
		/// made it.
		EvaluatorAccessDeposit,
	}

	/// The id the next pool gets.
	#[pallet::storage]
	pub type NextPoolId<T> = StorageValue<_, PoolId, ValueQuery>;

	/// Reward pools: open, reporting, or released and not yet closed.
	#[pallet::storage]
	pub type Pools<T: Config> = StorageMap<_, Twox64Concat, PoolId, PoolOf<T>>;

	/// Licence offers by contribution.
	#[pallet::storage]
	pub type Offers<T: Config> = StorageMap<_, Twox64Concat, ContributionId, OfferOf<T>>;

	/// The id the next licence gets.
	#[pallet::storage]
	pub type NextLicenceId<T> = StorageValue<_, LicenceId, ValueQuery>;

	/// Sold licences.
	#[pallet::storage]
	pub type Licences<T: Config> = StorageMap<_, Twox64Concat, LicenceId, LicenceOf<T>>;

	/// Licences by licensee.
	#[pallet::storage]
	pub type LicencesByHolder<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, LicenceId, ()>;

	/// Who may build on a contribution whose terms forbid derivatives: by contribution and
	/// holder, when the holder's licences of it that grant derivatives end (`None`: one is
	/// perpetual). Kept by `buy_licence` and `drop_licence`; read by the registry through
	/// [`attribution_primitives::traits::DerivativeRights`].
	#[pallet::storage]
	pub type DerivativeGrants<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ContributionId,
		Blake2_128Concat,
		T::AccountId,
		Option<BlockNumberFor<T>>,
	>;

	/// Money distributed to each project's score snapshots, and what was claimed of it.
	#[pallet::storage]
	pub type Accruals<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		ProjectId,
		Twox64Concat,
		SnapshotVersion,
		Accrual<BalanceOf<T>>,
		ValueQuery,
	>;

	/// What each author was paid from each accrual, per scored contribution.
	#[pallet::storage]
	pub type Paid<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		(ProjectId, SnapshotVersion, ContributionId),
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// The parents of each contribution that its project's owner approved for royalties, with
	/// their weights: the only parents a distribution through that contribution pays.
	#[pallet::storage]
	pub type RoyaltySplits<T: Config> =
		StorageMap<_, Twox64Concat, ContributionId, RoyaltySplitOf<T>>;

	/// Money earned by projects that had no payable snapshot yet.
	#[pallet::storage]
	pub type Undistributed<T: Config> =
		StorageMap<_, Twox64Concat, ProjectId, BalanceOf<T>, ValueQuery>;

	/// Since when each project's [`Undistributed`] money has waited: the block its oldest
	/// part arrived.
	#[pallet::storage]
	pub type UndistributedSince<T: Config> =
		StorageMap<_, Twox64Concat, ProjectId, BlockNumberFor<T>>;

	/// Project owners' evaluator-access settings ([`evaluator_access`]): whether evaluators
	/// drawn for work that uses a project's (or one contribution's) licensed artifacts may get
	/// them. No entry: no access.
	#[pallet::storage]
	pub type EvaluatorAccess<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		AccessScope,
		EvaluatorAccessSetting<T::AccountId, BalanceOf<T>>,
	>;

	/// Genesis: the pallet's account is created with the existential deposit, so that held
	/// funds can always be moved in and out of it.
	#[pallet::genesis_config]
	#[derive(frame::prelude::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		#[serde(skip)]
		_config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::ensure_account_exists();
		}
	}

	/// Events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A sponsor escrowed a reward pool under `terms` and `royalty_to_parents`.
		PoolCreated {
			pool: PoolId,
			sponsor: T::AccountId,
			project: ProjectId,
			amount: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
			terms: TermsOf<T>,
			royalty_to_parents: Perbill,
		},
		/// A sponsor added to its pool.
		PoolToppedUp { pool: PoolId, added: BalanceOf<T>, amount: BalanceOf<T> },
		/// The evaluation engine is measuring `checkpoint` for the pool.
		ReportStarted {
			pool: PoolId,
			checkpoint: ContributionId,
			measurement: attribution_primitives::score::MeasurementId,
			attempt: u32,
		},
		/// A report ended: `median` is `None` when the measurement failed.
		ReportConcluded { pool: PoolId, reveals: u32, median: Option<i64>, crossed: bool },
		/// A report crossed its threshold, but its checkpoint was withdrawn or marked as
		/// descending from withdrawn work since the report started: the pool reopened
		/// instead of releasing.
		ReportVoided { pool: PoolId, checkpoint: ContributionId },
		/// A pool was released to its project's contributors.
		PoolReleased { pool: PoolId, project: ProjectId, amount: BalanceOf<T>, result: i64 },
		/// An unreleased pool was returned to its sponsor after its deadline.
		PoolRefunded { pool: PoolId, sponsor: T::AccountId, amount: BalanceOf<T> },
		/// A released pool's record was removed and its deposit returned.
		PoolClosed { pool: PoolId },
		/// A project's owner offered licences of a contribution.
		LicenceOffered {
			contribution: ContributionId,
			seller: T::AccountId,
			price: BalanceOf<T>,
			terms_hash: H256,
		},
		/// An offer was withdrawn, sold out, or replaced by the project's new owner.
		OfferRemoved { contribution: ContributionId },
		/// A licence was bought.
		LicenceBought {
			licence: LicenceId,
			contribution: ContributionId,
			licensee: T::AccountId,
			price: BalanceOf<T>,
			expires_at: Option<BlockNumberFor<T>>,
		},
		/// An expired licence record was removed and its deposit returned.
		LicenceDropped { licence: LicenceId },
		/// Money was credited to a project's score snapshot, to be claimed by its contributors.
		Distributed { project: ProjectId, version: SnapshotVersion, amount: BalanceOf<T> },
		/// Royalties flowed from `from` to the project of parent contribution `parent`.
		RoyaltyPaid { from: ProjectId, parent: ContributionId, amount: BalanceOf<T> },
		/// The owner of `contribution`'s project approved `parents` of it for royalties (none:
		/// the split was removed and its deposit released).
		RoyaltySplitSet { contribution: ContributionId, parents: u32 },
		/// Money earned by a project without a payable snapshot is kept for it.
		HeldUndistributed { project: ProjectId, amount: BalanceOf<T> },
		/// Money that waited `UndistributedTimeout` for a payable snapshot of `project` went
		/// to the treasury.
		UndistributedSwept { project: ProjectId, amount: BalanceOf<T>, to: T::AccountId },
		/// A project's owner set (`Some`) or removed (`None`) whether drawn evaluators may get
		/// the artifacts of `scope`.
		EvaluatorAccessSet { scope: AccessScope, allowed: Option<bool> },
		/// An author claimed.
		Claimed { who: T::AccountId, amount: BalanceOf<T>, targets: u32 },
	}

	/// Errors of the pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// No project with this id.
		UnknownProject,
		/// No pool with this id.
		UnknownPool,
		/// No contribution with this id.
		UnknownContribution,
		/// The evaluation-set CID is not a valid CID.
		InvalidCid,
		/// Less than `MinPoolAmount`.
		AmountTooLow,
		/// The deadline is in the past or further than `MaxPoolDuration` away.
		BadDeadline,
		/// Only the pool's sponsor may do this.
		NotSponsor,
		/// Only the project's owner may do this.
		NotOwner,
		/// The pool was released already.
		AlreadyReleased,
		/// The pool's deadline has passed.
		DeadlinePassed,
		/// The pool's deadline has not passed yet.
		DeadlineNotReached,
		/// The pool is not released.
		NotReleased,
		/// A report is under way.
		ReportUnderWay,
		/// No report is under way.
		NoReport,
		/// The report's measurement would not be final by the pool's deadline.
		ReportOutlastsDeadline,
		/// The contribution is not an active model checkpoint or fine-tune of the pool's project.
		NotACheckpoint,
		/// The report's measurement is not final yet.
		MeasurementPending,
		/// Only the project's owner may offer its contributions.
		NotProjectOwner,
		/// Only datasets, model checkpoints and fine-tunes are licensed.
		NotLicensable,
		/// The contribution is not active.
		NotActive,
		/// Its licence forbids commercial use.
		CommercialUseForbidden,
		/// Below `MinLicencePrice`.
		PriceTooLow,
		/// An offer with zero seats or a zero duration.
		EmptyOffer,
		/// The contribution has an offer already.
		OfferExists,
		/// No offer for this contribution.
		NoOffer,
		/// Only the seller may do this.
		NotSeller,
		/// The price is above the buyer's maximum.
		PriceAboveMaximum,
		/// The offer's terms are not those the buyer agreed to: it was replaced since.
		TermsChanged,
		/// No licence with this id.
		UnknownLicence,
		/// Only the licensee may do this.
		NotLicensee,
		/// The licence has not expired.
		NotExpired,
		/// The contribution is not scored in that snapshot.
		NotScored,
		/// The caller is not an author of the contribution.
		NotAnAuthor,
		/// Nothing to claim.
		NothingToClaim,
		/// The project has no payable score snapshot.
		NoPayableSnapshot,
		/// Nothing is waiting for the project.
		NothingUndistributed,
		/// A royalty split names a contribution that is not a parent of the contribution.
		NotAParent,
		/// A royalty split names a parent twice.
		DuplicateParent,
		/// A royalty split names a parent in the contribution's own project: royalties flow
		/// only between projects.
		SameProjectParent,
		/// A royalty split names a parent that is not active (withdrawn, or descended from
		/// withdrawn work).
		ParentNotActive,
		/// The money has not waited `UndistributedTimeout` yet.
		NotTimedOut,
		/// The project has a payable snapshot: push the money to it instead.
		PayableSnapshotExists,
		/// There is no evaluator-access setting to remove.
		NoAccessSetting,
		/// A royalty split's weights sum to more than 100%.
		WeightsExceedWhole,
		/// A royalty split names more than `MaxRoyaltyWeights` parents.
		TooManyWeights,
		/// The approved parents' floors (their licences' royalty terms) sum to more than the
		/// project's royalty share to parents.
		FloorsExceedShare,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxClaimTargets::get() >= 1, "MaxClaimTargets must be at least 1");
			assert!(T::MaxRoyaltyReads::get() >= 1, "a royalty walk must read its parents");
			assert!(
				T::MinPoolAmount::get() >= T::Currency::minimum_balance(),
				"MinPoolAmount must be at least the existential deposit"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), frame::try_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Escrows `amount` for `project`'s contributors, released when a report on one of
		/// its checkpoints meets `trigger` by `deadline`. Holds [`Config::PoolDeposit`].
		///
		/// ## Details
		/// The pool records the terms it is funded under: the evaluation terms of the
		/// project's policy now (refused under the runtime's floors) and the project's royalty
		/// share to parents. Reports on the pool always run under them. `committee` asks for
		/// a larger committee than the policy's (never a smaller one, at most the engine's
		/// `MaxCommittee`): a sponsor putting more at stake buys a smaller risk of a captured
		/// committee. Each report's round deposit grows with the seats.
		///
		/// ## Dispatch Origin
		/// Signed by the sponsor.
		///
		/// ## Events
		/// [`Event::PoolCreated`], with the recorded terms.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_pool())]
		pub fn create_pool(
			origin: OriginFor<T>,
			project: ProjectId,
			trigger: Trigger,
			amount: BalanceOf<T>,
			deadline: BlockNumberFor<T>,
			committee: Option<u32>,
		) -> DispatchResult {
			let sponsor = ensure_signed(origin)?;
			Self::do_create_pool(sponsor, project, trigger, amount, deadline, committee)
		}

		/// Adds `amount` to an unreleased pool before its deadline.
		///
		/// ## Dispatch Origin
		/// Signed by the pool's sponsor.
		///
		/// ## Events
		/// [`Event::PoolToppedUp`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(origin: OriginFor<T>, pool: PoolId, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_top_up(who, pool, amount)
		}

		/// Starts a report on `checkpoint` (an active model checkpoint or fine-tune of the
		/// pool's project): the evaluation engine measures it under the pool's terms. The
		/// caller holds the measurement's deposit until it ends; the measurement must be final
		/// by the pool's deadline.
		///
		/// ## Dispatch Origin
		/// Signed by the project's owner.
		///
		/// ## Events
		/// [`Event::ReportStarted`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::start_report())]
		pub fn start_report(
			origin: OriginFor<T>,
			pool: PoolId,
			checkpoint: ContributionId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_start_report(who, pool, checkpoint)
		}

		/// Concludes the pool's report once its measurement is final: a value crossing the
		/// threshold releases the pool to the project's contributors (and royalties, by the
		/// share fixed at funding, up the checkpoint's lineage); otherwise the pool stays
		/// open for another report.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::ReportConcluded`]; [`Event::PoolReleased`] when it crossed, or
		/// [`Event::ReportVoided`] when it crossed but its checkpoint is no longer active
		/// (withdrawn, or descended from withdrawn work).
		#[pallet::call_index(5)]
		#[pallet::weight(
			T::WeightInfo::conclude_report().saturating_add(T::Measurements::take_outcome_weight())
		)]
		pub fn conclude_report(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_conclude_report(pool)
		}

		/// Returns an unreleased pool to its sponsor after its deadline and removes it (the
		/// money goes to the sponsor). A report under way must be concluded first.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::PoolRefunded`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::refund())]
		pub fn refund(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_refund(pool)
		}

		/// Removes a released pool's record and returns its deposit; the release stays in
		/// the events and the accruals.
		///
		/// ## Dispatch Origin
		/// Signed by the pool's sponsor.
		///
		/// ## Events
		/// [`Event::PoolClosed`].
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::close_pool())]
		pub fn close_pool(origin: OriginFor<T>, pool: PoolId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_close_pool(who, pool)
		}

		/// Offers licences of `contribution` (an active dataset, model checkpoint or fine-tune)
		/// under `terms` (its project's owner only). Holds [`Config::OfferDeposit`]. An offer
		/// made by a former owner of the project is replaced (its deposit returned to it): an
		/// offer follows the project's ownership.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::offer_licence())]
		pub fn offer_licence(
			origin: OriginFor<T>,
			contribution: ContributionId,
			terms: OfferTermsOf<T>,
		) -> DispatchResult {
			let seller = ensure_signed(origin)?;
			let info = T::Registry::contribution_info(contribution)
				.ok_or(Error::<T>::UnknownContribution)?;
			let (owner, _) = T::Registry::project_owner_and_policy(info.project)
				.ok_or(Error::<T>::UnknownProject)?;
			ensure!(owner == seller, Error::<T>::NotProjectOwner);
			ensure!(info.active, Error::<T>::NotActive);
			ensure!(
				matches!(
					info.kind,
					ContributionKind::Dataset
						| ContributionKind::ModelCheckpoint
						| ContributionKind::FineTune
				),
				Error::<T>::NotLicensable
			);
			ensure!(
				!terms.commercial || info.licence.commercial_use,
				Error::<T>::CommercialUseForbidden
			);
			ensure!(terms.price >= T::MinLicencePrice::get(), Error::<T>::PriceTooLow);
			ensure!(
				terms.seats != Some(0) && terms.duration.is_none_or(|d| !d.is_zero()),
				Error::<T>::EmptyOffer
			);
			if let Some(existing) = Offers::<T>::get(contribution) {
				ensure!(existing.seller != seller, Error::<T>::OfferExists);
				Self::remove_offer(contribution, &existing)?;
			}
			let deposit = T::OfferDeposit::get();
			T::Currency::hold(&HoldReason::OfferDeposit.into(), &seller, deposit)?;
			let terms_hash =
				H256(blake2_256(&(&info.licence, terms.commercial, terms.derivatives).encode()));
			Offers::<T>::insert(
				contribution,
				LicenceOffer {
					seller: seller.clone(),
					price: terms.price,
					duration: terms.duration,
					seats_left: terms.seats,
					commercial: terms.commercial,
					derivatives: terms.derivatives,
					terms_hash,
					deposit,
				},
			);
			Self::deposit_event(Event::LicenceOffered {
				contribution,
				seller,
				price: terms.price,
				terms_hash,
			});
			Ok(())
		}

		/// Withdraws an offer and returns its deposit to its seller (the seller, or the
		/// project's owner when the project changed hands since the offer).
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::withdraw_offer())]
		pub fn withdraw_offer(
			origin: OriginFor<T>,
			contribution: ContributionId,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let offer = Offers::<T>::get(contribution).ok_or(Error::<T>::NoOffer)?;
			let owner = T::Registry::contribution_info(contribution)
				.and_then(|info| T::Registry::project_owner_and_policy(info.project))
				.map(|(owner, _)| owner);
			ensure!(offer.seller == who || owner == Some(who), Error::<T>::NotSeller);
			Self::remove_offer(contribution, &offer)
		}

		/// Buys a licence of `contribution` at its offer's price, if that is at most
		/// `max_price` and the offer still has the `expected` terms (what the buyer saw:
		/// `attribution_licenceOffer`'s duration, grants and terms hash). The licensee gets a
		/// [`LicenceRecord`] (deposit
		/// [`Config::LicenceDeposit`]); the price is distributed to the contribution's project
		/// and, as royalties, up its lineage.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::buy_licence())]
		pub fn buy_licence(
			origin: OriginFor<T>,
			contribution: ContributionId,
			max_price: BalanceOf<T>,
			expected: SaleTerms<BlockNumberFor<T>>,
		) -> DispatchResult {
			let licensee = ensure_signed(origin)?;
			let mut offer = Offers::<T>::get(contribution).ok_or(Error::<T>::NoOffer)?;
			ensure!(offer.price <= max_price, Error::<T>::PriceAboveMaximum);
			ensure!(offer.sale_terms() == expected, Error::<T>::TermsChanged);
			let project = T::Registry::active_contribution_project(contribution)
				.ok_or(Error::<T>::NotActive)?;
			let now = frame_system::Pallet::<T>::block_number();
			let licence = NextLicenceId::<T>::get();
			let deposit = T::LicenceDeposit::get();
			T::Currency::hold(&HoldReason::LicenceDeposit.into(), &licensee, deposit)?;
			Self::escrow(&licensee, offer.price)?;
			let expires_at = offer.duration.map(|d| now.saturating_add(d));
			NextLicenceId::<T>::put(licence.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			Licences::<T>::insert(
				licence,
				LicenceRecord {
					licensee: licensee.clone(),
					contribution,
					price: offer.price,
					terms_hash: offer.terms_hash,
					commercial: offer.commercial,
					derivatives: offer.derivatives,
					bought_at: now,
					expires_at,
					deposit,
				},
			);
			LicencesByHolder::<T>::insert(&licensee, licence, ());
			if offer.derivatives {
				Self::grant_derivatives(contribution, &licensee, expires_at);
			}
			let price = offer.price;
			match offer.seats_left {
				Some(1) => Self::remove_offer(contribution, &offer)?,
				Some(seats) => {
					offer.seats_left = Some(seats.saturating_sub(1));
					Offers::<T>::insert(contribution, offer);
				}
				None => {}
			}
			Self::deposit_event(Event::LicenceBought {
				licence,
				contribution,
				licensee,
				price,
				expires_at,
			});
			let royalty = T::Registry::royalty_to_parents(project).unwrap_or_default();
			Self::distribute(project, Some(contribution), price, royalty)
		}

		/// Removes an expired licence record and returns its deposit (its licensee only).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::drop_licence())]
		pub fn drop_licence(origin: OriginFor<T>, licence: LicenceId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Licences::<T>::get(licence).ok_or(Error::<T>::UnknownLicence)?;
			ensure!(record.licensee == who, Error::<T>::NotLicensee);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(record.expires_at.is_some_and(|end| now > end), Error::<T>::NotExpired);
			T::Currency::release(
				&HoldReason::LicenceDeposit.into(),
				&who,
				record.deposit,
				Precision::BestEffort,
			)?;
			Licences::<T>::remove(licence);
			LicencesByHolder::<T>::remove(&who, licence);
			if record.derivatives {
				Self::drop_expired_grant(record.contribution, &who);
			}
			Self::deposit_event(Event::LicenceDropped { licence });
			Ok(())
		}

		/// Pays the caller what it is owed as an author of each target's contribution from
		/// that snapshot's accrual, minus what it was paid before.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::claim(targets.len() as u32))]
		pub fn claim(
			origin: OriginFor<T>,
			targets: BoundedVec<ClaimTarget, T::MaxClaimTargets>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut total = BalanceOf::<T>::zero();
			for target in targets.iter() {
				let amount = Self::claim_one(&who, target)?;
				total = total.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			}
			ensure!(!total.is_zero(), Error::<T>::NothingToClaim);
			Self::pay_out(&who, total)?;
			Self::deposit_event(Event::Claimed {
				who,
				amount: total,
				targets: targets.len() as u32,
			});
			Ok(())
		}

		/// Approves parents of `contribution` for royalties, with their weights, replacing
		/// any earlier approval; an empty list removes it. Only approved parents are paid when
		/// money is earned through `contribution`: first each one's floor (the royalty term of
		/// its licence), then the rest of the project's royalty share in proportion to the
		/// weights; what the weights leave stays with the project. Parents the registrar
		/// declared but the owner did not approve (sybil parents among them) get nothing.
		/// Applies to money earned after the call.
		///
		/// ## Dispatch Origin
		/// Signed by the owner of `contribution`'s project, who holds
		/// [`Config::RoyaltySplitDeposit`] while the split is stored (moving it from an earlier
		/// owner who set the split before).
		///
		/// ## Errors
		/// [`Error::NotActive`] (a pending, withdrawn or affected contribution gets no new
		/// approval; an approval can always be removed), [`Error::NotAParent`],
		/// [`Error::DuplicateParent`], [`Error::SameProjectParent`],
		/// [`Error::ParentNotActive`], [`Error::WeightsExceedWhole`], [`Error::TooManyWeights`],
		/// [`Error::FloorsExceedShare`] (the floors must fit the project's royalty share).
		///
		/// ## Events
		/// [`Event::RoyaltySplitSet`].
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::set_royalty_weights(
			(parents.len() as u32).min(T::MaxRoyaltyWeights::get())
		))]
		pub fn set_royalty_weights(
			origin: OriginFor<T>,
			contribution: ContributionId,
			parents: Vec<(ContributionId, Perbill)>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let parents: BoundedVec<_, T::MaxRoyaltyWeights> =
				parents.try_into().map_err(|_| Error::<T>::TooManyWeights)?;
			Self::do_set_royalty_weights(who, contribution, parents)
		}

		/// Credits what `project` earned while it had no payable snapshot to its latest
		/// payable snapshot (anyone).
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::push_undistributed())]
		pub fn push_undistributed(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			ensure_signed(origin)?;
			let amount = Undistributed::<T>::get(project);
			ensure!(!amount.is_zero(), Error::<T>::NothingUndistributed);
			let version =
				T::Scores::latest_payable_version(project).ok_or(Error::<T>::NoPayableSnapshot)?;
			Undistributed::<T>::remove(project);
			UndistributedSince::<T>::remove(project);
			Self::credit_snapshot(project, version, amount)
		}

		/// Sends what `project` earned while it had no payable snapshot to the treasury
		/// ([`Config::Treasury`]) once its oldest part has waited
		/// [`Config::UndistributedTimeout`] and the project still has no payable snapshot
		/// (anyone): royalties owed to a project that never gets scored do not wait for ever.
		///
		/// ## Events
		/// [`Event::UndistributedSwept`].
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::sweep_undistributed())]
		pub fn sweep_undistributed(origin: OriginFor<T>, project: ProjectId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_sweep_undistributed(project)
		}

		/// Sets whether evaluators the chain draws for a round or a measurement that uses the
		/// artifacts of `scope` (a project, or one contribution, whose own setting overrides
		/// its project's) may get them without a licence (`Some(true)`), may not
		/// (`Some(false)`), or removes the setting (`None`; no setting means no access). The
		/// project's owner only (whoever made a setting may remove it once its contribution is
		/// gone); holds
		/// [`Config::EvaluatorAccessDeposit`] while the setting exists. A setting made by a
		/// former owner is replaced and its deposit returned.
		///
		/// ## Errors
		/// [`Error::UnknownContribution`], [`Error::UnknownProject`],
		/// [`Error::NotProjectOwner`], [`Error::NoAccessSetting`] (nothing to remove).
		///
		/// ## Events
		/// [`Event::EvaluatorAccessSet`].
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::set_evaluator_access())]
		pub fn set_evaluator_access(
			origin: OriginFor<T>,
			scope: AccessScope,
			allowed: Option<bool>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_set_evaluator_access(who, scope, allowed)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The pallet's account: holds every unit the pallet owes, under [`HoldReason::Funds`].
		pub fn account_id() -> T::AccountId {
			T::PalletId::get().into_account_truncating()
		}

		/// Gives the pallet's account the existential deposit if it has less, so it exists.
		pub fn ensure_account_exists() {
			let account = Self::account_id();
			let ed = T::Currency::minimum_balance();
			let free = T::Currency::balance(&account);
			if free < ed {
				let _ = T::Currency::mint_into(&account, ed.saturating_sub(free));
			}
		}

		/// Moves `amount` from `who` to the pallet's account, held as owed funds.
		pub(crate) fn escrow(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::transfer_and_hold(
				&HoldReason::Funds.into(),
				who,
				&Self::account_id(),
				amount,
				Precision::Exact,
				Preservation::Preserve,
				Fortitude::Polite,
			)?;
			Ok(())
		}

		/// Pays `amount` of the owed funds to `who`.
		pub(crate) fn pay_out(who: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
			T::Currency::transfer_on_hold(
				&HoldReason::Funds.into(),
				&Self::account_id(),
				who,
				amount,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
			Ok(())
		}

		fn remove_offer(contribution: ContributionId, offer: &OfferOf<T>) -> DispatchResult {
			T::Currency::release(
				&HoldReason::OfferDeposit.into(),
				&offer.seller,
				offer.deposit,
				Precision::BestEffort,
			)?;
			Offers::<T>::remove(contribution);
			Self::deposit_event(Event::OfferRemoved { contribution });
			Ok(())
		}

		/// Records the payment of what `who` is owed for `target` and returns it (zero when
		/// it was paid everything already).
		fn claim_one(
			who: &T::AccountId,
			target: &ClaimTarget,
		) -> Result<BalanceOf<T>, DispatchError> {
			let ClaimTarget { project, version, contribution } = *target;
			let share =
				T::Scores::share_of(project, version, contribution).ok_or(Error::<T>::NotScored)?;
			let author_share =
				Self::author_share(contribution, who).ok_or(Error::<T>::NotAnAuthor)?;
			let key = (project, version, contribution);
			let mut accrual = Accruals::<T>::get(project, version);
			let (owed, amount) = Self::owed(who, key, accrual.released, share, author_share);
			if amount.is_zero() {
				return Ok(amount);
			}
			accrual.claimed =
				accrual.claimed.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			ensure!(accrual.claimed <= accrual.released, ArithmeticError::Overflow);
			Accruals::<T>::insert(project, version, accrual);
			Paid::<T>::insert(key, who, owed);
			Ok(amount)
		}
	}

	impl<T: Config> SnapshotUsage for Pallet<T> {
		/// A snapshot that money was distributed to pays claims for ever: it is kept.
		fn in_use(project: ProjectId, version: SnapshotVersion) -> bool {
			Accruals::<T>::contains_key(project, version)
		}
	}
}
