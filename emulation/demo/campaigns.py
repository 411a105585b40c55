"""The seed's 2020 campaign: launch, focus areas, milestones, covenant, signatures and progress.

Everything is written through `campaigns.services`, as the officer (`tdkt`) and the parties'
representatives would in the browser, so the demo holds the same events and notifications as
real use. Then a few timestamps the services set to "now" (signatures, reports, reviews) are
moved back into 2019-2020, where the story happens.

Also a thematic wave for S&T Day (18/5/2020) that answers the 2020 campaign, and the 2021
campaign in draft, so the campaign list has more than one row.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User

from campaigns import selectors, services
from campaigns.models import (
    Campaign,
    CampaignReview,
    Commitment,
    Covenant,
    FocusArea,
    Milestone,
    Party,
    ProgressReport,
    Signature,
)
from emulation.demo import DEMO_PASSWORD, Demo, DemoLogin, SummaryRow
from emulation.demo.organization import AGENCY_CODE
from organizations import roles
from organizations.models import Person
from organizations.workflow import workflow_for

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICER_LOGIN = "tdkt"

CAMPAIGN_2020 = (
    "Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ chính trị, mục tiêu phát triển "
    "kinh tế - xã hội năm 2020"
)
WAVE_2020 = "Đợt thi đua chào mừng Ngày Khoa học và Công nghệ Việt Nam 18/5/2020"
LAUNCH_2021 = datetime.date(2021, 1, 4)
CAMPAIGN_2021 = (
    "Phong trào thi đua phấn đấu hoàn thành thắng lợi nhiệm vụ chính trị, mục tiêu phát triển "
    "kinh tế - xã hội năm 2021"
)
COVENANT_2020 = "Giao ước thi đua năm 2020"
SIGNING_DATE = datetime.date(2019, 12, 31)
SIGNING_PLACE = "Lạng Sơn"

# From the seed article's opening paragraphs.
OBJECTIVES_2020 = (
    "Tiếp tục phát huy tính tích cực, chủ động, sáng tạo của công chức, viên chức và người lao "
    "động, hăng hái thi đua, khắc phục mọi khó khăn, phấn đấu hoàn thành xuất sắc các nhiệm vụ "
    "công tác của ngành và nhiệm vụ chính trị được giao trong năm 2020; đoàn kết thi đua lao động "
    "sáng tạo, cống hiến trí tuệ và nhiệt huyết, góp phần đưa KH&CN trở thành động lực phát triển "
    "kinh tế - xã hội của tỉnh.\n\n"
    "Thi đua lập thành tích chào mừng các sự kiện quan trọng của đất nước và của tỉnh Lạng Sơn "
    "năm 2020: 90 năm Ngày thành lập Đảng Cộng sản Việt Nam, 130 năm Ngày sinh Chủ tịch Hồ Chí "
    "Minh, 75 năm Cách mạng Tháng Tám và Quốc khánh 02/9, 45 năm Ngày giải phóng hoàn toàn miền "
    "Nam thống nhất đất nước, 80 năm Khởi nghĩa Bắc Sơn, 70 năm Chiến thắng Biên giới, 70 năm "
    "Ngày giải phóng Lạng Sơn, 110 năm Ngày sinh đồng chí Lương Văn Tri; Đại hội Đảng các cấp "
    "tiến tới Đại hội Đảng toàn quốc lần thứ XIII, Đại hội Thi đua yêu nước tỉnh Lạng Sơn lần "
    "thứ V, tiến tới Đại hội Thi đua yêu nước toàn quốc lần thứ X."
)

# The six focus areas, in the seed's words (two typos of the article corrected: "chuyên đề",
# "tư tưởng").
FOCUS_AREAS_2020 = [
    (
        1,
        "Sáng kiến cải tiến kỹ thuật, ứng dụng tiến bộ khoa học và công nghệ",
        "Tiếp tục đẩy mạnh phong trào thi đua phát huy sáng kiến cải tiến kỹ thuật, nghiên cứu "
        "ứng dụng tiến bộ khoa học kỹ thuật và công nghệ trong các lĩnh vực, phù hợp với thực "
        "tiễn của tỉnh. Tăng cường quản lý, ứng dụng kết quả nghiên cứu từ các đề tài, dự án khoa "
        "học và công nghệ vào thực tiễn đời sống, sản xuất. Đẩy mạnh ứng dụng khoa học và công "
        "nghệ trên các lĩnh vực.",
    ),
    (
        2,
        "Kỷ luật, kỷ cương hành chính; cải cách hành chính, ISO 9001, ứng dụng CNTT, "
        "tiết kiệm, phòng chống tham nhũng",
        "Tiếp tục thực hiện nghiêm túc, có hiệu quả Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ "
        "tướng Chính phủ về tăng cường kỷ luật, kỷ cương trong các cơ quan hành chính nhà nước các "
        "cấp, Chỉ thị số 02/CT-UBND ngày 04/01/2018 của Chủ tịch UBND tỉnh về việc tăng cường kỷ "
        "luật, kỷ cương hành chính, nâng cao trách nhiệm, hiệu quả phục vụ người dân và doanh "
        "nghiệp. Thi đua xây dựng đội ngũ công chức, viên chức có đủ phẩm chất, trình độ, năng "
        "lực, hoàn thành tốt nhiệm vụ; tăng cường trách nhiệm của người đứng đầu trong thi hành "
        "công vụ; đẩy mạnh cải cách, rút ngắn thời gian giải quyết thủ tục hành chính. Duy trì, "
        "áp dụng và tuân thủ các quy định của hệ thống quản lý chất lượng theo TCVN ISO 9001 "
        "trong cơ quan, đơn vị. Đẩy mạnh ứng dụng công nghệ thông tin trong quản lý, điều hành; "
        "triệt để thực hành tiết kiệm, phòng chống tham nhũng lãng phí.",
    ),
    (
        3,
        "Hưởng ứng các phong trào thi đua; điển hình tiên tiến; công tác khen thưởng",
        "Tham gia hưởng ứng tích cực, có hiệu quả các phong trào thi đua “Lạng Sơn cùng cả nước "
        "chung sức xây dựng nông thôn mới”, “Lạng Sơn cùng cả nước chung tay vì người nghèo - "
        "Không để ai bị bỏ lại phía sau” giai đoạn 2016 - 2020. Đồng thời, thường xuyên phát động "
        "các phong trào thi đua theo đợt, theo chuyên đề lập thành tích thiết thực biểu dương "
        "điển hình tiên tiến hướng tới Đại hội Thi đua yêu nước tỉnh Lạng Sơn lần thứ V, năm 2020 "
        "và Đại hội Thi đua yêu nước toàn quốc lần thứ X, năm 2020, phong trào thi đua “Cán bộ, "
        "công chức, viên chức Sở Khoa học và Công nghệ thi đua thực hiện văn hóa công sở” giai "
        "đoạn 2019 - 2025, ….\n\n"
        "Tổ chức các hoạt động thi đua hướng tới chào mừng Ngày KH&CN Việt Nam 18/5 và các ngày "
        "lễ, kỷ niệm lớn trong năm 2020. Tổ chức các hoạt động văn hóa, thể thao nhằm tạo không "
        "khí phấn khởi, vui tươi, đoàn kết trong tập thể lãnh đạo, công chức, viên chức và người "
        "lao động trong cơ quan, đơn vị.\n\n"
        "Tiếp tục tuyên truyền, phát hiện, bồi dưỡng, nhân rộng các điển hình tiên tiến, các mô "
        "hình mới, đảm bảo thực hiện đồng bộ tốt trên cả 4 phương diện: phát hiện - bồi dưỡng - "
        "tổng kết - nhân rộng điển hình tiên tiến.\n\n"
        "Nâng cao chất lượng, hiệu quả công tác thi đua khen thưởng, đảm bảo chính xác, kịp thời, "
        "công khai, minh bạch và thực sự có tác dụng động viên, nêu gương. Khen thưởng phải gắn "
        "với kết quả phong trào thi đua, thực hiện kế hoạch nhiệm vụ chính trị của cơ quan, đơn "
        "vị. Chú trọng việc phát hiện những điển hình tiên tiến, các tập thể, cá nhân có thành "
        "tích tiêu biểu trong các phong trào thi đua để kịp thời biểu dương, khen thưởng. Quan tâm "
        "khen thưởng người lao động trực tiếp, khen thưởng tập thể, cá nhân có thành tích đột "
        "xuất, sáng kiến, sáng tạo.",
    ),
    (
        4,
        "Chấp hành chủ trương của Đảng, pháp luật của Nhà nước; học tập và làm theo Bác",
        "Thi đua chấp hành nghiêm chủ trương, đường lối của Đảng, chính sách pháp luật của Nhà "
        "nước; Chấp hành nghiêm chỉnh Luật công chức, Luật viên chức; Thực hiện tốt nội quy, quy "
        "chế của cơ quan, giữ gìn bảo vệ của công, bảo vệ bí mật của Đảng và Nhà nước. Gắn các "
        "phong trào thi đua thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về "
        "“Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”.",
    ),
    (
        5,
        "Nâng cao chất lượng, hiệu quả công việc",
        "Thi đua nâng cao chất lượng, hiệu quả công việc để hoàn thành xuất sắc nhiệm vụ công tác. "
        "Thực hiện nghiêm túc Chỉ thị số 05/2008/CT-TTg ngày 31/01/2008 của Thủ tướng Chính phủ "
        "về nâng cao hiệu quả sử dụng thời giờ làm việc của cán bộ công chức nhà nước. Đẩy mạnh "
        "cuộc vận động xây dựng “Người cán bộ công chức, viên chức trung thành, trách nhiệm, liêm "
        "chính, sáng tạo”; Tích cực học tập và rèn luyện nâng cao trình độ chính trị, nghiệp vụ, "
        "văn hóa, khoa học kỹ thuật và năng lực công tác thực hiện hoàn thành tốt mọi nhiệm vụ "
        "giao.",
    ),
    (
        6,
        "Kiểm tra, dân chủ cơ sở, văn hóa công sở; xây dựng Đảng và đoàn thể vững mạnh",
        "Tăng cường công tác kiểm tra, kịp thời giải quyết các vướng mắc trong quá trình tổ chức "
        "triển khai thực hiện nhiệm vụ. Thực hiện tốt Quy chế dân chủ; cải tiến lề lối làm việc, "
        "nâng cao chất lượng và hiệu quả công tác, tích cực tham gia các hoạt động xã hội từ "
        "thiện. Đẩy mạnh phong trào văn hóa, văn nghệ, thể dục thể thao, xây dựng nếp sống văn "
        "hóa; Xây dựng cơ quan an toàn, cơ quan văn hóa vững mạnh về mọi mặt; thi đua xây dựng tổ "
        "chức Đảng, đoàn thể vững mạnh.",
    ),
]

D = datetime.date
MK = Milestone.Kind
# The commemorations the seed names, the emulation congresses, the reviews and the dossier
# deadline. The congresses' dates are approximate (the seed gives only the year): the province
# held its 5th congress in the autumn, the nation its 10th in December.
MILESTONES_2020 = [
    (
        D(2020, 2, 3),
        "Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2020)",
        MK.COMMEMORATION,
        "",
    ),
    (
        D(2020, 4, 30),
        "45 năm Ngày giải phóng hoàn toàn miền Nam, thống nhất đất nước (30/4/1975 - 30/4/2020)",
        MK.COMMEMORATION,
        "",
    ),
    (
        D(2020, 5, 18),
        "Ngày Khoa học và Công nghệ Việt Nam 18/5",
        MK.COMMEMORATION,
        "Đợt thi đua chào mừng từ 01/4 đến 18/5/2020",
    ),
    (
        D(2020, 5, 19),
        "130 năm Ngày sinh Chủ tịch Hồ Chí Minh (19/5/1890 - 19/5/2020)",
        MK.COMMEMORATION,
        "",
    ),
    (
        D(2020, 6, 26),
        "Sơ kết 6 tháng đầu năm phong trào thi đua năm 2020",
        MK.REVIEW,
        "Hội nghị sơ kết của Sở",
    ),
    (
        D(2020, 8, 17),
        "110 năm Ngày sinh đồng chí Lương Văn Tri (17/8/1910 - 17/8/2020)",
        MK.COMMEMORATION,
        "",
    ),
    (D(2020, 8, 19), "75 năm Cách mạng Tháng Tám (19/8/1945 - 19/8/2020)", MK.COMMEMORATION, ""),
    (
        D(2020, 9, 2),
        "75 năm Quốc khánh nước Cộng hòa xã hội chủ nghĩa Việt Nam (02/9/1945 - 02/9/2020)",
        MK.COMMEMORATION,
        "",
    ),
    (D(2020, 9, 24), "Đại hội Thi đua yêu nước tỉnh Lạng Sơn lần thứ V", MK.EVENT, "Ngày dự kiến"),
    (D(2020, 9, 27), "80 năm Khởi nghĩa Bắc Sơn (27/9/1940 - 27/9/2020)", MK.COMMEMORATION, ""),
    (
        D(2020, 10, 17),
        "70 năm Ngày giải phóng Lạng Sơn (17/10/1950 - 17/10/2020)",
        MK.COMMEMORATION,
        "",
    ),
    (
        D(2020, 12, 10),
        "Hạn nộp hồ sơ đề nghị khen thưởng năm 2020",
        MK.DEADLINE,
        "Các đơn vị nộp về Văn phòng Sở (bộ phận thi đua - khen thưởng)",
    ),
    (D(2020, 12, 10), "Đại hội Thi đua yêu nước toàn quốc lần thứ X", MK.EVENT, "Ngày dự kiến"),
    (
        D(2020, 12, 28),
        "Tổng kết phong trào thi đua năm 2020",
        MK.REVIEW,
        "Hội nghị tổng kết, khen thưởng",
    ),
]

WAVE_FOCUS_AREAS = [
    (
        1,
        "Tuyên truyền về Ngày Khoa học và Công nghệ Việt Nam",
        "Tuyên truyền về vai trò của khoa học và công nghệ, các kết quả nghiên cứu, ứng dụng "
        "KH&CN trên địa bàn tỉnh trên Cổng thông tin điện tử của Sở, Báo Lạng Sơn, Đài Phát thanh "
        "và Truyền hình tỉnh, hướng tới Ngày KH&CN Việt Nam 18/5/2020.",
    ),
    (
        2,
        "Thành tích thiết thực chào mừng Ngày 18/5 và 130 năm Ngày sinh Chủ tịch Hồ Chí Minh",
        "Tổ chức các hoạt động chào mừng Ngày KH&CN Việt Nam 18/5 và kỷ niệm 130 năm Ngày sinh "
        "Chủ tịch Hồ Chí Minh; lập thành tích thiết thực trong nghiên cứu, ứng dụng, chuyển giao "
        "tiến bộ KH&CN vào sản xuất và đời sống.",
    ),
]
WAVE_MILESTONES = [
    (D(2020, 5, 18), "Ngày Khoa học và Công nghệ Việt Nam 18/5", MK.COMMEMORATION, ""),
]

FOCUS_AREAS_2021 = [
    (
        1,
        "Sáng kiến cải tiến kỹ thuật, ứng dụng tiến bộ khoa học và công nghệ",
        "Tiếp tục đẩy mạnh phong trào thi đua phát huy sáng kiến, ứng dụng tiến bộ khoa học và "
        "công nghệ vào sản xuất và đời sống; chuyển đổi số trong hoạt động của Sở (dự thảo).",
    ),
]

# Who signs for each party. Where the head already has a demo login it signs with it; the heads
# of the units below have none, so they get one named after the unit (see UNIT_HEAD_LOGINS).
REPRESENTATIVES = {
    "BLD": "Lương Văn Khải",  # lanhdao
    "CD": "Vi Thị Hồng Nhung",  # congdoan
    "DTN": "Vũ Thị Ngọc Ánh",  # doanthanhnien
    "VP": "Hoàng Đức Mạnh",  # hoidong2
    "KHTC": "Dương Văn Long",  # hoidong3
    "QLKH": "Nguyễn Văn Hùng",  # truongphong
    "QLCN": "Phạm Văn Thành",
    "TT": "Chu Đức Thuận",  # hoidong4
    "CCTCDLCL": "Lê Văn Tùng",  # hoidong5
    "TTUDKHCN": "Nguyễn Quốc Khánh",
    "TTTTKHCN": "Đỗ Văn Thắng",
}
UNIT_HEAD_GROUPS = (roles.UNIT_HEAD, roles.STAFF)

YES, NUM, PCT = Commitment.Measure.YES_NO, Commitment.Measure.NUMBER, Commitment.Measure.PERCENTAGE


@dataclass(frozen=True)
class Pledge:
    """One commitment of the demo covenant, before it is written."""

    area: int
    text: str
    measure: str
    target: Decimal
    due: datetime.date
    label: str
    baseline: Decimal | None


MEASURES = {"yes": YES, "num": NUM, "pct": PCT}

# Each party's commitments, in signing order, one per line:
# "focus area | measure target [unit label] | due dd/mm | baseline | text".
# Measures: yes (target 1, done), num (a count), pct (a percentage; its label is "%").
INITIATIVE = "1 | yes | 30/11 | | Có ít nhất 01 sáng kiến được công nhận cấp cơ sở"
COMMITMENT_LINES = {
    "BLD": [
        "2 | pct 100 | 31/12 | 98 | Lãnh đạo, chỉ đạo giải quyết 100% hồ sơ thủ tục hành chính "
        "thuộc thẩm quyền của Sở đúng hạn",
        "1 | pct 100 | 15/12 | 90 | Chỉ đạo nghiệm thu đúng hạn 100% đề tài, dự án KH&CN cấp "
        "tỉnh đến hạn trong năm",
        "3 | yes | 31/12 | | Tổ chức sơ kết 6 tháng và tổng kết phong trào thi đua năm 2020 "
        "đúng kế hoạch",
        "6 | yes | 31/12 | | Không có công chức, viên chức vi phạm kỷ luật đến mức phải xử lý",
        "5 | yes | 31/12 | | Sở được UBND tỉnh đánh giá, xếp loại Hoàn thành xuất sắc nhiệm vụ "
        "năm 2020",
    ],
    "CD": [
        "6 | pct 100 | 31/12 | | 100% đoàn viên công đoàn tham gia các hoạt động xã hội, từ "
        "thiện do Công đoàn phát động",
        "6 | num 2 hoạt động | 30/09 | | Tổ chức 02 hoạt động văn hóa, văn nghệ, thể dục thể "
        "thao chào mừng các ngày lễ lớn",
        "3 | yes | 31/10 | | Vận động đoàn viên ủng hộ Quỹ “Vì người nghèo” tối thiểu 01 ngày "
        "lương/người",
        "4 | yes | 31/12 | | Công đoàn cơ sở được Công đoàn Viên chức tỉnh xếp loại vững mạnh",
    ],
    "DTN": [
        "3 | num 2 hoạt động | 18/05 | | Tổ chức 02 hoạt động hưởng ứng Ngày KH&CN Việt Nam 18/5",
        "4 | pct 100 | 19/05 | | 100% đoàn viên tham gia cuộc thi tìm hiểu 130 năm Ngày sinh "
        "Chủ tịch Hồ Chí Minh",
        "1 | yes | 30/11 | | Có ít nhất 01 ý tưởng sáng tạo của đoàn viên thanh niên được công "
        "nhận cấp cơ sở",
        "3 | num 3 đợt | 31/10 | | Tham gia 03 đợt lao động tình nguyện giúp xã xây dựng nông "
        "thôn mới",
    ],
    "VP": [
        "2 | pct 100 | 31/12 | 97 | 100% hồ sơ thủ tục hành chính tiếp nhận tại Bộ phận một cửa "
        "được giải quyết đúng hạn",
        "2 | pct 100 | 31/12 | 85 | 100% văn bản đi, đến được xử lý trên phần mềm quản lý văn "
        "bản và điều hành",
        "2 | yes | 30/11 | | Duy trì Hệ thống quản lý chất lượng TCVN ISO 9001:2015; đánh giá "
        "nội bộ 01 lần",
        "3 | yes | 10/12 | | Hoàn thành hồ sơ đề nghị khen thưởng năm 2020 của Sở trước ngày "
        "10/12/2020",
        INITIATIVE,
    ],
    "KHTC": [
        "2 | pct 100 | 31/12 | 92 | Giải ngân 100% kế hoạch vốn sự nghiệp khoa học và công nghệ "
        "được giao",
        "2 | pct 100 | 31/12 | | Thẩm định 100% dự toán kinh phí nhiệm vụ KH&CN đúng thời hạn",
        "2 | yes | 31/12 | | Không để xảy ra sai phạm trong quản lý tài chính, tài sản công qua "
        "thanh tra, kiểm toán",
        INITIATIVE,
    ],
    "QLKH": [
        "1 | num 12 nhiệm vụ | 30/06 | 10 | Tham mưu đưa vào thực hiện 12 đề tài, dự án KH&CN "
        "cấp tỉnh mới",
        "1 | pct 100 | 15/12 | | Nghiệm thu đúng hạn 100% đề tài, dự án đến hạn trong năm",
        "1 | num 5 đề tài, dự án | 31/12 | | Chuyển giao kết quả của 05 đề tài, dự án đã nghiệm "
        "thu cho đơn vị ứng dụng",
        "3 | num 2 hoạt động | 18/05 | | Tổ chức 02 hoạt động hưởng ứng Ngày KH&CN Việt Nam 18/5",
        INITIATIVE,
    ],
    "QLCN": [
        "1 | num 15 hồ sơ | 30/11 | 11 | Hướng dẫn, hỗ trợ 15 tổ chức, cá nhân đăng ký bảo hộ "
        "quyền sở hữu công nghiệp",
        "1 | num 2 nhãn hiệu | 31/12 | | Hỗ trợ xây dựng, quản lý 02 nhãn hiệu chứng nhận cho đặc "
        "sản của tỉnh",
        "2 | pct 100 | 31/12 | | 100% hồ sơ cấp phép an toàn bức xạ giải quyết đúng hạn",
        "5 | pct 100 | 31/12 | | Thẩm định, có ý kiến về công nghệ 100% dự án đầu tư được giao "
        "đúng thời hạn",
    ],
    "TT": [
        "6 | num 6 cuộc | 15/12 | | Thực hiện 06 cuộc thanh tra, kiểm tra chuyên ngành theo kế "
        "hoạch",
        "6 | pct 100 | 31/12 | | Giải quyết 100% đơn thư khiếu nại, tố cáo thuộc thẩm quyền "
        "đúng hạn",
        "2 | num 3 đơn vị | 30/11 | | Kiểm tra công tác phòng, chống tham nhũng, thực hành tiết "
        "kiệm tại 03 đơn vị trực thuộc",
        "4 | pct 100 | 30/09 | | Phổ biến pháp luật về thanh tra, khiếu nại, tố cáo cho 100% "
        "công chức, viên chức",
    ],
    "CCTCDLCL": [
        "1 | num 3000 phương tiện đo | 31/12 | 2750 | Kiểm định, hiệu chuẩn 3.000 phương tiện đo",
        "2 | num 5 doanh nghiệp | 30/11 | | Hỗ trợ 05 doanh nghiệp áp dụng hệ thống quản lý, "
        "công cụ cải tiến năng suất chất lượng",
        "6 | num 40 cơ sở | 30/11 | 35 | Kiểm tra đo lường, chất lượng tại 40 cơ sở kinh doanh "
        "xăng dầu, vàng trang sức",
        "2 | pct 100 | 31/12 | | Hướng dẫn 100% cơ quan hành chính đã công bố duy trì TCVN ISO "
        "9001:2015",
        "3 | yes | 14/10 | | Tổ chức hưởng ứng Ngày Tiêu chuẩn thế giới 14/10",
    ],
    "TTUDKHCN": [
        "1 | num 4 tiến bộ kỹ thuật | 31/12 | | Ứng dụng, chuyển giao 04 tiến bộ kỹ thuật vào "
        "sản xuất",
        "1 | num 50000 cây | 31/10 | 42000 | Sản xuất 50.000 cây giống nuôi cấy mô cung ứng cho "
        "nông dân",
        "5 | pct 10 | 31/12 | | Tăng nguồn thu dịch vụ sự nghiệp 10% so với năm 2019",
        INITIATIVE,
    ],
    "TTTTKHCN": [
        "2 | num 300 tin, bài | 31/12 | 260 | Đăng tải 300 tin, bài trên Cổng thông tin điện tử "
        "của Sở",
        "1 | num 2000 biểu ghi | 31/12 | | Bổ sung 2.000 biểu ghi vào cơ sở dữ liệu KH&CN của tỉnh",
        "3 | num 4 chuyên mục | 18/05 | | Thực hiện 04 chuyên mục, phóng sự tuyên truyền Ngày "
        "KH&CN Việt Nam 18/5",
        "2 | pct 99 | 31/12 | 97 | Bảo đảm Cổng thông tin điện tử hoạt động ổn định 99% thời gian",
        INITIATIVE,
    ],
}


def _pledge(line: str) -> Pledge:
    area, measure, due, baseline, text = (part.strip() for part in line.split("|", 4))
    kind, *rest = measure.split(maxsplit=2)
    target = Decimal(rest[0]) if rest else Decimal(1)
    label = "%" if kind == "pct" else (rest[1] if len(rest) > 1 else "")
    day, month = (int(part) for part in due.split("/"))
    return Pledge(
        area=int(area),
        text=text,
        measure=MEASURES[kind],
        target=target,
        due=datetime.date(2020, month, day),
        label=label,
        baseline=Decimal(baseline) if baseline else None,
    )


COMMITMENTS = {code: [_pledge(line) for line in lines] for code, lines in COMMITMENT_LINES.items()}


# Progress through the year: when each quarter's report is filed, and the quarter's end.
QUARTERS = [
    ("Q1", D(2020, 3, 31), D(2020, 3, 18), "quý I"),
    ("Q2", D(2020, 6, 30), D(2020, 6, 17), "quý II"),
    ("Q3", D(2020, 9, 30), D(2020, 9, 16), "quý III"),
]
INTERIM_REVIEW_DAY = D(2020, 6, 26)
YEAR_START = D(2020, 1, 1)
RNG_SEED = 2020
# The Q3 reports the officer returns with a comment; the other Q3 reports are accepted or await
# review. Earlier quarters were all accepted.
RETURNED_IN_Q3 = 2
Q3_ACCEPTED_SHARE = 0.45
RETURN_COMMENTS = [
    "Đề nghị bổ sung minh chứng (biên bản, danh sách, hình ảnh) cho số liệu báo cáo và nêu rõ "
    "giải pháp khắc phục trong quý IV.",
    "Số liệu lũy kế chưa khớp với báo cáo quý II; đề nghị đơn vị rà soát và gửi lại.",
]
SLOW_REASONS = [
    "do ảnh hưởng của dịch Covid-19, một số hoạt động phải tạm dừng hoặc chuyển sang trực tuyến",
    "do thiếu nhân lực trong thời gian công chức được cử đi đào tạo",
    "do kinh phí được phân bổ chậm so với kế hoạch",
    "do phụ thuộc tiến độ của các tổ chức chủ trì",
]
INTERIM_CONCLUSIONS = (
    "Sau 6 tháng, các đơn vị đã triển khai nghiêm túc Giao ước thi đua năm 2020; {good}/{total} "
    "chỉ tiêu đã hoàn thành hoặc đúng tiến độ. Các hoạt động chào mừng 90 năm Ngày thành lập "
    "Đảng, Ngày KH&CN Việt Nam 18/5 và 130 năm Ngày sinh Chủ tịch Hồ Chí Minh được tổ chức thiết "
    "thực, một phần chuyển sang hình thức trực tuyến do dịch Covid-19. {slow} chỉ tiêu chậm tiến "
    "độ: đề nghị các đơn vị xây dựng giải pháp khắc phục, báo cáo trong quý III."
)


# Building


def build(demo: Demo) -> None:
    """Build the 2020 campaign with its covenant and progress, the S&T Day wave and 2021's."""
    officer = demo.users[OFFICER_LOGIN]
    agency = demo.units[AGENCY_CODE]
    counts = Counts()
    signers = _build_unit_head_logins(demo)

    main = _campaign(
        counts,
        officer,
        agency,
        name=CAMPAIGN_2020,
        fields={
            "kind": Campaign.Kind.REGULAR,
            "start_date": YEAR_START,
            "end_date": D(2020, 12, 31),
            "launch_date": SIGNING_DATE,
            "launch_event": "Hội nghị công chức, viên chức năm 2019",
            "objectives": OBJECTIVES_2020,
        },
        areas=FOCUS_AREAS_2020,
        milestones=MILESTONES_2020,
        launch=True,
    )
    _campaign(
        counts,
        officer,
        agency,
        name=WAVE_2020,
        fields={
            "kind": Campaign.Kind.PERIODIC,
            "parent": main,
            "start_date": D(2020, 4, 1),
            "end_date": D(2020, 5, 18),
            "launch_date": D(2020, 4, 1),
            "launch_event": "Văn bản phát động của Giám đốc Sở",
            "objectives": (
                "Thi đua lập thành tích chào mừng Ngày Khoa học và Công nghệ Việt Nam 18/5/2020 "
                "và kỷ niệm 130 năm Ngày sinh Chủ tịch Hồ Chí Minh."
            ),
        },
        areas=WAVE_FOCUS_AREAS,
        milestones=WAVE_MILESTONES,
        launch=True,
    )
    _campaign(
        counts,
        officer,
        agency,
        name=CAMPAIGN_2021,
        fields={
            "kind": Campaign.Kind.REGULAR,
            "start_date": D(2021, 1, 1),
            "end_date": D(2021, 12, 31),
            "launch_date": LAUNCH_2021,
            "launch_event": "Hội nghị công chức, viên chức năm 2020",
            "objectives": "Kế thừa mục tiêu năm 2020; hoàn thành xuất sắc nhiệm vụ năm 2021.",
        },
        areas=FOCUS_AREAS_2021,
        milestones=[],
        # Launched before the units register for it (5/1/2021): a draft is its author's and the
        # officer's, and no unit may register in it.
        launch=True,
    )

    main.refresh_from_db()
    covenant = _covenant(counts, demo, officer, main, signers)
    _progress(counts, demo, officer, main, covenant, signers)

    campaigns = Campaign.objects.filter(organiser=agency)
    covenants = Covenant.objects.filter(campaign__in=campaigns)
    demo.summary += [
        SummaryRow("Campaigns", campaigns.count(), counts.campaigns),
        SummaryRow(
            "Focus areas", FocusArea.objects.filter(campaign__in=campaigns).count(), counts.areas
        ),
        SummaryRow(
            "Milestones",
            Milestone.objects.filter(campaign__in=campaigns).count(),
            counts.milestones,
        ),
        SummaryRow("Covenants", covenants.count(), counts.covenants),
        SummaryRow(
            "Covenant parties (signed)",
            Party.objects.filter(covenant__in=covenants).count(),
            counts.parties,
        ),
        SummaryRow(
            "Commitments",
            Commitment.objects.filter(party__covenant__in=covenants).count(),
            counts.commitments,
        ),
        SummaryRow(
            "Progress reports Q1-Q3",
            ProgressReport.objects.filter(commitment__party__covenant__in=covenants).count(),
            counts.reports,
        ),
        SummaryRow("Unit head logins", len(signers.created_logins), signers.new_logins),
    ]


