"""The demo province as data: Hòa Bình as in the source plan (Decision 2843/QĐ-UBND),
with today's department names, its ten district-level units and a sample of their communes.

Nothing here runs; survey/demo/plan.py and survey/demo/simulate.py read these tables. To model
another province, change the tables, not the code. Volumes are typical responses a month at
scale 1.0; the demo draws the exact figures from its seeded random stream.
"""

from __future__ import annotations

PROVINCE = {"code": "TINH-HB", "name": "UBND tỉnh Hòa Bình"}

# Service areas the source plan singles out (a desk QR may be tied to one).
SERVICE_AREAS = {
    "dat_dai": "Đất đai",
    "dang_ky_kinh_doanh": "Đăng ký kinh doanh",
    "dau_tu": "Đầu tư",
    "xay_dung": "Xây dựng",
    "tu_phap": "Tư pháp - Hộ tịch",
}

# Province-level departments and agencies (Sở, Ban, Ngành): code, name, monthly volume,
# desks as (label, service area or None), whether receipts carry a one-time code.
DEPARTMENTS = (
    ("SO-NV", "Sở Nội vụ", 160,
     (("Lao động - Việc làm", None), ("Người có công", None)), True),
    ("SO-TP", "Sở Tư pháp", 220,
     (("Lý lịch tư pháp", "tu_phap"), ("Công chứng - Luật sư", "tu_phap")), True),
    ("SO-TC", "Sở Tài chính", 200,
     (("Đăng ký kinh doanh", "dang_ky_kinh_doanh"), ("Đầu tư", "dau_tu")), True),
    ("SO-XD", "Sở Xây dựng", 180,
     (("Cấp phép xây dựng", "xay_dung"), ("Giao thông vận tải", None)), True),
    ("SO-NNMT", "Sở Nông nghiệp và Môi trường", 170,
     (("Đất đai", "dat_dai"), ("Môi trường", None), ("Nông nghiệp", None)), True),
    ("SO-YT", "Sở Y tế", 90, (("Hành nghề y, dược", None),), True),
    ("SO-GDDT", "Sở Giáo dục và Đào tạo", 80, (("Văn bằng, chứng chỉ", None),), False),
    ("SO-CT", "Sở Công Thương", 90, (("Công thương", None),), True),
    ("SO-KHCN", "Sở Khoa học và Công nghệ", 50,
     (("Khoa học - Công nghệ", None), ("Bưu chính - Viễn thông", None)), False),
    ("SO-VHTTDL", "Sở Văn hóa, Thể thao và Du lịch", 60, (("Văn hóa - Du lịch", None),), False),
    ("SO-DTTG", "Sở Dân tộc và Tôn giáo", 30, (("Dân tộc - Tôn giáo", None),), False),
    ("TTR-TINH", "Thanh tra tỉnh", 30, (("Tiếp công dân", None),), False),
    ("VP-UBND", "Văn phòng UBND tỉnh", 40, (("Tiếp nhận hồ sơ", None),), False),
    ("VP-HDND", "Văn phòng Đoàn ĐBQH và HĐND tỉnh", 25, (("Tiếp công dân", None),), False),
    ("BQL-KCN", "Ban Quản lý các khu công nghiệp tỉnh", 70,
     (("Đầu tư", "dau_tu"), ("Xây dựng - Môi trường", "xay_dung")), True),
    ("TT-PVHCC", "Trung tâm Phục vụ hành chính công tỉnh", 650,
     (("Đất đai", "dat_dai"), ("Đăng ký kinh doanh", "dang_ky_kinh_doanh"),
      ("Tư pháp", "tu_phap")), True),
    ("VPDKDD", "Văn phòng Đăng ký đất đai tỉnh", 380,
     (("Đăng ký biến động", "dat_dai"), ("Cấp giấy chứng nhận", "dat_dai")), True),
    ("CA-TINH", "Công an tỉnh", 420,
     (("Xuất nhập cảnh", None), ("Cư trú - Căn cước", None)), True),
    ("BHXH-TINH", "Bảo hiểm xã hội tỉnh", 300,
     (("Thu - Sổ thẻ", None), ("Chế độ chính sách", None)), True),
    ("THUE-TINH", "Thuế tỉnh Hòa Bình", 220, (("Đăng ký thuế", None), ("Hóa đơn", None)), True),
)

