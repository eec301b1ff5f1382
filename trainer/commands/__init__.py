"""Sub-commands of the `trainer` command line, one module each."""
