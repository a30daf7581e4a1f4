"""Tasks written as prose rather than a table.

Two shapes (DOMAIN.md "Other plans look different"):

1. **Labelled fields**: a numbered paragraph (``1.1.``, ``a)``) followed by lines such as
   ``- Đơn vị chủ trì: …``, ``- Cơ quan phối hợp: …``, ``- Thời gian thực hiện: …``,
   ``- Kết quả: …`` — or the fields themselves numbered (``a) Cơ quan chủ trì: …; b) …``,
   ``1. Tên nhiệm vụ: … 2. Cơ quan chủ trì: …``). Numbered paragraphs printed one after the
   other without fields share the field block printed after the last of them.
2. **Duties per body** (``Tổ chức thực hiện``, ``Phân công nhiệm vụ``): a numbered heading
   that names a body (``1.5. Công an Phường``, ``a) Tổ đảng ở Thường trực Ủy ban …``,
   ``2. Văn phòng UBND tỉnh: Phối hợp …``) and its duties below. Bullets directly under the
   body are one task each; a body whose duties start with a paragraph is one task (its
   bullets are details of that paragraph); ``Body: duty`` on one line is one task.

Each task keeps every source line it was read from. The result is a list of
:class:`~sheettools.planimport.RawRow` in the table model's column order.
"""

from __future__ import annotations

import re

from .plancolumns import SYNONYMS
from .plansource import Document
from .textutil import fold, nfc

_NUM = re.compile(
    # (a date wrapped onto the next line, "01 tháng 7 năm 2028 theo …", is no heading)
    r"^(?!\s*\d{1,2}\s+(?:tháng|năm)\s+\d)"
    # (nor a count with its leading zero, "04 xã: Gia Thuận, Tân Điền, …" wrapped inside a
    # bullet of Kế hoạch 556/KH-UBND of 2025, Đồng Tháp, IV.1: a heading has its full stop)
    r"(?!\s*0\d\s)"
    r"\s*(?:(?P<ar>\d{1,2}(?:\.\d{1,2}){0,3})\.?|(?P<le>[a-zđ])[).]|\((?P<pn>\d{1,2})\)|"
    r"(?P<ro>[IVX]{1,5})\.)\s+(?P<rest>\S.*)$"
)
# "Điều 2." heading an article, not a wrapped line of a citation ("Điều 6; khoản 5 Điều 9")
_ARTICLE = re.compile(r"^\s*Điều\s+(\d{1,3})(?:\s*[.:]|\s*$)")
_BULLET = re.compile(r"^\s*(?:[-+•–—·*▪●○❖➢]|\*)\s+(?P<rest>\S.*)$")
_NOISE = re.compile(r"^(?:CÔNG BÁO/|\d{1,4}$|[-_=*]{3,}$|Trang \d+)")
_FIELD_ROLES = ("lead", "coord", "start", "due", "output", "content", "leader")
_GENERIC = {"don vi", "co quan", "hoat dong", "cong viec", "danh muc", "chi tieu", "hinh thuc",
            "noi dung", "nhiem vu", "ma", "so", "phan cong", "hoan thanh", "bat dau"}  # fmt: skip
_LABELS = sorted(
    ((syn, role) for role in _FIELD_ROLES for syn in SYNONYMS[role] if syn not in _GENERIC),
    key=lambda x: -len(x[0]),
)
_CONTENT_LABELS = ("ten nhiem vu", "ten de an", "ten du an", "noi dung nhiem vu")
_BODY_START = re.compile(
    r"^(?:các\s+tổ\s+chức\b|(?:các\s+)?(?:sở|ban(?!\s+hành)|phòng|ủy ban|uỷ ban|ubnd|ub |công an|văn phòng|hội|đoàn|bộ|"
    r"cơ quan|chi bộ|hội đồng|tổ đảng|đảng ủy|đảng uỷ|đảng đoàn|trung tâm|liên đoàn|"
    r"mặt trận|mttq|thanh tra|kho bạc|cục|tổng cục|viện|báo|đài|bảo hiểm|bhxh|ngân hàng|"
    r"chi cục|cán bộ|chuyên viên|thành viên|thường trực|quận đoàn|huyện đoàn|tỉnh đoàn|thành đoàn|"
    # "Liên minh Hợp tác xã tỉnh", "Hiệp hội doanh nghiệp tỉnh" (Quyết định 2954/QĐ-UBND of
    # 2025, Sơn La, V.8)
    r"liên minh|hiệp hội|liên hiệp|"
    # "3. Vườn quốc gia Hoàng Liên, các Công ty Lâm nghiệp chủ động …" (Công văn
    # 4390/UBND-NLN of 2026, Lào Cai): a national park is a public body of its own
    r"vườn quốc gia|"
    # "2. Đề nghị các cấp ủy Đảng, Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị -
    # xã hội tỉnh: Phối hợp …" (Kế hoạch 0124/KH-UBND of 2025, Đắk Lắk, IV.2)
    r"cấp ủy|cấp uỷ|"
    # "1. Thủ trưởng các sở, ban, ngành trực thuộc UBND tỉnh; Chủ tịch UBND các huyện, thành
    # phố căn cứ chức năng, nhiệm vụ được giao chỉ đạo: xây dựng Kế hoạch …" (Kế hoạch
    # 254/KH-UBND of 2023, Sơn La, IV.1): the heads of bodies, as "Giám đốc", "Chủ tịch"
    r"thủ trưởng|"
    r"đồng chí|đ/c|các đồng chí|khối|bí thư|chủ tịch|giám đốc|lãnh đạo)\b)",
    re.IGNORECASE,
)


# words that start like a body's name but name an activity: "Hội nghị sơ kết", "Báo cáo kết
# quả", "Phòng, chống dịch", "Ban hành …", "Đoàn kiểm tra" is a body, "Hội thi" is not
_NOT_BODY = re.compile(
    r"^(?:các\s+)?(?:hội\s+(?:nghị|thảo|thi|diễn|chợ|trại)|báo\s+cáo|phòng,?\s+chống|"
    r"phòng\s+ngừa|bộ\s+(?:tiêu\s+chí|hồ\s+sơ|câu\s+hỏi|tài\s+liệu|nhận\s+diện))\b"
    # "2. Lãnh đạo, chỉ đạo rà soát, hoàn thiện pháp luật …" (a topic, Kế hoạch 3260-KH/ĐĐQH15)
    r"|^lãnh\s+đạo\s*$",
    re.IGNORECASE,
)


_ASSIGN = re.compile(r"^(?:giao|đề nghị)\s+(?=\S)", re.IGNORECASE)
# who a request ("Đề nghị …") may ask besides state bodies: "11. Đề nghị các doanh nghiệp sản
# xuất, chế biến và xuất khẩu hàng hóa" over its bullets (Quyết định 2954/QĐ-UBND of 2025, Sơn
# La, V.11); a heading of the duties part that only names them assigns as well: "4. Các doanh
# nghiệp viễn thông", "5. Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp"
# (Kế hoạch 987/KH-UBND of 2025, Nghệ An, IV)
_ADDRESSEE = re.compile(
    # "12. Đề nghị Công ty Điện lực Đắk Lắk:" (Kế hoạch 0129/KH-UBND of 2025, Đắk Lắk, IV.12)
    r"^(?:các\s+)?(?:doanh\s+nghiệp|hợp\s+tác\s+xã|nhà\s+đầu\s+tư|chủ\s+đầu\s+tư|"
    r"(?:tổng\s+)?công\s+ty|tập\s+đoàn|"
    # "4. Các cơ sở nuôi trồng thủy sản: Theo dõi, giám sát …" (Kế hoạch 235/KH-UBND of 2025,
    # Thanh Hóa, IV.4): farms and workshops, not "cơ sở dữ liệu", "cơ sở vật chất"
    r"cơ\s+sở\s+(?:nuôi|sản\s+xuất|kinh\s+doanh|chế\s+biến|chăn\s+nuôi|giết\s+mổ|khai\s+thác))\b",
    re.IGNORECASE,
)
# a body's role, then its duties below: "a) Chủ trì, phối hợp với các sở, ban, ngành, UBND các
# xã, phường và cơ quan, đơn vị có liên quan" / "b) Phối hợp với các sở, ngành, UBND các xã,
# phường" over bullets, "Chủ trì, phối hợp với các sở, ngành, …:" over bullets (Quyết định
# 2954/QĐ-UBND of 2025, Sơn La, V.1, V.4): one sentence naming partners, no duty of its own
_ROLE_HEAD = re.compile(r"^(?:chủ\s+trì|phối\s+hợp)\b[^.;:]{0,300}:?\s*$", re.IGNORECASE)
# a sentence that announces its own list: the list under it is its text, not items of their
# own ("h) Chủ trì triển khai, thực hiện các nhiệm vụ được giao tại các dự án … bao gồm:" /
# "- Dự án 1: …" / "- Dự án 2: …", Kế hoạch 153/KH-UBND of 2025, Cần Thơ, IV.1.h)
_KEEPS_LIST = re.compile(r"\b(?:bao gom|gom co|gom|nhu sau|sau day)$")
# a body's sentence about the plan itself is the closing clause, no duty: "3. Giao Công an
# tỉnh chủ trì … giúp Chủ tịch UBND tỉnh … kiểm tra việc thực hiện kế hoạch này." (Quyết định
# 254/QĐ-UBND of 2023, Sơn La, IV.3), "2. Ban công tác Mặt trận các tổ dân phố căn cứ kế
# hoạch này, … chủ động phối hợp thực hiện …" (MTTQ phường Bắc Cam Ranh, 2025, V.2);
# "3. Đề nghị Thường trực HĐND, UBND, … thường xuyên phối hợp, …" is a duty
_THIS_PLAN = re.compile(
    r"\b(?:ke hoach|chuong trinh|de an) nay\b"
    # the body that follows the plan up: "2. Giao Công an thành phố có trách nhiệm theo dõi,
    # hướng dẫn, đôn đốc các sở, …, Ủy ban nhân dân xã, phường triển khai, thực hiện Kế hoạch
    # nghiêm túc, hiệu quả" (Kế hoạch 153/KH-UBND of 2025, Cần Thơ, the second IV.2)
    r"|\bdon doc\b.{0,160}\bthuc hien ke hoach\b"
)
# the plan's recurring report of results, the cycle the office runs, no task of its own: "b)
# Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân thành phố …"
# (Kế hoạch 153/KH-UBND of 2025, Cần Thơ, the second IV.1.b)
_CYCLE_REPORT = re.compile(
    r"^(?:dinh ky|hang nam|hang quy|hang thang)\b.{0,60}?\bbao cao ket qua\b"
)
# an officer, not a body: "Cán bộ phụ trách lĩnh vực giám sát …", "Chuyên viên phụ trách …"
_PERSON_LEAD = re.compile(
    r"^(?:các\s+)?(?:cán\s+bộ|chuyên\s+viên|đồng\s+chí|đ/c|thành\s+viên|ông|bà)\b", re.IGNORECASE
)
# the bodies' own plan, a deliverable: "xây dựng kế hoạch cụ thể", "ban hành Kế hoạch triển
# khai thực hiện" (Quyết định 1627/QĐ-UBND of 2025, Quảng Ngãi, VI.1); also drawn up with
# its carrying out, or several at once: "chủ động xây dựng và triển khai kế hoạch, chương trình, đề án cụ thể"
# (Kế hoạch 552/KH-UBND of 2025, Đồng Tháp, V.8), "lập kế hoạch nhiệm vụ cụ thể hàng năm"
# (Quyết định 232/QĐ-TTg of 2025, V.3), "cụ thể hóa thành các chương trình, kế hoạch … của
# địa phương" (Quyết định 2597/QĐ-TTg of 2025, V.5.a)
# ; or with other documents of their own before it: "xây dựng các văn bản hướng dẫn, chỉ đạo
# và kế hoạch tổ chức triển khai thực hiện" (Kế hoạch 252/KH-BCĐ1237 of 2013, D.3), "xây
# dựng, ban hành chương trình, kế hoạch hành động, văn bản phân công …" (Nghị quyết
# 394/NQ-CP of 2025, IV.1.c), "chủ động ban hành Văn bản, Kế hoạch chỉ đạo …" (Chỉ thị 11 of
# 2026, Lào Cai, IV.1) — folded text, no punctuation
_OWN_PLAN = re.compile(
    r"\b(?:xay dung|ban hanh|lap)(?: va (?:trien khai|ban hanh)| ban hanh)? (?:cac )?"
    r"(?:(?:chuong trinh|van ban|de an)(?: [a-z]+){0,4}? (?:va )?)?ke hoach\b"
    r"|\bcu the hoa thanh cac (?:chuong trinh|ke hoach)\b"
)
# the bodies' own programmes and plans revised or updated, a deliverable as drawing them up is:
# "có trách nhiệm rà soát các chương trình, kế hoạch hành động thực hiện các Nghị quyết của
# Đảng … để điều chỉnh, đồng bộ thống nhất …, hoàn thành trong Quý II năm 2026" (Nghị quyết
# 100/NQ-CP of 2026, III.2), "cập nhật chương trình hành động của Bộ" (Nghị quyết 122/NQ-CP of
# 2026) — not a curriculum ("chương trình đào tạo"), an investment budget ("kế hoạch vốn",
# "kế hoạch đầu tư công") or this very plan ("điều chỉnh Kế hoạch này") — folded text
_REVISE_PLAN = re.compile(
    r"\b(?:ra soat|dieu chinh|bo sung|cap nhat|sua doi)"
    r"(?: (?:va )?(?:ra soat|dieu chinh|bo sung|cap nhat|sua doi|hoan thien))* (?:lai )?(?:cac )?"
    r"(?:chuong trinh|ke hoach)\b(?! (?:nay|dao tao|von|dau tu|xay dung luat|su dung dat)\b)"
)
# revising the plan is proposed to another body, not done: "đề xuất điều chỉnh, cập nhật
# Chương trình" (Quyết định 2629/QĐ-TTg of 2025, IV.1), "báo cáo kịp thời việc đề nghị bổ
# sung, điều chỉnh kế hoạch hoạt động" (Kế hoạch 252/KH-BCĐ1237 of 2013, D.6)
_PROPOSED = re.compile(r"\b(?:de xuat|de nghi|kien nghi|bao cao)(?: viec)?$")
# the rest of a body's name on the line below its heading: a short lower-case line that
# ends no sentence
_NAME_GOES_ON = re.compile(r"^\s*[a-zđà-ỹ][^.;:!?]{0,60}$")


def _role_only(sentence: str) -> bool:
    """``Đề nghị Ủy ban nhân dân xã phối hợp``: a body and its role word, nothing after."""
    m = _ROLE_TAIL.search(sentence)
    return m is not None and not sentence[m.end() :].strip(" .;:,")


def _is_body_name(name: str) -> bool:
    return bool(_BODY_START.match(name)) and not _NOT_BODY.match(name)


_ISSUER_CLOSES = re.compile(r"^(?:uy ban nhan dan|ubnd) (?:tinh|thanh pho) (?:giao|yeu cau) ")
# the issuer's closing request to every body, a paragraph of its own after the last duty:
# "Yêu cầu các sở, ban, ngành, đơn vị, địa phương nghiêm túc triển khai thực hiện./."
# (Kế hoạch 235/KH-UBND of 2025, Thanh Hóa); written with a capital, a sentence's start
_ASKS_ALL = re.compile(
    r"^yeu cau (?:thu truong |giam doc |chu tich )?(?:cac )?"
    r"(?:so|co quan|don vi|ban|nganh|dia phuong)\b"
)


# (also wrapped after "Kế hoạch": "Trong quá trình thực hiện Kế hoạch," / "nếu có khó khăn,
# vướng mắc …", Kế hoạch 308/KH-UBND of 2025, Hà Nội, after III.2)
_CLOSING_IF = re.compile(
    r"^trong qua trinh (?:to chuc )?(?:trien khai )?thuc hien(?: ke hoach(?: nay)?)?(?: neu\b|$)"
)
# a dispatch's closing request after its last numbered duty: "Căn cứ ý kiến chỉ đạo, yêu cầu
# các Sở, ngành, địa phương triển khai thực hiện./." (Công văn 9387/UBND-KT of 2026, Lào
# Cai), "Căn cứ nội dung chỉ đạo trên, yêu cầu …" (Công văn 4390/UBND-NLN), "Đề nghị Ủy ban
# nhân dân tỉnh và các tổ chức đảng nghiêm túc triển khai" / "thực hiện." (Công văn
# 2449-CV/ĐU): the request to every body it addressed, no duty
_CLOSING_REQUEST = re.compile(
    r"^can cu (?:y kien|noi dung|cac noi dung) chi dao\b"
    r"|^(?:de nghi|yeu cau) .{0,100}?\bcac\b.{0,60}?\bnghiem tuc "
    r"(?:trien khai|thuc hien|to chuc)\b"
)

# the common reporting rule closing the duties, a paragraph of its own: "Hàng năm, các bộ, ngành
# và Ủy ban nhân dân các tỉnh, … báo cáo kết quả thực hiện về Bộ Lao động - Thương binh và Xã
# hội tổng hợp, báo cáo Thủ tướng Chính phủ./." (Quyết định 773/QĐ-TTg of 2018, after III.16)
_REPORT_RULE = re.compile(
    r"^(?:hang nam|dinh ky(?: hang nam)?) (?:cac|thu truong|chu tich|giam doc)\b.*\bbao cao\b"
)
# the closing articles of the decision that issues the plan, right after its last duty: "Điều
# 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành." / "Điều 3. Các Bộ trưởng,
# Thủ trưởng cơ quan ngang bộ, … chịu trách nhiệm thi hành Quyết định này." (Quyết định
# 892/QĐ-TTg of 2026, whose Điều 1 is the Đề án)
_CLOSING_ARTICLE = re.compile(
    r"^dieu \d+\s*[.:]?\s*(?:(?:quyet dinh|nghi quyet|chi thi) nay co hieu luc\b"
    r"|(?:cac )?(?:bo truong|chanh van phong|thu truong|chu tich|giam doc)\b)"
)


def _ends_block(text: str) -> bool:
    """Recipients, a signature block, the plan's closing sentence ("Trên đây là Kế hoạch …
    ./.", MTTQ xã Lương Minh, 2025–2026) or an upper-case heading end a task's text."""
    f = fold(text)
    if f.startswith(("noi nhan", "tm ", "t m ", "kt ", "k t ", "tl ", "tren day la ")):
        return True
    if _CLOSING_ARTICLE.match(f) or _REPORT_RULE.match(f):
        return True
    if _CLOSING_IF.match(f) and text.lstrip("*_ ")[:1] == "T":
        # "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị, địa
        # phương báo cáo … để được hướng dẫn, giải quyết./." after the last duty (Kế hoạch
        # 182/KH-UBND of 2025, Đồng Nai): the plan's closing paragraph, glued onto IV.2
        return True
    if _CLOSING_REQUEST.match(f) and text.lstrip("*_ ")[:1].isupper():
        return True
    if _ISSUER_CLOSES.match(f) or (_ASKS_ALL.match(f) and text.lstrip("*_ ")[:1] == "Y"):
        # "Ủy ban nhân dân tỉnh giao Giám đốc các sở, … triển khai thực hiện …./." after the
        # last duty (Kế hoạch 624/KH-UBND of 2025, Hà Tĩnh): the issuer's closing sentence
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters)


