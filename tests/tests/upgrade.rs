//! A runtime upgrade of the real dev node through on-chain governance: the second runtime
//! `runtime/build.rs` builds (one `spec_version` higher) is authorized by a referendum (its
//! preimage noted, the referendum submitted on the root track, its decision deposit placed,
//! every endowed account voting aye), applied by an unsigned `apply_authorized_upgrade`, and
//! goes live; the registry, scoring and payouts data read the same before and after. Bad
//! upgrades are refused with their error while blocks keep coming: code that does not match
//! the authorized hash (`Unauthorized`), the old runtime again (`SpecVersionNeedsToIncrease`)
//! and a runtime with another spec name (`InvalidSpecName`).
//!
//! Root is reached only by referenda (the runtime has no sudo); the dev preset makes every
//! track take blocks instead of days (`Origins::TrackPeriodOverrides` in its genesis).

use std::{str::FromStr, time::Duration};

use attribution_integration_tests::{chain, rpc, runtime_blob, submit, DevNode};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// Coalition utilities over (dataset 0, checkpoint 1).
const TABLE: [i64; 4] = [0, 300_000, 600_000, 1_000_000];

/// `System::authorize_upgrade(code_hash)`.
fn authorize_upgrade(code: &[u8]) -> subxt::tx::DynamicPayload<Vec<Value>> {
	dynamic::transaction(
		"System",
		"authorize_upgrade",
		vec![Value::from_bytes(chain::blake2_256(code))],
	)
}

/// Referendum `index` proposing `call` as root: Alice notes its preimage and submits it on the
/// root track, every endowed account votes aye, Alice places the decision deposit. Returns
/// once all of that is finalized; the dev preset's root track enacts it a few blocks later.
async fn root_referendum(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	call: subxt::tx::DynamicPayload<Vec<Value>>,
	index: u32,
) {
	let alice = dev::alice();
	let at = api.at_current_block().await.expect("a current block");
	let proposal = at.transactions().call_data(&call).expect("call data encodes");
	let note =
		dynamic::transaction("Preimage", "note_preimage", vec![Value::from_bytes(&proposal)]);
	submit(api, note, &alice, node).await;
	let submit_referendum = dynamic::transaction(
		"Referenda",
		"submit",
		vec![
			Value::unnamed_variant("system", vec![Value::unnamed_variant("Root", vec![])]),
			Value::named_variant(
				"Lookup",
				[
					("hash", Value::from_bytes(chain::blake2_256(&proposal))),
					("len", Value::u128(proposal.len() as u128)),
				],
			),
			Value::unnamed_variant("After", vec![Value::u128(1)]),
		],
	);
	submit(api, submit_referendum, &alice, node).await;
	let votes = endowed().into_iter().map(|voter| async move {
		let vote = Value::named_variant(
			"Standard",
			[
				// Aye with 1x conviction: bit 7 set, conviction 1.
				("vote", Value::unnamed_composite(vec![Value::u128(0x81)])),
				("balance", Value::u128(900_000 * chain::UNIT)),
			],
		);
		let call =
			dynamic::transaction("ConvictionVoting", "vote", vec![Value::u128(index.into()), vote]);
		submit(api, call, &voter, node).await;
	});
	futures::future::join_all(votes).await;
	let deposit = dynamic::transaction(
		"Referenda",
		"place_decision_deposit",
		vec![Value::u128(index.into())],
	);
	submit(api, deposit, &alice, node).await;
}

/// Every account the dev preset endows: the six named dev accounts and their stashes.
fn endowed() -> Vec<Keypair> {
	["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"]
		.iter()
		.flat_map(|name| [format!("//{name}"), format!("//{name}//stash")])
		.map(|uri| Keypair::from_uri(&SecretUri::from_str(&uri).expect("uri")).expect("key"))
		.collect()
}

/// The live runtime's `specVersion`.
fn spec_version(node: &DevNode) -> u64 {
	rpc(node, "state_getRuntimeVersion", json!([]))["result"]["specVersion"]
		.as_u64()
		.expect("a runtime version")
}

/// The raw value at storage `key`, or `Null`.
fn raw_storage(node: &DevNode, key: &[u8]) -> Json {
	rpc(node, "state_getStorage", json!([chain::hex(key)]))["result"].clone()
}

/// `System::AuthorizedUpgrade`'s raw value, or `Null`.
fn authorized_upgrade(node: &DevNode) -> Json {
	raw_storage(node, &[chain::twox_128(b"System"), chain::twox_128(b"AuthorizedUpgrade")].concat())
}

