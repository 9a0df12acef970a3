//! XCM configuration: how this chain talks to the relay chain and sibling parachains.
//!
//! The asset policy (audit H3):
//! - **ATTR is this chain's own asset, `Here`**, and the only asset transacted: it moves in
//!   and out of local balances ([`LocalAssetTransactor`]), pays for execution ([`Trader`]) and
//!   for delivery ([`PriceForParentDelivery`], [`PriceForSiblingDelivery`]). Users may send it
//!   to a sibling parachain as a reserve transfer (this chain is its reserve: the sibling's
//!   sovereign account here holds what was sent, [`NativeAssetOnly`]), and a sibling sends it
//!   back by withdrawing from that account.
//! - **Foreign assets are refused.** No location is a trusted reserve or teleporter of any
//!   asset (`IsReserve = ()`, `IsTeleporter = ()`), so a reserve deposit of the relay
//!   chain's token (DOT) or of anything else stops at its first instruction with
//!   `UntrustedReserveLocation` (a teleport with `UntrustedTeleportLocation`), and nothing is
//!   minted: ATTR's issuance does not follow other chains' tokens. The template this started
//!   from took the relay token for ATTR, so a reserve transfer of DOT minted ATTR. Accepting
//!   DOT as a foreign balance (`pallet-assets` with foreign assets, redeemable on the way back)
//!   is a later decision with its own benchmarks; until then a wallet that sends DOT here has
//!   its transfer fail on this side, and the DOT stays in this chain's sovereign account on
//!   the relay chain, which only the relay chain's governance can return.
//! - **Fees are burned**, like transaction fees: execution fees ([`Trader`]) and delivery
//!   fees ([`FeeManager`]); the relay chain's messages and root's own are not charged.
//!
//! Teleports are off and local `execute` is off; only the relay chain or its executive body
//! may execute without paying.

use crate::{
	AccountId, AllPalletsWithSystem, Balances, ParachainInfo, ParachainSystem, PolkadotXcm,
	Runtime, RuntimeCall, RuntimeEvent, RuntimeOrigin, WeightToFee, XcmpQueue,
};
use alloc::vec::Vec;
use polkadot_sdk::{
	staging_xcm as xcm, staging_xcm_builder as xcm_builder, staging_xcm_executor as xcm_executor, *,
};

use frame_support::{
	parameter_types,
	traits::{ConstU32, Contains, Disabled, Equals, Everything, Nothing},
	weights::Weight,
};
use pallet_xcm::XcmPassthrough;
use parachains_common::xcm_config::ParentRelayOrSiblingParachains;
use polkadot_parachain_primitives::primitives::Sibling;
use polkadot_runtime_common::xcm_sender::ExponentialPrice;
use xcm::latest::prelude::*;
use xcm_builder::{
	AccountId32Aliases, AllowExplicitUnpaidExecutionFrom, AllowKnownQueryResponses,
	AllowSubscriptionsFrom, AllowTopLevelPaidExecutionFrom, DenyRecursively,
	DenyReserveTransferToRelayChain, DenyThenTry, EnsureXcmOrigin, FixedWeightBounds,
	FrameTransactionalProcessor, FungibleAdapter, IsConcrete, ParentIsPreset, RelayChainAsNative,
	SiblingParachainAsNative, SiblingParachainConvertsVia, SignedAccountId32AsNative,
	SignedToAccountId32, SovereignSignedViaLocation, TakeWeightCredit, TrailingSetTopicAsId,
	UsingComponents, WithComputedOrigin, WithUniqueTopic, XcmFeeManagerFromComponents,
};
use xcm_executor::XcmExecutor;

parameter_types! {
	/// The relay chain, seen from here.
	pub const RelayLocation: Location = Location::parent();
	/// This chain, seen from here: ATTR's location.
	pub const HereLocation: Location = Location::here();
	/// The asset delivery is priced in: ATTR.
	pub const FeeAssetId: AssetId = AssetId(Location::here());
	/// The base price of delivering a message to the relay chain or a sibling: 0.003 ATTR
	/// (three transactions' length fee of 100 bytes), plus [`crate::configs::TransactionByteFee`]
	/// per byte, times the queue's fee factor (it grows while the channel is congested).
	pub const BaseDeliveryFee: u128 = 3 * crate::MILLI_UNIT;
	/// The relay network; `None` until the chain is onboarded to a named network.
	pub const RelayNetwork: Option<NetworkId> = None;
	/// The dispatch origin of messages from the relay chain.
	pub RelayChainOrigin: RuntimeOrigin = cumulus_pallet_xcm::Origin::Relay.into();
	/// This chain's location in the consensus universe.
	pub UniversalLocation: InteriorLocation = Parachain(ParachainInfo::parachain_id().into()).into();
	/// Weight of one XCM instruction (a conservative flat estimate until XCM is benchmarked).
	pub UnitWeightCost: Weight = Weight::from_parts(1_000_000_000, 64 * 1024);
	/// Longest XCM program accepted.
	pub const MaxInstructions: u32 = 100;
	/// Most distinct assets the holding register may hold.
	pub const MaxAssetsIntoHolding: u32 = 64;
}