_ROLE_TAIL = re.compile(
    # an adverb before the role word is no part of the body's name: "… Ủy ban Kiểm tra Đảng ủy
    # xã thường xuyên phối hợp, …" (Kế hoạch tiếp công dân of 2025, MTTQ xã Lương Minh, III.3)
    r"\s+(?:(?:thường xuyên|chủ động|tích cực|kịp thời)\s+)?"
    r"(?:chủ trì|phối hợp|có trách nhiệm|thực hiện|khẩn trương|tổ chức thực hiện|"
    r"chịu trách nhiệm|căn cứ(?: vào)? chức năng|theo chức năng|trong phạm vi chức năng|"
    # "2. Đề nghị Ban Tuyên giáo và Dân vận Trung ương lãnh đạo, chỉ đạo, hướng dẫn …" (Chỉ
    # thị 21/CT-TTg of 2026) — lower case only: "Ban Chỉ đạo …" is a body's name
    r"(?-i:lãnh đạo|chỉ đạo|tăng cường)|"
    # the grounds the bodies act on, after their name: "a) Các sở, ban, ngành căn cứ vào các
    # nội dung nhiệm vụ tại khoản 1, 3, 5, phối hợp với …" (Chỉ thị 09/2009/CT-UBND, Bình
    # Dương, 6.a), "a) Các sở, ban, ngành và Ủy ban nhân dân các xã, phường, đặc khu căn cứ
    # kế hoạch … của …mình, định kỳ hằng tháng có trách nhiệm …" (Công văn of 12/2025, Lâm
    # Đồng, II.2.a) — lower case only: "Căn cứ …" opening a sentence is read as its grounds
    r"(?-i:căn cứ))\b",
    re.IGNORECASE,
)


# a time label printed without its colon, then the time: "Thời gian thực hiện sau khi Chiến
# lược tiêu chuẩn quốc gia được ban hành." (Kế hoạch 7360/KH-UBND of 2025, Lai Châu, II.6)
_TIME_NO_COLON = re.compile(
    r"^\s*(?P<label>thời gian thực hiện|thời gian hoàn thành|thời hạn hoàn thành|thời hạn)\s+"
    r"(?P<value>(?:sau khi|trước|trong|chậm nhất|từ|đến|quý|năm|tháng|ngày|hằng|hàng|"
    r"thường xuyên|theo)\b.*)$",
    re.IGNORECASE,
)


def _field(text: str) -> tuple[str, str] | None:
    """``Đơn vị chủ trì: Bộ Công an.`` → ("lead", "Bộ Công an")."""
    m = _TIME_NO_COLON.match(text)
    if m and ":" not in m.group("label"):
        f = fold(m.group("label"))
        role = next((r for syn, r in _LABELS if syn == f), None)
        if role in ("start", "due"):
            return role, m.group("value").strip().rstrip(";").strip()
    if ":" not in text[:60]:
        return None
    label, value = text.split(":", 1)
    f = fold(label)
    for syn, role in _LABELS:
        if f == syn:
            return role, value.strip().rstrip(";").strip()
    # a longer label that starts with a unit label: "Đơn vị chủ trì tham mưu thực hiện",
    # "Đơn vị phối hợp thực hiện" (Kế hoạch 141/KH-UBND of 2025, Bắc Ninh)
    if len(f.split()) <= 8:
        for syn, role in _LABELS:
            if role in ("lead", "coord") and len(syn.split()) >= 3 and f.startswith(syn + " "):
                return role, value.strip().rstrip(";").strip()
    # the time of a step named by what happens then: "Thời gian dự kiến: 8h00-10h00 ngày
    # 28/12/2011", "Thời gian đào tạo: Trong quá trình triển khai." (Kế hoạch of Sở Thông
    # tin và Truyền thông Phú Thọ, 2011, II.2.a–đ) — one label, not "Thời gian, địa điểm",
    # and a time written in: "Thời gian phát phiếu: ………" is a blank of a form (MTTQ xã Lương
    # Minh's forms after the signature)
    if _TIME_QUALIFIED.match(f) and any(c.isalnum() for c in value):
        return "due", value.strip().rstrip(";").strip()
    return None


# "thời gian" and one or two words saying which time: the step's own time
_TIME_QUALIFIED = re.compile(r"^thoi gian [a-z]+(?: [a-z]+)?$")


_OTHER_LABEL = re.compile(r"^(?P<label>[A-ZÀ-Ỹ][^:;.,()]{1,30}):\s*\S")


def _other_field(text: str) -> bool:
    """``Thành phần: Ban Thường trực …`` — a short label of no known role, not a body's name
    (``Công an xã: …`` assigns a duty)."""
    m = _OTHER_LABEL.match(text)
    if m is None or _field(text) is not None:
        return False
    label = m.group("label").strip()
    return label[0].isupper() and len(label.split()) <= 4 and not _is_body_name(label)


class _Item:
    def __init__(self, number: str, depth: int, text: str, line: int, section: str) -> None:
        self.number = number
        self.depth = depth
        self.content = [text] if text else []
        self.fields: dict[str, list[str]] = {}
        self.lines = [line]
        self.section = section
        self.last = "content"
        self.listed = False  # its last field's value is a list of bullets
        self.paragraph = 0  # where a paragraph naming a body starts in its text, if any
        self.owner: _Item | None = None  # the heading naming the body of this bullet's task
        self.glyph = ""  # the bullet glyph of the tasks under this heading

    def add_field(self, role: str, value: str, line: int) -> None:
        if role == "content" and not self.content:
            self.content.append(value)
            self.last = "content"
        else:
            self.fields.setdefault(role, []).append(value)
            self.last = role
        self.lines.append(line)

    def add_text(self, text: str, line: int) -> None:
        if self.last == "content":
            self.content.append(text)
        else:
            self.fields[self.last].append(text)
        self.lines.append(line)

    def has_fields(self) -> bool:
        return any(r in self.fields for r in ("lead", "coord", "due", "start"))


def prose_tasks(doc: Document):
    """Prose tasks of the document (labelled fields first, else duties per body)."""
    lines = prose_lines(doc)
    aims = _aims_parts(lines)
    labelled = [r for r in labelled_tasks(lines) if r.section not in aims]
    headed = headed_fields(lines)
    # the fields are headings with lists under them — unless every labelled task already
    # has its own lead unit: then a list under "a) Nhiệm vụ:" is the details of one task
    # (Kế hoạch 308/KH-UBND of 2025, Hà Nội: "1.2. …", "a) Nhiệm vụ:" with three bullets,
    # "b) Cơ quan thực hiện:" with "- Đơn vị chủ trì: …")
    own_leads = (
        bool(labelled)
        and all(r.cells[3] and "lead_from_text" not in r.flags for r in labelled)
        and len({r.lines[-1] for r in headed}) <= len(labelled)  # no more field blocks
    )
    if headed and len(headed) >= len(labelled) and not own_leads:
        labelled = headed
    duties = body_duties(lines)
    # labelled fields are the stronger sign; duties per body win when they find far more —
    # unless the two are in different parts: steps with their deadlines under "Nội dung
    # thực hiện" and the duties of each body under "Tổ chức thực hiện" are both tasks
    # (Kế hoạch 3210/QĐ-UBND of 2014: six steps "Thời gian hoàn tất: …" that name no lead
    # field, then the duties); steps that name their units already hold the plan's tasks
    apart = (
        labelled
        and duties
        and not any(r.cells[3] and "lead_from_text" not in r.flags for r in labelled)
        and not {r.section for r in labelled} & {r.section for r in duties}
        and {r.section for r in duties} <= _duty_parts(lines)
        and _is_schedule(labelled, lines)
    )
    # labelled tasks that each name their own lead and deadline are the plan's schedule,
    # however many duties "Tổ chức thực hiện" lists (Kế hoạch hiệp thương of 2025, MTTQ xã
    # Lương Minh: three conferences "- Thời gian: …" / "- Đơn vị chủ trì: …", eleven duties)
    complete = bool(labelled) and all(
        r.cells[3] and "lead_from_text" not in r.flags and (r.cells[5] or r.cells[6])
        for r in labelled
    )
    if apart:
        rows = labelled + duties
    elif complete or (labelled and len(labelled) * 3 >= len(duties)):
        # beside them, a duty of the "Tổ chức thực hiện" part that has bodies draw up their
        # own plan is a deliverable the office tracks: "1. Trên cơ sở nội dung Kế hoạch nêu
        # trên, các sở, ban, ngành tỉnh, Ủy ban nhân dân các phường, xã, đặc khu … thành lập,
        # kiện toàn Ban Chỉ đạo kiểm kê, ban hành Kế hoạch triển khai thực hiện …" (Quyết định
        # 1627/QĐ-UBND of 2025, Quảng Ngãi, VI.1)
        taken = {r.section for r in labelled}
        parts = _duty_parts(lines)
        rows = labelled + [
            r
            for r in duties
            if r.section in parts
            and r.section not in taken
            # addressed to a body, by name or a named class — not to an officer ("Cán bộ
            # phụ trách …", "Chuyên viên …": staff drafting the plan itself) — named as a
            # list of bodies, no duty in it: "1. Phòng Quản lý Công nghiệp: … Chủ trì xây
            # dựng kế hoạch hàng năm cụ thể hóa từng nhiệm vụ của Kế hoạch này" (Kế hoạch of
            # Sở Công Thương Lào Cai, Đề án 08, 2026, V.1), as Đồng Nai 182 IV.2
            and _own_plans(r, alone_too=True)
        ]
    else:
        rows = duties or labelled
    return _deadlines_from_text(rows or assigned_paragraphs(lines))


# a dispatch that gives its duty in an unnumbered paragraph of its own, its issuer first:
# "Chủ tịch Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với Công an tỉnh nghiên
# cứu, …; báo cáo, tham mưu Ủy ban nhân dân tỉnh trước ngày 04/5/2026./." (Công văn
# /UBND-NC of 4/2026, Lâm Đồng, on Công văn 2388/C04-P6)
_ISSUER_GIVES = re.compile(
    r"^(?:(?:(?:phó\s+)?chủ\s+tịch\s+)?(?:ủy|uỷ)\s+ban\s+nhân\s+dân|(?:(?:phó\s+)?chủ\s+tịch\s+)?ubnd"
    r"|chủ\s+tịch|phó\s+chủ\s+tịch)(?:\s+\S+){1,3}?\s+giao\s+(?=\S)",
    re.IGNORECASE,
)


def assigned_paragraphs(lines: list[tuple[int, str]]):
    """A short dispatch that numbers nothing: each paragraph in which its issuer gives a body
    a duty ("Chủ tịch Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, …") is one task, the
    paragraph its text — read only when the document holds no other task."""
    from .planimport import RawRow

    rows: list = []
    for line, text in lines:
        if fold(text).startswith("noi nhan"):
            break  # the recipients (a letterhead in capitals before the text ends nothing)
        m = _ISSUER_GIVES.match(text.strip())
        if not m:
            continue
        rest = text.strip()[m.end() :]
        name = _bound_at_verb(_ROLE_TAIL.split(rest)[0], listed=True).strip(" ,;")
        if name != rest and _is_body_name(name) and len(name.split()) <= 18:
            row = _duty(RawRow, str(len(rows) + 1), nfc(name), [text.strip()], [line], "")
            # its partners, read from the body's name on ("… giao Sở Tài chính chủ trì, phối
            # hợp với Công an tỉnh nghiên cứu, …")
            row.cells[4] = duty_partners(nfc(rest), nfc(name))
            rows.append(row)
    return rows


# a class of local bodies, no one body: "Ủy ban nhân dân các tỉnh, thành phố", "Ủy ban nhân
# dân xã, phường" (two levels named, Kế hoạch 552/KH-UBND of 2025, Đồng Tháp, V.9); "Ủy ban
# nhân dân tỉnh" alone is one body
_LEVEL = r"(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|tinh|thanh pho)"
_LOCAL_CLASS = re.compile(  # (folded: no commas)
    rf"^(?:uy ban nhan dan|ubnd) (?:cac {_LEVEL}|{_LEVEL}(?: (?:va )?{_LEVEL})+)"
    rf"(?: (?:va )?{_LEVEL})*(?: truc thuoc trung uong| trung uong)?$"
)


# the heads of a class of bodies: "Bộ trưởng, Thủ trưởng cơ quan ngang bộ, …, Chủ tịch Ủy ban
# nhân dân các tỉnh, thành phố trực thuộc trung ương" (Nghị quyết 394/NQ-CP of 2025, IV.1)
_HEADS_OF_CLASS = re.compile(
    r"^(?:bo truong|thu truong|chu tich|giam doc)\b.*\b(?:chu tich|thu truong|giam doc)"
    r"(?: \S+){0,4} cac \S"
)


def _plural(lead: str) -> bool:
    """Bodies in the plural, a common duty: "các sở, ban, ngành …", a class of local
    bodies (``_LOCAL_CLASS``) or the heads of a class (``_HEADS_OF_CLASS``)."""
    return lead.startswith("cac ") or bool(_LOCAL_CLASS.match(lead) or _HEADS_OF_CLASS.match(lead))


# a body that guides or directs other bodies to draw up their plans delivers none of its own:
# "- Chủ trì, … đề xuất … văn bản chỉ đạo và hướng dẫn các đơn vị, địa phương xây dựng kế
# hoạch và các nội dung nghiệp vụ …" (Kế hoạch 252/KH-BCĐ1237 of 2013, D.6, the office of
# the steering committee); "chỉ đạo xây dựng kế hoạch" names no other body and stays its own
# (Kế hoạch 254/KH-UBND of 2023, Sơn La, IV.1) — folded text, no punctuation
_OTHERS_PLAN = re.compile(
    r"\b(?:huong dan|chi dao|don doc|yeu cau) (?:cac|nhung) "
    r"(?:(?!xay dung|ban hanh|lap|ke hoach)\S+ ){1,8}$"
)


def _names_own_plan(text: str) -> bool:
    """``text`` has bodies draw up their own plan (``_OWN_PLAN``), not other bodies they guide
    (``_OTHERS_PLAN``)."""
    f = fold(text)
    return any(not _OTHERS_PLAN.search(f[: m.start()]) for m in _OWN_PLAN.finditer(f)) or any(
        not _OTHERS_PLAN.search(f[: m.start()]) and not _PROPOSED.search(f[: m.start()].rstrip())
        for m in _REVISE_PLAN.finditer(f)
    )


def _bodies_listed(lead: str) -> bool:
    """Two bodies or more, each named apart: "15. Liên đoàn Lao động, Hội Nông dân, Liên minh
    Hợp tác xã" (Kế hoạch 144/KH-UBND of 2025, Bắc Ninh, VI.15) — bodies in the plural, as a
    class is; not one body whose name holds a comma or "và" ("Sở Văn hoá, Thể thao và Du
    lịch": "Thể thao", "Du lịch" start no body's name)."""
    parts = re.split(r"\s*[,;]\s*|\s+và\s+", lead.strip(" .;:"))
    return sum(1 for p in parts if _is_body_name(p)) >= 2


def _own_plans(row, *, alone_too: bool = False) -> bool:
    """A duty of the "Tổ chức thực hiện" part that has bodies draw up their own plan, a
    deliverable the office tracks beside tasks read elsewhere (a labelled schedule, an
    appended table): addressed to bodies in the plural (a common duty, not one officer's:
    a class, or several bodies named one by one, ``_bodies_listed``) —
    ``alone_too``: or to one body, never to an officer — named as a list of bodies with no
    duty in it, and naming their own plan."""
    lead = row.cells[3]
    return (
        (not _PERSON_LEAD.match(lead) if alone_too else _plural(fold(lead)) or _bodies_listed(lead))
        and _first_verb(lead) is None
        and _names_own_plan(row.cells[1])
    )


# also the part that states whom and where the plan reaches: "II. ĐỐI TƯỢNG, PHẠM VI VÀ THỜI
# GIAN THỰC HIỆN" / "1. Đối tượng thực hiện" / "2. Phạm vi thực hiện" / "3. Thời gian thực
# hiện: Từ nay đến hết năm 2025." (Kế hoạch 159/KH-UBND of 2025, Cần Thơ): facts, no tasks
_AIMS = re.compile(
    r"^(?:muc tieu|muc dich|doi tuong|pham vi)\b"
    r"(?!.*\b(?:nhiem vu|giai phap|noi dung|phan cong))"
)


def _aims_parts(lines: list[tuple[int, str]]) -> set[str]:
    """The Roman parts that state the plan's aims ("II. MỤC TIÊU CỦA KẾ HOẠCH", "I. MỤC
    ĐÍCH, YÊU CẦU"): their items are targets and facts, no tasks ("2. Tháng hành động" / "a)
    Chủ đề …" / "b) Thời gian: Từ ngày 15/11/2025 đến ngày 15/12/2025.", Kế hoạch 174/KH-UBND
    of 2025, Hồ Chí Minh)."""
    return _roman_parts(lines, _AIMS.match)


def _deadlines_from_text(rows: list) -> list:
    """A task with no time field takes the deadline phrases of its text, else the recurrence
    its text opens with."""
    for r in rows:
        if not r.cells[6] and not r.cells[5]:
            found = deadline_phrases(r.cells[1]) or recurrence_phrase(r.cells[1])
            if found:
                r.cells[6] = "; ".join(found)
                r.flags.append("deadline_from_text")
    return rows


# the recurrence a duty opens with: "h) Hàng tháng có báo cáo nhanh, 3 tháng một lần có báo
# cáo định kỳ kết quả thực hiện …" (Quyết định 22/2013/QĐ-TTg, Điều 8.2.h), "Định kỳ hằng
# quý báo cáo …" — read as a table's "Hàng tháng" deadline cell is; a recurrence word later
# in the sentence ("…; định kỳ hằng năm báo cáo …" after another duty) governs no duty
_OPENS_RECURRING = re.compile(
    r"^(?:định kỳ(?:\s+(?:hàng|hằng)\s+(?:tuần|tháng|quý|năm))?|"
    r"(?:hàng|hằng)\s+(?:tuần|tháng|quý|năm))(?=[\s,])",
    re.IGNORECASE,
)


