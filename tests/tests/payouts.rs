//! Payouts end to end on the real dev node: two authors' contributions are scored by a full
//! exact round and a sponsor funds a reward pool. The project's owner then rewrites its
//! evaluator policy (down to the runtime's floors), registers as an evaluator, starts a report
//! and tries to commit to its measurement: refused, the pool's terms unchanged and its funds
//! still escrowed. Three independent evaluators measure the checkpoint, the value crosses the
//! threshold, the pool is released and both authors claim their shares, checked to the unit;
//! then a licence of the checkpoint is offered and bought, and its price becomes claimable.

use attribution_integration_tests::{chain, rpc, submit, submit_refused, DevNode};
use serde_json::{json, Value as Json};
use subxt::{
	dynamic::{self, Value},
	ext::scale_decode::DecodeAsType,
	extrinsics::ExtrinsicEvents,
	utils::AccountId32,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::{
	sr25519::{dev, Keypair},
	SecretUri,
};

/// Coalition utilities over (dataset 0, checkpoint 1): Shapley values 350,000 and 650,000.
const TABLE: [i64; 4] = [0, 300_000, 600_000, 1_000_000];

/// The fields of `Payouts::ReportStarted` this test checks.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct ReportStarted {
	pool: u64,
	checkpoint: u64,
	measurement: u64,
	attempt: u32,
}

/// The field of `Scoring::MeasurementRequested` this test reads.
#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct MeasurementRequested {
	measurement: u64,
}

