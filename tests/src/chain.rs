//! What several integration tests do on chain: wait for blocks, build call arguments (CIDs,
//! licences, policies), register projects and contributions, run an exact scoring round to a
//! final snapshot, run a measurement to its aggregated value, read balances.

use std::time::Duration;

use blake2::{digest::consts::U32, Blake2b, Digest};
use serde_json::json;
use subxt::{
	dynamic::{self, Value},
	ext::{
		codec::{Compact, Encode},
		scale_decode::DecodeAsType,
	},
	tx::DynamicPayload,
	OnlineClient, PolkadotConfig,
};
use subxt_signer::sr25519::Keypair;

use crate::{rpc, submit, DevNode};

/// One ATTR in plancks.
pub const UNIT: u128 = 1_000_000_000_000;

/// The stake [`register_evaluators`] registers each evaluator with: twenty times the runtime's
/// `MinEvaluatorStake` (what one seat assigns), so that one of a few evaluators covers every
/// seat of a [`TEST_COMMITTEE`] it may draw (a seat votes only as far as its stake covers it).
pub const EVALUATOR_STAKE: u128 = 2_000 * UNIT;

/// The runtime's least stake per seat (`MinEvaluatorStake`): a policy's `min_stake` of zero
/// is raised to it.
pub const MIN_STAKE_PER_SEAT: u128 = 100 * UNIT;

/// The committee the tests' projects ask for: 31 seats, so that three evaluators of equal
/// stake are all drawn but for odds of `3 · (2/3)^31`, about one in 100,000.
pub const TEST_COMMITTEE: u32 = 31;

/// The best block's number.
pub async fn best_number(api: &OnlineClient<PolkadotConfig>) -> u64 {
	api.at_current_block().await.expect("a current block").block_number()
}

/// Waits until the best block is past `block`; panics with the node's log after 90 s.
pub async fn wait_past(api: &OnlineClient<PolkadotConfig>, block: u64, node: &DevNode) {
	let fut = async {
		while best_number(api).await <= block {
			tokio::time::sleep(Duration::from_millis(200)).await;
		}
	};
	if tokio::time::timeout(Duration::from_secs(90), fut).await.is_err() {
		panic!("chain did not pass block {block} in 90 s; log:\n{}", node.log());
	}
}

/// A raw-codec, sha2-256 CIDv1 whose digest is `seed` repeated.
pub fn cid(seed: u8) -> Vec<u8> {
	let mut bytes = vec![0x01, 0x55, 0x12, 0x20];
	bytes.extend_from_slice(&[seed; 32]);
	bytes
}

/// MIT licence terms allowing commercial use and derivatives, no royalty.
pub fn mit_licence() -> Value {
	Value::named_composite([
		("licence", Value::unnamed_variant("Spdx", vec![Value::from_bytes(b"MIT")])),
		("commercial_use", Value::bool(true)),
		("derivatives_allowed", Value::bool(true)),
		("attribution_required", Value::bool(true)),
		("royalty", Value::u128(0)),
	])
}

/// An evaluator policy: committee seats, no minimum stake, and the periods in blocks. Rounds
/// and pools refuse a policy under the runtime's floors (a committee of 5 seats on the dev
/// chain, 10 blocks for each period).
pub fn policy(committee: u32, commit: u32, reveal: u32, dispute: u32) -> Value {
	Value::named_composite([
		("committee", Value::u128(committee.into())),
		("min_stake", Value::u128(0)),
		("commit_period", Value::u128(commit.into())),
		("reveal_period", Value::u128(reveal.into())),
		("dispute_period", Value::u128(dispute.into())),
	])
}

/// `owner` creates an open project named `name` with this policy and MIT as its licence.
pub async fn create_project(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	owner: &Keypair,
	name: &[u8],
	policy: Value,
) {
	let create = dynamic::transaction(
		"Contributions",
		"create_project",
		vec![
			Value::from_bytes(name),
			mit_licence(),
			Value::u128(0),
			policy,
			Value::unnamed_variant("Open", vec![]),
		],
	);
	submit(api, create, owner, node).await;
}

