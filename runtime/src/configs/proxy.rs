//! The kinds of proxy an account may appoint (`pallet_proxy`).
//!
//! Every type but [`ProxyType::Any`] is an allow-list: an explicit match over pallets and
//! calls, whatever it does not name is denied. A call added to the runtime later (a new pallet,
//! or a new call of a pallet already here) is therefore denied to every restricted proxy until
//! someone classifies it here; `runtime/tests/proxies.rs` fails until its table says the same (audit
//! H4: `NonTransfer` used to be a deny-list of `Balances` alone, and could drain an account
//! through payouts, project transfers, evaluator stakes and dispute bonds).
//!
//! How the filter applies (`pallet_proxy::do_proxy`): the proxied call is dispatched from the
//! principal's account with the type's filter on its origin. Calls that dispatch other calls
//! with that same origin (`Utility`'s batches, `if_else` and `as_derivative`) have their inner
//! calls filtered too, so every restricted type may use them. Calls that dispatch under a
//! *fresh* origin escape the filter and are allowed to no restricted type: `Proxy::proxy` and
//! `Proxy::proxy_announced` (the principal's own proxy rights over other accounts),
//! `Proxy::announce` (anyone may execute an announced call once its delay has passed),
//! `Multisig::as_multi*`/`approve_as_multi` (the multisig account's call, approved with the
//! principal's signature), `TechnicalCommittee::execute` and `Whitelist`'s dispatches (a
//! whitelisted, approved call dispatched as root; the relay of a deferred one is anyone's).
//! Root-only calls are listed nowhere: a proxied call's origin is a signed one.
//!
//! The transaction fee of a proxied call is paid by the proxy, never by its principal.

use crate::RuntimeCall;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support::traits::InstanceFilter, *};
use scale_info::TypeInfo;

