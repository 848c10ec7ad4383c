"""Writing a publication to a file: one door for the app and `nianbao export`.

Word and web pages are made here without Qt; a PDF is painted by the caller's `pdf` function
(gui.printing.pdf_bytes), so the CLI loads Qt only for a PDF. Every format goes through the same
atomic save as reports: a read-only target needs `force`, a folder, a missing folder or a file
held open by Excel/WPS is a SaveFailed with one Chinese sentence, and a failure never leaves half
a file behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from workbook.model.errors import SaveFailed
from workbook.publish.document import Publication
from workbook.savefile import atomic_write

PUBLISH_EXT = (".pdf", ".docx", ".html")
PdfPainter = Callable[[Publication], bytes]


def publication_bytes(pub: Publication, ext: str, pdf: PdfPainter | None = None) -> bytes:
    """The file's content for `ext` (.pdf needs `pdf`, the painter)."""
    if ext == ".docx":
        from workbook.publish.docx import docx_bytes

        return docx_bytes(pub)
    if ext in (".html", ".htm"):
        from workbook.publish.html import page_html

        return page_html(pub).encode("utf-8")
    if ext == ".pdf" and pdf is not None:
        data = pdf(pub)
        if not data:
            raise SaveFailed("无法生成PDF：排版时出错，没有写出文件。")
        return data
    raise SaveFailed(f"只能导出 {' / '.join(PUBLISH_EXT)} 文件。")


def save_publication(
    pub: Publication,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    pdf: PdfPainter | None = None,
) -> None:
    """Write `pub` to `path` (.pdf, .docx, .html by its extension) atomically.

    The target is vetted (folder, read-only, missing folder) before anything is rendered.
    Raises SaveFailed (ReadOnlyTarget for a read-only file without `force`)."""
    target = Path(path)
    ext = target.suffix.lower()
    if ext not in (*PUBLISH_EXT, ".htm"):
        raise SaveFailed(f"只能导出 {' / '.join(PUBLISH_EXT)} 文件：{target.name}")
    with atomic_write(target, force=force) as handle:
        handle.write(publication_bytes(pub, ext, pdf))