/// The `Payouts::ReportStarted` event among `events`, checked against the
/// `Scoring::MeasurementRequested` event the same call emitted.
fn report_started(events: &ExtrinsicEvents<PolkadotConfig>) -> ReportStarted {
	let (mut started, mut requested) = (None, None);
	for event in events.iter() {
		let event = event.expect("event decodes");
		match (event.pallet_name(), event.event_name()) {
			("Payouts", "ReportStarted") => {
				started = event.decode_fields_unchecked_as::<ReportStarted>().ok()
			}
			("Scoring", "MeasurementRequested") => {
				requested = event.decode_fields_unchecked_as::<MeasurementRequested>().ok()
			}
			_ => {}
		}
	}
	let started = started.expect("a ReportStarted event");
	let requested = requested.expect("a MeasurementRequested event");
	assert_eq!(started.measurement, requested.measurement, "the report is that measurement");
	started
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct FeePaid {
	who: AccountId32,
	actual_fee: u128,
	tip: u128,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct Claimed {
	who: AccountId32,
	amount: u128,
	targets: u32,
}

/// `who` claims its part of contribution `contribution` in project 0's snapshot 1; returns
/// the `Claimed` event and the fee paid.
async fn claim(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	who: &Keypair,
	contribution: u64,
) -> (Claimed, u128) {
	let target = Value::named_composite([
		("project", Value::u128(0)),
		("version", Value::u128(1)),
		("contribution", Value::u128(contribution.into())),
	]);
	let call =
		dynamic::transaction("Payouts", "claim", vec![Value::unnamed_composite(vec![target])]);
	let events = submit(api, call, who, node).await;
	let (mut claimed, mut fee) = (None, None);
	for event in events.iter() {
		let event = event.expect("event decodes");
		match (event.pallet_name(), event.event_name()) {
			("Payouts", "Claimed") => claimed = event.decode_fields_unchecked_as::<Claimed>().ok(),
			("TransactionPayment", "TransactionFeePaid") => {
				let paid = event.decode_fields_unchecked_as::<FeePaid>().expect("fee decodes");
				assert_eq!(paid.who, AccountId32(who.public_key().0));
				fee = Some(paid.actual_fee + paid.tip);
			}
			_ => {}
		}
	}
	(claimed.expect("a Claimed event"), fee.expect("a TransactionFeePaid event"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crossing_benchmark_releases_a_pool_that_two_authors_claim() {
	let node = DevNode::start(&["--dev-block-time", "500"]);
	let api =
		OnlineClient::<PolkadotConfig>::from_insecure_url(node.ws_url()).await.expect("connects");
	let (alice, eve, ferdie) = (dev::alice(), dev::eve(), dev::ferdie());
	let sponsor =
		Keypair::from_uri(&"//Alice//stash".parse::<SecretUri>().expect("a URI")).expect("a key");
	let sponsor_ss58 = sponsor.public_key().to_account_id().to_string();
	// Neither the owner (Alice), the sponsor nor an author (Eve, Ferdie).
	let evaluators = [dev::bob(), dev::charlie(), dev::dave()];

	// Eve's dataset (0) and Ferdie's checkpoint trained on it (1), scored 35% / 65%. The
	// policy allows 20 blocks to commit, 10 to reveal and 10 to dispute.
	chain::create_project(
		&api,
		&node,
		&alice,
		b"digits",
		chain::policy(chain::TEST_COMMITTEE, 20, 10, 10),
	)
	.await;
	chain::register(&api, &node, &eve, 0, "Dataset", 1, &[]).await;
	chain::register(&api, &node, &ferdie, 0, "ModelCheckpoint", 2, &[0]).await;
	chain::register_evaluators(&api, &node, &evaluators).await;
	chain::exact_round_to_snapshot(&api, &node, &alice, &evaluators, 0, 0, &TABLE).await;
	let scores = rpc(&node, "attribution_scores", json!([0]))["result"].clone();
	assert_eq!(
		scores["shares"],
		json!([
			{ "contribution": 0, "sharePerbill": 350_000_000 },
			{ "contribution": 1, "sharePerbill": 650_000_000 },
		]),
		"{scores}"
	);

	// The sponsor escrows 10 ATTR: released when accuracy reaches 90% (in parts per million).
	// The pool records the terms of the project's policy now, and its royalty share (none).
	let amount = 10 * chain::UNIT;
	let deadline = chain::best_number(&api).await + 300;
	let trigger = Value::named_composite([
		("metric", Value::from_bytes(chain::blake2_256(b"accuracy"))),
		("comparator", Value::unnamed_variant("AtLeast", vec![])),
		("threshold", Value::i128(900_000)),
		("evaluation_set", Value::from_bytes(chain::cid(50))),
	]);
	let create = dynamic::transaction(
		"Payouts",
		"create_pool",
		vec![
			Value::u128(0),
			trigger,
			Value::u128(amount),
			Value::u128(deadline.into()),
			Value::unnamed_variant("None", vec![]),
		],
	);
	submit(&api, create, &sponsor, &node).await;
	let pool = rpc(&node, "attribution_pool", json!([0]))["result"].clone();
	assert_eq!(pool["status"], "open", "{pool}");
	assert_eq!(pool["sponsor"], sponsor_ss58);
	assert_eq!(pool["amount"], amount.to_string());
	assert_eq!(pool["trigger"]["comparator"], "atLeast");
	assert_eq!(pool["royaltyToParentsPerbill"], 0);
	let pool_terms = pool["terms"].clone();
	assert_eq!(
		(pool_terms["committee"].clone(), pool_terms["commitPeriod"].clone()),
		(json!(chain::TEST_COMMITTEE), json!(20)),
		"{pool}"
	);
	assert_eq!(
		pool_terms["minStake"],
		chain::MIN_STAKE_PER_SEAT.to_string(),
		"the runtime's least stake per seat"
	);
	assert_eq!(rpc(&node, "attribution_pool", json!([9]))["result"], Json::Null);

	// The owner rewrites its policy to the floors (10 blocks to commit) and registers as an
	// evaluator; the funded pool keeps the terms it was funded under.
	let update = dynamic::transaction(
		"Contributions",
		"update_project",
		vec![
			Value::u128(0),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_variant("Some", vec![chain::policy(chain::TEST_COMMITTEE, 10, 10, 10)]),
		],
	);
	let events = submit(&api, update, &alice, &node).await;
	assert!(
		events.iter().any(|e| e
			.is_ok_and(|e| e.pallet_name() == "Contributions" && e.event_name() == "PolicyChanged")),
		"the policy changed"
	);
	let project = rpc(&node, "attribution_project", json!([0]))["result"].clone();
	assert_eq!(project["evaluatorPolicy"]["commitPeriod"], 10, "{project}");
	chain::register_evaluators(&api, &node, std::slice::from_ref(&alice)).await;
	let pool = rpc(&node, "attribution_pool", json!([0]))["result"].clone();
	assert_eq!(pool["terms"], pool_terms, "the pool's terms are fixed at funding: {pool}");

	// The owner starts a report on checkpoint 1: a measurement under the pool's terms.
	let start =
		dynamic::transaction("Payouts", "start_report", vec![Value::u128(0), Value::u128(1)]);
	let started = report_started(&submit(&api, start, &alice, &node).await);
	assert_eq!((started.pool, started.checkpoint, started.attempt), (0, 1, 1), "{started:?}");
	let measurement = started.measurement;
	let reporting =
		rpc(&node, "attribution_pool", json!([0]))["result"]["status"]["reporting"].clone();
	assert_eq!(reporting, json!({ "checkpoint": 1, "measurement": measurement }));
	let round = rpc(&node, "attribution_round", json!([measurement]))["result"].clone();
	assert_eq!(round["kind"]["measurement"]["subject"], 1, "{round}");
	assert_eq!(round["terms"], pool_terms, "the measurement runs under the pool's terms");
	assert_eq!(round["interested"], sponsor_ss58, "the sponsor cannot evaluate");
	assert!(round["phase"]["drawing"].is_object(), "drawn two relay epochs later: {round}");
	let pending = rpc(&node, "attribution_measurement", json!([measurement]))["result"].clone();
	assert_eq!(pending["round"]["id"], measurement, "{pending}");
	assert_eq!(pending["outcome"], Json::Null);
	// The committee is drawn by stake among Bob, Charlie and Dave; the owner's seats stay
	// empty.
	let drawn = chain::wait_drawn(&api, &node, measurement).await;
	assert_eq!(drawn["phase"], "open", "{drawn}");
	let (_, first) = chain::drawn(&node, &evaluators, measurement)[0];
	let open_work = chain::assignment(&node, first, measurement).expect("a drawn evaluator");
	assert_eq!(
		(open_work["measurement"].clone(), open_work["committed"].clone()),
		(json!(true), json!(false)),
		"{open_work}"
	);
	assert_eq!(chain::assignment(&node, &alice, measurement), None, "the owner is not drawn");
	let committee = chain::drawn(&node, &evaluators, measurement).len() as u64;
	assert!(drawn["seats"].as_u64() < Some(chain::TEST_COMMITTEE.into()), "{drawn}");

	// The owner commits to the highest accuracy there is: refused (it was not drawn); the
	// sponsor's money stays escrowed and the report under way.
	let held = chain::held_balance(&api, chain::payouts_account()).await;
	assert!(held >= amount, "the pallet holds the pool: {held}");
	let hash = chain::value_commitment(measurement, &alice, 1_000_000, [1; 32]);
	let refused = submit_refused(&api, chain::commit_call(measurement, hash), &alice, &node).await;
	assert!(refused.contains("NotDrawn"), "{refused}");
	let pool = rpc(&node, "attribution_pool", json!([0]))["result"].clone();
	assert_eq!(pool["status"]["reporting"]["measurement"], measurement, "{pool}");
	assert_eq!(pool["amount"], amount.to_string());
	assert_eq!(rpc(&node, "attribution_round", json!([measurement]))["result"]["commits"], 0);
	assert_eq!(chain::held_balance(&api, chain::payouts_account()).await, held, "still escrowed");

	// The independent evaluators measure checkpoint 1: 93% each (the evaluation is
	// deterministic).
	let aggregated = chain::measure_and_aggregate(
		&api,
		&node,
		&sponsor,
		&evaluators,
		measurement,
		&[930_000, 930_000, 930_000],
	)
	.await;
	assert_eq!(aggregated["result"], json!({ "value": 930_000 }), "{aggregated}");
	let reveals = aggregated["reveals"].as_u64().expect("a count");
	assert_eq!(reveals, committee, "every drawn evaluator revealed");
	let dispute_end = aggregated["phase"]["aggregated"]["disputeEnd"].as_u64().expect("aggregated");

	// After the dispute window the value is final; concluding the report releases the pool.
	chain::wait_past(&api, dispute_end, &node).await;
	let finalize =
		dynamic::transaction("Scoring", "finalize", vec![Value::u128(measurement.into())]);
	submit(&api, finalize, &sponsor, &node).await;
	let measured = rpc(&node, "attribution_measurement", json!([measurement]))["result"].clone();
	assert_eq!(
		measured,
		json!({ "round": null, "outcome": { "final": { "median": 930_000, "reveals": reveals } } })
	);
	submit(
		&api,
		dynamic::transaction("Payouts", "conclude_report", vec![Value::u128(0)]),
		&sponsor,
		&node,
	)
	.await;
	let released =
		rpc(&node, "attribution_pool", json!([0]))["result"]["status"]["released"].clone();
	assert_eq!(released["result"], 930_000, "{released}");
	assert_eq!(released["checkpoint"], 1);
	assert_eq!(
		rpc(&node, "attribution_measurement", json!([measurement]))["result"]["outcome"],
		Json::Null,
		"the pool used the outcome"
	);
	let earnings = rpc(&node, "attribution_earnings", json!([0]))["result"].clone();
	assert_eq!(earnings["snapshots"][0]["released"], amount.to_string(), "{earnings}");

	// Each author is owed its share of the 10 ATTR, and claims exactly that.
	let eve_ss58 = eve.public_key().to_account_id().to_string();
	let owed = rpc(&node, "attribution_claimable", json!([eve_ss58]))["result"].clone();
	assert_eq!(owed["total"], (amount * 35 / 100).to_string(), "{owed}");
	for (who, contribution, share) in [(&eve, 0u64, 35u128), (&ferdie, 1, 65)] {
		let before = chain::free_balance(&api, who.public_key().0).await;
		let (claimed, fee) = claim(&api, &node, who, contribution).await;
		assert_eq!(claimed.who, AccountId32(who.public_key().0));
		assert_eq!(claimed.amount, amount * share / 100);
		assert_eq!(claimed.targets, 1);
		let after = chain::free_balance(&api, who.public_key().0).await;
		assert_eq!(after, before + amount * share / 100 - fee, "balance moves to the unit");
	}
	assert_eq!(rpc(&node, "attribution_claimable", json!([eve_ss58]))["result"]["total"], "0");
	let earnings = rpc(&node, "attribution_earnings", json!([0]))["result"].clone();
	assert_eq!(earnings["snapshots"][0]["unclaimed"], "0", "{earnings}");
	assert_eq!(rpc(&node, "attribution_claimable", json!(["nobody"]))["error"]["code"], -32602);

	// Alice (the project's owner) sells licences of the checkpoint; Bob buys one. The price is
	// distributed like the pool: 35% of it becomes claimable by Eve.
	let price = 2 * chain::UNIT;
	let terms = Value::named_composite([
		("price", Value::u128(price)),
		("duration", Value::unnamed_variant("Some", vec![Value::u128(1_000)])),
		("seats", Value::unnamed_variant("Some", vec![Value::u128(5)])),
		("commercial", Value::bool(true)),
		("derivatives", Value::bool(false)),
	]);
	let offer = dynamic::transaction("Payouts", "offer_licence", vec![Value::u128(1), terms]);
	submit(&api, offer, &alice, &node).await;
	let offered = rpc(&node, "attribution_licenceOffer", json!([1]))["result"].clone();
	assert_eq!(offered["price"], price.to_string(), "{offered}");
	assert_eq!(offered["seatsLeft"], 5);
	assert_eq!(rpc(&node, "attribution_licenceOffer", json!([0]))["result"], Json::Null);
	let bob = dev::bob();
	// Bob agrees to the terms the offer shows (the node refuses a purchase if they changed).
	let seen = Value::named_composite([
		("duration", Value::unnamed_variant("Some", vec![Value::u128(1_000)])),
		("commercial", Value::bool(true)),
		("derivatives", Value::bool(false)),
		("terms_hash", Value::from_bytes(terms_hash(&offered))),
	]);
	let buy = dynamic::transaction(
		"Payouts",
		"buy_licence",
		vec![Value::u128(1), Value::u128(price), seen],
	);
	submit(&api, buy, &bob, &node).await;
	let bob_ss58 = bob.public_key().to_account_id().to_string();
	let page = rpc(&node, "attribution_licences", json!([bob_ss58]))["result"].clone();
	assert_eq!(page["next"], Json::Null, "{page}");
	let licences = page["items"].clone();
	assert_eq!(licences.as_array().map(|l| l.len()), Some(1), "{licences}");
	assert_eq!(licences[0]["contribution"], 1);
	assert_eq!(licences[0]["licensee"], bob_ss58);
	assert_eq!(licences[0]["commercial"], true);
	assert_eq!(licences[0]["derivatives"], false);
	assert_eq!(rpc(&node, "attribution_licenceOffer", json!([1]))["result"]["seatsLeft"], 4);
	let owed = rpc(&node, "attribution_claimable", json!([eve_ss58]))["result"].clone();
	assert_eq!(owed["total"], (price * 35 / 100).to_string(), "{owed}");
	let earnings = rpc(&node, "attribution_earnings", json!([0]))["result"].clone();
	assert_eq!(earnings["snapshots"][0]["released"], (amount + price).to_string(), "{earnings}");
	assert_eq!(earnings["next"], Json::Null, "one snapshot, one page: {earnings}");

	// Pages: a page's `next` is where the next one starts; Eve is an author of contribution 0
	// only, so a page from contribution 1 on is empty; a malformed cursor is refused.
	let from = |contribution: u64| json!({ "contribution": contribution, "afterVersion": null });
	let page = rpc(&node, "attribution_claimable", json!([eve_ss58, from(0), 1]))["result"].clone();
	assert_eq!(page["items"].as_array().map(Vec::len), Some(1), "{page}");
	assert_eq!(page["next"], Json::Null, "{page}");
	let page = rpc(&node, "attribution_claimable", json!([eve_ss58, from(1), 1]))["result"].clone();
	assert_eq!((page["total"].clone(), page["next"].clone()), (json!("0"), Json::Null), "{page}");
	let bad = json!([eve_ss58, { "contribution": "zero" }]);
	assert_eq!(rpc(&node, "attribution_claimable", bad)["error"]["code"], -32602);
	let one = rpc(&node, "attribution_licences", json!([bob_ss58, null, 1]))["result"].clone();
	assert_eq!(one["next"], licences[0]["id"], "a full page says where to go on: {one}");
	let none = rpc(&node, "attribution_licences", json!([bob_ss58, licences[0]["id"], 10]));
	assert_eq!(
		none["result"],
		json!({ "items": [], "next": null }),
		"nothing after Bob's only licence"
	);

	drop(api);
	node.stop();
}

/// The 32 bytes of an offer's `termsHash` (hex in `attribution_licenceOffer`).
fn terms_hash(offer: &Json) -> Vec<u8> {
	let hex = offer["termsHash"].as_str().expect("an offer has a terms hash");
	(0..32).map(|i| u8::from_str_radix(&hex[2 + 2 * i..4 + 2 * i], 16).expect("hex")).collect()
}
