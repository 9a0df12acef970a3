//! How much registry work this runtime does per block, from its benchmarked weights, and what a
//! 1,000-node lineage query costs. Prints the figures (run with `--nocapture` to see them) and
//! checks the target: at least 2,000 typical registrations per block (batched with
//! `register_contributions`; one registration per extrinsic pays the deposit hold, project and
//! id counter writes each time).

use attribution_primitives::{
	contribution::{ContributionKind, Locator, MAX_URI_LEN},
	licence::{Licence, LicenceTerms},
	project::{EvaluatorPolicy, Membership},
};
use attribution_runtime::{
	configs::{RuntimeBlockLength, RuntimeBlockWeights},
	AccountId, Runtime, RuntimeCall, RuntimeGenesisConfig, RuntimeOrigin, System,
	UncheckedExtrinsic,
};
use codec::Encode;
use pallet_contributions::queries::Direction;
use polkadot_sdk::{
	frame_support::{dispatch::DispatchClass, dispatch::GetDispatchInfo, traits::Get},
	sp_core::{crypto::AccountId32, H256},
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		generic::Era, traits::Dispatchable, BuildStorage, MultiAddress, MultiSignature, Perbill,
	},
	*,
};

mod common;

fn licence() -> LicenceTerms {
	LicenceTerms {
		licence: Licence::Spdx(b"Apache-2.0 OR MIT".to_vec().try_into().unwrap()),
		commercial_use: true,
		derivatives_allowed: true,
		attribution_required: true,
		royalty: Perbill::from_percent(5),
	}
}

fn cid(n: u64) -> Vec<u8> {
	let mut bytes = vec![0x01, 0x55, 0x12, 0x20];
	let mut digest = [0u8; 32];
	digest[..8].copy_from_slice(&n.to_le_bytes());
	bytes.extend_from_slice(&digest);
	bytes
}

fn register_call(
	n: u64,
	authors: Vec<(AccountId, Perbill)>,
	parents: Vec<u64>,
	locator: Option<Locator>,
	licence: Option<LicenceTerms>,
) -> RuntimeCall {
	RuntimeCall::Contributions(pallet_contributions::Call::register_contribution {
		project: 0,
		kind: ContributionKind::Dataset,
		cid: cid(n),
		locator,
		authors,
		parents,
		licence,
		metadata_hash: H256::repeat_byte(1),
		size_bytes: 1_000_000,
	})
}

/// The encoded length of `call` as a signed extrinsic (signature bytes do not change it).
fn extrinsic_len(call: RuntimeCall) -> u32 {
	let extension = common::tx_extension(Era::mortal(256, 0), 1_000);
	let signer = Sr25519Keyring::Alice.to_account_id();
	let signature = MultiSignature::Sr25519(sp_core::sr25519::Signature::from_raw([0; 64]));
	UncheckedExtrinsic::new_signed(call, MultiAddress::Id(signer), signature, extension)
		.encode()
		.len() as u32
}

/// How many registrations fit into one block when each extrinsic is `call` carrying
/// `registrations` of them: (count, what binds, the figures).
fn per_block(call: RuntimeCall, registrations: u64) -> (u64, &'static str, String, [u64; 3]) {
	let weights = RuntimeBlockWeights::get();
	let normal = weights.get(DispatchClass::Normal);
	let info = call.get_dispatch_info();
	let per_tx = normal.base_extrinsic + info.call_weight + info.extension_weight;
	let room = normal.max_total.unwrap_or(weights.max_block) - weights.base_block;
	let length = extrinsic_len(call);
	let max_length = *RuntimeBlockLength::get().max.get(DispatchClass::Normal);
	let by_time = room.ref_time() * registrations / per_tx.ref_time().max(1);
	let by_proof = room.proof_size() * registrations / per_tx.proof_size().max(1);
	let by_length = u64::from(max_length) * registrations / u64::from(length.max(1));
	let (count, binding) =
		[(by_time, "ref time"), (by_proof, "proof size"), (by_length, "block length")]
			.into_iter()
			.min_by_key(|(count, _)| *count)
			.unwrap();
	let detail = format!(
		"weight {} ps ref time, {} B proof, {} B encoded; per block: {} by ref time, {} by proof size, {} by length",
		per_tx.ref_time(),
		per_tx.proof_size(),
		length,
		by_time,
		by_proof,
		by_length
	);
	(count, binding, detail, [by_time, by_proof, by_length])
}

