//! Proxy types (`runtime/src/configs/proxy.rs`, audit H4) on the composed runtime.
//!
//! - Every call of every pallet, read from `RuntimeCall`'s type information (`scale-info`)
//!   and built with the smallest value of each argument, is allowed or denied by each proxy
//!   type exactly as [`allowed`] says: a list of (pallet, call) per type, everything else
//!   denied. A call added to the runtime later fails this test until it is classified here
//!   and in the runtime.
//! - `is_superset` holds exactly when one type's calls contain the other's, call by call.
//! - The types keep their encodings (new ones are appended).
//! - Through `pallet_proxy`: a `NonTransfer` proxy cannot move, escrow, stake or bond its
//!   principal's funds, nor transfer its project (the proxied call fails with
//!   `CallFiltered`), while an `Any` proxy can; a `Registry` proxy registers a contribution
//!   with its principal as registrar, who pays the deposit; an `Evaluator` proxy commits and
//!   reveals for its principal.

use attribution_primitives::{
	contribution::{ContributionKind, ContributionStatus},
	payout::{Comparator, Trigger},
	project::{EvaluatorPolicy, Membership},
	score::{Direction, UtilitySpec},
};
use attribution_runtime::{
	configs::proxy::ProxyType, AccountId, Balances, Runtime, RuntimeCall, RuntimeEvent,
	RuntimeOrigin, System, UNIT,
};
use codec::{Compact, DecodeLimit, Encode};
use polkadot_sdk::{
	frame_support::{
		assert_ok,
		traits::{fungible::InspectHold, InstanceFilter},
	},
	sp_core::H256,
	sp_genesis_builder::DEV_RUNTIME_PRESET,
	sp_io::TestExternalities,
	sp_keyring::Sr25519Keyring::{self, *},
	sp_runtime::{traits::Dispatchable, BoundedVec, DispatchResult, MultiAddress, Perbill},
	*,
};
use scale_info::{PortableRegistry, Registry as TypeRegistry, TypeDef, TypeDefPrimitive};
use std::collections::BTreeSet;

mod common;

/// Every proxy type, in encoding order.
const ALL: [ProxyType; 6] = [
	ProxyType::Any,
	ProxyType::NonTransfer,
	ProxyType::CancelProxy,
	ProxyType::Registry,
	ProxyType::Evaluator,
	ProxyType::Governance,
];

/// `Utility`'s calls that dispatch their inner calls with the caller's origin, so with the
/// proxy's filter: every restricted type has them.
const BATCHES: &[(&str, &str)] = &[
	("Utility", "batch"),
	("Utility", "batch_all"),
	("Utility", "force_batch"),
	("Utility", "if_else"),
	("Utility", "as_derivative"),
];

/// Nothing that transfers, escrows, spends, stakes, bonds, vote-locks, risks a slash or holds
/// a deposit for good; no ownership transfer, consortium membership or income routing; no
/// call that dispatches under a fresh (unfiltered) origin. (`TechnicalCommittee::propose`
/// only with a threshold of at least 2: see [`allowable`].)
const NON_TRANSFER: &[(&str, &str)] = &[
	("System", "remark"),
	("System", "remark_with_event"),
	("Session", "set_keys"),
	("Session", "purge_keys"),
	("CollatorSelection", "leave_intent"),
	("Multisig", "cancel_as_multi"),
	("Multisig", "poke_deposit"),
	("Proxy", "add_proxy"),
	("Proxy", "remove_proxy"),
	("Proxy", "remove_announcement"),
	("Proxy", "reject_announcement"),
	("Proxy", "poke_deposit"),
	("Preimage", "note_preimage"),
	("Preimage", "unnote_preimage"),
	("Referenda", "refund_decision_deposit"),
	("Referenda", "refund_submission_deposit"),
	("ConvictionVoting", "unlock"),
	("ConvictionVoting", "remove_other_vote"),
	("TechnicalCommittee", "propose"),
	("TechnicalCommittee", "vote"),
	("TechnicalCommittee", "close"),
	("TechnicalCommittee", "release_proposal_cost"),
	("Contributions", "approve_contribution"),
	("Contributions", "reject_contribution"),
	("Contributions", "expire_contribution"),
	("Contributions", "expire_commitment"),
	("Scoring", "unbond"),
	("Scoring", "withdraw_unbonded"),
	("Scoring", "aggregate"),
	("Scoring", "finalize"),
	("Scoring", "prune_snapshot"),
	("Payouts", "conclude_report"),
	("Payouts", "refund"),
	("Payouts", "close_pool"),
	("Payouts", "drop_licence"),
	("Payouts", "claim"),
	("Payouts", "push_undistributed"),
];

