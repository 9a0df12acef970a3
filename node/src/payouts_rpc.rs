//! `attribution_claimable`, `attribution_pool`, `attribution_licences`,
//! `attribution_licenceOffer` and `attribution_earnings`: payouts read through the runtime's
//! `PayoutsApi` at the best block (or at `at`).
//!
//! Balances are decimal strings (they exceed JavaScript's safe integers); accounts are SS58;
//! parts are in parts per billion (`royaltyToParentsPerbill`); a pool's report is a
//! measurement of the scoring pallet (`attribution_measurement`); unknown ids give `null`; bad
//! accounts give -32602; a failing runtime call gives error 1000.

use std::sync::Arc;

use attribution_primitives::{
	api::PayoutsApi,
	payout::{Comparator, LicenceId, PoolId, PoolStatus},
	ContributionId, ProjectId,
};
use attribution_runtime::{opaque::Block, AccountId, Balance, Hash, Runtime};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_payouts::{LicenceOf, OfferOf, PoolOf};
use polkadot_sdk::*;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use crate::{
	attribution_rpc::{account, cid_text, runtime_error},
	scoring_rpc::terms_json,
};

/// The payouts methods of the `attribution_*` namespace.
#[rpc(client, server, namespace = "attribution")]
pub trait PayoutsRpc {
	/// What `account` can claim now: one entry per snapshot and contribution.
	#[method(name = "claimable")]
	fn claimable(&self, account: String, at: Option<Hash>) -> RpcResult<Value>;

	/// A reward pool.
	#[method(name = "pool")]
	fn pool(&self, id: PoolId, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// The licences `account` holds.
	#[method(name = "licences")]
	fn licences(&self, account: String, at: Option<Hash>) -> RpcResult<Value>;

	/// The licence offer for a contribution.
	#[method(name = "licenceOffer")]
	fn licence_offer(
		&self,
		contribution: ContributionId,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>>;

	/// What a project earned, per snapshot version, and what waits for a payable snapshot.
	#[method(name = "earnings")]
	fn earnings(&self, project: ProjectId, at: Option<Hash>) -> RpcResult<Value>;
}

/// Serves [`PayoutsRpcServer`] from a client.
pub struct Payouts<C> {
	client: Arc<C>,
}

impl<C> Payouts<C> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

/// A pool as JSON.
pub fn pool_json(id: PoolId, p: &PoolOf<Runtime>) -> Value {
	let status = match &p.status {
		PoolStatus::Open => json!("open"),
		PoolStatus::Reporting { checkpoint, measurement } => {
			json!({ "reporting": { "checkpoint": checkpoint, "measurement": measurement } })
		}
		PoolStatus::Released { at, checkpoint, result } => {
			json!({ "released": { "at": at, "checkpoint": checkpoint, "result": result } })
		}
	};
	json!({
		"id": id,
		"sponsor": p.sponsor.to_ss58check(),
		"project": p.project,
		"trigger": {
			"metric": format!("{:?}", p.trigger.metric),
			"comparator": match p.trigger.comparator { Comparator::AtLeast => "atLeast", Comparator::AtMost => "atMost" },
			"threshold": p.trigger.threshold,
			"evaluationSet": cid_text(&p.trigger.evaluation_set),
		},
		"amount": p.amount.to_string(),
		"deadline": p.deadline,
		"status": status,
		"attempts": p.attempts,
		"terms": terms_json(&p.terms),
		"royaltyToParentsPerbill": p.royalty_to_parents.deconstruct(),
		"deposit": p.deposit.to_string(),
	})
}

fn offer_json(contribution: ContributionId, o: &OfferOf<Runtime>) -> Value {
	json!({
		"contribution": contribution,
		"seller": o.seller.to_ss58check(),
		"price": o.price.to_string(),
		"duration": o.duration,
		"seatsLeft": o.seats_left,
		"commercial": o.commercial,
		"derivatives": o.derivatives,
		"termsHash": format!("{:?}", o.terms_hash),
		"deposit": o.deposit.to_string(),
	})
}

fn licence_json(id: LicenceId, l: &LicenceOf<Runtime>) -> Value {
	json!({
		"id": id,
		"licensee": l.licensee.to_ss58check(),
		"contribution": l.contribution,
		"price": l.price.to_string(),
		"termsHash": format!("{:?}", l.terms_hash),
		"commercial": l.commercial,
		"derivatives": l.derivatives,
		"boughtAt": l.bought_at,
		"expiresAt": l.expires_at,
		"deposit": l.deposit.to_string(),
	})
}

impl<C> PayoutsRpcServer for Payouts<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PayoutsApi<
		Block,
		AccountId,
		Balance,
		PoolOf<Runtime>,
		OfferOf<Runtime>,
		LicenceOf<Runtime>,
	>,
{
	fn claimable(&self, who: String, at: Option<Hash>) -> RpcResult<Value> {
		let who = account(&who)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let items = self.client.runtime_api().claimable(at, who).map_err(runtime_error)?;
		let total: Balance = items.iter().map(|c| c.amount).sum();
		Ok(json!({
			"total": total.to_string(),
			"items": items.iter().map(|c| json!({
				"project": c.project, "version": c.version, "contribution": c.contribution,
				"amount": c.amount.to_string(),
			})).collect::<Vec<_>>(),
		}))
	}

	fn pool(&self, id: PoolId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let pool = self.client.runtime_api().pool(at, id).map_err(runtime_error)?;
		Ok(pool.map(|p| pool_json(id, &p)))
	}

	fn licences(&self, who: String, at: Option<Hash>) -> RpcResult<Value> {
		let who = account(&who)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let licences = self.client.runtime_api().licences(at, who).map_err(runtime_error)?;
		Ok(Value::Array(licences.iter().map(|(id, l)| licence_json(*id, l)).collect()))
	}

	fn licence_offer(
		&self,
		contribution: ContributionId,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let offer = self.client.runtime_api().offer(at, contribution).map_err(runtime_error)?;
		Ok(offer.map(|o| offer_json(contribution, &o)))
	}

	fn earnings(&self, project: ProjectId, at: Option<Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let (accruals, undistributed) =
			self.client.runtime_api().earnings(at, project).map_err(runtime_error)?;
		Ok(json!({
			"project": project,
			"snapshots": accruals.iter().map(|(version, a)| json!({
				"version": version,
				"released": a.released.to_string(),
				"claimed": a.claimed.to_string(),
				"unclaimed": a.released.saturating_sub(a.claimed).to_string(),
			})).collect::<Vec<_>>(),
			"undistributed": undistributed.to_string(),
		}))
	}
}
