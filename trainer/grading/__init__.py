"""Code exercises: specs, the sandboxed runner, comparison with references (no UI, no DB)."""
