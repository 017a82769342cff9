// Test support: shared helpers for the test targets.