const CANCEL_PROXY: &[(&str, &str)] = &[("Proxy", "reject_announcement")];

const REGISTRY: &[(&str, &str)] = &[
	("Contributions", "register_contribution"),
	("Contributions", "register_contributions"),
	("Contributions", "approve_contribution"),
	("Contributions", "reject_contribution"),
	("Contributions", "expire_contribution"),
	("Contributions", "commit_registration"),
	("Contributions", "expire_commitment"),
];

const EVALUATOR: &[(&str, &str)] = &[
	("Scoring", "commit"),
	("Scoring", "reveal"),
	("Scoring", "aggregate"),
	("Scoring", "finalize"),
];

const GOVERNANCE: &[(&str, &str)] = &[
	("Referenda", "submit"),
	("Referenda", "place_decision_deposit"),
	("Referenda", "refund_decision_deposit"),
	("Referenda", "refund_submission_deposit"),
	("Referenda", "set_metadata"),
	("ConvictionVoting", "vote"),
	("ConvictionVoting", "delegate"),
	("ConvictionVoting", "undelegate"),
	("ConvictionVoting", "unlock"),
	("ConvictionVoting", "remove_vote"),
	("ConvictionVoting", "remove_other_vote"),
	("Preimage", "note_preimage"),
	("Preimage", "unnote_preimage"),
	("TechnicalCommittee", "propose"),
	("TechnicalCommittee", "vote"),
	("TechnicalCommittee", "close"),
	("TechnicalCommittee", "release_proposal_cost"),
];

/// The calls `proxy` allows, as (pallet, call) names; `None` for every call.
fn allowed(proxy: ProxyType) -> Option<BTreeSet<(String, String)>> {
	let list = match proxy {
		ProxyType::Any => return None,
		ProxyType::NonTransfer => NON_TRANSFER,
		ProxyType::CancelProxy => CANCEL_PROXY,
		ProxyType::Registry => REGISTRY,
		ProxyType::Evaluator => EVALUATOR,
		ProxyType::Governance => GOVERNANCE,
	};
	Some(BATCHES.iter().chain(list).map(|(p, c)| (p.to_string(), c.to_string())).collect())
}

/// Builds the smallest value of any type of the runtime's type registry: zero numbers, empty
/// sequences, the first variant of an enum (unit variants first, such as `None`, `Here` or
/// `Root`, or by index). A nested call is `System::remark` of nothing.
struct Smallest {
	registry: PortableRegistry,
	call_type: u32,
}

impl Smallest {
	fn new() -> Self {
		let mut registry = TypeRegistry::new();
		let call_type = registry.register_type(&scale_info::meta_type::<RuntimeCall>()).id;
		Self { registry: registry.into(), call_type }
	}

