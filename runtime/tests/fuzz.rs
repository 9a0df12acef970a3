//! Runtime fuzzing: random calls of every pallet, with random signers and root, built into
//! blocks of the real runtime by `Executive` (signed extrinsics go through the transaction
//! extensions: nonce, weight, fee payment; root calls are dispatched in the block as an
//! enacted referendum's are, the runtime having no sudo), with invariants checked after
//! every block:
//!
//! - no panic (a panic reports the seed, the block and the extrinsic);
//! - total issuance equals the sum of every account's balance, and changes only as the
//!   transaction fees paid (burned) and the balances pallet's events say (`burn`, `Minted`,
//!   root's `force_*` calls);
//! - `try_state` of every pallet (`AllPalletsWithSystem`): ours check holds against recorded
//!   deposits, the payouts account against escrowed + unclaimed funds, the DAG indexes;
//! - the contribution DAG is acyclic (every parent is an older contribution).
//!
//! The calls come from the runtime's own type information (`scale-info`): a random walk over
//! `RuntimeCall`'s type picks a pallet, a call and every argument, biased towards values that
//! reach past the first check (small ids that exist, the dev accounts, well-formed CIDs,
//! amounts in whole ATTR, short vectors, and now and then bounds + 1). Random, not
//! coverage-guided: an instrumented (`ziggy`/`honggfuzz`) build of the runtime would be another
//! full compile of the SDK here.
//!
//! Run with `--features try-runtime` (the suite does: `scripts/test.sh`). Environment:
//! `FUZZ_SEED` (the first run's seed; replays a failure), `FUZZ_TRACE` (set: check our
//! pallets' invariants after every extrinsic, to find the one that broke them), `FUZZ_BLOCKS` (per run, default 60),
//! `FUZZ_CALLS` (extrinsics per block, default 24), `FUZZ_SECONDS` (keep starting runs with new
//! seeds until this much time has passed; default 20, `0` for exactly one run; the long run is
//! `scripts/fuzz.sh`). `fixed_seeds_keep_every_invariant` replays three fixed seeds in every
//! run as well.
#![cfg(feature = "try-runtime")]

use attribution_runtime::{
	AccountId, AllPalletsWithSystem, Executive, Header, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System, UncheckedExtrinsic, SLOT_DURATION,
};
use codec::{Compact, DecodeLimit, Encode};
use polkadot_sdk::{
	cumulus_primitives_core::{
		relay_chain::AsyncBackingParams, AbridgedHostConfiguration, PersistedValidationData,
	},
	frame_support::traits::{PalletsInfoAccess, TryState, TryStateSelect},
	pallet_balances, pallet_xcm,
	sp_consensus_aura::{Slot, AURA_ENGINE_ID},
	sp_core::{
		traits::{ReadRuntimeVersion, ReadRuntimeVersionExt},
		Pair,
	},
	sp_genesis_builder::DEV_RUNTIME_PRESET,
	sp_keyring::Sr25519Keyring,
	sp_runtime::{
		generic::{Digest, DigestItem, Era, SignedPayload},
		traits::{Dispatchable, Header as _},
		MultiAddress, MultiSignature,
	},
	*,
};
use scale_info::{form::PortableForm, PortableRegistry, Registry, TypeDef, TypeDefPrimitive};
use staging_xcm::latest::{Fungibility, Location};
use std::{
	collections::BTreeMap,
	panic::{catch_unwind, AssertUnwindSafe},
	time::Instant,
};

mod common;

/// The signers: Alice (who signs nothing: root calls are steered as hers, so that their
/// targets stay funded however the others' balances go), five funded dev accounts and two
/// that hold nothing.
const SIGNERS: [Sr25519Keyring; 8] = [
	Sr25519Keyring::Alice,
	Sr25519Keyring::Bob,
	Sr25519Keyring::Charlie,
	Sr25519Keyring::Dave,
	Sr25519Keyring::Eve,
	Sr25519Keyring::Ferdie,
	Sr25519Keyring::One,
	Sr25519Keyring::Two,
];

/// Root calls the harness never makes (the pallet type's path, the call's name): raw storage
/// writes break any invariant by design.
/// Two more, found by this harness, are SDK behaviours under root: collator selection accepts a
/// desired count above its `MaxCandidates`, and the collective a member list longer than its
/// `MaxMembers`; each only logs, and then fails its own `try_state`. And the mandatory
/// inherents: root can dispatch `Timestamp::set` a second time as the `None` origin through
/// `Utility::dispatch_as`, and the timestamp pallet then panics (found by this harness). And
/// `Balances::force_unreserve`: the balances pallet's `unreserve` ignores holds, so it can
/// leave an account's reserved balance below the sum of its holds, after which no hold can
/// be burned or released in full (found by this harness: a burn of 0 left a hold without its
/// record in the registry and in scoring).
const FORBIDDEN: [(&str, &str); 8] = [
	("pallet_balances", "force_unreserve"),
	("pallet_timestamp", "set"),
	("cumulus_pallet_parachain_system", "set_validation_data"),
	("pallet_collator_selection", "set_desired_candidates"),
	("pallet_collective", "set_members"),
	("frame_system", "set_storage"),
	("frame_system", "kill_storage"),
	("frame_system", "kill_prefix"),
];

/// The pallets most calls go to: this chain's own.
const OUR_PALLETS: [&str; 3] = ["Contributions", "Scoring", "Payouts"];

/// Byte strings that pass validation: SPDX expressions, names, locators.
const WORDS: [&[u8]; 8] = [
	b"Apache-2.0",
	b"MIT OR Apache-2.0",
	b"CC-BY-4.0",
	b"LicenseRef-attribution:1.0",
	b"digits",
	b"ar://Zm9vYmFy",
	b"ipfs://bafkreia",
	b"training run 7",
];

