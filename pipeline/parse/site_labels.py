"""Labelled metadata that web sites print around a document: "发布日期：2022-12-14",
"来源：苍南县人民政府办公室", "名 称：…", "[成文日期] 2016-06-08", "文号 | 平政办〔2013〕11号 |",
several on one line ("来源:政府办 日期:2011-02-12") or a label whose value is on the next line
("• 发布机构:" then "嵊泗县人民政府办公室").

read_site_labels(texts) -> {field: value as printed}; the field names are those of LABELS.
"""
from __future__ import annotations

import re

from pipeline.parse.settings import BARE_LABELS_MIN
from pipeline.parse.text import squash

# label -> field. Labels the pages print beside the ones wanted (索引号, 浏览次数 …) are listed
# as None: they end the value before them and are never read.
LABELS: dict[str, str | None] = {
    **dict.fromkeys(("标题", "名称", "文件名称", "文件标题"), "title"),
    **dict.fromkeys(("发布机构", "发文机关", "发文机构", "发文单位", "发布单位"), "issuer"),
    **dict.fromkeys(("来源", "信息来源", "文章来源"), "source"),
    **dict.fromkeys(("成文日期", "发文日期", "生成日期", "公文生成日期", "印发日期"), "signed"),
    **dict.fromkeys(("发布日期", "发布时间", "发表时间", "日期", "时间"), "published"),
    **dict.fromkeys(("文号", "发文字号", "文件编号", "备注/文号"), "number"),
    **dict.fromkeys((
        "索引号", "信息索引号", "主题分类", "组配分类", "体裁分类", "分类", "服务对象", "关键词", "有效性",
        "公开方式", "废止日期", "实施日期", "联合发文单位", "文件来源", "浏览次数", "浏览量", "访问次数",
        "点击数", "字体", "字体大小", "文字大小", "字号", "背景色", "责任编辑", "编辑", "文件登记号",
        "上传时间", "文档编号", "格式", "页数", "大小"), None),
}


def _label_pattern(label: str) -> str:
    return r"\s*".join(re.escape(ch) for ch in label)  # letter-spaced: "索 引 号", "名       称"


_ALTERNATION = "|".join(_label_pattern(k) for k in sorted(LABELS, key=len, reverse=True))
# A label closed by a colon may follow anything ("15:34信息来源:"); one without a colon stands
# between spaces, brackets or cell bars ("发文日期 2023-01-03", "[成文日期] 2016-06-08", "文号 | …").
_LABEL = re.compile(
    rf"(?:[\[【]\s*)?(?P<label>{_ALTERNATION})\s*(?:[\]】]\s*)?[:：]"
    rf"|(?:(?<=^)|(?<=[\s|•·\]】.]))(?P<open>[\[【]\s*)?(?P<bare>{_ALTERNATION})(?P<close>\s*[\]】])?"
    rf"(?=(?P<bar>\s*\|)|\s)")
_EDGES = " \t|•·-"


def _labels(text: str) -> list[re.Match]:
    """The label matches of one line, bare ones kept only where the line reads as metadata."""
    matches = list(_LABEL.finditer(text))
    return [m for m in matches if not m.group("bare") or m.group("open") or m.group("bar")
            or len(matches) >= BARE_LABELS_MIN]


def _field(match: re.Match) -> str | None:
    return LABELS[squash(match.group("label") or match.group("bare"))]


def read_site_labels(texts: list[str]) -> dict[str, str]:
    """{field: value} from the labelled lines among texts (lines before a document's body, in
    order). Fields: title, issuer, source (来源, a publisher that may or may not be the issuer),
    signed (成文日期), published (发布日期), number (文号). The first value printed for a field
    wins; values are squashed (whitespace removed) and empty ones are skipped. A label alone on
    its line takes the next non-blank line as its value when that line is indented deeper and
    holds no label.
    Example: ["来源:政府办 日期:2011-02-12"] -> {"source": "政府办", "published": "2011-02-12"}."""
    found: dict[str, str] = {}
    for i, text in enumerate(texts):
        matches = _labels(text)
        for k, m in enumerate(matches):
            field = _field(m)
            end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
            value = squash(text[m.end():end].strip(_EDGES))
            if not value and len(matches) == 1 and not text[m.end():].strip(_EDGES):
                value = _next_value(texts, i)
            if field and value and field not in found:
                found[field] = value.strip(_EDGES)
    return found


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())


def _next_value(texts: list[str], i: int) -> str:
    """The next non-blank line after texts[i] when it is indented deeper and holds no label
    (the value of a label printed alone on its line: "  • 发布机构:" / "    X办公室"); else ''."""
    following = next((t for t in texts[i + 1:] if t.strip()), "")
    if _indent(following) <= _indent(texts[i]) or _labels(following):
        return ""
    return squash(following.strip(_EDGES))
