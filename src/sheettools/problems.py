"""The one catalogue of problem codes: task flags, report flags, file rejections, refused rows.

A problem inside data travels as a stable code, optionally with a detail after ``": "``
(``"status_unknown: xong roi"``). This module says, for every code, what it means to a person
(a short label) and what to do about it (a hint), in Vietnamese and English. The CLI, the
committee's workbook, the web page and ``docs/problems.md`` take their words from here, and
``tests/test_problems.py`` fails when a module emits a code this catalogue or the doc lacks.

API: ``label(code_or_flag, lang=None)``, ``hint(code, lang=None)``,
``describe(flag, lang=None)`` (label plus detail), ``message(code, detail, lang=None)`` (label,
detail and hint as one line), ``split(flag) -> (code, detail)``, ``lookup(code)``,
``codes(kind)``. ``lang`` ``None`` means the current language (``sheettools.i18n``). Labels and
hints may hold ``{name}`` placeholders filled from keyword arguments (the reader's limits).
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from .i18n import get_lang

__all__ = [
    "KINDS",
    "CATALOGUE",
    "ProblemCode",
    "split",
    "lookup",
    "label",
    "hint",
    "describe",
    "message",
    "codes",
]

# task: a flag on a plan row (plan import, unit resolution); report: a flag on a merged report
# row; file: why a returned file was rejected (reader or merge); row: why a row of an accepted
# file was refused; rollup: what the ward's roll-up left for the ward clerk (sheettools.cascade)
KINDS = ("task", "report", "file", "row", "rollup")


@dataclass(frozen=True)
class ProblemCode:
    code: str
    kind: str
    vi: str  # short label, Vietnamese
    en: str  # short label, English
    hint_vi: str = ""  # what to do, Vietnamese
    hint_en: str = ""  # what to do, English


_RESAVE = (
    "Hãy đề nghị đơn vị mở tệp bằng Excel, lưu lại thành .xlsx rồi gửi lại",
    "Ask the unit to open it in Excel, save it as .xlsx and send it again",
)
_RESEND_FILE = ("Hãy đề nghị đơn vị gửi lại tệp", "Ask the unit to send the file again")

_ENTRIES: tuple[tuple[str, str, tuple[str, str], tuple[str, str]], ...] = (
    # ---- task flags (plan import, deadlines, unit resolution) ----
    ("no_deadline", "task",
     ("Chưa xác định được thời hạn", "No computable deadline"),
     ("Ghi thời hạn vào cột Thời gian hoàn thành của sổ chính (trang plan)",
      "Write the deadline into the master's completion column (sheet plan)")),
    ("before_plan_year", "task",
     ("Thời hạn trước năm kế hoạch", "Deadline before the plan year"),
     ("Kiểm tra lại năm trong kế hoạch gốc", "Check the year in the source plan")),
    ("unparsed_time", "task",
     ("Không đọc được thời gian", "Time expression not understood"),
     ("Sửa thời gian trong sổ chính theo dạng 'Tháng 6/2023', 'Quý II/2023' hoặc 'Trước 30/6/2023'",
      "Rewrite the time in the master as 'Tháng 6/2023', 'Quý II/2023' or 'Trước 30/6/2023'")),
    ("due_before_start", "task",
     ("Thời hạn hoàn thành trước ngày bắt đầu", "Due before it starts"),
     ("Kiểm tra lại hai cột thời gian trong kế hoạch gốc",
      "Check the two time columns in the source plan")),
    ("duplicate_number", "task",
     ("Số thứ tự bị trùng trong kế hoạch", "Number used twice in the plan"),
     ("Hai dòng được giữ với mã khác nhau; kiểm tra lại kế hoạch gốc",
      "Both rows are kept under different keys; check the source plan")),
    ("slid_cells_repaired", "task",
     ("Ô bị lệch cột đã được sắp lại", "Cells that slid a column were put back"),
     ("Kiểm tra người phụ trách và đơn vị của dòng này",
      "Check the leader and units of this row")),
    ("extra_cells_joined", "task",
     ("Ô thừa đã được ghép vào nội dung", "Surplus cells joined into the content"),
     ("Kiểm tra nội dung của dòng này", "Check this row's content")),
    ("unit_list_cut", "task",
     ("Danh sách đơn vị bị phần mềm xuất tệp cắt bớt ('[+] Xem thêm')",
      "The unit list was cut short by the software that exported it ('[+] Xem thêm')"),
     ("Mở nhiệm vụ trong phần mềm gốc, chép đủ các đơn vị vào cột coord_raw của sổ chính",
      "Open the task in the source software and copy all its units into the master's coord_raw column")),
    ("no_lead_unit", "task",
     ("Nhiệm vụ chưa có đơn vị chủ trì", "The task has no lead unit"),
     ("Giao đơn vị chủ trì ở trang Kế hoạch (hoặc: sheettools plan lead SỔ MÃ \"Tên đơn vị\")",
      "Give it its lead unit on the Plan page (or: sheettools plan lead MASTER KEY \"Unit name\")")),
    ("lead_reaches_no_unit", "task",
     ("Đơn vị chủ trì là nhóm chưa có đơn vị nào (chưa gửi được cho ai)",
      "The lead is a group with no units in it yet (sent to no one)"),
     ("Thêm các đơn vị của nhóm ở trang Kế hoạch (hoặc ghi mã nhóm vào cột groups của từng đơn vị trong sổ chính rồi chạy 'units resolve')",
      "Put the group's units in it on the Plan page (or write the group's code in each unit's groups column of the master, then run 'units resolve')")),
    ("cells_merged_from_row_above", "task",
     ("Ô thời hạn/đơn vị lấy từ dòng trên (ô gộp hai dòng)", "Cells taken from the row above (merged over both rows)"),
     ("Kiểm tra thời hạn và đơn vị phối hợp của dòng này trong sổ chính", "Check this row's deadline and coordinating units in the master")),
    ("unit_text_not_understood", "task",
     ("Ô đơn vị có đoạn văn không phải tên cơ quan", "Text in a unit cell that names no body"),
     ("Đọc lại ô đơn vị; ghi tên đơn vị vào cột lead_raw/coord_raw của sổ chính nếu thiếu",
      "Read the unit cell; write any missing unit into the master's lead_raw/coord_raw column")),
    ("compound_time", "task",
     ("Ô thời hạn có nhiều điều kiện: lấy ngày sớm nhất", "Several conditions in the deadline cell: the earliest date was taken"),
     ("Đọc lại ô thời hạn; sửa thời hạn trong sổ chính nếu cần", "Read the deadline cell; correct the deadline in the master if needed")),
    ("number_from_formula", "task",
     ("Số thứ tự là công thức chưa có giá trị: lấy số tiếp theo", "The number is a formula without a value: the next number was used"),
     ("Mở tệp kế hoạch bằng Excel, lưu lại rồi nhập lại", "Open the plan in Excel, save it and import again")),
    ("deadline_from_text", "task",
     ("Thời hạn lấy từ lời văn của nhiệm vụ", "Deadline taken from the task's text"),
     ("Kiểm tra thời hạn trong sổ chính", "Check the deadline in the master")),
    ("deadline_from_heading", "task",
     ("Thời hạn lấy từ dòng tiêu đề nhóm (giai đoạn, năm, quý)", "Deadline taken from the group's heading row (a period, year or quarter)"),
     ("Kiểm tra thời hạn trong sổ chính", "Check the deadline in the master")),
    ("lead_from_group_row", "task",
     ("Đơn vị chủ trì lấy từ dòng nhóm ghi tên cơ quan, đơn vị, địa phương thực hiện",
      "Lead unit taken from the group row naming the body that carries it out"),
     ("Kiểm tra đơn vị chủ trì trong sổ chính", "Check the lead unit in the master")),
    ("lead_from_text", "task",
     ("Đơn vị chủ trì lấy từ lời văn của nhiệm vụ", "Lead unit taken from the task's text"),
     ("Kiểm tra đơn vị chủ trì trong sổ chính", "Check the lead unit in the master")),
    ("missing_number", "task",
     ("Dòng không có số thứ tự", "Row without a number"),
     ("Kiểm tra dòng này trong kế hoạch gốc", "Check this row in the source plan")),
    ("numbering_mismatch", "task",
     ("Số thứ tự không khớp với nhóm", "Number does not fit its group"),
     ("Kiểm tra số thứ tự trong kế hoạch gốc", "Check the numbering in the source plan")),
    ("subitem_without_text", "task",
     ("Mục con không có nội dung", "Sub-item without text"),
     ("Kiểm tra dòng này trong kế hoạch gốc", "Check this row in the source plan")),
    ("count_mismatch", "task",
     ("Số lượng nêu trong tiêu đề khác số dòng tìm thấy", "Count in the heading differs"),
     ("Đối chiếu các dòng của nhóm với kế hoạch gốc",
      "Compare the group's rows with the source plan")),
    ("unresolved_unit", "task",
     ("Không nhận ra đơn vị", "Unit not recognised"),
     ("Thêm tên này vào bí danh của đơn vị trong sổ đơn vị rồi chạy 'sheettools units resolve'",
      "Add the name to the unit's aliases in the registry, then run 'sheettools units resolve'")),
    # ---- report flags (merge, normalize) ----
    ("unverified", "report",
     ("Phiếu không có chữ ký của văn phòng", "Workbook not signed by the office"),
     ("Kiểm tra đơn vị gửi; lần sau dùng phiếu do 'sheettools split' tạo",
      "Check who sent it; next time use the workbook made by 'sheettools split'")),
    ("late", "report",
     ("Gửi muộn", "Sent late"),
     ("", "")),
    ("status_unknown", "report",
     ("Không nhận ra tình trạng", "Status not recognised"),
     ("Chọn một tình trạng trong danh sách của phiếu", "Pick a status from the workbook's list")),
    ("progress_invalid", "report",
     ("Tiến độ (%) không hợp lệ", "Invalid progress (%)"),
     ("Ghi một số từ 0 đến 100", "Enter a number from 0 to 100")),
    ("progress_ambiguous", "report",
     ("Tiến độ có thể hiểu hai cách (phân số hay phần trăm?)",
      "Progress could mean two things (a fraction or a percentage?)"),
     ("Hỏi lại đơn vị tiến độ là bao nhiêu phần trăm; ô tiến độ ghi số nguyên từ 0 đến 100",
      "Ask the unit for the percentage; the progress cell takes a whole number 0-100")),
    ("date_invalid", "report",
     ("Ngày không hợp lệ", "Invalid date"),
     ("Ghi ngày theo dạng ngày/tháng/năm, ví dụ 14/06/2023",
      "Enter the date as day/month/year, e.g. 14/06/2023")),
    ("date_ambiguous", "report",
     ("Ngày có thể hiểu hai cách", "Ambiguous date"),
     ("Ghi ngày theo dạng ngày/tháng/năm có đủ 4 chữ số năm",
      "Enter the date as day/month/year with a four-digit year")),
    ("date_serial_text", "report",
     ("Ngày ghi thành một số (số ngày kiểu Excel?), không đọc thành ngày",
      "A date typed as a number (an Excel day count?), not read as a date"),
     ("Hỏi lại đơn vị ngày hoàn thành (trong ngoặc là ngày mà số đó chỉ theo Excel); ghi ngày "
      "theo dạng ngày/tháng/năm, ví dụ 14/06/2023",
      "Ask the unit for the completion date (in brackets: the day that number means to "
      "Excel); enter it as day/month/year, e.g. 14/06/2023")),
    ("done_below_100", "report",
     ("Hoàn thành nhưng tiến độ dưới 100%", "Done but progress below 100%"),
     ("Hỏi lại đơn vị tình trạng hoặc tiến độ đúng", "Ask the unit which is right")),
    ("completion_after_period", "report",
     ("Ngày hoàn thành sau kỳ báo cáo", "Completion date after the period"),
     ("Hỏi lại đơn vị ngày hoàn thành", "Ask the unit for the completion date")),
    ("completion_before_start", "report",
     ("Ngày hoàn thành trước ngày bắt đầu", "Completion date before the start"),
     ("Hỏi lại đơn vị ngày hoàn thành", "Ask the unit for the completion date")),
    ("legacy_encoding", "report",
     ("Chữ gõ bằng bảng mã cũ (TCVN3/VNI)", "Text typed in a legacy encoding (TCVN3/VNI)"),
     ("Đề nghị đơn vị gõ lại bằng Unicode", "Ask the unit to type it again in Unicode")),
    ("formula_no_value", "report",
     ("Công thức chưa có giá trị", "Formula without a value"),
     ("Đề nghị đơn vị mở tệp trong Excel, lưu lại rồi gửi lại",
      "Ask the unit to open the file in Excel, save it and send it again")),
    ("error_value", "report",
     ("Ô báo lỗi (#DIV/0!, #REF!, #N/A...)", "Error cell (#DIV/0!, #REF!, #N/A...)"),
     ("Đề nghị đơn vị ghi giá trị thay cho công thức lỗi",
      "Ask the unit to type a value instead of the broken formula")),
    ("volatile_formula", "report",
     ("Giá trị từ công thức thay đổi theo thời gian", "Value of a volatile formula"),
     ("Đề nghị đơn vị ghi giá trị thay cho công thức",
      "Ask the unit to type the value instead of the formula")),
    ("merged_cell", "report",
     ("Ô nhập bị gộp", "Merged input cell"),
     ("Đề nghị đơn vị bỏ gộp ô rồi gửi lại", "Ask the unit to unmerge the cells and resend")),
    ("dropped_without_reason", "report",
     ("Không thực hiện nhưng không nêu lý do", "Dropped without a reason"),
     ("Đề nghị đơn vị ghi lý do ở cột Kết quả thực hiện",
      "Ask the unit to give the reason under Results")),
    ("text_truncated", "report",
     ("Nội dung quá dài cho một ô Excel: toàn văn để ở tệp riêng",
      "Text too long for an Excel cell: the full text is in a side file"),
     ("Mở tệp trong thư mục <sổ chính>.long-texts để đọc toàn văn",
      "Open the file in the <master>.long-texts folder for the full text")),
    ("received_from_file_date", "report",
     ("Không rõ thời điểm nhận: tính theo ngày của tệp", "Received time unknown: the file's date"),
     ("Gộp thư đã lưu (.eml/.msg), dùng mail fetch hoặc --received-at",
      "Merge the saved e-mail (.eml/.msg), use mail fetch or --received-at")),
    ("cleared", "report",
     ("Đơn vị xóa nội dung đã báo cáo", "The unit cleared what it had reported"),
     ("Kiểm tra với đơn vị rằng việc xóa là có chủ ý (phiên bản trước vẫn được lưu)",
      "Check with the unit that it meant to (the earlier version is kept)")),
    # ---- file rejections: the isolated reader (safety) ----
    ("missing", "file",
     ("Không mở được tệp", "Cannot open the file"),
     ("Kiểm tra lại đường dẫn và quyền đọc", "Check the path and read permission")),
    ("too_large", "file",
     ("Tệp quá lớn (giới hạn {max_mib} MiB)", "The file is too large (limit {max_mib} MiB)"),
     ("Hãy đề nghị đơn vị xóa dữ liệu thừa rồi gửi lại",
      "Ask the unit to remove surplus data and send it again")),
    ("out_of_range", "file",
     ("Không có dữ liệu trong vùng được đọc", "No data inside the area that is read"),
     ("Hãy đề nghị đơn vị chuyển dữ liệu về đầu trang tính, xóa các dòng/cột thừa rồi gửi lại",
      "Ask the unit to move the data to the top of the sheet, delete surplus rows/columns "
      "and send it again")),
    ("empty", "file",
     ("Bảng tính không có dữ liệu", "The workbook holds no data"),
     ("Hãy kiểm tra đơn vị đã gửi đúng tệp chưa", "Check that the unit sent the right file")),
    ("corrupt_zip", "file",
     ("Tệp bị hỏng hoặc bị cắt cụt", "The file is damaged or truncated"),
     _RESEND_FILE),
    ("encrypted", "file",
     ("Tệp có đặt mật khẩu (bị mã hóa)", "The file is password-protected (encrypted)"),
     ("Hãy đề nghị đơn vị gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại",
      "Ask the unit to remove the password (File > Info > Protect Workbook) and send it "
      "again")),
    ("zip_bomb", "file",
     ("Tệp có dấu hiệu bom nén, không mở", "The file looks like a zip bomb; not opened"),
     _RESAVE),
    ("xml_entities", "file",
     ("Tệp chứa khai báo DOCTYPE/ENTITY trong XML (có thể là tấn công XML), không mở",
      "The file declares XML DOCTYPE/ENTITY (a possible XML attack); not opened"),
     _RESAVE),
    ("path_names", "file",
     ("Tệp chứa thành phần có tên dạng đường dẫn, không phải bảng tính hợp lệ",
      "The file holds members with path-like names; not a valid workbook"),
     _RESAVE),
    ("duplicate_members", "file",
     ("Tệp chứa thành phần trùng tên hoặc chồng lấn nhau, không phải bảng tính hợp lệ",
      "The file holds duplicate or overlapping members; not a valid workbook"),
     _RESAVE),
    ("not_spreadsheet", "file",
     ("Tệp không phải bảng tính", "Not a spreadsheet"),
     _RESAVE),
    ("unsupported", "file",
     ("Định dạng chưa được hỗ trợ", "Unsupported format"),
     _RESAVE),
    ("unreadable", "file",
     ("Không đọc được bảng tính", "Cannot read the workbook"),
     _RESAVE),
    ("timeout", "file",
     ("Đọc tệp quá {timeout_s} giây nên đã dừng", "Reading took over {timeout_s} s and was stopped"),
     ("Hãy đề nghị đơn vị xóa các dòng/cột trống thừa, lưu lại thành .xlsx rồi gửi lại",
      "Ask the unit to delete surplus empty rows/columns, save as .xlsx and send it again")),
    ("memory", "file",
     ("Đọc tệp cần quá {memory_mib} MiB bộ nhớ nên đã dừng",
      "Reading needed over {memory_mib} MiB of memory and was stopped"),
     ("Hãy đề nghị đơn vị xóa các dòng/cột trống thừa (ô ở rất xa như XFD1048576), lưu lại "
      "thành .xlsx rồi gửi lại",
      "Ask the unit to delete surplus empty rows/columns (cells far away such as XFD1048576), "
      "save as .xlsx and send it again")),
    ("crashed", "file",
     ("Trình đọc bị dừng đột ngột khi mở tệp này", "The reader crashed on this file"),
     ("Thường do có ô ở rất xa (như XFD1048576): hãy đề nghị đơn vị xóa các dòng/cột thừa, "
      "lưu lại thành .xlsx rồi gửi lại",
      "Usually a cell far away (such as XFD1048576): ask the unit to delete surplus "
      "rows/columns, save as .xlsx and send it again")),
    # ---- file rejections: merge ----
    ("signature_invalid", "file",
     ("Chữ ký của phiếu không hợp lệ", "The workbook's signature does not match"),
     ("Tệp không phải do văn phòng phát hành hoặc phần ẩn đã bị sửa: gửi lại tệp gốc cho đơn vị",
      "Not issued by this office or its hidden part was edited: send the unit its original "
      "file again")),
    ("wrong_period", "file",
     ("Phiếu của kỳ khác", "The file is for another period"),
     ("Đơn vị gửi nhầm kỳ: yêu cầu gửi lại phiếu của kỳ này, hoặc chạy lại với --period đúng",
      "The unit sent another period's file: ask for this period's file, or rerun with the "
      "right --period")),
    ("unknown_unit", "file",
     ("Không rõ đơn vị gửi", "Unknown sending unit"),
     ("Không nhận ra đơn vị: đặt tên tệp theo dạng <kỳ>_<mã đơn vị>.xlsx hoặc ghi mã đơn vị "
      "trên trang bìa",
      "Unit not recognised: name the file <period>_<unit code>.xlsx or put the unit code on "
      "the cover")),
    ("unknown_period", "file",
     ("Không rõ kỳ báo cáo", "Unknown period"),
     ("Không xác định được kỳ báo cáo: chạy lại với --period",
      "Cannot tell the reporting period: rerun with --period")),
    ("no_report_sheet", "file",
     ("Không có trang báo cáo", "No report sheet"),
     ("Không có trang báo cáo có cột Mã nhiệm vụ: yêu cầu đơn vị điền vào phiếu đã gửi",
      "No report sheet with a task key column: ask the unit to fill in the workbook it was "
      "sent")),
    ("empty_sheet", "file",
     ("Trang báo cáo không có dòng nào", "The report sheet has no rows"),
     ("Trang báo cáo không có dòng nào: yêu cầu đơn vị gửi lại phiếu đã điền",
      "The report sheet has no rows: ask the unit to send the filled-in workbook")),
    ("no_attachment", "file",
     ("Thư không có tệp bảng tính đính kèm", "The e-mail has no spreadsheet attached"),
     ("Đề nghị đơn vị gửi lại thư có đính kèm phiếu báo cáo",
      "Ask the unit to send the message again with the workbook attached")),
    ("unreadable_message", "file",
     ("Không đọc được thư đã lưu", "Cannot read the saved e-mail"),
     ("Lưu lại thư (.eml hoặc .msg) từ hộp thư, hoặc lưu riêng tệp đính kèm",
      "Save the message again (.eml or .msg), or save its attachment on its own")),
    # ---- refused rows (merge) ----
    ("not_this_unit", "row",
     ("Nhiệm vụ không giao cho đơn vị này", "Task not assigned to this unit"),
     ("Bỏ qua dòng này, hoặc giao nhiệm vụ cho đơn vị trong sổ chính",
      "Ignore the row, or assign the task to the unit in the master")),
    ("unknown_key", "row",
     ("Mã nhiệm vụ không có trong kế hoạch", "Task key not in the plan"),
     ("Yêu cầu đơn vị không sửa cột Mã nhiệm vụ", "Ask the unit not to edit the task key column")),
    ("duplicate_key_conflict", "row",
     ("Một nhiệm vụ ghi hai lần với nội dung khác nhau", "Task given twice with different values"),
     ("Yêu cầu đơn vị giữ một dòng cho mỗi nhiệm vụ rồi gửi lại",
      "Ask the unit to keep one row per task and send it again")),
    ("key_mismatch", "row",
     ("Mã nhiệm vụ không khớp với số TT và nội dung của dòng (mã bị sửa?)",
      "The task key does not match the row's number and text (key edited?)"),
     ("Dòng không được gộp: hỏi đơn vị các ô này báo cáo cho nhiệm vụ nào, đề nghị không sửa "
      "cột Mã nhiệm vụ rồi gửi lại",
      "The row was not merged: ask the unit which task these cells report on, not to edit "
      "the task key column, and to send the file again")),
    # ---- roll-up items: what the ward's roll-up left for the ward clerk (cascade) ----
    ("nothing_reported", "rollup",
     ("Chưa cơ quan nào của phường báo cáo", "None of the ward's bodies reported"),
     ("Hỏi các cơ quan được giao rồi ghi cả dòng vào tệp trước khi gửi quận (hoặc gộp báo cáo "
      "của họ rồi chạy lại rollup)",
      "Ask the bodies assigned, then fill the row in the file before sending it to the district "
      "(or merge their returns and run rollup again)")),
    ("body_missing", "rollup",
     ("Thiếu báo cáo của cơ quan phụ trách", "No report from a body in charge"),
     ("Nhắc cơ quan gửi báo cáo, gộp vào sổ phường rồi chạy lại rollup; hoặc tự ghi tình trạng "
      "vào tệp",
      "Remind the body, merge its return into the ward master and run rollup again; or type "
      "the status into the file")),
    ("status_missing", "rollup",
     ("Cơ quan phụ trách báo cáo nhưng chưa ghi tình trạng",
      "A body in charge reported without a status"),
     ("Hỏi cơ quan tình trạng rồi ghi vào cột Tình trạng của tệp",
      "Ask the body for the status, then type it into the file's status column")),
    ("bodies_disagree", "rollup",
     ("Các cơ quan phụ trách báo cáo tình trạng khác nhau",
      "The bodies in charge report different statuses"),
     ("Chọn tình trạng chung của phường trong danh sách của ô Tình trạng",
      "Pick the ward's status from the list in the status cell")),
    ("completion_date_missing", "rollup",
     ("Hoàn thành nhưng thiếu ngày hoàn thành", "Done but no completion date"),
     ("Hỏi cơ quan ngày hoàn thành rồi ghi vào tệp (ngày/tháng/năm)",
      "Ask the body for the completion date and type it into the file (day/month/year)")),
    ("not_in_ward_master", "rollup",
     ("Nhiệm vụ của quận chưa có trong sổ của phường",
      "The district's task is not in the ward master"),
     ("Chạy 'sheettools plan derive --force' với tệp quận gửi, phân công rồi chạy lại rollup",
      "Run 'sheettools plan derive --force' with the district's file, assign it, then run "
      "rollup again")),
    ("earlier_value_cleared", "rollup",
     ("Giá trị trước đây bị thay bằng (xóa)", "An earlier value replaced by (xóa)"),
     ("Phường không có giá trị cho ô này kỳ này nên quận sẽ không giữ giá trị cũ; nếu giá trị cũ "
      "vẫn đúng, ghi lại thay cho (xóa)",
      "The ward has no value for this cell this period, so the district will not keep the "
      "earlier one; if it still holds, type it over (xóa)")),
)  # fmt: skip

CATALOGUE: dict[str, ProblemCode] = {
    code: ProblemCode(code, kind, vi, en, hvi, hen) for code, kind, (vi, en), (hvi, hen) in _ENTRIES
}


def split(flag: str) -> tuple[str, str]:
    """``"status_unknown: xong"`` -> ``("status_unknown", "xong")``; a bare code has no detail."""
    code, sep, detail = flag.partition(":")
    return code.strip(), detail.strip() if sep else ""


def lookup(code_or_flag: str) -> ProblemCode | None:
    """The catalogue entry of a code (or of a flag's code), or None for an unknown code."""
    return CATALOGUE.get(split(code_or_flag)[0])


def _fill(text: str, params: dict) -> str:
    if not params or "{" not in text:
        return text
    names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return text.format(**{n: params.get(n, "?") for n in names})


def _pick(vi: str, en: str, lang: str | None) -> str:
    return en if (lang or get_lang()) == "en" else vi


def label(code_or_flag: str, lang: str | None = None, **params: object) -> str:
    """The short label of a code (a flag's detail is ignored); an unknown code is returned as
    it is, so nothing a person should see disappears."""
    e = lookup(code_or_flag)
    if e is None:
        return split(code_or_flag)[0]
    return _fill(_pick(e.vi, e.en, lang), params)


def hint(code_or_flag: str, lang: str | None = None, **params: object) -> str:
    """What to do about a code ("" when there is nothing to do or the code is unknown)."""
    e = lookup(code_or_flag)
    return _fill(_pick(e.hint_vi, e.hint_en, lang), params) if e else ""


def describe(flag: str, lang: str | None = None) -> str:
    """A flag as a person reads it: ``"Không nhận ra tình trạng: xong roi"``; a flag with an
    unknown code is returned as it is."""
    code, detail = split(flag)
    if code not in CATALOGUE:
        return flag
    text = label(code, lang)
    return f"{text}: {detail}" if detail else text


def message(code: str, detail: str = "", lang: str | None = None, **params: object) -> str:
    """One line: the label, the detail in brackets, and the hint."""
    text = label(code, lang, **params) + (f" ({detail})" if detail else "")
    h = hint(code, lang, **params)
    return f"{text}. {h}." if h else f"{text}."


def codes(kind: str | None = None) -> list[str]:
    """The catalogue's codes (of one kind), in catalogue order."""
    return [c for c, e in CATALOGUE.items() if kind is None or e.kind == kind]