/// How deep calls may nest (`Utility::batch` of `Proxy::proxy` of ...).
const MAX_CALL_DEPTH: u32 = 3;

/// A small, fast, seedable generator (xorshift64*).
struct Rng(u64);

impl Rng {
	fn next(&mut self) -> u64 {
		self.0 ^= self.0 >> 12;
		self.0 ^= self.0 << 25;
		self.0 ^= self.0 >> 27;
		self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
	}
	/// Uniform in `0..n` (`n > 0`).
	fn below(&mut self, n: u64) -> u64 {
		self.next() % n.max(1)
	}
	/// True with probability `percent`%.
	fn chance(&mut self, percent: u64) -> bool {
		self.below(100) < percent
	}
	fn bytes(&mut self, len: usize) -> Vec<u8> {
		(0..len).map(|_| self.next() as u8).collect()
	}
}

/// Generates encoded values of any type in the runtime's type registry.
struct CallGenerator {
	registry: PortableRegistry,
	call_type: u32,
	accounts: Vec<[u8; 32]>,
	/// CIDs handed out so far, reused so that duplicates and parents by CID occur.
	cids: Vec<Vec<u8>>,
	/// CIDs whose tag a generated `commit_registration` took, for registrations to reveal.
	committed: Vec<Vec<u8>>,
	/// Values left for the call being generated; recursive types (XCM programs hold XCM
	/// programs) would otherwise never end. The call is dropped when it runs out.
	budget: u32,
}

impl CallGenerator {
	fn new() -> Self {
		let mut registry = Registry::new();
		let call_type = registry.register_type(&scale_info::meta_type::<RuntimeCall>()).id;
		let accounts = SIGNERS.iter().map(|k| k.to_account_id().into()).collect();
		Self {
			registry: registry.into(),
			call_type,
			accounts,
			cids: Vec::new(),
			committed: Vec::new(),
			budget: 0,
		}
	}

	/// A random call that decodes as a `RuntimeCall`.
	fn call(&mut self, rng: &mut Rng) -> RuntimeCall {
		loop {
			let mut out = Vec::new();
			self.budget = 2_000;
			self.value(rng, self.call_type, 0, &mut out);
			if self.budget == 0 {
				continue;
			}
			// Decoding checks what the walk cannot know: bounded vectors' bounds, enums'
			// invariants. A failure is a malformed call no client could even submit.
			if let Ok(call) = RuntimeCall::decode_with_depth_limit(64, &mut &out[..]) {
				return call;
			}
		}
	}

	fn value(&mut self, rng: &mut Rng, id: u32, depth: u32, out: &mut Vec<u8>) {
		if self.budget == 0 {
			return;
		}
		self.budget -= 1;
		let ty = self.registry.resolve(id).expect("registered type").clone();
		if id == self.call_type && depth > MAX_CALL_DEPTH {
			RuntimeCall::System(frame_system::Call::remark { remark: vec![] }).encode_to(out);
			return;
		}
		let depth = if id == self.call_type { depth + 1 } else { depth };
		let path = ty.path.segments.join("::");
		match &ty.type_def {
			TypeDef::Composite(composite) => {
				for field in &composite.fields {
					self.value(rng, field.ty.id, depth, out);
				}
			}
			TypeDef::Variant(variant) => {
				let allowed: Vec<_> = variant
					.variants
					.iter()
					.filter(|v| {
						!FORBIDDEN.iter().any(|(pallet, call)| {
							path.starts_with(pallet) && path.ends_with("Call") && v.name == *call
						})
					})
					.collect();
				if allowed.is_empty() {
					return;
				}
				// Most top-level calls go to this chain's own pallets.
				let ours: Vec<_> = allowed
					.iter()
					.filter(|v| OUR_PALLETS.contains(&v.name.as_str()))
					.cloned()
					.collect();
				let pool =
					if id == self.call_type && depth == 1 && rng.chance(60) && !ours.is_empty() {
						ours
					} else {
						allowed
					};
				let chosen = pool[rng.below(pool.len() as u64) as usize].clone();
				out.push(chosen.index);
				for field in &chosen.fields {
					self.value(rng, field.ty.id, depth, out);
				}
			}
			TypeDef::Sequence(sequence) => {
				let element = sequence.type_param.id;
				if self.is_u8(element) {
					let bytes = self.byte_vector(rng);
					Compact(bytes.len() as u32).encode_to(out);
					out.extend(bytes);
				} else {
					let len = Self::length(rng);
					Compact(len as u32).encode_to(out);
					for _ in 0..len {
						self.value(rng, element, depth, out);
					}
				}
			}
			TypeDef::Array(array) => {
				let element = array.type_param.id;
				if self.is_u8(element) && array.len == 32 && rng.chance(70) {
					// Account ids and hashes: mostly a known account.
					out.extend(self.accounts[rng.below(self.accounts.len() as u64) as usize]);
				} else {
					for _ in 0..array.len {
						self.value(rng, element, depth, out);
					}
				}
			}
			TypeDef::Tuple(tuple) => {
				for field in &tuple.fields {
					self.value(rng, field.id, depth, out);
				}
			}
			TypeDef::Primitive(primitive) => Self::primitive(rng, primitive, out),
			TypeDef::Compact(compact) => {
				let value = self.number(rng, compact.type_param.id);
				Compact(value).encode_to(out);
			}
			TypeDef::BitSequence(_) => Compact(0u32).encode_to(out),
		}
	}