def recurrence_phrase(text: str) -> list[str]:
    """The recurrence words a duty's text opens with, as written (``Hàng tháng``); none
    when it opens otherwise."""
    from .deadlines import parse_expression

    m = _OPENS_RECURRING.match(text.strip())
    if m is None or not parse_expression(m.group(0), 2000).recurring:
        return []
    return [nfc(m.group(0))]


def _is_schedule(rows, lines: list[tuple[int, str]]) -> bool:
    """Labelled steps are a plan's schedule when they are most of the items of their list
    ("2.1. Bước 1:" … "2.6. Bước 6:", each closed by "Thời gian hoàn tất: …"); the one item of
    three whose details hold a "- Thời gian: Duy trì thường xuyên …" line describes the work
    the duties part assigns (Kế hoạch tiếp công dân of 2025, MTTQ xã Lương Minh, II.1)."""
    items: dict[tuple[str, str], set[str]] = {}  # (section, parent number) -> item numbers
    section = ""
    for _line, text in lines:
        m = _NUM.match(text)
        if m and m.group("ro"):
            section = m.group("ro")
        elif m and m.group("ar"):
            number = m.group("ar").rstrip(".")
            items.setdefault((section, number.rpartition(".")[0]), set()).add(number)
    steps: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        number = r.cells[0].rstrip(".")
        if not re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){0,3}", number):
            return True  # lettered or unnumbered steps: no list to compare with
        steps.setdefault((r.section, number.rpartition(".")[0]), set()).add(number)
    return all(2 * len(nums) > len(items.get(key, nums)) for key, nums in steps.items())


# a deadline written inside a duty's text: "báo cáo … trước ngày 15 tháng 5 năm 2026",
# "hoàn thành trong quý II năm 2026" (dates of cited documents, "ngày … của …", are not taken)
_IN_TEXT = re.compile(
    r"\b(?:trước|chậm nhất(?: là)?(?: đến)?|trong|hoàn thành trong|hoàn thành trước|đến hết|"
    r"hết)\s+"
    r"(?:ngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|/\d{1,2}/\d{4})|"
    r"tháng\s+\d{1,2}(?:\s+năm\s+|/)\d{4}|quý\s+(?:IV|III|II|I|[1-4])(?:\s+năm\s+|/)\d{4}|"
    # "cân đối ngân sách để thực hiện cơ bản xong trong hai năm 2012 - 2013" (Nghị quyết
    # 494/NQ-UBTVQH13 of 2012, Điều 2.2): the years' count and the span with them
    r"(?:(?:hai|ba|bốn|0?[2-9])\s+)?năm\s+\d{4}(?:\s*[-–]\s*\d{4}\b)?)",
    re.IGNORECASE,
)


# the deadline word and its date apart: "Thời gian chậm nhất gửi báo cáo về Ban Thường trực
# Ủy ban MTTQ Việt Nam tỉnh ngày 23/3/2026." (Hướng dẫn of 2025, MTTQ xã Lương Minh, III.2.e)
_SEND_BY = re.compile(
    r"\bchậm nhất\s+(?:gửi|nộp|trình)\b[^.;:]{0,100}?\bngày\s+(\d{1,2}/\d{1,2}/\d{4})\b",
    re.IGNORECASE,
)


def deadline_phrases(text: str) -> list[str]:
    """The deadline phrases of a duty's text, in order ("chậm nhất gửi … ngày 23/3/2026" as
    "chậm nhất ngày 23/3/2026")."""
    found = [(m.start(), m.end(), nfc(m.group(0))) for m in _IN_TEXT.finditer(text)]
    for m in _SEND_BY.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b, _p in found):
            found.append((m.start(), m.end(), f"chậm nhất ngày {m.group(1)}"))
    return [p for _a, _b, p in sorted(found)]


# a report outline appended to a plan ("Phụ lục số 01: ĐỀ CƯƠNG BÁO CÁO kết quả thực hiện …",
# Sở Công Thương Lào Cai, 2026): its "2. Lộ trình thực hiện: …" is a heading to fill, no task
_OUTLINE = re.compile(r"^(?:phu luc[^:]{0,20}:\s*)?(?:de cuong|mau) bao cao\b")
_APPENDIX = re.compile(r"^phu luc\b")


def prose_lines(doc: Document, text_only: bool = False) -> list[tuple[int, str]]:
    """The document's lines in order (table rows joined), without page headers/numbers, and
    without a report outline appended to the plan (up to the next appendix)."""
    out = []
    outline = False
    for b in doc.blocks:
        if text_only and b.kind != "text":
            continue
        for line, cells in b.rows:
            text = " ".join(c for c in cells if c and c.strip())
            if not text.strip() or _NOISE.match(text.strip()):
                continue
            f = fold(text.strip("* "))
            letters = [c for c in text if c.isalpha()]
            if _OUTLINE.match(f) and sum(c.isupper() for c in letters) * 2 > len(letters):
                outline = True
                continue
            if outline and _APPENDIX.match(f) and not _OUTLINE.match(f):
                outline = False
            if not outline:
                out.append((line, nfc(text)))
    return out


def _depth(number: str, kind: str) -> int:
    if kind == "ro":
        return 0
    if kind == "ar":
        return number.count(".") + 1
    if kind == "le":
        return 8
    return 9


_NEXT_FIELD = re.compile(r"[;.]\s+(?=[^\W\d_][^:;.]{2,40}:)")


_GLYPH_ALONE = re.compile(r"^\s*[-+•]\s*$")
_NUMBER_ALONE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2}){0,3}\.|[IVX]{1,5}\.)\s*$")


