"""The progress store: what each learner answered, and each card's FSRS state.

`engine` picks and configures the database, `models` are the tables, `upgrade` brings any
database to the current schema (or refuses it, untouched), `repository` is the per-user API.
SQLite for one learner, PostgreSQL for a class: the same code and migrations run on both.
"""
