"""OCR accuracy on scans in layouts we did not draw (a script, not a test):
`uv run python bench/bench_ocr_corpus.py [--samples 01,cixi] [--shapes 0,3] [--json OUT]
[--keep DIR] [--fresh] [--cached-only]`.

Our own tests read our own export. Here the real samples (../shared/samples/real/*.txt and
../shared/samples/*.txt) are imported, written to Word (`nianbao export -o .docx`), the Word file
changed the way other offices set their tables (other fonts for digits and text, other column
widths, smaller type) and printed to PDF by LibreOffice; the pages with the tables are then drawn
at 150/200/300 dpi in grey or colour and spoilt: turned 0.5–1.5°, blurred, JPEG-compressed, a faint
red stamp over the table, a copier's shadow down one side, margins cut. Each shape is one scan
(a multi-page TIFF) read by `open_report`, as the clerk opens it.

Prints, per sample and shape, the table cells (二、三、四; the printed value is what the text import
read, so the scan is judged against what was printed): right, blank with a note, marked for the
clerk but wrong, and WRONG (a number that is not the printed one, unmarked). WRONG must be 0.

OCR takes seconds per page. The words read from each page picture are kept in a cache
(`$TMPDIR/nianbao-ocr-cache`, keyed by the picture's bytes and the page-reading code) so that a
change to placement or to the arithmetic can be measured again in seconds; `--fresh` reads every
page again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SAMPLES = ROOT.parent / "shared" / "samples"
CACHE = Path(tempfile.gettempdir()) / "nianbao-ocr-cache"
TABLES = ("active.", "requests.", "appeals.")


@dataclass(frozen=True)
class Layout:
    """How another office sets the Word file: fonts, type size, label vs number column widths."""

    name: str
    latin: str = ""  # digits' font ("" = as exported)
    east_asia: str = ""
    size: float = 1.0  # × every type size
    label_width: float = 1.0  # × wide columns (labels)
    number_width: float = 1.0  # × narrow columns (numbers)


LAYOUTS = (
    Layout("ours"),
    Layout("serif-narrow-labels", "DejaVu Serif", "", 1.0, 0.75, 1.2),
    Layout(
        "mono-wide-labels-small", "DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", 0.9, 1.3, 0.85
    ),
    Layout("sans-condensed", "DejaVu Sans Condensed", "WenQuanYi Micro Hei", 1.05, 0.9, 1.0),
)


@dataclass(frozen=True)
class Shape:
    """How the page was scanned."""

    dpi: int
    colour: bool
    turn: float
    blur: float = 0.0  # Gaussian sigma in pixels at 200 dpi
    jpeg: int = 0  # quality; 0 = none
    stamp: bool = False
    shadow: bool = False
    cut: float = 0.0  # of the page's width and height cut off each side
    layout: int = 0

    def __str__(self) -> str:
        parts = [f"{self.dpi}dpi", "colour" if self.colour else "grey", f"{self.turn:+.1f}°"]
        parts += ["blur"] * bool(self.blur) + [f"jpeg{self.jpeg}"] * bool(self.jpeg)
        parts += ["stamp"] * self.stamp + ["shadow"] * self.shadow + ["cut"] * bool(self.cut)
        return " ".join(parts) + f" [{LAYOUTS[self.layout].name}]"


SHAPES = (
    Shape(150, False, 0.8, blur=0.8, jpeg=70, layout=1),
    Shape(200, True, -1.2, stamp=True, jpeg=80, layout=2),
    Shape(300, False, 0.5, shadow=True, cut=0.03, layout=3),
    Shape(200, False, -1.5, blur=1.0, jpeg=45, layout=0),
    Shape(150, True, 1.5, stamp=True, shadow=True, jpeg=55, layout=2),
    Shape(300, True, -0.7, blur=1.2, layout=1),
    Shape(200, False, 1.0, cut=0.05, jpeg=60, layout=3),
)


# ---------------------------------------------------------------- printing through LibreOffice
def relayout(docx: Path, layout: Layout, out: Path) -> Path:
    """The Word file with other fonts, type sizes and column widths."""
    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in ("word/document.xml", "word/styles.xml"):
                data = _restyle(data.decode("utf-8"), layout).encode("utf-8")
            zout.writestr(item, data)
    return out


def _restyle(xml: str, layout: Layout) -> str:
    if layout.latin:
        xml = re.sub(r'w:ascii="[^"]*"', f'w:ascii="{layout.latin}"', xml)
        xml = re.sub(r'w:hAnsi="[^"]*"', f'w:hAnsi="{layout.latin}"', xml)
    if layout.east_asia:
        xml = re.sub(r'w:eastAsia="[^"]*"', f'w:eastAsia="{layout.east_asia}"', xml)

    def size(m: re.Match[str]) -> str:
        return f'{m.group(1)}="{max(10, round(int(m.group(2)) * layout.size))}"'

    xml = re.sub(r'(<w:szCs? w:val)="(\d+)"', size, xml)

    def grid(m: re.Match[str]) -> str:
        """One table's columns: labels (wide) and numbers (narrow) rescaled, the table as wide
        as before (a table wider than the page is cut off, which no office prints)."""
        widths = [int(w) for w in re.findall(r'w:w="(\d+)"', m.group(0))]
        scaled = [w * (layout.label_width if w >= 1300 else layout.number_width) for w in widths]
        fit = sum(widths) / sum(scaled)
        cols = "".join(f'<w:gridCol w:w="{round(w * fit)}"/>' for w in scaled)
        return f"<w:tblGrid>{cols}</w:tblGrid>"

    xml = re.sub(r"<w:tcW\b[^>]*/>", "", xml)  # a cell's width follows the grid's columns
    return re.sub(r"<w:tblGrid>.*?</w:tblGrid>", grid, xml, flags=re.S)


def table_pages(pdf: Path, dpi: int, colour: bool) -> list[Any]:
    """The pages that hold tables 二、三、四 (the prose pages only cost OCR time), drawn."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf.read_bytes())
    out = []
    try:
        for index in range(len(document)):
            page = document[index]
            text = re.sub(r"\s", "", page.get_textpage().get_text_range())
            if any(w in text for w in ("信息内容", "申请人情况", "结果维持")):  # tables' headers
                bitmap = page.render(scale=dpi / 72, grayscale=not colour)
                picture = bitmap.to_numpy().copy()
                out.append(picture[:, :, :3] if picture.ndim == 3 else picture)
    finally:
        document.close()
    return out


