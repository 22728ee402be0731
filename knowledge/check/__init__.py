"""/check: a claim against the evidence the store retrieves for it."""