/// What a proxy may do on behalf of the account that appointed it (its principal).
///
/// The encoding of a type is its index: existing indices never change, new types are
/// appended.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Any call: the principal's full power.
	#[default]
	#[codec(index = 0)]
	Any,
	/// Everything that can neither make the principal poorer nor give away what it owns or
	/// steer what it earns: managing its proxies, consenting to (or refusing)
	/// co-authorship, bookkeeping calls anyone may make, the technical committee's votes,
	/// collator keys.
	///
	/// Funds: no call that transfers, escrows, spends, stakes, bonds, locks for votes or puts
	/// at risk of a slash, and no call that holds a deposit for good. What it allows may hold
	/// *storage deposits* on the principal's account only where the principal can take them
	/// back (a proxy, a preimage), as Polkadot's `NonTransfer` does for proxy and multisig
	/// deposits. Claims and refunds, which only pay the principal (or a sponsor) what it is
	/// owed, are allowed.
	///
	/// Not allowed, and why:
	/// - `Balances`, `PolkadotXcm`: they move funds (here or to another chain).
	/// - `Payouts::create_pool`, `top_up`, `buy_licence`: they escrow or spend funds, which a
	///   pool or licence on a project the proxy controls hands to the proxy (audit H4).
	/// - `Payouts::start_report`, `offer_licence`, `withdraw_offer`, `set_royalty_weights`,
	///   `set_evaluator_access`: they decide how the principal's projects earn and who gets
	///   their work (which checkpoint a sponsor's pool is measured on, at what price and terms
	///   its work is sold, which parents its royalties pay, whether drawn evaluators may get
	///   its licensed data).
	/// - `Contributions::create_project`, `register_contribution`, `register_contributions`,
	///   `Scoring::open_round`: the deposit of a project, of an active contribution and of a
	///   round whose snapshot payouts use is held as long as the record, which is permanent;
	///   repeated, they would hold the principal's balance for ever. Registering is
	///   [`ProxyType::Registry`]'s trust. `Contributions::commit_registration`: its deposit is
	///   burned unless the content is registered in time.
	/// - `Contributions::add_member`, `remove_member`, `vote_membership`, `cancel_motion`: a
	///   consortium's members decide who may register in the project, so who shares what it
	///   earns.
	/// - `Contributions::transfer_project_ownership`: gives away a project with its deposit.
	/// - `Contributions::update_project`: its royalty share and evaluator policy route the
	///   project's income (a 100% royalty sends it to the parents' projects).
	/// - `Contributions::withdraw_contribution`: irreversible, and ends the contribution's
	///   licence sales, royalties and eligibility (audit L2).
	/// - `Scoring::register_evaluator`, `bond_extra`: a stake, which slashes take.
	///   `Scoring::commit`, `reveal`: committing and then not revealing, or revealing an
	///   outlier, gets the stake slashed; evaluation work goes through
	///   [`ProxyType::Evaluator`]. `Scoring::dispute`: a bond, slashed if the re-run agrees.
	/// - `CollatorSelection::register_as_candidate`, `take_candidate_slot`, `update_bond`: a
	///   bond of any size.
	/// - `Referenda::submit`, `place_decision_deposit` (deposits slashed if the referendum is
	///   killed), `ConvictionVoting::vote`, `delegate` (lock the balance for up to 32 vote
	///   periods), and retracting votes or delegations: that is [`ProxyType::Governance`].
	/// - `TechnicalCommittee::propose` with a threshold under 2: the collective dispatches it
	///   at once under the principal's lone member origin, out of the filter's reach (see
	///   [`committee_motion`]).
	/// - `Proxy::proxy`, `proxy_announced`, `announce`, `create_pure`, `Multisig::as_multi*`,
	///   `approve_as_multi`, `TechnicalCommittee::execute`, `Whitelist`'s calls: they dispatch
	///   under a fresh origin the filter does not follow (see the module's documentation);
	///   `create_pure` makes an account that only `Proxy::proxy` could use.
	///
	/// It contains [`ProxyType::CancelProxy`]; not [`ProxyType::Registry`] (registrations),
	/// [`ProxyType::Evaluator`] (commit, reveal) or [`ProxyType::Governance`] (votes, deposits).
	#[codec(index = 1)]
	NonTransfer,
	/// Only rejecting announcements made by the principal's time-delayed proxies
	/// (`Proxy::reject_announcement`), alone or in `Utility`'s batches: the key that stops a
	/// compromised delayed proxy. Unlike Polkadot's, not `Multisig`: an approval there is the
	/// principal's signature on a call that runs unfiltered from the multisig account.
	#[codec(index = 2)]
	CancelProxy,
	/// For CI bots and federated coordinators that commit artifacts: register contributions
	/// (one, or a batch) with the principal as registrar (an author, who pays the
	/// registration deposit) after committing to them (`commit_registration`: a deposit
	/// released by the registration, burned if it does not follow within the reveal period),
	/// approve or reject pending ones the principal co-authors, and expire lapsed pending
	/// ones and commitments (free; a CID can then be registered again). Nothing else: no project creation, update or
	/// transfer, no withdrawal, nothing that moves funds beyond the registration deposit.
	///
	/// The proxy chooses what it registers: the authors and shares (the principal among
	/// them), and the parents, whose projects receive royalties from what this contribution
	/// earns (audit M1). Appoint one only for lineage it may declare.
	#[codec(index = 3)]
	Registry,
	/// For an evaluator's bot: commit and reveal in the rounds the principal is drawn to
	/// (`Scoring::commit`, `reveal`), and the permissionless bookkeeping that takes drawn work
	/// to its end and frees the committee's assigned stake (`Scoring::aggregate`,
	/// `finalize`). Not `register_evaluator`, `bond_extra`, `unbond`, `withdraw_unbonded`,
	/// `dispute` (a bond) or anything that moves funds.
	///
	/// A bad commit or reveal gets the principal's assigned stake slashed: that is the trust
	/// this type carries, and why `NonTransfer` does not contain it.
	#[codec(index = 4)]
	Evaluator,
	/// For voting and governance keys: referenda (submit, deposits and their refunds,
	/// metadata), conviction voting (vote, delegate and undo either, unlock), the preimages
	/// proposals need, and the technical committee's motions (propose with a threshold of at
	/// least 2, vote, close, release a proposal's cost) for a member's hot key. It may lock the principal's balance with a
	/// conviction and put its referendum deposits at risk (a killed referendum's are
	/// slashed), but moves no funds. Not `TechnicalCommittee::execute` (a member's lone
	/// origin, dispatched unfiltered, which nothing here needs), nor a motion proposed with a
	/// threshold under 2 (see [`committee_motion`]), nor anything else.
	#[codec(index = 5)]
	Governance,
}