/// The call by which `author` registers a contribution of its own (active at once): `kind`,
/// `cid`, these parents, no locator, the project's licence, `metadata` and `size` bytes.
pub fn registration(
	project: u64,
	author: &Keypair,
	kind: &str,
	cid: &[u8],
	parents: &[u64],
	metadata: [u8; 32],
	size: u64,
) -> DynamicPayload<Vec<Value>> {
	dynamic::transaction(
		"Contributions",
		"register_contribution",
		vec![
			Value::u128(project.into()),
			Value::unnamed_variant(kind, vec![]),
			Value::from_bytes(cid),
			Value::unnamed_variant("None", vec![]),
			Value::unnamed_composite(vec![Value::unnamed_composite(vec![
				Value::from_bytes(author.public_key().0),
				Value::u128(1_000_000_000),
			])]),
			Value::unnamed_composite(parents.iter().map(|p| Value::u128((*p).into()))),
			Value::unnamed_variant("None", vec![]),
			Value::from_bytes(metadata),
			Value::u128(size.into()),
		],
	)
}

/// One item of a `register_contributions` batch: a dataset by `author` alone (active at once)
/// with this CID and these parents, no locator, the project's licence, 1,000 bytes.
pub fn batch_item(author: &Keypair, cid: &[u8], parents: &[u64], metadata: [u8; 32]) -> Value {
	Value::named_composite([
		("kind", Value::unnamed_variant("Dataset", vec![])),
		("cid", Value::from_bytes(cid)),
		("locator", Value::unnamed_variant("None", vec![])),
		(
			"authors",
			Value::unnamed_composite(vec![Value::unnamed_composite(vec![
				Value::from_bytes(author.public_key().0),
				Value::u128(1_000_000_000),
			])]),
		),
		("parents", Value::unnamed_composite(parents.iter().map(|p| Value::u128((*p).into())))),
		("licence", Value::unnamed_variant("None", vec![])),
		("metadata_hash", Value::from_bytes(metadata)),
		("size_bytes", Value::u128(1_000)),
	])
}

/// The call registering `items` (from [`batch_item`]) into `project` in one batch.
pub fn register_batch(
	project: u64,
	items: impl IntoIterator<Item = Value>,
) -> DynamicPayload<Vec<Value>> {
	dynamic::transaction(
		"Contributions",
		"register_contributions",
		vec![Value::u128(project.into()), Value::unnamed_composite(items)],
	)
}

/// `author` registers a contribution of its own (active at once) of `kind` with CID
/// `cid(seed)` and these parents.
pub async fn register(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	author: &Keypair,
	project: u64,
	kind: &str,
	seed: u8,
	parents: &[u64],
) {
	let register = registration(project, author, kind, &cid(seed), parents, [seed; 32], 1);
	submit(api, register, author, node).await;
}

/// The SCALE encoding of `Reveal::Exact(table)` (variant 0).
fn encoded_reveal(table: &[i64]) -> Vec<u8> {
	let mut bytes = vec![0u8];
	bytes.extend(Compact(table.len() as u32).encode());
	table.iter().for_each(|v| bytes.extend(v.to_le_bytes()));
	bytes
}

/// The SCALE encoding of `Reveal::Value(value)` (variant 2): a measurement's reveal.
fn encoded_value(value: i64) -> Vec<u8> {
	let mut bytes = vec![2u8];
	bytes.extend(value.to_le_bytes());
	bytes
}

/// `blake2_256((round, evaluator, reveal, salt).encode())` of an already encoded `reveal`.
fn commitment(round: u64, evaluator: &Keypair, reveal: &[u8], salt: [u8; 32]) -> [u8; 32] {
	let mut preimage = round.encode();
	preimage.extend(evaluator.public_key().0);
	preimage.extend(reveal);
	preimage.extend(salt);
	Blake2b::<U32>::digest(&preimage).into()
}

/// What a scoring evaluator commits to: `blake2_256((round, evaluator, reveal, salt).encode())`.
pub fn round_commitment(
	round: u64,
	evaluator: &Keypair,
	table: &[i64],
	salt: [u8; 32],
) -> [u8; 32] {
	commitment(round, evaluator, &encoded_reveal(table), salt)
}

/// What an evaluator commits to for a measurement of `value`: the same hash as a round's,
/// over `Reveal::Value(value)`.
pub fn value_commitment(
	measurement: u64,
	evaluator: &Keypair,
	value: i64,
	salt: [u8; 32],
) -> [u8; 32] {
	commitment(measurement, evaluator, &encoded_value(value), salt)
}

/// `Scoring::commit(round, hash)`.
pub fn commit_call(round: u64, hash: [u8; 32]) -> DynamicPayload<Vec<Value>> {
	dynamic::transaction(
		"Scoring",
		"commit",
		vec![Value::u128(round.into()), Value::from_bytes(hash)],
	)
}

