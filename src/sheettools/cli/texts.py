"""The CLI's words in Vietnamese: command help, option help, click's own messages, table
headers and values. English is written where the command is defined (docstrings, ``help=``);
``cli/localize.py`` shows these instead when the language is Vietnamese (the default).

``tests/test_cli_i18n.py`` fails when a command or an option's help has no Vietnamese here.
Keys: commands by their path (``"units list"``; ``""`` the group itself), options by their
English help text, click's messages by click's own English text (its gettext message ids).
"""

from __future__ import annotations

# command path -> the help's prose in Vietnamese (the ``Example:`` block is taken from the
# English docstring: commands read the same in both languages)
COMMANDS: dict[str, str] = {
    "": "sheettools: chu trình báo cáo quý của kế hoạch năm, bằng Excel.",
    "plan": "Kế hoạch: nhập biểu tiến độ thành sổ chính.",
    "plan import": (
        "Nhập bảng nhiệm vụ của kế hoạch SOURCE vào sổ chính.\n\n"
        "SOURCE: văn bản xuất ra, Markdown, .docx (.doc, .odt, .rtf qua LibreOffice), "
        ".xlsx/.xls/.ods/.csv, trang HTML lưu từ cơ sở "
        "dữ liệu văn bản pháp luật, hoặc PDF có lớp chữ. Cột được nhận theo tiêu đề; kế hoạch "
        'không có bảng được đọc từ các đoạn có nhãn ("Cơ quan chủ trì: …").'
    ),
    "plan inspect": (
        "Cho xem SOURCE sẽ được nhập thế nào, không ghi gì.\n\n"
        "Mọi bảng tìm thấy, vai trò của từng cột và lý do, cách đánh số, năm và nguồn của năm, "
        "các dòng và khối sẽ bỏ qua, các thời hạn cần xem."
    ),
    "plan office": (
        "Xem hoặc sửa tiêu đề văn bản của cơ quan trong sổ chính MASTER (các mục doc_* của "
        "trang settings): cơ quan ban hành, số, địa danh, người ký và nơi nhận của mọi báo cáo."
    ),
    "plan lead": (
        "Giao đơn vị chủ trì NAMES cho nhiệm vụ KEY của sổ chính MASTER: tên hoặc mã đơn vị, "
        "nhóm đã có đơn vị, hoặc tên cơ quan (khi đó được thêm làm đơn vị mới). Dùng cho nhiệm "
        'vụ kế hoạch không ghi đơn vị chủ trì hoặc chỉ ghi chung chung ("Các cơ quan, đơn vị '
        'liên quan"); sau đó chạy lại split để đơn vị nhận sổ của mình.'
    ),
    "plan derive": (
        "Lập sổ chính của phường từ sổ chính của quận hoặc từ biểu quận gửi phường: các nhiệm "
        "vụ của quận mà phường chủ trì hoặc phối hợp, giao cho các bộ phận của phường (trang "
        "'cascade', mặc định theo cascade_rules.json), cùng nhiệm vụ và danh mục đơn vị riêng "
        "của phường."
    ),
    "plan assign": (
        "Áp dụng trang 'cascade' của sổ chính phường (nhiệm vụ của quận → bộ phận của phường, "
        "sửa trong Excel) vào kế hoạch, để lệnh split gửi mỗi bộ phận đúng nhiệm vụ của mình."
    ),
    "tasks": "Liệt kê các nhiệm vụ của kế hoạch (không gồm dòng tiêu đề nhóm).",
    "units": "Danh mục đơn vị: xem, đề xuất từ kế hoạch, gộp, nhận diện lại sau khi sửa.",
    "units list": "Liệt kê các đơn vị trong sổ chính.",
    "units suggest": (
        "Đề xuất danh mục đơn vị từ các ô đơn vị của kế hoạch, để người duyệt trong Excel.\n\n"
        'Tên chính thức được giữ nguyên (Sở Khoa học và Công nghệ không bị cắt ở chữ "và"); '
        "cụm từ chung chung (các cơ quan liên quan) thành một nhóm được bỏ qua."
    ),
    "units merge": (
        "Gộp một đơn vị bị tạo hai lần (hoặc từ tên sai) vào đơn vị đúng.\n\n"
        "Tên và địa chỉ thư của nó thành tên gọi khác của đơn vị kia, các nhiệm vụ của nó chuyển "
        "sang đơn vị kia, rồi nó bị bỏ khỏi danh sách. Đơn vị đã báo cáo hoặc đã được gửi thư thì "
        "không gộp."
    ),
    "units resolve": (
        "Nhận diện lại tên đơn vị sau khi sửa danh mục (trang units/groups) trong Excel."
    ),
    "split": (
        "Tạo cho mỗi đơn vị một biểu báo cáo có chữ ký, gồm các nhiệm vụ trong kỳ PERIOD, "
        "kèm manifest.csv."
    ),
    "merge": (
        "Gộp các biểu đơn vị gửi về (tệp hoặc thư mục) vào sổ chính MASTER.\n\n"
        "Mã thoát 0 khi mọi tệp đã gộp (hoặc không đổi), 1 khi có tệp bị từ chối."
    ),
    "reports": "Các báo cáo đã gộp của một kỳ: bản mới nhất theo từng đơn vị và nhiệm vụ.",
    "status": (
        "Đơn vị chưa gửi và gửi muộn, dòng bỏ trống, nhiệm vụ quá hạn và sắp đến hạn, cảnh báo."
    ),
    "report": "Ghi báo cáo quý (Word, thể thức theo Nghị định 30) từ mẫu của văn phòng.",
    "summary": (
        "Ghi sổ tổng hợp quý cho Ban Thường vụ, in vừa khổ A4.\n\n"
        "Tổng quan (hai trang, phần đầu văn bản theo Nghị định 30 lấy từ trang settings của sổ "
        "chính), chi tiết từng nhiệm vụ, nhiệm vụ quá hạn, tình hình gửi báo cáo của đơn vị, số "
        "liệu cần xem lại, thay đổi, và phụ lục toàn văn báo cáo của từng đơn vị."
    ),
    "mail": "Thư điện tử: gửi biểu cho đơn vị, nhắc đơn vị chưa gửi, tải báo cáo về.",
    "mail send": (
        "Gửi cho mỗi đơn vị trong thư mục OUTDIR (do split tạo) biểu của mình, mỗi đơn vị một thư."
    ),
    "mail remind": ("Nhắc các đơn vị chưa gửi hoặc còn bỏ trống, đính kèm lại biểu của đơn vị."),
    "mail fetch": "Lưu các bảng tính đính kèm trong hộp thư của văn phòng (IMAP) vào INBOX.",
    "app": (
        "Mở bàn làm việc của văn thư: trọn chu trình trên một trang web cục bộ, trong trình "
        "duyệt.\n\nMASTER mặc định là `master` trong sheettools.toml, nếu không thì sổ chính "
        "duy nhất trong thư mục hiện tại. Khi chưa có sổ chính, trang web giúp tạo sổ từ kế "
        "hoạch của văn phòng (so-chinh.xlsx trong thư mục hiện tại, hoặc MASTER nếu có ghi)."
    ),
    "rollup": (
        "Điền biểu quận gửi phường bằng kết quả tổng hợp của phường (docs/cascade.md); liệt kê "
        "những gì quy tắc để lại cho văn thư (mã thoát 1 khi còn việc)."
    ),
}