@dataclass
class Counts:
    """How many rows of each kind this run created, for the summary."""

    campaigns: int = 0
    areas: int = 0
    milestones: int = 0
    covenants: int = 0
    parties: int = 0
    commitments: int = 0
    reports: int = 0


@dataclass
class Signers:
    """The login each party's representative signs and reports with."""

    users: dict  # unit code -> User
    created_logins: list  # usernames of the unit head logins this builder owns
    new_logins: int = 0


def _build_unit_head_logins(demo: Demo) -> Signers:
    """Return each representative's login, creating one named after the unit where it has none.

    A representative who already has a login (lanhdao, congdoan, the council members who head
    their divisions, ...) signs with it: a person has one login, and the organisation part owns
    those. The others get `<unit code>` in lower case, unit head and staff, password "demo".
    """
    groups = [Group.objects.get_or_create(name=name)[0] for name in UNIT_HEAD_GROUPS]
    own = {login.username for login in demo.logins}
    signers = Signers(users={}, created_logins=[])
    for code, name in REPRESENTATIVES.items():
        person = Person.objects.select_related("user", "unit").get(pk=demo.people[name].pk)
        username = code.lower()
        if person.user is not None and person.user.username != username:
            signers.users[code] = person.user
            continue
        user, new = User.objects.get_or_create(username=username)
        user.is_active = True
        user.is_superuser = user.is_staff = False
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(groups)
        if person.user_id != user.pk:
            person.user = user
            person.save()
        signers.users[code] = user
        signers.created_logins.append(username)
        signers.new_logins += new
        if username not in own:
            demo.users[username] = user
            demo.logins.append(
                DemoLogin(
                    username=username,
                    full_name=person.full_name,
                    unit_name=person.unit.name,
                    groups=UNIT_HEAD_GROUPS,
                )
            )
    return signers