/// How a `Location` maps to a local account: the relay chain's and siblings' sovereign
/// accounts, and plain 32-byte accounts as themselves.
pub type LocationToAccountId = (
	ParentIsPreset<AccountId>,
	SiblingParachainConvertsVia<Sibling, AccountId>,
	AccountId32Aliases<RelayNetwork, AccountId>,
);

/// Moves ATTR (`Here`) in and out of local balances; no other asset matches.
pub type LocalAssetTransactor =
	FungibleAdapter<Balances, IsConcrete<HereLocation>, LocationToAccountId, AccountId, ()>;

/// Buys execution weight in ATTR only, at the transaction fee's rate; what is paid is burned
/// (`()`), as transaction fees are.
pub type Trader = UsingComponents<WeightToFee, HereLocation, AccountId, Balances, ()>;

/// The price of a message to the relay chain, in ATTR.
pub type PriceForParentDelivery = ExponentialPrice<
	FeeAssetId,
	BaseDeliveryFee,
	crate::configs::TransactionByteFee,
	ParachainSystem,
>;

/// The price of a message to a sibling parachain, in ATTR.
pub type PriceForSiblingDelivery =
	ExponentialPrice<FeeAssetId, BaseDeliveryFee, crate::configs::TransactionByteFee, XcmpQueue>;

/// The only assets local users may reserve-transfer to another chain: ATTR, whose reserve
/// is this chain (checked by `pallet_xcm` for every asset of a transfer, fees included). The
/// destination, which this filter does not see, must be a sibling parachain
/// ([`sends_to_a_sibling`]).
pub struct NativeAssetOnly;
impl Contains<(Location, Vec<Asset>)> for NativeAssetOnly {
	fn contains((_origin, assets): &(Location, Vec<Asset>)) -> bool {
		!assets.is_empty() && assets.iter().all(|asset| asset.id.0 == Location::here())
	}
}

/// Delivery fees are burned (the executor drops what it withdrew). Waived for the relay
/// chain, whose messages execute unpaid, and for this chain itself (`Here`: `pallet_xcm`'s
/// own protocol messages, such as version notifications, which no account sends).
pub type FeeManager =
	XcmFeeManagerFromComponents<(Equals<HereLocation>, Equals<RelayLocation>), ()>;

/// How an incoming XCM origin becomes a local dispatch origin for `Transact`.
pub type XcmOriginToTransactDispatchOrigin = (
	SovereignSignedViaLocation<LocationToAccountId, RuntimeOrigin>,
	RelayChainAsNative<RelayChainOrigin, RuntimeOrigin>,
	SiblingParachainAsNative<cumulus_pallet_xcm::Origin, RuntimeOrigin>,
	SignedAccountId32AsNative<RelayNetwork, RuntimeOrigin>,
	XcmPassthrough<RuntimeOrigin>,
);

/// The relay chain, or its executive plurality.
pub struct ParentOrParentsExecutivePlurality;
impl Contains<Location> for ParentOrParentsExecutivePlurality {
	fn contains(location: &Location) -> bool {
		matches!(location.unpack(), (1, []) | (1, [Plurality { id: BodyId::Executive, .. }]))
	}
}

/// Which incoming XCM programs may execute at all: paid ones from anywhere, unpaid ones from
/// the relay chain, responses to queries this chain made, and version subscriptions from the
/// relay chain and siblings (so `pallet_xcm` learns which version each destination speaks).
pub type Barrier = TrailingSetTopicAsId<
	DenyThenTry<
		DenyRecursively<DenyReserveTransferToRelayChain>,
		(
			TakeWeightCredit,
			AllowKnownQueryResponses<PolkadotXcm>,
			WithComputedOrigin<
				(
					AllowTopLevelPaidExecutionFrom<Everything>,
					AllowExplicitUnpaidExecutionFrom<ParentOrParentsExecutivePlurality>,
					AllowSubscriptionsFrom<ParentRelayOrSiblingParachains>,
				),
				UniversalLocation,
				ConstU32<8>,
			>,
		),
	>,
>;

/// The calls an incoming `Transact` may dispatch: none. A sibling's `Transact` would run as
/// its sovereign account here, which holds the backing of every ATTR on that sibling: it
/// could lock, stake or vote with it, and ATTR on the way back would fail against the lock.
/// Nothing on this chain needs a remote call yet; an allow-list comes with the first use.
pub type SafeCallFilter = Nothing;

