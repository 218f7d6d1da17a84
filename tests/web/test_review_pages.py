"""The review pages (issue 20) through the real app on the sample world, signed
in as a browser is (a session cookie): since last review with its dates, the
trend images, the plan with accept and dismiss, and the token that guards them."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings, parse_api_keys
from graph.store import GraphStore

READER = "reader-web-secret-0123456789"
WRITER = "writer-web-secret-0123456789"
KEYS = f"web:reader:{READER},boss:writer:{WRITER}"


def signed_in(store: GraphStore, key: str) -> TestClient:
    c = TestClient(
        create_app(Settings(api_keys=parse_api_keys(KEYS)), store=store),
        client=("127.0.0.1", 50000),
        base_url="http://localhost",
        follow_redirects=False,
    )
    c.__enter__()
    r = c.post("/login", data={"key": key, "next": "/"})
    assert r.status_code == 303, r.text
    return c


def test_since_last_review_lists_what_changed_between_the_picked_dates(world: GraphStore) -> None:
    c = signed_in(world, READER)
    r = c.get("/accounts/A1/review", params={"from": "2026-11-15", "as_of": "2026-12-15"})
    assert r.status_code == 200, r.text
    assert 'name="from" type="date" value="2026-11-15"' in r.text
    units = r.text.split('id="review-units"')[1].split("</ul>")[0]
    assert "Acme Lyon" in units
    assert "Sara Kim – Farid Benali" in r.text
    wrong = c.get("/accounts/A1/review", params={"from": "2026-12-16", "as_of": "2026-12-15"})
    assert wrong.status_code == 422
    assert "must be before" in wrong.text


def test_trend_images_are_svg_and_linked_from_the_pages(world: GraphStore) -> None:
    c = signed_in(world, READER)
    page = c.get("/accounts/A1", params={"as_of": "2026-11-15"})
    assert (
        'id="trend-chart" src="/accounts/A1/trend.svg?kind=chart&amp;as_of=2026-11-15"' in page.text
    )
    chart = c.get("/accounts/A1/trend.svg", params={"kind": "chart", "as_of": "2026-11-15"})
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert chart.text.count("<text") == 12  # one label per month end
    listing = c.get("/", params={"as_of": "2026-11-15"})
    assert 'src="/accounts/A1/trend.svg?as_of=2026-11-15"' in listing.text
    spark = c.get("/accounts/A1/trend.svg", params={"as_of": "2026-11-15"})
    assert "<polyline" in spark.text
    assert c.get("/accounts/NOPE/trend.svg").status_code == 404


def test_a_writer_accepts_from_the_plan_page_and_a_reader_sees_no_buttons(
    world: GraphStore,
) -> None:
    reader = signed_in(world, READER)
    page = reader.get("/accounts/A1/plan", params={"as_of": "2026-11-15"})
    assert page.status_code == 200
    assert "Accept</button>" not in page.text
    # The accepted actions go to a calendar and to each CRM's task import.
    for fmt in ("dynamics", "hubspot"):
        assert f"/v1/accounts/A1/plan/export?format={fmt}&amp;as_of=2026-11-15" in page.text

    writer = signed_in(world, WRITER)
    page = writer.get("/accounts/A1/plan", params={"as_of": "2026-11-15"})
    action = re.search(r'action="(/accounts/A1/plan/(pa-[0-9a-f]+)/accept\?[^"]+)"', page.text)
    assert action is not None
    url, action_id = action.group(1).replace("&amp;", "&"), action.group(2)
    # Without the page's token the cookie alone cannot write.
    forged = writer.post(f"/accounts/A1/plan/{action_id}/accept?as_of=2026-11-15")
    assert forged.status_code == 403
    done = writer.post(url)
    assert done.status_code == 303
    assert done.headers["location"] == "/accounts/A1/plan?as_of=2026-11-15"
    after = writer.get(done.headers["location"])
    accepted = after.text.split('id="plan-actions"')[1].split("</ul>")[0]
    assert f'data-action="{action_id}" data-status="open"' in accepted
    # A reader's session with a token of its own is still no writer.
    reader_page = reader.get("/accounts/A1/plan", params={"as_of": "2026-11-15"})
    assert "token=" not in reader_page.text
