//! The runtime's base call filter (`frame_system::Config::BaseCallFilter`): calls no origin
//! but root may dispatch, whatever the call's own origin check allows. Root bypasses base
//! filters; every other origin (signed accounts, proxies and batches inside them, collective
//! motions, XCM `Transact`) is filtered.

use crate::RuntimeCall;
use polkadot_sdk::frame_support::traits::Contains;

/// Refuses a `pallet_xcm` transfer to anything but a sibling parachain
/// ([`super::xcm_config::sends_to_a_sibling`]) and a cancel or kill of a referendum on the
/// technical committee's membership ([`super::governance::GovernanceCallFilter`]); allows
/// everything else.
pub struct RuntimeCallFilter;

impl Contains<RuntimeCall> for RuntimeCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		super::xcm_config::sends_to_a_sibling(call).unwrap_or(true)
			&& super::governance::GovernanceCallFilter::contains(call)
	}
}
