"""Column roles of a plan's task table, found from the header text — never by position.

Each role has a synonym table (folded text, DOMAIN.md "Other plans look different"). A
header cell gets a role when its folded text equals a synonym, starts with one (``Tiến độ
trình …``, ``Cơ quan tham gia thẩm tra``), or is within a small edit distance of one
(rapidfuzz, for typos). A column that matches two roles equally, two columns that claim the
same role, or a table without content or without both lead unit and deadline is an error
that shows the header seen and the ``--map role="Column title"`` that fixes it. A mapping
(``--map`` or a mapping file) overrides every guess; other columns are kept as extras.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .errors import InputError
from .i18n import get_lang, tr
from .textutil import fold, nfc

# The roles, in the master's order. "extra" columns are kept, never interpreted.
ROLES = ("number", "content", "leader", "lead", "coord", "start", "due", "output", "notes")
ROLE_ALIASES = {
    "tt": "number",
    "stt": "number",
    "so": "number",
    "noi_dung": "content",
    "lead_unit": "lead",
    "lead_units": "lead",
    "chu_tri": "lead",
    "coordinating": "coord",
    "coordinating_units": "coord",
    "phoi_hop": "coord",
    "deadline": "due",
    "completion": "due",
    "han": "due",
    "product": "output",
    "result": "output",
    "note": "notes",
}
ROLE_LABELS = {
    "number": ("Số thứ tự", "Number"),
    "content": ("Nội dung", "Content"),
    "leader": ("Lãnh đạo phụ trách", "Leader in charge"),
    "lead": ("Đơn vị chủ trì", "Lead unit"),
    "coord": ("Đơn vị phối hợp", "Coordinating units"),
    "start": ("Thời gian bắt đầu", "Start"),
    "due": ("Thời hạn", "Deadline"),
    "output": ("Sản phẩm", "Output"),
    "notes": ("Ghi chú", "Notes"),
    "extra": ("Cột thêm (giữ nguyên)", "Extra column (kept)"),
}

# Folded synonyms. A header matches a synonym exactly, or starts with it (whole words).
SYNONYMS: dict[str, tuple[str, ...]] = {
    # "S TT": "STT" broken by a space (Quyết định 518/QĐ-UBND of 2023, Bình Định, Phụ lục 02)
    "number": ("tt", "stt", "s tt", "so tt", "so thu tu", "thu tu", "ma so", "ma"),
    "content": (
        "noi dung thuc hien",
        "noi dung cong viec",
        "noi dung nhiem vu",
        "noi dung",
        "nhiem vu",
        "ten nhiem vu",
        "ten de an",
        "ten du an",
        "ten goi van ban",
        "ten van ban",
        "ten de an du an",
        "ten chuong trinh",
        "cong viec",
        "nhiem vu giai phap",
        "hoat dong",
        "danh muc",
        "ten nhiem vu de an",
        "chi tieu",
        "nhiem vu cong viec",
    ),
    "leader": (
        "lanh dao phu trach",
        "lanh dao chi dao",
        "lanh dao",
        "dong chi phu trach",
        "nguoi phu trach",
        # people, not units: "Người thực hiện" names the officers who do the task
        "nguoi thuc hien",
        "can bo phu trach",
        "can bo thuc hien",
        "nguoi chu tri",
        # a party programme's "Cá nhân phụ trách chỉ đạo, kiểm tra, đôn đốc" (Chương trình
        # hành động 104-CTr/TU of 2026, Tỉnh ủy Lào Cai)
        "ca nhan phu trach",
        "nguoi chiu trach nhiem",
    ),
    "lead": (
        "don vi chu tri",
        "co quan chu tri",
        "co quan soan thao",
        "co quan trinh",
        "chu dau tu",
        "co quan chu tri tham tra",
        "don vi thuc hien",
        "co quan thuc hien",
        "chu tri",
        "don vi chu tri thuc hien",
        "co quan don vi chu tri",
        "co quan chu tri soan thao",
        "don vi",
        "co quan",
        "trach nhiem thuc hien",
        "phan cong",
        "don vi chiu trach nhiem",
        "co quan chiu trach nhiem",
        "bo phan thuc hien",
        "bo phan chu tri",
        "dau moi thuc hien",
        "don vi dau moi",
        # a party programme names the committee in charge after each group of duties:
        # "Trách nhiệm chỉ đạo thực hiện: Đảng ủy Ủy ban nhân dân tỉnh." (104-CTr/TU of 2026)
        "trach nhiem chi dao thuc hien",
        "trach nhiem chi dao",
        # a bare "Phụ trách" (in charge) over the unit, team or person carrying a row out: a
        # task assignment sheet "Nội dung thực hiện: … | Phụ trách | Ghi chú" (a student
        # team's, HVKT-QS 2017); "Người phụ trách" stays a leader (people)
        "phu trach",
    ),
    "coord": (
        "don vi phoi hop",
        "co quan phoi hop",
        "co quan tham gia",
        "phoi hop",
        "don vi phoi hop thuc hien",
        "co quan don vi phoi hop",
        "don vi tham gia",
    ),
    "start": ("thoi gian thuc hien", "thoi gian bat dau", "bat dau", "thoi gian trien khai"),
    "due": (
        "thoi gian hoan thanh",
        "thoi han",
        "thoi han hoan thanh",
        "thoi han ban hanh",
        "tien do",
        "tien do trinh",
        "tien do hoan thanh",
        "ngay du kien trinh",
        "thoi gian trinh",
        "thoi han trinh",
        "thoi gian",
        "hoan thanh",
        "moc thoi gian",
        "thoi diem hoan thanh",
        "du kien thoi gian trinh",
        "du kien thoi gian hoan thanh",
        "lo trinh",
        "lo trinh thuc hien",
        "thoi diem",
        "han hoan thanh",
        "thoi gian hoan tat",
        "thoi han hoan tat",
        "hoan tat",
    ),
    "output": (
        "san pham",
        "hinh thuc van ban",
        "ket qua",
        "san pham du kien",
        "ket qua du kien",
        "hinh thuc san pham",
        "san pham dau ra",
        "du kien san pham",
        "du kien ket qua",
    ),
    "notes": ("ghi chu",),
}
# The first word(s) of a column that is kept as an extra without being a role.
KNOWN_EXTRA = ("kinh phi", "nguon kinh phi", "du toan", "tong muc dau tu", "cap trinh", "dia diem",
               "don vi tinh", "so luong", "chi tieu nam", "ty le", "cap phe duyet")  # fmt: skip
GROUP_SEP = " › "  # between a merged group title and its sub-column title
_FUZZY_MIN = 90
_SYN_ROLE = [(syn, role) for role, syns in SYNONYMS.items() for syn in syns]


@dataclass
class ColumnRole:
    index: int
    title: str
    role: str  # one of ROLES or "extra"
    why: str  # "exact 'don vi chu tri'", "starts with 'tien do'", "fuzzy 92 'thoi han'", "mapped"
    # a content column whose title also names the body carrying the rows out ("Danh mục dự
    # án/ Cơ quan, đơn vị, địa phương thực hiện"): its group rows name the lead of the rows
    # under them
    group_lead: bool = False


@dataclass
class HeaderMatch:
    row_index: int  # index of the (last) header row in the block's rows
    rows_used: int  # 1, or 2/3 for headers over several rows
    columns: list[ColumnRole]
    problems: list[str] = field(default_factory=list)

    def index_of(self, role: str) -> int | None:
        for c in self.columns:
            if c.role == role:
                return c.index
        return None

    def roles(self) -> dict[str, int]:
        return {c.role: c.index for c in self.columns if c.role != "extra"}

    def titles(self) -> list[str]:
        return [c.title for c in self.columns]


def canonical_role(name: str) -> str:
    key = fold(name).replace(" ", "_")
    role = ROLE_ALIASES.get(key, key)
    if role not in ROLES:
        raise InputError(
            tr(f"--map: vai trò cột không biết: {name}", f"--map: unknown column role: {name}"),
            hint=tr("Dùng một trong: ", "Use one of: ") + ", ".join(ROLES),
        )
    return role


def _strip_marks(title: str) -> str:
    # footnote marks and "(1)" column numbers printed in headers
    return re.sub(r"\(\s*\d+\s*\)|\[\d+\]", " ", title)


def guess_role(title: str) -> tuple[str | None, str, list[str]]:
    """The role of one header cell: (role or None, why, other roles it could also be).

    A sub-column under a merged group title (``Đơn vị thực hiện › Chủ trì``) takes the role
    of its own title when it has one, else of the whole."""
    if GROUP_SEP in title:
        group, sub = title.split(GROUP_SEP, 1)
        role, why, alts = _guess_cached(sub, get_lang())
        if role or alts:
            return role, why, list(alts)
        title = f"{group} {sub}"
    role, why, alts = _guess_cached(title, get_lang())
    return role, why, list(alts)


@functools.lru_cache(maxsize=8192)
def _guess_cached(title: str, lang: str) -> tuple[str | None, str, tuple[str, ...]]:
    """``_guess_one`` once per text and language: finding a document's tables asks it of
    every short line, and a long document repeats the same cells (``Bộ Tài chính``) by the
    hundred. The language is part of the key because the reason is worded in it."""
    role, why, alts = _guess_one(title)
    return role, why, tuple(alts)


# lead synonyms that name no role by themselves ("Đơn vị", "Cơ quan"), and the words that do
_BARE_HEADS = ("don vi", "co quan")
_LEAD_WORDS = ("chu tri", "thuc hien", "dau moi", "chiu trach nhiem")


def _guess_one(title: str) -> tuple[str | None, str, list[str]]:
    f = fold(_strip_marks(title))
    if not f:
        return None, "", []
    if any(f == k or f.startswith(k + " ") for k in KNOWN_EXTRA):
        return None, "", []
    exact = {role for syn, role in _SYN_ROLE if f == syn}
    if len(exact) == 1:
        role = exact.pop()
        return role, f"= '{f}'", []
    if len(exact) > 1:
        return None, "", sorted(exact)
    # the longest synonym that starts the header (whole words) wins; a tie of roles at that
    # length is ambiguous
    best_len = 0
    best: set[str] = set()
    best_syn = ""
    for syn, role in _SYN_ROLE:
        if f.startswith(syn + " ") and len(syn) >= best_len:
            if len(syn) > best_len:
                best, best_len, best_syn = set(), len(syn), syn
            best.add(role)
    if best:
        if len(best) == 1:
            role = best.pop()
            # "Cơ quan chủ trì, phối hợp": a column of lead and coordinating units
            other = {"lead": "phoi hop", "coord": "chu tri"}.get(role)
            rest = f" {f[len(best_syn) :]} "
            if other and f" {other} " in rest:
                if best_syn in _BARE_HEADS and not any(f" {w} " in rest for w in _LEAD_WORDS):
                    # "Đơn vị/Cá nhân phối hợp" (a ministry's task list, Bộ GD&ĐT 2017): a
                    # bare "Đơn vị" says no role; the words after it do
                    return "coord", tr(f"có chữ '{other}'", f"contains '{other}'"), []
                return None, "", sorted({"lead", "coord"})
            return role, tr(f"bắt đầu bằng '{best_syn}'", f"starts with '{best_syn}'"), []
        return None, "", sorted(best)
    # a synonym much shorter than the title cannot come within a point of _FUZZY_MIN (the
    # ratio is at most 200·len(syn) / (len(f) + len(syn))): not scored, the same result
    shortest = max(6, len(f) * (_FUZZY_MIN - 1) / (200 - (_FUZZY_MIN - 1)))
    scored = sorted(
        ((fuzz.ratio(f, syn), syn, role) for syn, role in _SYN_ROLE if len(syn) >= shortest),
        reverse=True,
    )
    if scored and scored[0][0] >= _FUZZY_MIN:
        top = scored[0]
        rivals = {r for s, _syn, r in scored if s >= top[0] - 1 and r != top[2]}
        if rivals:
            return None, "", sorted({top[2], *rivals})
        return (
            top[2],
            tr(f"gần '{top[1]}' ({top[0]:.0f}%)", f"close to '{top[1]}' ({top[0]:.0f}%)"),
            [],
        )
    return _guess_by_word(f)


# A title no synonym starts (``Sở, ngành chủ trì tham mưu``, ``Các cơ quan phối hợp thực
# hiện``) takes the role of the one role word it contains; a title with words of two roles
# (``Cơ quan chủ trì, phối hợp``) is ambiguous: an error that shows it, never a guess.
_ROLE_WORDS = (
    ("chu tri", "lead"),
    ("phoi hop", "coord"),
    ("thoi han", "due"),
    ("hoan thanh", "due"),
    ("lanh dao", "leader"),
)


def _guess_by_word(f: str) -> tuple[str | None, str, list[str]]:
    if len(f.split()) > 8 or re.search(r"\d", f):  # a sentence or a date: a cell, not a title
        return None, "", []
    padded = f" {f} "
    found = {(word, role) for word, role in _ROLE_WORDS if f" {word} " in padded}
    roles = {role for _w, role in found}
    if len(roles) == 1:
        word = sorted(w for w, _r in found)[0]
        return roles.pop(), tr(f"có chữ '{word}'", f"contains '{word}'"), []
    if len(roles) > 1:
        return None, "", sorted(roles)
    return None, "", []


def _header_score(cells: list[str]) -> tuple[int, bool]:
    roles = set()
    for c in cells:
        if c and len(c) <= 80:
            r, _why, alts = guess_role(c)
            if r:
                roles.add(r)
            roles.update(alts)
    if "due" not in roles and _timetable_titles(cells) >= 2:
        roles.add("due")  # "Tháng 1 | Tháng 2 | …", "Quý I | Quý II | …": a timetable
    has_content = "content" in roles
    return len(roles), has_content


def _timetable_titles(cells: list[str]) -> int:
    """How many titles name a month or a quarter on their own (a bare year may be a budget's)."""
    return sum(1 for c in cells if c and period_title(c) and not re.search(r"\d{4}", c))


def is_header_row(cells: list[str]) -> bool:
    n, has_content = _header_score(cells)
    return has_content and n >= 3 or n >= 4


def is_other_header(cells: list[str]) -> bool:
    """A row of column titles without a content column (``TT | NGÀNH, LĨNH VỰC/ ĐỊA PHƯƠNG |
    TỐC ĐỘ BÌNH QUÂN … | CƠ QUAN CHỦ TRÌ, THEO DÕI | CƠ QUAN PHỐI HỢP``, Nghị quyết 109/NQ-CP
    of 2026, Phụ lục II): the header of another table, not a task."""
    first = next((c for c in cells if c.strip()), "")
    if not first or guess_role(first)[0] != "number":
        return False
    n, has_content = _header_score(cells)
    return not has_content and n >= 3


def _looks_like_data(cells: list[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    return bool(re.match(r"^\(?\s*(\d+|[IVX]+|[a-zđ])\s*[.)]?\s*$", first)) and any(
        len(c) > 40 for c in cells
    )


def merge_header_rows(top: list[str], below: list[str]) -> list[str]:
    """A group title over sub-columns: ``Hình thức xử lý`` over ``Thay thế | Bãi bỏ``.

    ``top`` is the header row with the group title in its first cell (merged cells repeat or
    leave empty cells to the right); ``below`` holds the sub-titles."""
    width = max(len(top), len(below))
    top = top + [""] * (width - len(top))
    below = below + [""] * (width - len(below))
    out = []
    group = ""
    for i in range(width):
        t, b = top[i].strip(), below[i].strip()
        if t:
            group = t
        if b:
            if t and t != b and i + 1 < width and (top[i + 1].strip() in ("", t)) and below[i + 1]:
                out.append(nfc(t) + GROUP_SEP + nfc(b))  # the first sub-column under a title
            elif not t and group:
                out.append(nfc(group) + GROUP_SEP + nfc(b))
            elif t and t == (top[i - 1].strip() if i else ""):
                out.append(nfc(t) + GROUP_SEP + nfc(b))
            else:
                out.append(b if not t else (t if t == b else nfc(t) + GROUP_SEP + nfc(b)))
        else:
            out.append(t)
            if t:
                group = t if (i + 1 < width and not top[i + 1].strip()) else ""
    return out


def _sub_header(top: list[str], below: list[str]) -> bool:
    """``below`` continues a header row: sub-titles (short, no data shape) under it."""
    texts = [c for c in below if c.strip()]
    if not texts or _looks_like_data(below):
        return False
    if any(len(c) > 60 for c in texts):
        return False
    if all(re.fullmatch(r"\(?\d+\)?", c.strip()) for c in texts):
        return False  # a column-number row "(1) (2) (3)"
    if top and below and not top[0].strip() and re.fullmatch(r"\d{1,3}\.?", below[0].strip()):
        # the first task, numbered "1" under the number column's empty title (a tracking
        # software's export, Bộ GD&ĐT 2017: "1 | 242424234 | Vụ TCCB | … | BT | …")
        return False
    # sub-titles sit under empty (merged) top cells or repeat a group title's span
    n_under_gap = sum(
        1
        for i, c in enumerate(below)
        if c.strip()
        and (i >= len(top) or not top[i].strip() or (i and top[i].strip() == top[i - 1].strip()))
    )
    return n_under_gap >= 1 and all(guess_role(c)[0] != "content" for c in texts)


def find_header(rows: list[list[str]], limit: int = 60) -> tuple[int, int, list[str]] | None:
    """(index of the first header row, rows used, column titles) or None."""
    for i, cells in enumerate(rows[:limit]):
        if not is_header_row(cells):
            continue
        titles = list(cells)
        used = 1
        if i + 1 < len(rows) and _sub_header(cells, rows[i + 1]):
            titles = merge_header_rows(cells, rows[i + 1])
            used = 2
        return i, used, titles
    return None


def assign_roles(
    titles: list[str], mapping: dict[str, str] | None = None, *, where: str = ""
) -> list[ColumnRole]:
    """Give each column a role. ``mapping``: role -> column title (overrides guesses).

    Raises :class:`InputError` for a column that could be two roles, two columns claiming
    one role, or a missing required role, with the header seen and how to map it."""
    mapping = {canonical_role(k): v for k, v in (mapping or {}).items()}
    cols = [ColumnRole(i, nfc(t), "extra", "") for i, t in enumerate(titles)]
    mapped_idx: dict[int, str] = {}
    for role, title in mapping.items():
        want = fold(title)
        hit = [c for c in cols if fold(c.title) == want] or [
            c for c in cols if want and fold(c.title).startswith(want)
        ]
        if not hit:
            raise InputError(
                tr(
                    f'--map {role}="{title}": không có cột này. Tiêu đề thấy: {_show(titles)}',
                    f'--map {role}="{title}": no such column. Header seen: {_show(titles)}',
                ),
                hint=tr("Chép đúng tiêu đề cột", "Copy the column title exactly"),
                file=where,
            )
        if len(hit) > 1:
            raise InputError(
                tr(
                    f'--map {role}="{title}" khớp {len(hit)} cột. Tiêu đề thấy: {_show(titles)}',
                    f'--map {role}="{title}" matches {len(hit)} columns. Header seen: {_show(titles)}',
                ),
                hint=tr("Ghi đủ tiêu đề cột", "Give the full column title"),
                file=where,
            )
        hit[0].role, hit[0].why = role, "--map"
        mapped_idx[hit[0].index] = role
    ambiguous: list[tuple[ColumnRole, list[str]]] = []
    for c in cols:
        if c.index in mapped_idx or not c.title:
            continue
        role, why, alts = guess_role(c.title)  # type: ignore[assignment]
        if role and role in mapping:
            c.why = tr(f"'{role}' đã gán cho cột khác", f"'{role}' mapped to another column")
            continue
        if role:
            c.role, c.why = role, why
        elif alts:
            ambiguous.append((c, alts))
    for c, alts in ambiguous:
        raise InputError(
            tr(
                f'Cột "{c.title}" có thể là {" hoặc ".join(alts)}. Tiêu đề thấy: {_show(titles)}',
                f'Column "{c.title}" could be {" or ".join(alts)}. Header seen: {_show(titles)}',
            ),
            hint=tr("Chọn bằng ", "Choose with ") + f'--map {alts[0]}="{c.title}"',
            file=where,
        )
    _mark_periods(cols)
    # two columns for one role
    by_role: dict[str, list[ColumnRole]] = {}
    for c in cols:
        if c.role not in ("extra", PERIOD):
            by_role.setdefault(c.role, []).append(c)
    for role, cs in by_role.items():
        if len(cs) < 2:
            continue
        if role == "leader":
            # "Lãnh đạo phụ trách" and "Người thực hiện": the officers doing the task are
            # kept as an extra column beside the leader in charge
            doers = [c for c in cs if _is_doer(c.title)]
            if doers and len(doers) < len(cs):
                for c in doers:
                    if c.why != "--map":
                        c.role, c.why = "extra", tr("người thực hiện", "the officers doing it")
                if sum(1 for c in cs if c.role == "leader") < 2:
                    continue
        if role in ("output", "notes"):  # several product/notes columns: keep the first
            for c in cs[1:]:
                c.role, c.why = "extra", tr(f"cột '{role}' thứ hai", f"second '{role}' column")
            continue
        if _exact_title_wins(cs) or _name_beside_description(cs):
            continue
        raise InputError(
            tr(
                f"Hai cột cùng là '{role}': {', '.join(repr(c.title) for c in cs)}. Tiêu đề thấy: {_show(titles)}",
                f"Two columns are '{role}': {', '.join(repr(c.title) for c in cs)}. Header seen: {_show(titles)}",
            ),
            hint=tr("Chọn cột bằng ", "Choose the column with ") + f'--map {role}="{cs[-1].title}"',
            file=where,
        )
    _carry_out_after_issue(cols)
    _content_naming_body(cols)
    roles = {c.role for c in cols}
    if "due" not in roles and "start" in roles:
        # the only time column is the deadline ("Thời gian thực hiện: Quý IV/2025")
        for c in cols:
            if c.role == "start":
                c.role = "due"
                c.why += tr(
                    " (cột thời gian duy nhất: là thời hạn)",
                    " (the only time column: the deadline)",
                )
        roles = {c.role for c in cols}
    if PERIOD in roles and "due" not in roles:
        roles.add("due")  # the last period marked in a row is its deadline
    if any(c.group_lead for c in cols):
        roles.add("lead")  # named by the group rows
    _require_roles(roles, titles, where)
    return cols


def names_group_lead(title: str) -> bool:
    """A title of two parts around a slash, one naming the content and the other the body
    that carries it out: ``Danh mục dự án/ Cơ quan, đơn vị, địa phương thực hiện`` (Quyết
    định 518/QĐ-UBND of 2023, Bình Định: capital allocated by project, each project under a
    Roman group row ``I | SỞ GIÁO DỤC VÀ ĐÀO TẠO``, ``II | THỊ XÃ HOÀI NHƠN``), ``Danh mục
    dự án/ Chủ đầu tư``, ``Đơn vị/ Nội dung``. Such a column holds both: the group rows name
    the body, the rows under them its projects or tasks."""
    parts = [p for p in re.split(r"\s*/\s*", _strip_marks(title.split(GROUP_SEP)[-1])) if p]
    if len(parts) < 2:
        return False
    roles = {_guess_cached(p, get_lang())[0] for p in parts}
    return {"content", "lead"} <= roles


def _content_naming_body(cols: list[ColumnRole]) -> None:
    """A column of content and bodies (``names_group_lead``) is the content column, its group
    rows the lead of the rows under them — unless another column is the content (``Đơn vị/
    Nội dung`` beside ``Nội dung công việc`` keeps its lead role)."""
    for c in cols:
        if c.role not in ("content", "lead") or not names_group_lead(c.title):
            continue
        if c.role == "lead" and (
            c.why == "--map" or any(o.role == "content" for o in cols if o is not c)
        ):
            continue
        if c.role == "lead" and any(o.role == "lead" for o in cols if o is not c):
            continue
        if c.role == "lead":
            c.why = tr(
                "tiêu đề ghi cả nội dung và đơn vị", "the title names the content and the body"
            )
        c.role, c.group_lead = "content", True
        c.why = (c.why + "; " if c.why else "") + tr(
            "tiêu đề ghi cả cơ quan thực hiện: mỗi dòng nhóm (I, II …) ghi tên cơ quan, đơn vị, "
            "địa phương là đơn vị chủ trì các dòng dưới nó",
            "the title also names the body carrying it out: each group row (I, II …) names the "
            "body, unit or locality that is the lead of the rows under it",
        )


def _require_roles(roles: set[str], titles: list[str], where: str) -> None:
    """The content, and the lead unit or the deadline; a table that names only the people
    doing each task ("Người thực hiện") is read too, its tasks flagged no_lead_unit."""
    if "content" not in roles:
        raise InputError(
            tr(
                f"Không thấy cột 'content' trong bảng. Tiêu đề thấy: {_show(titles)}",
                f"No 'content' column in the table. Header seen: {_show(titles)}",
            ),
            hint=tr("Chỉ cột bằng ", "Name the column with ") + '--map content="…"',
            file=where,
        )
    if not ({"lead", "due", "leader"} & roles):
        # only one of the two is needed: say both
        raise InputError(
            tr(
                "Không thấy cột đơn vị chủ trì ('lead') hay thời hạn ('due') trong bảng. "
                f"Tiêu đề thấy: {_show(titles)}",
                f"No lead-unit ('lead') or deadline ('due') column in the table. "
                f"Header seen: {_show(titles)}",
            ),
            hint=tr("Chỉ một cột bằng ", "Name one with ")
            + tr('--map lead="…" hoặc --map due="…"', '--map lead="…" or --map due="…"'),
            file=where,
        )


# Synonyms that only say "time": a column they start is a weaker claim than one named for
# its deadline ("Thời gian xử lý" beside "Ngày dự kiến trình ban hành").
_GENERIC_SYNS = frozenset({"thoi gian", "thoi diem", "hoan thanh"})
# "Tiến độ" alone is the deadline in a plan ("Tiến độ: Quý II/2026") but the state of the
# work in a tracking list, beside its deadline: "Thời hạn | Kết quả thực hiện | Tiến độ"
# ("Đã hoàn thành quá hạn", "Chưa hoàn thành"; Thông báo 624/TB-VPCP of 2025, Phụ lục II)
_PROGRESS = "tien do"


def _claim_rank(title: str, role: str) -> int:
    """How firmly a title names ``role``: 3 the whole title is a synonym, 2 it starts with a
    specific synonym, 1 with a generic one ("Thời gian …"), 0 otherwise (fuzzy, one word)."""
    f = fold(_strip_marks(title.split(GROUP_SEP)[-1]))
    syns = SYNONYMS.get(role, ())
    if role == "due" and f == _PROGRESS:
        return 1
    if role == "lead" and f in _BARE_HEADS:
        # a bare "Đơn vị" beside "Cơ quan chủ trì theo dõi, đánh giá" is the unit of measure
        # of an indicator ('%'), not the body in charge (Quyết định 2629/QĐ-TTg of 2025,
        # Phụ lục I: ``TT · Chỉ tiêu · Đơn vị · Kết quả · Cơ quan chủ trì …``)
        return 1
    if f in syns:
        return 3
    starts = [s for s in syns if f.startswith(s + " ")]
    if not starts:
        return 0
    return 1 if max(starts, key=len) in _GENERIC_SYNS else 2


def _exact_title_wins(cs: list[ColumnRole]) -> bool:
    """Two columns claim one role and one names it more firmly than every other: by its
    whole title (``Cơ quan soạn thảo`` beside ``Cơ quan soạn thảo trình UBND tỉnh``, a step
    of the procedure) or by a deadline synonym beside a bare "Thời gian …" (``Ngày dự kiến
    trình ban hành`` beside ``Thời gian xử lý``). That column keeps the role, the others are
    kept as extra columns. Returns True when that settled it; columns of equal standing
    (``Cơ quan trình`` beside ``Cơ quan soạn thảo``) stay an error."""
    if any(c.why == "--map" for c in cs):
        return False
    ranks = [_claim_rank(c.title, c.role) for c in cs]
    top = max(ranks)
    if top < 2 or ranks.count(top) != 1:
        return False
    win = cs[ranks.index(top)]
    for c in cs:
        if c is not win:
            progress = win.role == "due" and fold(_strip_marks(c.title)) == _PROGRESS
            c.role, c.why = (
                "extra",
                tr(
                    f"tình trạng thực hiện: thời hạn là cột '{win.title}'",
                    f"the state of the work: the deadline is the column '{win.title}'",
                )
                if progress
                else tr(
                    f"'{win.role}' là cột '{win.title}' (tiêu đề rõ hơn)",
                    f"'{win.role}' is the column '{win.title}' (a plainer title)",
                ),
            )
    return True


def _carry_out_after_issue(cols: list[ColumnRole]) -> None:
    """A deadline to issue a document ("Thời gian ban hành") beside the time to carry it out
    ("Thời gian triển khai thực hiện"): the task is the document, due when it is to be issued;
    carrying it out comes after (a party committee's action programme: "Quý IV/2025" to issue,
    "Năm 2026" to carry out; Tỉnh ủy Thái Nguyên 2025). That column is no start (every row
    would be "due before start", and the task would count as not begun while the document is
    being written): it is kept as an extra column."""
    due = [c for c in cols if c.role == "due" and "ban hanh" in fold(_strip_marks(c.title))]
    if len(due) != 1:
        return
    for c in cols:
        if c.role == "start" and c.why != "--map" and "trien khai" in fold(_strip_marks(c.title)):
            c.role, c.why = (
                "extra",
                tr(
                    f"thời gian triển khai sau khi ban hành: thời hạn là cột '{due[0].title}'",
                    f"the time to carry it out once issued: the deadline is the column "
                    f"'{due[0].title}'",
                ),
            )


def _name_beside_description(cs: list[ColumnRole]) -> bool:
    """Two content columns, one naming the task ("Tên dự án, nhiệm vụ", "Tên nhiệm vụ") and
    the other describing it ("Nội dung chính", "Nội dung"): the name is the task's content,
    the description an extra column kept beside it (Quyết định 2530/QĐ-TTg of 2025, Phụ
    lục II). Returns True when that settled it."""
    if len(cs) != 2 or cs[0].role != "content" or any(c.why == "--map" for c in cs):
        return False
    folded = [fold(_strip_marks(c.title.split(GROUP_SEP)[-1])) for c in cs]
    names = [c for c, f in zip(cs, folded, strict=True) if f.startswith("ten ")]
    described = [c for c, f in zip(cs, folded, strict=True) if f.startswith("noi dung")]
    if len(names) != 1 or len(described) != 1:
        return False
    described[0].role, described[0].why = (
        "extra",
        tr(
            f"mô tả nhiệm vụ: nội dung là cột '{names[0].title}'",
            f"the task's description: the content is the column '{names[0].title}'",
        ),
    )
    return True


# A timetable: one column per period under (or instead of) the time column, a mark ("x")
# in the periods a task runs: "Thời gian thực hiện › Quý I | Quý II | Quý III | Quý IV",
# "Tiến độ › Tháng 1 … Tháng 12", "Lộ trình › 2026 | 2027". Such columns take the role
# PERIOD: the row's last marked period is its deadline, its first the start.
PERIOD = "period"
_PERIOD_TITLE = re.compile(
    r"^(?:quy\s*(?:i{1,3}|iv|[1-4])|q\s*[1-4]|thang\s*(?:0?[1-9]|1[0-2])|t\s*(?:0?[1-9]|1[0-2])|"
    r"(?:nam\s+)?20\d\d|6 thang (?:dau|cuoi) nam)$"
)


def period_title(title: str) -> str:
    """The period a timetable column stands for (its own title under a group), or ""."""
    sub = title.split(GROUP_SEP, 1)[1] if GROUP_SEP in title else title
    folded = fold(_strip_marks(sub))
    if not _PERIOD_TITLE.match(folded):
        return ""
    short = re.fullmatch(r"t\s*(\d{1,2})", folded)
    # "T1 … T12": months, said in full so that the deadline reads them ("Tháng 2")
    return f"Tháng {int(short.group(1))}" if short else nfc(sub).strip()


def _mark_periods(cols: list[ColumnRole]) -> None:
    """Two or more columns named by periods (quarters, months, years), each a time column
    or none, are a timetable (never "two columns for one role")."""
    # under a time title ("Thời gian thực hiện › 2026"), or quarters/months on their own
    # ("Quý I | Quý II"); years under another title are not periods ("Kinh phí › 2026")
    found = [
        c
        for c in cols
        if c.why != "--map"
        and period_title(c.title)
        and (
            c.role in ("start", "due")
            or (c.role == "extra" and GROUP_SEP not in c.title and not re.search(r"\d{4}", c.title))
        )
    ]
    if len(found) < 2:
        return
    for c in found:
        c.role = PERIOD
        c.why = tr("kỳ thực hiện: ô đánh dấu", "a period, marked in its cell")


_DOERS = ("nguoi thuc hien", "can bo thuc hien", "can bo phu trach")


def _is_doer(title: str) -> bool:
    f = fold(_strip_marks(title))
    return any(f == d or f.startswith(d + " ") for d in _DOERS)


def _show(titles: list[str]) -> str:
    return " | ".join(nfc(t) or "·" for t in titles)