def _campaign(counts, officer, agency, *, name, fields, areas, milestones, launch) -> Campaign:
    """Find the campaign by name and organiser, or create it; bring its description back to the
    demo's while it is open; add its focus areas and milestones; launch it if it should be."""
    campaign = Campaign.objects.filter(name=name, organiser=agency).first()
    if campaign is None:
        campaign = services.campaign_save(
            actor=officer, campaign=Campaign(name=name, organiser=agency), **fields
        )
        counts.campaigns += 1
    elif campaign.status != Campaign.Status.CLOSED:
        changed = {key: value for key, value in fields.items() if _differs(campaign, key, value)}
        if changed:
            services.campaign_save(actor=officer, campaign=campaign, **changed)
    is_open = campaign.status != Campaign.Status.CLOSED

    existing = {area.number: area for area in campaign.focus_areas.all()}
    for number, title, text in areas:
        area = existing.get(number)
        if area is None or (is_open and (area.title, area.text) != (title, text)):
            services.focus_area_save(
                actor=officer,
                focus_area=area or FocusArea(campaign=campaign),
                number=number,
                title=title,
                text=text,
            )
            counts.areas += area is None

    existing = {(m.date, m.title): m for m in campaign.milestones.all()}
    for day, title, kind, note in milestones:
        milestone = existing.get((day, title))
        if milestone is None or (is_open and (milestone.kind, milestone.note) != (kind, note)):
            services.milestone_save(
                actor=officer,
                milestone=milestone or Milestone(campaign=campaign),
                date=day,
                title=title,
                kind=kind,
                note=note,
            )
            counts.milestones += milestone is None

    if launch and campaign.status == Campaign.Status.DRAFT:
        campaign = services.campaign_launch(
            actor=officer, campaign=campaign, launch_date=fields["launch_date"]
        )
    return campaign


