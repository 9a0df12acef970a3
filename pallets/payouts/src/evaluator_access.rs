//! Evaluator access: whether evaluators drawn for a round or a measurement may get the
//! licensed artifacts it uses.
//!
//! Scoring needs evaluators to measure the data and models they are drawn for, but a licensed
//! artifact is private to its licensees. Its project's owner decides, per project or per
//! contribution ([`Call::set_evaluator_access`](crate::Call::set_evaluator_access), stored in
//! [`EvaluatorAccess`]): with access allowed, an owner's gateway (`attrib serve`) serves the
//! artifact to an account the scoring pallet drew for an open round or measurement that uses it,
//! for as long as that assignment lasts. Access is off unless the owner turns it on; a
//! contribution's own setting overrides its project's. The setting is public, so evaluators
//! (and sponsors) know before a round whether its data will be reachable.

use attribution_primitives::{traits::ContributionRegistry, ContributionId};
use frame::{
	prelude::*,
	traits::{fungible::MutateHold, tokens::Precision},
};

use crate::{
	AccessScope, Config, Error, EvaluatorAccess, EvaluatorAccessSetting, Event, HoldReason, Pallet,
};

impl<T: Config> Pallet<T> {
	/// Sets (`Some`) or removes (`None`) the evaluator access of `scope`, on the order of
	/// `who`, the owner of the scope's project.
	pub(crate) fn do_set_evaluator_access(
		who: T::AccountId,
		scope: AccessScope,
		allowed: Option<bool>,
	) -> DispatchResult {
		let old = EvaluatorAccess::<T>::get(scope);
		let owner = Self::scope_owner(scope);
		match (allowed, &old, owner) {
			(None, None, _) => return Err(Error::<T>::NoAccessSetting.into()),
			// A setting whose contribution is gone (a pending one rejected or expired) has no
			// owner to decide for it: whoever made it removes it, so no deposit is stranded.
			// While the contribution exists only its project's current owner decides, so that
			// a former owner cannot lift an override the new owner relies on.
			(None, Some(old), Err(_)) if old.owner == who => {}
			(_, _, owner) => ensure!(owner? == who, Error::<T>::NotProjectOwner),
		}
		EvaluatorAccess::<T>::remove(scope);
		if let Some(old) = old.filter(|o| !o.deposit.is_zero()) {
			// The deposit goes back to whoever made the old setting (maybe a former owner).
			T::Currency::release(
				&HoldReason::EvaluatorAccessDeposit.into(),
				&old.owner,
				old.deposit,
				Precision::Exact,
			)?;
		}
		if let Some(allowed) = allowed {
			let deposit = T::EvaluatorAccessDeposit::get();
			T::Currency::hold(&HoldReason::EvaluatorAccessDeposit.into(), &who, deposit)?;
			EvaluatorAccess::<T>::insert(
				scope,
				EvaluatorAccessSetting { owner: who, deposit, allowed },
			);
		}
		Self::deposit_event(Event::EvaluatorAccessSet { scope, allowed });
		Ok(())
	}

	/// The owner of the project `scope` belongs to.
	fn scope_owner(scope: AccessScope) -> Result<T::AccountId, DispatchError> {
		let project = match scope {
			AccessScope::Project(project) => project,
			AccessScope::Contribution(contribution) => {
				T::Registry::contribution_info(contribution)
					.ok_or(Error::<T>::UnknownContribution)?
					.project
			}
		};
		let (owner, _) =
			T::Registry::project_owner_and_policy(project).ok_or(Error::<T>::UnknownProject)?;
		Ok(owner)
	}

	/// Whether evaluators drawn for work that uses `contribution` may get it: its own setting,
	/// else its project's, else no.
	pub fn evaluator_access(contribution: ContributionId) -> bool {
		if let Some(own) = EvaluatorAccess::<T>::get(AccessScope::Contribution(contribution)) {
			return own.allowed;
		}
		T::Registry::contribution_info(contribution)
			.and_then(|info| EvaluatorAccess::<T>::get(AccessScope::Project(info.project)))
			.is_some_and(|setting| setting.allowed)
	}
}