def _join_wrapped_labels(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A field label wrapped over two lines is one line: ``Đơn vị chủ trì tham mưu thực`` /
    ``hiện: Sở Tư pháp.`` (a hard-wrapped text copy)."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        line, text = lines[i]
        if i + 1 < len(lines) and _GLYPH_ALONE.match(text) and lines[i + 1][1].strip():
            # "-" / "Phân công, chỉ đạo, …" (Quyết định 1627/QĐ-UBND of 2025, Quảng Ngãi, as
            # scraped): the bullet and its text
            lines[i + 1] = (line, f"{text.strip()} {lines[i + 1][1].lstrip()}")
            i += 1
            continue
        if i + 1 < len(lines) and _NUMBER_ALONE.match(text):
            # a heading's number on a line of its own: "**1.****" / "**Trên cơ sở …"
            # (Kế hoạch 7360/KH-UBND of 2025, Lai Châu, as scraped)
            lines[i + 1] = (line, f"{text.strip()} {lines[i + 1][1].lstrip()}")
            i += 1
            continue
        if i + 1 < len(lines) and ":" not in text and len(text) <= 60:
            nxt = lines[i + 1][1]
            joined = f"{text.rstrip()} {nxt.lstrip()}"
            if ":" in nxt[:30] and _field(joined.lstrip("-+*• ")) is not None:
                out.append((line, joined))
                i += 2
                continue
        out.append((line, text))
        i += 1
    return out


def _split_fields(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Several labelled fields on one line are one line each: ``Đơn vị chủ trì: Phòng A;
    Đơn vị phối hợp: Phòng B`` (Sở Công Thương Lào Cai, Kế hoạch thực hiện Đề án 08, 2026)."""
    out = []
    lines = _join_wrapped_labels(lines)
    for line, text in lines:
        if _field(text.lstrip("-+*• ")) is None:
            out.append((line, text))
            continue
        parts = _NEXT_FIELD.split(text)
        if len(parts) > 1 and all(_field(p) is not None for p in parts[1:]):
            out.extend((line, p) for p in parts)
        else:
            out.append((line, text))
    return out


def _cut_name(it: _Item) -> bool:
    """The field's last line stops inside a name, the line after it goes on with the name:
    ``Đơn vị chủ trì thực hiện: Các`` / ``Sở, ngành, đơn vị, UBND cấp xã.`` (hard-wrapped)."""
    vals = it.fields.get(it.last) or [""]
    prev = vals[-1].rstrip()
    if not prev or prev[-1] in ".;:!?)":
        return False
    last = prev.split()[-1]
    return prev.endswith(",") or (last[:1].isupper() and not any(c.isdigit() for c in last))


def _wrapped(it: _Item, line: int) -> bool:
    """The line goes on with the field's last line, hard-wrapped at its full width with no
    end of sentence: ``…; Báo và Phát thanh`` / ``Truyền hình Lai Châu và …`` (Kế hoạch
    7360/KH-UBND of 2025, Lai Châu, as scraped: paragraphs are split by blank lines)."""
    vals = it.fields.get(it.last) or [""]
    prev = vals[-1].rstrip()
    if line != it.lines[-1] + 1 or prev[-1:] in (".;:!?)"):
        return False
    # or cut after a word no sentence ends with: "Thời gian thực hiện sau khi" / "Chiến
    # lược … được ban hành." (Kế hoạch 7360/KH-UBND of 2025, Lai Châu, II.6)
    last = prev.split()[-1].lower() if prev.split() else ""
    return len(prev) >= 70 or last in _OPEN_WORDS


_OPEN_WORDS = {"khi", "của", "và", "trước", "sau", "trong", "đến", "từ", "cho", "với", "về",
               "theo", "tại", "được", "các", "những", "là"}  # fmt: skip


def _paren_items(lines: list[tuple[int, str]]) -> bool:
    """The plan numbers its tasks ``(1)``, ``(2)`` …, each followed by its own fields
    (``- Đơn vị chủ trì thực hiện: …`` / ``- Thời gian hoàn thành: …``): a Ban Chỉ đạo's
    dispatch of 8/2025, Lâm Đồng. Elsewhere ``(1) …`` is part of an item's text."""
    followed = 0
    for (_l, text), (_n, nxt) in zip(lines, lines[1:], strict=False):
        m = _NUM.match(text)
        b = _BULLET.match(nxt)
        if m and m.group("pn") and _field((b.group("rest") if b else nxt).strip()):
            followed += 1
    return followed >= 2


# who a heading over bullets names: "Trưởng Ban Chỉ đạo", "Sở Tài chính - Cơ quan thường
# trực Ban Chỉ đạo", "Trách nhiệm của đối tượng thực hiện kiểm kê:" (Quyết định 1627/QĐ-UBND
# of 2025, Quảng Ngãi, IV.1.1–1.6)
_HOLDER = re.compile(r"^(?:phó\s+)?trưởng\s+(?:ban|phòng|đoàn|tiểu ban)\b", re.IGNORECASE)
_REMARK = re.compile(r"\s*\([^()]*\)|\s+[-–]\s+.*$")


def _heading_body(it: _Item) -> str:
    """The body (or office holder) a numbered heading names and nothing else, "" if none."""
    if it.fields or not it.content or len(it.content) > 3:
        return ""
    text = nfc(" ".join(c.strip() for c in it.content)).strip(" *")  # wrapped over lines
    if _field(text) is not None or _heading_role(text) is not None:
        return ""  # "Cơ quan thực hiện:" is a label
    asked = bool(_DUTY_OF.match(text))
    name = _REMARK.sub("", _DUTY_OF.sub("", text)).strip(" :;,")
    if not name or re.search(r"[.;:]", name) or len(name.split()) > 18:
        return ""
    if not asked and _ROLE_TAIL.search(name):
        return ""  # "Sở Tài chính chủ trì, phối hợp …" is a sentence; "Trách nhiệm của đối
        # tượng thực hiện kiểm kê" names who
    if asked or _HOLDER.match(name) or _is_body_name(name):
        return nfc(name)
    return ""


def _timed_bullets(lines: list[tuple[int, str]]) -> set[str]:
    """The Roman parts where most bullets are followed by a time line of their own ("-
    Tham mưu …" / "Thời gian hoàn thành: Tháng 11 - 12/2025.", Quyết định 1627/QĐ-UBND of
    2025, Quảng Ngãi, IV): there a heading that names a body over bullets gives each bullet
    its task. Elsewhere bullets under a body's heading are duties per body (a part "Tổ chức
    thực hiện" after a labelled schedule is no task list). Counted between the part's first
    and last such time line."""
    bullets: dict[str, list[int]] = {}  # per part, indices of bullets (-1: a heading)
    timed: dict[str, list[int]] = {}  # per part, the bullets a time line closes
    section = ""
    for k, (_line, text) in enumerate(lines):
        m = _NUM.match(text)
        if m and m.group("ro"):
            section = m.group("ro")
        b = _BULLET.match(text)
        fld = _field((b.group("rest") if b else text).strip())
        mine, closed = bullets.setdefault(section, []), timed.setdefault(section, [])
        if b and fld is None:
            mine.append(k)
        elif fld is not None:
            if fld[0] in ("due", "start") and mine and mine[-1] >= 0:
                if not closed or mine[-1] > closed[-1]:
                    closed.append(mine[-1])
        elif m and mine:
            mine.append(-1)  # a heading: the bullet above is no longer open
    parts = set()
    for section, closed in timed.items():
        span = [k for k in bullets[section] if closed and closed[0] <= k <= closed[-1]]
        if len(closed) >= 3 and 2 * len(closed) >= len(span):
            parts.add(section)
    return parts


def _bullet_owner(head: _Item | None, cur: _Item | None, text: str) -> str:
    """The body whose task a bullet starts: the heading's, when the bullet is the first under
    a heading naming only a body, or the next one of that heading's list (same glyph);
    "" otherwise (a detail of the task, or no such heading)."""
    if head is None or cur is None or (cur is not head and cur.owner is not head):
        return ""
    name = _heading_body(head)
    glyph = text.strip()[:1]
    if not name or (head.glyph and glyph != head.glyph):
        return ""
    head.glyph = glyph
    return name


def _owned_bullet(head: _Item, owner: str, body: str, line: int, section: str, blocks) -> _Item:
    """The task a bullet starts under a heading naming its body: "*1.2. Sở Tài chính - Cơ quan
    thường trực Ban Chỉ đạo*" / "- Tuyên truyền, …" / "Thời gian thực hiện: …" / "- Tham mưu
    …" / "Thời gian hoàn thành: …" (Quyết định 1627/QĐ-UBND of 2025, Quảng Ngãi, IV.1): each
    bullet a task of that body, the time line under it its own; keyed by the heading's number
    (then ``.b2``, ``.b3`` …, ``blocks`` counting them per heading)."""
    count = blocks.get(id(head), 0) + 1
    blocks[id(head)] = count
    it = _Item(head.number if count == 1 else f"{head.number}.b{count}", 9, body, line, section)
    it.fields["lead"] = [owner]
    it.owner = head
    return it


def labelled_tasks(lines: list[tuple[int, str]]):
    from .planimport import RawRow

    items: list[_Item] = []
    cur: _Item | None = None
    last_ar = ""
    section = ""
    pending: list[_Item] = []  # numbered paragraphs without fields yet (may share a block)
    article = ""  # "Điều 2": the number of a task whose fields are numbered 1. 2. 3.
    head: _Item | None = None  # the latest numbered paragraph
    head_blocks: dict[int, int] = {}  # field blocks under it so far
    lines = _split_fields(lines)
    paren_items = _paren_items(lines)
    timed = _timed_bullets(lines)
    for line, text in lines:
        if _ends_block(text) and not re.match(r"^\s*[IVX]{1,5}\.\s", text):
            cur, pending = None, []
            continue
        am = _ARTICLE.match(text)
        if am:
            article, cur, pending = f"Điều {am.group(1)}", None, []
            continue
        m = _NUM.match(text)
        b = _BULLET.match(text) if not m else None
        body = (m.group("rest") if m else b.group("rest") if b else text).strip()
        fld = _field(body)
        if fld is not None:
            role, value = fld
            if cur is None or (role == "content" and (cur.has_fields() or cur.content)):
                number = article or (m.group(0).split()[0] if m else "")
                if not number and cur is not None and cur is head and not cur.fields:
                    # "1. Phổ biến …" / "- Nội dung thực hiện: Tổ chức …": the labelled
                    # content is the numbered heading's task (Kế hoạch 172/KH-UBND of 2025,
                    # Hồ Chí Minh)
                    number = cur.number
                    items.remove(cur)
                    pending = [p for p in pending if p is not cur]
                cur = _Item(number, 9, "", line, section)
                items.append(cur)
            cur.add_field(role, value, line)
            if cur in pending and role != "content":
                for p in pending:
                    if p is not cur and not p.fields:
                        p.fields = cur.fields  # printed once for several items
                pending = []
            continue
        if m:
            kind = next(k for k in ("ar", "le", "pn", "ro") if m.group(k))
            raw = m.group(kind)
            if kind == "pn" and not paren_items:
                # "(1) …" inside an item is part of its text
                if cur is not None:
                    cur.add_text(text, line)
                continue
            if kind == "ro":
                section = raw
                cur = None
                pending = []
                last_ar = ""
                continue
            if kind == "ar":
                last_ar = raw
                number = raw
            elif kind == "pn":
                number = f"{last_ar}.({raw})" if last_ar else f"({raw})"
            else:
                number = f"{last_ar}.{raw}" if last_ar else raw
            depth = _depth(raw, kind)
            if (
                kind == "le"
                and raw == "a"
                and _CONTENT_LABEL.match(body)
                and cur is not None
                and cur is head
                and not cur.fields
                and cur.number == last_ar
            ):
                # "1.1. Xây dựng …" / "a) Nhiệm vụ: …" / "b) Cơ quan thực hiện: …": the
                # lettered fields are the numbered heading's own task, keyed by its number
                # (Kế hoạch 308/KH-UBND of 2025, Hà Nội: 1.1, never 1.1.a)
                number, depth = cur.number, cur.depth
                items.remove(cur)
                pending = [p for p in pending if p is not cur]
            if cur is not None and cur.has_fields():
                pending = []
            else:
                pending = [p for p in pending if p.depth == depth]
            cur = _Item(number, depth, body, line, section)
            items.append(cur)
            pending.append(cur)
            head = cur
            continue
        owner = _bullet_owner(head, cur, text) if b is not None and section in timed else ""
        if owner and head is not None:
            cur = _owned_bullet(head, owner, body, line, section, head_blocks)
            items.append(cur)
            continue
        if cur is not None:
            if (
                b is not None
                and cur.last != "content"
                and cur.has_fields()
                and any(v.strip() for v in cur.fields[cur.last])
                and not cur.listed
                and _other_field(body)
            ):
                # "- Thành phần: …", "- Địa điểm: …" among a task's fields: another field of
                # the same task, kept as its note (Kế hoạch hiệp thương of 2025, Ủy ban MTTQ
                # xã Lương Minh: "- Thời gian: …" / "- Thành phần: …" / "- Đơn vị chủ trì: …")
                cur.add_field("notes", body, line)
                continue
            if (
                b is not None
                and cur.last != "content"
                and cur.has_fields()
                and head is not None
                and any(v.strip() for v in cur.fields[cur.last])
                and not cur.listed
            ):
                # a bullet after a task's fields starts the next task of the same item, with
                # fields of its own (Kế hoạch 141/KH-UBND of 2025, Bắc Ninh, III.4: three
                # bullets, each closed by "Đơn vị chủ trì: …" / "Thời gian thực hiện: …")
                head_blocks[id(head)] = head_blocks.get(id(head), 1) + 1
                cur = _Item(f"{head.number}.b{head_blocks[id(head)]}", 9, body, line, section)
                items.append(cur)
                continue
            if cur.last != "content" and text[:1].isupper() and not _cut_name(cur):
                # bullets under a label with no value ("Thời gian thực hiện:") are its value
                listed = b is not None and (cur.listed or not any(cur.fields[cur.last]))
                if not _wrapped(cur, line) and not listed:
                    cur = None  # a new paragraph after the fields: the task has ended
                    continue
            if (
                cur.last == "content"
                and not cur.fields
                and line > cur.lines[-1] + 1
                and _is_body_name(text)
            ):
                # a paragraph naming a body and its duty after a blank line under a heading
                # without fields: the task is written out, it does not share the next
                # item's fields (Kế hoạch
                # 172/KH-UBND of 2025, Hồ Chí Minh, II.3)
                cur.paragraph = len(cur.content)
                pending = [p for p in pending if p is not cur]
            if b is not None and cur.last != "content" and not any(cur.fields[cur.last]):
                cur.listed = True  # "Thời gian thực hiện:" / "+ … trước ngày 15 tháng 12 …"
            cur.add_text(text, line)
    rows = []
    with_fields = {(it.section, it.depth) for it in items if it.has_fields()}
    for it in items:
        own = " ".join(it.content[it.paragraph :])[:150] if it.paragraph else ""
        if (
            own
            and _ROLE_TAIL.search(own)
            and not it.fields
            and (it.section, it.depth) in with_fields
        ):
            rows.append(_row(RawRow, it))  # a task among labelled ones, written as prose
            continue
        if not it.has_fields() or not (it.content or it.fields.get("content")):
            continue  # no fields, or fields of no task ("1. Thời gian: 1,5 ngày")
        if it.content and _heading_role(it.content[0]) not in (None, "content"):
            continue  # a field's heading ("a) Cơ quan chủ trì" over a list), not a task
        rows.append(_row(RawRow, it))
    return rows


_CONTENT_LABEL = re.compile(
    # "a) Hoạt động 1" / "- Nội dung: Triển khai …" (Kế hoạch 174/KH-UBND of 2025, Hồ Chí
    # Minh): the activity's title and the label are no content
    r"^\s*(?:(?:Hoạt động|Nhiệm vụ|Công việc)\s+\d{1,2}\s+[-+•]\s+)?"
    r"(?:Nhiệm vụ|Nội dung(?: thực hiện| công việc)?|Tên nhiệm vụ)\s*:\s*(?:[-+•]\s+)?",
    re.IGNORECASE,
)
# a unit field listing its bodies as "+" lines, each with its role: "- Cơ quan thực hiện:" /
# "+ Sở Văn hóa và Thể thao chủ trì, phối hợp với …" / "+ Sở Xây dựng đăng tải …"
_UNIT_LINES = re.compile(r"(?:^|\s)[-+•]\s+(?=[A-ZĐÀ-Ỹ])")


# one unit field naming both roles: "- Đơn vị thực hiện: Văn phòng UBND tỉnh chủ trì, phối
# hợp với Sở Khoa học Công nghệ và các sở, ban, ngành có liên quan." (Ban Chỉ đạo … Đề án 06
# of Lâm Đồng, 8/2025): the bodies after "phối hợp với" coordinate
_LEAD_WITH_COORD = re.compile(
    r"^(?P<lead>[^;:]{3,120}?)\s+chủ trì\s*,?\s*phối hợp\s+(?:với|cùng)\s+(?P<coord>\S.*)$",
    re.IGNORECASE,
)


def _listed_units(lead: str, coord: str) -> tuple[str, str, str]:
    """The bodies of a unit field written as "+" lines, each line's body before its role
    ("+ Sở Văn hóa và Thể thao chủ trì, phối hợp với các sở, …" → lead "Sở Văn hóa và Thể
    thao", the bodies after "phối hợp với" coordinate); a line naming no role ("+ Sở Xây
    dựng đăng tải thông điệp …") is a duty, returned as text to add to the task's. The field
    as it was when no line names a role."""
    leads, coords, texts = [], [coord] if coord else [], []
    for part in _UNIT_LINES.split(lead):
        part = part.strip(" .;")
        m = _LEAD_WITH_COORD.match(part)
        if m and _is_body_name(m.group("lead")):
            leads.append(m.group("lead").strip(" ,;"))
            coords.append(m.group("coord").strip(" .;"))
        elif lead_in_text(part):
            leads.append(lead_in_text(part))
        elif part:
            texts.append(part)
    if not leads:
        return lead, coord, ""
    return "; ".join(leads), "; ".join(coords), " ".join(texts)


def _row(RawRow, it: _Item):
    cells = [""] * 9
    cells[0] = it.number
    # "a) Nhiệm vụ: Tham mưu …" (Kế hoạch 308/KH-UBND of 2025, Hà Nội): the label is no content
    cells[1] = _CONTENT_LABEL.sub("", nfc(" ".join(it.content)), count=1)
    order = ("number", "content", "leader", "lead", "coord", "start", "due", "output", "notes")
    for role, vals in it.fields.items():
        if role == "content":
            cells[1] = nfc(" ".join([cells[1], *vals]))
            continue
        cells[order.index(role)] = nfc(" ".join(vals)).rstrip(".;").strip()
    # a prose plan's one time field ("Thời gian thực hiện: Quý IV/2025") is the deadline
    if cells[5] and not cells[6]:
        cells[6], cells[5] = cells[5], ""
    if _UNIT_LINES.match(cells[3]):
        cells[3], cells[4], more = _listed_units(cells[3], cells[4])
        cells[1] = nfc(f"{cells[1]} {more}".strip())
    m = _LEAD_WITH_COORD.match(cells[3])
    if m and not cells[4] and _is_body_name(m.group("lead")):
        cells[3], cells[4] = m.group("lead").strip(" ,;"), m.group("coord").strip()
    flags = []
    if not cells[3]:
        lead = lead_in_text(cells[1])
        if lead:
            cells[3] = lead
            flags.append("lead_from_text")
    return RawRow(
        cells=cells, line=it.lines[0], lines=list(it.lines), section=it.section, flags=flags
    )


def lead_in_text(text: str) -> str:
    """The body a task's sentence starts with, before its role verb: ``Sở Tư pháp chủ trì,
    phối hợp với …`` → ``Sở Tư pháp`` (a step with only ``Thời gian hoàn tất: …`` under it
    names its body in its text); "" when the sentence starts otherwise."""
    head = re.sub(r"^(?:giao(?:\s+cho)?|đề nghị)\s+", "", text[:200].strip(), flags=re.IGNORECASE)
    m = _ROLE_TAIL.search(head)
    if not m:
        return ""
    name = head[: m.start()].strip(" ,;")
    if not _is_body_name(name) or len(name.split()) > 14 or "." in name:
        return ""
    return nfc(name)


# Fields written as headings with the values listed under them, per section:
#   1. Nội dung, biện pháp / a) … b) …  (the tasks)
#   2. Cơ quan chủ trì, phối hợp / a) Cơ quan chủ trì / - Bộ … / b) Cơ quan phối hợp / - …
#   3. Thời gian thực hiện: Tháng 12/2013 và thường xuyên.
# Every task of the section shares the fields.
_CONTENT_HEADS = {"noi dung", "noi dung bien phap", "noi dung nhiem vu", "nhiem vu",
                  "noi dung thuc hien", "nhiem vu giai phap", "noi dung cong viec",
                  "nhiem vu cu the", "noi dung giai phap", "cac nhiem vu"}  # fmt: skip
_FIELD_HEAD_START = ("co quan", "don vi", "chu tri", "phoi hop", "thoi gian", "thoi han",
                     "tien do", "trach nhiem")  # fmt: skip


def _heading_role(body: str) -> str | None:
    f = fold(body.rstrip(":").strip())
    if f in _CONTENT_HEADS:
        return "content"
    if len(f.split()) > 7 or not f.startswith(_FIELD_HEAD_START):
        return None
    roles = set()
    if "chu tri" in f or f.startswith(("don vi thuc hien", "co quan thuc hien")):
        roles.add("lead")
    if "phoi hop" in f or f.startswith(("co quan tham gia", "don vi tham gia")):
        roles.add("coord")
    if f.startswith(("thoi gian", "thoi han", "tien do")):
        roles.add("due")
    if roles == {"lead", "coord"}:
        return "lead"  # "Cơ quan chủ trì, phối hợp": lead until a sub-heading says otherwise
    return roles.pop() if len(roles) == 1 else None


def headed_fields(lines: list[tuple[int, str]]):
    from .planimport import RawRow

    rows: list = []
    group: list[_Item] = []
    shared: dict[str, list[str]] = {}
    mode = ""  # "content", a field role, or "" (outside such a block)
    section = ""
    head_no = ""

    def emit() -> None:
        # a list under a heading: one unit (or time) per line
        joined = {k: ["; ".join(x.strip().rstrip(".;") for x in v)] for k, v in shared.items()}
        for it in group:
            it.fields = joined
            if it.has_fields() and it.content:
                rows.append(_row(RawRow, it))

    for line, text in lines:
        m = _NUM.match(text)
        kind = next(k for k in ("ar", "le", "pn", "ro") if m.group(k)) if m else ""
        if kind == "ro" or (_ends_block(text) and not kind):
            emit()
            group, shared, mode = [], {}, ""
            if kind == "ro":
                section = m.group("ro")  # type: ignore[union-attr]
            continue
        b = _BULLET.match(text) if not m else None
        body = (m.group("rest") if m else b.group("rest") if b else text).strip()
        if kind in ("ar", "le"):
            role = _heading_role(body)
            if role == "content":
                emit()
                group, shared, mode = [], {}, "content"
                head_no = m.group(kind)  # type: ignore[union-attr]
                continue
            fld = _field(body)
            if group and fld is not None and fld[0] != "content":
                shared.setdefault(fld[0], []).append(fld[1])
                for it in group:
                    it.lines.append(line)
                mode = fld[0]
                continue
            if group and role:
                mode = role
                continue
            if mode == "content" and kind == "le":
                number = f"{head_no}.{m.group('le')}"  # type: ignore[union-attr]
                group.append(_Item(number, 8, body, line, section))
                continue
            if mode and mode != "content":
                emit()
                group, shared, mode = [], {}, ""
            continue
        if mode == "content":
            if b is not None or not group:
                group.append(_Item(f"{head_no}.b{len(group) + 1}", 9, body, line, section))
            else:
                group[-1].add_text(text, line)
        elif mode and group:
            vals = shared.setdefault(mode, [])
            if b is None and vals and text[:1].islower():
                vals[-1] = f"{vals[-1]} {text.strip()}"  # a value wrapped onto the next line
            else:
                vals.append(body)
            for it in group:
                it.lines.append(line)
    emit()
    return rows


# the part of a plan that assigns duties per body ("IV. TỔ CHỨC THỰC HIỆN", "III. PHÂN CÔNG
# NHIỆM VỤ", "Trách nhiệm thực hiện"): when a plan has one, duties are read there only (a
# "Nội dung, giải pháp" heading such as "3.2.2. Các cơ quan, doanh nghiệp, nhân dân tham gia
# thực hiện:" names who takes part, it assigns no duty)
_DUTY_PART = re.compile(
    r"\b(?:to chuc thuc hien|phan cong|trach nhiem thuc hien|trach nhiem cua)\b"
)
# a body named at the start of a line inside another body's duties: "* Khối Dân vận Đảng
# ủy:", "· Cán bộ Văn phòng Đảng ủy: Tham mưu …" (seed 000, III.1.3)
_SUB_BODY = re.compile(r"^(?P<name>[^:]{3,80}?)\s*:\s*(?P<rest>.*)$")


# "Trên cơ sở nội dung Kế hoạch nêu trên, các sở, ban, ngành tỉnh, … căn cứ … để thành lập …"
# (Quyết định 1627/QĐ-UBND of 2025, Quảng Ngãi, VI.1)
_GROUNDS = re.compile(r"^(?:căn cứ|trên cơ sở)\b", re.IGNORECASE)
# the verb after a body's name (lower case: "Sở Xây dựng" is a name, "… xã xây dựng kế hoạch"
# a duty)
_DUTY_VERB = re.compile(
    r"\s(?:xây dựng|tổ chức|triển khai|thực hiện|chủ trì|phối hợp|có trách nhiệm|chỉ đạo|"
    # "1. Sở Nông nghiệp và Môi trường chủ động nghiên cứu, tổ chức triển khai …" (Công văn
    # 4390/UBND-NLN of 2026, Lào Cai): no body's name holds "chủ động" or, in lower case,
    # "nghiên cứu" ("Viện Nghiên cứu …" is written with a capital); "4. Bộ Tài chính bố trí
    # kinh phí thực hiện Đề án …" (Quyết định 892/QĐ-TTg of 2026, VI.4): the lead was "Bộ Tài
    # chính bố trí kinh phí"
    r"hướng dẫn|tham mưu|theo dõi|báo cáo|chủ động|nghiên cứu|bố trí|bảo đảm|đảm bảo|căn cứ|"
    # "… giao UBND phường Văn Phú tìm kiếm nhà đầu tư …", "… giao các sở, ngành liên quan và
    # UBND các phường: Yên Bái, Văn Phú tăng cường hướng dẫn, …" (Công văn of 6/2026 of UBND
    # tỉnh Lào Cai on Cụm công nghiệp Đầm Hồng)
    r"tăng cường|tìm kiếm)\b"
)


# "tổ chức" naming bodies, not the verb: "các tổ chức thành viên", "tổ chức chính trị - xã hội"
# "… và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này, xây dựng …" (Kế hoạch
# 308/KH-UBND of 2025, Hà Nội, III.2): bodies, no verb
_TO_CHUC_NOUN = re.compile(
    r"\stổ chức\s+(?:thành viên|chính trị|ctxh|cơ sở|đoàn thể|xã hội|đảng|hội viên"
    r"|có liên quan|liên quan|cá nhân)\b",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(r"^\s*(?:$|xã|phường|thị trấn|huyện|quận|tỉnh|thành phố|[A-ZĐÀ-Ỹ])")
# a document's kind in capitals after the verb of a list of bodies is what the verb makes or
# rests on, no name the verb is part of: "1. Các cơ quan, đơn vị," / "địa phương xây dựng Kế
# hoạch triển khai …" (Kế hoạch 141/KH-UBND of 2025, Bắc Ninh, IV.1), "2. Các Sở, ban, ngành,
# UBND xã," / "phường và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này, xây dựng Kế
# hoạch triển khai …" (Kế hoạch 308/KH-UBND of 2025, Hà Nội, III.2)
_DOCUMENT_AFTER = re.compile(
    r"^\s*(?:Kế hoạch|Chương trình|Đề án|Phương án|Nghị quyết|Quyết định|Chỉ thị|Kết luận"
    r"|Hướng dẫn|Công văn|Văn bản|Báo cáo|Quy chế)\b"
)


# how the bodies are to act, right after their name: "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt
# Nam tỉnh và các Đoàn thể tỉnh bằng nhiều hình thức và phương pháp thích hợp, tổ chức …"
# (Kế hoạch 556/KH-UBND of 2025, Đồng Tháp, VI.3)
_MEANS = re.compile(r"\s(?:bằng nhiều|bằng các|bằng mọi|thông qua các)\s", re.IGNORECASE)


def _bound_at_means(name: str) -> str:
    """A body's name ends where the means it is to act by start, when a name is left."""
    m = _MEANS.search(name)
    head = name[: m.start()].strip(" ,;") if m else ""
    return head if head and _is_body_name(head) else name


def _first_verb(text: str) -> re.Match | None:
    """The first duty verb of ``text``, "tổ chức" naming bodies left out ("các sở, ban,
    ngành, tổ chức chính trị - xã hội, …" and "Các Sở, ban, ngành, UBND xã, phường và các cơ
    quan, tổ chức có liên quan", Kế hoạch 308/KH-UBND of 2025, Hà Nội, III.2, hold no verb)."""
    return next(
        (v for v in _DUTY_VERB.finditer(text) if not _TO_CHUC_NOUN.match(text[v.start() :])),
        None,
    )


def _bound_at_verb(name: str, listed: bool = False) -> str:
    """A body's name ends at a duty verb written after it, when the role word comes later:
    "4.5. Ban Thường trực Ủy ban MTTQ Việt Nam xã tổ chức hội nghị tiếp xúc cử tri phối hợp
    với …:" (Hướng dẫn of 2025, MTTQ xã Lương Minh, II) → "Ban Thường trực Ủy ban MTTQ Việt
    Nam xã". Not after a comma (a clause, or a name such as "Sở Văn hóa, Thể thao và Du lịch"
    left as it was), not at "tổ chức" naming bodies ("… và các tổ chức thành viên"), nor at a verb
    that is part of the name ("Ban Quản lý dự án đầu tư xây dựng huyện": a place follows).
    ``listed``: the paragraph is one duty with nothing listed under it, so a comma before the
    verb separates the bodies it names ("4. Ủy ban nhân dân các xã, phường nghiên cứu, triển
    khai …", Công văn 4390/UBND-NLN of 2026, Lào Cai)."""
    for m in _DUTY_VERB.finditer(name):
        head, tail = name[: m.start()].rstrip(), name[m.end() :]
        words = head.split()
        if (
            len(words) < 2
            # "Các sở, ban, ngành nghiên cứu, … hoặc xây dựng, …" over bullets: a clause
            or ("," in head and not listed)
            or words[-1].lower() in ("và", "các", "những", "với", "của", "hoặc")
            or _TO_CHUC_NOUN.match(name[m.start() :])
            or (_PLACE_AFTER.match(tail) and not ("," in head and _DOCUMENT_AFTER.match(tail)))
            or len(tail.split()) < 2
        ):
            continue
        if _is_body_name(head):
            return head
    return name


def _one_sentence_duty(lines: list[tuple[int, str]], i: int, written: str) -> bool:
    """The numbered paragraph ending at ``i`` is a whole sentence with no bullet nor lettered
    item under it: "1. Các Sở, ban, ngành thuộc tỉnh, Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh,"
    / "Ủy ban nhân dân các xã, phường tổ chức nghiên cứu, … hiệu" / "quả." (Công văn
    9387/UBND-KT of 2026, Lào Cai) — the bodies it names come before its first verb."""
    if not written.rstrip().endswith("."):
        return False
    if i + 1 >= len(lines):
        return True
    nxt = lines[i + 1][1]
    m = _NUM.match(nxt)
    return not _BULLET.match(nxt) and not (m and m.group("le"))


def _after_grounds(sentence: str) -> str:
    """The body a duty names after its grounds: "1. Căn cứ các nội dung … và Hướng dẫn này,
    Ban Thường trực Ủy ban MTTQ Việt Nam xã xây dựng kế hoạch triển khai, …" (Hướng dẫn of
    2025, MTTQ xã Lương Minh, III.1) → "Ban Thường trực Ủy ban MTTQ Việt Nam xã"; "" if none."""
    if not _GROUNDS.match(sentence):
        return ""
    for m in re.finditer(r",\s+", sentence):
        tail = sentence[m.end() :]
        if _is_body_name(tail):
            # "tổ chức" naming bodies is no verb: "Căn cứ nội dung Kế hoạch …, các sở, ban,
            # ngành, tổ chức chính trị - xã hội, Ủy ban nhân dân các xã, phường xây dựng Kế
            # hoạch …" (Kế hoạch 980/KH-UBND of 2025, Nghệ An, IV.3) — the lead was cut at
            # "các sở, ban, ngành"
            verb = _first_verb(tail)
            name = tail[: verb.start()].strip(" ,;") if verb else ""
            # "1. Căn cứ Kế hoạch này, các Sở, ban, ngành, đoàn thể cấp tỉnh, cơ quan ngành dọc
            # đóng trên địa bàn, Ủy ban nhân dân xã, phường xây dựng kế hoạch …" (Kế hoạch
            # 182/KH-UBND of 2025, Đồng Nai, IV.1): a list of bodies, each name counts alone
            ok = (
                name
                and _is_body_name(name)
                and max(_name_words(x) for x in name.split(",")) <= 14
                and len(name.split()) <= 30
            )
            return nfc(name) if ok else ""
    return ""


def _grounds_paragraph(RawRow, lines, i: int, number: str, section: str):
    """An unnumbered paragraph of a duties part that gives bodies their own plan after its
    grounds: "2. Bộ trưởng, … chịu trách nhiệm thực hiện Kế hoạch
    này." / "Căn cứ nội dung Kế hoạch này và tình hình thực tiễn, các bộ, cơ quan ngang bộ, cơ
    quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương xây dựng
    kế hoạch chi tiết triển khai thi hành Luật …" (Quyết định 2623/QĐ-TTg of 2025, under IV.2,
    a clause about the plan) — the bodies' duty, keyed by the number above it; none (and
    ``i``) for any other paragraph."""
    j = i
    while (
        j < len(lines)
        and not _NUM.match(lines[j][1])
        and not _BULLET.match(lines[j][1])
        and not _ends_block(lines[j][1])
    ):
        j += 1
    text = nfc(" ".join(t.strip() for _l, t in lines[i:j]))
    if not _GROUNDS.match(text) or not _names_own_plan(text):
        return [], i
    name = _after_grounds(re.split(r"(?<=[.;])\s", text)[0])
    if not name or not _names_own_plan(text[text.find(name) :]):
        return [], i
    return [_duty(RawRow, number, name, [text], [x for x, _t in lines[i:j]], section)], j


def _split_colon(text: str) -> tuple[str, str, str]:
    """``Body: duty`` at the first colon outside brackets: "… bằng văn bản và thư điện tử (qua
    địa chỉ Email: …@gmail.com) như sau:" ends at its last colon (Hướng dẫn of 2025, MTTQ xã
    Lương Minh, III.2)."""
    depth = 0
    for i, c in enumerate(text):
        if c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c == ":" and depth == 0:
            return text[:i], ":", text[i + 1 :]
    return text, "", ""


def _duty_parts(lines: list[tuple[int, str]]) -> set[str]:
    """The sections (Roman numbers, capital letters) of the parts that assign duties per
    body."""
    return _roman_parts(lines, _DUTY_PART.search)


# a part numbered by a capital letter, its title in capitals: "D. TỔ CHỨC THỰC HIỆN" after
# "A. MỤC ĐÍCH, YÊU CẦU", "B. NỘI DUNG, NHIỆM VỤ, …" (Kế hoạch 252/KH-BCĐ1237 of 2013, whose
# B holds the Roman sections I–IX); I, V and X are Roman numbers (``_NUM``)
_LETTER_PART = re.compile(r"^\s*(?P<cap>[A-HJ-UWYZĐ])\.\s+(?P<title>\S.*)$")


def _letter_part(text: str) -> tuple[str, str] | None:
    """(letter, title) of a part heading numbered by a capital letter, else None."""
    m = _LETTER_PART.match(text)
    if not m:
        return None
    title = m.group("title").strip(" *")
    letters = [c for c in title if c.isalpha()]
    if len(title.split()) < 2 or len(letters) < 6 or any(c.islower() for c in letters):
        return None
    return m.group("cap"), title


def _roman_parts(lines: list[tuple[int, str]], title_test) -> set[str]:
    """The sections of the parts whose (folded) title passes ``title_test``: Roman numbers,
    and capital letters of parts over them — a Roman section inside a lettered part whose
    title passes is one of them too."""
    out = set()
    lettered = False  # inside a lettered part whose title passes
    for _line, text in lines:
        m = _NUM.match(text)
        cap = None if m else _letter_part(text)
        if cap:
            lettered = bool(title_test(fold(cap[1])))
            if lettered:
                out.add(cap[0])
        elif m and m.group("ro") and (lettered or title_test(fold(m.group("rest")))):
            out.add(m.group("ro"))
    return out


def _sub_body(text: str) -> tuple[str, str] | None:
    b = _BULLET.match(text)
    body = (b.group("rest") if b else text).strip()
    m = _SUB_BODY.match(body)
    if not m:
        return None
    name = m.group("name").strip(" ,;")
    if not _is_body_name(name) or len(name.split()) > 10 or _field(body) is not None:
        return None
    if _ROLE_TAIL.search(name):  # "Đảng ủy phường chủ trì, phối hợp …:" is a sentence
        return None
    return nfc(name), m.group("rest").strip()


def _assigned_paragraph(text: str, before: str) -> tuple[str, str] | None:
    """A paragraph inside a body's duties that gives a duty to another body: "Giao Ban xây
    dựng đảng Đảng ủy chủ trì, hướng dẫn các cấp ủy, tổ chức" / "đảng đẩy mạnh …" after the
    duty of "2. Các cơ quan chuyên trách tham mưu, giúp việc Đảng ủy; các chi bộ, đảng bộ cơ
    sở" (Công văn 2449-CV/ĐU of 2026, Lào Cai) — that body's own duty, the line its text; None
    unless the line starts a sentence ("Giao" with a capital after a full stop) and names the
    body before its role word."""
    if not text.lstrip().startswith("Giao ") or not re.search(r"[.;:]\s*$", before):
        return None
    name = lead_in_text(text)
    return (name, text.strip()) if name else None


_ASSIGNED_AT_END = re.compile(r"[.,;]\s+(?:giao|đề nghị)\s+(?=\S)", re.IGNORECASE)


def _assigned_at_end(sentence: str) -> str:
    """The body a heading assigns in its last clause: "3. Về nội dung dự thảo Kế hoạch …,
    giao Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh:" and "1. Thống nhất tổ chức
    Hội nghị … . Giao Trung tâm …:" over bullets (Thông báo kết luận of 4/2026, Lâm Đồng);
    "" when the clause names no body."""
    found = list(_ASSIGNED_AT_END.finditer(sentence))
    if not found:
        return ""
    tail = _ROLE_TAIL.split(sentence[found[-1].end() :])[0].strip(" ,;")
    return nfc(tail) if _is_body_name(tail) and len(tail.split()) <= 18 else ""


def _assigned_inside(paragraph: str) -> str:
    """The body a numbered paragraph of instructions gives its duty to after an opening
    clause: "1. Nhất trí chủ trương di dời CCN Đầm Hồng theo Kế hoạch số 134/KH-UBND …; Giao
    Ủy ban nhân dân phường Yên Bái chủ trì, …", "4. Đối với các Cụm công nghiệp: Phú Thịnh 5
    và Phú Thịnh 6, giao UBND phường Văn Phú tìm kiếm nhà đầu tư …", "5. Trong thời gian chưa
    hoàn thành di dời, giao các sở, ngành liên quan và UBND các phường: Yên Bái, Văn Phú tăng
    cường …" (Công văn of 6/2026 of UBND tỉnh Lào Cai on Cụm công nghiệp Đầm Hồng) — the first
    such clause, its body ending at its role word or duty verb; "" when none names a body."""
    for m in _ASSIGNED_AT_END.finditer(paragraph):
        rest = paragraph[m.end() :].strip(" ,;")
        name = _bound_at_verb(_ROLE_TAIL.split(rest)[0], listed=True).strip(" ,;")
        if name != rest and _is_body_name(name) and len(name.split()) <= 18:
            return nfc(name)
    return ""


def _after_lead_in(lines: list[tuple[int, str]], k: int) -> int:
    """Where the items under a body's heading start: past a lead-in sentence that ends with a
    colon, ``3. Sở Văn hóa, Thể thao và Du lịch …`` / ``Chủ trì, phối hợp với các cơ quan có
    liên quan tham mưu cho Ủy ban nhân dân các tỉnh, …:`` / ``a) …`` (Quyết định
    4385/QĐ-BVHTTDL of 2025, IV.3), wrapped over up to four lines; else ``k``."""
    for j in range(k, min(k + 4, len(lines))):
        text = lines[j][1]
        if _NUM.match(text) or _BULLET.match(text) or _field(text) is not None:
            return k
        if text.rstrip().endswith(":"):
            nm = _NUM.match(lines[j + 1][1]) if j + 1 < len(lines) else None
            return j + 1 if nm and nm.group("le") else k
    return k


def _role_lead_in(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines of a sentence that only names the body's role and partners and ends with a
    colon, right above bullets ("Chủ trì, phối hợp với các sở," / "ngành, UBND các xã, phường
    và các cơ quan, đơn vị có liên quan:" / "- Triển khai …", Quyết định 2954/QĐ-UBND of 2025,
    Sơn La, V.4); none otherwise (a paragraph with its own duty keeps its bullets as details)."""
    k = next((i for i, (_l, t) in enumerate(lines) if _BULLET.match(t)), 0)
    if not 0 < k <= 4:
        return []
    text = " ".join(t.strip() for _l, t in lines[:k])
    return lines[:k] if text.endswith(":") and _ROLE_HEAD.match(text) else []


def _block_duties(RawRow, number, name, head_line, block, section):
    """The duties under one body heading: one per bullet, or one paragraph; a body named
    inside the block (``* Khối Dân vận Đảng ủy:``) owns the lines under it."""
    parts: list[tuple[str, str, list[tuple[int, str]], int]] = []  # (body, inline, lines, line)
    cur_name, cur_inline, cur_lines, cur_line = name, "", [], head_line
    prev = ""
    for bl, bt in block:
        sub = _sub_body(bt) or _assigned_paragraph(bt, prev)
        prev = bt
        if sub is not None:
            if cur_inline or cur_lines:
                parts.append((cur_name, cur_inline, cur_lines, cur_line))
            cur_name, cur_inline, cur_lines, cur_line = sub[0], sub[1], [], bl
            continue
        cur_lines.append((bl, bt))
    if cur_inline or cur_lines:
        parts.append((cur_name, cur_inline, cur_lines, cur_line))
    rows: list = []

    def key() -> str:
        return f"{number}.{len(rows) + 1}" if rows else number

    def lead_in(first: int) -> list[int]:
        # the first duty of the heading keeps the heading's line; a sub-body's, its own
        out = [] if rows else [head_line]
        return out + ([first] if first != head_line else [])

    for body, inline, lines, first in parts:
        lead = [] if inline else _role_lead_in(lines)
        if lead:
            # "Chủ trì, phối hợp với các sở, ngành, …:" over bullets: one duty per bullet
            lines = lines[len(lead) :]
            first = lead[0][0]
        if inline or (lines and not _BULLET.match(lines[0][1])):
            # "Body: duty" or a paragraph: one duty, the lines under it go on its text
            # (bullets under a paragraph are details of it)
            texts = ([inline] if inline else []) + [t for _l, t in lines]
            src = lead_in(first) + [x for x, _t in lines]
            rows.append(_duty(RawRow, key(), body, texts, src, section))
            continue
        glyph = ""  # the list's own bullet; another one under a duty is a detail of it
        for bl, bt in lines:
            bm = _BULLET.match(bt)
            mark = bt.strip()[:1] if bm else ""
            glyph = glyph or mark
            if bm and mark != glyph and rows and rows[-1].cells[3] == body:
                bm = None  # "- Lập hồ sơ …, bao gồm:" then "+ Đơn đề nghị …;": one duty
            if bm or not rows or rows[-1].cells[3] != body:
                text = bm.group("rest") if bm else bt
                rows.append(_duty(RawRow, key(), body, [text], lead_in(first) + [bl], section))
                first = head_line  # only the first duty names the sub-body's line
            else:
                rows[-1].cells[1] = nfc(f"{rows[-1].cells[1]} {bt}")
                rows[-1].lines.append(bl)
    return rows


_PLACE_KIND = re.compile(r"\b(?:xa|phuong|huyen|quan|thi tran|tinh|thanh pho|dac khu)$")


# a class of ministries or departments named by their names after its colon: "3. Các Bộ:
# Công Thương, Giao thông vận tải, Nông nghiệp và Phát triển nông thôn, Xây dựng" over
# bullets (Quyết định 232/QĐ-TTg of 2025, V.3): the names are the body, no duty
_CLASS_WORD = re.compile(r"^cac (?:bo|so|ban|nganh|co quan)$")


def _class_named(name: str, after: str) -> bool:
    items = [x.strip() for x in after.strip(" .;").split(",") if x.strip()]
    return (
        bool(_CLASS_WORD.match(fold(name)))
        and len(items) >= 2
        and all(len(x.split()) <= 8 and x[:1].isupper() for x in items)
    )


def _places_named(name: str, after: str) -> bool:
    """The places a body's heading names after its colon, not its duty: "12. Ủy ban nhân dân
    các xã: Gia Thuận, Tân Điền, Gò Công Đông, Tân Phú Đông" over bullets (Kế hoạch
    556/KH-UBND of 2025, Đồng Tháp, IV.12): two names or more, each a few capitalised words."""
    items = [x.strip() for x in re.split(r",|\svà\s", after.strip(" .;")) if x.strip()]
    return (
        _is_body_name(name)
        and bool(_PLACE_KIND.search(fold(name)))
        and len(items) >= 2
        and all(len(x.split()) <= 4 and all(w[:1].isupper() for w in x.split()) for x in items)
    )


def _duty_then_bullets(RawRow, number, name, head, block, section):
    """A body's duty written on its heading's line, its lines below; '-' bullets after the
    paragraph with no lead-in colon are duties of the same body, one each: "1. Các cơ quan,
    đơn vị, địa" / "phương, doanh nghiệp căn cứ … xây dựng kế hoạch …" / "- Giới thiệu điển
    hình tiên tiến …" / "- Khen thưởng theo thẩm quyền …" (Kế hoạch 0124/KH-UBND of 2025, Đắk
    Lắk, IV.1: four duties). A paragraph ending "bao gồm:" / "như sau:" keeps its list."""
    groups: list[tuple[list[str], list[int]]] = [([head[1]], [head[0]])]
    # the whole list, not its first bullet only: "3. Các bộ, ngành, … tổ chức thực hiện …" /
    # "Cụ thể:" / three '-' bullets (Quyết định 892/QĐ-TTg of 2026, VI.3: one duty)
    listed = False
    for bl, bt in block:
        bm = _BULLET.match(bt)
        dash = bool(bm) and bt.lstrip()[:1] == "-"
        listed = listed or (dash and " ".join(groups[-1][0]).rstrip().endswith(":"))
        if bm and dash and not listed:
            groups.append(([bm.group("rest")], [bl]))
        else:
            groups[-1][0].append(bt)
            groups[-1][1].append(bl)
    rows: list = []
    for texts, src in groups:
        key = f"{number}.{len(rows) + 1}" if rows else number
        rows.append(_duty(RawRow, key, name, texts, src, section))
    return rows


# a line that ends where no sentence can, before a name in capitals on the next line: "3. Đề
# nghị Ủy ban Mặt trận" / "Tổ quốc Việt Nam tỉnh và …", "5. Giao Sở Nông nghiệp và" / "Môi
# trường chủ trì …", "… báo cáo kịp thời về" / "Bộ Nông nghiệp và Môi trường, …." (Kế hoạch
# 556/KH-UBND of 2025, Đồng Tháp, VI.3 and VI.5)
_CUT_BEFORE_NAME = re.compile(r"\s(?:và|của|các|với|về|cho|tại|mặt trận)$", re.IGNORECASE)


def _wrapped_heading(lines: list[tuple[int, str]], i: int, rest: str) -> tuple[str, int]:
    """A numbered paragraph hard-wrapped by the scraper: "6. Đề nghị Văn phòng Tỉnh ủy và
    các Ban Xây" / "dựng Đảng và Ủy ban Kiểm tra Tỉnh ủy, …" / "… tăng cường …." (Kế hoạch
    1026/KH-UBND of 2025, Nghệ An, III.6) is one sentence: its lines in lower case are joined
    up to the one that ends it. The text and the index of its last line."""
    j = i
    text = rest
    while (
        j + 1 < len(lines)
        and not re.search(r"[.;:!?]$", text)
        and (re.match(r"^\s*[a-zđà-ỹ]", lines[j + 1][1]) or _CUT_BEFORE_NAME.search(text))
        and not _NUM.match(lines[j + 1][1])
        and not _BULLET.match(lines[j + 1][1])
    ):
        j += 1
        text = nfc(f"{text} {lines[j][1].strip()}")
    nxt = _NUM.match(lines[j + 1][1]) if j + 1 < len(lines) else None
    if j > i and j - i <= 3 and nxt and nxt.group("le") and _first_verb(text) is None:
        # "1. Bộ trưởng, Thủ trưởng" / "cơ quan ngang bộ, …, Chủ tịch Ủy ban nhân dân các
        # tỉnh," / "thành phố trực thuộc trung ương" / "a) …" (Nghị quyết 394/NQ-CP of 2025,
        # IV.1): a heading of bodies only, no colon, wrapped right above its lettered duties
        return text, j
    if j == i or not re.search(r"[.;:!?]$", text):
        if i + 1 < len(lines) and _CUT_ROLE.search(f"{rest}\n{lines[i + 1][1].strip()}"):
            return _cut_role_sentence(lines, i, rest)
        return rest, i
    return text, j


def _cut_role_sentence(lines: list[tuple[int, str]], i: int, rest: str) -> tuple[str, int]:
    """ "**2. **Giao Công an tỉnh chủ" / "trì, phối hợp các đơn vị … thực hiện" / "chức năng
    … Chương trình" / "MTQG; theo dõi, …" (Kế hoạch 182/KH-UBND of 2025, Đồng Nai, IV.2): a
    wrap inside the role word ("chủ" / "trì") — the lead was "Công an tỉnh chủ". The role word
    is read whole, and the sentence up to its end (at most eight lines, no numbered line nor
    bullet), else the line that completes the role word only."""
    text = nfc(f"{rest} {lines[i + 1][1].strip()}")
    j = i + 1
    full = text
    while not re.search(r"[.;:!?]$", full) and j + 1 < min(len(lines), i + 9):
        nxt = lines[j + 1][1]
        if _NUM.match(nxt) or _BULLET.match(nxt):
            break
        j += 1
        full = nfc(f"{full} {nxt.strip()}")
    if re.search(r"[.;:!?]$", full):
        return full, j
    return text, i + 1


_CUT_ROLE = re.compile(r"\s(?:chủ\n+trì|phối\n+hợp)\b", re.IGNORECASE)


def _heads_bullets(lines: list[tuple[int, str]], i: int, written: str) -> bool:
    """A heading that names its bodies by what they run and ends no sentence, right above
    their bullets: "**2. Các Sở, ngành chủ trì, quản lý, tham gia thực hiện các dự án, tiểu
    dự án, nội dung thành phần thuộc Chương trình**" / "- Phê duyệt …" (Kế hoạch 160/KH-UBND
    of 2025, Cần Thơ, VI.2) — the bullets are the duties, the heading none."""
    return (
        not re.search(r"[.;:!?]$", written.strip())
        and i + 1 < len(lines)
        and bool(_BULLET.match(lines[i + 1][1]))
    )


def _name_goes_on(lines: list[tuple[int, str]], i: int) -> bool:
    """The body's name of the heading at ``i`` goes on on the next line: a short lower-case
    line before the duty ("… và Ủy ban nhân dân" / "các xã, phường" / "Theo chức năng, …"),
    or a short line ending no sentence right above the body's bullets ("3. Đề nghị Ủy ban Mặt
    trận Tổ quốc Việt Nam Thành phố, Hội Liên hiệp" / "Phụ nữ Thành phố và các tổ chức thành
    viên của Mặt trận" / "- Trong phạm vi …", Kế hoạch 174/KH-UBND of 2025, Hồ Chí Minh, V.3)."""
    nxt, after = lines[i + 1][1], lines[i + 2][1]
    if _NUM.match(nxt) or _BULLET.match(nxt):
        return False
    if _NAME_GOES_ON.match(nxt) and (
        after.strip()[:1].isupper() or _BULLET.match(after) or _NUM.match(after)
    ):
        return True
    return bool(
        _BULLET.match(after) and len(nxt.split()) <= 14 and not re.search(r"[.;:!?]\s*$", nxt)
    )


