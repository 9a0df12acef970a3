//! `attribution_claimable`, `attribution_pool`, `attribution_licences`,
//! `attribution_licenceOffer` and `attribution_earnings`: payouts read through the runtime's
//! `PayoutsApi` at the best block (or at `at`).
//!
//! `claimable`, `licences` and `earnings` are paged: an answer holds at most `limit` entries
//! (default and cap `MAX_PAGE_SIZE`, 1,000) and says where the next page starts (`next`). At
//! a block whose runtime predates paging (`PayoutsApi` version 1) they give error 1000.
//!
//! Balances are decimal strings (they exceed JavaScript's safe integers); accounts are SS58;
//! parts are in parts per billion (`royaltyToParentsPerbill`); a pool's report is a
//! measurement of the scoring pallet (`attribution_measurement`); unknown ids give `null`; bad
//! accounts give -32602; a failing runtime call gives error 1000.

use std::sync::Arc;

use attribution_primitives::{
	api::{ClaimCursor, PayoutsApi, MAX_PAGE_SIZE},
	payout::{Comparator, LicenceId, PoolId, PoolStatus},
	ContributionId, ProjectId, SnapshotVersion,
};
use attribution_runtime::{opaque::Block, AccountId, Balance, Hash, Runtime};
use jsonrpsee::{core::RpcResult, proc_macros::rpc, types::error::ErrorObjectOwned};
use pallet_payouts::{LicenceOf, OfferOf, PoolOf};
use polkadot_sdk::*;
use serde_json::{json, Value};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::crypto::Ss58Codec;

use crate::{
	attribution_rpc::{account, cid_text, require_paged, runtime_error},
	scoring_rpc::terms_json,
};

/// The payouts methods of the `attribution_*` namespace.
#[rpc(client, server, namespace = "attribution")]
pub trait PayoutsRpc {
	/// One page of what `account` can claim now: one entry per snapshot and contribution, from
	/// `from` (a page's `next`), examining at most `MAX_CLAIM_SCAN` entries.
	#[method(name = "claimable")]
	fn claimable(
		&self,
		account: String,
		from: Option<ClaimCursor>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// A reward pool.
	#[method(name = "pool")]
	fn pool(&self, id: PoolId, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// The licences `account` holds, `limit` after `start_after`, in storage order.
	#[method(name = "licences")]
	fn licences(
		&self,
		account: String,
		start_after: Option<LicenceId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;

	/// The licence offer for a contribution.
	#[method(name = "licenceOffer")]
	fn licence_offer(
		&self,
		contribution: ContributionId,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>>;

	/// What a project earned, per snapshot version (`limit` after `start_after`, in storage
	/// order), and what waits for a payable snapshot.
	#[method(name = "earnings")]
	fn earnings(
		&self,
		project: ProjectId,
		start_after: Option<SnapshotVersion>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value>;
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

/// The runtime API the methods read.
type Api = dyn PayoutsApi<
	Block,
	AccountId,
	Balance,
	PoolOf<Runtime>,
	OfferOf<Runtime>,
	LicenceOf<Runtime>,
>;

impl<C> Payouts<C>
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
	/// The block to read at (the best by default), refused if its runtime predates paging.
	fn paged_at(&self, at: Option<Hash>) -> Result<Hash, ErrorObjectOwned> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let version = self.client.runtime_api().api_version::<Api>(at).map_err(runtime_error)?;
		require_paged("PayoutsApi", version)?;
		Ok(at)
	}
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
	fn claimable(
		&self,
		who: String,
		from: Option<ClaimCursor>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let who = account(&who)?;
		let at = self.paged_at(at)?;
		let page = self
			.client
			.runtime_api()
			.claimable(at, who, from, limit.unwrap_or(MAX_PAGE_SIZE))
			.map_err(runtime_error)?;
		let total: Balance = page.items.iter().map(|c| c.amount).sum();
		Ok(json!({
			"total": total.to_string(),
			"items": page.items.iter().map(|c| json!({
				"project": c.project, "version": c.version, "contribution": c.contribution,
				"amount": c.amount.to_string(),
			})).collect::<Vec<_>>(),
			"next": page.next,
		}))
	}

	fn pool(&self, id: PoolId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let pool = self.client.runtime_api().pool(at, id).map_err(runtime_error)?;
		Ok(pool.map(|p| pool_json(id, &p)))
	}

	fn licences(
		&self,
		who: String,
		start_after: Option<LicenceId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let who = account(&who)?;
		let at = self.paged_at(at)?;
		let limit = limit.unwrap_or(MAX_PAGE_SIZE).clamp(1, MAX_PAGE_SIZE);
		let licences = self
			.client
			.runtime_api()
			.licences(at, who, start_after, limit)
			.map_err(runtime_error)?;
		// A full page may have more after it.
		let next = licences.last().filter(|_| licences.len() as u32 == limit).map(|(id, _)| *id);
		Ok(json!({
			"items": licences.iter().map(|(id, l)| licence_json(*id, l)).collect::<Vec<_>>(),
			"next": next,
		}))
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

	fn earnings(
		&self,
		project: ProjectId,
		start_after: Option<SnapshotVersion>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Value> {
		let at = self.paged_at(at)?;
		let page = self
			.client
			.runtime_api()
			.earnings(at, project, start_after, limit.unwrap_or(MAX_PAGE_SIZE))
			.map_err(runtime_error)?;
		Ok(json!({
			"project": project,
			"snapshots": page.snapshots.iter().map(|(version, a)| json!({
				"version": version,
				"released": a.released.to_string(),
				"claimed": a.claimed.to_string(),
				"unclaimed": a.released.saturating_sub(a.claimed).to_string(),
			})).collect::<Vec<_>>(),
			"undistributed": page.undistributed.to_string(),
			"next": page.next,
		}))
	}
}