	/// Appends the encoding of the smallest value of type `id` to `out`. False when the type
	/// has no value at all (an enum without variants, such as an empty `RuntimeTask`).
	fn value(&self, id: u32, depth: u32, unit_first: bool, out: &mut Vec<u8>) -> bool {
		if id == self.call_type {
			RuntimeCall::System(frame_system::Call::remark { remark: vec![] }).encode_to(out);
			return true;
		}
		assert!(depth < 64, "type {id} nests deeper than the builder expects");
		let ty = self.registry.resolve(id).expect("registered type");
		match &ty.type_def {
			TypeDef::Composite(composite) => composite
				.fields
				.iter()
				.all(|field| self.value(field.ty.id, depth + 1, unit_first, out)),
			TypeDef::Variant(variant) => {
				let mut variants: Vec<_> = variant.variants.iter().collect();
				if unit_first {
					variants.sort_by_key(|v| (!v.fields.is_empty(), v.index));
				} else {
					variants.sort_by_key(|v| v.index);
				}
				for v in variants {
					let mut encoded = vec![v.index];
					if v.fields
						.iter()
						.all(|field| self.value(field.ty.id, depth + 1, unit_first, &mut encoded))
					{
						out.extend(encoded);
						return true;
					}
				}
				false
			}
			TypeDef::Sequence(_) | TypeDef::BitSequence(_) => {
				Compact(0u32).encode_to(out);
				true
			}
			TypeDef::Array(array) => {
				(0..array.len).all(|_| self.value(array.type_param.id, depth + 1, unit_first, out))
			}
			TypeDef::Tuple(tuple) => {
				tuple.fields.iter().all(|field| self.value(field.id, depth + 1, unit_first, out))
			}
			TypeDef::Primitive(primitive) => {
				out.extend(vec![0u8; Self::zero_len(primitive)]);
				true
			}
			TypeDef::Compact(compact) => {
				// `Compact<()>` (an account index of `()`) encodes to nothing; any other zero
				// to one byte.
				let unit = matches!(
					self.registry.resolve(compact.type_param.id).map(|t| &t.type_def),
					Some(TypeDef::Tuple(t)) if t.fields.is_empty()
				);
				if !unit {
					out.push(0);
				}
				true
			}
		}
	}

	/// The length of a primitive's zero (an empty string's is its compact length).
	fn zero_len(primitive: &TypeDefPrimitive) -> usize {
		use TypeDefPrimitive::*;
		match primitive {
			Bool | U8 | I8 | Str => 1,
			U16 | I16 => 2,
			Char | U32 | I32 => 4,
			U64 | I64 => 8,
			U128 | I128 => 16,
			U256 | I256 => 32,
		}
	}
}

/// One value of every call of every pallet of the runtime, with the pallet's and the call's
/// names as the metadata has them; and, apart, the names of calls with an argument of a type
/// that has no value (they cannot be dispatched at all).
fn every_call() -> (Vec<(String, String, RuntimeCall)>, Vec<String>) {
	let smallest = Smallest::new();
	let variants = |id: u32| match &smallest.registry.resolve(id).expect("registered").type_def {
		TypeDef::Variant(v) => v.variants.clone(),
		_ => vec![],
	};
	let mut calls = Vec::new();
	let mut without_value = Vec::new();
	for pallet in variants(smallest.call_type) {
		for call in variants(pallet.fields[0].ty.id) {
			let name = format!("{}::{}", pallet.name, call.name);
			let encodings: Vec<Vec<u8>> = [true, false]
				.into_iter()
				.filter_map(|unit_first| {
					let mut encoded = vec![pallet.index, call.index];
					let has_value = call
						.fields
						.iter()
						.all(|field| smallest.value(field.ty.id, 0, unit_first, &mut encoded));
					has_value.then_some(encoded)
				})
				.collect();
			if encodings.is_empty() {
				without_value.push(name);
				continue;
			}
			let value = encodings
				.iter()
				.find_map(|encoded| {
					RuntimeCall::decode_all_with_depth_limit(64, &mut &encoded[..]).ok()
				})
				.unwrap_or_else(|| {
					panic!(
						"{name}: no value built from its type information decodes \
						 ({encodings:?}); teach `Smallest` its arguments"
					)
				});
			assert_eq!(&value.encode()[..2], &[pallet.index, call.index][..], "{name}");
			calls.push((pallet.name.clone(), call.name.clone(), allowable(value)));
		}
	}
	(calls, without_value)
}

/// The call with the smallest arguments a restricted type may allow: a technical committee
/// motion's threshold raised to 2 (the filters refuse a motion the collective would dispatch
/// at once; `a_committee_motion_a_proxy_proposes_needs_two_votes` checks the thresholds).
fn allowable(call: RuntimeCall) -> RuntimeCall {
	match call {
		RuntimeCall::TechnicalCommittee(pallet_collective::Call::propose {
			threshold,
			proposal,
			length_bound,
		}) => RuntimeCall::TechnicalCommittee(pallet_collective::Call::propose {
			threshold: threshold.max(2),
			proposal,
			length_bound,
		}),
		other => other,
	}
}

