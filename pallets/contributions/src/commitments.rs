//! Registration that cannot be front-run: commit to content by its tag, register it in a later
//! block.
//!
//! A registration shows its CID in the transaction pool; anyone could copy it with a higher tip
//! and be included first. So a registrar who has not published an artifact first commits to
//! its **tag**, [`registration_tag`]: a hash of the content's multihash, which tells nothing
//! about the content to whoever does not already have it. The chain holds
//! [`Config::CommitmentDeposit`] and, for [`Config::RevealPeriod`] blocks, refuses every other
//! account's registration of content with that tag ([`Error::ContentCommitted`]), by either
//! registration call. The committer then registers as usual, in a later block, and gets the
//! deposit back. A copier who sees that registration in the pool can no longer get ahead of
//! it; one who copies the commitment first can only hold the tag until it expires, without
//! learning the content, and forfeits the deposit.
//!
//! An expired commitment no longer holds anything back, and its deposit is burned by the next
//! commitment to the same tag or by [`Call::expire_commitment`](crate::Call::expire_commitment)
//! (anyone, free). Holding content unregistered therefore costs a deposit per
//! [`Config::RevealPeriod`].

use attribution_primitives::cid::ContentKey;
use frame::{
	hashing::blake2_256,
	prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision},
	},
};

use crate::{BalanceOf, Commitments, Config, Error, Event, HoldReason, Pallet};

/// The domain of [`registration_tag`]'s hash.
pub const TAG_DOMAIN: &[u8] = b"attribution/registration";

/// The tag a registrar commits to before registering content: blake2b-256 of
/// [`TAG_DOMAIN`] followed by the content's multihash bytes (the content key: for a CIDv1,
/// the CID without its version and codec; a CIDv0 is its multihash).
pub fn registration_tag(content: &ContentKey) -> H256 {
	let mut preimage = alloc::vec::Vec::with_capacity(TAG_DOMAIN.len() + content.len());
	preimage.extend_from_slice(TAG_DOMAIN);
	preimage.extend_from_slice(content);
	H256(blake2_256(&preimage))
}

impl<T: Config> Pallet<T> {
	/// Whether a commitment made at `at` can no longer be revealed.
	fn commitment_expired(at: BlockNumberFor<T>) -> bool {
		frame_system::Pallet::<T>::block_number() > at.saturating_add(T::RevealPeriod::get())
	}

	/// Commits `who` to register content whose tag is `tag`, holding the deposit. An expired
	/// commitment to the same tag is forfeited first.
	pub(crate) fn do_commit(who: T::AccountId, tag: H256) -> DispatchResult {
		if let Some(existing) = Commitments::<T>::get(tag) {
			ensure!(Self::commitment_expired(existing.at), Error::<T>::ContentCommitted);
			Self::forfeit_commitment(tag)?;
		}
		let deposit = T::CommitmentDeposit::get();
		T::Currency::hold(&HoldReason::CommitmentDeposit.into(), &who, deposit)?;
		let at = frame_system::Pallet::<T>::block_number();
		Commitments::<T>::insert(
			tag,
			crate::types::RegistrationCommitment { who: who.clone(), deposit, at },
		);
		let reveal_by = at.saturating_add(T::RevealPeriod::get());
		Self::deposit_event(Event::RegistrationCommitted { tag, who, reveal_by });
		Ok(())
	}

	/// Removes an expired commitment, burning its deposit.
	pub(crate) fn do_expire_commitment(tag: H256) -> DispatchResult {
		let commitment = Commitments::<T>::get(tag).ok_or(Error::<T>::UnknownCommitment)?;
		ensure!(Self::commitment_expired(commitment.at), Error::<T>::NotExpired);
		Self::forfeit_commitment(tag)
	}

	/// Checks, writing nothing, that `registrar` may register content whose tag is `tag`:
	/// no commitment, an expired one (left for `expire_commitment` to burn), or the
	/// registrar's own from an earlier block (which the registration reveals).
	pub(crate) fn check_tag(registrar: &T::AccountId, tag: H256) -> DispatchResult {
		let Some(commitment) = Commitments::<T>::get(tag) else { return Ok(()) };
		if Self::commitment_expired(commitment.at) {
			return Ok(());
		}
		ensure!(&commitment.who == registrar, Error::<T>::ContentCommitted);
		// Revealed in the block that committed, the content was in the pool beside the
		// commitment, where it could be copied ahead of both.
		ensure!(
			commitment.at < frame_system::Pallet::<T>::block_number(),
			Error::<T>::RevealTooEarly
		);
		Ok(())
	}

	/// Settles the commitment under `tag` once its content is registered: the registrar's own
	/// live commitment is released. An expired one (anyone's) is left for
	/// [`Call::expire_commitment`](crate::Call::expire_commitment) or the next commitment to
	/// burn: burning it here would make every registration pay, in its weight, for writing
	/// another account. `check_tag` passed before.
	pub(crate) fn settle_tag(tag: H256) -> DispatchResult {
		let Some(commitment) = Commitments::<T>::get(tag) else { return Ok(()) };
		if Self::commitment_expired(commitment.at) {
			return Ok(());
		}
		Commitments::<T>::remove(tag);
		Self::release(&commitment.who, HoldReason::CommitmentDeposit, commitment.deposit)?;
		Self::deposit_event(Event::CommitmentRevealed { tag, who: commitment.who });
		Ok(())
	}

	/// Removes the commitment under `tag` and burns its deposit, exactly: when the balances
	/// pallet cannot (a root `force_unreserve` emptied the account's reserved balance under
	/// its holds: found by the runtime fuzzer), the caller fails and the commitment stays,
	/// rather than dropping the record and leaving its hold behind.
	pub(crate) fn forfeit_commitment(tag: H256) -> DispatchResult {
		let Some(commitment) = Commitments::<T>::take(tag) else { return Ok(()) };
		let burned: BalanceOf<T> = T::Currency::burn_held(
			&HoldReason::CommitmentDeposit.into(),
			&commitment.who,
			commitment.deposit,
			Precision::Exact,
			Fortitude::Force,
		)?;
		Self::deposit_event(Event::CommitmentForfeited { tag, who: commitment.who, burned });
		Ok(())
	}
}