# what the bodies do and where, after their name: "Các doanh nghiệp hoạt động trong lĩnh vực
# xây dựng, giao thông, vận tải, logistics và công nghệ thông tin trên địa bàn Tỉnh"
_NAME_DESCRIBED = re.compile(
    r"\s+(?:hoạt\s+động\s+)?(?:trong|thuộc)\s+(?:các\s+)?(?:lĩnh\s+vực|ngành)\b"
    r"|\s+trên\s+địa\s+bàn\b|\s+trực\s+thuộc\b",
    re.IGNORECASE,
)


def _name_words(name: str) -> int:
    """The words of a body's name, without what it says of the bodies' field and place: the
    enterprises of V.7 of Kế hoạch 597/KH-UBND of 2025, Đồng Tháp, named over 22 words, are
    one addressee (their three duties were lost, the name taken for a sentence)."""
    return len([w for w in _NAME_DESCRIBED.split(name)[0].split() if w not in "-–"])


# the first word of a body's name, or of a request, with nothing after it
_BARE_HEAD = re.compile(
    r"^(?:các\s+)?(?:sở|bộ|ban|ủy|uỷ|ủy\s+ban|uỷ\s+ban|hội|viện|cục|chi\s+cục|trung\s+tâm|"
    r"liên\s+đoàn|văn\s+phòng|đề)$",
    re.IGNORECASE,
)


