//! XCM on the composed runtime (audit H3), with the real executor and router
//! (`runtime/src/configs/xcm_config.rs`):
//!
//! - ATTR is this chain's own asset (`Here`): a sibling sends back ATTR it holds here (our
//!   reserve), and it arrives; Alice sends ATTR to a sibling parachain as a reserve transfer
//!   (the sibling's sovereign account here holds it), and the message leaves, priced.
//! - Foreign assets are refused, with the error the policy names: a reserve deposit of the
//!   relay chain's token (DOT) stops at `UntrustedReserveLocation` and leaves ATTR issuance and
//!   every balance unchanged (it used to mint 0.01 ATTR per DOT); a teleport stops at
//!   `UntrustedTeleportLocation`; paying for execution in anything but ATTR is impossible.
//! - Outbound messages carry a delivery price in ATTR (to the relay chain and to siblings),
//!   charged to the sender and burned like transaction fees.
//! - ATTR goes only to sibling parachains (the relay chain does not take it); a sibling's
//!   `Transact` is refused (it would act as its sovereign account, which backs its ATTR);
//!   version subscriptions pass the barrier; the transfer calls fit in a block.

use attribution_runtime::{
	configs::xcm_config::XcmConfig, AccountId, Balances, ParachainSystem, PolkadotXcm, RuntimeCall,
	RuntimeEvent, RuntimeOrigin, System, UNIT,
};
use polkadot_sdk::{
	cumulus_primitives_core::{ParaId, UpwardMessageSender},
	frame_support::{
		assert_noop, assert_ok,
		dispatch::{DispatchClass, GetDispatchInfo},
		traits::fungible::Inspect,
		weights::Weight,
	},
	polkadot_parachain_primitives::primitives::Sibling,
	sp_genesis_builder::DEV_RUNTIME_PRESET,
	sp_keyring::Sr25519Keyring::{self, *},
	sp_runtime::traits::{AccountIdConversion, Dispatchable},
	staging_xcm::{latest::prelude::*, VersionedAssets, VersionedLocation, VersionedXcm},
	staging_xcm_builder as xcm_builder,
	staging_xcm_executor::XcmExecutor,
	*,
};

use codec::Encode;

mod common;

/// The sibling parachain of these tests.
const SIBLING: u32 = 2001;

/// One DOT in plancks (10 decimals).
const DOT: u128 = 10_000_000_000;

fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

/// `who` as an XCM location on this chain (no network, as `AccountId32Aliases` maps it).
fn beneficiary(who: Sr25519Keyring) -> Location {
	AccountId32 { network: None, id: who.to_raw_public() }.into()
}

/// The sibling's sovereign account on this chain.
fn sibling_account() -> AccountId {
	Sibling::from(SIBLING).into_account_truncating()
}

/// Alice gives the sibling's sovereign account `amount` ATTR, as a transfer from here to the
/// sibling would have left there.
fn fund_sibling(amount: u128) {
	assert_ok!(Balances::transfer_keep_alive(
		RuntimeOrigin::signed(account(Alice)),
		sibling_account().into(),
		amount,
	));
}

/// `(1, Parachain(SIBLING))`.
fn sibling() -> Location {
	Location::new(1, [Parachain(SIBLING)])
}

/// `PolkadotXcm::limited_reserve_transfer_assets` of `amount` ATTR to Bob at `dest`.
fn transfer(dest: Location, amount: u128) -> RuntimeCall {
	RuntimeCall::PolkadotXcm(pallet_xcm::Call::limited_reserve_transfer_assets {
		dest: Box::new(VersionedLocation::from(dest)),
		beneficiary: Box::new(VersionedLocation::from(beneficiary(Bob))),
		assets: Box::new(VersionedAssets::from(Assets::from(Asset::from((Here, amount))))),
		fee_asset_item: 0,
		weight_limit: Unlimited,
	})
}

/// A paid program as a chain sending assets here writes it: the assets arrive (`arrival`: a
/// reserve deposit, a teleport or a withdrawal from the sender's account), pay for execution
/// (`fees`), and what is left goes to `to`.
fn paid(arrival: Instruction<RuntimeCall>, fees: Asset, to: Sr25519Keyring) -> Xcm<RuntimeCall> {
	Xcm(vec![
		arrival,
		ClearOrigin,
		BuyExecution { fees, weight_limit: Unlimited },
		DepositAsset { assets: AllCounted(1).into(), beneficiary: beneficiary(to) },
	])
}