/// Polls `done` every 200 ms; panics with `what` and the node's log after `secs` seconds.
async fn wait_until(node: &DevNode, secs: u64, what: &str, mut done: impl FnMut() -> bool) {
	let deadline = std::time::Instant::now() + Duration::from_secs(secs);
	while !done() {
		assert!(
			std::time::Instant::now() < deadline,
			"{what} within {secs} s; log:\n{}",
			node.log()
		);
		tokio::time::sleep(Duration::from_millis(200)).await;
	}
}

/// What the chain's RPC says about the registry, the scores and the pool.
fn chain_data(node: &DevNode) -> Vec<Json> {
	let calls = [
		("attribution_project", json!([0])),
		("attribution_contribution", json!([0])),
		("attribution_contribution", json!([1])),
		("attribution_pedigree", json!([1])),
		("attribution_scores", json!([0])),
		("attribution_pool", json!([0])),
	];
	calls
		.iter()
		.map(|(method, params)| {
			let result = rpc(node, method, params.clone())["result"].clone();
			assert!(!result.is_null(), "{method}({params}) answers");
			result
		})
		.collect()
}

/// Submits `apply_authorized_upgrade(code)` without a signature, as anyone may, and returns
/// its events once finalized.
async fn apply_unsigned(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	code: &[u8],
) -> subxt::extrinsics::ExtrinsicEvents<PolkadotConfig> {
	let call =
		dynamic::transaction("System", "apply_authorized_upgrade", vec![Value::from_bytes(code)]);
	let at = api.at_current_block().await.expect("a current block");
	let applied = async {
		at.transactions()
			.create_unsigned(&call)
			.expect("an unsigned transaction")
			.submit_and_watch()
			.await
			.expect("the pool accepts an authorized upgrade")
			.wait_for_finalized_success()
			.await
			.expect("finalized and successful")
	};
	match tokio::time::timeout(Duration::from_secs(60), applied).await {
		Ok(events) => events,
		Err(_) => panic!("upgrade not finalized in 60 s; log:\n{}", node.log()),
	}
}

/// `System::RejectedInvalidAuthorizedUpgrade`'s fields.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Rejected {
	#[allow(dead_code)]
	code_hash: [u8; 32],
	error: DispatchError,
}

/// The part of `DispatchError` a refused upgrade carries: a pallet's error.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
enum DispatchError {
	Module(ModuleError),
}

/// A pallet's error: the pallet's index and the error's number in its first byte.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ModuleError {
	index: u8,
	error: [u8; 4],
}

