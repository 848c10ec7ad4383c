"""The national format, loaded from resources/formats/*.toml.

Every other module (model, writer, reader, rules, GUI, importers) learns the shape of a report
from here, so a format revision is a new data file rather than new code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property

import resources

CellKind = str  # "count" | "amount" | "delta"


@dataclass(frozen=True)
class Column:
    """A column of a table: its label, the kind of number it holds and its unit."""

    id: str
    label: str
    kind: CellKind
    unit: str
    group: str = ""
    subgroup: str = ""


@dataclass(frozen=True)
class Row:
    """A row of a table: its official label, its group, and the other names it goes by."""

    id: str
    label: str
    group: str = ""
    subgroup: str = ""
    aliases: tuple[str, ...] = ()
    regulation: bool = False


@dataclass(frozen=True)
class Block:
    """A sub-table sharing one set of columns (section 二 has four, the others one)."""

    title: str
    rows: tuple[Row, ...]
    columns: tuple[Column, ...]
    table: str = ""  # the id of the table it belongs to

    def keys(self, row: Row) -> tuple[str, ...]:
        """The keys of a row's cells, in column order."""
        return tuple(cell_key(self.table, row.id, c.id) for c in self.columns)


@dataclass(frozen=True)
class Cell:
    """One value cell. `row`/`col` are the official 1-based coordinates of INTERFACES.md."""

    key: str
    table: str
    block: int
    row_id: str
    col_id: str
    row: int
    col: int
    kind: CellKind
    unit: str
    row_label: str
    col_label: str

    @property
    def whole(self) -> bool:
        return self.kind != "amount"

    @property
    def may_be_negative(self) -> bool:
        return self.kind == "delta"


@dataclass(frozen=True)
class Sum:
    """`total` should equal the sum of `parts` (rules A2, A3, A5)."""

    rule: str
    total: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Balance:
    """sum(left) should equal sum(right) (rule A1)."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Table:
    """One of the statistical tables (二, 三, 四) as blocks of rows and columns."""

    id: str
    unit: str
    orientation: str
    blocks: tuple[Block, ...]
    note: str = ""
    column_header: str = ""
    row_header: str = ""

    @cached_property  # asked for every cell of every report read: computed once per table
    def rows(self) -> tuple[Row, ...]:
        return tuple(r for b in self.blocks for r in b.rows)

    def block_of(self, row: Row) -> Block:
        """The sub-table a row is printed in (its columns)."""
        return next(b for b in self.blocks if row in b.rows)

    def keys(self, row: Row) -> tuple[str, ...]:
        """The keys of a row's cells, in column order."""
        return self.block_of(row).keys(row)

    def total_key(self, row: Row) -> str:
        """The key of a row's 总计 — its last column; notes about a whole row sit there."""
        return self.keys(row)[-1]

    @cached_property
    def shape(self) -> str:
        """How the table is laid out: "blocks" (二: sub-tables, one line per row), "strip"
        (四: one row of values under nested headings) or "grid" (三: rows × columns)."""
        if len(self.blocks) > 1:
            return "blocks"
        return "strip" if len(self.rows) == 1 else "grid"


@dataclass(frozen=True)
class Section:
    """One of the six parts of the report (一 … 六): prose or a table."""

    id: str
    title: str
    sheet: str
    kind: str  # "text" | "table"
    themes: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        """The Chinese ordinal before "、" (一 … 六)."""
        return self.title.split("、", 1)[0]

    @property
    def short_title(self) -> str:
        return self.title.split("、", 1)[1]


@dataclass(frozen=True, eq=False)
class Format:
    """A loaded format. Loaded once per id (cached), so identity is equality."""

    id: str
    name: str
    title: str
    first_year: int
    last_year: int | None
    sections: tuple[Section, ...]
    tables: dict[str, Table]
    cells: tuple[Cell, ...]
    sums: tuple[Sum, ...]
    balances: tuple[Balance, ...]
    _by_key: dict[str, Cell] = field(repr=False, compare=False)
    _by_coord: dict[tuple[str, int, int], Cell] = field(repr=False, compare=False)

    @property
    def text_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "text")

    @property
    def table_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "table")

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def cell(self, key: str) -> Cell:
        return self._by_key[key]

    def has_cell(self, key: str) -> bool:
        return key in self._by_key

    def cell_at(self, table: str, row: int, col: int) -> Cell | None:
        """The cell at official coordinates, or None."""
        return self._by_coord.get((table, row, col))

    def table_cells(self, table: str) -> tuple[Cell, ...]:
        return tuple(c for c in self.cells if c.table == table)

    @property
    def total_keys(self) -> frozenset[str]:
        """Cells that are a sum of others (written as formulas in the template)."""
        return frozenset(s.total for s in self.sums)

    def equations(self, table: str) -> tuple[dict[str, int], ...]:
        """The sums and balances of one table as linear equations over cell keys (each
        coefficient × value adds up to 0): what the arithmetic says a reading must satisfy."""
        return self._equations.get(table, ())

    @cached_property
    def _equations(self) -> dict[str, tuple[dict[str, int], ...]]:
        out: dict[str, list[dict[str, int]]] = {}
        for s in self.sums:
            eq = {s.total: -1}
            for p in s.parts:
                eq[p] = eq.get(p, 0) + 1
            out.setdefault(self.cell(s.total).table, []).append(eq)
        for b in self.balances:
            if not b.left:
                continue
            bal: dict[str, int] = {}
            for k in b.left:
                bal[k] = bal.get(k, 0) + 1
            for k in b.right:
                bal[k] = bal.get(k, 0) - 1
            out.setdefault(self.cell(b.left[0]).table, []).append(bal)
        return {t: tuple(eqs) for t, eqs in out.items()}

    def formula_sum(self, key: str) -> Sum | None:
        """The sum a total cell is written as: the first declared one that has it as total."""
        for s in self.sums:
            if s.total == key:
                return s
        return None


