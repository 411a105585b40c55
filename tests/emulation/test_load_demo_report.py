"""`manage.py load_demo`, the year-end report: the director downloads the final report of the
2020 campaign as the README's story ends, and it names every focus area and every party of the
2020 covenant, with its charts drawn."""

import io

import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from campaigns.models import Campaign, Party
from campaigns.selectors import current_covenants
from emulation.demo.campaigns import CAMPAIGN_2020
from tests.jobs import run_job_download

pytestmark = pytest.mark.usefixtures("english")

# Coloured pixels on the pages at 72 dpi: the bars of the charts, which are SVG. Everything
# else on the report is black or grey, so without the charts there are none.
CHART_PIXELS = 2000


@pytest.fixture
def demo(demo_output, db):
    return demo_output


@pytest.fixture
def campaign(demo):
    return Campaign.objects.get(name=CAMPAIGN_2020)


@pytest.fixture
def final_report(campaign, client) -> pypdfium2.PdfDocument:
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    response = run_job_download(
        client, reverse("dashboards:report_pdf", args=[campaign.code, "tong-ket"])
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(io.BytesIO(response.content))
    yield document
    document.close()


def text_of(document) -> str:
    """Return the document's text with line breaks and runs of spaces folded to one space."""
    pages = [page.get_textpage().get_text_range() for page in document]
    return " ".join(" ".join(pages).split())


def coloured_pixels(document) -> int:
    """Count the pixels whose colour is far from grey, on every page."""
    count = 0
    for page in document:
        image = page.render(scale=1).to_pil().convert("RGB")
        count += sum(
            1 for r, g, b in image.get_flattened_data() if max(r, g, b) - min(r, g, b) > 80
        )
    return count


def test_the_final_report_names_every_focus_area_and_every_party(campaign, final_report):
    text = text_of(final_report)
    assert "BÁO CÁO" in text and "Tổng kết phong trào thi đua phấn đấu hoàn thành" in text
    for area in campaign.focus_areas.all():
        assert area.title in text, area.title
    parties = Party.objects.filter(covenant__in=current_covenants(campaign)).select_related("unit")
    assert parties.count() > 2
    for party in parties:
        assert party.unit.name in text, party.unit.name
    assert "GIÁM ĐỐC" in text and "Lương Văn Khải" in text


def test_the_final_report_draws_its_charts(final_report):
    assert coloured_pixels(final_report) > CHART_PIXELS
