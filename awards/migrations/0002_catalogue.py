"""Load the catalogue of emulation titles and forms of commendation."""

from django.db import migrations

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15"

# (code, kind, subject, name_vi, name_en, authority, legal_basis, rank)
CATALOGUE = [
    # Emulation titles (danh hiệu thi đua).
    (
        "LDTT",
        "title",
        "person",
        "Lao động tiên tiến",
        "Advanced worker",
        "agency_head",
        f"{LAW}, Điều 24",
        10,
    ),
    (
        "CSTDCS",
        "title",
        "person",
        "Chiến sĩ thi đua cơ sở",
        "Grassroots emulation fighter",
        "agency_head",
        f"{LAW}, Điều 23",
        20,
    ),
    (
        "CSTD_TINH",
        "title",
        "person",
        "Chiến sĩ thi đua cấp tỉnh",
        "Provincial emulation fighter",
        "provincial_chairman",
        f"{LAW}, Điều 22",
        30,
    ),
    (
        "CSTD_TQ",
        "title",
        "person",
        "Chiến sĩ thi đua toàn quốc",
        "National emulation fighter",
        "prime_minister",
        f"{LAW}, Điều 21",
        40,
    ),
    (
        "TTLDTT",
        "title",
        "collective",
        "Tập thể lao động tiên tiến",
        "Advanced labour collective",
        "agency_head",
        f"{LAW}, Điều 28",
        10,
    ),
    (
        "TTLDXS",
        "title",
        "collective",
        "Tập thể lao động xuất sắc",
        "Excellent labour collective",
        "provincial_chairman",
        f"{LAW}, Điều 27",
        20,
    ),
    (
        "CO_TINH",
        "title",
        "collective",
        "Cờ thi đua cấp tỉnh",
        "Provincial emulation flag",
        "provincial_chairman",
        f"{LAW}, Điều 26",
        30,
    ),
    (
        "CO_CP",
        "title",
        "collective",
        "Cờ thi đua của Chính phủ",
        "Government emulation flag",
        "prime_minister",
        f"{LAW}, Điều 25",
        40,
    ),
    # Forms of commendation (hình thức khen thưởng): one entry per subject.
    (
        "GIAY_KHEN",
        "form",
        "person",
        "Giấy khen của Thủ trưởng cơ quan",
        "Certificate of commendation of the department head",
        "agency_head",
        f"{LAW}, Điều 75",
        10,
    ),
    (
        "BANG_KHEN_TINH",
        "form",
        "person",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "Certificate of merit of the provincial chairman",
        "provincial_chairman",
        f"{LAW}, Điều 74",
        20,
    ),
    (
        "BANG_KHEN_TTG",
        "form",
        "person",
        "Bằng khen của Thủ tướng Chính phủ",
        "Certificate of merit of the Prime Minister",
        "prime_minister",
        f"{LAW}, Điều 73",
        30,
    ),
    (
        "GIAY_KHEN_TT",
        "form",
        "collective",
        "Giấy khen của Thủ trưởng cơ quan (tập thể)",
        "Certificate of commendation of the department head (collective)",
        "agency_head",
        f"{LAW}, Điều 75",
        10,
    ),
    (
        "BANG_KHEN_TINH_TT",
        "form",
        "collective",
        "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tập thể)",
        "Certificate of merit of the provincial chairman (collective)",
        "provincial_chairman",
        f"{LAW}, Điều 74",
        20,
    ),
    (
        "BANG_KHEN_TTG_TT",
        "form",
        "collective",
        "Bằng khen của Thủ tướng Chính phủ (tập thể)",
        "Certificate of merit of the Prime Minister (collective)",
        "prime_minister",
        f"{LAW}, Điều 73",
        30,
    ),
]

CODES = [row[0] for row in CATALOGUE]


def load_catalogue(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    for code, kind, subject, name_vi, name_en, authority, legal_basis, rank in CATALOGUE:
        Award.objects.update_or_create(
            code=code,
            defaults={
                "kind": kind,
                "subject": subject,
                "name_vi": name_vi,
                "name_en": name_en,
                "authority": authority,
                "legal_basis": legal_basis,
                "rank": rank,
            },
        )


def unload_catalogue(apps, schema_editor):
    apps.get_model("awards", "Award").objects.filter(code__in=CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, unload_catalogue)]