def cell_key(table: str, row_id: str, col_id: str) -> str:
    """The one spelling of a value cell's key (and defined name): requests.new.total."""
    return f"{table}.{row_id}.{col_id}"


def _load(data: dict) -> Format:
    tables: dict[str, Table] = {}
    cells: list[Cell] = []
    sums: list[Sum] = []
    balances: list[Balance] = []
    for table_id, t in data["tables"].items():
        blocks = []
        official_row = 0
        for b_index, b in enumerate(t["blocks"]):
            columns = tuple(
                Column(
                    id=c["id"],
                    label=c["label"],
                    kind=c.get("kind", "count"),
                    unit=c.get("unit", t.get("unit", "件")),
                    group=c.get("group", ""),
                    subgroup=c.get("subgroup", ""),
                )
                for c in b["columns"]
            )
            rows = tuple(
                Row(
                    id=r["id"],
                    label=r["label"],
                    group=r.get("group", ""),
                    subgroup=r.get("subgroup", ""),
                    aliases=tuple(r.get("aliases", ())),
                    regulation=r.get("regulation", False),
                )
                for r in b["rows"]
            )
            blocks.append(
                Block(title=b.get("title", ""), rows=rows, columns=columns, table=table_id)
            )
            for row in rows:
                official_row += 1
                for c_index, col in enumerate(columns, start=1):
                    cells.append(
                        Cell(
                            key=cell_key(table_id, row.id, col.id),
                            table=table_id,
                            block=b_index,
                            row_id=row.id,
                            col_id=col.id,
                            row=official_row,
                            col=c_index,
                            kind=col.kind,
                            unit=col.unit,
                            row_label=row.label,
                            col_label=col.label,
                        )
                    )
        table = Table(
            id=table_id,
            unit=t.get("unit", "件"),
            orientation=t.get("orientation", "portrait"),
            blocks=tuple(blocks),
            note=t.get("note", ""),
            column_header=t.get("column_header", ""),
            row_header=t.get("row_header", ""),
        )
        tables[table_id] = table
        row_ids = [r.id for r in table.rows]
        col_ids = [c.id for c in table.blocks[0].columns]
        for s in t.get("sums", []):
            if s["each"] == "row":
                for r in row_ids:
                    sums.append(
                        Sum(
                            s["rule"],
                            cell_key(table_id, r, s["total"]),
                            tuple(cell_key(table_id, r, p) for p in s["parts"]),
                        )
                    )
            else:
                for c in col_ids:
                    sums.append(
                        Sum(
                            s["rule"],
                            cell_key(table_id, s["total"], c),
                            tuple(cell_key(table_id, p, c) for p in s["parts"]),
                        )
                    )
        for bal in t.get("balances", []):
            for c in col_ids:
                balances.append(
                    Balance(
                        bal["rule"],
                        tuple(cell_key(table_id, r, c) for r in bal["left"]),
                        tuple(cell_key(table_id, r, c) for r in bal["right"]),
                    )
                )
    sections = tuple(
        Section(
            id=s["id"],
            title=s["title"],
            sheet=s["sheet"],
            kind=s["kind"],
            themes=tuple(s.get("themes", ())),
        )
        for s in data["sections"]
    )
    by_key = {c.key: c for c in cells}
    assert len(by_key) == len(cells), "duplicate cell keys in format file"
    return Format(
        id=data["id"],
        name=data["name"],
        title=data["title"],
        first_year=data["first_year"],
        last_year=data.get("last_year"),
        sections=sections,
        tables=tables,
        cells=tuple(cells),
        sums=tuple(sums),
        balances=tuple(balances),
        _by_key=by_key,
        _by_coord={(c.table, c.row, c.col): c for c in cells},
    )


@cache
def available_formats() -> tuple[str, ...]:
    """Format ids shipped in resources/formats, newest first."""
    folder = resources.path("formats")
    ids = [p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")]
    return tuple(sorted(ids, reverse=True))


@cache
def load_format(format_id: str = "2021") -> Format:
    """The format with this id (e.g. "2021", "2019")."""
    try:
        data = resources.read_toml("formats", f"{format_id}.toml")
    except FileNotFoundError:
        raise KeyError(f"未知的报告格式：{format_id}") from None
    return _load(data)


def format_for_year(year: int | None) -> Format:
    """The format in force for a report year (2019 trial format for 2019–2020)."""
    if year is not None:
        for fid in available_formats():
            f = load_format(fid)
            if f.first_year <= year and (f.last_year is None or year <= f.last_year):
                return f
    return load_format(CURRENT_FORMAT)


CURRENT_FORMAT = "2021"