/// `Utility`'s calls that dispatch their inner calls with the caller's (filtered) origin:
/// allowed to every type, since each inner call must pass the same filter.
fn utility_batches(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::Utility(
			pallet_utility::Call::batch { .. }
				| pallet_utility::Call::batch_all { .. }
				| pallet_utility::Call::force_batch { .. }
				| pallet_utility::Call::if_else { .. }
				| pallet_utility::Call::as_derivative { .. }
		)
	)
}

/// [`ProxyType::NonTransfer`]'s calls (beside [`utility_batches`]).
fn non_transfer(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::System(
			frame_system::Call::remark { .. } | frame_system::Call::remark_with_event { .. }
		)
			// A collator's keys; leaving the candidates only returns its bond.
			| RuntimeCall::Session(
				pallet_session::Call::set_keys { .. } | pallet_session::Call::purge_keys { .. }
			)
			| RuntimeCall::CollatorSelection(pallet_collator_selection::Call::leave_intent { .. })
			// Only the principal's own deposit comes back.
			| RuntimeCall::Multisig(
				pallet_multisig::Call::cancel_as_multi { .. }
					| pallet_multisig::Call::poke_deposit { .. }
			)
			// `add_proxy`/`remove_proxy` are refused by the proxy pallet for a type this one
			// does not contain (`is_superset`).
			| RuntimeCall::Proxy(
				pallet_proxy::Call::add_proxy { .. }
					| pallet_proxy::Call::remove_proxy { .. }
					| pallet_proxy::Call::remove_announcement { .. }
					| pallet_proxy::Call::reject_announcement { .. }
					| pallet_proxy::Call::poke_deposit { .. }
			)
			| RuntimeCall::Preimage(
				pallet_preimage::Call::note_preimage { .. }
					| pallet_preimage::Call::unnote_preimage { .. }
			)
			// Refunds to the depositor, and unlocking expired vote locks.
			| RuntimeCall::Referenda(
				pallet_referenda::Call::refund_decision_deposit { .. }
					| pallet_referenda::Call::refund_submission_deposit { .. }
			)
			| RuntimeCall::ConvictionVoting(
				pallet_conviction_voting::Call::unlock { .. }
					| pallet_conviction_voting::Call::remove_other_vote { .. }
			)
			// Consent to co-authorship (or its refusal), and expiring lapsed pending work and
			// commitments (free; what the lapsed hold forfeits is the registrar's or
			// committer's, not the principal's).
			| RuntimeCall::Contributions(
				pallet_contributions::Call::approve_contribution { .. }
					| pallet_contributions::Call::reject_contribution { .. }
					| pallet_contributions::Call::expire_contribution { .. }
					| pallet_contributions::Call::expire_commitment { .. }
			)
			// Leaving returns the stake.
			| RuntimeCall::Scoring(
				pallet_scoring::Call::unbond { .. }
					| pallet_scoring::Call::withdraw_unbonded { .. }
					| pallet_scoring::Call::aggregate { .. }
					| pallet_scoring::Call::finalize { .. }
					| pallet_scoring::Call::prune_snapshot { .. }
			)
			// Each pays only what is owed, to whom it is owed, or returns a deposit.
			| RuntimeCall::Payouts(
				pallet_payouts::Call::conclude_report { .. }
					| pallet_payouts::Call::refund { .. }
					| pallet_payouts::Call::close_pool { .. }
					| pallet_payouts::Call::drop_licence { .. }
					| pallet_payouts::Call::claim { .. }
					| pallet_payouts::Call::push_undistributed { .. }
			)
	) || committee_motion(c)
}

