//! # Attribution Chain runtime
//!
//! A cumulus parachain runtime that records who contributed what to collaborative AI work.
//! This crate composes the FRAME pallets (see [`runtime`]); their configuration lives in
//! [`configs`], the runtime APIs in [`apis`] and the genesis presets in `genesis_config_presets`.
//!
//! Layout follows the polkadot-sdk parachain template: one `impl Config` per pallet in
//! `configs/`, XCM in `configs/xcm_config.rs`, block and database weights in `weights/`.

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` recurses deeply.
#![recursion_limit = "256"]

// Make the wasm binary available to the node (and to tests) when built natively.
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis_config_presets;
pub mod governance_origins;
pub mod weights;

extern crate alloc;

use polkadot_sdk::{staging_parachain_info as parachain_info, *};

use alloc::vec::Vec;
use frame_support::weights::{
	constants::WEIGHT_REF_TIME_PER_SECOND, Weight, WeightToFeeCoefficient, WeightToFeeCoefficients,
	WeightToFeePolynomial,
};
use smallvec::smallvec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiSignature,
};
use sp_version::RuntimeVersion;

pub use sp_consensus_aura::sr25519::AuthorityId as AuraId;
pub use sp_runtime::{MultiAddress, Perbill, Permill};

use weights::ExtrinsicBaseWeight;

/// Signature of a transaction: sr25519, ed25519 or ecdsa.
pub type Signature = MultiSignature;

/// An account on the chain: the public key of its signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account, in the smallest unit (10^-12 ATTR).
pub type Balance = u128;

/// Index of a transaction sent by an account.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// The number of a block.
pub type BlockNumber = u32;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A block signed with a justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// Identifies a block by number or hash.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions, checked in this order for every signed transaction.
///
/// Clients (Polkadot.js, subxt, substrate-interface) read this list from the metadata; every
/// extension here is one they know, or encodes to nothing.
pub type TxExtension = cumulus_pallet_weight_reclaim::StorageWeightReclaim<
	Runtime,
	(
		frame_system::CheckNonZeroSender<Runtime>,
		frame_system::CheckSpecVersion<Runtime>,
		frame_system::CheckTxVersion<Runtime>,
		frame_system::CheckGenesis<Runtime>,
		frame_system::CheckEra<Runtime>,
		frame_system::CheckNonce<Runtime>,
		frame_system::CheckWeight<Runtime>,
		pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
		frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	),
>;

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// Migrations to run on a runtime upgrade, beside those the pallets declare themselves. Each is
/// versioned (it runs only on a chain whose pallet storage is at its `FROM` version). None is
/// owed today: the pallets' current storage versions (scoring 3, payouts 2, contributions 2)
/// were introduced before launch, and a new chain starts at them.
pub type Migrations = ();

/// Executive: dispatches calls to the pallets and runs the block lifecycle.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

/// Converts weight into a fee: the smallest extrinsic costs about 1/10 of a milli-ATTR.
pub struct WeightToFee;
impl WeightToFeePolynomial for WeightToFee {
	type Balance = Balance;
	fn polynomial() -> WeightToFeeCoefficients<Self::Balance> {
		let p = MILLI_UNIT / 10;
		let q = 100 * Balance::from(ExtrinsicBaseWeight::get().ref_time());
		smallvec![WeightToFeeCoefficient {
			degree: 1,
			negative: false,
			coeff_frac: Perbill::from_rational(p % q, q),
			coeff_integer: p / q,
		}]
	}
}

/// Opaque types the node uses without knowing the runtime's extrinsic format, so that it can
/// keep syncing across upgrades that change that format.
pub mod opaque {
	use super::*;
	pub use polkadot_sdk::sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;
	use polkadot_sdk::sp_runtime::{
		generic,
		traits::{BlakeTwo256, Hash as HashT},
	};

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a collator: only its Aura key.
	pub struct SessionKeys {
		/// Key used to author blocks.
		pub aura: Aura,
	}
}

/// Declares [`VERSION`] with a given `spec_version`. The number must be a literal: the
/// `runtime_version` attribute reads it at compile time into the wasm's `runtime_version`
/// section, where the node and `System::can_set_code` read it without running the code.
macro_rules! declare_runtime_version {
	($spec_version:tt) => {
		/// The runtime's version.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: alloc::borrow::Cow::Borrowed("attribution-runtime"),
			impl_name: alloc::borrow::Cow::Borrowed("attribution-runtime"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 0,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}

// Bump `spec_version` on every upgrade that changes behaviour. 2: scoring storage version 2.
// 3: `AttributionApi` and `PayoutsApi` version 2 (paged and capped queries).
#[cfg(not(feature = "upgrade-test"))]
declare_runtime_version!(3);
// The upgrade test's runtime (`build.rs` builds it beside the real one): the same code one
// `spec_version` higher, so a running chain can be upgraded to it.
#[cfg(feature = "upgrade-test")]
declare_runtime_version!(4);

/// Block times.
mod block_times {
	/// Target block time. `SLOT_DURATION` is used by `pallet_timestamp`, which `pallet_aura`
	/// reads for its slot duration.
	pub const MILLI_SECS_PER_BLOCK: u64 = 6000;

	/// Aura slot duration. It cannot change once the chain has started: doing so would stop
	/// block production.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;
}
pub use block_times::*;

/// One minute, in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
/// One hour, in blocks.
pub const HOURS: BlockNumber = MINUTES * 60;
/// One day, in blocks.
pub const DAYS: BlockNumber = HOURS * 24;

/// Token symbol shown by wallets.
pub const TOKEN_SYMBOL: &str = "ATTR";
/// Number of decimals of one ATTR.
pub const TOKEN_DECIMALS: u8 = 12;
/// SS58 address format (42: the generic Substrate prefix).
pub const SS58_PREFIX: u16 = 42;

/// One ATTR in the smallest unit.
pub const UNIT: Balance = 1_000_000_000_000;
/// 1/1000 ATTR.
pub const MILLI_UNIT: Balance = 1_000_000_000;
/// 1/1_000_000 ATTR.
pub const MICRO_UNIT: Balance = 1_000_000;

/// The existential deposit: 1/1000 ATTR.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// A storage deposit: `items` storage entries holding `bytes` bytes in total.
pub const fn deposit(items: u32, bytes: u32) -> Balance {
	(items as Balance) * 20 * UNIT / 100 + (bytes as Balance) * MILLI_UNIT
}

/// About 5% of the block weight goes to `on_initialize` handlers; this limits the weight of a
/// single extrinsic.
const AVERAGE_ON_INITIALIZE_RATIO: Perbill = Perbill::from_percent(5);

/// `Normal` extrinsics may fill 75% of a block; the rest is for `Operational` ones.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Two seconds of compute per block, with a 6 second block time, and the relay chain's PoV limit.
const MAXIMUM_BLOCK_WEIGHT: Weight = Weight::from_parts(
	WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2),
	cumulus_primitives_core::relay_chain::MAX_POV_SIZE as u64,
);

/// Async backing parameters.
mod async_backing_params {
	/// Maximum number of blocks accepted by the runtime but not yet included in the relay chain.
	pub(crate) const UNINCLUDED_SEGMENT_CAPACITY: u32 = 3;
	/// Parachain blocks processed by the relay chain per relay parent.
	pub(crate) const BLOCK_PROCESSING_VELOCITY: u32 = 1;
	/// Relay chain slot duration, in milliseconds.
	pub(crate) const RELAY_CHAIN_SLOT_DURATION_MILLIS: u32 = 6000;
	/// How many relay blocks behind the tip the relay parent is chosen (0: the tip).
	pub(crate) const RELAY_PARENT_OFFSET: u32 = 0;
}
pub(crate) use async_backing_params::*;

/// The Aura consensus hook: decides whether a block may be built on the unincluded segment.
type ConsensusHook = cumulus_pallet_aura_ext::FixedVelocityConsensusHook<
	Runtime,
	RELAY_CHAIN_SLOT_DURATION_MILLIS,
	BLOCK_PROCESSING_VELOCITY,
	UNINCLUDED_SEGMENT_CAPACITY,
>;

/// The runtime: the FRAME pallets composed, with their indices.
///
/// Index groups: 0-9 system, 10-19 monetary, 20-29 collators, 30-39 XCM, 40-49 utilities and
/// governance, 50+ Attribution Chain's own pallets. There is no sudo: every chain, the
/// development one too, reaches root through referenda (`configs::governance`).
#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// System support.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type ParachainSystem = cumulus_pallet_parachain_system;
	#[runtime::pallet_index(2)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(3)]
	pub type ParachainInfo = parachain_info;
	#[runtime::pallet_index(4)]
	pub type WeightReclaim = cumulus_pallet_weight_reclaim;

	// Monetary.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Collator support. The order of these 5 is important and must not change.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type CollatorSelection = pallet_collator_selection;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(24)]
	pub type AuraExt = cumulus_pallet_aura_ext;

	// XCM helpers.
	#[runtime::pallet_index(30)]
	pub type XcmpQueue = cumulus_pallet_xcmp_queue;
	#[runtime::pallet_index(31)]
	pub type PolkadotXcm = pallet_xcm;
	#[runtime::pallet_index(32)]
	pub type CumulusXcm = cumulus_pallet_xcm;
	#[runtime::pallet_index(33)]
	pub type MessageQueue = pallet_message_queue;

	// Utilities and governance plumbing.
	#[runtime::pallet_index(40)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(41)]
	pub type Multisig = pallet_multisig;
	#[runtime::pallet_index(42)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(43)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(44)]
	pub type Scheduler = pallet_scheduler;

	// Governance: referenda with conviction voting, and a technical committee.
	#[runtime::pallet_index(45)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(46)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(47)]
	pub type TechnicalCommittee = pallet_collective<Instance1>;
	#[runtime::pallet_index(48)]
	pub type Origins = crate::governance_origins;
	#[runtime::pallet_index(49)]
	pub type Whitelist = pallet_whitelist;

	// Attribution Chain.
	#[runtime::pallet_index(50)]
	pub type Contributions = pallet_contributions;
	#[runtime::pallet_index(51)]
	pub type Scoring = pallet_scoring;
	#[runtime::pallet_index(52)]
	pub type Payouts = pallet_payouts;
}

cumulus_pallet_parachain_system::register_validate_block! {
	Runtime = Runtime,
	BlockExecutor = cumulus_pallet_aura_ext::BlockExecutor::<Runtime, Executive>,
}
