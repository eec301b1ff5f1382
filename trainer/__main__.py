"""`python -m trainer` is the same as the `trainer` console script."""

from trainer.cli import main

raise SystemExit(main())