/// Waits until `round`'s committee is drawn (two relay epochs after it was requested: 10 to
/// 20 blocks on the dev chain); returns the round as `attribution_round` shows it then.
pub async fn wait_drawn(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	round: u64,
) -> serde_json::Value {
	let start = best_number(api).await;
	loop {
		let record = rpc(node, "attribution_round", json!([round]))["result"].clone();
		if record["phase"].get("drawing").is_none() {
			return record;
		}
		assert!(best_number(api).await < start + 40, "round {round} drawn within 40 blocks");
		wait_past(api, best_number(api).await, node).await;
	}
}

/// The evaluators of `evaluators` drawn to `round`'s committee, with their index in it.
pub fn drawn<'a>(
	node: &DevNode,
	evaluators: &'a [Keypair],
	round: u64,
) -> Vec<(usize, &'a Keypair)> {
	evaluators
		.iter()
		.enumerate()
		.filter(|(_, who)| assignment(node, who, round).is_some_and(|a| a["seats"] != 0))
		.collect()
}

/// blake2b-256 of `bytes`.
pub fn blake2_256(bytes: &[u8]) -> [u8; 32] {
	Blake2b::<U32>::digest(bytes).into()
}

/// twox-128 of `bytes` (xxHash64 with seeds 0 and 1, little-endian), as storage keys use.
pub fn twox_128(bytes: &[u8]) -> [u8; 16] {
	let mut out = [0u8; 16];
	out[..8].copy_from_slice(&twox_hash::XxHash64::oneshot(0, bytes).to_le_bytes());
	out[8..].copy_from_slice(&twox_hash::XxHash64::oneshot(1, bytes).to_le_bytes());
	out
}

/// `0x`-prefixed lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
	let digits: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
	format!("0x{digits}")
}

/// The bytes of `0x`-prefixed hex text, as `hex` writes it; panics on anything else.
pub fn unhex(text: &str) -> Vec<u8> {
	let digits = text.trim().strip_prefix("0x").expect("0x-prefixed hex");
	(0..digits.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(&digits[i..i + 2], 16).expect("hex"))
		.collect()
}

fn exact_reveal(table: &[i64]) -> Value {
	Value::unnamed_variant(
		"Exact",
		vec![Value::unnamed_composite(table.iter().map(|v| Value::i128(i128::from(*v))))],
	)
}

/// Registers each of `evaluators` with a stake of [`EVALUATOR_STAKE`] (2,000 ATTR: a seat's
/// votes count only as far as the stake covers them, and this covers the twenty seats of a
/// [`TEST_COMMITTEE`] that one of a few evaluators may draw).
pub async fn register_evaluators(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	evaluators: &[Keypair],
) {
	register_evaluators_with(api, node, evaluators, EVALUATOR_STAKE).await;
}

/// Registers each of `evaluators` with `stake`.
pub async fn register_evaluators_with(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	evaluators: &[Keypair],
	stake: u128,
) {
	for evaluator in evaluators {
		let call = dynamic::transaction("Scoring", "register_evaluator", vec![Value::u128(stake)]);
		submit(api, call, evaluator, node).await;
	}
}

/// `who`'s entry for `round` in `attribution_assignments`, if it has one.
pub fn assignment(node: &DevNode, who: &Keypair, round: u64) -> Option<serde_json::Value> {
	let account = who.public_key().to_account_id().to_string();
	let work = rpc(node, "attribution_assignments", json!([account]))["result"].clone();
	assert!(work["commitment"].is_string(), "the commitment format is stated: {work}");
	work["assignments"].as_array()?.iter().find(|a| a["round"] == round).cloned()
}

