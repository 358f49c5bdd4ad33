"""Pact support: provider states in PBX terms, the state-change endpoint's logic, verify-pact."""
