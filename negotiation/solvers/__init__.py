"""Equilibrium solvers (temporary stub while being written)."""
