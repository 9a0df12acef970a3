//! The `attribution_*` JSON-RPC namespace: the contribution registry, read through the
//! runtime's `AttributionApi` at the best block (or at `at`).
//!
//! Records come back as JSON objects (ids as numbers, accounts as SS58, hashes as hex, CIDs
//! both in their text form and as hex). Unknown ids give `null`; malformed parameters give
//! JSON-RPC error -32602; a failing runtime call gives error 1000.

use std::sync::Arc;

use attribution_primitives::{
	api::{AttributionApi, ContributionScore, Lineage, TrackRecord},
	contribution::{Contribution, ContributionStatus, Locator},
	licence::{Licence, LicenceTerms},
	project::Project,
	ContributionId, ProjectId,
};
use attribution_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Hash};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorCode},
};
use polkadot_sdk::*;
use serde_json::{json, Value};
use sp_api::{ApiExt, ProvideRuntimeApi};
use sp_blockchain::HeaderBackend;
use sp_core::{crypto::Ss58Codec, Get};

/// JSON-RPC error code of a runtime API call that failed.
pub const RUNTIME_ERROR: i32 = 1000;

/// The `attribution_*` methods.
#[rpc(client, server, namespace = "attribution")]
pub trait AttributionRpc {
	/// A contribution by id.
	#[method(name = "contribution")]
	fn contribution(&self, id: ContributionId, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// The id of the contribution with this CID (text form, or hex of the binary form).
	#[method(name = "contributionByCid")]
	fn contribution_by_cid(
		&self,
		cid: String,
		at: Option<Hash>,
	) -> RpcResult<Option<ContributionId>>;

	/// Ids of a contributor's contributions, `limit` after `start_after`.
	#[method(name = "contributionsByContributor")]
	fn contributions_by_contributor(
		&self,
		who: String,
		start_after: Option<ContributionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<ContributionId>>;

	/// Ids of a project's contributions, `limit` after `start_after`.
	#[method(name = "contributionsByProject")]
	fn contributions_by_project(
		&self,
		project: ProjectId,
		start_after: Option<ContributionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<ContributionId>>;

	/// A project by id.
	#[method(name = "project")]
	fn project(&self, id: ProjectId, at: Option<Hash>) -> RpcResult<Option<Value>>;

	/// Ancestors of a contribution, up to `max_depth` generations.
	#[method(name = "ancestors")]
	fn ancestors(
		&self,
		id: ContributionId,
		max_depth: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Option<Lineage>>;

	/// Descendants of a contribution, up to `max_depth` generations.
	#[method(name = "descendants")]
	fn descendants(
		&self,
		id: ContributionId,
		max_depth: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Option<Lineage>>;

	/// One page of a contribution's pedigree: it and its ancestors, with their records, in
	/// walk order, `limit` (default and cap `MAX_PEDIGREE_PAGE`) after `start_after`.
	#[method(name = "pedigree")]
	fn pedigree(
		&self,
		id: ContributionId,
		start_after: Option<ContributionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>>;

	/// What a withdrawal in a contribution's lineage affects.
	#[method(name = "affectedByWithdrawal")]
	fn affected_by_withdrawal(
		&self,
		id: ContributionId,
		at: Option<Hash>,
	) -> RpcResult<Option<Lineage>>;

	/// A contributor's record.
	#[method(name = "trackRecord")]
	fn track_record(&self, who: String, at: Option<Hash>) -> RpcResult<TrackRecord<String>>;
}

/// Serves [`AttributionRpcServer`] from a client.
pub struct Attribution<C> {
	client: Arc<C>,
}

impl<C> Attribution<C> {
	/// Serves the namespace from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}
}

fn invalid_params(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(ErrorCode::InvalidParams.code(), message.into(), None::<()>)
}

/// The JSON-RPC error for a failed runtime API call (code [`RUNTIME_ERROR`]).
pub(crate) fn runtime_error(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(RUNTIME_ERROR, format!("runtime API call failed: {error}"), None::<()>)
}

/// The runtime API version the paged queries need (`AttributionApi` and `PayoutsApi`).
pub(crate) const PAGED_API_VERSION: u32 = 2;

/// Refuses a paged query at a block whose runtime serves `api` at `version`, older than
/// [`PAGED_API_VERSION`] (spec_version 2 and before): it has other signatures, and its
/// answer would not decode.
pub(crate) fn require_paged(api: &str, version: Option<u32>) -> Result<(), ErrorObjectOwned> {
	match version {
		Some(v) if v >= PAGED_API_VERSION => Ok(()),
		v => Err(runtime_error(format!(
			"the runtime at this block serves {api} version {}; this query needs version \
			 {PAGED_API_VERSION} (paged queries, spec_version 3 and later)",
			v.unwrap_or(0)
		))),
	}
}

/// Parses an SS58 account (error -32602 otherwise).
pub(crate) fn account(text: &str) -> Result<AccountId, ErrorObjectOwned> {
	AccountId::from_ss58check(text)
		.map_err(|e| invalid_params(format!("not an SS58 account: {text} ({e:?})")))
}

/// Parses a CID given as text (`Qm…`, `bafy…`) or as `0x`-hex of its binary form; hex must be
/// a CID the chain accepts (the same check registration makes).
fn cid_bytes(text: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
	if let Some(hex) = text.strip_prefix("0x") {
		let bytes =
			array_bytes::hex2bytes(hex).map_err(|_| invalid_params(format!("not hex: {text}")))?;
		attribution_primitives::cid::validate_cid(&bytes)
			.map_err(|e| invalid_params(format!("not a CID the chain accepts: {text} ({e:?})")))?;
		return Ok(bytes);
	}
	cid::Cid::try_from(text)
		.map(|c| c.to_bytes())
		.map_err(|e| invalid_params(format!("not a CID: {text} ({e})")))
}

/// A binary CID as text, if it parses.
pub(crate) fn cid_text(bytes: &[u8]) -> Option<String> {
	cid::Cid::try_from(bytes).ok().map(|c| c.to_string())
}

fn utf8(bytes: &[u8]) -> String {
	String::from_utf8_lossy(bytes).into_owned()
}

fn licence_json(terms: &LicenceTerms) -> Value {
	let licence = match &terms.licence {
		Licence::Spdx(expr) => json!({ "spdx": utf8(expr) }),
		Licence::TermsHash(hash) => json!({ "termsHash": format!("{hash:?}") }),
	};
	json!({
		"licence": licence,
		"commercialUse": terms.commercial_use,
		"derivativesAllowed": terms.derivatives_allowed,
		"attributionRequired": terms.attribution_required,
		"royaltyPerbill": terms.royalty.deconstruct(),
	})
}

/// A contribution record as JSON.
pub fn contribution_json<A: Get<u32>, P: Get<u32>, R: Get<u32>>(
	id: ContributionId,
	c: &Contribution<AccountId, Balance, BlockNumber, A, P, R>,
) -> Value {
	let status = match &c.status {
		ContributionStatus::Pending { expires_at, approvals } => {
			json!({ "pending": { "expiresAt": expires_at, "approvals": approvals } })
		}
		ContributionStatus::Active => json!("active"),
		ContributionStatus::Withdrawn { at, reason } => {
			json!({ "withdrawn": { "at": at, "reason": utf8(reason) } })
		}
	};
	let locator = c.locator.as_ref().map(|l| match l {
		Locator::Arweave(tx) => json!({ "arweave": array_bytes::bytes2hex("0x", tx) }),
		Locator::Uri(uri) => json!({ "uri": utf8(uri) }),
	});
	json!({
		"id": id,
		"project": c.project,
		"kind": format!("{:?}", c.kind),
		"cid": cid_text(&c.cid),
		"cidHex": array_bytes::bytes2hex("0x", &c.cid),
		"locator": locator,
		"authors": c.authors.iter().map(|(a, share)| json!({ "account": a.to_ss58check(), "sharePerbill": share.deconstruct() })).collect::<Vec<_>>(),
		"parents": c.parents.to_vec(),
		"licence": licence_json(&c.licence),
		"metadataHash": format!("{:?}", c.metadata_hash),
		"sizeBytes": c.size_bytes,
		"registrar": c.registrar.to_ss58check(),
		"deposit": c.deposit.to_string(),
		"registeredAt": c.registered_at,
		"registeredAtMs": c.registered_at_ms,
		"status": status,
	})
}

/// A project record as JSON.
pub fn project_json<N: Get<u32>>(
	id: ProjectId,
	p: &Project<AccountId, Balance, BlockNumber, N>,
) -> Value {
	json!({
		"id": id,
		"owner": p.owner.to_ss58check(),
		"name": utf8(&p.name),
		"defaultLicence": licence_json(&p.default_licence),
		"royaltyToParentsPerbill": p.royalty_to_parents.deconstruct(),
		"evaluatorPolicy": {
			"committee": p.evaluator_policy.committee,
			"minStake": p.evaluator_policy.min_stake.to_string(),
			"commitPeriod": p.evaluator_policy.commit_period,
			"revealPeriod": p.evaluator_policy.reveal_period,
			"disputePeriod": p.evaluator_policy.dispute_period,
		},
		"membership": format!("{:?}", p.membership),
		"memberCount": p.member_count,
		"contributionCount": p.contribution_count,
		"deposit": p.deposit.to_string(),
		"createdAt": p.created_at,
	})
}

impl<C> Attribution<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
{
	fn at(&self, at: Option<Hash>) -> Hash {
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

impl<C> Attribution<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AttributionApi<Block, AccountId, Balance, ContributionRecord, ProjectRecord>,
{
	/// Refuses a paged query at a block whose runtime predates it.
	fn require_paged(&self, at: Hash) -> Result<(), ErrorObjectOwned> {
		require_paged("AttributionApi", self.api_version(at)?)
	}

	/// The version of `AttributionApi` the runtime at `at` serves.
	fn api_version(&self, at: Hash) -> Result<Option<u32>, ErrorObjectOwned> {
		self.client
			.runtime_api()
			.api_version::<dyn AttributionApi<Block, AccountId, Balance, ContributionRecord, ProjectRecord>>(
				at,
			)
			.map_err(runtime_error)
	}
}

type ContributionRecord = pallet_contributions::ContributionOf<attribution_runtime::Runtime>;
type ProjectRecord = pallet_contributions::ProjectOf<attribution_runtime::Runtime>;

impl<C> AttributionRpcServer for Attribution<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: AttributionApi<Block, AccountId, Balance, ContributionRecord, ProjectRecord>,
{
	fn contribution(&self, id: ContributionId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let record =
			self.client.runtime_api().contribution(self.at(at), id).map_err(runtime_error)?;
		Ok(record.map(|c| contribution_json(id, &c)))
	}

	fn contribution_by_cid(
		&self,
		cid: String,
		at: Option<Hash>,
	) -> RpcResult<Option<ContributionId>> {
		let bytes = cid_bytes(&cid)?;
		self.client.runtime_api().contribution_by_cid(self.at(at), bytes).map_err(runtime_error)
	}

	fn contributions_by_contributor(
		&self,
		who: String,
		start_after: Option<ContributionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<ContributionId>> {
		let who = account(&who)?;
		let limit = limit.unwrap_or(attribution_primitives::api::MAX_PAGE_SIZE);
		self.client
			.runtime_api()
			.contributions_by_contributor(self.at(at), who, start_after, limit)
			.map_err(runtime_error)
	}

	fn contributions_by_project(
		&self,
		project: ProjectId,
		start_after: Option<ContributionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Vec<ContributionId>> {
		let limit = limit.unwrap_or(attribution_primitives::api::MAX_PAGE_SIZE);
		self.client
			.runtime_api()
			.contributions_by_project(self.at(at), project, start_after, limit)
			.map_err(runtime_error)
	}

	fn project(&self, id: ProjectId, at: Option<Hash>) -> RpcResult<Option<Value>> {
		let record = self.client.runtime_api().project(self.at(at), id).map_err(runtime_error)?;
		Ok(record.map(|p| project_json(id, &p)))
	}

	fn ancestors(
		&self,
		id: ContributionId,
		max_depth: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Option<Lineage>> {
		let depth = max_depth.unwrap_or(attribution_primitives::api::MAX_LINEAGE_DEPTH);
		self.client.runtime_api().ancestors(self.at(at), id, depth).map_err(runtime_error)
	}

	fn descendants(
		&self,
		id: ContributionId,
		max_depth: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Option<Lineage>> {
		let depth = max_depth.unwrap_or(attribution_primitives::api::MAX_LINEAGE_DEPTH);
		self.client.runtime_api().descendants(self.at(at), id, depth).map_err(runtime_error)
	}

	fn pedigree(
		&self,
		id: ContributionId,
		start_after: Option<ContributionId>,
		limit: Option<u32>,
		at: Option<Hash>,
	) -> RpcResult<Option<Value>> {
		let limit = limit.unwrap_or(attribution_primitives::api::MAX_PEDIGREE_PAGE);
		let at = self.at(at);
		self.require_paged(at)?;
		let page = self
			.client
			.runtime_api()
			.pedigree(at, id, start_after, limit)
			.map_err(runtime_error)?;
		Ok(page.map(|page| {
			json!({
				"contributions": page.records.iter().map(|(id, c)| contribution_json(*id, c)).collect::<Vec<_>>(),
				"truncated": page.truncated,
				"next": page.next,
			})
		}))
	}

	fn affected_by_withdrawal(
		&self,
		id: ContributionId,
		at: Option<Hash>,
	) -> RpcResult<Option<Lineage>> {
		self.client.runtime_api().affected_by_withdrawal(self.at(at), id).map_err(runtime_error)
	}

	fn track_record(&self, who: String, at: Option<Hash>) -> RpcResult<TrackRecord<String>> {
		let who = account(&who)?;
		let at = self.at(at);
		// Version 3 added the scores to the record: an older runtime's answer would not decode.
		match self.api_version(at)? {
			Some(v) if v >= 3 => {}
			v => {
				return Err(runtime_error(format!(
					"the runtime at this block serves AttributionApi version {}; trackRecord needs \
					 version 3 (track records with scores)",
					v.unwrap_or(0)
				)))
			}
		}
		let r = self.client.runtime_api().track_record(at, who).map_err(runtime_error)?;
		Ok(TrackRecord {
			active: r.active,
			pending: r.pending,
			withdrawn: r.withdrawn,
			projects_owned: r.projects_owned,
			projects_contributed_to: r.projects_contributed_to,
			earnings: r.earnings.to_string(),
			scores: r
				.scores
				.into_iter()
				.map(|s| ContributionScore {
					contribution: s.contribution,
					project: s.project,
					version: s.version,
					share: s.share,
					earned: s.earned.to_string(),
					claimed: s.claimed.to_string(),
				})
				.collect(),
			truncated: r.truncated,
		})
	}
}