	/// `Pallet::call` of an encoded call, from its two index bytes.
	fn name(&self, call: &RuntimeCall) -> String {
		let encoded = call.encode();
		let pallet = self.variant(self.call_type, encoded[0]);
		let call = pallet
			.as_ref()
			.and_then(|p| p.fields.first())
			.and_then(|field| self.variant(field.ty.id, encoded[1]));
		format!(
			"{}::{}",
			pallet.map(|p| p.name).unwrap_or_default(),
			call.map(|c| c.name).unwrap_or_default()
		)
	}

	/// The name of the pallet at `index` of the runtime.
	fn pallet_name(&self, index: u8) -> String {
		self.variant(self.call_type, index).map(|p| p.name).unwrap_or_else(|| index.to_string())
	}

	fn variant(&self, id: u32, index: u8) -> Option<scale_info::Variant<PortableForm>> {
		match &self.registry.resolve(id)?.type_def {
			TypeDef::Variant(v) => v.variants.iter().find(|v| v.index == index).cloned(),
			_ => None,
		}
	}

	fn is_u8(&self, id: u32) -> bool {
		matches!(
			self.registry.resolve(id).map(|t| &t.type_def),
			Some(TypeDef::Primitive(TypeDefPrimitive::U8))
		)
	}

	/// A number for a compact of type `id` (a primitive, or a wrapper such as `Perbill`).
	fn number(&self, rng: &mut Rng, id: u32) -> u128 {
		let max = match self.registry.resolve(id).map(|t| &t.type_def) {
			Some(TypeDef::Primitive(TypeDefPrimitive::U8)) => u8::MAX as u128,
			Some(TypeDef::Primitive(TypeDefPrimitive::U16)) => u16::MAX as u128,
			Some(TypeDef::Primitive(TypeDefPrimitive::U32)) => u32::MAX as u128,
			Some(TypeDef::Primitive(TypeDefPrimitive::U64)) => u64::MAX as u128,
			Some(TypeDef::Composite(c)) if c.fields.len() == 1 => {
				return self.number(rng, c.fields[0].ty.id)
			}
			_ => u128::MAX,
		};
		Self::biased(rng, max)
	}

	/// Small values most of the time (ids that exist, counts), whole ATTR amounts, the
	/// maximum now and then.
	fn biased(rng: &mut Rng, max: u128) -> u128 {
		match rng.below(10) {
			0..=4 => rng.below(6) as u128,
			5 | 6 => (10u128.pow(rng.below(19) as u32 + 1)).min(max),
			7 => max,
			_ => (rng.next() as u128 | ((rng.next() as u128) << 64)) % max.saturating_add(1).max(1),
		}
	}

	fn primitive(rng: &mut Rng, primitive: &TypeDefPrimitive, out: &mut Vec<u8>) {
		match primitive {
			TypeDefPrimitive::Bool => rng.chance(50).encode_to(out),
			TypeDefPrimitive::U8 => (Self::biased(rng, u8::MAX as u128) as u8).encode_to(out),
			TypeDefPrimitive::U16 => (Self::biased(rng, u16::MAX as u128) as u16).encode_to(out),
			TypeDefPrimitive::U32 => (Self::biased(rng, u32::MAX as u128) as u32).encode_to(out),
			TypeDefPrimitive::U64 => (Self::biased(rng, u64::MAX as u128) as u64).encode_to(out),
			TypeDefPrimitive::U128 => Self::biased(rng, u128::MAX).encode_to(out),
			TypeDefPrimitive::I8 => (rng.next() as i8).encode_to(out),
			TypeDefPrimitive::I16 => (rng.next() as i16).encode_to(out),
			TypeDefPrimitive::I32 => (rng.next() as i32).encode_to(out),
			TypeDefPrimitive::I64 => {
				let value = if rng.chance(70) {
					rng.below(2_000_000) as i64 - 1_000_000
				} else {
					rng.next() as i64
				};
				value.encode_to(out)
			}
			TypeDefPrimitive::I128 => (rng.next() as i128).encode_to(out),
			TypeDefPrimitive::Str => {
				let len = rng.below(8) as usize;
				String::from_utf8_lossy(&rng.bytes(len)).into_owned().encode_to(out)
			}
			TypeDefPrimitive::Char => (b'a' as u32).encode_to(out),
			TypeDefPrimitive::U256 | TypeDefPrimitive::I256 => out.extend(rng.bytes(32)),
		}
	}

	/// A CID never handed out before.
	fn fresh_cid(&mut self, rng: &mut Rng) -> Vec<u8> {
		let mut cid = vec![0x01, 0x55, 0x12, 0x20];
		cid.extend(rng.bytes(32));
		self.cids.push(cid.clone());
		cid
	}

	/// A CID for a registration: half the time one a commitment took (when there is one), so
	/// that commitments get revealed, or refused to the other signers while they last.
	fn cid_to_register(&mut self, rng: &mut Rng) -> Vec<u8> {
		if !self.committed.is_empty() && rng.chance(50) {
			let i = rng.below(self.committed.len() as u64) as usize;
			return self.committed.swap_remove(i);
		}
		self.fresh_cid(rng)
	}

	/// How many elements a vector gets: mostly a few, now and then more than any bound.
	fn length(rng: &mut Rng) -> usize {
		match rng.below(20) {
			0..=11 => rng.below(3) as usize,
			12..=17 => rng.below(9) as usize,
			18 => rng.below(40) as usize,
			_ => rng.below(300) as usize,
		}
	}

