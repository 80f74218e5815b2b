"""The national report template (国办公开办函〔2021〕30号), defined once.

Every table, row, column, label and identity of the template lives here and nowhere else:
the readers match labels against it, the package writer derives table schemas from it, the
checks evaluate its identities, and the site draws its tables, charts and pages from it.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_ID = "国办公开办函〔2021〕30号"
TEMPLATE_TITLE = "关于印发中华人民共和国政府信息公开工作年度报告格式的通知"
FIRST_YEAR = 2021  # first statistical year reported in this template

SECTIONS: tuple[tuple[str, str, str], ...] = (
    # (code, heading as printed, English)
    ("overview", "一、总体情况", "Overview"),
    ("proactive", "二、主动公开政府信息情况", "Proactive disclosure"),
    ("requests", "三、收到和处理政府信息公开申请情况", "Requests received and handled"),
    ("appeals", "四、政府信息公开行政复议、行政诉讼情况", "Administrative reviews and lawsuits"),
    ("problems", "五、存在的主要问题及改进情况", "Main problems and improvements"),
    ("other", "六、其他需要报告的事项", "Other matters to report"),
)

# Words that identify each section heading even when its wording varies a little.
SECTION_KEYS: dict[str, tuple[str, ...]] = {
    "overview": ("总体情况",),
    "proactive": ("主动公开政府信息情况", "主动公开政府信息"),
    "requests": ("收到和处理政府信息公开申请", "政府信息公开申请情况"),
    "appeals": ("行政复议", "行政诉讼"),
    "problems": ("存在的主要问题", "主要问题"),
    "other": ("其他需要报告的事项", "其他需要报告"),
}


@dataclass(frozen=True)
class Member:
    """A row or a column of a table: stable code, label as printed, English label."""

    code: str
    label: str
    label_en: str
    number: str = ""  # the printed numbering, e.g. "（三）" or "1."
    group: str = ""  # code of the enclosing group (for nested rows and columns)
    group_label: str = ""
    aliases: tuple[str, ...] = ()  # other printed forms seen in real reports
    leaf: bool = True  # False for a group heading that carries no figures of its own
    # what a column's cells hold: "count" (whole, ≥ 0), "amount" (decimals, ≥ 0) or "change"
    # (whole, may be negative: 2019's 本年增/减)
    kind: str = "count"


@dataclass(frozen=True)
class Table:
    code: str
    title: str
    title_en: str
    row_field: str
    col_field: str
    value_field: str
    rows: tuple[Member, ...]
    cols: tuple[Member, ...]
    # (row code, col code) pairs that exist; None means the full grid
    cells: tuple[tuple[str, str], ...] | None = None
    heading: str = ""

    def row(self, code: str) -> Member:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(f"{self.code}: no row {code!r}")

    def col(self, code: str) -> Member:
        for c in self.cols:
            if c.code == code:
                return c
        raise KeyError(f"{self.code}: no column {code!r}")

    def cell_keys(self) -> list[tuple[str, str]]:
        if self.cells is not None:
            return list(self.cells)
        return [(r.code, c.code) for r in self.rows if r.leaf for c in self.cols]


# ---------------------------------------------------------------- 二、主动公开 (proactive)

PROACTIVE_ITEMS = (
    Member("rules", "规章", "Government rules", group="article_20_1", group_label="第二十条第（一）项"),
    Member("normative_documents", "行政规范性文件", "Normative documents", group="article_20_1",
           group_label="第二十条第（一）项", aliases=("规范性文件",)),
    Member("administrative_licensing", "行政许可", "Administrative licensing", group="article_20_5",
           group_label="第二十条第（五）项"),
    Member("administrative_penalty", "行政处罚", "Administrative penalties", group="article_20_6",
           group_label="第二十条第（六）项"),
    Member("administrative_coercion", "行政强制", "Administrative coercive measures",
           group="article_20_6", group_label="第二十条第（六）项"),
    Member("administrative_fees", "行政事业性收费", "Administrative fees", group="article_20_8",
           group_label="第二十条第（八）项"),
)

PROACTIVE_MEASURES = (
    Member("issued", "本年制发件数", "Issued this year"),
    Member("repealed", "本年废止件数", "Repealed this year"),
    Member("in_force", "现行有效件数", "In force at year end"),
    Member("decisions", "本年处理决定数量", "Decisions this year"),
    Member("amount_10k_yuan", "本年收费金额（单位：万元）", "Fees collected (10,000 yuan)",
           aliases=("本年收费金额",), kind="amount"),
)

# The four sub-tables of section 二, each headed by the article it answers.
PROACTIVE_BLOCKS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("article_20_1", "第二十条第（一）项", ("rules", "normative_documents"),
     ("issued", "repealed", "in_force")),
    ("article_20_5", "第二十条第（五）项", ("administrative_licensing",), ("decisions",)),
    ("article_20_6", "第二十条第（六）项", ("administrative_penalty", "administrative_coercion"),
     ("decisions",)),
    ("article_20_8", "第二十条第（八）项", ("administrative_fees",), ("amount_10k_yuan",)),
)

PROACTIVE = Table(
    code="proactive",
    title="主动公开政府信息情况",
    title_en="Proactive disclosure of government information",
    heading="二、主动公开政府信息情况",
    row_field="item",
    col_field="measure",
    value_field="value",
    rows=PROACTIVE_ITEMS,
    cols=PROACTIVE_MEASURES,
    cells=tuple((item, m) for _, _, items, measures in PROACTIVE_BLOCKS for item in items
                for m in measures),
)

# ---------------------------------------------------------------- 三、依申请 (requests)

APPLICANTS = (
    Member("natural_person", "自然人", "Natural persons"),
    Member("commercial_enterprise", "商业企业", "Commercial enterprises", group="legal_person",
           group_label="法人或其他组织"),
    Member("research_institution", "科研机构", "Research institutions", group="legal_person",
           group_label="法人或其他组织"),
    Member("public_interest_organization", "社会公益组织", "Public-interest organisations",
           group="legal_person", group_label="法人或其他组织"),
    Member("legal_service_agency", "法律服务机构", "Legal service agencies", group="legal_person",
           group_label="法人或其他组织"),
    Member("other_organization", "其他", "Other organisations", group="legal_person",
           group_label="法人或其他组织"),
    Member("total", "总计", "Total"),
)

_OUT = "三、本年度办理结果"
_W = "（三）不予公开"
_U = "（四）无法提供"
_N = "（五）不予处理"
_O = "（六）其他处理"

REQUEST_ROWS = (
    Member("new_requests", "本年新收政府信息公开申请数量", "New requests received this year", "一、"),
    Member("carried_over", "上年结转政府信息公开申请数量", "Carried over from last year", "二、"),
    Member("disclosed", "予以公开", "Disclosed", "（一）", "outcomes", _OUT),
    Member("partially_disclosed", "部分公开（区分处理的，只计这一情形，不计其他情形）",
           "Partially disclosed", "（二）", "outcomes", _OUT, aliases=("部分公开",)),
    Member("withheld_state_secret", "属于国家秘密", "Withheld: state secret", "1.", "withheld", _W),
    Member("withheld_prohibited_by_law", "其他法律行政法规禁止公开",
           "Withheld: prohibited by other laws or regulations", "2.", "withheld", _W),
    Member("withheld_security_stability", "危及“三安全一稳定”",
           "Withheld: endangers security or stability", "3.", "withheld", _W),
    Member("withheld_third_party", "保护第三方合法权益",
           "Withheld: protects a third party's lawful rights", "4.", "withheld", _W),
    Member("withheld_internal_affairs", "属于三类内部事务信息",
           "Withheld: internal affairs information", "5.", "withheld", _W),
    Member("withheld_process_information", "属于四类过程性信息",
           "Withheld: process information", "6.", "withheld", _W),
    Member("withheld_enforcement_files", "属于行政执法案卷",
           "Withheld: administrative enforcement files", "7.", "withheld", _W),
    Member("withheld_inquiry", "属于行政查询事项", "Withheld: administrative inquiry matter",
           "8.", "withheld", _W),
    Member("unavailable_not_held", "本机关不掌握相关政府信息",
           "Cannot provide: not held by this body", "1.", "unavailable", _U),
    Member("unavailable_needs_creation", "没有现成信息需要另行制作",
           "Cannot provide: would need to be created", "2.", "unavailable", _U),
    Member("unavailable_unclear", "补正后申请内容仍不明确",
           "Cannot provide: still unclear after correction", "3.", "unavailable", _U),
    Member("unprocessed_petition", "信访举报投诉类申请",
           "Not processed: petition, report or complaint", "1.", "unprocessed", _N),
    Member("unprocessed_duplicate", "重复申请", "Not processed: duplicate request", "2.",
           "unprocessed", _N),
    Member("unprocessed_publication", "要求提供公开出版物",
           "Not processed: asks for a publication", "3.", "unprocessed", _N),
    Member("unprocessed_excessive", "无正当理由大量反复申请",
           "Not processed: excessive repeated requests", "4.", "unprocessed", _N),
    Member("unprocessed_confirmation", "要求行政机关确认或重新出具已获取信息",
           "Not processed: asks to confirm or reissue information already obtained", "5.",
           "unprocessed", _N),
    Member("other_no_correction", "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
           "Other: applicant did not supply corrections in time", "1.", "other_handling", _O,
           aliases=("申请人无正当理由逾期不补正",)),
    Member("other_fee_unpaid", "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
           "Other: applicant did not pay the fee in time", "2.", "other_handling", _O,
           aliases=("申请人逾期未按收费通知要求缴纳费用",)),
    Member("other_other", "其他", "Other: other", "3.", "other_handling", _O),
    Member("handled_total", "总计", "Total handled", "（七）", "outcomes", _OUT),
    Member("carried_forward", "结转下年度继续办理", "Carried forward to next year", "四、"),
)

# Group headings of the requests table: printed, but carry no figures of their own.
REQUEST_GROUPS = (
    Member("outcomes", "本年度办理结果", "Outcomes this year", "三、", leaf=False),
    Member("withheld", "不予公开", "Withheld", "（三）", "outcomes", _OUT, leaf=False),
    Member("unavailable", "无法提供", "Cannot be provided", "（四）", "outcomes", _OUT, leaf=False),
    Member("unprocessed", "不予处理", "Not processed", "（五）", "outcomes", _OUT, leaf=False),
    Member("other_handling", "其他处理", "Otherwise closed", "（六）", "outcomes", _OUT, leaf=False),
)

REQUESTS = Table(
    code="requests",
    title="收到和处理政府信息公开申请情况",
    title_en="Requests for government information received and handled",
    heading="三、收到和处理政府信息公开申请情况",
    row_field="row",
    col_field="applicant",
    value_field="count",
    rows=REQUEST_ROWS,
    cols=APPLICANTS,
)

# The six outcome groups (for charts and prose restatements): group code -> leaf rows.
OUTCOME_GROUPS: dict[str, tuple[str, ...]] = {
    "disclosed": ("disclosed",),
    "partially_disclosed": ("partially_disclosed",),
    "withheld": tuple(r.code for r in REQUEST_ROWS if r.group == "withheld"),
    "unavailable": tuple(r.code for r in REQUEST_ROWS if r.group == "unavailable"),
    "unprocessed": tuple(r.code for r in REQUEST_ROWS if r.group == "unprocessed"),
    "other_handling": tuple(r.code for r in REQUEST_ROWS if r.group == "other_handling"),
}
OUTCOME_GROUP_LABELS: dict[str, tuple[str, str]] = {
    "disclosed": ("予以公开", "Disclosed"),
    "partially_disclosed": ("部分公开", "Partially disclosed"),
    "withheld": ("不予公开", "Withheld"),
    "unavailable": ("无法提供", "Cannot be provided"),
    "unprocessed": ("不予处理", "Not processed"),
    "other_handling": ("其他处理", "Otherwise closed"),
}

# ---------------------------------------------------------------- 四、复议诉讼 (appeals)

PROCEEDINGS = (
    Member("administrative_reconsideration", "行政复议", "Administrative reconsideration"),
    Member("litigation_direct", "未经复议直接起诉", "Lawsuit without prior reconsideration",
           group="litigation", group_label="行政诉讼"),
    Member("litigation_after_reconsideration", "复议后起诉", "Lawsuit after reconsideration",
           group="litigation", group_label="行政诉讼"),
)
RESULTS = (
    Member("upheld", "结果维持", "Upheld"),
    Member("corrected", "结果纠正", "Corrected"),
    Member("other", "其他结果", "Other result"),
    Member("pending", "尚未审结", "Pending"),
    Member("total", "总计", "Total"),
)

# The kinds of proceeding the table counts, as its header groups them (行政复议, 行政诉讼).
PROCEEDING_KINDS: tuple[str, ...] = tuple(dict.fromkeys(p.group_label or p.label
                                                        for p in PROCEEDINGS))

APPEALS = Table(
    code="appeals",
    title="政府信息公开行政复议、行政诉讼情况",
    title_en="Administrative reconsideration and litigation over disclosure",
    heading="四、政府信息公开行政复议、行政诉讼情况",
    row_field="proceeding",
    col_field="result",
    value_field="count",
    rows=PROCEEDINGS,
    cols=RESULTS,
)

TABLES: dict[str, Table] = {t.code: t for t in (PROACTIVE, REQUESTS, APPEALS)}

# ---------------------------------------------------------------- identities (勾稽关系)

Term = tuple[str, str, str]  # (table, row, column)


@dataclass(frozen=True)
class Identity:
    """A linear identity: sum(lhs) == sum(rhs). `id` is stable and used to declare exceptions."""

    id: str
    rule: str  # family of the identity, e.g. "requests.balance"
    description: str  # Chinese, as a reader of the template would say it
    description_en: str
    lhs: tuple[Term, ...]
    rhs: tuple[Term, ...]


@dataclass(frozen=True)
class Rule:
    code: str
    description: str
    description_en: str


RULES = (
    Rule("requests.balance", "第一项加第二项之和，等于第三项加第四项之和（每一列）",
         "New + carried over = handled total + carried forward, for each applicant column"),
    Rule("requests.outcomes", "（七）总计等于（一）至（六）各项之和（每一列）",
         "Handled total = the sum of every outcome line, for each applicant column"),
    Rule("requests.applicants", "总计等于自然人与五类法人或其他组织之和（每一行）",
         "Total = natural persons + the five kinds of organisation, for each row"),
    Rule("appeals.total", "总计等于维持、纠正、其他与尚未审结之和（每一类）",
         "Total = upheld + corrected + other + pending, for each proceeding"),
)


def _identities(request_rows: tuple[Member, ...] = REQUEST_ROWS,
                outcome_groups: dict[str, tuple[str, ...]] | None = None
                ) -> tuple[Identity, ...]:
    """The identities of a format, from its requests rows and outcome groups."""
    out: list[Identity] = []
    outcome_leaves = [c for rows in (outcome_groups or OUTCOME_GROUPS).values() for c in rows]
    for a in APPLICANTS:
        out.append(Identity(
            f"requests.balance[{a.code}]", "requests.balance",
            f"{a.label}：一、本年新收 + 二、上年结转 = 三、（七）总计 + 四、结转下年度",
            f"{a.label_en}: new + carried over = handled total + carried forward",
            (("requests", "new_requests", a.code), ("requests", "carried_over", a.code)),
            (("requests", "handled_total", a.code), ("requests", "carried_forward", a.code)),
        ))
    for a in APPLICANTS:
        out.append(Identity(
            f"requests.outcomes[{a.code}]", "requests.outcomes",
            f"{a.label}：（七）总计 = （一）至（六）各项之和",
            f"{a.label_en}: handled total = sum of outcomes",
            (("requests", "handled_total", a.code),),
            tuple(("requests", r, a.code) for r in outcome_leaves),
        ))
    for r in request_rows:
        out.append(Identity(
            f"requests.applicants[{r.code}]", "requests.applicants",
            f"{r.number}{r.label}：总计 = 自然人 + 法人或其他组织各列",
            f"{r.label_en}: total = sum of applicant types",
            (("requests", r.code, "total"),),
            tuple(("requests", r.code, a.code) for a in APPLICANTS if a.code != "total"),
        ))
    for p in PROCEEDINGS:
        out.append(Identity(
            f"appeals.total[{p.code}]", "appeals.total",
            f"{p.label}：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            f"{p.label_en}: total = upheld + corrected + other + pending",
            (("appeals", p.code, "total"),),
            tuple(("appeals", p.code, c.code) for c in RESULTS if c.code != "total"),
        ))
    return tuple(out)


IDENTITIES: tuple[Identity, ...] = _identities()

# Across two years of one publisher: this year's 二、上年结转 = last year's 四、结转下年度.
CROSS_YEAR_RULE = Rule(
    "requests.carry",
    "本年二、上年结转 = 上年四、结转下年度继续办理（同一机关相邻两年，每一列）",
    "This year's carried-over = last year's carried-forward, same publisher, each column",
)
JUMP_FACTOR = 5  # a headline figure ×5 or ÷5 on the previous year is worth a look
STOCK_RULE = Rule("proactive.stock", "上年现行有效 + 本年制发 − 本年废止 = 本年现行有效（参考）",
                  "Last year's in force + issued − repealed = in force (information)")
JUMP_RULE = Rule("jump", f"与上年相比增减超过{JUMP_FACTOR}倍（提示）",
                 f"A headline figure ×{JUMP_FACTOR} or ÷{JUMP_FACTOR} on last year (notice)")
CROSS_YEAR_RULES = (CROSS_YEAR_RULE, STOCK_RULE, JUMP_RULE)

# ---------------------------------------------------------------- highlights (prose figures)


@dataclass(frozen=True)
class Highlight:
    """A figure the prose states. `patterns` find it in a sentence (group 1 is the number).

    `restates` names the table cells whose sum the figure must equal; `share_of` makes it a
    percentage: 100 * sum(restates) / sum(share_of), equal to the printed figure when rounded
    to the printed number of decimals.
    """

    code: str
    label: str
    label_en: str
    unit: str  # 件, 元, 万元, %, 场 ...
    patterns: tuple[str, ...]
    restates: tuple[Term, ...] = ()
    share_of: tuple[Term, ...] = ()
    section: str = ""
    # words that, in the clause holding a match, show the number is another figure of the row:
    # '现行有效行政规范性文件393件，…制发的规范性文件77件' (393 is in force, not issued)
    excludes: tuple[str, ...] = ()


_STOCK_WORDS = ("现行有效", "废止", "清理", "修改", "失效", "库")


def _req(rows: tuple[str, ...] | list[str], col: str = "total") -> tuple[Term, ...]:
    return tuple(("requests", r, col) for r in rows)


_N_ = r"([0-9][0-9,，]*(?:\.[0-9]+)?)"  # a number as printed (digits normalised beforehand)
_P_ = r"([0-9]+(?:\.[0-9]+)?)\s*[%％]"

HIGHLIGHTS: tuple[Highlight, ...] = (
    Highlight("proactive_documents", "主动公开公文类政府信息", "Documents proactively disclosed",
              "件", (r"主动公开[^。；，,]{0,12}?政府信息" + _N_ + "件",), section="overview"),
    Highlight("rules_issued", "制发规章", "Rules issued", "件",
              (r"规章" + _N_ + "件",), (("proactive", "rules", "issued"),), section="overview",
              excludes=_STOCK_WORDS),
    Highlight("normative_documents_issued", "制发行政规范性文件", "Normative documents issued",
              "件", (r"规范性文件" + _N_ + "件",),
              (("proactive", "normative_documents", "issued"),), section="overview",
              excludes=_STOCK_WORDS),
    Highlight("normative_documents_in_force", "现行有效行政规范性文件",
              "Normative documents in force", "件",
              (r"现行有效[^。；，,]{0,6}?规范性文件" + _N_ + "件",),
              (("proactive", "normative_documents", "in_force"),), section="overview"),
    Highlight("normative_documents_repealed", "废止行政规范性文件",
              "Normative documents repealed", "件",
              (r"废止[^。；，,]{0,6}?规范性文件" + _N_ + "件",),
              (("proactive", "normative_documents", "repealed"),), section="overview"),
    Highlight("new_requests", "本年新收申请", "New requests received", "件",
              (r"(?:收到|新收|受理|接收)[^。；，,]{0,24}?申请(?:共计)?" + _N_ + "件",
               r"(?:收到|新收|受理|接收)" + _N_ + r"件[^。；，,]{0,4}?申请"),
              _req(["new_requests"]), section="overview"),
    Highlight("new_requests_natural_person", "本年新收自然人申请",
              "New requests from natural persons", "件",
              (r"申请(?:共计)?[0-9,]+件[，,]?(?:其中|涉及)[：:]?自然人" + _N_ + "件",),
              _req(["new_requests"], "natural_person"), section="overview"),
    Highlight("new_requests_commercial", "本年新收商业企业申请",
              "New requests from commercial enterprises", "件",
              (r"申请(?:共计)?[0-9,]+件[，,]?(?:其中|涉及)[：:]?[^。；]{0,12}?商业企业" + _N_ + "件",),
              _req(["new_requests"], "commercial_enterprise"), section="overview"),
    Highlight("new_requests_change", "申请数量同比变化", "Change in requests on last year", "%",
              (r"申请数量较\d{4}年(?:上升|增长|增加)" + _P_,), section="overview"),
    Highlight("handled_total", "本年办结（答复）申请", "Requests answered", "件",
              (r"(?:答复|办结|办理)[^。；，,]{0,16}?申请(?:公开)?" + _N_ + "件",
               r"(?:依法|及时|共)[^。；，,]{0,6}?办结" + _N_ + "件"),
              _req(["handled_total"]), section="overview"),
    Highlight("carried_over", "上年结转申请", "Carried over from last year", "件",
              (r"上年度?(?:转结|结转)(?:申请)?" + _N_ + "件",), _req(["carried_over"]),
              section="overview"),
    Highlight("carried_forward", "结转下年度继续办理", "Carried forward to next year", "件",
              (_N_ + r"件(?:申请)?(?:结转|顺延)(?:到|至)?下一?年度",
               r"结转(?:到|至)(?:下一?年度?|\d{4}年度?)(?:继续办理)?" + _N_ + "件"),
              _req(["carried_forward"]), section="overview"),
    Highlight("disclosed_or_partial", "予以公开及部分公开", "Disclosed in full or in part", "件",
              (r"予以公开(?:及|和|、)部分公开" + _N_ + "件",),
              _req(["disclosed", "partially_disclosed"]), section="overview"),
    Highlight("disclosed_or_partial_share", "予以公开及部分公开占比",
              "Share disclosed in full or in part", "%",
              (r"予以公开(?:及|和|、)部分公开[0-9,]+件[，,]?占" + _P_,),
              _req(["disclosed", "partially_disclosed"]), _req(["handled_total"]),
              section="overview"),
    Highlight("withheld", "不予公开", "Withheld", "件", (r"不予公开" + _N_ + "件",),
              _req(OUTCOME_GROUPS["withheld"]), section="overview"),
    Highlight("withheld_share", "不予公开占比", "Share withheld", "%",
              (r"不予公开[0-9,]+件[，,]?占" + _P_,),
              _req(OUTCOME_GROUPS["withheld"]), _req(["handled_total"]), section="overview"),
    Highlight("unavailable", "无法提供", "Cannot be provided", "件", (r"无法提供" + _N_ + "件",),
              _req(OUTCOME_GROUPS["unavailable"]), section="overview"),
    Highlight("unavailable_share", "无法提供占比", "Share that cannot be provided", "%",
              (r"无法提供[0-9,]+件[，,]?占" + _P_,),
              _req(OUTCOME_GROUPS["unavailable"]), _req(["handled_total"]), section="overview"),
    Highlight("unprocessed", "不予处理", "Not processed", "件", (r"不予处理" + _N_ + "件",),
              _req(OUTCOME_GROUPS["unprocessed"]), section="overview"),
    Highlight("unprocessed_share", "不予处理占比", "Share not processed", "%",
              (r"不予处理[0-9,]+件[，,]?占" + _P_,),
              _req(OUTCOME_GROUPS["unprocessed"]), _req(["handled_total"]), section="overview"),
    Highlight("other_handling", "其他处理", "Otherwise closed", "件", (r"其他处理" + _N_ + "件",),
              _req(OUTCOME_GROUPS["other_handling"]), section="overview"),
    Highlight("other_handling_share", "其他处理占比", "Share otherwise closed", "%",
              (r"其他处理[0-9,]+件(?:[（(][^）)]*[）)])?[，,]?占" + _P_,),
              _req(OUTCOME_GROUPS["other_handling"]), _req(["handled_total"]),
              section="overview"),
    Highlight("withdrawn", "申请人主动撤销", "Withdrawn by the applicant", "件",
              (r"主动撤销(?:申请)?" + _N_ + "件",), section="overview"),
    Highlight("reconsideration", "信息公开行政复议", "Administrative reconsiderations", "件",
              (r"行政复议(?:案件)?" + _N_ + "件",),
              (("appeals", "administrative_reconsideration", "total"),), section="overview"),
    Highlight("reconsideration_corrected", "行政复议结果纠正", "Reconsiderations corrected", "件",
              (r"行政复议[0-9,]+件[，,]?(?:其中)?结果纠正" + _N_ + "件",),
              (("appeals", "administrative_reconsideration", "corrected"),), section="overview"),
    Highlight("litigation", "信息公开行政诉讼", "Lawsuits", "件",
              (r"行政诉讼(?:案件)?" + _N_ + "件",),
              (("appeals", "litigation_direct", "total"),
               ("appeals", "litigation_after_reconsideration", "total")), section="overview"),
    Highlight("litigation_corrected", "行政诉讼结果纠正", "Lawsuits corrected", "件",
              (r"行政诉讼[0-9,]+件[，,]?(?:其中)?结果纠正" + _N_ + "件",),
              (("appeals", "litigation_direct", "corrected"),
               ("appeals", "litigation_after_reconsideration", "corrected")), section="overview"),
    Highlight("processing_fees", "信息公开处理费", "Information processing fees collected", "元",
              (r"信息公开处理费[^。；\d]{0,8}?" + _N_ + r"\s*元",
               r"处理费[^。；\d]{0,8}?" + _N_ + r"\s*元"), section="other"),
)


def member_label(table: str, axis: str, code: str) -> str:
    """Chinese label of a row or column code, for messages and pages."""
    t = TABLES[table]
    m = t.row(code) if axis == "row" else t.col(code)
    return f"{m.number}{m.label}"


# ================================================================ the 2019 format
# 国办公开办函〔2019〕60号, used for the reports on 2019 and 2020. Section 四 is the same table;
# section 三 has a single （六）其他处理 row; section 二 is one table of five blocks with other
# measures. Codes are the 2021 ones wherever a figure means the same; new codes otherwise.

TEMPLATE_ID_2019 = "国办公开办函〔2019〕60号"
TEMPLATE_TITLE_2019 = "关于政府信息公开工作年度报告有关事项的通知"

_A1, _A5, _A6, _A8, _A9 = ("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项",
                           "第二十条第（八）项", "第二十条第（九）项")
PROACTIVE_ITEMS_2019 = (
    Member("rules", "规章", "Government rules", group="article_20_1", group_label=_A1),
    Member("normative_documents", "规范性文件", "Normative documents", group="article_20_1",
           group_label=_A1, aliases=("行政规范性文件",)),
    Member("administrative_licensing", "行政许可", "Administrative licensing", group="article_20_5",
           group_label=_A5),
    Member("other_external_services", "其他对外管理服务事项",
           "Other external management and service matters", group="article_20_5",
           group_label=_A5),
    Member("administrative_penalty", "行政处罚", "Administrative penalties", group="article_20_6",
           group_label=_A6),
    Member("administrative_coercion", "行政强制", "Administrative coercive measures",
           group="article_20_6", group_label=_A6),
    Member("administrative_fees", "行政事业性收费", "Administrative fees", group="article_20_8",
           group_label=_A8),
    Member("government_procurement", "政府集中采购", "Centralised government procurement",
           group="article_20_9", group_label=_A9),
)
PROACTIVE_MEASURES_2019 = (
    Member("made", "本年新制作数量", "Newly made this year"),
    Member("published", "本年新公开数量", "Newly published this year"),
    Member("published_total", "对外公开总数量", "Published in total"),
    Member("items_last_year", "上一年项目数量", "Items in the previous year"),
    Member("items_change", "本年增/减", "Change in items this year", aliases=("本年增减",),
           kind="change"),
    Member("decisions", "处理决定数量", "Decisions this year", aliases=("本年处理决定数量",)),
    Member("procurement_items", "采购项目数量", "Procurement projects"),
    Member("procurement_amount", "采购总金额", "Total procurement amount (unit as printed)",
           kind="amount"),
)
PROACTIVE_BLOCKS_2019: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("article_20_1", _A1, ("rules", "normative_documents"), ("made", "published", "published_total")),
    ("article_20_5", _A5, ("administrative_licensing", "other_external_services"),
     ("items_last_year", "items_change", "decisions")),
    ("article_20_6", _A6, ("administrative_penalty", "administrative_coercion"),
     ("items_last_year", "items_change", "decisions")),
    ("article_20_8", _A8, ("administrative_fees",), ("items_last_year", "items_change")),
    ("article_20_9", _A9, ("government_procurement",), ("procurement_items", "procurement_amount")),
)
PROACTIVE_2019 = Table(
    code="proactive", title=PROACTIVE.title, title_en=PROACTIVE.title_en,
    heading=PROACTIVE.heading, row_field="item", col_field="measure", value_field="value",
    rows=PROACTIVE_ITEMS_2019, cols=PROACTIVE_MEASURES_2019,
    cells=tuple((item, m) for _, _, items, measures in PROACTIVE_BLOCKS_2019 for item in items
                for m in measures),
)

# （六）其他处理 is one row of figures in the 2019 format, a group of three lines in 2021's.
_OTHER_2019 = Member("other_handling", "其他处理", "Otherwise closed", "（六）", "outcomes", _OUT)
REQUEST_ROWS_2019 = tuple(
    _OTHER_2019 if r.code == "other_no_correction" else r for r in REQUEST_ROWS
    if r.code not in ("other_fee_unpaid", "other_other"))
REQUEST_GROUPS_2019 = tuple(g for g in REQUEST_GROUPS if g.code != "other_handling")
OUTCOME_GROUPS_2019: dict[str, tuple[str, ...]] = {
    **OUTCOME_GROUPS, "other_handling": ("other_handling",)}
REQUESTS_2019 = Table(
    code="requests", title=REQUESTS.title, title_en=REQUESTS.title_en, heading=REQUESTS.heading,
    row_field="row", col_field="applicant", value_field="count", rows=REQUEST_ROWS_2019,
    cols=APPLICANTS,
)


# ================================================================ formats


@dataclass(frozen=True)
class Format:
    """One national format: its tables, identities and prose figures, and the years it covers."""

    code: str  # "2021" or "2019": the year of the notice that set it
    document: str  # the notice, e.g. 国办公开办函〔2021〕30号
    title: str
    first_year: int
    last_year: int | None
    tables: dict[str, Table]
    proactive_blocks: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]
    request_groups: tuple[Member, ...]
    outcome_groups: dict[str, tuple[str, ...]]
    identities: tuple[Identity, ...]
    highlights: tuple[Highlight, ...]

    def member_label(self, table: str, axis: str, code: str) -> str:
        t = self.tables[table]
        m = t.row(code) if axis == "row" else t.col(code)
        return f"{m.number}{m.label}"

    def has(self, term: Term) -> bool:
        table, row, col = term
        return (row, col) in self.tables[table].cell_keys()

    def covers(self, year: int) -> bool:
        return year >= self.first_year and (self.last_year is None or year <= self.last_year)


def _translate_2019(term: Term) -> tuple[Term, ...]:
    """A 2021 cell's 2019 counterpart(s), or () where the 2019 format has none."""
    table, row, col = term
    if table == "requests" and row in OUTCOME_GROUPS["other_handling"]:
        return (("requests", "other_handling", col),)
    if table == "proactive" and col == "issued":
        return (("proactive", row, "made"),)
    return (term,) if (row, col) in TABLES_2019[table].cell_keys() else ()


