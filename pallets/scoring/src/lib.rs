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
//!    [`Call::withdraw_unbonded`]. The registry has no cap. Every stake change is queued and
//!    enters the draw's stake tree in a later relay epoch ([`stake_changes`]).
//! 2. **Opening.** A project's owner opens a Shapley round ([`Call::open_round`], deposit
//!    [`Config::RoundDeposit`]) with a utility (metric, evaluation-set CID, direction). The
//!    players are set by the chain: every active contribution of the project, `Exact` up to
//!    [`Config::MaxExactPlayers`] players and `Sampled` above. A measurement is opened by the
//!    pallet that requests it. Either way the round copies its [`EvaluationTerms`]: committee
//!    seats, stake per seat, periods, outlier tolerance. A project's policy is refused under
//!    the runtime's floors ([`CommitteeFloor`], [`Config::MinCommitPeriod`],
//!    [`Config::MinRevealPeriod`], [`Config::MinDisputePeriod`]).
//! 3. **Draw** ([`committees`]): two relay epochs after the request, in the parachain
//!    inherent ([`Pallet::note_relay_epoch`]), the committee's seats are drawn by stake with
//!    the relay chain's BABE randomness of that epoch; the commit period starts then. Seats
//!    landing on the project's owner, its authors or the interested party stay empty. The
//!    risk that a stake minority holds a majority of the seats is in [`committee_risk`].
//! 4. **Commit** until `commit_end` ([`Call::commit`]), drawn evaluators only:
//!    `blake2_256((round, evaluator, reveal, salt).encode())`; each seat assigns the terms'
//!    stake per seat (as far as the evaluator's stake not assigned to other open work goes).
//! 5. **Reveal** until `reveal_end` ([`Call::reveal`]): the chain checks the hash. An `Exact`
//!    reveal is the utility of all `2^n` coalitions (bitmask order over the players); a
//!    `Sampled` reveal is one estimate per player plus the Merkle root of the coalition
//!    utilities measured; a measurement's is one value.
//! 6. **Aggregate** after `reveal_end`, by anyone ([`Call::aggregate`]). Members who did not
//!    commit or reveal lose [`Config::MissedRevealSlash`] of what their seats assign. A
//!    member's votes are its seats as far as the stake it committed covers them. With
//!    revealed votes for a strict majority of the seats asked for, the consensus is the
//!    strict-majority vote-weighted median of each value; it becomes the result only when
//!    the reveals within the round's tolerance of it hold votes for a strict majority of
//!    the seats asked for, so that empty or unrevealed seats can fail a round but never hand
//!    it to a minority. When the votes split exactly in half on a value, there is no
//!    consensus: the round fails and nobody is slashed as an outlier. The committee's stake
//!    stays assigned until the result is final; reveals outside the tolerance of the final
//!    consensus lose [`Config::OutlierSlash`] then.
//! 7. **Dispute** during the dispute window ([`Call::dispute`]): a bond sized to what is at
//!    stake, and a re-run by a larger committee drawn afresh (its challenger left out),
//!    whose final result settles the dispute (the losing side slashed) ([`disputes`]);
//!    [`Config::DisputeOrigin`] is the last resort ([`Call::resolve_dispute`]).
//! 8. **Finalize** after the window ([`Call::finalize`]): a Shapley round's result becomes
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
pub mod committee_risk;
pub mod committees;
pub mod disputes;
mod evaluators;
mod invariants;
mod measurements;
pub mod migrations;
#[cfg(test)]
mod mock;
pub mod queries;
mod rounds;
mod snapshots;
pub mod stake_changes;
pub mod stake_tree;
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

	/// What a round is opened with, as this runtime uses it.
	pub type OpeningOf<T> = Opening<
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

	/// The in-code storage version. Version 4 is committees drawn by stake (evaluator slots
	/// in a stake tree, seats, re-runs) and version 3 the single evaluation engine; both were
	/// introduced before launch, so no chain holds version 2 or 3 state and there is no step
	/// to them (see [`crate::migrations`] for the earlier one).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

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

		/// Least stake of an evaluator, and least stake a seat assigns.
		#[pallet::constant]
		type MinEvaluatorStake: Get<BalanceOf<Self>>;

		/// Most seats of a committee (a re-run's included): bounds the members, commitments
		/// and reveals of one round.
		#[pallet::constant]
		type MaxCommittee: Get<u32>;

		/// Most committees drawn in one block; the rest wait for the next blocks.
		#[pallet::constant]
		type MaxDrawsPerBlock: Get<u32>;

		/// Most queued stake changes entered into the draw's stake tree in one block.
		#[pallet::constant]
		type MaxStakeChangesPerBlock: Get<u32>;

		/// Most re-runs of one result: a dispute of the last one can only go to
		/// [`Config::DisputeOrigin`].
		#[pallet::constant]
		type MaxDisputeLevels: Get<u32>;

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

		/// Longest commit, reveal or dispute period a policy may set: a committee's stake
		/// stays assigned until the result is final, so periods without end would lock it.
		#[pallet::constant]
		type MaxPeriod: Get<BlockNumberFor<Self>>;

		/// Blocks between `unbond` and `withdraw_unbonded`.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

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

		/// Held from a round's opener, with `RoundDepositPerSeat` for each seat its committee
		/// asks for; a Shapley round's becomes its snapshot's deposit.
		#[pallet::constant]
		type RoundDeposit: Get<BalanceOf<Self>>;

		/// Held from a round's opener for each seat its committee asks for: every seat is
		/// work an evaluator must do (or be slashed), and storage for its commitment and
		/// reveal, so a flood of rounds costs in proportion to the work it demands.
		#[pallet::constant]
		type RoundDepositPerSeat: Get<BalanceOf<Self>>;

		/// Most Shapley rounds of one project open at once (re-runs and measurements aside):
		/// one owner cannot fill the draw queue and keep every evaluator busy.
		#[pallet::constant]
		type MaxOpenRoundsPerProject: Get<u32>;

		/// Least bond held from whoever disputes a result.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// Part of the value at stake in a measurement (a reward pool's funds) a dispute's
		/// bond must reach, when that is more than [`Config::DisputeBond`].
		#[pallet::constant]
		type DisputeBondRatio: Get<Perbill>;

		/// Part of the assigned stake the evaluators of a result lose when a re-run finds
		/// otherwise and their reveals lie outside the tolerance around the re-run's consensus.
		#[pallet::constant]
		type WrongResultSlash: Get<Perbill>;

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

	/// Fewest seats any committee has: a policy asking for fewer is refused. Set at genesis
	/// (production: [`attribution_primitives::score::DEFAULT_COMMITTEE`], from the risk
	/// computed in [`crate::committee_risk`]), changed only by a runtime upgrade.
	#[pallet::storage]
	pub type CommitteeFloor<T> = StorageValue<_, u32, ValueQuery, DefaultCommitteeFloor>;

	/// [`CommitteeFloor`] before genesis sets it.
	pub struct DefaultCommitteeFloor;
	impl Get<u32> for DefaultCommitteeFloor {
		fn get() -> u32 {
			attribution_primitives::score::DEFAULT_COMMITTEE
		}
	}

	/// The stake tree: a Fenwick tree over evaluator slots (1-based), node `i` holding the
	/// draw weight of slots `(i - lowbit(i), i]`. A seat is drawn in `log2(slots)` reads.
	#[pallet::storage]
	pub type StakeTree<T> = StorageMap<_, Twox64Concat, u32, u128, ValueQuery>;

	/// The sum of every slot's draw weight.
	#[pallet::storage]
	pub type TreeTotal<T> = StorageValue<_, u128, ValueQuery>;

	/// Slots in the stake tree (the highest slot ever given out).
	#[pallet::storage]
	pub type TreeSlots<T> = StorageValue<_, u32, ValueQuery>;

	/// The evaluator of each slot in use.
	#[pallet::storage]
	pub type SlotOwner<T: Config> = StorageMap<_, Twox64Concat, u32, T::AccountId>;

	/// Slots of evaluators who left, to give to newcomers (a stack: index → slot).
	#[pallet::storage]
	pub type FreeSlots<T> = StorageMap<_, Twox64Concat, u32, u32>;

	/// Entries of [`FreeSlots`].
	#[pallet::storage]
	pub type FreeSlotCount<T> = StorageValue<_, u32, ValueQuery>;

	/// Evaluators whose stake changed and whose draw weight has not followed yet, in order
	/// (a queue: sequence number → evaluator; gaps where an entry was moved to the back).
	#[pallet::storage]
	pub type StakeChangeQueue<T: Config> = StorageMap<_, Twox64Concat, u64, T::AccountId>;

	/// Each queued evaluator's entry in [`StakeChangeQueue`] and the relay epoch of its
	/// latest change: the change enters the tree only in a later epoch.
	#[pallet::storage]
	pub type QueuedStakeChange<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (u64, u64)>;

	/// `(head, tail)` of [`StakeChangeQueue`].
	#[pallet::storage]
	pub type StakeChangeBounds<T> = StorageValue<_, (u64, u64), ValueQuery>;

	/// Rounds waiting for their committee, in order (sequence number → round).
	#[pallet::storage]
	pub type DrawQueue<T> = StorageMap<_, Twox64Concat, u64, RoundId>;

	/// `(head, tail)` of [`DrawQueue`].
	#[pallet::storage]
	pub type DrawBounds<T> = StorageValue<_, (u64, u64), ValueQuery>;

	/// The relay chain's current BABE epoch and its randomness (`NextRandomness` of the relay
	/// state, from the VRF outputs of the epoch before), as the last relay state proof
	/// showed them.
	#[pallet::storage]
	pub type RelayEpoch<T> = StorageValue<_, (u64, [u8; 32])>;

	/// The seats each drawn evaluator holds in each round's committee.
	#[pallet::storage]
	pub type Seats<T: Config> =
		StorageDoubleMap<_, Twox64Concat, RoundId, Blake2_128Concat, T::AccountId, u32>;

	/// The consensus values of aggregated rounds, kept until they end: a re-run's result is
	/// compared with its parent's.
	#[pallet::storage]
	pub type Consensus<T: Config> =
		StorageMap<_, Twox64Concat, RoundId, BoundedVec<i64, T::MaxTableLen>>;

	/// The id the next round gets.
	#[pallet::storage]
	pub type NextRoundId<T> = StorageValue<_, RoundId, ValueQuery>;

	/// Rounds not yet finalized, failed or discarded.
	#[pallet::storage]
	pub type Rounds<T: Config> = StorageMap<_, Twox64Concat, RoundId, RoundOf<T>>;

	/// Each project's Shapley rounds open now (not re-runs, not measurements): at most
	/// `MaxOpenRoundsPerProject`.
	#[pallet::storage]
	pub type OpenRounds<T: Config> = StorageMap<_, Twox64Concat, ProjectId, u32, ValueQuery>;

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

	/// Genesis: the committee floor.
	#[pallet::genesis_config]
	#[derive(frame::prelude::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Fewest seats of any committee; `0` keeps
		/// [`attribution_primitives::score::DEFAULT_COMMITTEE`].
		pub committee_floor: u32,
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if self.committee_floor > 0 {
				CommitteeFloor::<T>::put(self.committee_floor);
			}
		}
	}

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
		/// A Shapley round was opened over every active contribution of the project; its
		/// committee is drawn with the randomness of relay epoch `draw_epoch`.
		RoundOpened {
			round: RoundId,
			project: ProjectId,
			players: u32,
			method: ScoringMethod,
			draw_epoch: u64,
		},
		/// A measurement was requested of `subject`'s value of `metric`; its committee is
		/// drawn with the randomness of relay epoch `draw_epoch`.
		MeasurementRequested {
			measurement: MeasurementId,
			project: ProjectId,
			subject: ContributionId,
			metric: H256,
			draw_epoch: u64,
		},
		/// A round's committee was drawn: `members` evaluators holding `seats` seats may commit
		/// until `commit_end` and reveal until `reveal_end`.
		CommitteeDrawn {
			round: RoundId,
			seats: u32,
			members: u32,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// An evaluator was drawn to `round`'s committee with `seats` seats.
		Drawn { round: RoundId, evaluator: T::AccountId, seats: u32 },
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
		/// A round's result was disputed, holding `bond`: round `rerun` measures it again with
		/// a larger committee drawn afresh, its challenger left out.
		Disputed { round: RoundId, challenger: T::AccountId, bond: BalanceOf<T>, rerun: RoundId },
		/// A re-run settled its parent's dispute: `upheld` when it found otherwise (its result
		/// replaced the parent's and the challenger's bond was returned), or not (the bond was
		/// slashed); `inconclusive` when it had no result (the parent's stands, the bond is
		/// returned).
		DisputeSettled { round: RoundId, rerun: RoundId, upheld: bool, inconclusive: bool },
		/// Governance decided a dispute: `upheld` discards the result.
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
		/// The project has `MaxOpenRoundsPerProject` Shapley rounds open already.
		TooManyOpenRounds,
		/// The evaluation set is not a valid CID.
		InvalidEvaluationSet,
		/// The project's policy has a commit period under `MinCommitPeriod`.
		CommitPeriodTooShort,
		/// The project's policy has a reveal period under `MinRevealPeriod`.
		RevealPeriodTooShort,
		/// The project's policy has a dispute window under `MinDisputePeriod`.
		DisputePeriodTooShort,
		/// The project's policy has a commit, reveal or dispute period over `MaxPeriod`.
		PeriodTooLong,
		/// The project's policy asks for a committee under the committee floor.
		CommitteeTooSmall,
		/// The project's policy, or a pool, asks for a committee over `MaxCommittee` seats.
		CommitteeTooLarge,
		/// The account is already an evaluator.
		AlreadyEvaluator,
		/// The account is not an evaluator.
		NotEvaluator,
		/// The stake is below the required minimum.
		StakeTooLow,
		/// The evaluator's stake not assigned to other open work is less than it assigns.
		StakeNotAvailable,
		/// The evaluator's last stake change has not entered the draw yet (it does in the
		/// next relay epoch): it cannot withdraw before.
		StakeChangePending,
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
		/// The account was not drawn to the round's committee.
		NotDrawn,
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
		/// The result was re-run `MaxDisputeLevels` times, or its committee has `MaxCommittee`
		/// seats already (a re-run must be larger): only governance can decide now.
		NoFurtherEscalation,
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
		/// A pool asks for fewer seats than its project's policy.
		CommitteeBelowPolicy,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			let exact = T::MaxExactPlayers::get();
			assert!(exact >= 1 && exact <= 20, "MaxExactPlayers must be in 1..=20");
			assert_eq!(T::MaxTableLen::get(), 1 << exact, "MaxTableLen must be 2^MaxExactPlayers");
			assert!(exact <= T::MaxPlayers::get(), "MaxExactPlayers must not exceed MaxPlayers");
			assert!(T::MaxPlayers::get() <= 128, "a coalition is a 128-bit mask");
			assert!(T::MaxCommittee::get() >= 1, "MaxCommittee must be positive");
			assert!(T::MaxDrawsPerBlock::get() >= 1, "MaxDrawsPerBlock must be positive");
			assert!(
				T::MaxStakeChangesPerBlock::get() >= 1,
				"MaxStakeChangesPerBlock must be positive"
			);
			assert!(!T::MinCommitPeriod::get().is_zero(), "MinCommitPeriod must be positive");
			assert!(!T::MinRevealPeriod::get().is_zero(), "MinRevealPeriod must be positive");
			assert!(!T::MinDisputePeriod::get().is_zero(), "MinDisputePeriod must be positive");
			assert!(
				T::MaxPeriod::get() >= T::MinCommitPeriod::get()
					&& T::MaxPeriod::get() >= T::MinRevealPeriod::get()
					&& T::MaxPeriod::get() >= T::MinDisputePeriod::get(),
				"MaxPeriod must not be under the floors"
			);
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

		/// Opens a Shapley round of `project`, holding `RoundDeposit` and `RoundDepositPerSeat`
		/// for each seat of its committee from the caller.
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

		/// Commits to a round's result: `hash = blake2_256((round, caller, reveal,
		/// salt).encode())`.
		///
		/// ## Details
		/// Only evaluators drawn to the round's committee commit. Each of the caller's seats
		/// assigns the terms' `min_stake` of its stake (what it risks), as far as its stake
		/// not assigned to other open work covers, and is a vote in the round's medians only
		/// if covered; at least one seat's worth must be free.
		///
		/// ## Dispatch Origin
		/// Signed by an evaluator drawn to the round's committee.
		///
		/// ## Events
		/// [`Event::Committed`].
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(origin: OriginFor<T>, round: RoundId, hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit(who, round, hash)
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

		/// Aggregates a round after its reveal period: slashes missed commitments and missed
		/// reveals, and opens the dispute window on the result (the committee's stake stays
		/// assigned until the result is final, and outliers are slashed then); or closes the
		/// round as failed (too few reveals, no majority, or no agreement of a majority of
		/// the seats asked for with the consensus).
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::RoundAggregated`] or [`Event::MeasurementAggregated`], or
		/// [`Event::RoundFailed`]; [`Event::Slashed`] for each penalty.
		#[pallet::call_index(7)]
		#[pallet::weight(
			T::WeightInfo::aggregate(T::MaxCommittee::get())
				.max(T::WeightInfo::aggregate_failed(T::MaxCommittee::get()))
		)]
		pub fn aggregate(origin: OriginFor<T>, round: RoundId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let commitments = Self::do_aggregate(round)?;
			Ok(Some(
				T::WeightInfo::aggregate(commitments)
					.max(T::WeightInfo::aggregate_failed(commitments)),
			)
			.into())
		}

		/// Disputes an aggregated result during its dispute window, holding a bond: the
		/// larger of `DisputeBond` and `DisputeBondRatio` of the value at stake.
		///
		/// ## Details
		/// A re-run is opened: the same work, measured by a committee of `k + k/2` seats made
		/// odd (`k` the disputed committee's; 5 → 7, 193 → 289; at most `MaxCommittee`)
		/// drawn with its own randomness from every evaluator but the challenger (refused when
		/// that is no larger; see [`crate::committees`] on why the disputed committee is not
		/// left out). When the re-run's result is
		/// final, it settles the dispute
		/// ([`Event::DisputeSettled`]): if it agrees with the disputed result (within the
		/// tolerance) the bond is slashed; otherwise its result replaces the disputed one, the
		/// bond is returned and the disputed committee's reveals outside the tolerance around
		/// the re-run's consensus lose `WrongResultSlash` of their stake. A re-run can itself
		/// be disputed, `MaxDisputeLevels` deep; past that only [`Call::resolve_dispute`]
		/// decides.
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

		/// Decides a dispute, the last resort over re-runs (which are cancelled). `upheld`:
		/// the result is discarded, the round closed, the bond and the opener's deposit
		/// returned. Otherwise the bond is slashed and the round can be finalized once its
		/// dispute window has passed.
		///
		/// ## Dispatch Origin
		/// [`Config::DisputeOrigin`].
		///
		/// ## Events
		/// [`Event::DisputeResolved`]; [`Event::Slashed`] or [`Event::RoundFailed`].
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resolve_dispute(T::MaxCommittee::get()))]
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
		/// becomes its final outcome. A re-run's final result settles the dispute of its
		/// parent, which then becomes final in the same call. Reveals outside the tolerance
		/// around the final consensus are slashed (`OutlierSlash`, or `WrongResultSlash` for
		/// a disputed committee a re-run overturned); then the committee's assigned stake is
		/// freed.
		///
		/// ## Dispatch Origin
		/// Signed by anyone.
		///
		/// ## Events
		/// [`Event::Slashed`] for each outlier; [`Event::SnapshotFinalized`],
		/// [`Event::RoundSuperseded`] or [`Event::MeasurementFinalized`].
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::finalize(T::MaxCommittee::get(), T::MaxPlayers::get()))]
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
		/// Slashes `part` of the stake `who` assigned to `round` by its commitment to
		/// [`Config::Slash`]: the commitment, the evaluator's assigned stake and its stake all
		/// shrink by what was taken, so the assigned stake never exceeds the stake.
		pub(crate) fn slash_commitment(
			who: &T::AccountId,
			round: RoundId,
			part: Perbill,
			reason: SlashReason,
		) {
			let Some(mut commitment) = Commitments::<T>::get(round, who) else {
				return;
			};
			let taken = Self::take_stake(who, round, part * commitment.stake, false, reason);
			commitment.stake = commitment.stake.saturating_sub(taken);
			Commitments::<T>::insert(round, who, commitment);
		}

		/// Slashes up to `amount` of `who`'s stake not assigned to any work (a drawn evaluator
		/// that never committed has nothing assigned to the round).
		pub(crate) fn slash_unassigned(
			who: &T::AccountId,
			round: RoundId,
			amount: BalanceOf<T>,
			reason: SlashReason,
		) {
			let _ = Self::take_stake(who, round, amount, true, reason);
		}

		/// Takes up to `amount` of `who`'s held stake (only its unassigned part when
		/// `unassigned_only`, else from its assigned part) to [`Config::Slash`]; queues the
		/// change of its draw weight. Returns what was taken.
		fn take_stake(
			who: &T::AccountId,
			round: RoundId,
			amount: BalanceOf<T>,
			unassigned_only: bool,
			reason: SlashReason,
		) -> BalanceOf<T> {
			use frame::traits::{fungible::BalancedHold, tokens::imbalance::Imbalance as _};
			// A member drawn but never committed may have left (nothing held it): nothing to
			// take then.
			let Some(mut evaluator) = Evaluators::<T>::get(who) else {
				return Zero::zero();
			};
			let available = if unassigned_only {
				evaluator.stake.saturating_sub(evaluator.assigned)
			} else {
				evaluator.assigned
			};
			let amount = amount.min(available);
			if amount.is_zero() {
				return Zero::zero();
			}
			let (credit, _missing) = <T::Currency as BalancedHold<T::AccountId>>::slash(
				&HoldReason::EvaluatorStake.into(),
				who,
				amount,
			);
			let taken = credit.peek();
			T::Slash::on_unbalanced(credit);
			evaluator.stake = evaluator.stake.saturating_sub(taken);
			if !unassigned_only {
				evaluator.assigned = evaluator.assigned.saturating_sub(taken);
			}
			Evaluators::<T>::insert(who, evaluator);
			Self::queue_stake_change(who);
			Self::deposit_event(Event::Slashed { who: who.clone(), round, amount: taken, reason });
			taken
		}
	}
}