def _differs(row, name, value) -> bool:
    field = row._meta.get_field(name)
    if field.is_relation:
        return getattr(row, field.attname) != (value.pk if value is not None else None)
    return getattr(row, name) != value


def _covenant(counts, demo, officer, campaign, signers) -> Covenant:
    """Find or write the 2020 covenant: parties, commitments, opening and every signature."""
    covenant = Covenant.objects.filter(campaign=campaign, title=COVENANT_2020, version=1).first()
    if covenant is None:
        covenant = services.covenant_create(
            actor=officer,
            campaign=campaign,
            title=COVENANT_2020,
            signing_date=SIGNING_DATE,
            signing_place=SIGNING_PLACE,
        )
        counts.covenants += 1
    if workflow_for(covenant).refusal(covenant, "change"):
        return covenant

    areas = {area.number: area for area in campaign.focus_areas.all()}
    parties = {party.unit_id: party for party in covenant.parties.all()}
    for code, pledges in COMMITMENTS.items():
        unit = demo.units[code]
        party = parties.get(unit.pk)
        if party is None:
            party = services.party_add(
                actor=officer,
                covenant=covenant,
                unit=unit,
                representative=demo.people[REPRESENTATIVES[code]],
            )
            counts.parties += 1
        actor = _acting_user(signers.users[code], officer, "edit_commitments", party)
        written = set(party.commitments.values_list("text", flat=True))
        for pledge in pledges:
            if pledge.text in written:
                continue
            services.commitment_save(
                actor=actor,
                commitment=Commitment(party=party),
                focus_area=areas[pledge.area],
                text=pledge.text,
                measure=pledge.measure,
                unit_label=pledge.label,
                baseline=pledge.baseline,
                target=pledge.target,
                due_date=pledge.due,
            )
            counts.commitments += 1

    if covenant.status == Covenant.Status.DRAFT:
        covenant = services.covenant_open(actor=officer, covenant=covenant)
    unsigned = covenant.parties.filter(signature__isnull=True).select_related("unit")
    signed_now = []
    for party in unsigned:
        services.covenant_sign(actor=signers.users[party.unit.code], party=party)
        signed_now.append(party.pk)
    if signed_now:
        _backdate_signatures(covenant)
    covenant.refresh_from_db()
    return covenant