def _highlights_2019() -> tuple[Highlight, ...]:
    """The prose figures, restating the 2019 cells that mean what the 2021 ones do."""
    out = []
    for h in HIGHLIGHTS:
        restates = tuple(dict.fromkeys(x for t in h.restates for x in _translate_2019(t)))
        share_of = tuple(dict.fromkeys(x for t in h.share_of for x in _translate_2019(t)))
        complete = all(_translate_2019(t) for t in (*h.restates, *h.share_of))
        out.append(Highlight(h.code, h.label, h.label_en, h.unit, h.patterns,
                             restates if complete else (), share_of if complete else (),
                             h.section, h.excludes))
    return tuple(out)


TABLES_2019: dict[str, Table] = {t.code: t for t in (PROACTIVE_2019, REQUESTS_2019, APPEALS)}

FORMAT_2021 = Format("2021", TEMPLATE_ID, TEMPLATE_TITLE, FIRST_YEAR, None, TABLES,
                     PROACTIVE_BLOCKS, REQUEST_GROUPS, OUTCOME_GROUPS, IDENTITIES, HIGHLIGHTS)
FORMAT_2019 = Format("2019", TEMPLATE_ID_2019, TEMPLATE_TITLE_2019, 2019, 2020, TABLES_2019,
                     PROACTIVE_BLOCKS_2019, REQUEST_GROUPS_2019, OUTCOME_GROUPS_2019,
                     _identities(REQUEST_ROWS_2019, OUTCOME_GROUPS_2019), _highlights_2019())
