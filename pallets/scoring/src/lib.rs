//! # Scoring pallet: the evaluation engine
//!
//! The one place where staked evaluators report numbers: evaluator stake, commit-reveal,
//! robust aggregation, penalties and disputes. Two kinds of work go through it:
//!
//! - a **Shapley round** of a project ([`Call::open_round`]): the utilities of coalitions of
//!   its contributions, which become a versioned score snapshot (each contribution's share of
//!   what the project earns);
//! - a **measurement** ([`attribution_primitives::traits::Measurements`]): one metric of one
//!   checkpoint on one evaluation set, which another pallet (payouts, for reward pools)
//!   requests and reads when final.
//!
//! ## How a round goes
//! 1. **Evaluators** register with a stake, held under [`HoldReason::EvaluatorStake`]
//!    ([`Call::register_evaluator`], [`Call::bond_extra`]); they leave by [`Call::unbond`]
//!    (only with no open work) and, `UnbondingPeriod` blocks later,
//!    [`Call::withdraw_unbonded`].
//! 2. **Opening.** A project's owner opens a Shapley round ([`Call::open_round`], deposit
//!    [`Config::RoundDeposit`]) with a utility (metric, evaluation-set CID, direction). The
//!    players are set by the chain: every active contribution of the project, `Exact` up to
//!    [`Config::MaxExactPlayers`] players and `Sampled` above. A measurement is opened by the
//!    pallet that requests it. Either way the round copies its [`EvaluationTerms`]: periods,
//!    minimum evaluators, minimum and quorum stake, outlier tolerance. A project's policy is
//!    refused under the runtime's floors ([`Config::MinCommitPeriod`],
//!    [`Config::MinRevealPeriod`], [`Config::MinDisputePeriod`], [`Config::MinEvaluators`]).
//! 3. **Commit** until `commit_end` ([`Call::commit`]):
//!    `blake2_256((round, evaluator, reveal, salt).encode())`, assigning part of the
//!    evaluator's stake to the round (at least the terms' `min_stake`; the stake assigned to
//!    open work never exceeds the stake). The project's owner, the measurement's interested
//!    party (a pool's sponsor) and the project's authors cannot commit.
//! 4. **Reveal** until `reveal_end` ([`Call::reveal`]): the chain checks the hash. An `Exact`
//!    reveal is the utility of all `2^n` coalitions (bitmask order over the players); a
//!    `Sampled` reveal is one estimate per player plus the Merkle root of the coalition
//!    utilities measured; a measurement's is one value.
//! 5. **Aggregate** after `reveal_end`, by anyone ([`Call::aggregate`]). Every commitment is
//!    settled (its stake is free again); missed reveals lose [`Config::MissedRevealSlash`] of
//!    the stake they assigned. With enough reveals and revealed stake, the consensus is the
//!    strict-majority stake-weighted median of each value; reveals outside the round's
//!    tolerance lose [`Config::OutlierSlash`]. When the stake splits exactly in half on a value,
//!    there is no consensus: the round fails and nobody is slashed as an outlier.
//! 6. **Dispute** during the dispute window ([`Call::dispute`], bond [`Config::DisputeBond`]);
//!    the [`Config::DisputeOrigin`] upholds it (the result is discarded, the bond returned)
//!    or dismisses it (the bond is slashed) ([`Call::resolve_dispute`]).
//! 7. **Finalize** after the window ([`Call::finalize`]): a Shapley round's result becomes
//!    the project's next score snapshot, unless a round opened after it already produced one
//!    (versions follow the order rounds were opened); a measurement's value becomes its final
//!    outcome, kept until the requester takes it.
//!
//! Slashed funds go to [`Config::Slash`]. Other pallets read final scores through
//! [`attribution_primitives::traits::ScoreProvider`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

