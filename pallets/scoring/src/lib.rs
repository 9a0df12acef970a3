//! # Scoring pallet
//!
//! Turns evaluators' measurements into versioned score snapshots: each scored contribution's
//! share of what its project earns.
//!
//! ## How a round goes
//! 1. **Evaluators** register with a stake, held under [`HoldReason::EvaluatorStake`]
//!    ([`Call::register_evaluator`]); they leave by [`Call::unbond`] and, `UnbondingPeriod`
//!    blocks later and once no round they committed to is pending,
//!    [`Call::withdraw_unbonded`].
//! 2. A project's owner **opens a round** ([`Call::open_round`], deposit
//!    [`Config::RoundDeposit`]): the players (active contributions of the project, no
//!    duplicates), the utility (metric, evaluation-set CID, direction) and the method:
//!    `Exact` (at most [`Config::MaxExactPlayers`] players) or `Sampled`. The commit, reveal
//!    and dispute periods and the minimum number of evaluators come from the project's
//!    evaluator policy.
//! 3. **Commit** until `commit_end`: `blake2_256((round, evaluator, reveal, salt).encode())`
//!    ([`Call::commit`]); binding the evaluator's account into the hash stops copying another's
//!    commitment.
//! 4. **Reveal** until `reveal_end` ([`Call::reveal`]): the chain checks the hash. An `Exact`
//!    reveal is the utility of all `2^n` coalitions (bitmask order over the round's players);
//!    a `Sampled` reveal is one estimate per player plus the Merkle root of the coalition
//!    utilities measured.
//! 5. **Aggregate** after `reveal_end`, by anyone ([`Call::aggregate`]): the stake-weighted
//!    median per coalition (exact) or per player (sampled); exact Shapley values from the
//!    median table; shares by largest remainder, negative values clipped to zero and
//!    reported. Evaluators who did not reveal lose [`Config::MissedRevealSlash`] of their
//!    stake; those farther than [`Config::ConsensusTolerance`] from the consensus lose
//!    [`Config::OutlierSlash`]. Too few reveals: the round fails and its deposit is returned.
//! 6. **Dispute** during the dispute window ([`Call::dispute`], bond [`Config::DisputeBond`]);
//!    the [`Config::DisputeOrigin`] upholds it (the result is discarded, the bond returned)
//!    or dismisses it (the bond is slashed) ([`Call::resolve_dispute`]).
//! 7. **Finalize** after the window ([`Call::finalize`]): the result becomes the project's
//!    next score snapshot version. Its deposit stays held until a newer snapshot exists and
//!    the opener prunes it ([`Call::prune_snapshot`]).
//!
//! Slashed funds go to [`Config::Slash`].
//!
//! Other pallets read final scores through [`attribution_primitives::traits::ScoreProvider`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod aggregation;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod invariants;
pub mod migrations;
#[cfg(test)]
mod mock;
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
		score::{ScoreSnapshot, ScoringMethod, UtilitySpec},
		traits::{ContributionRegistry, EvaluatorRegistry, ScoreProvider, SnapshotUsage},
		ContributionId, ProjectId, RoundId, SnapshotVersion,
	};
	use frame::{
		hashing::blake2_256,
		prelude::*,
		traits::{
			fungible::{Balanced, BalancedHold, Credit, Inspect, Mutate, MutateHold},
			tokens::{imbalance::Imbalance as _, Precision},
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

	/// The in-code storage version (see [`crate::migrations`] for the steps to it).
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

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

		/// The contribution registry: projects, their owners and policies, contributions.
		type Registry: ContributionRegistry<Self::AccountId, BalanceOf<Self>, BlockNumberFor<Self>>;

		/// Where slashed stakes and bonds go.
		type Slash: OnUnbalanced<CreditOf<Self>>;

		/// Tells which snapshots other pallets still need (payouts pay claims from them): those
		/// are never pruned.
		type SnapshotUsage: SnapshotUsage;

		/// Decides disputes (governance).
		type DisputeOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Least stake of an evaluator.
		#[pallet::constant]
		type MinEvaluatorStake: Get<BalanceOf<Self>>;

		/// Blocks between `unbond` and `withdraw_unbonded`.
		#[pallet::constant]
		type UnbondingPeriod: Get<BlockNumberFor<Self>>;

		/// Most registered evaluators.
		#[pallet::constant]
		type MaxEvaluators: Get<u32>;

		/// Most evaluators committing to one round.
		#[pallet::constant]
		type MaxEvaluatorsPerRound: Get<u32>;

		/// Most players in a round.
		#[pallet::constant]
		type MaxPlayers: Get<u32>;

		/// Most players in an `Exact` round (its reveals have `2^n` values).
		#[pallet::constant]
		type MaxExactPlayers: Get<u32>;

		/// `2^MaxExactPlayers`: the longest utility table.
		#[pallet::constant]
		type MaxTableLen: Get<u32>;

		/// Most permutations a `Sampled` round may ask for.
		#[pallet::constant]
		type MaxPermutations: Get<u32>;

		/// Held from a round's opener; it becomes the snapshot's deposit.
		#[pallet::constant]
		type RoundDeposit: Get<BalanceOf<Self>>;

		/// Held from whoever disputes a result.
		#[pallet::constant]
		type DisputeBond: Get<BalanceOf<Self>>;

		/// Part of the stake an evaluator loses for a missed reveal.
		#[pallet::constant]
		type MissedRevealSlash: Get<Perbill>;

		/// Part of the stake an evaluator loses for results far from the consensus.
		#[pallet::constant]
		type OutlierSlash: Get<Perbill>;

		/// Largest relative L1 distance from the consensus that is not an outlier.
		#[pallet::constant]
		type ConsensusTolerance: Get<Perbill>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;

		/// Sets up registry state for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// Sets up what the benchmarks need from the registry.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<AccountId> {
		/// Creates a project owned by `owner`, with an evaluator policy of one evaluator, zero
		/// minimum stake and one-block periods, and `players` active contributions of it.
		fn project_with_contributions(
			owner: &AccountId,
			players: u32,
		) -> (ProjectId, Vec<ContributionId>);
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
		/// A round was opened.
		RoundOpened {
			round: RoundId,
			project: ProjectId,
			players: u32,
			method: ScoringMethod,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// An evaluator committed to a round.
		Committed { round: RoundId, evaluator: T::AccountId },
		/// An evaluator revealed.
		Revealed { round: RoundId, evaluator: T::AccountId },
		/// An evaluator lost part of its stake (or a challenger its bond).
		Slashed { who: T::AccountId, round: RoundId, amount: BalanceOf<T>, reason: SlashReason },
		/// A round was aggregated; its result is disputable until `dispute_end`.
		RoundAggregated {
			round: RoundId,
			reveals: u32,
			clipped: u32,
			dispute_end: BlockNumberFor<T>,
		},
		/// A round had too few reveals; it was closed and its deposit returned.
		RoundFailed { round: RoundId, reveals: u32, required: u32 },
		/// A round's result was disputed.
		Disputed { round: RoundId, challenger: T::AccountId },
		/// A dispute was decided: `upheld` discards the result.
		DisputeResolved { round: RoundId, upheld: bool },
		/// A round's result became the project's snapshot `version`.
		SnapshotFinalized { project: ProjectId, version: SnapshotVersion, round: RoundId },
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
		/// A round needs at least one player.
		NoPlayers,
		/// More players than `MaxPlayers`.
		TooManyPlayers,
		/// More players than `MaxExactPlayers` for an `Exact` round.
		TooManyPlayersForExact,
		/// A player is listed twice.
		DuplicatePlayer,
		/// A player is not an active contribution of this project.
		ForeignPlayer,
		/// A `Sampled` round needs between 1 and `MaxPermutations` permutations.
		BadPermutations,
		/// The evaluation-set CID is empty.
		BadUtility,
		/// The project's policy has a zero commit, reveal or dispute period.
		BadPolicy,
		/// The account is already an evaluator.
		AlreadyEvaluator,
		/// The account is not an evaluator.
		NotEvaluator,
		/// The stake is below the required minimum.
		StakeTooLow,
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
		/// The reveal is for the other method.
		WrongRevealKind,
		/// An exact reveal does not have `2^n` values.
		WrongTableLength,
		/// A sampled reveal does not have one value per player.
		WrongValuesLength,
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
			assert!(T::MaxEvaluatorsPerRound::get() >= 1);
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
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_evaluator())]
		pub fn register_evaluator(origin: OriginFor<T>, stake: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Evaluators::<T>::contains_key(&who), Error::<T>::AlreadyEvaluator);
			ensure!(stake >= T::MinEvaluatorStake::get(), Error::<T>::StakeTooLow);
			ensure!(
				Evaluators::<T>::count() < T::MaxEvaluators::get(),
				Error::<T>::TooManyEvaluators
			);
			T::Currency::hold(&HoldReason::EvaluatorStake.into(), &who, stake)?;
			Evaluators::<T>::insert(
				&who,
				Evaluator { stake, unbonding_since: None, active_rounds: 0 },
			);
			Self::deposit_event(Event::EvaluatorRegistered { who, stake });
			Ok(())
		}

		/// Adds `amount` to the caller's stake.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::bond_extra())]
		pub fn bond_extra(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
			ensure!(evaluator.unbonding_since.is_none(), Error::<T>::Unbonding);
			T::Currency::hold(&HoldReason::EvaluatorStake.into(), &who, amount)?;
			evaluator.stake =
				evaluator.stake.checked_add(&amount).ok_or(ArithmeticError::Overflow)?;
			let stake = evaluator.stake;
			Evaluators::<T>::insert(&who, evaluator);
			Self::deposit_event(Event::StakeIncreased { who, stake });
			Ok(())
		}

		/// Starts leaving: no new commitments; the stake can be withdrawn `UnbondingPeriod`
		/// blocks from now.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
			ensure!(evaluator.unbonding_since.is_none(), Error::<T>::Unbonding);
			let now = frame_system::Pallet::<T>::block_number();
			evaluator.unbonding_since = Some(now);
			Evaluators::<T>::insert(&who, evaluator);
			let withdrawable_at = now.saturating_add(T::UnbondingPeriod::get());
			Self::deposit_event(Event::EvaluatorUnbonding { who, withdrawable_at });
			Ok(())
		}

		/// Leaves: releases the whole stake, once the unbonding period has passed and every
		/// round the caller committed to is aggregated.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
			let since = evaluator.unbonding_since.ok_or(Error::<T>::NotUnbonding)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				now >= since.saturating_add(T::UnbondingPeriod::get()),
				Error::<T>::StillUnbonding
			);
			ensure!(evaluator.active_rounds == 0, Error::<T>::EvaluatorBusy);
			T::Currency::release(
				&HoldReason::EvaluatorStake.into(),
				&who,
				evaluator.stake,
				Precision::BestEffort,
			)?;
			Evaluators::<T>::remove(&who);
			Self::deposit_event(Event::EvaluatorWithdrawn { who, stake: evaluator.stake });
			Ok(())
		}

		/// Opens a round over `players` (active contributions of `project`, in coalition bit
		/// order), holding `RoundDeposit` from the caller, the project's owner. Deadlines and
		/// the minimum number of evaluators come from the project's evaluator policy.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::open_round(players.len() as u32))]
		pub fn open_round(
			origin: OriginFor<T>,
			project: ProjectId,
			players: Vec<ContributionId>,
			utility: UtilitySpec,
			method: ScoringMethod,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (owner, policy) =
				T::Registry::project_owner_and_policy(project).ok_or(Error::<T>::UnknownProject)?;
			ensure!(owner == who, Error::<T>::NotProjectOwner);
			let zero = BlockNumberFor::<T>::zero();
			ensure!(
				policy.commit_period > zero
					&& policy.reveal_period > zero
					&& policy.dispute_period > zero,
				Error::<T>::BadPolicy
			);
			ensure!(!players.is_empty(), Error::<T>::NoPlayers);
			let players: BoundedVec<ContributionId, T::MaxPlayers> =
				players.try_into().map_err(|_| Error::<T>::TooManyPlayers)?;
			match method {
				ScoringMethod::Exact => ensure!(
					players.len() as u32 <= T::MaxExactPlayers::get(),
					Error::<T>::TooManyPlayersForExact
				),
				ScoringMethod::Sampled { permutations } => ensure!(
					permutations >= 1 && permutations <= T::MaxPermutations::get(),
					Error::<T>::BadPermutations
				),
			}
			ensure!(!utility.evaluation_set.is_empty(), Error::<T>::BadUtility);
			let mut sorted = players.clone().into_inner();
			sorted.sort_unstable();
			ensure!(sorted.windows(2).all(|w| w[0] != w[1]), Error::<T>::DuplicatePlayer);
			for player in players.iter() {
				ensure!(
					T::Registry::active_contribution_project(*player) == Some(project),
					Error::<T>::ForeignPlayer
				);
			}

			let deposit = T::RoundDeposit::get();
			T::Currency::hold(&HoldReason::RoundDeposit.into(), &who, deposit)?;
			let round = NextRoundId::<T>::get();
			NextRoundId::<T>::put(round.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			let now = frame_system::Pallet::<T>::block_number();
			let commit_end = now.saturating_add(policy.commit_period);
			let reveal_end = commit_end.saturating_add(policy.reveal_period);
			let parent = frame_system::Pallet::<T>::parent_hash();
			let seed = blake2_256(&(b"attribution/round-seed", round, parent).encode());
			let min_stake = policy.min_stake.max(T::MinEvaluatorStake::get());
			let count = players.len() as u32;
			Rounds::<T>::insert(
				round,
				Round {
					project,
					opener: who,
					deposit,
					players,
					utility,
					method,
					seed,
					min_evaluators: policy.min_evaluators.max(1),
					min_stake,
					commit_end,
					reveal_end,
					dispute_period: policy.dispute_period,
					commits: 0,
					reveals: 0,
					phase: RoundPhase::Open,
					result: None,
				},
			);
			Self::deposit_event(Event::RoundOpened {
				round,
				project,
				players: count,
				method,
				commit_end,
				reveal_end,
			});
			Ok(())
		}

		/// Commits to a round's results: `hash = blake2_256((round, caller, reveal,
		/// salt).encode())`. The caller's current stake is its weight in the round.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(origin: OriginFor<T>, round: RoundId, hash: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				matches!(record.phase, RoundPhase::Open) && now <= record.commit_end,
				Error::<T>::NotCommitPhase
			);
			let mut evaluator = Evaluators::<T>::get(&who).ok_or(Error::<T>::NotEvaluator)?;
			ensure!(evaluator.unbonding_since.is_none(), Error::<T>::Unbonding);
			ensure!(evaluator.stake >= record.min_stake, Error::<T>::StakeTooLow);
			ensure!(!Commitments::<T>::contains_key(round, &who), Error::<T>::AlreadyCommitted);
			ensure!(record.commits < T::MaxEvaluatorsPerRound::get(), Error::<T>::RoundFull);

			record.commits += 1;
			evaluator.active_rounds = evaluator.active_rounds.saturating_add(1);
			Commitments::<T>::insert(
				round,
				&who,
				Commitment { hash, weight: evaluator.stake, revealed: false },
			);
			Evaluators::<T>::insert(&who, evaluator);
			Rounds::<T>::insert(round, record);
			Self::deposit_event(Event::Committed { round, evaluator: who });
			Ok(())
		}

		/// Reveals what the caller committed to, with the salt. Allowed after the commit
		/// period, until `reveal_end`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::reveal())]
		pub fn reveal(
			origin: OriginFor<T>,
			round: RoundId,
			reveal: RevealOf<T>,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(
				matches!(record.phase, RoundPhase::Open)
					&& now > record.commit_end
					&& now <= record.reveal_end,
				Error::<T>::NotRevealPhase
			);
			let mut commitment =
				Commitments::<T>::get(round, &who).ok_or(Error::<T>::NotCommitted)?;
			ensure!(!commitment.revealed, Error::<T>::AlreadyRevealed);
			let n = record.players.len();
			match (&record.method, &reveal) {
				(ScoringMethod::Exact, Reveal::Exact(table)) => {
					ensure!(table.len() == 1usize << n, Error::<T>::WrongTableLength)
				}
				(ScoringMethod::Sampled { .. }, Reveal::Sampled { values, .. }) => {
					ensure!(values.len() == n, Error::<T>::WrongValuesLength)
				}
				_ => return Err(Error::<T>::WrongRevealKind.into()),
			}
			ensure!(
				Self::commitment_hash(round, &who, &reveal, &salt) == commitment.hash,
				Error::<T>::RevealMismatch
			);
			commitment.revealed = true;
			record.reveals += 1;
			Commitments::<T>::insert(round, &who, commitment);
			Reveals::<T>::insert(round, &who, reveal);
			Rounds::<T>::insert(round, record);
			Self::deposit_event(Event::Revealed { round, evaluator: who });
			Ok(())
		}

		/// Aggregates a round after its reveal period (anyone may call): slashes missed
		/// reveals and outliers, computes the shares and opens the dispute window; or closes
		/// the round as failed when too few evaluators revealed.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::aggregate(T::MaxEvaluatorsPerRound::get()))]
		pub fn aggregate(origin: OriginFor<T>, round: RoundId) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
			ensure!(matches!(record.phase, RoundPhase::Open), Error::<T>::AlreadyAggregated);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now > record.reveal_end, Error::<T>::RevealNotOver);

			let commitments: Vec<_> = Commitments::<T>::iter_prefix(round).collect();
			let reveals: Vec<_> = Reveals::<T>::iter_prefix(round).collect();
			let width = match record.method {
				ScoringMethod::Exact => 1u32 << record.players.len(),
				ScoringMethod::Sampled { .. } => record.players.len() as u32,
			};
			let weight = T::WeightInfo::aggregate(commitments.len() as u32);

			// Whoever committed is free of this round, revealed or not.
			for (who, commitment) in &commitments {
				Evaluators::<T>::mutate(who, |e| {
					if let Some(e) = e {
						e.active_rounds = e.active_rounds.saturating_sub(1);
					}
				});
				if !commitment.revealed {
					Self::slash_evaluator(
						who,
						round,
						T::MissedRevealSlash::get(),
						SlashReason::MissedReveal,
					);
				}
			}

			if record.reveals < record.min_evaluators {
				Self::deposit_event(Event::RoundFailed {
					round,
					reveals: record.reveals,
					required: record.min_evaluators,
				});
				Self::close_round(round, &record)?;
				return Ok(Some(weight).into());
			}

			let weights: Vec<(T::AccountId, u128)> = reveals
				.iter()
				.map(|(who, _)| {
					let stake = commitments
						.iter()
						.find(|(c, _)| c == who)
						.map(|(_, c)| c.weight.saturated_into::<u128>())
						.unwrap_or(0);
					(who.clone(), stake)
				})
				.collect();
			let vectors: Vec<(&[i64], u128)> = reveals
				.iter()
				.zip(&weights)
				.map(|((_, reveal), (_, stake))| match reveal {
					Reveal::Exact(table) => (&table[..], *stake),
					Reveal::Sampled { values, .. } => (&values[..], *stake),
				})
				.collect();
			let consensus =
				aggregation::consensus(&vectors, width as usize).ok_or(Error::<T>::Unscorable)?;
			for ((who, _), (values, _)) in weights.iter().zip(&vectors) {
				if aggregation::is_outlier(values, &consensus, T::ConsensusTolerance::get()) {
					Self::slash_evaluator(who, round, T::OutlierSlash::get(), SlashReason::Outlier);
				}
			}
			let values = match record.method {
				ScoringMethod::Exact => aggregation::exact_values(record.players.len(), &consensus)
					.ok_or(Error::<T>::Unscorable)?,
				ScoringMethod::Sampled { .. } => aggregation::sampled_values(&consensus),
			};
			let (shares, clipped) = aggregation::shares(&values);
			let result = RoundResult {
				shares: record
					.players
					.iter()
					.copied()
					.zip(shares)
					.collect::<Vec<_>>()
					.try_into()
					.map_err(|_| Error::<T>::TooManyPlayers)?,
				clipped: clipped
					.iter()
					.filter_map(|i| record.players.get(*i).copied())
					.collect::<Vec<_>>()
					.try_into()
					.map_err(|_| Error::<T>::TooManyPlayers)?,
			};
			let dispute_end = now.saturating_add(record.dispute_period);
			let clipped = result.clipped.len() as u32;
			record.result = Some(result);
			record.phase = RoundPhase::Aggregated { dispute_end };
			let reveals = record.reveals;
			Rounds::<T>::insert(round, record);
			Self::deposit_event(Event::RoundAggregated { round, reveals, clipped, dispute_end });
			Ok(Some(weight).into())
		}

		/// Disputes an aggregated result during its dispute window, holding `DisputeBond`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::dispute())]
		pub fn dispute(origin: OriginFor<T>, round: RoundId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
			let RoundPhase::Aggregated { dispute_end } = record.phase else {
				return Err(Error::<T>::NotAggregated.into());
			};
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now <= dispute_end, Error::<T>::DisputeWindowClosed);
			let bond = T::DisputeBond::get();
			T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)?;
			record.phase = RoundPhase::Disputed { challenger: who.clone(), bond, dispute_end };
			Rounds::<T>::insert(round, record);
			Self::deposit_event(Event::Disputed { round, challenger: who });
			Ok(())
		}

		/// Decides a dispute. `upheld`: the result is discarded, the round closed, the bond
		/// and the opener's deposit returned. Otherwise the bond is slashed and the round can
		/// be finalized once its dispute window has passed.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::resolve_dispute(T::MaxEvaluatorsPerRound::get()))]
		pub fn resolve_dispute(
			origin: OriginFor<T>,
			round: RoundId,
			upheld: bool,
		) -> DispatchResult {
			T::DisputeOrigin::ensure_origin(origin)?;
			let mut record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
			let RoundPhase::Disputed { challenger, bond, dispute_end } = record.phase.clone()
			else {
				return Err(Error::<T>::NotDisputed.into());
			};
			if upheld {
				T::Currency::release(
					&HoldReason::DisputeBond.into(),
					&challenger,
					bond,
					Precision::BestEffort,
				)?;
				Self::close_round(round, &record)?;
			} else {
				let (credit, _missing) =
					T::Currency::slash(&HoldReason::DisputeBond.into(), &challenger, bond);
				let amount = credit.peek();
				T::Slash::on_unbalanced(credit);
				Self::deposit_event(Event::Slashed {
					who: challenger,
					round,
					amount,
					reason: SlashReason::DismissedDispute,
				});
				record.phase = RoundPhase::Aggregated { dispute_end };
				Rounds::<T>::insert(round, record);
			}
			Self::deposit_event(Event::DisputeResolved { round, upheld });
			Ok(())
		}

		/// Makes an undisputed result the project's next snapshot version, after the dispute
		/// window (anyone may call). The round's deposit stays held for the snapshot.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::finalize(T::MaxEvaluatorsPerRound::get())
			.saturating_add(T::DbWeight::get().writes(u64::from(T::MaxPlayers::get()) + 1)))]
		pub fn finalize(origin: OriginFor<T>, round: RoundId) -> DispatchResult {
			ensure_signed(origin)?;
			let record = Rounds::<T>::get(round).ok_or(Error::<T>::UnknownRound)?;
			let RoundPhase::Aggregated { dispute_end } = record.phase else {
				return Err(Error::<T>::NotAggregated.into());
			};
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now > dispute_end, Error::<T>::DisputeWindowOpen);
			let result = record.result.clone().ok_or(Error::<T>::NotAggregated)?;
			let version = LatestSnapshot::<T>::get(record.project)
				.checked_add(1)
				.ok_or(ArithmeticError::Overflow)?;
			for (id, share) in result.shares.iter() {
				SnapshotShares::<T>::insert((record.project, version), id, share);
			}
			if result.shares.iter().any(|(_, share)| !share.is_zero()) {
				LatestPayableSnapshot::<T>::insert(record.project, version);
			}
			Snapshots::<T>::insert(
				record.project,
				version,
				ScoreSnapshot {
					round,
					shares: result.shares,
					clipped: result.clipped,
					finalized_at: now,
					depositor: record.opener.clone(),
					deposit: record.deposit,
				},
			);
			LatestSnapshot::<T>::insert(record.project, version);
			Self::clear_round(round);
			Self::deposit_event(Event::SnapshotFinalized {
				project: record.project,
				version,
				round,
			});
			Ok(())
		}

		/// Removes a superseded snapshot and releases its deposit (its depositor only).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::prune_snapshot()
			.saturating_add(T::DbWeight::get().reads_writes(2, T::MaxPlayers::get().into())))]
		pub fn prune_snapshot(
			origin: OriginFor<T>,
			project: ProjectId,
			version: SnapshotVersion,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let snapshot =
				Snapshots::<T>::get(project, version).ok_or(Error::<T>::UnknownSnapshot)?;
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
				Precision::BestEffort,
			)?;
			for (id, _) in snapshot.shares.iter() {
				SnapshotShares::<T>::remove((project, version), id);
			}
			Snapshots::<T>::remove(project, version);
			Self::deposit_event(Event::SnapshotPruned { project, version });
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The hash an evaluator commits to: `blake2_256((round, evaluator, reveal,
		/// salt).encode())`.
		pub fn commitment_hash(
			round: RoundId,
			evaluator: &T::AccountId,
			reveal: &RevealOf<T>,
			salt: &[u8; 32],
		) -> H256 {
			H256(blake2_256(&(round, evaluator, reveal, salt).encode()))
		}

		/// Slashes `part` of `who`'s stake to [`Config::Slash`].
		fn slash_evaluator(who: &T::AccountId, round: RoundId, part: Perbill, reason: SlashReason) {
			let Some(mut evaluator) = Evaluators::<T>::get(who) else { return };
			let amount = part * evaluator.stake;
			if amount.is_zero() {
				return;
			}
			let (credit, _missing) =
				T::Currency::slash(&HoldReason::EvaluatorStake.into(), who, amount);
			let taken = credit.peek();
			T::Slash::on_unbalanced(credit);
			evaluator.stake = evaluator.stake.saturating_sub(taken);
			Evaluators::<T>::insert(who, evaluator);
			Self::deposit_event(Event::Slashed { who: who.clone(), round, amount: taken, reason });
		}

		/// Ends a round without a snapshot: returns the opener's deposit and removes it.
		fn close_round(round: RoundId, record: &RoundOf<T>) -> DispatchResult {
			T::Currency::release(
				&HoldReason::RoundDeposit.into(),
				&record.opener,
				record.deposit,
				Precision::BestEffort,
			)?;
			Self::clear_round(round);
			Ok(())
		}

		/// Removes a round with its commitments and reveals (at most
		/// `MaxEvaluatorsPerRound` of each).
		fn clear_round(round: RoundId) {
			let limit = T::MaxEvaluatorsPerRound::get();
			let _ = Commitments::<T>::clear_prefix(round, limit, None);
			let _ = Reveals::<T>::clear_prefix(round, limit, None);
			Rounds::<T>::remove(round);
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
		pub fn author_splits(
			snapshot: &SnapshotOf<T>,
		) -> Vec<(ContributionId, T::AccountId, Perbill)> {
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

	impl<T: Config> EvaluatorRegistry<T::AccountId, BalanceOf<T>> for Pallet<T> {
		fn active_stake(who: &T::AccountId) -> Option<BalanceOf<T>> {
			Evaluators::<T>::get(who).filter(|e| e.unbonding_since.is_none()).map(|e| e.stake)
		}
	}
}