#[test]
fn every_call_of_every_pallet_is_allowed_exactly_as_the_table_says() {
	let (calls, without_value) = every_call();
	let names: BTreeSet<(String, String)> = common::pallets_with_calls()
		.into_iter()
		.flat_map(|(pallet, calls)| calls.into_iter().map(move |call| (pallet.clone(), call)))
		.collect();
	assert_eq!(calls.len() + without_value.len(), names.len(), "every call is built");
	for name in &without_value {
		println!("{name}: an argument's type has no value; the call cannot be dispatched");
	}
	let mut problems = Vec::new();
	for proxy in ALL {
		let table = allowed(proxy);
		for (pallet, call) in table.iter().flatten() {
			if !names.contains(&(pallet.clone(), call.clone())) {
				problems.push(format!(
					"{proxy:?}: the table lists {pallet}::{call}, which the runtime does not have"
				));
			}
		}
		let mut count = 0;
		for (pallet, call, value) in &calls {
			let expected = match &table {
				None => true,
				Some(table) => table.contains(&(pallet.clone(), call.clone())),
			};
			let actual = proxy.filter(value);
			count += usize::from(actual);
			if actual != expected {
				let (does, says) = if actual { ("allows", "denies") } else { ("denies", "allows") };
				problems
					.push(format!("{proxy:?} {does} {pallet}::{call}, but the table {says} it"));
			}
		}
		println!("{proxy:?}: {count} of {} calls allowed", calls.len());
	}
	assert!(
		problems.is_empty(),
		"proxy filters and the table disagree (classify a new call in \
		 runtime/src/configs/proxy.rs and in this test's table):\n{}",
		problems.join("\n")
	);
}

#[test]
fn is_superset_holds_exactly_when_one_type_allows_every_call_the_other_does() {
	let (calls, _) = every_call();
	let mut problems = Vec::new();
	for a in ALL {
		for b in ALL {
			let beyond = calls.iter().find(|(_, _, call)| b.filter(call) && !a.filter(call));
			let contains = beyond.is_none();
			if a.is_superset(&b) != contains {
				problems.push(match beyond {
					Some((pallet, call, _)) => format!(
						"{a:?}.is_superset({b:?}) is true, but {b:?} allows {pallet}::{call} \
						 and {a:?} does not"
					),
					None => format!(
						"{a:?}.is_superset({b:?}) is false, but {a:?} allows every call {b:?} does"
					),
				});
			}
		}
	}
	assert!(problems.is_empty(), "{}", problems.join("\n"));
	// What the lists give today.
	assert!(!ProxyType::NonTransfer.is_superset(&ProxyType::Registry));
	assert!(ProxyType::NonTransfer.is_superset(&ProxyType::CancelProxy));
	assert!(!ProxyType::NonTransfer.is_superset(&ProxyType::Evaluator));
	assert!(!ProxyType::NonTransfer.is_superset(&ProxyType::Governance));
}

#[test]
fn proxy_types_keep_their_encodings() {
	for (index, proxy) in ALL.iter().enumerate() {
		assert_eq!(proxy.encode(), vec![index as u8], "{proxy:?}");
	}
	let mut registry = TypeRegistry::new();
	let id = registry.register_type(&scale_info::meta_type::<ProxyType>()).id;
	let registry: PortableRegistry = registry.into();
	match &registry.resolve(id).expect("registered").type_def {
		TypeDef::Variant(v) => assert_eq!(v.variants.len(), ALL.len(), "ALL lists every type"),
		other => panic!("ProxyType is an enum: {other:?}"),
	}
	assert_eq!(ProxyType::default(), ProxyType::Any);
}

fn account(who: Sr25519Keyring) -> AccountId {
	who.to_account_id()
}

fn dispatch(who: Sr25519Keyring, call: RuntimeCall) -> DispatchResult {
	call.dispatch(RuntimeOrigin::signed(account(who))).map(|_| ()).map_err(|e| e.error)
}

/// `real` appoints `proxy` as a proxy of type `proxy_type`, without delay.
fn add_proxy(real: Sr25519Keyring, proxy: Sr25519Keyring, proxy_type: ProxyType) {
	assert_ok!(dispatch(
		real,
		RuntimeCall::Proxy(pallet_proxy::Call::add_proxy {
			delegate: MultiAddress::Id(account(proxy)),
			proxy_type,
			delay: 0,
		})
	));
}