DEPARTMENT_KIOSKS = ("TT-PVHCC",)  # tablets in the hall of the province one-stop centre

# The desks a district one-stop office may have, one per area (the demo draws two or three).
DISTRICT_AREAS = ("dat_dai", "tu_phap", "xay_dung", "dang_ky_kinh_doanh")

# Items many citizens cannot judge ("Không ý kiến" more often than elsewhere): item key ->
# share answering 0. Items not listed get NO_OPINION_DEFAULT.
NO_OPINION_SHARES = {"phan_anh": 0.12}
NO_OPINION_DEFAULT = 0.025

# District-level units. "modern": the plan names these two as the only modern one-stop
# desks in 2015, so they get a kiosk. Communes are listed in order (code suffix 01, 02, ...);
# "stations" are the commune numbers that get a health station in the demo.
DISTRICTS = (
    {"code": "HBINH", "name": "thành phố Hòa Bình", "volume": 420, "modern": True,
     "communes": ("phường Phương Lâm", "phường Đồng Tiến", "phường Tân Thịnh",
                  "phường Thịnh Lang", "phường Hữu Nghị", "phường Kỳ Sơn", "xã Yên Mông"),
     "stations": (3, 6, 7), "high_school": "Trường THPT Lạc Long Quân",
     "schools": ("Trường Mầm non Hoa Sen", "Trường Tiểu học Đồng Tiến",
                 "Trường THCS Tân Thịnh")},
    {"code": "LSON", "name": "huyện Lương Sơn", "volume": 380, "modern": True,
     "communes": ("thị trấn Lương Sơn", "xã Hòa Sơn", "xã Lâm Sơn", "xã Nhuận Trạch",
                  "xã Cao Dương", "xã Liên Sơn", "xã Tân Vinh"),
     "stations": (2, 4, 5), "high_school": "Trường THPT Lương Sơn",
     "schools": ("Trường Mầm non Hoa Ban", "Trường Tiểu học Hòa Sơn",
                 "Trường THCS thị trấn Lương Sơn")},
    {"code": "KBOI", "name": "huyện Kim Bôi", "volume": 260, "modern": False,
     "communes": ("thị trấn Bo", "xã Vĩnh Đồng", "xã Đông Bắc", "xã Hợp Tiến", "xã Tú Sơn",
                  "xã Nam Thượng", "xã Sào Báy"),
     "stations": (2, 5, 7), "high_school": "Trường THPT Kim Bôi",
     "schools": ("Trường Mầm non Vĩnh Đồng", "Trường Tiểu học Hợp Tiến",
                 "Trường THCS Đông Bắc")},
    {"code": "CPHONG", "name": "huyện Cao Phong", "volume": 200, "modern": False,
     "communes": ("thị trấn Cao Phong", "xã Bắc Phong", "xã Thu Phong", "xã Hợp Phong",
                  "xã Tây Phong", "xã Dũng Phong", "xã Thạch Yên"),
     "stations": (1, 3, 6), "high_school": "Trường THPT Cao Phong",
     "schools": ("Trường Mầm non Bắc Phong", "Trường Tiểu học Thu Phong",
                 "Trường THCS thị trấn Cao Phong")},
    {"code": "TLAC", "name": "huyện Tân Lạc", "volume": 240, "modern": False,
     "communes": ("thị trấn Mãn Đức", "xã Phong Phú", "xã Tử Nê", "xã Thanh Hối",
                  "xã Ngọc Mỹ", "xã Đông Lai", "xã Quyết Chiến"),
     "stations": (2, 3, 7), "high_school": "Trường THPT Tân Lạc",
     "schools": ("Trường Mầm non Mãn Đức", "Trường Tiểu học Phong Phú",
                 "Trường THCS Tử Nê")},
    {"code": "MCHAU", "name": "huyện Mai Châu", "volume": 190, "modern": False,
     "communes": ("thị trấn Mai Châu", "xã Chiềng Châu", "xã Vạn Mai", "xã Mai Hạ",
                  "xã Nà Phòn", "xã Pà Cò", "xã Hang Kia"),
     "stations": (2, 6, 7), "high_school": "Trường THPT Mai Châu",
     "schools": ("Trường Mầm non Chiềng Châu", "Trường Tiểu học Vạn Mai",
                 "Trường THCS Mai Hạ")},
    {"code": "LACSON", "name": "huyện Lạc Sơn", "volume": 280, "modern": False,
     "communes": ("thị trấn Vụ Bản", "xã Ân Nghĩa", "xã Yên Nghiệp", "xã Nhân Nghĩa",
                  "xã Thượng Cốc", "xã Văn Sơn", "xã Quý Hòa"),
     "stations": (2, 4, 6), "high_school": "Trường THPT Lạc Sơn",
     "schools": ("Trường Mầm non Vụ Bản", "Trường Tiểu học Ân Nghĩa",
                 "Trường THCS Yên Nghiệp")},
    {"code": "YTHUY", "name": "huyện Yên Thủy", "volume": 210, "modern": False,
     "communes": ("thị trấn Hàng Trạm", "xã Lạc Thịnh", "xã Phú Lai", "xã Yên Trị",
                  "xã Ngọc Lương", "xã Đoàn Kết", "xã Bảo Hiệu"),
     "stations": (2, 5, 7), "high_school": "Trường THPT Yên Thủy A",
     "schools": ("Trường Mầm non Hàng Trạm", "Trường Tiểu học Lạc Thịnh",
                 "Trường THCS Phú Lai")},
    {"code": "LTHUY", "name": "huyện Lạc Thủy", "volume": 230, "modern": False,
     "communes": ("thị trấn Chi Nê", "thị trấn Ba Hàng Đồi", "xã Phú Nghĩa", "xã Phú Thành",
                  "xã Đồng Tâm", "xã Khoan Dụ", "xã Yên Bồng"),
     "stations": (3, 5, 6), "high_school": "Trường THPT Lạc Thủy A",
     "schools": ("Trường Mầm non Chi Nê", "Trường Tiểu học Phú Nghĩa",
                 "Trường THCS Đồng Tâm")},
    {"code": "DBAC", "name": "huyện Đà Bắc", "volume": 180, "modern": False,
     "communes": ("thị trấn Đà Bắc", "xã Tú Lý", "xã Hiền Lương", "xã Toàn Sơn",
                  "xã Tiền Phong", "xã Mường Chiềng", "xã Cao Sơn"),
     "stations": (2, 3, 6), "high_school": "Trường THPT Đà Bắc",
     "schools": ("Trường Mầm non Tú Lý", "Trường Tiểu học Hiền Lương",
                 "Trường THCS Toàn Sơn")},
)