/// The XCM executor's configuration.
pub struct XcmConfig;
impl xcm_executor::Config for XcmConfig {
	type RuntimeCall = RuntimeCall;
	type XcmSender = XcmRouter;
	type XcmEventEmitter = PolkadotXcm;
	type AssetTransactor = LocalAssetTransactor;
	type OriginConverter = XcmOriginToTransactDispatchOrigin;
	// No reserve deposit is trusted: foreign assets are refused (see the module's policy).
	type IsReserve = ();
	type IsTeleporter = ();
	type UniversalLocation = UniversalLocation;
	type Barrier = Barrier;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type Trader = Trader;
	type ResponseHandler = PolkadotXcm;
	type AssetTrap = PolkadotXcm;
	type SubscriptionService = PolkadotXcm;
	type PalletInstancesInfo = AllPalletsWithSystem;
	type MaxAssetsIntoHolding = MaxAssetsIntoHolding;
	type AssetLocker = ();
	type AssetExchanger = ();
	type FeeManager = FeeManager;
	type MessageExporter = ();
	type UniversalAliases = Nothing;
	type CallDispatcher = RuntimeCall;
	type SafeCallFilter = SafeCallFilter;
	type Aliasers = Nothing;
	type TransactionalProcessor = FrameTransactionalProcessor;
	type HrmpNewChannelOpenRequestHandler = ();
	type HrmpChannelAcceptedHandler = ();
	type HrmpChannelClosingHandler = ();
	type XcmRecorder = PolkadotXcm;
}

/// Local signed origins as XCM locations, for sending and executing XCM.
pub type LocalOriginToLocation = SignedToAccountId32<RuntimeOrigin, AccountId, RelayNetwork>;

/// Routes outgoing XCM: UMP to the relay chain, XCMP to siblings, each priced in ATTR and
/// wrapped in the version the destination speaks.
pub type XcmRouter = WithUniqueTopic<(
	cumulus_primitives_utility::ParentAsUmp<ParachainSystem, PolkadotXcm, PriceForParentDelivery>,
	XcmpQueue,
)>;

impl pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SendXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	type XcmRouter = XcmRouter;
	type ExecuteXcmOrigin = EnsureXcmOrigin<RuntimeOrigin, LocalOriginToLocation>;
	/// Local `execute` is disabled.
	type XcmExecuteFilter = Nothing;
	type XcmExecutor = XcmExecutor<XcmConfig>;
	/// Nothing is teleported (no location is a teleporter).
	type XcmTeleportFilter = Nothing;
	/// ATTR only, to any chain that accepts this chain as its reserve.
	type XcmReserveTransferFilter = NativeAssetOnly;
	type Weigher = FixedWeightBounds<UnitWeightCost, RuntimeCall, MaxInstructions>;
	type UniversalLocation = UniversalLocation;
	type RuntimeOrigin = RuntimeOrigin;
	type RuntimeCall = RuntimeCall;
	const VERSION_DISCOVERY_QUEUE_SIZE: u32 = 100;
	type AdvertisedXcmVersion = pallet_xcm::CurrentXcmVersion;
	type Currency = Balances;
	type CurrencyMatcher = ();
	type TrustedLockers = ();
	type SovereignAccountOf = LocationToAccountId;
	type MaxLockers = ConstU32<8>;
	type WeightInfo = crate::weights::pallet_xcm::WeightInfo<Runtime>;
	type AdminOrigin = super::RootOrGeneralAdmin;
	type MaxRemoteLockConsumers = ConstU32<0>;
	type RemoteLockConsumerIdentifier = ();
	/// Aliasing is off (`Aliasers = Nothing`), so nothing is charged for it.
	type AuthorizedAliasConsideration = Disabled;
}

impl cumulus_pallet_xcm::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type XcmExecutor = XcmExecutor<XcmConfig>;
}

/// Whether a `pallet_xcm` transfer call sends to a sibling parachain, `(1, [Parachain(_)])`,
/// the only destinations ATTR's reserve transfers make sense for (the relay chain does not
/// take ATTR; anything else is unreachable): `None` for every other call. The runtime's base
/// call filter refuses a transfer whose destination is anything else, before the user's ATTR
/// leaves.
pub fn sends_to_a_sibling(call: &RuntimeCall) -> Option<bool> {
	let dest = match call {
		RuntimeCall::PolkadotXcm(
			pallet_xcm::Call::reserve_transfer_assets { dest, .. }
			| pallet_xcm::Call::limited_reserve_transfer_assets { dest, .. }
			| pallet_xcm::Call::teleport_assets { dest, .. }
			| pallet_xcm::Call::limited_teleport_assets { dest, .. }
			| pallet_xcm::Call::transfer_assets { dest, .. }
			| pallet_xcm::Call::transfer_assets_using_type_and_then { dest, .. },
		) => dest,
		_ => return None,
	};
	let dest: Result<Location, ()> = (**dest).clone().try_into();
	Some(matches!(dest.as_ref().map(Location::unpack), Ok((1, [Parachain(_)]))))
}