/// `proxy` dispatches `call` as `real` through `Proxy::proxy`; returns the proxied call's own
/// outcome, which the proxy pallet reports in its `ProxyExecuted` event.
fn as_proxy(proxy: Sr25519Keyring, real: Sr25519Keyring, call: RuntimeCall) -> DispatchResult {
	assert_ok!(dispatch(
		proxy,
		RuntimeCall::Proxy(pallet_proxy::Call::proxy {
			real: MultiAddress::Id(account(real)),
			force_proxy_type: None,
			call: Box::new(call),
		})
	));
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Proxy(pallet_proxy::Event::ProxyExecuted { result }) => Some(result),
			_ => None,
		})
		.expect("the proxy pallet reports the proxied call's outcome")
}

/// What a proxied call its proxy type does not allow returns.
fn filtered() -> DispatchResult {
	Err(frame_system::Error::<Runtime>::CallFiltered.into())
}

fn cid(seed: u8) -> Vec<u8> {
	let mut cid = vec![0x01, 0x55, 0x12, 0x20];
	cid.extend([seed; 32]);
	cid
}

fn create_project() -> RuntimeCall {
	RuntimeCall::Contributions(pallet_contributions::Call::create_project {
		name: b"digits".to_vec(),
		default_licence: common::mit_licence(),
		royalty_to_parents: Perbill::from_percent(10),
		evaluator_policy: EvaluatorPolicy {
			committee: 31,
			min_stake: 100 * UNIT,
			commit_period: 10,
			reveal_period: 10,
			dispute_period: 10,
		},
		membership: Membership::Open,
	})
}

/// `register_contribution` of a dataset into `project`, by `author` alone.
fn register(project: u64, seed: u8, author: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Contributions(pallet_contributions::Call::register_contribution {
		project,
		kind: ContributionKind::Dataset,
		cid: cid(seed),
		locator: None,
		authors: vec![(account(author), Perbill::one())],
		parents: vec![],
		licence: None,
		metadata_hash: H256::repeat_byte(seed),
		size_bytes: 1_000,
	})
}

fn create_pool(project: u64, amount: u128) -> RuntimeCall {
	RuntimeCall::Payouts(pallet_payouts::Call::create_pool {
		project,
		trigger: Trigger {
			metric: H256::repeat_byte(1),
			comparator: Comparator::AtLeast,
			threshold: 900_000,
			evaluation_set: BoundedVec::truncate_from(cid(99)),
		},
		amount,
		deadline: 1_000,
		committee: None,
	})
}

fn transfer(to: Sr25519Keyring) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death {
		dest: MultiAddress::Id(account(to)),
		value: UNIT,
	})
}

fn ext() -> TestExternalities {
	common::externalities_for(DEV_RUNTIME_PRESET)
}