/// Executes `message` from `origin` as an incoming message: no weight credit, so the barrier
/// decides as it would for a message from the queue.
fn execute(origin: impl Into<Location>, message: Xcm<RuntimeCall>) -> Outcome {
	let mut hash = [0u8; 32];
	XcmExecutor::<XcmConfig>::prepare_and_execute(
		origin,
		message,
		&mut hash,
		Weight::from_parts(100_000_000_000, 1024 * 1024),
		Weight::zero(),
	)
}

/// The error an execution stopped at.
fn error_of(outcome: Outcome) -> XcmError {
	match outcome {
		Outcome::Incomplete { error, .. } | Outcome::Error(error) => error.error,
		Outcome::Complete { used } => panic!("the message completed (weight {used:?})"),
	}
}

fn ext() -> sp_io::TestExternalities {
	let mut ext = common::externalities_for(DEV_RUNTIME_PRESET);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Audit H3's test: the relay chain reserve-transfers 1 DOT to Alice. It used to mint
/// 0.01 ATTR (the relay token was treated as ATTR); now the deposit is refused at its first
/// instruction, by the reserve policy, and nothing moves.
#[test]
fn a_reserve_deposit_of_dot_mints_no_attr() {
	ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		let alice = Balances::balance(&account(Alice));
		let dot: Asset = (Parent, DOT).into();
		let outcome = execute(Parent, paid(ReserveAssetDeposited(dot.clone().into()), dot, Alice));
		assert_eq!(error_of(outcome), XcmError::UntrustedReserveLocation);
		assert_eq!(Balances::total_issuance(), issuance);
		assert_eq!(Balances::balance(&account(Alice)), alice);
	});
}

