"""The question bank: schema, loader, parametric generators and answer checking.

Pure domain code: no UI toolkit, no database. Import the pieces from their modules
(`trainer.bank.loader`, `trainer.bank.variants`, `trainer.bank.checking`) so that importing the
package stays cheap.
"""