mod aggregate;
pub mod aggregation;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod disputes;
mod evaluators;
mod invariants;
mod measurements;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod queries;
mod rounds;
mod snapshots;
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
	use attribution_primitives::{
		score::{
			EvaluationTerms, MeasurementId, MeasurementOutcome, ScoreSnapshot, ScoringMethod,
			UtilitySpec,
		},
		traits::{ContributionRegistry, SnapshotUsage},
		ContributionId, ProjectId, RoundId, SnapshotVersion,
	};
	use frame::{
		prelude::*,
		traits::{
			fungible::{Balanced, BalancedHold, Credit, Inspect, Mutate, MutateHold},
			OnUnbalanced,
		},
	};

	/// The balance type of the staking currency.
	pub type BalanceOf<T> =
		<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;

	/// Funds taken from an account, to be handed to [`Config::Slash`].
	pub type CreditOf<T> = Credit<<T as frame_system::Config>::AccountId, <T as Config>::Currency>;

	/// An evaluator record as this runtime stores it.
	pub type EvaluatorOf<T> = Evaluator<BalanceOf<T>, BlockNumberFor<T>>;

	/// Evaluation terms as this runtime uses them.
	pub type TermsOf<T> = EvaluationTerms<BalanceOf<T>, BlockNumberFor<T>>;

	/// A round as this runtime stores it.
	pub type RoundOf<T> = Round<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxPlayers,
	>;

	/// A reveal as this runtime accepts it.
	pub type RevealOf<T> = Reveal<<T as Config>::MaxTableLen, <T as Config>::MaxPlayers>;

	/// A score snapshot as this runtime stores it.
	pub type SnapshotOf<T> = ScoreSnapshot<
		<T as frame_system::Config>::AccountId,
		BalanceOf<T>,
		BlockNumberFor<T>,
		<T as Config>::MaxPlayers,
	>;

	/// The in-code storage version. Version 3 is the single evaluation engine (rounds of two
	/// kinds, stake assigned per commitment, terms fixed when a round opens): it was
	/// introduced before launch, so no chain holds version 2 state and there is no step to it
	/// (see [`crate::migrations`] for the earlier one).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Configuration of the pallet.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The currency stakes, deposits and bonds are held in.
		type Currency: Inspect<Self::AccountId>
			+ Mutate<Self::AccountId>
			+ Balanced<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ BalancedHold<Self::AccountId>;

		/// The contribution registry: projects, their owners, policies and authors,
		/// contributions.
		type Registry: ContributionRegistry<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// Where slashed stakes and bonds go.
		type Slash: OnUnbalanced<CreditOf<Self>>;

		/// Tells which snapshots other pallets still need (payouts pay claims from them): those
		/// are never pruned.
		type SnapshotUsage: SnapshotUsage;

		/// Decides disputes (governance).
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Least stake of an evaluator, and least stake one commitment assigns.
		#[pallet::constant]
		type MinEvaluatorStake: Get<BalanceOf<Self>>;

		/// Least total stake of a round's reveals, whatever the project's policy says.
		#[pallet::constant]
		type MinQuorumStake: Get<BalanceOf<Self>>;

		/// Fewest reveals any policy may ask for (money moves on every result: at least 3).
		#[pallet::constant]
		type MinEvaluators: Get<u32>;

		/// Shortest commit period a policy may set.
		#[pallet::constant]
		type MinCommitPeriod: Get<BlockNumberFor<Self>>;

		/// Shortest reveal period a policy may set: long enough that a congested or stuffed
		/// block cannot make honest evaluators miss it.
		#[pallet::constant]
		type MinRevealPeriod: Get<BlockNumberFor<Self>>;

		/// Shortest dispute window a policy may set.
		#[pallet::constant]
		type MinDisputePeriod: Get<BlockNumberFor<Self>>;

		/// Blocks between `unbond` and `withdraw_unbonded`.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Most registered evaluators.
		#[pallet::constant]
		type MaxEvaluators: Get<u32>;

		/// Most evaluators committing to one round.
		#[pallet::constant]
		type MaxEvaluatorsPerRound: Get<u32>;

		/// Most players in a round, and most contributions (pending and withdrawn ones
		/// included) a project may have to be scored: opening a round reads each.
		#[pallet::constant]
		type MaxPlayers: Get<u32>;

		/// Most players in an `Exact` round (its reveals have `2^n` values); projects with
		/// more active contributions get `Sampled` rounds.
		#[pallet::constant]
		type MaxExactPlayers: Get<u32>;

		/// `2^MaxExactPlayers`: the longest utility table.
		#[pallet::constant]
		type MaxTableLen: Get<u32>;

		/// Permutations a `Sampled` round asks each evaluator to sample.
		#[pallet::constant]
		type SampledPermutations: Get<u32>;

		/// Held from a round's opener; a Shapley round's becomes its snapshot's deposit.
		#[pallet::constant]
		type RoundDeposit: Get<BalanceOf<Self>>;

		/// Held from whoever disputes a result.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// Part of the assigned stake an evaluator loses for a missed reveal.
		#[pallet::constant]
		type MissedRevealSlash: Get<Perbill>;

		/// Part of the assigned stake an evaluator loses for results outside the tolerance.
		#[pallet::constant]
		type OutlierSlash: Get<Perbill>;

		/// Relative part of the outlier tolerance: of the consensus' L1 size.
		#[pallet::constant]
		type ConsensusTolerance: Get<Perbill>;

		/// Absolute part of the outlier tolerance: per value, in the metric's scale.
		#[pallet::constant]
		type AbsoluteTolerance: Get<u64>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up registry state for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Sets up what the benchmarks need from the registry.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Creates a project owned by `owner`, with an evaluator policy at the runtime's floors
		/// (minimum periods and evaluators, zero minimum stake), and `players` active
		/// contributions of it authored by `owner`.
		fn project_with_contributions(
			owner: &AccountId,
			players: u32,
		) -> (ProjectId, alloc::vec::Vec<ContributionId>);
	}

	/// Why the pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// An evaluator's stake.
		EvaluatorStake,
		/// A round's deposit, then its snapshot's.
		RoundDeposit,
		/// A dispute's bond.
		DisputeBond,
	}

	/// Registered evaluators.
	#[pallet::storage]
	pub type Evaluators<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, EvaluatorOf<T>>;

	/// The id the next round gets.
	#[pallet::storage]
	pub type NextRoundId<T> = StorageValue<_, RoundId, ValueQuery>;

	/// Rounds not yet finalized, failed or discarded.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, RoundId, RoundOf<T>>;

	/// Commitments of each round's evaluators.
	#[pallet::storage]
	pub type Commitments<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		RoundId,
		Blake2_128Concat,
		T::AccountId,
		Commitment<BalanceOf<T>>,
	>;

	/// Reveals of each round's evaluators.
	#[pallet::storage]
	pub type Reveals<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RoundId, Blake2_128Concat, T::AccountId, RevealOf<T>>;

	/// Outcomes of ended measurements, kept until their requester takes them (one per open
	/// request: each pool has at most one measurement under way).
	#[pallet::storage]
	pub type MeasurementOutcomes<T> =
		StorageMap<_, Twox64Concat, MeasurementId, MeasurementOutcome>;

	/// Final score snapshots by project and version.
	#[pallet::storage]
	pub type Snapshots<T: Config> =
		StorageDoubleMap<_, Twox64Concat, ProjectId, Twox64Concat, SnapshotVersion, SnapshotOf<T>>;

	/// Each snapshot's share per contribution, for lookups in one read (payouts' claims).
	#[pallet::storage]
	pub type SnapshotShares<T> = StorageDoubleMap<
		_,
		Twox64Concat,
		(ProjectId, SnapshotVersion),
		Twox64Concat,
		ContributionId,
		Perbill,
	>;

	/// The latest snapshot version of each project whose shares sum to 100% (not all zero):
	/// the one payouts distribute to (0: none yet).
	#[pallet::storage]
	pub type LatestPayableSnapshot<T> =
		StorageMap<_, Twox64Concat, ProjectId, SnapshotVersion, ValueQuery>;

	/// The latest snapshot version of each project (0: none yet).
	#[pallet::storage]
	pub type LatestSnapshot<T> =
		StorageMap<_, Twox64Concat, ProjectId, SnapshotVersion, ValueQuery>;

	/// Events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An evaluator registered with a stake.
		EvaluatorRegistered { who: T::AccountId, stake: BalanceOf<T> },
		/// An evaluator added to its stake.
		StakeIncreased { who: T::AccountId, stake: BalanceOf<T> },
		/// An evaluator started leaving; it may withdraw from `withdrawable_at`.
		EvaluatorUnbonding { who: T::AccountId, withdrawable_at: BlockNumberFor<T> },
		/// An evaluator left and its stake was released.
		EvaluatorWithdrawn { who: T::AccountId, stake: BalanceOf<T> },
		/// A Shapley round was opened over every active contribution of the project.
		RoundOpened {
			round: RoundId,
			project: ProjectId,
			players: u32,
			method: ScoringMethod,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// A measurement was requested: evaluators may commit to `subject`'s value of
		/// `metric`.
		MeasurementRequested {
			measurement: MeasurementId,
			project: ProjectId,
			subject: ContributionId,
			metric: H256,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// An evaluator committed to a round, assigning `stake` to it.
		Committed { round: RoundId, evaluator: T::AccountId, stake: BalanceOf<T> },
		/// An evaluator revealed.
		Revealed { round: RoundId, evaluator: T::AccountId },
		/// An evaluator lost part of its stake (or a challenger its bond).
		Slashed { who: T::AccountId, round: RoundId, amount: BalanceOf<T>, reason: SlashReason },
		/// A Shapley round was aggregated; its result is disputable until `dispute_end`.
		RoundAggregated {
			round: RoundId,
			reveals: u32,
			clipped: u32,
			dispute_end: BlockNumberFor<T>,
		},
		/// A measurement was aggregated to `median`; disputable until `dispute_end`.
		MeasurementAggregated {
			measurement: MeasurementId,
			reveals: u32,
			median: i64,
			dispute_end: BlockNumberFor<T>,
		},
		/// A round ended without a result; its deposit was returned.
		RoundFailed { round: RoundId, reveals: u32, reason: FailureReason },
		/// A round's result was disputed.
		Disputed { round: RoundId, challenger: T::AccountId },
		/// A dispute was decided: `upheld` discards the result.
		DisputeResolved { round: RoundId, upheld: bool },
		/// A round's result became the project's snapshot `version`.
		SnapshotFinalized { project: ProjectId, version: SnapshotVersion, round: RoundId },
		/// A round's result was not kept: round `by`, opened after it, already produced the
		/// project's latest snapshot. Its deposit was returned.
		RoundSuperseded { round: RoundId, by: RoundId },
		/// A measurement's value became final.
		MeasurementFinalized { measurement: MeasurementId, median: i64 },
		/// A superseded snapshot was removed and its deposit released.
		SnapshotPruned { project: ProjectId, version: SnapshotVersion },
	}

	/// Errors of the pallet.
	#[pallet::error]
	pub enum Error<T> {
		/// No project with this id.
		UnknownProject,
		/// Only the project's owner may do this.
		NotProjectOwner,
		/// The project has no active contribution to score.
		NoActiveContributions,
		/// The project has more contributions (pending and withdrawn ones included) than
		/// `MaxPlayers`.
		TooManyContributions,
		/// The evaluation set is not a valid CID.
		InvalidEvaluationSet,
		/// The project's policy has a commit period under `MinCommitPeriod`.
		CommitPeriodTooShort,
		/// The project's policy has a reveal period under `MinRevealPeriod`.
		RevealPeriodTooShort,
		/// The project's policy has a dispute window under `MinDisputePeriod`.
		DisputePeriodTooShort,
		/// The project's policy asks for fewer evaluators than `MinEvaluators`.
		TooFewEvaluators,
		/// The project's policy asks for more evaluators than `MaxEvaluatorsPerRound`.
		QuorumUnreachable,
		/// The account is already an evaluator.
		AlreadyEvaluator,
		/// The account is not an evaluator.
		NotEvaluator,
		/// The stake is below the required minimum.
		StakeTooLow,
		/// The evaluator's stake not assigned to other open work is less than it assigns.
		StakeNotAvailable,
		/// `MaxEvaluators` evaluators are registered.
		TooManyEvaluators,
		/// The evaluator is leaving and cannot commit or add stake.
		Unbonding,
		/// The evaluator has not asked to leave.
		NotUnbonding,
		/// The unbonding period has not passed.
		StillUnbonding,
		/// The evaluator committed to rounds that are not aggregated yet.
		EvaluatorBusy,
		/// The project's owner cannot evaluate its work.
		OwnerCannotEvaluate,
		/// The party with an interest in the measurement (a pool's sponsor) cannot evaluate
		/// it.
		InterestedCannotEvaluate,
		/// An author of the project's contributions cannot evaluate its work.
		AuthorCannotEvaluate,
		/// No round with this id.
		UnknownRound,
		/// The commit period is over.
		NotCommitPhase,
		/// This is not the reveal period.
		NotRevealPhase,
		/// The evaluator already committed.
		AlreadyCommitted,
		/// `MaxEvaluatorsPerRound` evaluators committed.
		RoundFull,
		/// The evaluator did not commit to this round.
		NotCommitted,
		/// The evaluator already revealed.
		AlreadyRevealed,
		/// The reveal does not match the commitment.
		RevealMismatch,
		/// The reveal is for another kind of round.
		WrongRevealKind,
		/// An exact reveal does not have `2^n` values, or a sampled one one per player.
		WrongRevealLength,
		/// The reveal period is not over.
		RevealNotOver,
		/// The round is already aggregated.
		AlreadyAggregated,
		/// The round is not aggregated (or is disputed).
		NotAggregated,
		/// The dispute window is over.
		DisputeWindowClosed,
		/// The dispute window is still open.
		DisputeWindowOpen,
		/// The round is not disputed.
		NotDisputed,
		/// No such snapshot.
		UnknownSnapshot,
		/// The latest snapshot cannot be pruned.
		LatestSnapshot,
		/// Only the snapshot's depositor may prune it.
		NotDepositor,
		/// Payouts still pay claims from this snapshot: it is kept.
		SnapshotInUse,
		/// The consensus table could not be turned into values (overflow).
		Unscorable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let exact = T::MaxExactPlayers::get();
			assert!(exact >= 1 && exact <= 20, "MaxExactPlayers must be in 1..=20");
			assert_eq!(T::MaxTableLen::get(), 1 << exact, "MaxTableLen must be 2^MaxExactPlayers");
			assert!(exact <= T::MaxPlayers::get(), "MaxExactPlayers must not exceed MaxPlayers");
			assert!(T::MaxPlayers::get() <= 128, "a coalition is a 128-bit mask");
			assert!(T::MinEvaluators::get() >= 1, "MinEvaluators must be at least 1");
			assert!(
				T::MinEvaluators::get() <= T::MaxEvaluatorsPerRound::get(),
				"MinEvaluators must not exceed MaxEvaluatorsPerRound"
			);
			assert!(!T::MinCommitPeriod::get().is_zero(), "MinCommitPeriod must be positive");
			assert!(!T::MinRevealPeriod::get().is_zero(), "MinRevealPeriod must be positive");
			assert!(!T::MinDisputePeriod::get().is_zero(), "MinDisputePeriod must be positive");
			assert!(T::SampledPermutations::get() >= 1, "SampledPermutations must be positive");
			assert!(
				T::MaxTableLen::get() >= T::MaxPlayers::get(),
				"weights assume an exact reveal is the largest"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), frame::try_runtime::TryRuntimeError> {
			Self::do_try_state().map_err(Into::into)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Registers the caller as an evaluator, holding `stake` (at least
		/// `MinEvaluatorStake`).
		///
		/// ## Dispatch Origin
		/// Signed by the new evaluator.
		///
		/// ## Events
		/// [`Event::EvaluatorRegistered`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_evaluator())]
		pub fn register_evaluator(origin: OriginFor<T>, stake: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_register_evaluator(who, stake)
		}

		/// Adds `amount` to the caller's stake.
		///
		/// ## Dispatch Origin
		/// Signed by an evaluator that is not leaving.
		///
		/// ## Events
		/// [`Event::StakeIncreased`].
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond_extra())]
		pub fn bond_extra(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bond_extra(who, amount)
		}

		/// Starts leaving: no new commitments; the stake can be withdrawn `UnbondingPeriod`
		/// blocks from now. Refused while the caller has open work.
		///
		/// ## Dispatch Origin
		/// Signed by an evaluator without open commitments.
		///
		/// ## Events
		/// [`Event::EvaluatorUnbonding`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbond(who)
		}

		/// Leaves: releases the whole stake, once the unbonding period has passed.
		///
		/// ## Dispatch Origin
		/// Signed by an unbonding evaluator.
		///
		/// ## Events
		/// [`Event::EvaluatorWithdrawn`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_unbonded(who)
		}

		/// Opens a Shapley round of `project`, holding `RoundDeposit` from the caller.
		///
		/// ## Details
		/// The players are every active contribution of the project, in id order: `Exact`
		/// with at most `MaxExactPlayers` of them, `Sampled` (`SampledPermutations`
		/// permutations) above. The project's evaluator policy, checked against the runtime's
		/// floors, becomes the round's fixed terms.
		///
		/// ## Dispatch Origin
		/// Signed by the project's owner.
		///
		/// ### Parameters
		/// - `project`: the project whose contributions are scored.
		/// - `utility`: the metric, the evaluation set's CID and whether larger is better.
		///
		/// ## Events
		/// [`Event::RoundOpened`].
		// Weighed at the most contributions a project may have: opening reads every one,
		// pending and withdrawn ones too, however few are active.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::open_round(T::MaxPlayers::get()))]
		pub fn open_round(
			origin: OriginFor<T>,
			project: ProjectId,
			utility: UtilitySpec,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_open_round(who, project, utility)
		}

		/// Commits to a round's result, assigning `stake` of the caller's stake to it:
		/// `hash = blake2_256((round, caller, reveal, salt).encode())`.
		///
		/// ## Details
		/// `stake` is the caller's weight in the round's medians and what it risks; it must be
		/// at least the round's `min_stake` and at most the caller's stake not assigned to
		/// other open work. The project's owner, the round's interested party and the
		/// project's authors cannot commit.
		///
		/// ## Dispatch Origin
		/// Signed by an evaluator that is not leaving.
		///
		/// ## Events
		/// [`Event::Committed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			round: RoundId,
			hash: H256,
			stake: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, round, hash, stake)
		}

		/// Reveals what the caller committed to, with the salt. Allowed after the commit
		/// period, until `reveal_end`.
		///
		/// ## Dispatch Origin
		/// Signed by an evaluator that committed to the round.
		///
		/// ## Events
		/// [`Event::Revealed`].
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reveal())]
		pub fn reveal(
			origin: OriginFor<T>,
			round: RoundId,
			reveal: RevealOf<T>,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_reveal(who, round, reveal, salt)
		}

		/// Aggregates a round after its reveal period: settles every commitment, slashes
		/// missed reveals and outliers, and opens the dispute window on the result; or closes
		/// the round as failed.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::RoundAggregated`] or [`Event::MeasurementAggregated`], or
		/// [`Event::RoundFailed`]; [`Event::Slashed`] for each penalty.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::aggregate(T::MaxEvaluatorsPerRound::get()))]
		pub fn aggregate(origin: OriginFor<T>, round: RoundId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let commitments = Self::do_aggregate(round)?;
			Ok(Some(T::WeightInfo::aggregate(commitments)).into())
		}

		/// Disputes an aggregated result during its dispute window, holding `DisputeBond`.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::Disputed`].
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, round: RoundId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_dispute(who, round)
		}

		/// Decides a dispute. `upheld`: the result is discarded, the round closed, the bond
		/// and the opener's deposit returned. Otherwise the bond is slashed and the round can
		/// be finalized once its dispute window has passed.
		///
		/// ## Dispatch Origin
		/// [`Config::DisputeOrigin`].
		///
		/// ## Events
		/// [`Event::DisputeResolved`]; [`Event::Slashed`] or [`Event::RoundFailed`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resolve_dispute(T::MaxEvaluatorsPerRound::get()))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			round: RoundId,
			upheld: bool,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			Self::do_resolve_dispute(round, upheld)
		}

		/// Makes an undisputed result final after the dispute window: a Shapley round's
		/// becomes the project's next snapshot version (its deposit stays held for the
		/// snapshot) unless a later-opened round already produced one; a measurement's value
		/// becomes its final outcome.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::SnapshotFinalized`], [`Event::RoundSuperseded`] or
		/// [`Event::MeasurementFinalized`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::finalize(
			T::MaxEvaluatorsPerRound::get(),
			T::MaxPlayers::get()
		))]
		pub fn finalize(origin: OriginFor<T>, round: RoundId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let (commitments, shares) = Self::do_finalize(round)?;
			Ok(Some(T::WeightInfo::finalize(commitments, shares)).into())
		}

		/// Removes a superseded snapshot and releases its deposit.
		///
		/// ## Dispatch Origin
		/// Signed by the snapshot's depositor.
		///
		/// ## Events
		/// [`Event::SnapshotPruned`].
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::prune_snapshot(T::MaxPlayers::get()))]
		pub fn prune_snapshot(
			origin: OriginFor<T>,
			project: ProjectId,
			version: SnapshotVersion,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let shares = Self::do_prune_snapshot(who, project, version)?;
			Ok(Some(T::WeightInfo::prune_snapshot(shares)).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Slashes `part` of the stake `who` assigned to `round` (`assigned`) to
		/// [`Config::Slash`].
		pub(crate) fn slash_evaluator(
			who: &T::AccountId,
			round: RoundId,
			assigned: BalanceOf<T>,
			part: Perbill,
			reason: SlashReason,
		) {
			use frame::traits::{fungible::BalancedHold, tokens::imbalance::Imbalance as _};
			let Some(mut evaluator) = Evaluators::<T>::get(who).defensive_proof(
				"a committed evaluator stays registered until its commitments are settled; qed",
			) else {
				return;
			};
			let amount = (part * assigned).min(evaluator.stake);
			if amount.is_zero() {
				return;
			}
			let (credit, _missing) = <T::Currency as BalancedHold<T::AccountId>>::slash(
				&HoldReason::EvaluatorStake.into(),
				who,
				amount,
			);
			let taken = credit.peek();
			T::Slash::on_unbalanced(credit);
			evaluator.stake = evaluator.stake.saturating_sub(taken);
			Evaluators::<T>::insert(who, evaluator);
			Self::deposit_event(Event::Slashed { who: who.clone(), round, amount: taken, reason });
		}
	}
}
