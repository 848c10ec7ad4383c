"""find_tables on grids as other modules hand them over (spreadsheet rows, ragged rows)."""

from __future__ import annotations

from workbook.importers.layout.grid import find_tables
from workbook.model.format import load_format


def _requests_grid(label_typo: bool = False) -> list[list[str | None]]:
    fmt = load_format("2021")
    cols = fmt.tables["requests"].blocks[0].columns
    grid: list[list[str | None]] = [[None, None, *[c.label for c in cols]]]
    for i, row in enumerate(fmt.tables["requests"].rows):
        label = row.label
        if label_typo and row.id == "withheld_prohibited":
            label = "2.其他法律行政止公开"
        if label_typo and row.id == "other_no_correction":
            label = "1.申请人无正当理由逾期不补正、"  # cut by a page break
        grid.append([row.subgroup or None, label, *[str(i * 10 + j) for j in range(7)]])
    return grid


def test_rows_found_by_label_with_typos_and_cut_labels():
    result = find_tables(_requests_grid(label_typo=True))
    assert result.format_id == "2021"
    assert "requests" in result.found
    assert result.values["requests.withheld_prohibited.natural"] == 50
    assert result.values["requests.other_no_correction.total"] == 206
    assert result.values["requests.carry_forward.business"] == 241


def test_columns_follow_the_header_not_the_position():
    grid = _requests_grid()
    # Swap 自然人 and 总计 in the header and in every row: the header decides.
    for row in grid:
        row[2], row[8] = row[8], row[2]
    result = find_tables(grid)
    assert result.values["requests.new.natural"] == 0
    assert result.values["requests.new.total"] == 6


def test_unreadable_cell_stays_blank_with_a_note_naming_it():
    grid = _requests_grid()
    grid[1][3] = "约3"
    result = find_tables(grid)
    assert result.values["requests.new.business"] is None
    assert any(
        "三、一、本年新收政府信息公开申请数量／法人或其他组织·商业企业" in n.message
        for n in result.notes
    )


def test_collapsed_row_in_a_2020_report_means_the_2019_format():
    fmt = load_format("2021")
    grid = [row for row in _requests_grid() if not (row[0] or "").startswith("（六）")]
    grid.insert(-2, ["（六）其他处理", None, *["1"] * 7])
    assert find_tables(grid).format_id == "2021"
    assert find_tables(grid, year=2020).format_id == "2019"
    assert find_tables(grid, year=2020).values["requests.other_handled.total"] == 1
    assert fmt.id == "2021"
