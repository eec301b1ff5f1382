"""Progress statistics and their renderers (no UI toolkit)."""
