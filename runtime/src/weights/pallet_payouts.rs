// This file is part of Attribution Chain. Placeholder until `scripts/benchmark.sh pallet_payouts` generates it.

//! Weights for `pallet_payouts`: the pallet's upper-bound estimates until benchmarked.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use polkadot_sdk::frame_support::weights::Weight;

/// Weights for `pallet_payouts`.
pub struct WeightInfo<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> pallet_payouts::WeightInfo for WeightInfo<T> {
	fn create_pool() -> Weight {
		<() as pallet_payouts::WeightInfo>::create_pool()
	}
	fn top_up() -> Weight {
		<() as pallet_payouts::WeightInfo>::top_up()
	}
	fn start_report() -> Weight {
		<() as pallet_payouts::WeightInfo>::start_report()
	}
	fn commit_result() -> Weight {
		<() as pallet_payouts::WeightInfo>::commit_result()
	}
	fn reveal_result() -> Weight {
		<() as pallet_payouts::WeightInfo>::reveal_result()
	}
	fn conclude_report(e: u32) -> Weight {
		<() as pallet_payouts::WeightInfo>::conclude_report(e)
	}
	fn release_at_scale(s: u32) -> Weight {
		<() as pallet_payouts::WeightInfo>::release_at_scale(s)
	}
	fn refund() -> Weight {
		<() as pallet_payouts::WeightInfo>::refund()
	}
	fn close_pool() -> Weight {
		<() as pallet_payouts::WeightInfo>::close_pool()
	}
	fn offer_licence() -> Weight {
		<() as pallet_payouts::WeightInfo>::offer_licence()
	}
	fn withdraw_offer() -> Weight {
		<() as pallet_payouts::WeightInfo>::withdraw_offer()
	}
	fn buy_licence() -> Weight {
		<() as pallet_payouts::WeightInfo>::buy_licence()
	}
	fn drop_licence() -> Weight {
		<() as pallet_payouts::WeightInfo>::drop_licence()
	}
	fn claim(n: u32) -> Weight {
		<() as pallet_payouts::WeightInfo>::claim(n)
	}
	fn claim_at_scale(s: u32) -> Weight {
		<() as pallet_payouts::WeightInfo>::claim_at_scale(s)
	}
	fn push_undistributed() -> Weight {
		<() as pallet_payouts::WeightInfo>::push_undistributed()
	}
}
