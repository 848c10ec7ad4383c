"""The office's analysis report: its sections, numbers, names and images, in Word, web and PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from cli.main import main
from service.analysis import analysis
from service.summarize import summarize
from tests.rules.generate import consistent_report
from workbook.model.charts import ChartSpec
from workbook.model.indicators import evaluate_all, indicators, shown
from workbook.xlsx.write.writer import write_report

HEADINGS = [
    "一、总体情况",
    "二、主要指标",
    "三、各单位比较",
    "四、与上年相比",
    "五、校验发现的问题",
    "六、未报送报告的单位",
]


def _folder(root: Path, year: int, seed: int) -> Path:
    folder = root / str(year)
    folder.mkdir(parents=True)
    for i in range(5):
        r = consistent_report(seed + i, format_id="2021", year=year)
        r.agency = f"第{i}街道办事处"
        if i == 0 and year == 2024:
            r.values["requests.new.total"] += 1  # 总计 no longer the sum: an error
        write_report(r, folder / f"{i}.xlsx")
    return folder


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("analysis")
    units = root / "名单.txt"
    units.write_text("第0街道办事处\n第1街道办事处\n第9街道办事处\n", encoding="utf-8")
    return _folder(root, 2024, 0), _folder(root, 2023, 20), units


def _paint(spec: ChartSpec) -> bytes:
    return b"\x89PNG fake " + spec.title.encode()


def test_the_sections_name_the_numbers_the_units_and_the_problems(folders) -> None:  # type: ignore[no-untyped-def]
    this, previous, _ = folders
    summary = summarize(
        [str(p) for p in sorted(this.iterdir())],
        previous_paths=[str(p) for p in sorted(previous.iterdir())],
        units=["第0街道办事处", "第9街道办事处"],
        jobs=1,
    )
    pub = analysis(summary, with_units=True, paint=_paint)
    assert [s.title for s in pub.sections] == HEADINGS
    text = {s.title: "\n".join(s.paragraphs) for s in pub.sections}
    summed = summary.summed_report()
    assert summed is not None
    assert f"合计新收政府信息公开申请{summed.values['requests.new.total']}件" in text[HEADINGS[0]]
    for result in evaluate_all(summed.format, summed.values):
        assert result.indicator.meaning in text[HEADINGS[1]]
        if result.value is not None:
            assert f"{result.indicator.name}：{shown(result)}" in text[HEADINGS[1]]
    rates = [i.name for i in indicators() if i.is_rate]
    for name in rates:
        assert (
            f"{name}最高的单位" in text[HEADINGS[2]]
            or f"{name}：没有可以比较的单位" in text[HEADINGS[2]]
        )
    assert "新收申请：本年" in text[HEADINGS[3]] and "增加最多的单位" in text[HEADINGS[3]]
    last = summarize([str(p) for p in sorted(previous.iterdir())], jobs=1).summed_report()
    assert last is not None
    now, then = (
        next(r for r in evaluate_all(x.format, x.values) if r.indicator.name == "实质公开率")
        for x in (summed, last)
    )
    assert f"实质公开率：本年{shown(now)}，上年{shown(then)}，" in text[HEADINGS[3]]
    assert "第0街道办事处：错误" in text[HEADINGS[4]]
    assert "第9街道办事处" in text[HEADINGS[5]]
    captions = [f.caption for s in pub.sections for f in s.figures]
    assert [c.split("　")[0] for c in captions] == ["图1", "图2", "图3", "图4"]
    assert any("本年与上年" in c for c in captions)


def test_summarize_writes_the_analysis_as_word_web_and_pdf(folders, tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    # qapp: the charts are painted by Qt; with the tests' QApplication made first, the command
    # finds it (alone it makes a QGuiApplication, which later window tests could not use).
    this, previous, units = folders
    for ext in ("docx", "html", "pdf"):
        out = tmp_path / f"分析.{ext}"
        status = main(
            [
                "summarize",
                str(this),
                "--previous",
                str(previous),
                "--units",
                str(units),
                "-o",
                str(tmp_path / "汇总.xlsx"),
                "--report",
                str(out),
            ]
        )
        assert status == 1  # one unit's report has an error; the report is written all the same
        assert out.is_file()
    document = docx.Document(str(tmp_path / "分析.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert all(h in paragraphs for h in HEADINGS)
    assert len(document.inline_shapes) == 4
    page = (tmp_path / "分析.html").read_text(encoding="utf-8")
    assert page.count('src="data:image/png;base64,iVBORw0KGgo') == 4  # real PNGs
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "分析.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert all(h in text for h in HEADINGS)
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "分析.pdf")], capture_output=True, text=True
    ).stdout
    assert len(images.strip().splitlines()) - 2 >= 4


def test_a_report_of_another_kind_is_refused_before_any_work(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    status = main(["summarize", str(tmp_path), "-o", str(tmp_path / "h.xlsx"), "--report", "x.txt"])
    assert status == 2
    assert "分析报告只能写成" in capsys.readouterr().err
    assert not (tmp_path / "h.xlsx").exists()


def test_an_analysis_saved_among_the_reports_is_not_read_as_one(
    folders, tmp_path: Path, qapp
) -> None:  # type: ignore[no-untyped-def]
    from service.scan import scan_files
    from workbook.xlsx.kind import workbook_kind

    this, _, _ = folders
    reports = tmp_path / "reports"
    shutil.copytree(this, reports)
    for ext in ("docx", "html"):
        out = reports / f"分析.{ext}"
        main(["summarize", str(reports), "-o", str(tmp_path / "汇总.xlsx"), "--report", str(out)])
        assert workbook_kind(out) == "analysis"
    scan = scan_files([str(reports)])
    assert sorted(Path(p).name for p, _ in scan.skipped) == ["分析.docx", "分析.html"]
    assert len(scan.files) == len(list(this.iterdir()))
    assert docx.Document(str(reports / "分析.docx")).paragraphs  # still an ordinary Word file