	/// Bytes: a well-formed CID (new or one handed out before), or random bytes.
	fn byte_vector(&mut self, rng: &mut Rng) -> Vec<u8> {
		match rng.below(10) {
			// CIDv1, raw, sha2-256, 32-byte digest.
			0..=2 => self.fresh_cid(rng),
			3 | 4 if !self.cids.is_empty() => {
				self.cids[rng.below(self.cids.len() as u64) as usize].clone()
			}
			5 => {
				let len = rng.below(5000) as usize;
				rng.bytes(len)
			}
			6 | 7 => WORDS[rng.below(WORDS.len() as u64) as usize].to_vec(),
			_ => {
				let len = Self::length(rng);
				rng.bytes(len)
			}
		}
	}
}

/// Reads no runtime version: every code the fuzzer proposes is random bytes.
struct NotARuntime;

impl ReadRuntimeVersion for NotARuntime {
	fn read_runtime_version(
		&self,
		_code: &[u8],
		_ext: &mut dyn sp_externalities::Externalities,
	) -> Result<Vec<u8>, String> {
		Err("not a runtime: the fuzzer proposes random bytes".into())
	}
}

/// Commitments made by the fuzzer, so that a later reveal can match one.
type Commitments = BTreeMap<(u64, AccountId), (pallet_scoring::RevealOf<Runtime>, [u8; 32])>;

/// Makes some generated calls of this chain's pallets fit the current state (existing projects
/// and contributions, the signer as author, distinct players, commitments that a later reveal
/// opens), so that runs reach registrations, rounds and pools instead of stopping at the first
/// check. Each call is steered only some of the time; the rest stay random.
fn steer(
	call: &mut RuntimeCall,
	signer: &AccountId,
	rng: &mut Rng,
	generator: &mut CallGenerator,
	commitments: &mut Commitments,
) {
	use pallet_contributions::Call as Registry;
	use pallet_scoring::Call as Scoring;
	if !rng.chance(70) {
		return;
	}
	let projects = pallet_contributions::NextProjectId::<Runtime>::get().max(1);
	let contributions = pallet_contributions::NextContributionId::<Runtime>::get();
	let some_parents = |rng: &mut Rng| -> Vec<u64> {
		if contributions == 0 {
			return vec![];
		}
		let mut parents: Vec<u64> = (0..rng.below(3)).map(|_| rng.below(contributions)).collect();
		parents.sort();
		parents.dedup();
		parents
	};
	// Policies within the runtime's floors (random ones mostly fall under them), so that
	// rounds and measurements get opened.
	let at_floors = |rng: &mut Rng| pallet_contributions::EvaluatorPolicyOf::<Runtime> {
		committee: pallet_scoring::CommitteeFloor::<Runtime>::get() + rng.below(27) as u32,
		min_stake: 0,
		commit_period: attribution_runtime::configs::scoring::MinCommitPeriod::get()
			+ rng.below(5) as u32,
		reveal_period: attribution_runtime::configs::scoring::MinRevealPeriod::get()
			+ rng.below(5) as u32,
		dispute_period: attribution_runtime::configs::scoring::MinDisputePeriod::get()
			+ rng.below(5) as u32,
	};
	match call {
		RuntimeCall::Contributions(Registry::create_project { evaluator_policy, .. }) => {
			*evaluator_policy = at_floors(rng);
		}
		RuntimeCall::Contributions(Registry::update_project {
			evaluator_policy: Some(policy),
			..
		}) => {
			*policy = at_floors(rng);
		}
		RuntimeCall::Contributions(Registry::register_contribution {
			project,
			cid,
			authors,
			parents,
			..
		}) => {
			*project = rng.below(projects);
			*cid = generator.cid_to_register(rng);
			*authors = vec![(signer.clone(), sp_runtime::Perbill::one())];
			*parents = some_parents(rng);
		}
		RuntimeCall::Contributions(Registry::register_contributions { project, registrations }) => {
			*project = rng.below(projects);
			for registration in registrations.iter_mut() {
				registration.cid = generator.cid_to_register(rng);
				registration.authors = vec![(signer.clone(), sp_runtime::Perbill::one())];
				registration.parents = some_parents(rng);
			}
		}
		RuntimeCall::Contributions(Registry::commit_registration { tag }) => {
			// The tag of a CID the fuzzer hands out, so that later registrations of it reveal
			// the commitment (same signer) or are refused while it lasts (another signer).
			let cid = generator.fresh_cid(rng);
			if let Ok(content) = attribution_primitives::cid::content_key(&cid) {
				*tag = pallet_contributions::commitments::registration_tag(&content);
			}
			generator.committed.push(cid);
		}
		RuntimeCall::Scoring(Scoring::open_round { project, utility }) => {
			// A project of the signer's with contributions, when it has one.
			let owned: Vec<u64> = pallet_contributions::Projects::<Runtime>::iter()
				.filter(|(_, p)| &p.owner == signer && p.contribution_count > 0)
				.map(|(id, _)| id)
				.collect();
			*project = owned
				.get(rng.below(owned.len() as u64) as usize)
				.copied()
				.unwrap_or_else(|| rng.below(projects));
			utility.evaluation_set =
				sp_runtime::BoundedVec::truncate_from(generator.fresh_cid(rng));
		}
		RuntimeCall::Scoring(Scoring::register_evaluator { stake }) => {
			*stake = <<Runtime as pallet_scoring::Config>::MinEvaluatorStake as frame_support::traits::Get<u128>>::get() *
				(1 + u128::from(rng.below(4) as u32));
		}
		RuntimeCall::Scoring(Scoring::commit { round, hash }) => {
			// A round still taking commitments whose committee the signer is on, when there
			// is one.
			let next = pallet_scoring::NextRoundId::<Runtime>::get();
			let open: Vec<u64> = pallet_scoring::Rounds::<Runtime>::iter()
				.filter(|(_, r)| {
					matches!(r.phase, pallet_scoring::RoundPhase::Open)
						&& System::block_number() <= r.commit_end
				})
				.map(|(id, _)| id)
				.filter(|id| pallet_scoring::Seats::<Runtime>::contains_key(id, signer))
				.collect();
			*round = open
				.get(rng.below(open.len() as u64) as usize)
				.copied()
				.unwrap_or_else(|| rng.below(next.max(1)));
			let record = pallet_scoring::Rounds::<Runtime>::get(*round);
			let width = record.as_ref().map(|r| r.kind.width()).unwrap_or(4).min(1 << 10);
			let reveal = match record.map(|r| r.kind) {
				Some(pallet_scoring::types::RoundKind::Measurement { .. }) => {
					pallet_scoring::types::Reveal::Value(rng.below(1_000_000) as i64)
				}
				_ => {
					let table: Vec<i64> = (0..width).map(|_| rng.below(1_000_000) as i64).collect();
					pallet_scoring::types::Reveal::Exact(sp_runtime::BoundedVec::truncate_from(
						table,
					))
				}
			};
			let salt: [u8; 32] = rng.bytes(32).try_into().expect("32 bytes");
			*hash =
				pallet_scoring::Pallet::<Runtime>::commitment_hash(*round, signer, &reveal, &salt);
			commitments.insert((*round, signer.clone()), (reveal, salt));
		}
		RuntimeCall::Scoring(Scoring::reveal { round, reveal, salt }) => {
			let mine: Vec<_> =
				commitments.keys().filter(|(_, who)| who == signer).cloned().collect();
			if let Some(key) = mine.get(rng.below(mine.len().max(1) as u64) as usize) {
				let (committed, committed_salt) = commitments[key].clone();
				*round = key.0;
				*reveal = committed;
				*salt = committed_salt;
			}
		}
		RuntimeCall::Payouts(pallet_payouts::Call::create_pool { project, deadline, .. }) => {
			*project = rng.below(projects);
			*deadline = System::block_number() + 1 + rng.below(300) as u32;
		}
		_ => {}
	}
}

