"""Electronic signatures (TTE): keys, signing backends and verification."""