/// A chain where only Alice has funds (a million ATTR).
fn alice_funded() -> TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Runtime>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Runtime> {
		balances: vec![(alice(), 1_000_000_000_000_000_000)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	TestExternalities::new(storage)
}

/// Alice's open project 0, evaluated by a one-seat policy of one-block periods.
fn create_project(name: &[u8]) -> RuntimeCall {
	RuntimeCall::Contributions(pallet_contributions::Call::create_project {
		name: name.to_vec(),
		default_licence: licence(),
		royalty_to_parents: Perbill::zero(),
		evaluator_policy: EvaluatorPolicy {
			committee: 1,
			min_stake: 0,
			commit_period: 1,
			reveal_period: 1,
			dispute_period: 1,
		},
		membership: Membership::Open,
	})
}

fn alice() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

/// Registrations per block as `docs/benchmarks.md` states them (batched by 256, and one per
/// extrinsic; both bound by the proof-size estimate). A change of weights or limits that moves
/// either by more than a tenth fails below, so the document moves with it.
const DOCUMENTED_PER_BLOCK: [(&str, u64); 2] = [("batched", 3_033), ("one per extrinsic", 1_172)];

/// `measured` is within a tenth of `documented`.
fn assert_within_a_tenth(what: &str, measured: u64, documented: u64) {
	assert!(
		measured * 10 >= documented * 9 && measured * 10 <= documented * 11,
		"{what}: {measured} registrations per block, docs/benchmarks.md says {documented}: \
		 update the document (or find what moved the figure)"
	);
}

#[test]
fn registrations_per_block_meet_the_target() {
	let typical = register_call(1, vec![(alice(), Perbill::one())], vec![0], None, None);
	let (single, single_binding, detail, _) = per_block(typical, 1);
	println!(
		"typical registration (1 author, 1 parent), one per extrinsic: {detail}; \
		 {single} per block, bound by {single_binding}"
	);

	let batch: u32 = <Runtime as pallet_contributions::Config>::MaxBatch::get();
	let items = (0..batch)
		.map(|i| pallet_contributions::Registration {
			kind: ContributionKind::Dataset,
			cid: cid(10_000 + u64::from(i)),
			locator: None,
			authors: vec![(alice(), Perbill::one())],
			parents: vec![0],
			licence: None,
			metadata_hash: H256::repeat_byte(1),
			size_bytes: 1_000_000,
		})
		.collect();
	let batched = RuntimeCall::Contributions(pallet_contributions::Call::register_contributions {
		project: 0,
		registrations: items,
	});
	let (count, binding, detail, [by_time, by_proof, by_length]) =
		per_block(batched, u64::from(batch));
	println!(
		"typical registrations in batches of {batch} (register_contributions): {detail}; \
		 {count} per block, bound by {binding}"
	);

	let max_authors: u32 = <Runtime as pallet_contributions::Config>::MaxAuthors::get();
	let max_parents: u32 = <Runtime as pallet_contributions::Config>::MaxParents::get();
	let authors = (0..max_authors)
		.map(|i| (AccountId32::new([i as u8 + 1; 32]), Perbill::from_rational(1, max_authors)))
		.collect();
	let locator = Locator::Uri(vec![b'u'; MAX_URI_LEN as usize].try_into().unwrap());
	let heaviest = register_call(
		2,
		authors,
		(0..u64::from(max_parents)).collect(),
		Some(locator),
		Some(licence()),
	);
	let (count_max, binding_max, detail_max, _) = per_block(heaviest, 1);
	println!(
		"registration at the bounds ({max_authors} authors, {max_parents} parents, {MAX_URI_LEN}-byte URI): \
		 {detail_max}; {count_max} per block, bound by {binding_max}"
	);
	// Whichever of ref time, worst-case proof and length binds first.
	assert!(count >= 2_000, "only {count} typical registrations per block ({binding})");
	println!(
		"batched registrations per block: {count} by the worst-case estimates (bound by {binding}); \
		 {by_time} by ref time, {by_proof} by estimated proof, {by_length} by length"
	);
	assert!(count_max >= 1, "a registration at the bounds must fit a block");
	for ((what, documented), measured) in DOCUMENTED_PER_BLOCK.into_iter().zip([count, single]) {
		assert_within_a_tenth(what, measured, documented);
	}
}

/// A ternary tree of 1,000 contributions, then the descendants of its root (all 999) and the
/// ancestors of its deepest leaf, with the storage proof each query needs.
#[test]
fn a_thousand_node_lineage_query_is_bounded() {
	let _ = RuntimeGenesisConfig::default();
	let mut ext = alice_funded();
	ext.execute_with(|| {
		System::set_block_number(1);
		let origin = || RuntimeOrigin::signed(alice());
		create_project(b"lineage").dispatch(origin()).expect("project");
		for n in 0..1_000u64 {
			let parents = if n == 0 { vec![] } else { vec![(n - 1) / 3] };
			register_call(n, vec![(alice(), Perbill::one())], parents, None, None)
				.dispatch(origin())
				.expect("registration");
		}
	});
	ext.commit_all().unwrap();

	let start = std::time::Instant::now();
	let (descendants, proof) = ext.execute_and_prove(|| {
		pallet_contributions::Pallet::<Runtime>::lineage(0, Direction::Descendants, 64)
	});
	let elapsed = start.elapsed();
	let descendants = descendants.expect("the root exists");
	println!(
		"descendants of the root of a 1,000-node lineage: {} nodes, {} B storage proof, {:?} natively",
		descendants.nodes.len(),
		proof.encoded_size(),
		elapsed
	);
	assert_eq!(descendants.nodes.len(), 999);
	assert!(!descendants.truncated);

	let (ancestors, proof) = ext.execute_and_prove(|| {
		pallet_contributions::Pallet::<Runtime>::lineage(999, Direction::Ancestors, 64)
	});
	let ancestors = ancestors.expect("the leaf exists");
	println!(
		"ancestors of its deepest leaf: {} nodes, {} B storage proof",
		ancestors.nodes.len(),
		proof.encoded_size()
	);
	assert_eq!(ancestors.nodes.last().map(|n| n.id), Some(0));
}

/// The proof a batch of 256 registrations actually needs on a state of 3,000 contributions,
/// against the benchmarked (worst-case) estimate: what StorageWeightReclaim gives back.
#[test]
fn measured_proof_of_a_batch_is_below_the_estimate() {
	let mut ext = alice_funded();
	let batch: u32 = <Runtime as pallet_contributions::Config>::MaxBatch::get();
	let item = |n: u64, parents: Vec<u64>| pallet_contributions::Registration {
		kind: ContributionKind::Dataset,
		cid: cid(n),
		locator: None,
		authors: vec![(alice(), Perbill::one())],
		parents,
		licence: None,
		metadata_hash: H256::repeat_byte(1),
		size_bytes: 1_000_000,
	};
	let origin = || RuntimeOrigin::signed(alice());
	ext.execute_with(|| {
		System::set_block_number(1);
		create_project(b"capacity").dispatch(origin()).expect("project");
		for chunk in (0..3_000u64).collect::<Vec<_>>().chunks(batch as usize) {
			RuntimeCall::Contributions(pallet_contributions::Call::register_contributions {
				project: 0,
				registrations: chunk.iter().map(|n| item(*n, vec![])).collect(),
			})
			.dispatch(origin())
			.expect("roots");
		}
	});
	ext.commit_all().unwrap();

	// Parents spread over the whole state, one per item.
	let call = RuntimeCall::Contributions(pallet_contributions::Call::register_contributions {
		project: 0,
		registrations: (0..u64::from(batch))
			.map(|i| item(100_000 + i, vec![i * 11 % 3_000]))
			.collect(),
	});
	let estimate = call.get_dispatch_info().call_weight.proof_size();
	let (result, proof) = ext.execute_and_prove(|| call.dispatch(origin()));
	assert!(result.is_ok(), "{result:?}");
	let measured = proof.encoded_size() as u64;
	println!(
		"a batch of {batch} registrations on a 3,000-contribution state: {measured} B measured proof \
		 ({} B each) against {estimate} B estimated ({} B each)",
		measured / u64::from(batch),
		estimate / u64::from(batch)
	);
	assert!(measured < estimate, "the estimate must bound the measured proof");
}

/// Audit L3: a contribution paid for four storage items whatever its authors and parents,
/// although each author adds two index entries and each parent one. A 32-author, 16-parent
/// record now holds at least what the runtime's own `deposit()` prices its items and bytes at.
#[test]
fn the_deposit_of_the_largest_contribution_pays_for_every_item_it_stores() {
	alice_funded().execute_with(|| {
		System::set_block_number(1);
		let origin = || RuntimeOrigin::signed(alice());
		create_project(b"deposits").dispatch(origin()).expect("project");
		let parents: Vec<u64> = (0..16).collect();
		for n in parents.iter() {
			register_call(*n, vec![(alice(), Perbill::one())], vec![], None, None)
				.dispatch(origin())
				.expect("a parent");
		}
		let share = Perbill::from_rational(1u32, 32);
		let mut authors: Vec<(AccountId, Perbill)> =
			(1..32u8).map(|i| (AccountId32::new([i; 32]), share)).collect();
		authors
			.insert(0, (alice(), Perbill::one() - Perbill::from_parts(share.deconstruct() * 31)));
		let id = pallet_contributions::NextContributionId::<Runtime>::get();
		register_call(100, authors, parents, None, None).dispatch(origin()).expect("registered");
		let record = pallet_contributions::Contributions::<Runtime>::get(id).expect("stored");
		let bytes = record.encoded_size() as u32;
		// The record, its content, project and `Settled` entries, 32 × 2 author entries and 16
		// parent entries.
		let priced = attribution_runtime::deposit(4 + 32 * 2 + 16, bytes);
		println!("a 32-author, 16-parent contribution holds {} against {priced}", record.deposit);
		assert!(record.deposit >= priced, "{} < {priced}", record.deposit);
	});
}
