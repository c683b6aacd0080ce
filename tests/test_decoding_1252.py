"""Western single-byte text (Windows-1252) is decoded as cp1252, not as a Central European or
other code page that happens to fit the same bytes; Central European and Chinese text is not."""
from __future__ import annotations

import pytest

from pipeline.warehouse.decoding import decode

WESTERN = [
    "Café – “naïve” résumé €5. The committee met on Tuesday to review the budget.\n"
    "It’s a “good” plan — we’ll see how it goes.\n",
    "Café – “naïve” résumé €5\n",
    "naïve café\n",
    "Smørrebrød og blåbær på Østerbro koster 45 kr.\n",
    "Ação e coração não são iguais, disse o João.\n",
    "Zoë’s façade cost £20 — “déjà vu”, she said.\n",
    "O português é uma língua românica. As populações e as tradições são diversas; as lições são várias.\n",
]


@pytest.mark.parametrize("text", WESTERN, ids=range(len(WESTERN)))
def test_windows_1252_text_decodes_exactly(text):
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


def test_text_identical_in_both_code_pages_is_named_cp1252():
    text = "Die Größe der Straße überrascht – „schön“ sagte er. Preis: 20 €.\n"
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


@pytest.mark.parametrize("text", ["Zażółć gęślą jaźń – polski tekst dość długi, żeby sprawdzić.\n",
                                  "Příliš žluoučký kůň úpěl ďábelské ódy.\n",
                                  "Árvíztűrő tükörfúrógép\n",
                                  "A magyar nyelv az uráli nyelvcsalád tagja. A magyar nyelvet körülbelül tizenhárom "
                                  "millió ember beszéli, elsősorban Magyarországon. Az első írásos emlékek a "
                                  "tizenegyedik századból származnak.\n"])
def test_central_european_text_stays_cp1250(text):
    """Guard (passes before the fix too): š, ž, ł, or Hungarian recognised, keep cp1250."""
    decoded = decode(text.encode("cp1250"))
    assert (decoded.text, decoded.encoding) == (text, "cp1250")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
def test_chinese_text_unchanged(encoding):
    """Guard (passes before the fix too)."""
    text = "关于做好值班工作的通知" if encoding != "big5" else "關於做好值班工作的通知"
    assert decode(text.encode(encoding)).text == text