# option help (English, as written at the option) -> Vietnamese
OPTIONS: dict[str, str] = {
    "Port to listen on.": "Cổng lắng nghe.",
    "Address to listen on; anything but 127.0.0.1/localhost needs --password.": (
        "Địa chỉ lắng nghe; khác 127.0.0.1/localhost thì phải có --password."
    ),
    "Do not open the browser.": "Không mở trình duyệt.",
    "Password asked by the page (required with --host; env SHEETTOOLS_APP_PASSWORD).": (
        "Mật khẩu trang web hỏi (bắt buộc khi có --host; biến môi trường SHEETTOOLS_APP_PASSWORD)."
    ),
    "The period: 2023-Q1..2023-Q4, 2023-Y, Q2/2023, Quý II/2023.": (
        "Kỳ báo cáo: 2023-Q1..2023-Q4, 2023-Y, Q2/2023, Quý II/2023."
    ),
    "A reviewed unit registry (units.xlsx).": "Danh mục đơn vị đã duyệt (units.xlsx).",
    "Take the letterhead from a TOML file of doc_* keys (as plan import --office).": (
        "Lấy tiêu đề văn bản từ tệp TOML các khóa doc_* (như plan import --office)."
    ),
    'Set one item (doc_issuing_body="UBND XÃ AN BÌNH"; "-" leaves the line out, "" goes back '
    "to the default); repeatable.": (
        'Đặt một mục (doc_issuing_body="UBND XÃ AN BÌNH"; "-" để bỏ dòng đó, "" để về mặc '
        "định); lặp lại được."
    ),
    "The office's letterhead (a TOML file of doc_* keys) for the reports and workbooks.": (
        "Tiêu đề văn bản của cơ quan (tệp TOML các khóa doc_*) cho báo cáo và biểu gửi đơn vị."
    ),
    "Every version, not only the latest.": "Mọi phiên bản, không chỉ bản mới nhất.",
    "Expected period (2023-Q2, Quý II/2023); other periods are rejected.": (
        "Kỳ báo cáo mong đợi (2023-Q2, Quý II/2023); phiếu của kỳ khác bị từ chối."
    ),
    "Flag the messages that gave a file as read.": "Đánh dấu đã đọc các thư đã cho tệp.",
    "Folder for rejected files.": "Thư mục chứa các tệp bị từ chối.",
    "Merge although the signing secret (.sheettools-secret) is missing: every file unverified.": (
        "Gộp dù thiếu khóa ký (.sheettools-secret): mọi tệp đều chưa xác thực."
    ),
    "Make a new signing secret although workbooks were issued (the old one is lost).": (
        "Tạo khóa ký mới dù đã phát hành biểu (khi khóa cũ đã mất hẳn)."
    ),
    "Folder for the unit workbooks and manifest.csv.": "Thư mục ghi biểu đơn vị và manifest.csv.",
    "Folder of office templates (default: ./workbook_templates).": (
        "Thư mục mẫu của văn phòng (mặc định: ./workbook_templates)."
    ),
    "A Word template (default: workbook_templates/bao_cao_quy.docx, else the built-in one).": (
        "Mẫu Word (mặc định: workbook_templates/bao_cao_quy.docx, nếu không có thì mẫu sẵn có)."
    ),
    "The .docx ('-': standard output).": "Tệp .docx ('-': đầu ra chuẩn).",
    "Also write a PDF beside it (needs LibreOffice).": (
        "Ghi thêm bản PDF bên cạnh (cần LibreOffice)."
    ),
    "Folder to save the attachments in.": "Thư mục lưu các tệp đính kèm.",
    "Folder with cascade_rules.json.": "Thư mục có cascade_rules.json.",
    "Judge lateness and deadlines as of this date: 2023-06-30 or 30/06/2023 (default: today).": (
        "Tính muộn và thời hạn đến ngày này: 2023-06-30 hoặc 30/06/2023 (mặc định: hôm nay)."
    ),
    "Language of messages and generated workbooks (default vi; env SHEETTOOLS_LANG).": (
        "Ngôn ngữ của thông báo và sổ được tạo (mặc định vi; biến môi trường SHEETTOOLS_LANG)."
    ),
    "Only messages from this time: 2023-06-30, 30/06/2023 or 2023-06-30T09:00 (default: when the period was sent).": (
        "Chỉ các thư từ thời điểm này: 2023-06-30, 30/06/2023 hoặc 2023-06-30T09:00 "
        "(mặc định: khi gửi biểu của kỳ)."
    ),
    "Only tasks where this unit code leads or coordinates.": (
        "Chỉ các nhiệm vụ đơn vị có mã này chủ trì hoặc phối hợp."
    ),
    "Only this unit (code).": "Chỉ đơn vị này (mã).",
    "Only this unit code (repeatable).": "Chỉ đơn vị có mã này (ghi nhiều lần được).",
    "Output format.": "Định dạng đầu ra.",
    "Overwrite an existing file.": "Ghi đè tệp đã có.",
    "Give a column its role (number, content, leader, lead, coord, start, due, output, notes); "
    "repeatable. Overrides the guess and the mapping file beside the plan.": (
        "Gán vai trò cho một cột (number, content, leader, lead, coord, start, due, output, "
        "notes); dùng nhiều lần được. Thay cho phỏng đoán và tệp ánh xạ bên cạnh kế hoạch."
    ),
    "Import only this table (its number in 'plan inspect') or sheet (its name); repeatable: "
    "several tables become sections.": (
        "Chỉ nhập bảng này (số của nó trong 'plan inspect') hoặc trang tính (tên của nó); dùng "
        "nhiều lần được: nhiều bảng thành nhiều mục."
    ),
    "Overwrite an existing output.": "Ghi đè tệp kết quả đã có.",
    "Overwrite existing files whose contents differ.": "Ghi đè các tệp đã có nhưng nội dung khác.",
    "Period: 2023-Q2, Q2/2023, Quý II/2023.": "Kỳ báo cáo: 2023-Q2, Q2/2023, Quý II/2023.",
    "Re-import into an existing master (its reports, units, periods are kept).": (
        "Nhập lại vào sổ chính đã có (giữ báo cáo, đơn vị, kỳ báo cáo)."
    ),
    "The unit that takes its place.": "Đơn vị thay chỗ nó.",
    "Re-resolve every task (replaces codes fixed by hand).": (
        "Nhận diện lại mọi nhiệm vụ (thay cả mã đã sửa tay)."
    ),
    "Received time for every file, e.g. 14/06/2023 09:30 or 2023-06-14T09:30.": (
        "Thời điểm nhận cho mọi tệp, ví dụ 14/06/2023 09:30 hoặc 2023-06-14T09:30."
    ),
    "Replace the output file if it exists.": "Thay tệp kết quả nếu đã có.",
    "Send again files already sent to an address.": "Gửi lại các tệp đã gửi tới một địa chỉ.",
    "Settings file with a [mail] table (default ./sheettools.toml, then beside the master).": (
        "Tệp cấu hình có mục [mail] (mặc định ./sheettools.toml, sau đó cạnh sổ chính)."
    ),
    "Sheet-protection password (default: none; env SHEETTOOLS_SHEET_PASSWORD).": (
        "Mật khẩu bảo vệ trang tính (mặc định: không; biến môi trường SHEETTOOLS_SHEET_PASSWORD)."
    ),
    "Show the Python traceback on errors (for developers).": (
        "Hiện traceback Python khi có lỗi (cho lập trình viên)."
    ),
    "The .xlsx ('-': standard output).": "Tệp .xlsx ('-': đầu ra chuẩn).",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "The filled copy to write.": "Bản đã điền sẽ ghi ra.",
    "The master workbook (send log, unit registry). Default: $SHEETTOOLS_MASTER, the config's "
    "'master', else master.xlsx in OUTDIR or its parent.": (
        "Sổ chính (nhật ký gửi, danh mục đơn vị). Mặc định: $SHEETTOOLS_MASTER, mục 'master' "
        "của tệp cấu hình, nếu không có thì master.xlsx trong OUTDIR hoặc thư mục cha."
    ),
    "The master workbook to write.": "Sổ chính sẽ ghi ra.",
    "The period whose returns to fetch.": "Kỳ báo cáo cần tải về.",
    "The period, e.g. 2023-Q2.": "Kỳ báo cáo, ví dụ 2023-Q2.",
    "The period: 2023-Q2, Q2/2023, Quý II/2023.": "Kỳ báo cáo: 2023-Q2, Q2/2023, Quý II/2023.",
    "The plan year (default: read from the document).": "Năm kế hoạch (mặc định: đọc từ văn bản).",
    "The plan year, as for plan import.": "Năm kế hoạch, như với plan import.",
    "The split folder (default: where the period was sent from).": (
        "Thư mục của split (mặc định: nơi đã gửi biểu của kỳ)."
    ),
    "The unit workbook the district sent the ward.": "Biểu quận gửi cho phường.",
    "The ward master to write.": "Sổ chính của phường sẽ ghi ra.",
    "The ward plan's title (default: the district's, with the ward).": (
        "Tên kế hoạch của phường (mặc định: tên của quận, kèm tên phường)."
    ),
    "The ward's code at the district (needed when SOURCE is the district master).": (
        "Mã của phường ở quận (cần khi SOURCE là sổ chính của quận)."
    ),
    "The ward's own schedule table (read like plan import; keys get the prefix PH.).": (
        "Biểu tiến độ riêng của phường (đọc như plan import; mã có tiền tố PH.)."
    ),
    "The ward's registry (units.xlsx).": "Danh mục đơn vị của phường (units.xlsx).",
    "The bodies' due date: this day of the quarter's last month (default: the day the ward's "
    "own plan sets, else 15).": (
        "Hạn của các cơ quan phường: ngày này của tháng cuối quý (mặc định: ngày kế hoạch của "
        "phường quy định, nếu không có thì ngày 15)."
    ),
    "The bodies' due date: N days before the district's due date (time to consolidate).": (
        "Hạn của các cơ quan phường: N ngày trước hạn của quận (để có thời gian tổng hợp)."
    ),
    "Update an existing ward master (assignments, own tasks, reports kept).": (
        "Cập nhật sổ chính phường đã có (giữ phân công, nhiệm vụ riêng, báo cáo)."
    ),
    "Which column holds a role, as for plan import (repeatable).": (
        "Cột nào giữ vai trò nào, như với plan import (ghi nhiều lần được)."
    ),
    "Window for 'due soon' (default 15).": "Số ngày coi là 'sắp đến hạn' (mặc định 15).",
    "Worker processes (default: 2).": "Số tiến trình làm việc (mặc định: 2).",
    "Write .eml files instead of sending.": "Ghi tệp .eml thay vì gửi.",
    "Write OUTDIR/eml/*.eml instead of sending.": "Ghi OUTDIR/eml/*.eml thay vì gửi.",
    "units.xlsx to write.": "Tệp units.xlsx sẽ ghi ra.",
    "Write the output to this file ('-': standard output).": (
        "Ghi kết quả ra tệp này ('-': đầu ra chuẩn)."
    ),
}