/// Signs `call` from `who` with the runtime's transaction extensions, as a wallet would.
fn signed(who: Sr25519Keyring, call: RuntimeCall) -> UncheckedExtrinsic {
	let account: AccountId = who.to_account_id();
	let nonce = System::account_nonce(&account);
	let extension = common::tx_extension(Era::Immortal, nonce);
	let payload = SignedPayload::new(call.clone(), extension.clone()).expect("implicit data");
	let signature = payload.using_encoded(|bytes| who.pair().sign(bytes));
	UncheckedExtrinsic::new_signed(
		call,
		MultiAddress::Id(account),
		MultiSignature::Sr25519(signature),
		extension,
	)
}

/// Starts block `number` at aura slot `slot`, with the inherents' effects: the timestamp, and
/// the validation data the collator's `set_validation_data` inherent would write (the harness
/// has no relay chain to prove it against).
fn start_block(number: u32, slot: u64, parent: sp_core::H256) {
	let digest =
		Digest { logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())] };
	Executive::initialize_block(&Header::new(
		number,
		Default::default(),
		Default::default(),
		parent,
		digest,
	));
	use cumulus_pallet_parachain_system::{HostConfiguration, ValidationData};
	ValidationData::<Runtime>::put(PersistedValidationData {
		parent_head: Default::default(),
		relay_parent_number: number,
		relay_parent_storage_root: Default::default(),
		max_pov_size: 5 * 1024 * 1024,
	});
	HostConfiguration::<Runtime>::put(AbridgedHostConfiguration {
		max_code_size: 3 * 1024 * 1024,
		max_head_data_size: 32 * 1024,
		max_upward_queue_count: 8,
		max_upward_queue_size: 1024 * 1024,
		max_upward_message_size: 4 * 1024,
		max_upward_message_num_per_candidate: 2,
		hrmp_max_message_num_per_candidate: 2,
		validation_upgrade_cooldown: 2,
		validation_upgrade_delay: 2,
		async_backing_params: AsyncBackingParams {
			allowed_ancestry_len: 0,
			max_candidate_depth: 0,
		},
	});
	let timestamp =
		UncheckedExtrinsic::new_bare(RuntimeCall::Timestamp(pallet_timestamp::Call::set {
			now: slot * SLOT_DURATION,
		}));
	Executive::apply_extrinsic(timestamp)
		.expect("timestamp inherent applies")
		.expect("timestamp inherent dispatches");
	// What the parachain inherent hands the evaluation engine from the relay state proof: a
	// relay epoch every ten slots and its randomness.
	let epoch = slot / 10;
	attribution_runtime::Scoring::note_relay_epoch(
		epoch,
		polkadot_sdk::sp_io::hashing::blake2_256(&(b"fuzz relay", epoch).encode()),
	);
}

/// What the issuance check could check in a block.
enum IssuanceCheck {
	/// The sum of balances and the events.
	Full,
	/// The sum of balances only: root's `force_set_balance` changed issuance without saying by
	/// how much (the offset is taken again from this block).
	SumOnly,
	/// Nothing: root pushed balances or issuance near `u128::MAX`, or the issuance to zero,
	/// where the balances pallet saturates; the run's later blocks are not checked for
	/// conservation.
	Saturated,
}

