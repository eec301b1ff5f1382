"""trainer: a terminal exam trainer for the JDLA Deep Learning for ENGINEER certification."""

__version__ = "0.1.0"