/// Audit H4: Bob, a `NonTransfer` proxy of Alice, tries every way of moving Alice's money to
/// himself (into a pool or licence on his own project, a project transfer, a stake or bond
/// he can get slashed, a plain transfer, a batch, Alice's own proxy rights over Dave, a
/// multisig, a whitelisted call dispatched as root): each proxied call is filtered and Alice's balance does not
/// move. The same pool through an `Any` proxy takes her money.
#[test]
fn a_non_transfer_proxy_cannot_move_its_principals_funds() {
	ext().execute_with(|| {
		// Bob's open project 0 with a contribution of his (where a drain would send Alice's
		// money), and Alice's project 1.
		assert_ok!(dispatch(Bob, create_project()));
		assert_ok!(dispatch(Bob, register(0, 1, Bob)));
		assert_ok!(dispatch(Alice, create_project()));
		// Alice may act for Dave.
		add_proxy(Dave, Alice, ProxyType::Any);
		add_proxy(Alice, Bob, ProxyType::NonTransfer);

		let alice = frame_system::Account::<Runtime>::get(account(Alice)).data;
		let dave = frame_system::Account::<Runtime>::get(account(Dave)).data;
		for call in [
			create_pool(0, 1_000 * UNIT),
			RuntimeCall::Payouts(pallet_payouts::Call::top_up { pool: 0, amount: UNIT }),
			RuntimeCall::Payouts(pallet_payouts::Call::buy_licence {
				contribution: 0,
				max_price: u128::MAX,
				expected: Default::default(),
			}),
			RuntimeCall::Contributions(pallet_contributions::Call::transfer_project_ownership {
				project: 1,
				new_owner: account(Bob),
			}),
			RuntimeCall::Contributions(pallet_contributions::Call::update_project {
				project: 1,
				name: None,
				default_licence: None,
				royalty_to_parents: Some(Perbill::one()),
				evaluator_policy: None,
			}),
			RuntimeCall::Scoring(pallet_scoring::Call::register_evaluator { stake: 1_000 * UNIT }),
			RuntimeCall::Scoring(pallet_scoring::Call::bond_extra { amount: 1_000 * UNIT }),
			RuntimeCall::Scoring(pallet_scoring::Call::dispute { round: 0 }),
			transfer(Bob),
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(account(Bob)),
				value: UNIT,
			}),
			RuntimeCall::Balances(pallet_balances::Call::transfer_all {
				dest: MultiAddress::Id(account(Bob)),
				keep_alive: false,
			}),
			// The batch is allowed, its transfer is not.
			RuntimeCall::Utility(pallet_utility::Call::batch_all { calls: vec![transfer(Bob)] }),
			// Calls that would dispatch under a fresh origin, out of the filter's reach.
			RuntimeCall::Proxy(pallet_proxy::Call::proxy {
				real: MultiAddress::Id(account(Dave)),
				force_proxy_type: None,
				call: Box::new(transfer(Bob)),
			}),
			RuntimeCall::Multisig(pallet_multisig::Call::as_multi_threshold_1 {
				other_signatories: vec![account(Bob)],
				call: Box::new(transfer(Bob)),
			}),
			RuntimeCall::Whitelist(
				pallet_whitelist::Call::dispatch_whitelisted_call_with_preimage {
					call: Box::new(transfer(Bob)),
				},
			),
			// Deposits held as long as a permanent record: a project, an active
			// contribution.
			create_project(),
			register(1, 2, Alice),
			// Who may register in Alice's project, so who shares what it earns.
			RuntimeCall::Contributions(pallet_contributions::Call::add_member {
				project: 1,
				member: account(Bob),
			}),
		] {
			assert_eq!(as_proxy(Bob, Alice, call.clone()), filtered(), "{call:?}");
		}
		assert_eq!(frame_system::Account::<Runtime>::get(account(Alice)).data, alice);
		assert_eq!(frame_system::Account::<Runtime>::get(account(Dave)).data, dave);
		let project = pallet_contributions::Projects::<Runtime>::get(1).expect("Alice's project");
		assert_eq!(project.owner, account(Alice));
		assert_eq!(project.royalty_to_parents, Perbill::from_percent(10));
		assert!(pallet_scoring::Evaluators::<Runtime>::get(account(Alice)).is_none());
		assert!(pallet_payouts::Pools::<Runtime>::get(0).is_none());

		assert_eq!(pallet_contributions::Projects::<Runtime>::iter().count(), 2);
		assert_eq!(pallet_contributions::Contributions::<Runtime>::iter().count(), 1);

		// What it may do: note a preimage for Alice (a deposit she can take back).
		let preimage = vec![7u8; 32];
		assert_ok!(as_proxy(
			Bob,
			Alice,
			RuntimeCall::Preimage(pallet_preimage::Call::note_preimage { bytes: preimage.clone() })
		));
		let hash = <sp_runtime::traits::BlakeTwo256 as sp_runtime::traits::Hash>::hash(&preimage);
		assert!(pallet_preimage::RequestStatusFor::<Runtime>::contains_key(hash));

		// The control: through an `Any` proxy the same pool escrows Alice's money.
		add_proxy(Alice, Charlie, ProxyType::Any);
		let free = Balances::free_balance(account(Alice));
		assert_ok!(as_proxy(Charlie, Alice, create_pool(0, 1_000 * UNIT)));
		let sponsor = pallet_payouts::Pools::<Runtime>::get(0).map(|pool| pool.sponsor);
		assert_eq!(sponsor, Some(account(Alice)));
		assert!(Balances::free_balance(account(Alice)) <= free - 1_000 * UNIT);
	});
}