/// `opener` (the project's owner) opens round `round` of `project` (over every active
/// contribution of the project: exact with few of them); once its committee is drawn, every
/// evaluator drawn commits `table` and reveals it (at least one must be drawn); the round is
/// aggregated and, after its dispute window, finalized. Returns the round as
/// `attribution_round` showed it once drawn.
pub async fn exact_round_to_snapshot(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	opener: &Keypair,
	evaluators: &[Keypair],
	project: u64,
	round: u64,
	table: &[i64],
) -> serde_json::Value {
	let opened = open_round(api, node, opener, project, round).await;
	assert_eq!(opened["phase"], "open", "drawn: {opened}");
	let commit_end = opened["commitEnd"].as_u64().expect("a block number");
	let reveal_end = opened["revealEnd"].as_u64().expect("a block number");
	let drawn = drawn(node, evaluators, round);
	assert!(!drawn.is_empty(), "some of the evaluators are on the committee: {opened}");
	for (_, who) in &drawn {
		let open_work = assignment(node, who, round).expect("drawn work is listed");
		assert_eq!(
			(open_work["measurement"].clone(), open_work["committed"].clone()),
			(json!(false), json!(false))
		);
	}

	// Commit: the drawn evaluators' hashes go in together.
	let commits = drawn.iter().map(|(i, who)| {
		let hash = round_commitment(round, who, table, [*i as u8 + 1; 32]);
		submit(api, commit_call(round, hash), who, node)
	});
	futures::future::join_all(commits).await;
	let committed = rpc(node, "attribution_round", json!([round]))["result"].clone();
	assert_eq!(committed["commits"], drawn.len(), "{committed}");
	for (_, who) in &drawn {
		let open_work = assignment(node, who, round).expect("committed work is listed");
		assert_eq!(open_work["committed"], true, "{open_work}");
	}

	// Reveal after the commit period.
	wait_past(api, commit_end, node).await;
	let reveals = drawn.iter().map(|(i, who)| {
		let i = *i;
		let call = dynamic::transaction(
			"Scoring",
			"reveal",
			vec![
				Value::u128(round.into()),
				exact_reveal(table),
				Value::from_bytes([i as u8 + 1; 32]),
			],
		);
		submit(api, call, who, node)
	});
	futures::future::join_all(reveals).await;

	// Aggregate after the reveal period, finalize after the dispute window.
	wait_past(api, reveal_end, node).await;
	let aggregate = dynamic::transaction("Scoring", "aggregate", vec![Value::u128(round.into())]);
	submit(api, aggregate, opener, node).await;
	let aggregated = rpc(node, "attribution_round", json!([round]))["result"].clone();
	let dispute_end = aggregated["phase"]["aggregated"]["disputeEnd"].as_u64().expect("aggregated");
	wait_past(api, dispute_end, node).await;
	let finalize = dynamic::transaction("Scoring", "finalize", vec![Value::u128(round.into())]);
	submit(api, finalize, opener, node).await;
	opened
}

/// `opener` opens a Shapley round of `project` (utility: metric 1 on `cid(99)`); returns the
/// round as `attribution_round` shows it once its committee is drawn.
pub async fn open_round(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	opener: &Keypair,
	project: u64,
	round: u64,
) -> serde_json::Value {
	let open = dynamic::transaction(
		"Scoring",
		"open_round",
		vec![
			Value::u128(project.into()),
			Value::named_composite([
				("metric", Value::u128(1)),
				("evaluation_set", Value::from_bytes(cid(99))),
				("direction", Value::unnamed_variant("HigherIsBetter", vec![])),
			]),
		],
	);
	submit(api, open, opener, node).await;
	wait_drawn(api, node, round).await
}

/// Every one of `evaluators` drawn to exact round `round` (already drawn) commits the table
/// `table_of(evaluator)` and reveals it after the commit period; `caller` aggregates after the
/// reveal period. Returns the members that took part and the round as `attribution_round`
/// shows it once aggregated.
pub async fn play_exact_round<'a>(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	caller: &Keypair,
	evaluators: &'a [Keypair],
	round: u64,
	table_of: impl Fn(&Keypair) -> Vec<i64>,
) -> (Vec<&'a Keypair>, serde_json::Value) {
	let drawn: Vec<(usize, &Keypair)> = drawn(node, evaluators, round);
	let record = rpc(node, "attribution_round", json!([round]))["result"].clone();
	let commit_end = record["commitEnd"].as_u64().expect("drawn");
	let reveal_end = record["revealEnd"].as_u64().expect("drawn");
	let salt = |i: usize| [i as u8 + 101; 32];
	let commits = drawn.iter().map(|(i, who)| {
		let hash = round_commitment(round, who, &table_of(who), salt(*i));
		submit(api, commit_call(round, hash), who, node)
	});
	futures::future::join_all(commits).await;
	wait_past(api, commit_end, node).await;
	let reveals = drawn.iter().map(|(i, who)| {
		let call = dynamic::transaction(
			"Scoring",
			"reveal",
			vec![
				Value::u128(round.into()),
				exact_reveal(&table_of(who)),
				Value::from_bytes(salt(*i)),
			],
		);
		submit(api, call, who, node)
	});
	futures::future::join_all(reveals).await;
	wait_past(api, reveal_end, node).await;
	let aggregate = dynamic::transaction("Scoring", "aggregate", vec![Value::u128(round.into())]);
	submit(api, aggregate, caller, node).await;
	let aggregated = rpc(node, "attribution_round", json!([round]))["result"].clone();
	(drawn.into_iter().map(|(_, who)| who).collect(), aggregated)
}

