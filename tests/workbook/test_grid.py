"""The official grid (workbook.model.grid), without Qt: spans, labels, positions, units."""

from __future__ import annotations

import pytest

from workbook.model.format import available_formats, load_format
from workbook.model.grid import HEADER, LABEL, VALUE, table_grid
from workbook.model.layout import HEADER_ROW, table_layout


def test_requests_grid_has_the_official_merged_labels():
    fmt = load_format("2021")
    grid = table_grid(fmt, "requests")
    by_text = {c.text: c for c in grid.cells if c.kind in (HEADER, LABEL) and c.text}
    # 三、本年度办理结果 spans its 22 outcome rows; （三）不予公开 its eight reasons.
    assert by_text["三、本年度办理结果"].row_span == 22
    assert by_text["（三）不予公开"].row_span == 8
    assert by_text["法人或其他组织"].col_span == 5
    assert by_text["申请人情况"].col_span == 7
    assert by_text["自然人"].row_span == 2  # no group above it
    assert by_text["一、本年新收政府信息公开申请数量"].col_span == grid.label_cols
    assert sum(1 for c in grid.cells if c.kind == VALUE) == 25 * 7
    # Every grid position is covered exactly once.
    covered = [
        (r, c)
        for cell in grid.cells
        for r in range(cell.row, cell.row + cell.row_span)
        for c in range(cell.col, cell.col + cell.col_span)
    ]
    assert len(covered) == len(set(covered)) == grid.rows * grid.cols


def test_appeals_grid_groups_review_and_litigation():
    grid = table_grid(load_format("2021"), "appeals")
    headers = {c.text: c for c in grid.cells if c.kind == HEADER}
    assert headers["行政复议"].col_span == 5
    assert headers["行政诉讼"].col_span == 10
    assert headers["未经复议直接起诉"].col_span == 5
    assert headers["复议后起诉"].col_span == 5


@pytest.mark.parametrize("format_id", available_formats())
def test_every_place_is_covered_once_and_values_sit_where_saved_files_have_them(format_id):
    fmt = load_format(format_id)
    for table_id in fmt.tables:
        grid = table_grid(fmt, table_id)
        covered = [
            (r, c)
            for cell in grid.cells
            for r in range(cell.row, cell.last_row + 1)
            for c in range(cell.col, cell.last_col + 1)
        ]
        assert len(covered) == len(set(covered)) == grid.rows * grid.cols, table_id
        saved = table_layout(fmt, table_id).positions
        assert grid.positions == {k: (r - HEADER_ROW, c) for k, (r, c) in saved.items()}
        assert len(grid.widths) == grid.cols
        assert grid.unit_line == f"单位：{fmt.tables[table_id].unit}"


def test_a_column_in_another_unit_than_its_table_says_so_in_its_heading():
    grid = table_grid(load_format("2019"), "active")
    assert "采购总金额（单位：万元）" in grid.header_texts()
    assert (
        "采购总金额（单位：万元）" not in table_grid(load_format("2021"), "active").header_texts()
    )