/// A CI bot holding a `Registry` proxy of Alice registers a contribution (one, then a batch)
/// for her: Alice is the registrar and sole author and pays the deposit, the bot pays
/// nothing. It cannot give her project away, change its royalty, withdraw her work, fund a
/// pool or transfer.
#[test]
fn a_registry_proxy_registers_for_its_principal_who_pays_the_deposit() {
	ext().execute_with(|| {
		assert_ok!(dispatch(Alice, create_project()));
		add_proxy(Alice, Bob, ProxyType::Registry);
		let bob = frame_system::Account::<Runtime>::get(account(Bob)).data;
		let held = || {
			Balances::balance_on_hold(
				&pallet_contributions::HoldReason::ContributionDeposit.into(),
				&account(Alice),
			)
		};
		assert_eq!(held(), 0);

		assert_ok!(as_proxy(Bob, Alice, register(0, 1, Alice)));
		let record = pallet_contributions::Contributions::<Runtime>::get(0).expect("registered");
		assert_eq!(record.registrar, account(Alice));
		assert_eq!(record.authors.to_vec(), vec![(account(Alice), Perbill::one())]);
		assert!(record.deposit > 0);
		assert_eq!(held(), record.deposit);

		assert_ok!(as_proxy(
			Bob,
			Alice,
			RuntimeCall::Contributions(pallet_contributions::Call::register_contributions {
				project: 0,
				registrations: vec![pallet_contributions::Registration {
					kind: ContributionKind::Evaluation,
					cid: cid(2),
					locator: None,
					authors: vec![(account(Alice), Perbill::one())],
					parents: vec![0],
					licence: None,
					metadata_hash: H256::repeat_byte(2),
					size_bytes: 2_000,
				}],
			})
		));
		let second = pallet_contributions::Contributions::<Runtime>::get(1).expect("registered");
		assert_eq!(second.registrar, account(Alice));
		assert_eq!(held(), record.deposit + second.deposit);
		assert_eq!(frame_system::Account::<Runtime>::get(account(Bob)).data, bob);

		for call in [
			RuntimeCall::Contributions(pallet_contributions::Call::transfer_project_ownership {
				project: 0,
				new_owner: account(Bob),
			}),
			RuntimeCall::Contributions(pallet_contributions::Call::update_project {
				project: 0,
				name: None,
				default_licence: None,
				royalty_to_parents: Some(Perbill::one()),
				evaluator_policy: None,
			}),
			RuntimeCall::Contributions(pallet_contributions::Call::withdraw_contribution {
				id: 0,
				reason: b"mine now".to_vec(),
			}),
			create_project(),
			create_pool(0, 1_000 * UNIT),
			RuntimeCall::Scoring(pallet_scoring::Call::register_evaluator { stake: 1_000 * UNIT }),
			transfer(Bob),
		] {
			assert_eq!(as_proxy(Bob, Alice, call.clone()), filtered(), "{call:?}");
		}
		let project = pallet_contributions::Projects::<Runtime>::get(0).expect("Alice's project");
		assert_eq!(project.owner, account(Alice));
		assert_eq!(project.royalty_to_parents, Perbill::from_percent(10));
		let record = pallet_contributions::Contributions::<Runtime>::get(0).expect("registered");
		assert!(matches!(record.status, ContributionStatus::Active));
		assert_eq!(frame_system::Account::<Runtime>::get(account(Bob)).data, bob);
	});
}