/// Total issuance must equal the sum of all balances (plus what root's issuance adjustments
/// added, `forced`, kept across blocks), and move only as this block's fees and the balances
/// pallet's events say.
fn check_issuance(before: u128, forced: &mut i128) -> Result<IssuanceCheck, String> {
	let issuance = pallet_balances::TotalIssuance::<Runtime>::get();
	let sum = frame_system::Account::<Runtime>::iter().try_fold(0u128, |sum, (_, info)| {
		sum.checked_add(info.data.free.checked_add(info.data.reserved)?)
	});
	let limit = 1u128 << 126;
	let Some(sum) = sum.filter(|sum| *sum < limit && issuance < limit && before < limit) else {
		return Ok(IssuanceCheck::Saturated);
	};
	let (mut up, mut down, mut exact) = (0u128, 0u128, true);
	let events = System::events();
	for record in events.iter() {
		if let RuntimeEvent::TransactionPayment(
			pallet_transaction_payment::Event::TransactionFeePaid { who, actual_fee, .. },
		) = &record.event
		{
			// Fees (tips included) are burned: the runtime's `OnChargeTransaction` drops them.
			// So is the refund of an overestimated fee when the payer's account was reaped
			// by the call (`transfer_all`): it cannot be deposited back.
			down += actual_fee + unrefunded_fee(&events, &record.phase, who, *actual_fee);
		}
		if let RuntimeEvent::PolkadotXcm(pallet_xcm::Event::FeesPaid { paying, fees }) =
			&record.event
		{
			// Delivery fees are withdrawn and dropped, which lowers the issuance without a
			// balances event; the fee manager waives the relay chain's and root's (`Here`).
			let waived = *paying == Location::here() || *paying == Location::parent();
			for asset in fees.inner().iter().filter(|_| !waived) {
				if let Fungibility::Fungible(amount) = asset.fun {
					down += amount;
				}
			}
		}
		if let RuntimeEvent::Balances(event) = record.event.clone() {
			use pallet_balances::Event::*;
			match event {
				Issued { amount } | Minted { amount, .. } => up += amount,
				// Dust of a reaped account is dropped (the runtime's `DustRemoval` is `()`).
				Rescinded { amount }
				| Burned { amount, .. }
				| BurnedHeld { amount, .. }
				| DustLost { amount, .. } => down += amount,
				TotalIssuanceForced { old, new } => {
					*forced += new as i128 - old as i128;
					up += new;
					down += old;
				}
				BalanceSet { .. } => exact = false,
				_ => {}
			}
		}
	}
	if !exact {
		*forced = issuance as i128 - sum as i128;
		return Ok(IssuanceCheck::SumOnly);
	}
	if before < down || (sum as i128).saturating_add(*forced) < 0 {
		// Root forced the issuance below what the balances hold, and below what this block
		// burns: the balances pallet's issuance stops at zero (seed 549209173723342963).
		return Ok(IssuanceCheck::Saturated);
	}
	if issuance as i128 != sum as i128 + *forced {
		return Err(format!(
			"total issuance {issuance} differs from the sum of balances {sum} + forced adjustments {forced}"
		));
	}
	if before + up != issuance + down {
		let balance_events: Vec<String> = System::events()
			.into_iter()
			.filter(|r| matches!(r.event, RuntimeEvent::Balances(_)))
			.map(|r| format!("  {:?}", r.event))
			.collect();
		return Err(format!(
			"total issuance went from {before} to {issuance}, but the events say +{up} -{down}\n\
			 the block's balance events:\n{}",
			balance_events.join("\n")
		));
	}
	Ok(IssuanceCheck::Full)
}

/// The part of the fee `who` paid in `phase` that was not refunded although the fee
/// charged (`actual_fee`) was less than what was withdrawn: the payer's account was gone
/// when the refund came, so the fee adapter dropped it.
fn unrefunded_fee(
	events: &[frame_system::EventRecord<RuntimeEvent, sp_core::H256>],
	phase: &frame_system::Phase,
	who: &AccountId,
	actual_fee: u128,
) -> u128 {
	let balances = || {
		events.iter().filter(|e| &e.phase == phase).filter_map(|e| match &e.event {
			RuntimeEvent::Balances(event) => Some(event),
			_ => None,
		})
	};
	let withdrawn = balances().find_map(|e| match e {
		pallet_balances::Event::Withdraw { who: w, amount } if w == who => Some(*amount),
		_ => None,
	});
	let Some(withdrawn) = withdrawn.filter(|w| *w > actual_fee) else { return 0 };
	let refund = withdrawn - actual_fee;
	let refunded = balances().any(|e| {
		matches!(e, pallet_balances::Event::Deposit { who: w, amount } if w == who && *amount == refund)
	});
	if refunded {
		0
	} else {
		refund
	}
}

/// Every contribution's parents are older contributions: the DAG has no cycle.
fn check_dag() -> Result<(), String> {
	for (id, contribution) in pallet_contributions::Contributions::<Runtime>::iter() {
		if let Some(parent) = contribution.parents.iter().find(|parent| **parent >= id) {
			return Err(format!("contribution {id} has parent {parent}, not older than itself"));
		}
	}
	Ok(())
}

/// What one run did.
#[derive(Default, Debug)]
struct Stats {
	extrinsics: u64,
	applied: u64,
	dispatch_errors: BTreeMap<String, u64>,
	invalid: u64,
	invalid_reasons: BTreeMap<String, u64>,
	issuance_checked_blocks: u64,
	issuance_sum_only_blocks: u64,
	saturated_runs: u64,
	/// Per call: how many were made, how many succeeded.
	calls: BTreeMap<String, (u64, u64)>,
	contributions: u64,
}