/// The name of the System error in `events`' `RejectedInvalidAuthorizedUpgrade`.
async fn rejection(
	api: &OnlineClient<PolkadotConfig>,
	events: &subxt::extrinsics::ExtrinsicEvents<PolkadotConfig>,
) -> String {
	let event = events
		.iter()
		.map(|e| e.expect("event decodes"))
		.find(|e| {
			e.pallet_name() == "System" && e.event_name() == "RejectedInvalidAuthorizedUpgrade"
		})
		.expect("a RejectedInvalidAuthorizedUpgrade event");
	let rejected = event.decode_fields_unchecked_as::<Rejected>().expect("fields decode");
	let DispatchError::Module(ModuleError { index, error }) = rejected.error;
	let at = api.at_current_block().await.expect("a current block");
	let metadata = at.metadata();
	let system = metadata.pallet_by_name("System").expect("System");
	assert_eq!(index, system.call_index(), "a System error");
	system.error_variant_by_index(error[0]).expect("a System error").name.clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn governance_upgrades_the_running_chain_and_bad_upgrades_are_refused() {
	let next = runtime_blob::upgrade_blob();
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let (alice, eve, ferdie) = (dev::alice(), dev::eve(), dev::ferdie());
	let evaluators = [dev::bob(), dev::charlie(), dev::dave()];

	let current = spec_version(&node);
	let (name, next_version) = runtime_blob::embedded_version(&next);
	assert_eq!((name.as_str(), u64::from(next_version)), ("attribution-runtime", current + 1));
	let code_key = b":code";
	let old_code = raw_storage(&node, code_key);
	let old_code = chain::unhex(old_code.as_str().expect("the chain has code"));

	// Data in all three of our pallets: a project with a dataset and a checkpoint, a final
	// snapshot scoring them, an open reward pool.
	chain::create_project(
		&api,
		&node,
		&alice,
		b"digits",
		chain::policy(chain::TEST_COMMITTEE, 10, 10, 10),
	)
	.await;
	chain::register(&api, &node, &eve, 0, "Dataset", 1, &[]).await;
	chain::register(&api, &node, &ferdie, 0, "ModelCheckpoint", 2, &[0]).await;
	chain::register_evaluators(&api, &node, &evaluators).await;
	chain::exact_round_to_snapshot(&api, &node, &alice, &evaluators, 0, 0, &TABLE).await;
	let trigger = Value::named_composite([
		("metric", Value::from_bytes(chain::blake2_256(b"accuracy"))),
		("comparator", Value::unnamed_variant("AtLeast", vec![])),
		("threshold", Value::i128(900_000)),
		("evaluation_set", Value::from_bytes(chain::cid(50))),
	]);
	let deadline = chain::best_number(&api).await + 10_000;
	let pool = dynamic::transaction(
		"Payouts",
		"create_pool",
		vec![
			Value::u128(0),
			trigger,
			Value::u128(10 * chain::UNIT),
			Value::u128(deadline.into()),
			Value::unnamed_variant("None", vec![]),
		],
	);
	submit(&api, pool, &alice, &node).await;
	let before = chain_data(&node);

	// The governance path: a referendum on the root track (the dev preset's tracks take
	// blocks, not days; there is no sudo).
	root_referendum(&api, &node, authorize_upgrade(&next), 0).await;
	wait_until(&node, 90, "the referendum authorizes the upgrade", || {
		!authorized_upgrade(&node).is_null()
	})
	.await;

	// Code that is not the authorized code: refused, the authorization kept.
	let wrong = runtime_blob::with_spec_name(&next, "attribution-runtime-x");
	let call =
		dynamic::transaction("System", "apply_authorized_upgrade", vec![Value::from_bytes(&wrong)]);
	let at = api.at_current_block().await.expect("a current block");
	let failure = at
		.transactions()
		.sign_and_submit_then_watch_default(&call, &dev::bob())
		.await
		.expect("a signed call is accepted by the pool")
		.wait_for_finalized_success()
		.await
		.expect_err("the wrong code is refused");
	assert!(format!("{failure:?}").contains("Unauthorized"), "{failure:?}");
	assert!(!authorized_upgrade(&node).is_null(), "the authorization stays");

	// The authorized code, by anyone: the new runtime goes live.
	let applied = apply_unsigned(&api, &node, &next).await;
	assert!(
		applied.iter().any(|e| e.is_ok_and(|e| e.pallet_name() == "ParachainSystem"
			&& e.event_name() == "ValidationFunctionStored")),
		"the parachain stores the new code for the relay chain's go-ahead"
	);
	wait_until(&node, 60, "the new runtime is live", || spec_version(&node) == current + 1).await;
	// Transactions sign the spec version of the block the client builds on: let the client's
	// current block move past the one where the node saw the new runtime.
	let upgraded_at = rpc(&node, "chain_getHeader", json!([]))["result"]["number"]
		.as_str()
		.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.expect("a best header");
	chain::wait_past(&api, upgraded_at, &node).await;
	assert_eq!(before, chain_data(&node), "every record reads the same after the upgrade");
	chain::register(&api, &node, &eve, 0, "Dataset", 3, &[]).await;
	assert!(!rpc(&node, "attribution_contribution", json!([2]))["result"].is_null());
	let upgraded = chain_data(&node);

	// Bad upgrades, each authorized by its own referendum and refused when applied.
	for (index, (code, error)) in [
		(old_code, "SpecVersionNeedsToIncrease"),
		(runtime_blob::with_spec_name(&next, "another-runtime"), "InvalidSpecName"),
	]
	.into_iter()
	.enumerate()
	{
		root_referendum(&api, &node, authorize_upgrade(&code), index as u32 + 1).await;
		wait_until(&node, 90, "the referendum authorizes the bad upgrade", || {
			!authorized_upgrade(&node).is_null()
		})
		.await;
		let events = apply_unsigned(&api, &node, &code).await;
		assert_eq!(rejection(&api, &events).await, error);
		assert!(authorized_upgrade(&node).is_null(), "a refused upgrade's authorization is spent");
		assert_eq!(spec_version(&node), current + 1, "still the upgraded runtime");
	}
	let now = chain::best_number(&api).await;
	chain::wait_past(&api, now + 3, &node).await;
	assert_eq!(upgraded, chain_data(&node), "the refused upgrades changed nothing");
	node.stop();
}