/// An evaluator's bot holding an `Evaluator` proxy of Alice commits and reveals for her in a
/// round she is drawn to: the commitment and the reveal are Alice's, the bot has none. It
/// cannot stake, unbond, withdraw, dispute or transfer for her.
#[test]
fn an_evaluator_proxy_commits_and_reveals_for_its_principal() {
	ext().execute_with(|| {
		// Bob's project 0 with one contribution of his, scored in round 0; Alice is the only
		// evaluator, so every seat is hers.
		assert_ok!(dispatch(Bob, create_project()));
		assert_ok!(dispatch(Bob, register(0, 1, Bob)));
		assert_ok!(dispatch(
			Alice,
			RuntimeCall::Scoring(pallet_scoring::Call::register_evaluator { stake: 5_000 * UNIT })
		));
		assert_ok!(dispatch(
			Bob,
			RuntimeCall::Scoring(pallet_scoring::Call::open_round {
				project: 0,
				utility: UtilitySpec {
					metric: 1,
					evaluation_set: BoundedVec::truncate_from(cid(200)),
					direction: Direction::HigherIsBetter,
				},
			})
		));
		add_proxy(Alice, Charlie, ProxyType::Evaluator);
		common::until_drawn(0);
		let round = pallet_scoring::Rounds::<Runtime>::get(0).expect("drawn");
		assert!(pallet_scoring::Seats::<Runtime>::get(0, account(Alice)).is_some(), "drawn");

		let alice = frame_system::Account::<Runtime>::get(account(Alice)).data;
		for call in [
			RuntimeCall::Scoring(pallet_scoring::Call::register_evaluator { stake: 1_000 * UNIT }),
			RuntimeCall::Scoring(pallet_scoring::Call::bond_extra { amount: 1_000 * UNIT }),
			RuntimeCall::Scoring(pallet_scoring::Call::unbond {}),
			RuntimeCall::Scoring(pallet_scoring::Call::withdraw_unbonded {}),
			RuntimeCall::Scoring(pallet_scoring::Call::dispute { round: 0 }),
			transfer(Charlie),
		] {
			assert_eq!(as_proxy(Charlie, Alice, call.clone()), filtered(), "{call:?}");
		}
		assert_eq!(frame_system::Account::<Runtime>::get(account(Alice)).data, alice);

		// One player: an exact reveal is the utility of its 2 coalitions.
		let reveal =
			pallet_scoring::types::Reveal::Exact(BoundedVec::truncate_from(vec![0, 1_000_000]));
		let salt = [7u8; 32];
		let hash =
			pallet_scoring::Pallet::<Runtime>::commitment_hash(0, &account(Alice), &reveal, &salt);
		assert_ok!(as_proxy(
			Charlie,
			Alice,
			RuntimeCall::Scoring(pallet_scoring::Call::commit { round: 0, hash })
		));
		assert_eq!(
			pallet_scoring::Commitments::<Runtime>::get(0, account(Alice)).map(|c| c.hash),
			Some(hash)
		);
		assert!(pallet_scoring::Commitments::<Runtime>::get(0, account(Charlie)).is_none());

		common::run_to(round.commit_end + 1);
		assert_ok!(as_proxy(
			Charlie,
			Alice,
			RuntimeCall::Scoring(pallet_scoring::Call::reveal { round: 0, reveal, salt })
		));
		assert!(pallet_scoring::Reveals::<Runtime>::contains_key(0, account(Alice)));
		assert!(pallet_scoring::Commitments::<Runtime>::get(0, account(Alice))
			.is_some_and(|c| c.revealed));
	});
}

/// Alice sits on the dev chain's technical committee. Her `Governance` proxy may propose a
/// motion that needs two votes, not one the collective would dispatch at once under her lone
/// member origin (threshold 0 or 1); neither may a `NonTransfer` proxy. `Any` may.
#[test]
fn a_committee_motion_a_proxy_proposes_needs_two_votes() {
	let propose = |threshold: u32| {
		RuntimeCall::TechnicalCommittee(pallet_collective::Call::propose {
			threshold,
			proposal: Box::new(RuntimeCall::System(frame_system::Call::remark_with_event {
				remark: vec![threshold as u8],
			})),
			length_bound: 100,
		})
	};
	for proxy in [ProxyType::NonTransfer, ProxyType::Governance] {
		for (threshold, allowed) in [(0, false), (1, false), (2, true), (3, true)] {
			assert_eq!(proxy.filter(&propose(threshold)), allowed, "{proxy:?} {threshold}");
		}
	}
	assert!(ProxyType::Any.filter(&propose(1)));
	ext().execute_with(|| {
		add_proxy(Alice, Bob, ProxyType::Governance);
		assert_eq!(as_proxy(Bob, Alice, propose(1)), filtered());
		assert_eq!(
			pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get(),
			0
		);
		assert_ok!(as_proxy(Bob, Alice, propose(2)));
		assert_eq!(
			pallet_collective::ProposalCount::<Runtime, pallet_collective::Instance1>::get(),
			1
		);
	});
}