/// No chain is a reserve of anything here: a sibling claiming ATTR itself, or any asset of
/// its own, is refused the same way; teleports of anything are refused too.
#[test]
fn no_location_is_a_reserve_or_a_teleporter_of_anything() {
	ext().execute_with(|| {
		let issuance = Balances::total_issuance();
		for asset in [
			Asset::from((Here, UNIT)),
			Asset::from((Location::new(0, [PalletInstance(50), GeneralIndex(1)]), UNIT)),
			Asset::from((Parent, DOT)),
		] {
			let deposit = paid(ReserveAssetDeposited(asset.clone().into()), asset.clone(), Alice);
			assert_eq!(
				error_of(execute(sibling(), deposit)),
				XcmError::UntrustedReserveLocation,
				"{asset:?}"
			);
			let teleport = paid(ReceiveTeleportedAsset(asset.clone().into()), asset.clone(), Alice);
			assert_eq!(
				error_of(execute(Parent, teleport)),
				XcmError::UntrustedTeleportLocation,
				"{asset:?}"
			);
		}
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

/// Alice sends 10 ATTR to Bob on a sibling parachain: a local-reserve transfer. The ATTR
/// moves to the sibling's sovereign account here, the sibling gets a
/// `ReserveAssetDeposited` of our token (`(1, Parachain(1000))` as it sees it), and Alice
/// pays a delivery price in ATTR on top, which is burned: issuance falls by exactly the
/// price the pallet reports.
#[test]
fn alice_sends_attr_to_a_sibling_and_pays_its_delivery() {
	ext().execute_with(|| {
		ParachainSystem::open_outbound_hrmp_channel_for_benchmarks_or_tests(ParaId::from(SIBLING));
		let issuance = Balances::total_issuance();
		let alice = Balances::balance(&account(Alice));
		let amount = 10 * UNIT;
		assert_ok!(transfer(sibling(), amount).dispatch(RuntimeOrigin::signed(account(Alice))));
		let fees = System::events()
			.into_iter()
			.find_map(|record| match record.event {
				RuntimeEvent::PolkadotXcm(pallet_xcm::Event::FeesPaid { paying, fees }) => {
					assert_eq!(paying, beneficiary(Alice));
					Some(fees)
				}
				_ => None,
			})
			.expect("the delivery is priced and paid");
		let price = match &fees.inner()[..] {
			[Asset { id: AssetId(location), fun: Fungible(price) }] if *location == Here.into() => {
				*price
			}
			other => panic!("the delivery is priced in ATTR alone: {other:?}"),
		};
		assert!(price > 0);
		assert_eq!(Balances::balance(&sibling_account()), amount);
		assert_eq!(Balances::balance(&account(Alice)), alice - amount - price);
		assert_eq!(Balances::total_issuance(), issuance - price, "the price is burned");

		let sent =
			<attribution_runtime::XcmpQueue as xcm_builder::InspectMessageQueues>::get_messages();
		let [(destination, messages)] = &sent[..] else { panic!("one destination: {sent:?}") };
		assert_eq!(destination, &VersionedLocation::from(sibling()));
		let [message] = &messages[..] else { panic!("one message: {messages:?}") };
		let message = Xcm::<()>::try_from(message.clone()).expect("a current message");
		let ours: Asset = (Location::new(1, [Parachain(1000)]), amount).into();
		assert_eq!(message.0.first(), Some(&ReserveAssetDeposited(ours.into())));
		assert!(message.0.iter().any(|instruction| matches!(
			instruction,
			DepositAsset { beneficiary, .. } if *beneficiary == self::beneficiary(Bob)
		)));
	});
}

/// What the policy accepts arrives: the sibling sends back 5 of the ATTR its sovereign
/// account holds here, paying for execution in ATTR, and Charlie receives the rest; the
/// execution fee is burned like a transaction fee. Paying in DOT is impossible.
#[test]
fn a_sibling_returns_attr_it_holds_here_and_pays_in_attr_only() {
	ext().execute_with(|| {
		fund_sibling(10 * UNIT);
		let issuance = Balances::total_issuance();
		let charlie = Balances::balance(&account(Charlie));
		let attr: Asset = (Here, 5 * UNIT).into();
		let outcome = execute(sibling(), paid(WithdrawAsset(attr.clone().into()), attr, Charlie));
		assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");
		assert_eq!(Balances::balance(&sibling_account()), 5 * UNIT);
		let received = Balances::balance(&account(Charlie)) - charlie;
		let fee = 5 * UNIT - received;
		assert!(fee > 0 && fee < UNIT, "execution costs a fee in ATTR: {fee}");
		assert_eq!(Balances::total_issuance(), issuance - fee, "the fee is burned");

		// The sibling cannot pay in the relay chain's token: it holds none here, and no
		// asset but ATTR is transacted.
		let dot: Asset = (Parent, DOT).into();
		let outcome = execute(sibling(), paid(WithdrawAsset(dot.clone().into()), dot, Charlie));
		assert_eq!(error_of(outcome), XcmError::AssetNotFound);
	});
}

/// A message to the relay chain is priced in ATTR and paid by its sender, like one to a
/// sibling (it used to be free apart from the transaction fee).
#[test]
fn a_message_to_the_relay_chain_is_priced() {
	ext().execute_with(|| {
		<ParachainSystem as UpwardMessageSender>::ensure_successful_delivery();
		let alice = Balances::balance(&account(Alice));
		let issuance = Balances::total_issuance();
		let message = Xcm::<()>(vec![ClearOrigin; 16]);
		assert_ok!(PolkadotXcm::send(
			RuntimeOrigin::signed(account(Alice)),
			Box::new(VersionedLocation::from(Location::parent())),
			Box::new(VersionedXcm::from(message)),
		));
		let paid = alice - Balances::balance(&account(Alice));
		assert!(paid > 0, "the sender pays the delivery");
		assert_eq!(Balances::total_issuance(), issuance - paid);
		let upward = <ParachainSystem as xcm_builder::InspectMessageQueues>::get_messages();
		assert_eq!(upward.len(), 1, "{upward:?}");
	});
}

/// The payment runtime API wallets ask before sending here names ATTR as the only asset
/// execution can be bought with, and prices weight in it; the relay chain's token is not
/// accepted.
#[test]
fn the_payment_api_accepts_attr_alone() {
	use attribution_runtime::Runtime;
	use polkadot_sdk::{
		staging_xcm::VersionedAssetId,
		xcm_runtime_apis::fees::runtime_decl_for_xcm_payment_api::XcmPaymentApiV2,
	};
	ext().execute_with(|| {
		let accepted = Runtime::query_acceptable_payment_assets(XCM_VERSION).expect("assets");
		assert_eq!(accepted, vec![VersionedAssetId::from(AssetId(Here.into()))]);
		let weight = Weight::from_parts(1_000_000_000, 10_000);
		let fee = Runtime::query_weight_to_asset_fee(weight, AssetId(Here.into()).into());
		assert!(matches!(fee, Ok(fee) if fee > 0), "{fee:?}");
		let dot = Runtime::query_weight_to_asset_fee(weight, AssetId(Parent.into()).into());
		assert!(dot.is_err(), "{dot:?}");
	});
}

/// The relay chain does not take ATTR, so a reserve transfer there would only burn the
/// sender's ATTR into nothing: the base call filter refuses it (and any destination but a
/// sibling parachain) before anything moves.
#[test]
fn attr_goes_to_sibling_parachains_only() {
	ext().execute_with(|| {
		let alice = Balances::balance(&account(Alice));
		for dest in [
			Location::parent(),
			Location::new(1, [Parachain(SIBLING), PalletInstance(1)]),
			Location::new(2, [GlobalConsensus(NetworkId::Kusama)]),
			Location::here(),
		] {
			assert_noop!(
				transfer(dest.clone(), UNIT).dispatch(RuntimeOrigin::signed(account(Alice))),
				frame_system::Error::<attribution_runtime::Runtime>::CallFiltered
			);
		}
		assert_eq!(Balances::balance(&account(Alice)), alice);
	});
}

/// A sibling paying in ATTR may not `Transact`, not even a remark: it would dispatch as its
/// sovereign account, which holds the backing of its ATTR (a vote or a stake would lock it).
#[test]
fn a_sibling_cannot_transact() {
	ext().execute_with(|| {
		fund_sibling(10 * UNIT);
		let remark = RuntimeCall::System(frame_system::Call::remark_with_event { remark: vec![1] });
		let attr: Asset = (Here, UNIT).into();
		let outcome = execute(
			sibling(),
			Xcm(vec![
				WithdrawAsset(attr.clone().into()),
				BuyExecution { fees: attr, weight_limit: Unlimited },
				Transact {
					origin_kind: OriginKind::SovereignAccount,
					fallback_max_weight: None,
					call: remark.encode().into(),
				},
			]),
		);
		assert_eq!(error_of(outcome), XcmError::NoPermission);
	});
}

/// The relay chain and siblings may subscribe to this chain's XCM version (the barrier lets
/// the unpaid subscription through), so version discovery completes.
#[test]
fn siblings_may_subscribe_to_the_xcm_version() {
	ext().execute_with(|| {
		ParachainSystem::open_outbound_hrmp_channel_for_benchmarks_or_tests(ParaId::from(SIBLING));
		let outcome = execute(
			sibling(),
			Xcm(vec![SubscribeVersion { query_id: 7, max_response_weight: Weight::zero() }]),
		);
		assert!(matches!(outcome, Outcome::Complete { .. }), "{outcome:?}");
		// The answer, this chain's version, is on its way to the sibling.
		let sent =
			<attribution_runtime::XcmpQueue as xcm_builder::InspectMessageQueues>::get_messages();
		let answered = sent.iter().flat_map(|(_, messages)| messages).any(|message| {
			Xcm::<()>::try_from(message.clone()).is_ok_and(|message| {
				message.0.iter().any(|instruction| {
					matches!(
						instruction,
						QueryResponse { query_id: 7, response: Response::Version(_), .. }
					)
				})
			})
		});
		assert!(answered, "{sent:?}");
	});
}

/// The transfer calls a user makes fit in a block: their weights are benchmarked with ATTR
/// sent to a sibling, not the `Weight::MAX` of a transfer the runtime cannot make.
#[test]
fn the_transfer_calls_fit_in_a_block() {
	let max = attribution_runtime::configs::RuntimeBlockWeights::get()
		.get(DispatchClass::Normal)
		.max_extrinsic
		.expect("normal extrinsics have a limit");
	ext().execute_with(|| {
		let send_to_sibling = RuntimeCall::PolkadotXcm(pallet_xcm::Call::transfer_assets {
			dest: Box::new(VersionedLocation::from(sibling())),
			beneficiary: Box::new(VersionedLocation::from(beneficiary(Bob))),
			assets: Box::new(VersionedAssets::from(Assets::from(Asset::from((Here, UNIT))))),
			fee_asset_item: 0,
			weight_limit: Unlimited,
		});
		for call in [transfer(sibling(), UNIT), send_to_sibling] {
			let weight = call.get_dispatch_info().call_weight;
			assert!(weight.all_lte(max), "{call:?} weighs {weight:?}, more than {max:?}");
		}
	});
}