/// Runs `blocks` blocks of `calls` random extrinsics each from `seed`. Fails with the seed,
/// block and reason when an invariant breaks or the runtime panics.
fn run(seed: u64, blocks: u32, calls: u32, stats: &mut Stats) -> Result<(), String> {
	let mut rng = Rng(seed.max(1));
	let trace = std::env::var("FUZZ_TRACE").is_ok();
	let mut generator = CallGenerator::new();
	let alice = Sr25519Keyring::Alice;
	let mut ext = common::externalities_for(DEV_RUNTIME_PRESET);
	// `System::set_code` reads the new code's version through the host; the node's reader
	// refuses code that is not a runtime, and so does this one (it refuses everything).
	ext.register_extension(ReadRuntimeVersionExt::new(NotARuntime));
	ext.execute_with(|| {
		let mut slot = 1u64;
		let mut forced = 0i128;
		let mut saturated = false;
		let mut commitments = Commitments::new();
		let mut parent = System::block_hash(0);
		// The genesis state, as the node has it before block 1.
		System::set_block_number(0);
		for number in 1..=blocks {
			// Now and then a long gap, so that windows and deadlines pass.
			slot += if rng.chance(10) { 1 + rng.below(200) } else { 1 };
			let before = pallet_balances::TotalIssuance::<Runtime>::get();
			let mut log: Vec<String> = Vec::new();
			let fail = |what: String, log: &Vec<String>| {
				format!(
					"seed {seed}, block {number}: {what}\nthe block's extrinsics:\n{}",
					log.join("\n")
				)
			};
			catch_unwind(AssertUnwindSafe(|| start_block(number, slot, parent)))
				.map_err(|_| fail("panicked while starting the block".into(), &log))?;
			for _ in 0..calls {
				let root = rng.chance(15);
				// The two unfunded signers one time in ten.
				let index = if rng.chance(10) { 6 + rng.below(2) } else { 1 + rng.below(5) };
				let signer = if root { alice } else { SIGNERS[index as usize] };
				let mut call = generator.call(&mut rng);
				steer(
					&mut call,
					&signer.to_account_id(),
					&mut rng,
					&mut generator,
					&mut commitments,
				);
				let name = generator.name(&call);
				stats.calls.entry(name.clone()).or_default().0 += 1;
				stats.extrinsics += 1;
				let by = if root { "root".to_string() } else { format!("{signer:?}") };
				let outcome = catch_unwind(AssertUnwindSafe(|| {
					if root {
						// As the scheduler dispatches an enacted referendum's call.
						Ok(call
							.clone()
							.dispatch(RuntimeOrigin::root())
							.map(|_| ())
							.map_err(|e| e.error))
					} else {
						Executive::apply_extrinsic(signed(signer, call.clone()))
					}
				}))
				.map_err(|_| fail(format!("panicked applying {call:?} from {by}"), &log))?;
				let line = format!("  {by}: {call:?} -> {outcome:?}");
				// Long arguments (random byte vectors) cut, so that the report stays readable.
				log.push(if line.len() > 400 {
					format!("{}…", &line[..line.floor_char_boundary(400)])
				} else {
					line
				});
				if trace {
					// Replaying a failure: find the extrinsic that broke our pallets' invariants.
					let checks = [
						pallet_contributions::Pallet::<Runtime>::do_try_state(),
						pallet_scoring::Pallet::<Runtime>::do_try_state(),
						pallet_payouts::Pallet::<Runtime>::do_try_state(),
					];
					if let Some(Err(e)) = checks.into_iter().find(|c| c.is_err()) {
						let holds: Vec<String> = SIGNERS
							.iter()
							.map(|k| {
								let holds =
									pallet_balances::Holds::<Runtime>::get(k.to_account_id());
								format!("  {k:?}: {:?}", holds.into_inner())
							})
							.collect();
						let motions: Vec<String> = pallet_contributions::Motions::<Runtime>::iter()
							.map(|(project, change, motion)| {
								format!("  project {project}: {change:?} {motion:?}")
							})
							.collect();
						let recorded: Vec<String> = SIGNERS
							.iter()
							.map(|k| {
								let who = k.to_account_id();
								let recorded: u128 =
									pallet_contributions::Commitments::<Runtime>::iter_values()
										.filter(|c| c.who == who)
										.map(|c| c.deposit)
										.sum();
								let contributions: u128 =
									pallet_contributions::Contributions::<Runtime>::iter_values()
										.filter(|c| c.registrar == who)
										.map(|c| c.deposit)
										.sum();
								let data = frame_system::Account::<Runtime>::get(&who).data;
								format!("  {k:?}: commitments {recorded}, contributions {contributions}, account {data:?}")
							})
							.chain(
								System::events()
									.into_iter()
									.rev()
									.take(8)
									.map(|r| format!("  event {:?}", r.event)),
							)
							.collect();
						return Err(fail(
							format!(
								"{e} right after this extrinsic\nholds:\n{}\nmotions:\n{}\nrecorded deposits, accounts and the last events:\n{}",
								holds.join("\n"),
								motions.join("\n"),
								recorded.join("\n")
							),
							&log,
						));
					}
				}
				match outcome {
					Ok(Ok(())) => {
						stats.applied += 1;
						stats.calls.entry(name).or_default().1 += 1;
					}
					Ok(Err(error)) => {
						stats.applied += 1;
						let key = match error {
							sp_runtime::DispatchError::Module(m) => format!(
								"{}::{}",
								generator.pallet_name(m.index),
								m.message.unwrap_or("?")
							),
							other => format!("{other:?}"),
						};
						*stats.dispatch_errors.entry(key).or_default() += 1;
					}
					Err(invalid) => {
						stats.invalid += 1;
						*stats
							.invalid_reasons
							.entry(format!("{invalid:?} ({signer:?})"))
							.or_default() += 1;
					}
				}
			}
			let header = catch_unwind(AssertUnwindSafe(Executive::finalize_block))
				.map_err(|_| fail("panicked finalizing the block".into(), &log))?;
			if !saturated {
				match check_issuance(before, &mut forced).map_err(|e| fail(e, &log))? {
					IssuanceCheck::Full => stats.issuance_checked_blocks += 1,
					IssuanceCheck::SumOnly => stats.issuance_sum_only_blocks += 1,
					IssuanceCheck::Saturated => {
						saturated = true;
						stats.saturated_runs += 1;
					}
				}
			}
			check_dag().map_err(|e| fail(e, &log))?;
			// Each pallet on its own, so that a failure names the pallet.
			for pallet in AllPalletsWithSystem::infos() {
				let select = TryStateSelect::Only(vec![pallet.name.as_bytes().to_vec()]);
				catch_unwind(AssertUnwindSafe(|| AllPalletsWithSystem::try_state(number, select)))
					.map_err(|_| fail(format!("{}'s try_state panicked", pallet.name), &log))?
					.map_err(|e| fail(format!("{}'s try_state: {e:?}", pallet.name), &log))?;
			}
			parent = header.hash();
		}
		stats.contributions = pallet_contributions::Contributions::<Runtime>::iter().count() as u64;
		Ok(())
	})
}

