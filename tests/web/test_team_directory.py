"""The team directory is read once per store revision (issue 17 at M: reading it
from the largest account took 1.5 s on every visit): a load that adds a team
member or an account team shows on the next visit."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.schema import AccountTeamRecord, Batch, TeamMemberRecord
from graph.store import GraphStore


def rows(client: TestClient) -> list[str]:
    page = client.get("/team")
    assert page.status_code == 200
    return [line for line in page.text.splitlines() if "data-team-member=" in line]


def test_a_load_shows_in_the_directory(world: GraphStore) -> None:
    app = create_app(Settings(api_keys=()), store=world)
    with TestClient(app, client=("127.0.0.1", 50000), base_url="http://localhost") as client:
        before = rows(client)
        assert before == rows(client)  # the second visit answers from the cache
        assert not any('"T-NEW"' in r for r in before)
        account = world.largest_accounts(1)[0]
        world.apply(
            Batch(
                team_members=[TeamMemberRecord("T-NEW", "Zoe Newcomer")],
                account_teams=[AccountTeamRecord("T-NEW", account)],
            )
        )
        after = rows(client)
        assert len(after) == len(before) + 1
        page = client.get("/team").text
        row = page[page.index('data-team-member="T-NEW"') :]
        row = row[: row.index("</tr>")]
        assert "Zoe Newcomer" in row
        assert 'data-value="1">1</td>' in row  # one account
