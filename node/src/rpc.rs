//! The node's JSON-RPC extensions, served next to the standard Substrate RPC
//! (`chain_*`, `state_*`, `author_*`, `system_*`, ...).
//!
//! This is the extension point for Attribution Chain's own `attribution_*` namespace: each
//! module is built from [`FullDeps`] and merged into the one [`RpcExtension`] in
//! [`create_full`].

use std::sync::Arc;

use attribution_runtime::{opaque::Block, AccountId, Balance, BlockNumber, Nonce};
use polkadot_sdk::*;

use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// All the RPC methods the node serves beyond the standard ones.
pub type RpcExtension = jsonrpsee::RpcModule<()>;

/// What the RPC extensions are built from.
pub struct FullDeps<C, P> {
	/// The client, to call the runtime APIs.
	pub client: Arc<C>,
	/// The transaction pool, for nonce lookups that count pending transactions.
	pub pool: Arc<P>,
}

/// Builds the RPC extensions: `system_accountNextIndex` and friends, fee queries
/// (`payment_*`), and the `dev_*` helpers.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcExtension, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ sc_client_api::BlockBackend<Block>
		+ sc_client_api::ProofProvider<Block>
		+ sp_api::CallApiAt<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ attribution_primitives::api::AttributionApi<
			Block,
			AccountId,
			Balance,
			pallet_contributions::ContributionOf<attribution_runtime::Runtime>,
			pallet_contributions::ProjectOf<attribution_runtime::Runtime>,
		> + attribution_primitives::api::ScoringApi<
			Block,
			AccountId,
			BlockNumber,
			pallet_scoring::RoundOf<attribution_runtime::Runtime>,
			pallet_scoring::SnapshotOf<attribution_runtime::Runtime>,
		> + attribution_primitives::api::PayoutsApi<
			Block,
			AccountId,
			Balance,
			pallet_payouts::PoolOf<attribution_runtime::Runtime>,
			pallet_payouts::OfferOf<attribution_runtime::Runtime>,
			pallet_payouts::LicenceOf<attribution_runtime::Runtime>,
		> + substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ BlockBuilder<Block>,
	P: TransactionPool + Sync + Send + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use sc_rpc::dev::{Dev, DevApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let FullDeps { client, pool } = deps;
	let mut module = RpcExtension::new(());

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Dev::new(client.clone()).into_rpc())?;
	module.merge(crate::attribution_rpc::AttributionRpcServer::into_rpc(
		crate::attribution_rpc::Attribution::new(client.clone()),
	))?;
	module.merge(crate::scoring_rpc::ScoringRpcServer::into_rpc(
		crate::scoring_rpc::Scoring::new(client.clone()),
	))?;
	module.merge(crate::payouts_rpc::PayoutsRpcServer::into_rpc(
		crate::payouts_rpc::Payouts::new(client),
	))?;

	Ok(module)
}