SCHOOL_PREFIXES = ("MN", "TH", "THCS")  # the codes of DISTRICTS[i]["schools"], in order

# One merger of two communes in the middle of the demo year (code suffixes in the district).
MERGER = {"district": "TLAC", "communes": (5, 6), "successor": "xã Ngọc Lai"}

# Province hospitals under the Department of Health; district health centres are added
# for every district ("Trung tâm Y tế " + district name).
HOSPITALS = (
    ("BV-DK-TINH", "Bệnh viện Đa khoa tỉnh Hòa Bình", 850,
     ("Khoa Khám bệnh", "Khoa Nội", "Khoa Ngoại", "Khoa Nhi"), True),
    ("BV-YHCT", "Bệnh viện Y dược cổ truyền tỉnh Hòa Bình", 260,
     ("Khoa Khám bệnh", "Khoa Châm cứu - Dưỡng sinh"), False),
    ("BV-PHCN", "Bệnh viện Phục hồi chức năng tỉnh Hòa Bình", 150,
     ("Khoa Khám bệnh", "Khoa Vật lý trị liệu"), False),
)
HIGH_SCHOOL_EXTRA = ("THPT-CHUYEN", "Trường THPT chuyên Hoàng Văn Thụ")

# Typical monthly volumes, (low, high), for the units the data lists without one.
VOLUME_RANGES = {
    "commune": (18, 60),
    "health_centre": (110, 220),
    "health_station": (8, 26),
    "high_school": (45, 90),
    "school": (20, 50),
}