def _cut_after_head(lines: list[tuple[int, str]], i: int, name: str) -> bool:
    """A heading wrapped right after the first word of the body's name: "2.1. Sở" / "Tài
    chính" / "a) Tham mưu …", "2.4. Bộ" / "Chỉ huy Quân sự tỉnh" (italic headings of Kế hoạch
    182/KH-UBND of 2025, Đồng Nai, as scraped) — the lead was "Sở", the duty "Tài chính". The
    next line is short, ends no sentence and is no numbered line nor bullet."""
    nxt = lines[i + 1][1].strip()
    return (
        bool(_BARE_HEAD.match(name.strip()))
        and not _NUM.match(nxt)
        and not _BULLET.match(nxt)
        and len(nxt.split()) <= 14
        and not re.search(r"[.;:!?]$", nxt)
    )


def _wrapped_number(m: re.Match, text: str, heading: str) -> bool:
    """A line of text wrapped before a number ("15 tuổi đạt khoảng 22%; …" under "1. Sở Y tế"
    / "a) …", Kế hoạch 165/KH-UBND of 2025, Cần Thơ): an Arabic number without its full stop
    that does not follow the heading's number is no heading."""
    num = m.group("ar")
    if not num or "." in num or not heading.isdigit():
        return False
    return not text.lstrip().startswith(f"{num}.") and int(num) != int(heading) + 1


def _role_letter(lines: list[tuple[int, str]], j: int) -> int | None:
    """Where the bullets of a letter that only names its body's role start ("a) Chủ trì,
    phối hợp với các" / "sở, ban, ngành, … có liên quan" / "- Là cơ quan đầu mối …", Quyết
    định 2954/QĐ-UBND of 2025, Sơn La, V.1); None when the letter is a duty."""
    m = _NUM.match(lines[j][1])
    text = m.group("rest") if m else ""
    k = j + 1
    while k < len(lines) and k <= j + 3 and not _NUM.match(lines[k][1]):
        if _BULLET.match(lines[k][1]):
            break
        text = f"{text} {lines[k][1].strip()}"
        k += 1
    if k >= len(lines) or not _BULLET.match(lines[k][1]) or not _ROLE_HEAD.match(text.strip()):
        return None
    if text.rstrip().endswith(":") and _KEEPS_LIST.search(fold(text)):
        return None  # "… bao gồm:" over its list: one duty, the list its text
    return k


def _letter_body_end(lines: list[tuple[int, str]], j: int) -> int:
    """Where the block ends under a letter that only names a body and a colon ("a) Bộ Xây
    dựng:"), 0 when the letter is no such heading or nothing stands under it."""
    m = _NUM.match(lines[j][1])
    rest = m.group("rest").strip() if m else ""
    if not rest.endswith(":") or _field(rest) is not None:
        return 0
    name = rest[:-1].strip()
    if not _is_body_name(name) or _ROLE_TAIL.search(name) or len(name.split()) > 12:
        return 0
    k = j + 1
    while k < len(lines) and not _NUM.match(lines[k][1]) and not _ends_block(lines[k][1]):
        k += 1
    return k if k > j + 1 else 0


def _letter_duties(RawRow, lines: list[tuple[int, str]], j: int, raw: str, name: str, section):
    """The lettered duties under a body's heading, from ``j``: one task per letter, or one
    per bullet under a letter that only names the body's role; and the index after them."""
    rows: list = []
    n = len(lines)
    role_key = ""  # the key of the role letter whose bullets are being read
    while j < n:
        lm = _NUM.match(lines[j][1])
        if lm and _wrapped_number(lm, lines[j][1], raw):
            lm = None  # "15 tuổi đạt khoảng 22%; …": a line of the letter's text
        if (lm and not lm.group("le")) or _ends_block(lines[j][1]):
            break
        if lm and (end := _letter_body_end(lines, j)):
            # "1. Trách nhiệm của các Bộ, ngành Trung ương" / "a) Bộ Xây dựng:" / "- Chủ trì, …"
            # (Quyết định 22/2013/QĐ-TTg, Điều 8): a letter that only names a body heads that
            # body's duties, one per bullet or one paragraph, as a numbered body heading does
            name_at = nfc(lm.group("rest").strip().rstrip(":").strip())
            key = f"{raw}.{lm.group('le')}"
            rows += _block_duties(RawRow, key, name_at, lines[j][0], lines[j + 1 : end], section)
            role_key = ""
            j = end
            continue
        if lm:
            bullets_at = _role_letter(lines, j)
            role_key = f"{raw}.{lm.group('le')}" if bullets_at is not None else ""
            if bullets_at is not None:
                head = [x for x, _t in lines[j:bullets_at]]
                j = bullets_at
                continue
            said = " ".join(
                [lm.group("rest")]
                + [
                    t
                    for _l, t in lines[j + 1 : j + 3]
                    if not _NUM.match(t) and not _BULLET.match(t)
                ]
            )
            if fold(name).startswith("cac ") and _CYCLE_REPORT.match(fold(said)):
                # asked of all the bodies at once (a common rule): the reporting cycle
                j += 1  # its wrapped lines go on no task: skipped as lines of text below
                while j < n and not _NUM.match(lines[j][1]) and not _ends_block(lines[j][1]):
                    j += 1
                continue
            rows.append(
                _duty(RawRow, f"{raw}.{lm.group('le')}", name, [lm.group("rest")],
                      [lines[j][0]], section)
            )  # fmt: skip
        elif role_key and (bm := _BULLET.match(lines[j][1])):
            count = sum(1 for r in rows if f"{r.cells[0]}.".startswith(f"{role_key}."))
            key = f"{role_key}.{count + 1}" if count else role_key
            src = (head if not count else []) + [lines[j][0]]
            rows.append(_duty(RawRow, key, name, [bm.group("rest")], src, section))
        elif rows:
            rows[-1].cells[1] = nfc(f"{rows[-1].cells[1]} {lines[j][1]}")
            rows[-1].lines.append(lines[j][0])
        j += 1
    return rows, j


