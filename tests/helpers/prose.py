"""Prose as clerks write it, for round trips: several paragraphs per section, （一）… headings,
sentences with numbers that match the tables, quotes, a list with 一是/二是, 0 元 in 六.

The numbers come from the report itself, so the rules' prose checks stay quiet."""

from __future__ import annotations

import random

from workbook.model.report import Report


def _n(report: Report, key: str) -> int:
    value = report.values.get(key)
    return int(value) if value is not None else 0


def realistic_prose(report: Report, seed: int = 0) -> dict[str, list[str]]:
    """The three prose sections of `report`, paragraph by paragraph."""
    rng = random.Random(seed)
    year = report.year or 2024
    agency = report.agency or "本单位"
    new = _n(report, "requests.new.total")
    handled = _n(report, "requests.total_handled.total")
    carry = _n(report, "requests.carry_forward.total")
    posts = rng.randint(120, 2400)
    files, repealed = rng.randint(3, 40), rng.randint(1, 9)
    overview = [
        f"{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
        "《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”，"
        "全面推进政务公开工作。",
        f"（一）主动公开。全年通过政府门户网站主动公开政府信息{posts}条，"
        f"其中政策文件{files}件、政策解读{rng.randint(2, 30)}篇；"
        f"召开新闻发布会{rng.randint(1, 12)}场。",
        f"（二）依申请公开。全年收到政府信息公开申请{new}件，办结{handled}件，"
        f"结转下年度继续办理{carry}件。申请内容主要涉及“征地拆迁”“规划许可”等方面。",
        f"（三）政府信息管理。开展规范性文件清理，废止{repealed}件，修改{rng.randint(1, 5)}件；"
        "严格落实公开前保密审查，未发生泄密事件。",
        "（四）平台建设。优化门户网站“政府信息公开”专栏，"
        f"全年网站访问量{rng.randint(10, 99)}.{rng.randint(1, 9)}万人次。",
        f"（五）监督保障。将政务公开纳入年度绩效考核，组织业务培训{rng.randint(1, 6)}次，"
        f"参训{rng.randint(20, 300)}人次。",
    ]
    problems = [
        "（一）存在的主要问题。一是公开内容的时效性有待提高，个别栏目更新不及时；"
        "二是政策解读形式较为单一，图解、视频等解读偏少。",
        f"（二）改进情况。{year + 1}年，将建立栏目定期更新制度，每季度检查一次；"
        f"丰富解读形式，计划制作图解不少于{rng.randint(5, 20)}篇。",
    ]
    other = [
        f"（一）信息处理费收取情况。{year}年度未收取信息处理费，共收取0元。",
        f"（二）人大代表建议和政协提案办理情况。全年办理人大代表建议{rng.randint(1, 20)}件、"
        f"政协提案{rng.randint(1, 20)}件，办结率100%。",
        f"（三）政务公开工作要点落实情况。按照《{year}年政务公开工作要点》要求，"
        "逐项抓好落实，各项任务均已完成。",
    ]
    # Sentences of different lengths so that lines and pages break at different places.
    extra = (
        "坚持把政务公开作为转变政府职能、建设法治政府的重要抓手。",
        f"全年共更新公开目录{rng.randint(10, 300)}条。",
        "各科室按照“谁制作、谁公开”的原则，落实公开责任。",
        f"其中涉及民生领域的信息{rng.randint(10, 99)}条，占比{rng.randint(10, 60)}%。",
        "对群众关心的热点问题，及时回应社会关切。",
    )
    for section in (overview, problems, other):
        for i in range(len(section)):
            picked = rng.sample(extra, rng.randint(0, 3))
            text = section[i]
            section[i] = text[:-1] + "，" + "".join(picked) if picked else text
            if picked and not section[i].endswith("。"):
                section[i] += "。"
    return {"overview": overview, "problems": problems, "other": other}
