//! Benchmarks of the governance origins pallet's call.

use super::{pallet::*, TrackPeriods, MAX_PERIOD};
use alloc::vec::Vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::traits::{Contains, EnsureOrigin, Get},
};

#[benchmarks]
mod benches {
	use super::*;

	/// Setting the first track's periods with `n` overrides of later ids stored: the new entry
	/// goes in front of all of them (the longest shift), and the value read and written is the
	/// largest it can be.
	#[benchmark]
	fn set_track_periods(
		n: Linear<0, { T::MaxTracks::get().saturating_sub(1) }>,
	) -> Result<(), BenchmarkError> {
		let track = (0..=u16::MAX).find(|id| T::Tracks::contains(id)).expect("a track exists");
		let periods = TrackPeriods {
			prepare: MAX_PERIOD,
			decision: MAX_PERIOD,
			confirm: 1,
			min_enactment: 1,
		};
		let stored: Vec<_> = (0..n).map(|i| (u16::MAX - n as u16 + i as u16, periods)).collect();
		TrackPeriodOverrides::<T>::put(Overrides::<T>::truncate_from(stored));
		let origin =
			T::PeriodsOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, track, Some(periods));

		assert_eq!(Pallet::<T>::track_periods(track), Some(periods));
		assert_eq!(TrackPeriodOverrides::<T>::get().len() as u32, n + 1);
		Ok(())
	}
}