def body_duties(lines: list[tuple[int, str]]):
    """Duties per body: a numbered heading naming a body, its duties below."""
    from .planimport import RawRow

    rows = []
    in_part: list[int] = []  # per row: 1 read under a "Tổ chức thực hiện" heading, 2 an
    # explicit assignment elsewhere (kept with the part, not counted for it), 0 neither
    i = 0
    n = len(lines)
    section = ""
    last_ar = ""
    part = False
    lettered = False  # inside a part lettered "D." whose title names it a duties part
    wrapped: dict[int, list[int]] = {}  # a heading's line: the lines its sentence wrapped onto
    titled = False  # a Roman part, an article or a lettered part seen
    while i < n:
        line, text = lines[i]
        m = _NUM.match(text)
        a = _ARTICLE.match(text)
        if a and text[a.end() :].strip():
            # "Điều 8. Tổ chức thực hiện" (Quyết định 22/2013/QĐ-TTg): a decision's article
            # titled as a duties part is that part, as a Roman heading is; the next titled
            # article ends it
            part = bool(_DUTY_PART.search(fold(text[a.end() :])))
            last_ar = ""  # an article numbers its items afresh
        cap = None if m else _letter_part(text)
        titled = titled or bool(cap or (a and text[a.end() :].strip()) or (m and m.group("ro")))
        if cap:
            # "D. TỔ CHỨC THỰC HIỆN" (Kế hoạch 252/KH-BCĐ1237 of 2013): a part lettered as
            # the plan's A, B, C, D is a part as a Roman one is; its items are keyed "D.3"
            section, last_ar = cap[0], ""
            part = lettered = bool(_DUTY_PART.search(fold(cap[1])))
            i += 1
            continue
        if not m:
            found, nxt = _lead_in_duties(RawRow, lines, i, section, last_ar)
            if not found and part and last_ar:
                # an unnumbered paragraph of the duties part giving bodies their own plan
                # after its grounds (Quyết định 2623/QĐ-TTg of 2025, under IV.2)
                found, j = _grounds_paragraph(RawRow, lines, i, last_ar, section)
                nxt = j if found else nxt
            i = nxt
            rows += found
            # "Giao Sở Tư pháp chủ trì, …:" over its items assigns them wherever it stands:
            # kept beside a duties part (Thông báo kết luận of 01/2026, Lâm Đồng: II and III)
            in_part += [1 if part else 2] * len(found)
            continue
        kind = next(k for k in ("ar", "le", "pn", "ro") if m.group(k))
        raw = m.group(kind)
        if kind == "ro":
            section, last_ar = raw, ""
            # (a Roman section inside a lettered duties part is of that part)
            part = lettered or bool(_DUTY_PART.search(fold(m.group("rest"))))
            i += 1
            continue
        if kind == "ar":
            last_ar = raw
            if not titled and "." not in raw:
                # a text with no Roman part nor article (a directive, a dispatch): an Arabic
                # heading titled as the duties part is that part ("6. Phân công tổ chức thực
                # hiện:" over a)–e) per body after the contents 1.–5., Chỉ thị 09/2009/CT-UBND
                # of Bình Dương); the next Arabic heading ends it
                title = fold(m.group("rest")).strip(" :.")
                part = bool(_DUTY_PART.search(title)) and len(title.split()) <= 6
        number = raw if kind != "le" else (f"{last_ar}.{raw}" if last_ar else raw)
        rest = m.group("rest").strip()
        if _field(rest) is not None:
            i += 1
            continue
        if kind == "ar":
            rest, last = _wrapped_heading(lines, i, rest)
            wrapped[line] = [x for x, _t in lines[i + 1 : last + 1]]
            i = last
        name, colon, inline = _split_colon(rest)
        if colon and _places_named(name, inline):
            name, colon, inline = nfc(f"{name} {inline.strip(' .;')}"), "", ""
        elif colon and _class_named(name, inline):
            # kept as written, colon and all: units reads "Các Bộ: Công Thương, …" as the
            # four ministries
            name, colon, inline = nfc(f"{name}: {inline.strip(' .;')}"), "", ""
        said = name  # as written, remarks in brackets kept
        # "2. Giao Sở Xây dựng" (Công văn 7432/UBND-XD of 2026, Lào Cai): the body assigned;
        # "2. Đề nghị Ủy ban nhân dân xã phối hợp" over three bullets (Kế hoạch lấy ý kiến cử
        # tri nơi cư trú of 2026, MTTQ xã Lương Minh): a body asked to take part, its duties
        # below — the heading holds the body and its role word, nothing of a duty;
        # "7. Trách nhiệm của các sở, ban, ngành, UBND các xã, phường, đặc khu" / a) b) c)
        # "1. Sở Nội vụ (Cơ quan thường trực Ban Vì sự tiến bộ phụ nữ …):" (Kế hoạch
        # 174/KH-UBND of 2025, Hồ Chí Minh, V.1): the remark in brackets is no part of the name
        written = re.sub(r"\s*\([^()]*\)", "", name).strip()
        # "7. Trách nhiệm của …", "Giao …": an explicit assignment, kept beside a duties part
        here = 1 if part else 2 if _DUTY_OF.match(written) or _ASSIGN.match(written) else 0
        heading = _role_only(written)
        sentence = _ASSIGN.sub("", _DUTY_OF.sub("", written))
        grounds = "" if colon else _after_grounds(sentence)
        name = grounds or _ROLE_TAIL.split(sentence)[0].strip(" ,;")
        one = False
        if name != sentence.strip(" ,;"):
            # a role word follows: the name may end earlier, at another verb ("Bộ Chỉ huy quân
            # sự tỉnh chỉ đạo lực lượng Bộ đội Biên phòng:" with no role word stays as written)
            bounded = _bound_at_verb(name, _one_sentence_duty(lines, i, written))
            # cut before its verb at a list of bodies: each name of the list counts alone
            one = bounded != _bound_at_verb(name) and "," in bounded
            name = bounded
        name = _bound_at_means(name)
        if colon and not inline.strip() and not _is_body_name(name):
            name = _assigned_at_end(name) or name
        if (
            kind == "ar"
            and not colon
            and name == sentence.strip(" ,;")
            and i + 2 < n
            and (_name_goes_on(lines, i) or _cut_after_head(lines, i, name))
        ):
            # "9. Đề nghị Ủy" / "ban Mặt trận Tổ quốc Việt Nam tỉnh" / "a) …" (Kế hoạch
            # 624/KH-UBND of 2025, Hà Tĩnh, V): a heading that is only a name, wrapped inside
            # it — read whole before it is judged a body's name; "2.9. Đề" / "nghị Liên đoàn
            # Lao động tỉnh" (Kế hoạch 182/KH-UBND of 2025, Đồng Nai): the request word too
            written = nfc(f"{written} {lines[i + 1][1].strip()}")
            said = nfc(f"{said} {lines[i + 1][1].strip()}")
            name = sentence = _ASSIGN.sub("", nfc(f"{name} {lines[i + 1][1].strip()}"))
            wrapped.setdefault(line, []).append(lines[i + 1][0])
            i += 1
        if (
            kind == "ar"
            and not here
            and not colon
            and not heading
            and name == written
            and _is_body_name(name)
        ):
            # "**1. Sở Y tế**" alone over its duties under "II. NỘI DUNG THỰC HIỆN" (Kế hoạch
            # 165/KH-UBND of 2025, Cần Thơ): a heading that only names a body assigns what is
            # under it wherever it stands, as "Giao …" does
            here = 2
        # "Sở Văn hóa, Thể thao và Du lịch/Sở Văn hóa và Thể thao tỉnh, …" names one body of
        # two possible names (Quyết định 4385/QĐ-BVHTTDL of 2025): each name counts alone
        # "Đề nghị Văn phòng Tỉnh ủy …, Viện kiểm sát nhân dân tỉnh, …, Chi cục Hải quan khu
        # vực XI tăng cường …" (Kế hoạch 1026/KH-UBND of 2025, Nghệ An, III.6): a request to a
        # list of bodies, each name counts alone
        # a heading that only lists its bodies before its colon: "9. Báo và Phát thanh -
        # Truyền hình Đắk Lắk, Sở Văn hóa, Thể thao và Du lịch, Cổng Thông tin điện tử tính và
        # hệ thống truyền thanh cơ sở:" (Kế hoạch 0129/KH-UBND of 2025, Đắk Lắk, IV.9) — not
        # one over lettered items that each name a body of the list (Kế hoạch 3260-KH/ĐĐQH15,
        # II.2.2: "Tổ đảng ở Thường trực Hội đồng Dân tộc, các Ủy ban …:" / "a) Tổ đảng …")
        nxt = _NUM.match(lines[i + 1][1]) if i + 1 < n else None
        lists = colon and not inline.strip() and not (nxt and nxt.group("le"))
        # a heading that only lists its bodies right above their bullets, no colon: "4. Các
        # bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân" / "các tỉnh, thành
        # phố trực thuộc trung ương" / "- Bố trí nguồn lực …" (Kế hoạch quốc gia thích ứng
        # với biến đổi khí hậu, Quyết định 1422/QĐ-TTg of 2024, VI.4)
        lists = lists or (not colon and name == written and _heads_bullets(lines, i, written))
        # or ending with a full stop over a paragraph, with no duty verb: "16. Các tổ chức chính
        # trị - xã hội, tổ chức xã hội, tổ chức xã hội - nghề nghiệp, doanh nghiệp và cộng
        # đồng." / "Khuyến khích …" (Quyết định 773/QĐ-TTg of 2018, III.16)
        if not colon and name == written and written.endswith(".") and not _has_verb(written):
            lists, name = True, name.rstrip(" .")
            written = sentence = name
        # "1. Căn cứ kế hoạch này, Giám đốc các Sở, Thủ trưởng các ngành, …, UBND các xã,
        # phường, các cơ quan, đơn vị có liên quan xây dựng kế hoạch cụ thể …" (Kế hoạch
        # 1026/KH-UBND of 2025, Nghệ An, IV.1): the bodies after the grounds are a list
        # a semicolon is in no body's name: "3. Trách nhiệm của các Bộ, ngành, địa phương; Ủy
        # ban Trung ương Mặt trận Tổ quốc Việt Nam, Trung ương Hội Cựu chiến binh Việt Nam"
        # (Kế hoạch 252/KH-BCĐ1237 of 2013, D.3) names bodies, each counted alone
        # and a heading of bodies only, no verb, right over its lettered duties: "1. Các Bộ
        # trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân" / "dân các tỉnh, thành
        # phố:" / "a) …" (Nghị quyết 116/NQ-CP of 2026, III.1), 19 words in all
        over_letters = (
            kind == "ar"
            and not inline.strip()
            and _first_verb(name) is None
            and bool(nxt and nxt.group("le"))
            # (not letters that each name a body of the list: "2.2. Tổ đảng ở Thường trực Hội
            # đồng Dân tộc, các Ủy ban …:" / "a) Tổ đảng ở …:", Kế hoạch 3260-KH/ĐĐQH15)
            and not _is_body_name(nxt.group("rest"))  # type: ignore[union-attr]
        )
        # a class of bodies listed before its role word, no verb in it: "2. Các Bộ, cơ quan
        # ngang Bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các" / "tỉnh, thành phố trực thuộc
        # Trung ương có trách nhiệm rà soát …" (Nghị quyết 100/NQ-CP of 2026, III.2), 20 words
        classed = (
            name != sentence.strip(" ,;") and _plural(fold(name)) and _first_verb(name) is None
        )
        listed = (
            r"[/,;]"
            if _ASSIGN.match(written) or lists or one or grounds or over_letters or classed
            else "[/;]"
        )
        asked = bool(
            (_ASSIGN.match(written) or (part and name == written)) and _ADDRESSEE.match(name)
        )
        assigned = "" if _is_body_name(name) or asked else _assigned_inside(rest)
        if assigned:
            # the paragraph opens with a decision or a condition and assigns its duty later
            # ("…; Giao Ủy ban nhân dân phường Yên Bái chủ trì, …"): the whole paragraph is
            # the duty of the body it assigns, an explicit assignment wherever it stands
            name, colon, heading, lists = assigned, "", False, False
            inline = said = written = rest
            here = here or 2
            listed = r"[/,]"
        if (
            not (_is_body_name(name) or asked)
            or max(_name_words(x) for x in re.split(listed, name)) > 18
        ):
            wide = part or bool(_DUTY_PART.search(fold(rest)))
            found, i = _bullets_naming_bodies(RawRow, lines, i, number, section, wide)
            rows += found
            in_part += [here] * len(found)
            continue
        if (
            not colon
            and sentence != name
            and not heading
            and _THIS_PLAN.search(fold(written))
            and not _OWN_PLAN.search(fold(written))
            # "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể tỉnh …, tổ chức
            # tuyên truyền … tham gia thực hiện Kế hoạch này" (Kế hoạch 556/KH-UBND of 2025,
            # Đồng Tháp, VI.3): a request to a body outside the issuer's line is its duty
            and not fold(written).startswith("de nghi ")
        ):
            # "3. Giao Công an tỉnh chủ trì … kiểm tra việc thực hiện kế hoạch này.": a clause
            # about the plan; but "2. Các sở, ban, ngành … căn cứ … kế hoạch này để xây dựng kế
            # hoạch cụ thể …" (Chương trình phòng, chống ma túy of Lâm Đồng) is their duty
            i += 1
            continue
        # "8.1. Sở Tài chính chủ trì, phối hợp các sở, ban, ngành" over bullets: roles only
        if (
            not colon
            and sentence != name
            and not heading
            and not _ROLES_ONLY.match(sentence[len(name) :])
            and not _heads_bullets(lines, i, written)
        ):
            # "1. Ủy ban nhân dân các tỉnh, thành phố có trách nhiệm chỉ đạo, kiểm tra," /
            # "hướng dẫn …" (Quyết định 1074/QĐ-BXD of 2026): the duty starts on this line,
            # kept as written ("Đề nghị Thường trực HĐND, UBND, … thường xuyên phối hợp, …"),
            # its remarks in brackets too: "(hoàn thành trong tháng 11/2025)" is the deadline
            # of IV.1 of Kế hoạch 182/KH-UBND of 2025, Đồng Nai
            inline = said
        elif not colon and i + 2 < n and _name_goes_on(lines, i):
            # "1. Công an tỉnh, các sở, ban, ngành, đoàn thể tỉnh và Ủy ban nhân dân" /
            # "các xã, phường" / "Theo chức năng, …" (Công văn 7432/UBND-XD of 2026): the
            # body's name wrapped onto the next line
            name = nfc(f"{name} {lines[i + 1][1].strip()}")
            i += 1
        if kind == "ar" and not inline.strip() and i + 1 < n:
            first = _after_lead_in(lines, i + 1)
            nm = _NUM.match(lines[first][1]) if first < n else None
            if nm and nm.group("le"):
                # "3. Bộ Tài chính chủ trì, phối hợp …:" then a) b) c): one task per letter
                found, i = _letter_duties(RawRow, lines, first, raw, name, section)
                rows += found
                in_part += [here] * len(found)
                continue
        # the block under this heading: up to the next numbered line
        j = i + 1
        block = []
        while j < n and not _NUM.match(lines[j][1]) and not _ends_block(lines[j][1]):
            block.append(lines[j])
            j += 1
        inline = inline.strip()
        if inline:
            found = _duty_then_bullets(RawRow, number, name, (line, inline), block, section)
            # the bodies it works with, right after its name, as for a bullet that names its
            # body: "2. Bộ Nội vụ phối hợp với Bộ Ngoại giao và các cơ quan chức năng hướng
            # dẫn, …" (Quyết định 892/QĐ-TTg of 2026, VI.2)
            pos = -1 if colon else inline.find(name)
            c = _COORD_AFTER.match(inline[pos + len(name) :]) if pos >= 0 else None
            if c and _names_only(c.group("coord")):
                found[0].cells[4] = nfc(c.group("coord"))
            rows += found
            in_part += [here] * len(found)
        elif block:
            found = _block_duties(RawRow, number, name, line, block, section)
            rows += found
            in_part += [here] * len(found)
        elif len(name) < len(rest.rstrip(" .;")) and not rest[len(name) :].lstrip().startswith(":"):
            # "5. Các thành viên khác trong tiểu ban căn cứ vào chức năng, nhiệm vụ, chủ động
            # phối hợp …" — the body and its duty in one sentence, nothing under it
            rows.append(_duty(RawRow, number, name, [rest], [line], section))
            in_part.append(here)
        i = j
    # the duties part wins over a stray heading elsewhere — not over a plan whose duties are
    # all in its body and whose "Tổ chức thực hiện" holds one general line; a part that
    # assigns under two headings or more wins over sentences of the body that name a body
    # (Hướng dẫn of 2025, MTTQ xã Lương Minh: nine in "II. NỘI DUNG CÔNG TÁC", eight under
    # "III. TỔ CHỨC THỰC HIỆN" 2. and 3.)
    for r in rows:
        if r.lines[0] in wrapped:
            r.lines[1:1] = wrapped[r.lines[0]]
    inside = [x == 1 for x in in_part]
    heads = {r.cells[0].split(".")[0] for r, x in zip(rows, inside, strict=True) if x}
    if any(inside) and (sum(inside) >= len(inside) - sum(inside) or len(heads) >= 2):
        rows = [r for r, x in zip(rows, in_part, strict=True) if x]
    for r in rows:
        # the partners the duty names in its own sentence ("Chủ trì, phối hợp với …"), read
        # from its whole text (wrapped lines joined)
        r.cells[4] = r.cells[4] or duty_partners(r.cells[1], r.cells[3])
    return rows


# a table row that holds the bodies' own plans: "Xây dựng và tổ chức thực hiện Kế hoạch cải
# cách hành chính năm 2026 của cơ quan, đơn vị, địa phương" (Kế hoạch CCHC năm 2026, Lâm Đồng,
# VII.1) — folded; "… kế hoạch chuyển đổi số năm 2026 của tỉnh" is the province's own
_ROW_OWN_PLANS = re.compile(
    r"\b(?:xay dung|ban hanh|lap)\b[^.;]{0,80}?\bke hoach\b[^.;]{0,120}?"
    r"\bcua (?:cac )?(?:co quan|don vi|dia phuong|so|nganh|bo)\b"
)


def duties_after_tables(doc: Document, table_lines: list[int], table_texts=()):
    """Duties per body of a "Tổ chức thực hiện" part that comes after every task table: the
    tables are schedules inside the plan's text, the part assigns the plan's other duties
    (Kế hoạch tuyên truyền CCHC năm 2026, Lâm Đồng: two broadcast tables in III, the
    duties of each body in IV). A part before an appended table refers to the table: of
    its duties only the bodies' own plans are read, the deliverable the table does not hold
    ("3. Căn cứ nội dung Kế hoạch …, các sở, ban, ngành, tổ chức chính trị - xã hội, Ủy ban
    nhân dân các xã, phường xây dựng Kế hoạch triển khai …", Kế hoạch 980/KH-UBND of 2025,
    Nghệ An, IV.3, before its appendix "DANH MỤC NHIỆM VỤ") — unless one of the table's rows
    (``table_texts``) holds them."""
    # a table's rows and the text's lines are numbered apart: their order is the blocks'
    where = {(b.kind, line): i for i, b in enumerate(doc.blocks) for line, _c in b.rows}
    last = max((where.get(("table", x), -1) for x in table_lines), default=-1)
    lines = prose_lines(doc, text_only=True)
    parts = _duty_parts(lines)
    heads = [
        where.get(("text", line), -1)
        for line, text in lines
        for m in [_NUM.match(text)]
        if m and m.group("ro") in parts
    ]
    if last < 0 or not heads:
        return []  # (tables read out of text lines have no place among the blocks: none)
    rows = [r for r in body_duties(lines) if r.section in parts]
    if min(heads) < last:
        if any(_ROW_OWN_PLANS.search(fold(t)) for t in table_texts):
            # a row of the table holds the bodies' own plans: the part adds nothing (Kế
            # hoạch CCHC năm 2026, Lâm Đồng: II.1.a "Các sở, ban, ngành và Ủy ban nhân dân
            # các xã, phường, đặc khu căn cứ … có trách nhiệm xây dựng kế hoạch …" is VII.1)
            return []
        return _deadlines_from_text(
            [r for r in rows if -1 < where.get(("text", r.line), -1) < last and _own_plans(r)]
        )
    return _deadlines_from_text([r for r in rows if where.get(("text", r.line), -1) > last])


# a body heading that names only its role and those it works with: "8.1. Sở Tài chính chủ
# trì, phối hợp các sở, ban, ngành" over bullets (Kế hoạch … ma túy of 2025, Lâm Đồng)
_ROLES_ONLY = re.compile(
    r"^[\s,]*chủ trì\s*,?\s*(?:phối hợp(?:\s+với)?\s+[^.;:]{3,120})?\s*$", re.IGNORECASE
)
# a bullet naming its own body before the duty: "- Công an tỉnh tham mưu triển khai …",
# "- Đề nghị Bộ Tư lệnh Vùng Cảnh sát biển 3 tham mưu …"
_BULLET_BODY = re.compile(
    r"^(?:đề nghị\s+)?(?P<name>\S.{2,80}?)\s+(?:tham mưu|chủ trì|có trách nhiệm)\b",
    re.IGNORECASE,
)


# the same in the duties part, after any duty verb ("tổ chức" left out: "các tổ chức chính
# trị - xã hội" names bodies): "- Các cơ quan, đơn vị căn cứ Kế hoạch này …", "- Hội đồng Thi
# đua - Khen thưởng các cấp phân công …" (Kế hoạch 982/KH-UBND of 2025, Nghệ An, V.2)
_BULLET_BODY_WIDE = re.compile(
    r"^(?:đề nghị\s+)?(?P<name>\S.{2,80}?)\s+(?:tham mưu|chủ trì|có trách nhiệm|phối hợp|"
    r"hướng dẫn|căn cứ|phát huy|phân công|chỉ đạo|triển khai|xây dựng|thực hiện|theo dõi|"
    r"tiếp tục|chủ động)\b",
    re.IGNORECASE,
)


def _bullets_naming_bodies(RawRow, lines, i: int, number: str, section: str, wide=False):
    """Under a heading that names no body ("9. Các sở, ban, ngành nghiên cứu, ban hành …"),
    bullets each naming their own body are one duty each (Kế hoạch … ma túy of 2025, Lâm
    Đồng, III.9); none, and the next index, otherwise. Under a heading of the duties part
    (``wide``), a bullet's text may wrap onto the lines below it and its body be followed by
    any duty verb: "2. Trách nhiệm thực hiện" / "- Sở Nội vụ hướng dẫn khen thưởng …; phối" /
    "hợp với …" (Kế hoạch 982/KH-UBND of 2025, Nghệ An, V.2)."""
    pattern = _BULLET_BODY_WIDE if wide else _BULLET_BODY
    items: list[tuple[str, list[int]]] = []
    j = i + 1
    while j < len(lines) and not _NUM.match(lines[j][1]) and not _ends_block(lines[j][1]):
        b = _BULLET.match(lines[j][1])
        if b is not None:
            items.append((b.group("rest").strip(), [lines[j][0]]))
        elif wide and items:
            items[-1] = (f"{items[-1][0]} {lines[j][1].strip()}", items[-1][1] + [lines[j][0]])
        else:
            return [], i + 1
        j += 1
    rows: list = []
    for text, src in items:
        m = pattern.match(text)
        if m is None or not _is_body_name(m.group("name")):
            return [], i + 1
        key = f"{number}.{len(rows) + 1}" if rows else number
        rows.append(_duty(RawRow, key, nfc(m.group("name")), [nfc(text)], src, section))
        c = _COORD_AFTER.match(text[m.end("name") :]) if wide else None
        if c and _is_body_name(c.group("coord")):
            rows[-1].cells[4] = nfc(c.group("coord"))
    return (rows, j) if len(rows) >= 2 else ([], i + 1)


# the bodies a duty's body works with, right after its name: "- Sở Văn hóa, Thể thao và Du
# lịch phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy tiếp tục chỉ đạo …" (Kế hoạch
# 982/KH-UBND of 2025, Nghệ An, V.2)
_COORD_AFTER = re.compile(
    r"^\s+phối hợp (?:với|cùng)\s+(?P<coord>\S.{2,120}?)\s+(?:tiếp tục|chỉ đạo|tham mưu|"
    r"triển khai|tổ chức|thực hiện|xây dựng|hướng dẫn|theo dõi|chủ động|tăng cường)\b",
    re.IGNORECASE,
)


def _has_verb(text: str) -> bool:
    """A duty verb or role word in the text ("tổ chức" naming bodies is none)."""
    return bool(_ROLE_TAIL.search(text)) or _first_verb(text) is not None


def _names_only(text: str) -> bool:
    """Bodies only, each part between commas a name of at most twelve words: not "Ban Tuyên
    giáo và Dân vận Trung ương định hướng thông tin, tuyên truyền những nhiệm vụ …", where
    the duty goes on after the partner's name (Chỉ thị 21/CT-TTg of 2026, II.8)."""
    parts = [p.strip() for p in text.split(",")]
    return all(_is_body_name(p) and len(p.split()) <= 12 for p in parts)


_DUTY_OF = re.compile(r"^trách nhiệm của\s+(?=\S)", re.IGNORECASE)
# a paragraph assigning the items below it to a body: "Giao Sở Tư pháp chủ trì, phối hợp
# với các cơ quan, đơn vị liên quan:", "Giao Sở Nội vụ:" (Thông báo kết luận of 01/2026, Lâm
# Đồng: under a topic heading "1. Về cải cách thể chế", or under "III. TỔ CHỨC THỰC HIỆN")
_LEAD_IN = re.compile(r"^(?:giao|đề nghị)\s+(?P<sentence>\S[^:]{2,200}):\s*$", re.IGNORECASE)
# the issuer asking bodies for the items below: "Ủy ban thường vụ Quốc hội yêu cầu Chính phủ,
# Thủ tướng Chính phủ tập trung thực hiện một số nhiệm vụ và giải pháp sau đây:" (Nghị quyết
# 494/NQ-UBTVQH13 of 2012, Điều 2), "Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các
# tỉnh, thành phố trực thuộc Trung ương:" (a directive's lead-in)
_ASKS_FOR = re.compile(
    r"^(?P<issuer>[^:,;]{2,80}?)\s+yêu cầu\s+(?P<sentence>\S[^:]{2,200}):\s*$", re.IGNORECASE
)
# the government asked, a body no reference list of the issuer's own bodies starts with
_GOVERNMENT = re.compile(r"^(?:chính phủ|thủ tướng)\b", re.IGNORECASE)
# the verb after the bodies asked: "… Thủ tướng Chính phủ tập trung thực hiện …"
_ASKED_VERB = re.compile(r"\s+(?:tập trung|khẩn trương|quan tâm|tiếp tục)(?:\s|$)", re.IGNORECASE)