fn env_u64(name: &str) -> Option<u64> {
	std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn random_calls_from_random_origins_keep_every_invariant() {
	// Deeply nested calls and XCM programs need more stack than a test thread's 2 MiB.
	std::thread::Builder::new()
		.stack_size(256 * 1024 * 1024)
		.spawn(fuzz)
		.expect("thread starts")
		.join()
		.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

/// Seeds every suite run replays besides its time-based ones: a change that breaks an
/// invariant on one of them fails every run, not one run in many.
const FIXED_SEEDS: [u64; 3] = [1, 2_026, 20_261_201];

#[test]
fn fixed_seeds_keep_every_invariant() {
	std::thread::Builder::new()
		.stack_size(256 * 1024 * 1024)
		.spawn(|| {
			let mut stats = Stats::default();
			for seed in FIXED_SEEDS {
				if let Err(failure) = run(seed, 60, 24, &mut stats) {
					panic!(
						"fuzz: {failure}\nreplay: FUZZ_SEED={seed} FUZZ_BLOCKS=60 FUZZ_CALLS=24"
					);
				}
			}
			println!(
				"fuzz: fixed seeds {FIXED_SEEDS:?}: {} extrinsics, {} applied",
				stats.extrinsics, stats.applied
			);
			assert!(stats.applied > 0, "the fixed seeds' calls are applied");
		})
		.expect("thread starts")
		.join()
		.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
}

fn fuzz() {
	let blocks = env_u64("FUZZ_BLOCKS").unwrap_or(60) as u32;
	let calls = env_u64("FUZZ_CALLS").unwrap_or(24) as u32;
	// New seeds until this much time has passed (at least one run).
	let budget = env_u64("FUZZ_SECONDS").or(Some(20));
	let first_seed = env_u64("FUZZ_SEED").unwrap_or_else(|| {
		std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_nanos() as u64)
			.unwrap_or(1)
	});
	let started = Instant::now();
	let mut stats = Stats::default();
	let mut seed = first_seed;
	let mut runs = 0u64;
	loop {
		println!("fuzz: run {runs}: seed {seed} ({blocks} blocks x {calls} extrinsics); replay with FUZZ_SEED={seed}");
		if let Err(failure) = run(seed, blocks, calls, &mut stats) {
			panic!(
				"fuzz: {failure}\nreplay: FUZZ_SEED={seed} FUZZ_BLOCKS={blocks} FUZZ_CALLS={calls}"
			);
		}
		runs += 1;
		let elapsed = started.elapsed().as_secs();
		match budget {
			Some(limit) if elapsed < limit => seed = Rng(seed).next(),
			_ => break,
		}
		println!("fuzz: {} extrinsics after {elapsed} s", stats.extrinsics);
	}
	let secs = started.elapsed().as_secs_f64();
	println!(
		"fuzz: {runs} runs, {} blocks, {} extrinsics ({:.0}/s): {} applied ({} failed dispatch), {} invalid (rejected by the extensions); issuance checked against the sum of balances and the events in {} blocks, against the sum only in {} (root set a balance), not after root saturated it in {} runs; {} contributions in the last run",
		runs * blocks as u64,
		stats.extrinsics,
		stats.extrinsics as f64 / secs,
		stats.applied,
		stats.dispatch_errors.values().sum::<u64>(),
		stats.invalid,
		stats.issuance_checked_blocks,
		stats.issuance_sum_only_blocks,
		stats.saturated_runs,
		stats.contributions,
	);
	println!("fuzz: calls made: {}", stats.calls.len());
	for (call, (count, ok)) in &stats.calls {
		println!("fuzz:   {count:>6} {call} ({ok} succeeded)");
	}
	println!("fuzz: rejected by the transaction extensions:");
	for (reason, count) in &stats.invalid_reasons {
		println!("fuzz:   {count:>6} {reason}");
	}
	println!("fuzz: dispatch errors:");
	for (error, count) in &stats.dispatch_errors {
		println!("fuzz:   {count:>6} {error}");
	}
	assert!(stats.applied > 0, "no extrinsic was applied: the harness builds no valid extrinsics");
}