def _acting_user(user, officer, action, party):
    """Return the representative's login if it may act for the party, else the officer's.

    Council members who head a division sign for it but are not unit heads in the demo, so the
    emulation officer enters their unit's commitments and reports, as the office would.
    """
    return user if workflow_for(party).permits(user, party, action) else officer


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _backdate_signatures(covenant: Covenant) -> None:
    """Date the signatures at the conference of 31/12/2019, one after another, in party order."""
    last = None
    for index, party in enumerate(covenant.parties.order_by("order", "id")):
        last = _at(SIGNING_DATE, 15, 5 * index)
        Signature.objects.filter(party=party).update(signed_at=last)
    Covenant.objects.filter(pk=covenant.pk, status=Covenant.Status.IN_FORCE).update(
        in_force_at=last
    )


# Progress


@dataclass(frozen=True)
class PlannedReport:
    """One quarter's report on one commitment, as the demo files it."""

    period: str
    status: str
    value: Decimal | None
    narrative: str


S = ProgressReport.Status
# How a commitment fares through the year: its share of commitments and its pace against plan.
PACES = [
    ("strong", 0.55, 1.0, 1.3),
    ("steady", 0.25, 0.9, 1.0),
    ("slow", 0.13, 0.62, 0.82),
    ("stalled", 0.07, 0.3, 0.5),
]