# click's own messages (its gettext ids) -> Vietnamese; an id not here stays English
CLICK: dict[str, str] = {
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Aborted!": "Đã hủy!",
    "Argument {name!r} takes {nargs} values.": "Đối số {name!r} cần {nargs} giá trị.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Commands": "Lệnh",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Do you want to continue?": "Tiếp tục?",
    "Error: The two entered values do not match.": "Lỗi: Hai giá trị đã nhập không khớp.",
    "Error: invalid input": "Lỗi: giá trị không hợp lệ",
    "Error: {message}": "Lỗi: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Missing argument": "Thiếu đối số",
    "Missing command.": "Thiếu lệnh.",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Options": "Tùy chọn",
    "Positional arguments": "Đối số",
    "Press any key to continue...": "Nhấn một phím để tiếp tục...",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "Usage:": "Cách dùng:",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} không nằm trong khoảng {range}.",
    # ngettext: singular and plural ids
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "Got unexpected extra argument ({args})": "Thừa đối số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các đối số ({args})",
    "Option {name!r} requires an argument.": "Tùy chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tùy chọn {name!r} cần {nargs} giá trị.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": (
        "{value!r} không đúng một trong các dạng {formats}."
    ),
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không phải một trong {choices}.",
}

# table headers (field ids) -> Vietnamese; values shown in tables -> Vietnamese
COLUMNS: dict[str, str] = {
    "unit": "Đơn vị",
    "name": "Tên",
    "file": "Tệp",
    "status": "Trạng thái",
    "state": "Tình trạng",
    "key": "Mã nhiệm vụ",
    "content": "Nội dung",
    "lead": "Chủ trì",
    "lead_units": "Đơn vị chủ trì",
    "due": "Thời hạn",
    "due_date": "Hạn",
    "flags": "Cảnh báo",
    "role": "Vai trò",
    "version": "Phiên bản",
    "progress": "Tiến độ (%)",
    "completion_date": "Ngày hoàn thành",
    "received_at": "Thời điểm nhận",
    "verified": "Đã xác thực",
    "rows_merged": "Dòng đã gộp",
    "rows_refused": "Dòng bị từ chối",
    "rows_flagged": "Dòng cần xem lại",
    "written": "Đã ghi",
    "merged": "Đã gộp",
    "rejected": "Bị từ chối",
    "tasks": "Số nhiệm vụ",
    "email": "Thư điện tử",
    "address": "Địa chỉ",
    "result": "Kết quả",
    "code": "Mã",
    "level": "Cấp",
    "groups": "Nhóm",
    "aliases": "Tên khác",
    "days_late": "Số ngày muộn",
    "timeliness_from": "Ghi chú",
    "days_overdue": "Số ngày quá hạn",
    "days_left": "Còn (ngày)",
    "source_file": "Tệp nguồn",
    "reason": "Lý do",
    "sender": "Người gửi",
    "message_date": "Ngày thư",
    "period": "Kỳ",
    "count": "Số lượng",
    "received": "Nhận lúc",
    "fragment": "Cụm",
    "sha256": "sha256",
}

VALUES: dict[str, str] = {
    "merged": "đã gộp",
    "unverified": "chưa xác thực",
    "rejected": "bị từ chối",
    "unchanged": "không đổi",
    "no_new_content": "không có nội dung mới",
    "skipped: no address": "bỏ qua: không có địa chỉ",
    "skipped: already sent": "bỏ qua: đã gửi rồi",
    "written": "đã ghi",
    "skipped": "bỏ qua",
    "failed": "lỗi",
    "sent": "đã gửi",
    "dry-run": "thử (không gửi)",
    "on_time": "đúng hạn",
    "late": "muộn",
    "missing": "chưa gửi",
    "lead": "chủ trì",
    "coord": "phối hợp",
    "district": "quận",
    "ward": "phường",
    "external": "ngoài",
}

# English table headers where the field id does not read well with its "_" made a space
COLUMNS_EN: dict[str, str] = {
    "timeliness_from": "note",
    "received_at": "received",
    "lead_units": "lead units",
    "due_date": "due",
    "days_left": "days left",
}