/// The technical committee's motions a member's hot key may make: voting, closing, releasing
/// a proposal's cost, and proposing with a threshold of at least 2. A motion proposed with a
/// threshold under 2 is dispatched at once by the collective under `Members(1, n)`, a fresh
/// origin this filter would not follow; no origin of the runtime accepts it today (the
/// committee acts by two thirds), but a proxy has no business making one.
fn committee_motion(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::TechnicalCommittee(
			pallet_collective::Call::vote { .. }
				| pallet_collective::Call::close { .. }
				| pallet_collective::Call::release_proposal_cost { .. }
		)
	) || matches!(
		c,
		RuntimeCall::TechnicalCommittee(pallet_collective::Call::propose { threshold, .. })
			if *threshold >= 2
	)
}

/// [`ProxyType::CancelProxy`]'s call (beside [`utility_batches`]).
fn cancel_proxy(c: &RuntimeCall) -> bool {
	matches!(c, RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. }))
}

/// [`ProxyType::Registry`]'s calls (beside [`utility_batches`]).
fn registry(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::Contributions(
			pallet_contributions::Call::register_contribution { .. }
				| pallet_contributions::Call::register_contributions { .. }
				| pallet_contributions::Call::approve_contribution { .. }
				| pallet_contributions::Call::reject_contribution { .. }
				| pallet_contributions::Call::expire_contribution { .. }
				| pallet_contributions::Call::commit_registration { .. }
				| pallet_contributions::Call::expire_commitment { .. }
		)
	)
}

/// [`ProxyType::Evaluator`]'s calls (beside [`utility_batches`]).
fn evaluator(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::Scoring(
			pallet_scoring::Call::commit { .. }
				| pallet_scoring::Call::reveal { .. }
				| pallet_scoring::Call::aggregate { .. }
				| pallet_scoring::Call::finalize { .. }
		)
	)
}

/// [`ProxyType::Governance`]'s calls (beside [`utility_batches`]).
fn governance(c: &RuntimeCall) -> bool {
	matches!(
		c,
		RuntimeCall::Referenda(
			pallet_referenda::Call::submit { .. }
				| pallet_referenda::Call::place_decision_deposit { .. }
				| pallet_referenda::Call::refund_decision_deposit { .. }
				| pallet_referenda::Call::refund_submission_deposit { .. }
				| pallet_referenda::Call::set_metadata { .. }
		) | RuntimeCall::ConvictionVoting(
			pallet_conviction_voting::Call::vote { .. }
				| pallet_conviction_voting::Call::delegate { .. }
				| pallet_conviction_voting::Call::undelegate { .. }
				| pallet_conviction_voting::Call::unlock { .. }
				| pallet_conviction_voting::Call::remove_vote { .. }
				| pallet_conviction_voting::Call::remove_other_vote { .. }
		) | RuntimeCall::Preimage(
			pallet_preimage::Call::note_preimage { .. }
				| pallet_preimage::Call::unnote_preimage { .. }
		)
	) || committee_motion(c)
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, c: &RuntimeCall) -> bool {
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => utility_batches(c) || non_transfer(c),
			ProxyType::CancelProxy => utility_batches(c) || cancel_proxy(c),
			ProxyType::Registry => utility_batches(c) || registry(c),
			ProxyType::Evaluator => utility_batches(c) || evaluator(c),
			ProxyType::Governance => utility_batches(c) || governance(c),
		}
	}

	/// Whether every call `o` allows, `self` allows: the proxy pallet lets a proxy add or
	/// remove only proxies of types its own contains. Checked against the lists call by call
	/// in `runtime/tests/proxies.rs`.
	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			(ProxyType::NonTransfer, ProxyType::CancelProxy) => true,
			_ => false,
		}
	}
}