def planned_reports() -> dict[tuple[str, str], list[PlannedReport]]:
    """Return the Q1-Q3 reports of every commitment, keyed by (unit code, text): same every run."""
    rng = random.Random(RNG_SEED)
    plan = {}
    for code, pledges in COMMITMENTS.items():
        for pledge in pledges:
            kind = rng.choices(PACES, weights=[p[1] for p in PACES])[0]
            pace = rng.uniform(kind[2], kind[3])
            reason = rng.choice(SLOW_REASONS)
            reports, met_in = [], None
            for period, quarter_end, _filed, quarter in QUARTERS:
                # Each quarter wobbles a little around the commitment's pace.
                wobble = pace * rng.uniform(0.93, 1.05)
                status, value = _progress_of(pledge, quarter_end, wobble, kind[0], rng)
                if met_in is not None:
                    status, value = S.MET, reports[-1].value
                narrative = _narrative(pledge, status, value, quarter, reason, met_in)
                reports.append(PlannedReport(period, status, value, narrative))
                if status == S.MET and met_in is None:
                    met_in = quarter
            plan[(code, pledge.text)] = reports
    return plan


def _is_rate(pledge: Pledge) -> bool:
    """A rate (100% on time) holds all year; other targets accumulate towards the due date."""
    return pledge.measure == PCT and pledge.target >= 90