# Seasonal volume factors by calendar month (Jan..Dec): Tết in January/February,
# year-end rush at one-stop desks, summer holidays at schools.
SEASONS = {
    "administrative": (0.85, 0.7, 1.0, 1.0, 1.0, 1.05, 1.0, 1.0, 1.0, 1.05, 1.05, 1.15),
    "health": (1.0, 0.85, 1.0, 1.0, 1.0, 1.05, 1.1, 1.05, 1.0, 1.0, 1.0, 1.0),
    "education": (1.0, 0.6, 1.0, 1.0, 0.9, 0.5, 0.25, 0.6, 1.4, 1.2, 1.0, 1.0),
}

# Answer weights for the choice items the built-in instruments carry; any other choice
# item is answered uniformly. "low" applies when the overall rating is below 4.
CHOICE_WEIGHTS = {
    "so_lan_di_lai": {"high": {"0": 76, "1": 19, "2+": 5}, "low": {"0": 38, "1": 36, "2+": 26}},
    "nguoi_tra_loi": {"high": {"nguoi_benh": 58, "nguoi_nha": 42,
                               "phu_huynh": 72, "hoc_sinh": 28}},
}

# Words for the seeded demo user names and passwords (ASCII, easy to type).
WORDS = ("sen", "lua", "tre", "may", "song", "nui", "trang", "sao", "hoa", "mai", "dao",
         "cau", "que", "bien", "rung", "suoi", "thong", "cuc", "lan", "chanh")

