"""Filling a DataTable with its column widths measured here, not at the table's next idle.

A DataTable given auto-width columns measures its rows when the app is next idle; a frame
painted before that (a busy machine, a screenshot) shows every column as narrow as its header.
Measuring the cells up front gives the same widths in the very first frame.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

Cell = str | int | Text


def _width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))


def fill_table(
    table: DataTable[Cell],
    columns: Sequence[tuple[str, str]],
    rows: Sequence[tuple[str, Sequence[Cell]]],
) -> None:
    """Replace the table's columns (key, label) and rows (key, cells), widths fitted to content."""
    table.clear(columns=True)
    for index, (key, label) in enumerate(columns):
        width = max([cell_len(label), *(_width(cells[index]) for _, cells in rows)])
        table.add_column(label, key=key, width=width)
    for key, cells in rows:
        table.add_row(*cells, key=key)
