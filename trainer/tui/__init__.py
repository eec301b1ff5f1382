"""The Textual app: home, review and help screens over `trainer.study`.

Only this package imports textual. Its modules import the database, the bank and sympy lazily (in
workers), so the first frame is drawn before any of them is loaded.
"""