def _progress_of(pledge: Pledge, quarter_end, pace, kind, rng) -> tuple[str, Decimal | None]:
    target = pledge.target
    due_passed = pledge.due <= quarter_end
    share = min(1.0, (quarter_end - YEAR_START).days / max(1, (pledge.due - YEAR_START).days))
    if pledge.measure == YES:
        if share * pace >= 1:
            return S.MET, Decimal(1)
        # Not done yet: nothing to count until it is.
        if due_passed or kind == "stalled":
            return S.OFF_TRACK, None
        return (S.AT_RISK if kind == "slow" else S.ON_TRACK), None
    if _is_rate(pledge):
        shortfall = {
            "strong": 0,
            "steady": rng.choice([0, 0, 1]),
            "slow": rng.randint(2, 5),
            "stalled": rng.randint(6, 12),
        }[kind]
        value = max(Decimal(0), target - shortfall)
        if shortfall == 0 and due_passed:
            return S.MET, value
        if shortfall <= 1:
            return S.ON_TRACK, value
        return (S.AT_RISK if shortfall <= 5 else S.OFF_TRACK), value
    expected = float(target) * share
    achieved = min(float(target), expected * pace)
    value = Decimal(round(achieved)) if pledge.measure == NUM else Decimal(f"{achieved:.1f}")
    if value >= target:
        return S.MET, target
    if due_passed:
        return S.OFF_TRACK, value
    ratio = float(value) / expected if expected else 1
    if ratio >= 0.9:
        return S.ON_TRACK, value
    return (S.AT_RISK if ratio >= 0.65 else S.OFF_TRACK), value


def _number(value: Decimal) -> str:
    """Write a number the Vietnamese way: 3.000 and 97,5."""
    whole, _dot, fraction = f"{value:,.1f}".partition(".")
    whole = whole.replace(",", ".")
    return whole if fraction in ("", "0") else f"{whole},{fraction}"


