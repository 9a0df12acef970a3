//! `attribution_scores`, `attribution_round`, `attribution_measurement` and
//! `attribution_assignments`: score snapshots, evaluation rounds (Shapley rounds and
//! measurements), measurement outcomes and an evaluator's open work, read through the
//! runtime's `ScoringApi` at the best block (or at `at`).
//!
//! Shares and other parts are in parts per billion (`sharePerbill`, `relativePerbill`);
//! balances are decimal strings; accounts are SS58; unknown ids give `null`; bad accounts give
//! -32602; a failing runtime call gives error 1000 (see
//! [`crate::attribution_rpc::RUNTIME_ERROR`]).

use std::sync::Arc;

use attribution_primitives::{
	api::{Assignment, ScoringApi},
	score::{EvaluationTerms, MeasurementId, MeasurementOutcome, ScoreSnapshot, ScoringMethod},
	ProjectId, RoundId, SnapshotVersion,
};
use attribution_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Hash, Runtime};
use jsonrpsee::{core::RpcResult, proc_macros::rpc};
use pallet_scoring::{RoundKind, RoundOf, RoundPhase, RoundResult, SnapshotOf};
use polkadot_sdk::*;
use serde_json::{json, Value};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, Get};

use crate::attribution_rpc::{account, cid_text, runtime_error};

/// How an evaluator builds the commitment it sends with `Scoring::commit`, as
/// `attribution_assignments` states it.
pub const COMMITMENT_FORMAT: &str = "blake2_256(SCALE((round: u64, account: [u8; 32], \
	reveal: Reveal, salt: [u8; 32]))), Reveal = Exact(Vec<i64>) #0 | \
	Sampled { values: Vec<i64>, coalitions_root: H256 } #1 | Value(i64) #2";

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

	/// An evaluation round (a Shapley round or a measurement) that is not finalized yet.
	#[method(name = "round")]
	fn round(&self, id: RoundId, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// A measurement: its round while it runs (`null` once it ended, or if `id` is not a
	/// measurement) and its final outcome until its requester has used it (`null` before).
	#[method(name = "measurement")]
	fn measurement(&self, id: MeasurementId, at: Option<Hash>) -> RpcResult<Value>;

	/// The open work of evaluator `account`, by round id, with the commitment format.
	#[method(name = "assignments")]
	fn assignments(&self, account: String, at: Option<Hash>) -> RpcResult<Value>;
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

/// Shares of a result or a snapshot as JSON.
fn shares_json(shares: &[(u64, sp_runtime::Perbill)]) -> Value {
	Value::Array(
		shares
			.iter()
			.map(|(id, share)| json!({ "contribution": id, "sharePerbill": share.deconstruct() }))
			.collect(),
	)
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
		"shares": shares_json(&s.shares),
		"clipped": s.clipped.to_vec(),
		"authors": authors.iter().map(|(id, who, share)| json!({ "contribution": id, "account": who.to_ss58check(), "sharePerbill": share.deconstruct() })).collect::<Vec<_>>(),
		"finalizedAt": s.finalized_at,
		"depositor": s.depositor.to_ss58check(),
		"deposit": s.deposit.to_string(),
	})
}

/// Evaluation terms (of a round, or of a reward pool fixed at funding) as JSON.
pub fn terms_json(t: &EvaluationTerms<Balance, BlockNumber>) -> Value {
	json!({
		"committee": t.committee,
		"minStake": t.min_stake.to_string(),
		"commitPeriod": t.commit_period,
		"revealPeriod": t.reveal_period,
		"disputePeriod": t.dispute_period,
		"tolerance": {
			"absolute": t.tolerance.absolute,
			"relativePerbill": t.tolerance.relative.deconstruct(),
		},
	})
}

/// A measurement's final outcome as JSON.
pub fn outcome_json(outcome: &MeasurementOutcome) -> Value {
	match outcome {
		MeasurementOutcome::Final { median, reveals } => {
			json!({ "final": { "median": median, "reveals": reveals } })
		}
		MeasurementOutcome::Failed { reveals } => json!({ "failed": { "reveals": reveals } }),
	}
}