/// Once measurement `measurement`'s committee is drawn, every evaluator drawn commits
/// `values[i]` (the value of its index) during the commit period and reveals it after;
/// `caller` aggregates it after the reveal period. Returns the measurement as
/// `attribution_round` shows it once aggregated (its `phase` says when its dispute window
/// ends).
pub async fn measure_and_aggregate(
	api: &OnlineClient<PolkadotConfig>,
	node: &DevNode,
	caller: &Keypair,
	evaluators: &[Keypair],
	measurement: u64,
	values: &[i64],
) -> serde_json::Value {
	assert_eq!(evaluators.len(), values.len(), "one value per evaluator");
	let opened = wait_drawn(api, node, measurement).await;
	assert!(opened["kind"]["measurement"].is_object(), "a measurement: {opened}");
	let commit_end = opened["commitEnd"].as_u64().expect("a block number");
	let reveal_end = opened["revealEnd"].as_u64().expect("a block number");
	let salt = |i: usize| [i as u8 + 7; 32];
	let drawn: Vec<(usize, &Keypair, i64)> = drawn(node, evaluators, measurement)
		.into_iter()
		.map(|(i, who)| (i, who, values[i]))
		.collect();
	assert!(!drawn.is_empty(), "some of the evaluators are on the committee: {opened}");

	let commits = drawn.iter().map(|(i, who, value)| {
		let hash = value_commitment(measurement, who, *value, salt(*i));
		submit(api, commit_call(measurement, hash), who, node)
	});
	futures::future::join_all(commits).await;
	let committed = rpc(node, "attribution_round", json!([measurement]))["result"].clone();
	assert_eq!(committed["commits"], drawn.len(), "{committed}");

	wait_past(api, commit_end, node).await;
	let reveals = drawn.iter().map(|(i, who, value)| {
		let (i, who, value) = (*i, *who, value);
		let call = dynamic::transaction(
			"Scoring",
			"reveal",
			vec![
				Value::u128(measurement.into()),
				Value::unnamed_variant("Value", vec![Value::i128((*value).into())]),
				Value::from_bytes(salt(i)),
			],
		);
		submit(api, call, who, node)
	});
	futures::future::join_all(reveals).await;

	wait_past(api, reveal_end, node).await;
	let aggregate =
		dynamic::transaction("Scoring", "aggregate", vec![Value::u128(measurement.into())]);
	submit(api, aggregate, caller, node).await;
	rpc(node, "attribution_round", json!([measurement]))["result"].clone()
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountInfo {
	data: AccountData,
}

#[derive(Debug, DecodeAsType)]
#[decode_as_type(crate_path = "subxt::ext::scale_decode")]
struct AccountData {
	free: u128,
	reserved: u128,
}

/// The balances of `who` at the best block.
async fn account_data(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> AccountData {
	let address = dynamic::storage::<([u8; 32],), AccountInfo>("System", "Account");
	let at = api.at_current_block().await.expect("a current block");
	let value = at.storage().fetch(address, (who,)).await.expect("account is readable");
	value.decode().expect("AccountInfo decodes").data
}

/// The free balance of `who` at the best block.
pub async fn free_balance(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> u128 {
	account_data(api, who).await.free
}

/// What is held (reserved) from `who` at the best block: for the payouts pallet's account,
/// everything the pallet owes.
pub async fn held_balance(api: &OnlineClient<PolkadotConfig>, who: [u8; 32]) -> u128 {
	account_data(api, who).await.reserved
}

/// The payouts pallet's account (`PalletId(*b"attr/pay")`): `b"modl"`, the id, then zeros.
pub fn payouts_account() -> [u8; 32] {
	let mut account = [0u8; 32];
	account[..4].copy_from_slice(b"modl");
	account[4..12].copy_from_slice(b"attr/pay");
	account
}