FORMATS: dict[str, Format] = {f.code: f for f in (FORMAT_2021, FORMAT_2019)}
EARLIEST_YEAR = min(f.first_year for f in FORMATS.values())


def format_for_year(year: int) -> Format | None:
    """The national format of a report on `year`; None before 2019 (no national format)."""
    return next((f for f in FORMATS.values() if f.covers(year)), None)


def format_of(document_or_code: str) -> Format:
    """A format by its code ("2019") or its notice (国办公开办函〔2019〕60号), as a package names it."""
    for f in FORMATS.values():
        if document_or_code in (f.code, f.document):
            return f
    raise KeyError(f"no national format {document_or_code!r}")


# ---------------------------------------------------------------- comparability across formats


@dataclass(frozen=True)
class Comparable:
    """A figure that means the same in both formats: the cells summed for it in each."""

    code: str  # table:row:column of the 2021 format, or table:group:column for a group
    table: str
    label: str
    terms: dict[str, tuple[Term, ...]]  # format code -> cells summed
    note: str = ""


def _comparability() -> tuple[Comparable, ...]:
    out = []
    for t in TABLES.values():
        for row, col in t.cell_keys():
            term = (t.code, row, col)
            if FORMAT_2019.has(term):
                out.append(Comparable(":".join(term), t.code,
                                      f"{member_label(t.code, 'row', row)} · "
                                      f"{member_label(t.code, 'col', col)}",
                                      {"2021": (term,), "2019": (term,)}))
    group = REQUEST_GROUPS[-1]
    for a in APPLICANTS:
        out.append(Comparable(
            f"requests:{group.code}:{a.code}", "requests",
            f"{group.number}{group.label} · {a.label}",
            {"2021": _req(OUTCOME_GROUPS["other_handling"], a.code),
             "2019": (("requests", "other_handling", a.code),)},
            "2019年格式只有一行（六）其他处理，等于2021年格式三个分项之和"))
    return tuple(out)


COMPARABILITY: tuple[Comparable, ...] = _comparability()
COMPARABLE: dict[str, Comparable] = {c.code: c for c in COMPARABILITY}