# Free-text comments: (instrument kind or "any", tone, template). Placeholders {phone},
# {email}, {cccd} exercise the masking of personal data in reports.
COMMENTS = (
    ("administrative", "praise",
     "Cán bộ một cửa hướng dẫn tận tình, hồ sơ của tôi được trả đúng hẹn. Cảm ơn!"),
    ("administrative", "praise", "Thủ tục nhanh gọn, không phải đi lại nhiều lần. Rất hài lòng."),
    ("administrative", "praise",
     "Chị cán bộ ở quầy tư pháp rất nhiệt tình, giải thích rõ từng giấy tờ cần bổ sung."),
    ("administrative", "praise",
     "Nơi làm thủ tục sạch sẽ, có ghế ngồi chờ và nước uống, rất chu đáo."),
    ("administrative", "praise",
     "Được nhắn tin báo có kết quả nên không phải đến hỏi nhiều lần, rất tiện."),
    ("administrative", "complaint",
     "Phải chờ gần 2 tiếng mới đến lượt, đề nghị bố trí thêm người ở quầy đất đai."),
    ("administrative", "complaint",
     "Hồ sơ hẹn 15 ngày nhưng đến ngày hẹn vẫn chưa có kết quả, không ai giải thích lý do."),
    ("administrative", "complaint",
     "Tôi phải đi lại 3 lần vì mỗi lần cán bộ lại yêu cầu bổ sung một giấy tờ khác."),
    ("administrative", "complaint",
     "Thái độ cán bộ tiếp nhận chưa niềm nở, trả lời cộc lốc khi tôi hỏi thêm."),
    ("administrative", "complaint",
     "Phí, lệ phí không được niêm yết rõ ràng, tôi không biết mình phải nộp bao nhiêu."),
    ("administrative", "complaint", "Bãi để xe chật, không có chỗ ngồi chờ cho người già."),
    ("administrative", "complaint",
     "Máy lấy số thứ tự hỏng cả tuần nay, mọi người phải chen nhau nộp hồ sơ."),
    ("administrative", "complaint",
     "Đề nghị cán bộ gọi lại cho tôi theo số {phone} để giải thích vì sao hồ sơ bị trả lại."),
    ("administrative", "complaint",
     "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất của gia đình tôi chậm hơn một tháng. "
     "Số điện thoại liên hệ: {phone}."),
    ("administrative", "complaint",
     "Có cán bộ gợi ý nộp thêm tiền để làm nhanh, đề nghị lãnh đạo kiểm tra."),
    ("administrative", "complaint",
     "Giờ làm việc niêm yết là 7h30 nhưng 8h15 quầy vẫn chưa có người."),
    ("administrative", "suggestion",
     "Nên có hướng dẫn bằng hình ảnh cho người lớn tuổi khi làm thủ tục trực tuyến."),
    ("administrative", "suggestion",
     "Đề nghị mở thêm quầy vào sáng thứ Bảy vì người đi làm khó xin nghỉ."),
    ("administrative", "suggestion", "Mong cơ quan cho phép nộp lệ phí bằng chuyển khoản."),
    ("administrative", "complaint",
     "Hồ sơ của tôi (CCCD {cccd}) đã nộp trực tuyến nhưng vẫn phải mang bản giấy đến nộp lại."),
    ("health", "praise", "Bác sĩ khám kỹ, giải thích bệnh dễ hiểu. Cảm ơn các y bác sĩ."),
    ("health", "praise", "Điều dưỡng chăm sóc chu đáo, nhẹ nhàng với người bệnh cao tuổi."),
    ("health", "praise", "Phòng bệnh sạch sẽ, nhà vệ sinh được dọn thường xuyên."),
    ("health", "complaint",
     "Chờ khám từ 6 giờ sáng đến gần trưa mới được gọi, đề nghị cải thiện khâu lấy số."),
    ("health", "complaint", "Nhà vệ sinh khu khám bệnh bẩn và thiếu nước."),
    ("health", "complaint", "Nhân viên thu ngân nói trống không, thiếu tôn trọng người bệnh."),
    ("health", "complaint", "Thuốc bảo hiểm y tế thường xuyên thiếu, phải ra ngoài mua."),
    ("health", "complaint", "Không có chỗ cho người nhà nghỉ, phải nằm ngoài hành lang."),
    ("health", "complaint",
     "Tôi đã phản ánh việc chậm trả kết quả xét nghiệm nhưng chưa được trả lời, "
     "số của tôi là {phone}."),
    ("health", "suggestion", "Trạm y tế nên bố trí người trực cả buổi chiều và ngày thứ Bảy."),
    ("education", "praise",
     "Cô giáo chủ nhiệm rất quan tâm các cháu, thường xuyên trao đổi với phụ huynh qua Zalo."),
    ("education", "praise", "Bữa ăn bán trú đầy đủ, các cháu ăn ngon miệng."),
    ("education", "praise", "Nhà trường tổ chức nhiều hoạt động trải nghiệm bổ ích cho học sinh."),
    ("education", "complaint", "Các khoản thu đầu năm nhiều và chưa được giải thích rõ ràng."),
    ("education", "complaint", "Phòng học nóng, quạt hỏng mãi chưa được sửa."),
    ("education", "complaint",
     "Con tôi bị bạn bắt nạt nhưng giáo viên chưa xử lý dứt điểm. "
     "Mong nhà trường liên hệ {phone}."),
    ("education", "suggestion",
     "Cổng trường giờ tan học rất lộn xộn, đề nghị bố trí người hướng dẫn phụ huynh."),
    ("education", "suggestion", "Đề nghị giảm bớt bài tập về nhà cho học sinh lớp 1."),
    ("any", "complaint", "Nếu cần thêm thông tin xin liên hệ với tôi qua {email}."),
    ("any", "praise", "Mọi thứ đều tốt, cảm ơn."),
    ("any", "praise", "Rất hài lòng."),
    ("any", "suggestion", "Mạng wifi ở sảnh yếu, khó quét mã QR để đánh giá."),
)

# Replies an official writes when a comment is resolved.
REPLIES = (
    "Đơn vị xin tiếp thu ý kiến, đã nhắc nhở cán bộ liên quan và chấn chỉnh ngay.",
    "Cảm ơn Ông/Bà đã phản ánh. Hồ sơ đã được giải quyết xong; "
    "đơn vị xin lỗi vì sự chậm trễ.",
    "Đơn vị đã bố trí thêm nhân sự vào giờ cao điểm để giảm thời gian chờ.",
    "Thiết bị đã được sửa chữa. Cảm ơn Ông/Bà đã góp ý.",
    "Đơn vị đã niêm yết lại đầy đủ mức phí, lệ phí tại nơi tiếp nhận hồ sơ.",
)

# Names for the e-mail addresses some comments contain.
EMAIL_NAMES = ("nguyenvanan", "tranthibinh", "lehoang.nam", "phamthuha", "buiminhduc",
               "dinhthilan", "hoangvantuan", "quachthimai")