/// An evaluator's assignment as JSON.
fn assignment_json(a: &Assignment<BlockNumber>) -> Value {
	json!({
		"round": a.round,
		"project": a.project,
		"measurement": a.measurement,
		"seats": a.seats,
		"committed": a.committed,
		"revealed": a.revealed,
		"commitEnd": a.commit_end,
		"revealEnd": a.reveal_end,
	})
}

/// A round as JSON.
pub fn round_json(id: RoundId, r: &RoundOf<Runtime>) -> Value {
	let phase = match &r.phase {
		RoundPhase::Drawing { epoch } => json!({ "drawing": { "relayEpoch": epoch } }),
		RoundPhase::Open => json!("open"),
		RoundPhase::Aggregated { dispute_end } => {
			json!({ "aggregated": { "disputeEnd": dispute_end } })
		}
		RoundPhase::Disputed { challenger, bond, dispute_end, rerun } => json!({ "disputed": {
			"challenger": challenger.to_ss58check(), "bond": bond.to_string(), "disputeEnd": dispute_end,
			"rerun": rerun,
		} }),
	};
	let kind = match &r.kind {
		RoundKind::Score { players, utility, method, seed } => json!({ "score": {
			"players": players.to_vec(),
			"utility": {
				"metric": utility.metric,
				"evaluationSet": cid_text(&utility.evaluation_set),
				"evaluationSetHex": array_bytes::bytes2hex("0x", &utility.evaluation_set),
				"direction": format!("{:?}", utility.direction),
			},
			"method": method_json(method),
			"seed": array_bytes::bytes2hex("0x", seed),
		} }),
		RoundKind::Measurement { subject, metric, evaluation_set } => json!({ "measurement": {
			"subject": subject,
			"metric": format!("{metric:?}"),
			"evaluationSet": cid_text(evaluation_set),
			"evaluationSetHex": array_bytes::bytes2hex("0x", evaluation_set),
		} }),
	};
	let result = r.result.as_ref().map(|result| match result {
		RoundResult::Shares { shares, clipped } => {
			json!({ "shares": shares_json(shares), "clipped": clipped.to_vec() })
		}
		RoundResult::Value(value) => json!({ "value": value }),
	});
	json!({
		"id": id,
		"project": r.project,
		"opener": r.opener.to_ss58check(),
		"deposit": r.deposit.to_string(),
		"kind": kind,
		"terms": terms_json(&r.terms),
		"interested": r.interested.as_ref().map(|who| who.to_ss58check()),
		"atStake": r.at_stake.to_string(),
		"parent": r.parent,
		"level": r.level,
		"commitEnd": r.commit_end,
		"revealEnd": r.reveal_end,
		"seats": r.seats,
		"members": r.members,
		"commits": r.commits,
		"reveals": r.reveals,
		"revealedSeats": r.revealed_seats,
		"phase": phase,
		"result": result,
	})
}

impl<C> ScoringRpcServer for Scoring<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ScoringApi<Block, AccountId, BlockNumber, RoundOf<Runtime>, SnapshotOf<Runtime>>,
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

	fn measurement(&self, id: MeasurementId, at: Option<Hash>) -> RpcResult<Value> {
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let api = self.client.runtime_api();
		let round = api
			.round(at, id)
			.map_err(runtime_error)?
			.filter(|r| matches!(r.kind, RoundKind::Measurement { .. }));
		let outcome = api.measurement_outcome(at, id).map_err(runtime_error)?;
		Ok(json!({
			"round": round.map(|r| round_json(id, &r)),
			"outcome": outcome.as_ref().map(outcome_json),
		}))
	}

	fn assignments(&self, who: String, at: Option<Hash>) -> RpcResult<Value> {
		let who = account(&who)?;
		let at = at.unwrap_or_else(|| self.client.info().best_hash);
		let work = self.client.runtime_api().assignments(at, who).map_err(runtime_error)?;
		Ok(json!({
			"commitment": COMMITMENT_FORMAT,
			"assignments": work.iter().map(assignment_json).collect::<Vec<_>>(),
		}))
	}
}