def _lead_in_duties(RawRow, lines, i: int, section: str, last_ar: str):
    """The items a lead-in paragraph assigns to its body, one task each, and the index
    after them; none (and the next index) when the line is no such lead-in."""
    text = lines[i][1].strip()
    a = _ARTICLE.match(text)
    if a and _ASSIGN.match(text[a.end() :].strip()) and not text.endswith(":"):
        # "Điều 2. Giao Giám đốc Sở Giáo dục và Đào tạo" / "1. …" / "2. …" (Quyết định
        # 986/QĐ-UBND of 2024, Tuyên Quang): an article whose title assigns a body heads the
        # items below it, as a lead-in ending with a colon does
        text = f"{text}:"
    m = _LEAD_IN.match(text[a.end() :].strip() if a else text) or _ASKS_FOR.match(text)
    name = _ROLE_TAIL.split(m.group("sentence"))[0].strip(" ,;") if m else ""
    if m and "issuer" in m.groupdict():
        name = _ASKED_VERB.split(name)[0].strip(" ,;")
        if _GOVERNMENT.match(name):
            name = nfc(name)
        elif not _is_body_name(name):
            name = ""
    elif name and not _is_body_name(name):
        name = ""
    if not name or len(name.split()) > 18:
        return [], i + 1
    rows: list = []
    kind = ""
    j = i + 1
    while j < len(lines) and not _ends_block(lines[j][1]):
        if _ARTICLE.match(lines[j][1]) or lines[j][1].startswith("# "):
            break  # the next article, a Markdown heading: the items have ended
        nm = _NUM.match(lines[j][1])
        k = next((x for x in ("le", "ar") if nm and nm.group(x)), "")
        if nm and (not k or (kind and k != kind) or (k == "ar" and last_ar)):
            break  # another heading: the items have ended
        if k:
            kind = k
            raw = nm.group(k)  # type: ignore[union-attr]
            number = f"{last_ar}.{raw}" if k == "le" and last_ar else raw
            rest = nm.group("rest")  # type: ignore[union-attr]
            rows.append(_duty(RawRow, number, nfc(name), [rest], [lines[j][0]], section))
        elif rows:
            rows[-1].cells[1] = nfc(f"{rows[-1].cells[1]} {lines[j][1]}")
            rows[-1].lines.append(lines[j][0])
        else:
            break  # a paragraph, not items: the lead-in assigns nothing listed
        j += 1
    if rows:
        rows[0].lines.insert(0, lines[i][0])
        return rows, j
    return [], i + 1


def _duty(RawRow, number: str, body: str, content: list[str], lines: list[int], section: str):
    cells = [""] * 9
    cells[0] = number
    cells[1] = nfc(" ".join(content))
    cells[3] = body
    return RawRow(cells=cells, line=lines[0], lines=lines, section=section)


# --- partners named inside a duty's sentence ------------------------------------------------

# "phối hợp" with no "với" before a body: "Chủ trì, phối hợp các sở, ngành, địa phương có
# liên quan, tham mưu …" (Kế hoạch 556/KH-UBND of 2025, Đồng Tháp, IV.1.3), "Chủ trì phối
# hợp UBND tỉnh, Sở Công Thương và các cơ quan liên quan tổ chức …" (Kế hoạch of 2025 of UBND
# tỉnh Đắk Lắk on necessities after the floods, IV.11.3) — a capital (a name) or a plural
# body's head word must follow, never a noun phrase ("phối hợp công tác", "phối hợp chặt
# chẽ", "phối hợp liên ngành", "phối hợp thực hiện")
_BARE_PARTNER_HEAD = (
    r"(?-i:sở|bộ|ban|ngành|cơ quan|đơn vị|địa phương|tổ chức|lực lượng|đoàn thể|hội|"
    r"xã|phường|huyện|tỉnh|Sở|Bộ|Ban|UBND|Ủy ban|Uỷ ban)\b"
)
# the role words that name the bodies a duty is done with: "Chủ trì, phối hợp với Bộ Tài
# chính, Bộ Xây dựng, … cân đối …" (Quyết định 22/2013/QĐ-TTg, Điều 8.1.b), "Phối hợp với
# Công an tỉnh kiểm tra …" (Kế hoạch 254/KH-UBND of 2023, Sơn La, III.4), "… chủ trì cùng
# với …"; adverbs and the lead's own role may come first
_PARTNER_ROLE = re.compile(
    r"(?:(?:chủ trì|chủ động|tích cực|thường xuyên|kịp thời)\s*,?\s+)*"
    r"(?:phối hợp\s+(?:với|cùng(?:\s+với)?)|chủ trì\s+cùng\s+với|"
    r"phối hợp(?=\s+(?-i:(?!Các\s|Những\s)[A-ZĐÀ-Ỹ]|(?:[Cc]ác|[Nn]hững)\s+"
    + _BARE_PARTNER_HEAD
    + r")))\s+(?=\S)",
    re.IGNORECASE,
)
# grounds before the duty's clause: "Căn cứ chức năng, nhiệm vụ, phối hợp với …" (Kế hoạch
# 159/KH-UBND of 2025, Cần Thơ, V.2), "Trên cơ sở …, chủ trì …"
_PARTNER_GROUNDS = re.compile(r"(?:căn cứ|trên cơ sở|theo chức năng)\b", re.IGNORECASE)
# the verbs (lower case: "Sở Xây dựng" is a name) that start what is done with the partners:
# the list of partners ends at the first of them
_PARTNER_END = re.compile(
    r"\s(?-i:xây dựng|tổ chức|triển khai|thực hiện|hướng dẫn|tham mưu|theo dõi|đôn đốc|"
    r"kiểm tra|rà soát|nghiên cứu|cân đối|bố trí|tăng cường|đẩy mạnh|tiếp tục|chỉ đạo|"
    r"định hướng|tích hợp|tổng hợp|trình|đề xuất|hoàn thiện|ban hành|cập nhật|tiến hành|"
    r"giám sát|phân tích|thẩm định|tuyên truyền|chuẩn bị|xác minh|xác định|lập|để|nhằm|"
    r"trong (?:việc|quá trình|công tác|các hoạt động)|về việc|đảm bảo|bảo đảm|hỗ trợ|"
    r"khẩn trương|kịp thời|thường xuyên|tích cực|chủ động|giải quyết|phổ biến|vận động|sơ kết|tổng kết|đánh giá|kiện toàn|"
    r"thu hút|xử lý|phát hiện|điều tra|ngăn chặn|huy động|lồng ghép|duy trì|quảng bá|"
    r"tập huấn|công bố|hoàn thành|nâng cao|thống nhất|soạn thảo|quản lý|khảo sát|thành lập|"
    r"thanh tra|tiếp nhận|báo cáo|thông tin|phát triển|tháo gỡ|căn cứ|theo chức năng|"
    r"theo quy định|theo thẩm quyền)(?=[\s,]|$)"
)
# the lead's own verbs before its role: "Hướng dẫn, phối hợp với …" (Kế hoạch tuyên truyền
# CCHC năm 2026, Lâm Đồng, IV.6.b), "Chủ động đôn đốc, phối hợp với địa phương …"
_PARTNER_OWN_VERBS = re.compile(
    r"(?:(?:chủ động|hướng dẫn|đôn đốc|theo dõi|kiểm tra|chủ trì)\s*,?\s+){1,3}",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;:](?=\s|$)")
# a place's level right after a verb: the verb is a word of the name before it
_PARTNER_PLACE = re.compile(r"^\s+(?:xã|phường|thị trấn|huyện|quận|thị xã|tỉnh|thành phố)\b")


# a place's level alone, left over by a name elided over levels
_BARE_LEVEL = re.compile(r"^(?:thanh pho|huyen|quan|tinh|xa|phuong|thi xa|thi tran|dac khu)$")


def _partner_list(head: str, lead: str) -> bool:
    """Every word of ``head`` is in a body the unit splitter reads from it (as it reads a
    coordinating cell: ``Sở Khoa học và Công nghệ`` whole, ``các cơ quan liên quan`` a group
    phrase), none a piece of a sentence: ``Bộ Tài chính hướng dẫn`` is no list of bodies."""
    from .units import sentence_piece, unit_fragments

    words = head.split()
    if not words or len(words) > 40 or not (head[:1].isupper() or _PARTNER_FIRST.match(head)):
        return False
    frags = [t for t, _ward in unit_fragments([head])]
    if not frags or any(sentence_piece(f) for f in frags):
        return False
    if any(fold(f) == fold(lead) for f in frags):
        return False
    if any(_BARE_LEVEL.match(fold(f)) for f in frags):
        return False  # "Ủy ban nhân dân huyện, thành phố": "thành phố" alone is no body
    said = {fold(w) for f in frags for w in re.findall(r"[^\W_]+", f)}
    named = head
    if ":" in head:
        # "các Bộ, ngành liên quan: Tài chính, …": read only when the splitter has expanded
        # the class over the names; the words of the class are then said by every name
        if any(":" in f for f in frags):
            return False
        named = head.split(":", 1)[1]
    words = re.findall(r"[^\W_]+", re.sub(r"\([^()]*\)", " ", named))
    if not all(fold(w) in said or fold(w) in ("va", "voi") for w in words):
        return False
    return all(_partner_words(f) for f in frags)


# the lower-case words of a group of bodies ("các sở, ban, ngành, địa phương có liên quan",
# "các tổ chức chính trị - xã hội", "Ủy ban nhân dân các xã, phường"); any other lower-case
# word that follows no capital ("cơ quan báo chí làm tốt công tác", "các cơ quan có liên
# quan tham gia và bảo vệ …") is a duty's, not a partner's name
_GROUP_WORDS = frozenset(
    """cac nhung va so ban nganh bo co quan don vi dia phuong lien to chuc chinh tri xa
    hoi doan the cap uy phuong thi tran huyen tinh thanh pho dac khu truc thuoc trung uong
    ngang nang tham quyen nghe nghiep doanh bao chi truyen thong tin chi o thon
    ban ap dan khac nhan hoi dong vien trong tieu cong an quan su bien phong hai
    kiem sat toa an""".split()
)


def _partner_words(frag: str) -> bool:
    """A body the reference list knows, or words that are names (after a capital) or the
    words of a group of bodies."""
    from .statebodies import reference

    ref = reference()
    if ref.lookup(frag) is not None or ref.is_name(frag):
        return True
    words = re.findall(r"[^\W_]+", re.sub(r"\([^()]*\)", " ", frag))
    if (
        frag[:1].islower()
        and fold(words[0]) not in ("cac", "nhung")
        and any(w[:1].isupper() for w in words)
    ):
        # one body written in lower case, "phòng CNTT" for "Phòng Công nghệ thông tin" (Kế
        # hoạch of Sở Thông tin và Truyền thông Phú Thọ, 2011, III.4): a passing mention, not
        # the name the office registers — only a group phrase is read in lower case
        return False
    prev_cap = False
    for w in words:
        if w[:1].isupper() or w[:1].isdigit():
            prev_cap = True
            continue
        if not prev_cap and fold(w) not in _GROUP_WORDS:
            return False
        prev_cap = False
    return True


# the first word of a partner written in lower case: a body's head word, a class ("các …")
_PARTNER_FIRST = re.compile(
    r"^(?:các\s|những\s|sở\b|ban\b|phòng\b|bộ\b|ngành\b|địa phương|chính quyền|"
    r"lực lượng|cấp ủy|cấp uỷ|cơ quan|đơn vị|tổ chức|ủy ban|uỷ ban|ubnd|trưởng|thủ trưởng)",
)


# a list of partners that ends in a preposition was cut by the verb of a phrase it opens
# ("phối hợp với các đơn vị trong thực hiện công tác an sinh xã hội", the sample ward plan
# of Long Biên, 1.6): no partner is read
_PARTNER_CUT = re.compile(r"\s(?:trong|về|tại|của|ở|với|cho)$")


def _partners_after(tail: str, lead: str) -> str:
    """The bodies at the start of ``tail`` (what follows ``phối hợp với``), up to the verb
    that starts what they do together; "" when they are no plain list of bodies."""
    brk = _list_break(tail)
    seg = tail[: brk.start()] if brk else tail
    head = _before_partner_verb(seg)
    if head is not None:
        return nfc(head) if head and _partner_list(head, lead) else ""
    # the list ends at a colon when a duty starts after it: "Chủ trì, phối hợp với Trưởng
    # thôn và các chi hội, đoàn thể ở thôn: Lập danh sách …" (Kế hoạch lấy ý kiến cử tri of
    # 2026, MTTQ xã Lương Minh, V.4) — not before names ("Ủy ban nhân dân 04 xã: Gia
    # Thuận, …")
    head = seg.strip(" ,")
    after = tail[brk.end() :].strip() if brk else ""
    if brk is not None and brk.group() == ";":
        return _partners_over_semicolon(head, after, lead)
    duty = brk is not None and brk.group() == ":" and _PARTNER_END.match(" " + after.lower())
    return nfc(head) if duty and _partner_list(head, lead) else ""


# a class of bodies before a colon that lists its members: "phối hợp với các Bộ, ngành liên
# quan: Tài chính, Lao động - Thương binh và Xã hội hướng dẫn …" (Quyết định 22/2013/QĐ-TTg,
# Điều 8.1.a), "phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, …" (Kế hoạch 556/KH-UBND of
# 2025, Đồng Tháp, IV.1.6): the colon is inside the list, the unit splitter expands the class
# over the names (units._class_before_colon)
_CLASS_COLON = re.compile(
    r"(?:(?<!\w)(?:các\s+)?(?:Bộ|Sở|bộ|sở)(?:\s*,\s*(?:ban\s*,\s*)?ngành)?"
    r"(?:\s+(?:có\s+)?liên\s+quan)?|(?<!\w)(?:ủy ban nhân dân|uỷ ban nhân dân|Ủy ban nhân dân|"
    r"Uỷ ban nhân dân|UBND)\s+(?:các|\d{1,3})\s+(?:xã|phường|đặc khu|thị trấn))\s*$"
)


def _list_break(tail: str) -> re.Match[str] | None:
    """The first clause break of ``tail``, past a colon that follows a class of bodies and
    comes before a capital (``các Bộ, ngành liên quan: Tài chính, …``)."""
    for brk in _CLAUSE_BREAK.finditer(tail):
        if not (
            brk.group() == ":"
            and _CLASS_COLON.search(tail[: brk.start()])
            and tail[brk.end() :].lstrip()[:1].isupper()
        ):
            return brk
    return None


def _partners_over_semicolon(head: str, after: str, lead: str) -> str:
    """A list of partners with ``;`` inside: the piece before the ``;`` had no verb of its
    own, and the piece after it is bodies up to the verb — "Chủ trì, phối hợp với Chủ tịch Ủy
    ban nhân dân huyện, thành phố; thủ trưởng các ngành có liên quan hướng dẫn …" (Quyết
    định 986/QĐ-UBND of 2024, Tuyên Quang, Điều 2.2). Read only when every piece is a plain
    list of bodies or a vague phrase; the pieces joined with ``; ``."""
    brk = _CLAUSE_BREAK.search(after)
    seg = after[: brk.start()] if brk else after
    if not (seg[:1].isupper() or _PARTNER_FIRST.match(seg)):
        return ""
    second = _before_partner_verb(seg)
    if not second or not all(_partner_list(x, lead) for x in (head, second)):
        return ""
    return f"{nfc(head)}; {nfc(second)}"


def _before_partner_verb(seg: str) -> str | None:
    """What stands before the verb that ends a list of partners in ``seg``; "" when the list
    is cut short by a preposition; None when no such verb stands in ``seg``."""
    for v in _PARTNER_END.finditer(seg):
        if _TO_CHUC_NOUN.match(seg[v.start() :]) or re.search(
            r"(?i:\bcác|\bnhững)$", seg[: v.start()]
        ):
            continue  # "các tổ chức chính trị - xã hội", "các tổ chức, đoàn thể": bodies
        if _PARTNER_PLACE.match(seg[v.end() :]):
            continue  # a verb inside a name: "Ban Quản lý dự án đầu tư xây dựng huyện"
        # the first verb ends the list: bodies before it, or none read ("Ủy ban … trong
        # tiểu ban thông tin, tuyên truyền": the lead itself, no partner)
        head = seg[: v.start()].strip(" ,")
        # "phối hợp với các đơn vị trong thực hiện …": the list is cut short
        return "" if _PARTNER_CUT.search(head) else head
    return None


def duty_partners(text: str, lead: str) -> str:
    """The coordinating bodies a prose duty names in its own clauses: after ``phối hợp với``
    / ``phối hợp cùng`` / ``cùng với`` where the lead is the one who works with them — at
    the start of a clause (``Chủ trì, phối hợp với …``; after grounds ``Căn cứ …, phối hợp
    với …``; the lead named first, ``Bộ Nội vụ phối hợp với …``, ``Giao <lead> chủ trì,
    phối hợp với …``), never where another body is the subject (``chỉ đạo Sở … phối hợp
    với …``). Several clauses' partners are joined with ``; ``."""
    out: list[str] = []
    starts = [0] + [m.end() for m in re.finditer(r"[.;:]\s+", text)]
    written = list(dict.fromkeys([lead] + [x.strip() for x in lead.split(";") if x.strip()]))
    for p in starts:
        rest = text[p:]
        for cand in _partner_clauses(rest, written):
            m = _PARTNER_ROLE.match(cand)
            if m is None:
                continue
            found = _partners_after(cand[m.end() :], lead)
            if found and found not in out:
                out.append(found)
            break
    return "; ".join(out)


def _partner_clauses(rest: str, written: list[str]) -> list[str]:
    """Where the role words may stand in a clause that starts ``rest``: at once, after its
    grounds, after the lead's own name (``Giao`` / ``Đề nghị`` before it, or a time clause
    and a comma), after the lead's own verbs."""
    out = [rest, *_after_partner_grounds(rest)]
    for name in written:
        for m in re.finditer(
            r"(?:^|,\s+)(?:(?:giao|đề nghị)\s+)?" + re.escape(name) + r"\s+",
            rest[:400],
            re.IGNORECASE,
        ):
            if m.start() == 0 or not _CLAUSE_BREAK.search(rest[: m.start()]):
                after = rest[m.end() :]
                # "Các sở, … cấp tỉnh theo chức năng nhiệm vụ, phối hợp với …" (Công văn
                # 4390/UBND-NLN of 2026, Lào Cai, 2)
                out += [after, *_after_partner_grounds(after)]
    v = _PARTNER_OWN_VERBS.match(rest)
    if v:
        out.append(rest[v.end() :])
    return out


def _after_partner_grounds(rest: str) -> list[str]:
    """What follows each comma of the grounds a clause opens with (``Căn cứ chức năng,
    nhiệm vụ, phối hợp với …``: the grounds hold commas of their own)."""
    if not _PARTNER_GROUNDS.match(rest):
        return []
    brk = _CLAUSE_BREAK.search(rest)
    clause = rest[: brk.start()] if brk else rest
    return [rest[m.end() :] for m in re.finditer(r",\s+", clause)]
