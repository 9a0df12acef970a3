//! `attribution_scores` and `attribution_round`: score snapshots and scoring rounds, read
//! through the runtime's `ScoringApi` at the best block (or at `at`).
//!
//! Shares are in parts per billion (`sharePerbill`); unknown ids give `null`; a failing
//! runtime call gives error 1000 (see [`crate::attribution_rpc::RUNTIME_ERROR`]).

use std::sync::Arc;

use attribution_primitives::{
	api::ScoringApi,
	score::{ScoreSnapshot, ScoringMethod},
	ProjectId, RoundId, SnapshotVersion,
};
use attribution_runtime::{opaque::Block, AccountId, Hash, Runtime};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_scoring::{RoundOf, RoundPhase, SnapshotOf};
use polkadot_sdk::*;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, Get};

use crate::attribution_rpc::runtime_error;

/// The scoring methods of the `attribution_*` namespace.
#[rpc(client, server, namespace = "attribution")]
pub trait ScoringRpc {
	/// A project's score snapshot (`version`, or the latest final one), with per-author splits.
	#[method(name = "scores")]
	fn scores(
		&self,
		project: ProjectId,
		version: Option<SnapshotVersion>,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>>;

	/// A scoring round that is not finalized yet.
	#[method(name = "round")]
	fn round(&self, id: RoundId, at: Option<Hash>) -> RpcResult<Option<Value>>;
}

/// Serves [`ScoringRpcServer`] from a client.
pub struct Scoring<C> {
	client: Arc<C>,
}

impl<C> Scoring<C> {
	/// Serves the methods from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn method_json(method: &ScoringMethod) -> Value {
	match method {
		ScoringMethod::Exact => json!("exact"),
		ScoringMethod::Sampled { permutations } => {
			json!({ "sampled": { "permutations": permutations } })
		}
	}
}

/// A snapshot as JSON, with the authors' splits.
pub fn snapshot_json<N: Get<u32>>(
	project: ProjectId,
	version: SnapshotVersion,
	s: &ScoreSnapshot<AccountId, attribution_runtime::Balance, attribution_runtime::BlockNumber, N>,
	authors: &[(u64, AccountId, sp_runtime::Perbill)],
) -> Value {
	json!({
		"project": project,
		"version": version,
		"round": s.round,
		"shares": s.shares.iter().map(|(id, share)| json!({ "contribution": id, "sharePerbill": share.deconstruct() })).collect::<Vec<_>>(),
		"clipped": s.clipped.to_vec(),
		"authors": authors.iter().map(|(id, who, share)| json!({ "contribution": id, "account": who.to_ss58check(), "sharePerbill": share.deconstruct() })).collect::<Vec<_>>(),
		"finalizedAt": s.finalized_at,
		"depositor": s.depositor.to_ss58check(),
		"deposit": s.deposit.to_string(),
	})
}

/// A round as JSON.
pub fn round_json(id: RoundId, r: &RoundOf<Runtime>) -> Value {
	let phase = match &r.phase {
		RoundPhase::Open => json!("open"),
		RoundPhase::Aggregated { dispute_end } => {
			json!({ "aggregated": { "disputeEnd": dispute_end } })
		}
		RoundPhase::Disputed { challenger, bond, dispute_end } => json!({ "disputed": {
			"challenger": challenger.to_ss58check(), "bond": bond.to_string(), "disputeEnd": dispute_end,
		} }),
	};
	let result = r.result.as_ref().map(|result| {
		json!({
			"shares": result.shares.iter().map(|(id, share)| json!({ "contribution": id, "sharePerbill": share.deconstruct() })).collect::<Vec<_>>(),
			"clipped": result.clipped.to_vec(),
		})
	});
	json!({
		"id": id,
		"project": r.project,
		"opener": r.opener.to_ss58check(),
		"deposit": r.deposit.to_string(),
		"players": r.players.to_vec(),
		"utility": {
			"metric": r.utility.metric,
			"evaluationSet": cid::Cid::try_from(&r.utility.evaluation_set[..]).ok().map(|c| c.to_string()),
			"evaluationSetHex": array_bytes::bytes2hex("0x", &r.utility.evaluation_set),
			"direction": format!("{:?}", r.utility.direction),
		},
		"method": method_json(&r.method),
		"seed": array_bytes::bytes2hex("0x", r.seed),
		"minEvaluators": r.min_evaluators,
		"minStake": r.min_stake.to_string(),
		"commitEnd": r.commit_end,
		"revealEnd": r.reveal_end,
		"disputePeriod": r.dispute_period,
		"commits": r.commits,
		"reveals": r.reveals,
		"phase": phase,
		"result": result,
	})
}

impl<C> ScoringRpcServer for Scoring<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ScoringApi<Block, AccountId, RoundOf<Runtime>, SnapshotOf<Runtime>>,
{
	fn scores(
		&self,
		project: ProjectId,
		version: Option<SnapshotVersion>,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let Some((version, snapshot)) = api.scores(at, project, version).map_err(runtime_error)?
		else {
			return Ok(None);
		};
		let authors = api.author_scores(at, project, Some(version)).map_err(runtime_error)?;
		Ok(Some(snapshot_json(project, version, &snapshot, &authors)))
	}

	fn round(&self, id: RoundId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let round = self.client.runtime_api().round(at, id).map_err(runtime_error)?;
		Ok(round.map(|r| round_json(id, &r)))
	}
}