def _narrative(pledge: Pledge, status, value, quarter, reason, met_in) -> str:
    label = "" if pledge.label in ("", "%") else f" {pledge.label}"
    percent = "%" if pledge.label == "%" else ""
    amount = f"{_number(value)}{percent}" if value is not None else ""
    target = f"{_number(pledge.target)}{percent}"
    if met_in is not None:
        return f"Đã hoàn thành chỉ tiêu từ {met_in}; tiếp tục duy trì kết quả."
    if pledge.measure == YES:
        return {
            S.MET: "Đã hoàn thành; hồ sơ, minh chứng lưu tại đơn vị.",
            S.ON_TRACK: "Đang triển khai theo đúng kế hoạch đề ra.",
            S.AT_RISK: f"Triển khai chậm so với kế hoạch {reason}; đơn vị đang tập trung thực "
            "hiện trong quý tới.",
            S.OFF_TRACK: f"Chưa triển khai được {reason}; đề nghị Ban lãnh đạo Sở chỉ đạo tháo gỡ.",
        }[status]
    if _is_rate(pledge):
        return {
            S.MET: f"Kết quả đạt {amount}, hoàn thành chỉ tiêu.",
            S.ON_TRACK: f"Tính đến hết {quarter}, kết quả đạt {amount} (chỉ tiêu {target}).",
            S.AT_RISK: f"Tính đến hết {quarter}, kết quả đạt {amount}, thấp hơn chỉ tiêu {target} "
            f"{reason}; đơn vị đã có giải pháp khắc phục.",
            S.OFF_TRACK: f"Tính đến hết {quarter}, kết quả chỉ đạt {amount}, thấp xa chỉ tiêu "
            f"{target} {reason}.",
        }[status]
    progress = f"{amount}/{target}{label}"
    return {
        S.MET: f"Đã đạt {progress}, hoàn thành chỉ tiêu.",
        S.ON_TRACK: f"Lũy kế đến hết {quarter} đạt {progress}, đúng tiến độ.",
        S.AT_RISK: f"Lũy kế đến hết {quarter} đạt {progress}, chậm tiến độ {reason}.",
        S.OFF_TRACK: f"Lũy kế đến hết {quarter} mới đạt {progress}, chậm nhiều so với kế hoạch "
        f"{reason}; đề nghị điều chỉnh giải pháp.",
    }[status]


def _progress(counts, demo, officer, campaign, covenant, signers) -> None:
    """File the Q1-Q3 reports, have the officer review them, and hold the interim review."""
    if covenant.status != Covenant.Status.IN_FORCE or not campaign.is_open_for_reports:
        return
    plan = planned_reports()
    parties = list(covenant.parties.select_related("unit").order_by("order", "id"))
    commitments = {
        (party.unit.code, commitment.text): (party, commitment)
        for party in parties
        for commitment in party.commitments.all()
    }
    existing = set(
        ProgressReport.objects.filter(commitment__party__covenant=covenant).values_list(
            "commitment_id", "period"
        )
    )
    rng = random.Random(RNG_SEED + 1)
    for period, _end, filed, _quarter in QUARTERS:
        if period == "Q3":
            _interim_review(officer, campaign)
        filed_now = []
        for key, reports in plan.items():
            if key not in commitments:
                continue
            party, commitment = commitments[key]
            report = next(r for r in reports if r.period == period)
            if (commitment.pk, period) in existing:
                continue
            user = signers.users.get(party.unit.code, officer)
            actor = _acting_user(user, officer, "report_progress", party)
            filed_now.append(
                services.report_submit(
                    actor=actor,
                    commitment=commitment,
                    period=period,
                    status=report.status,
                    value=report.value,
                    narrative=report.narrative,
                )
            )
        counts.reports += len(filed_now)
        _review_and_backdate(officer, period, filed, filed_now, rng)


def _review_and_backdate(officer, period, filed, reports, rng) -> None:
    """Accept the quarter's reports (some of Q3 returned or left pending) and date them."""
    returned = set()
    if period == "Q3":
        # Returned reports go back to a party that filed its own, with a reason to look again.
        own = [r for r in reports if r.reported_by_id != officer.pk]
        candidates = [r for r in own if r.status in (S.AT_RISK, S.OFF_TRACK)] or own
        returned = {r.pk for r in rng.sample(candidates, min(RETURNED_IN_Q3, len(candidates)))}
    comments = iter(RETURN_COMMENTS * len(reports))
    for index, report in enumerate(reports):
        reported_at = _at(filed, 8 + index % 9, (index * 7) % 60)
        accept = period != "Q3" or rng.random() < Q3_ACCEPTED_SHARE
        if report.pk in returned:
            services.report_review(
                actor=officer, report=report, accept=False, comment=next(comments)
            )
        elif accept:
            services.report_review(actor=officer, report=report, accept=True)
        else:
            ProgressReport.objects.filter(pk=report.pk).update(reported_at=reported_at)
            continue
        reviewed_at = reported_at + datetime.timedelta(days=3 + index % 4, hours=1)
        ProgressReport.objects.filter(pk=report.pk).update(
            reported_at=reported_at, reviewed_at=reviewed_at
        )


def _interim_review(officer, campaign) -> None:
    """Open and conclude the interim review (sơ kết) at mid-year; the final review is the
    user's to hold."""
    if CampaignReview.objects.filter(campaign=campaign, kind=CampaignReview.Kind.INTERIM).exists():
        return
    campaign.refresh_from_db()
    if campaign.status != Campaign.Status.LAUNCHED:
        return
    review = services.review_open(
        actor=officer, campaign=campaign, kind=CampaignReview.Kind.INTERIM
    )
    overall = selectors.progress_tallies(campaign)["overall"]
    good = overall.counts[S.MET] + overall.counts[S.ON_TRACK]
    slow = overall.counts[S.AT_RISK] + overall.counts[S.OFF_TRACK]
    review = services.review_conclude(
        actor=officer,
        review=review,
        conclusions=INTERIM_CONCLUSIONS.format(good=good, total=overall.total, slow=slow),
    )
    opened, concluded = _at(INTERIM_REVIEW_DAY, 8), _at(INTERIM_REVIEW_DAY, 11, 30)
    snapshot = dict(review.snapshot, compiled_at=concluded.isoformat())
    CampaignReview.objects.filter(pk=review.pk).update(
        opened_at=opened, concluded_at=concluded, snapshot=snapshot
    )