# ---------------------------------------------------------------- a scanner's damage
def spoil(page: Any, shape: Shape, seed: int) -> Any:
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    h, w = page.shape[:2]
    if shape.colour:  # paper is not white: a warm tint
        page = (page.astype(np.float32) * np.array([0.93, 0.96, 1.0], np.float32)).astype(np.uint8)
    if shape.stamp:  # a faint red seal over the table's right part, as offices stamp reports
        layer = page.copy()
        red = (60, 60, 220) if page.ndim == 3 else 150
        centre = (int(w * 0.68), int(h * rng.uniform(0.3, 0.6)))
        radius = int(w * 0.12)
        cv2.circle(layer, centre, radius, red, thickness=max(3, w // 250))
        cv2.circle(layer, centre, radius // 5, red, thickness=-1)
        cv2.putText(
            layer,
            "SEAL 2025",
            (centre[0] - radius // 2, centre[1] + radius // 2),
            cv2.FONT_HERSHEY_SIMPLEX,
            w / 1800,
            red,
            max(2, w // 600),
        )
        page = cv2.addWeighted(layer, 0.45, page, 0.55, 0)
    if shape.shadow:  # a copier's dark band down the binding side, fading inwards
        ramp = np.clip(np.linspace(0.55, 1.25, w), 0, 1).astype(np.float32)
        ramp = ramp[None, :, None] if page.ndim == 3 else ramp[None, :]
        page = (page.astype(np.float32) * ramp).astype(np.uint8)
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), shape.turn, 1.0)
    border = (255, 255, 255) if page.ndim == 3 else 255
    page = cv2.warpAffine(page, matrix, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=border)
    if shape.blur:
        page = cv2.GaussianBlur(page, (0, 0), shape.blur * shape.dpi / 200)
    if shape.cut:
        dy, dx = int(h * shape.cut), int(w * shape.cut)
        page = page[dy : h - dy, dx : w - dx]
    if shape.jpeg:
        ok, data = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, shape.jpeg])
        assert ok
        page = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    return page


# ---------------------------------------------------------------- reading, with a cache of OCR
class NotCached(Exception):
    """--cached-only: this page was never read; the scan is skipped."""


MISSED: list[str] = []  # pages not in the cache, under --cached-only


def cache_ocr(fresh: bool, cached_only: bool = False) -> None:
    """The words of each page picture kept on disk: placement and arithmetic can be measured
    again without reading the pictures again."""
    from workbook.importers.sources import ocrpage

    real = ocrpage.read_page
    CACHE.mkdir(exist_ok=True)
    # The reading code is part of the key: a change to it reads the pictures again.
    sources = ROOT / "workbook" / "importers" / "sources"
    code = b"".join((sources / f"ocr{m}.py").read_bytes() for m in ("page", "engine", "image"))

    def read_page(page: Any) -> Any:
        key = hashlib.sha1(code + page.tobytes() + str(page.shape).encode()).hexdigest()
        path = CACHE / f"{key}.pickle"
        if path.exists() and not fresh:
            return pickle.loads(path.read_bytes())
        if cached_only:
            MISSED.append(key)
            raise NotCached  # open_report turns it into its Chinese message: MISSED tells
        got = real(page)
        path.write_bytes(pickle.dumps(got))
        return got

    ocrpage.read_page = read_page  # type: ignore[assignment]


def score(truth: dict[str, Any], imported: Any) -> dict[str, Any]:
    got = imported.report.values
    fmt = imported.report.format
    noted = {n.key for n in imported.notes}
    for n in imported.notes:  # "没有找到表格“三、……”，这部分全部留空" speaks for its cells,
        for table in fmt.tables:  # "……这一行留空" for its row
            if not n.key and fmt.section(table).title in n.message:
                noted.update(c.key for c in fmt.table_cells(table))
        if n.key and any(w in n.message for w in ("这一行留空", "整行留空", "这部分留空")):
            row = n.key.rsplit(".", 1)[0] + "."
            noted.update(k for k in truth if k.startswith(row))
    out: dict[str, Any] = {"right": 0, "noted": 0, "unnoted": 0, "marked_wrong": 0, "wrong": []}
    for key, want in truth.items():
        if not key.startswith(TABLES):
            continue
        have = got.get(key)
        if have == want:
            out["right"] += 1
        elif have is None:
            out["noted" if key in noted else "unnoted"] += 1
        elif key in imported.review:
            out["marked_wrong"] += 1
        else:
            out["wrong"].append(f"{key}: {have} ≠ {want}")
    return out


def _summary(title: str, results: list[dict[str, Any]]) -> None:
    total = {
        k: sum(len(r[k]) if k == "wrong" else r[k] for r in results)
        for k in ("right", "noted", "unnoted", "marked_wrong", "wrong")
    }
    cells = sum(total.values())
    print(
        f"{title}: {cells} cells, right {total['right']} ({total['right'] / max(cells, 1):.1%}), "
        f"blank with a note {total['noted']}, blank without {total['unnoted']}, "
        f"marked but wrong {total['marked_wrong']}, WRONG {total['wrong']}"
    )


def samples(chosen: list[str]) -> list[Path]:
    found = sorted((SAMPLES / "real").glob("*.txt")) + sorted(SAMPLES.glob("*.txt"))
    found = [p for p in found if not p.name.endswith(".pdf-text.txt")]
    return [p for p in found if not chosen or any(c in p.name for c in chosen)]


def main() -> None:
    import cv2

    from cli.main import main as nianbao
    from tests.office import convert
    from workbook.files import open_report

    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", default="")
    parser.add_argument("--shapes", default="")
    parser.add_argument("--json")
    parser.add_argument("--keep")
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--cached-only", action="store_true")  # rescore what was read before
    args = parser.parse_args()
    chosen = [s for s in args.samples.split(",") if s]
    shapes = [SHAPES[int(i)] for i in args.shapes.split(",") if i] or list(SHAPES)
    cache_ocr(args.fresh, args.cached_only)
    from workbook.importers.sources import ocr

    ocr.SECONDS_PER_PAGE = 600.0  # the machine is shared: measure accuracy, not the time limit
    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for sample in samples(chosen):
            truth = open_report(sample).report.values
            docx = folder / f"{sample.stem}.docx"
            with open(os.devnull, "w") as quiet:
                stdout, sys.stdout = sys.stdout, quiet
                try:
                    assert nianbao(["export", str(sample), "-o", str(docx), "--force"]) == 0
                finally:
                    sys.stdout = stdout
            printed: dict[int, Path] = {}
            for shape in shapes:
                n = SHAPES.index(shape)  # the same damage whichever shapes are chosen
                if shape.layout not in printed:
                    layout = LAYOUTS[shape.layout]
                    laid = relayout(docx, layout, folder / f"{sample.stem}-{layout.name}.docx")
                    printed[shape.layout] = convert(laid, "pdf", folder)  # LibreOffice prints
                pages = [
                    spoil(p, shape, seed=n)
                    for p in table_pages(printed[shape.layout], shape.dpi, shape.colour)
                ]
                scan = folder / f"{sample.stem}-{n}.tif"
                assert cv2.imwritemulti(str(scan), pages)
                t0 = time.perf_counter()
                MISSED.clear()
                try:
                    imported = open_report(scan)
                except Exception as e:  # a bench reports, it does not stop
                    if MISSED:
                        continue
                    print(f"{sample.stem[:34]:34} {shape!s:56} FAILED: {e}")
                    continue
                r = score(truth, imported)
                r["seconds"] = round(time.perf_counter() - t0, 1)
                r["pages"] = len(pages)
                results[f"{sample.stem} | {shape}"] = r
                flag = f"  WRONG {len(r['wrong'])}: " + "; ".join(r["wrong"]) if r["wrong"] else ""
                print(
                    f"{sample.stem[:34]:34} {shape!s:56} right {r['right']:3} "
                    f"noted {r['noted']:3} unnoted {r['unnoted']:2} "
                    f"marked-wrong {r['marked_wrong']:2} {r['seconds']:6.1f}s{flag}",
                    flush=True,
                )
    print("\nper shape (all samples):")
    for shape in shapes:
        _summary(f"  {shape!s:58}", [r for k, r in results.items() if k.endswith(f"| {shape}")])
    _summary(f"{len(results)} scans", list(results.values()))
    print(f"{time.perf_counter() - started:.0f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
