"""Orbit layer: element sets via sgp4, propagation, frames, launch windows, phasing, orbit counts."""
