"""Administrative divisions the ingest can name by itself (province level, GB/T 2260).

Reports of other bodies get their code from `gongkai ingest --division-code`.
"""

from __future__ import annotations

PROVINCES: dict[str, str] = {
    "北京市": "110000", "天津市": "120000", "河北省": "130000", "山西省": "140000",
    "内蒙古自治区": "150000", "辽宁省": "210000", "吉林省": "220000", "黑龙江省": "230000",
    "上海市": "310000", "江苏省": "320000", "浙江省": "330000", "安徽省": "340000",
    "福建省": "350000", "江西省": "360000", "山东省": "370000", "河南省": "410000",
    "湖北省": "420000", "湖南省": "430000", "广东省": "440000", "广西壮族自治区": "450000",
    "海南省": "460000", "重庆市": "500000", "四川省": "510000", "贵州省": "520000",
    "云南省": "530000", "西藏自治区": "540000", "陕西省": "610000", "甘肃省": "620000",
    "青海省": "630000", "宁夏回族自治区": "640000", "新疆维吾尔自治区": "650000",
}

LEVELS = {
    "provincial": "省级",
    "prefectural": "地市级",
    "county": "县级",
    "township": "乡镇级",
    "department": "部门",
    "unknown": "未注明",
}


def division_of(name: str) -> tuple[str, str]:
    """(code, level) for a body named in a report title; ('', 'unknown') if not known."""
    if name in PROVINCES:
        return PROVINCES[name], "provincial"
    return "", "unknown"


def level_of_code(code: str) -> str:
    if len(code) != 6 or not code.isdigit():
        return "unknown"
    if code.endswith("0000"):
        return "provincial"
    if code.endswith("00"):
        return "prefectural"
    return "county"


def slug(name: str) -> str:
    """A lowercase ASCII id for a body: 上海市 -> shanghai, 上海市财政局 -> shanghaishicaizhengju."""
    from pypinyin import lazy_pinyin

    base = name
    for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if base.endswith(suffix) and base in PROVINCES or base.endswith(suffix) and \
                len(base) - len(suffix) >= 2 and suffix in ("省", "市"):
            base = base[: -len(suffix)]
            break
    text = "".join(lazy_pinyin(base))
    return "".join(ch for ch in text.lower() if ch.isalnum()) or "report"
