"""Captured contacts of an account: addresses at the customer's domains that
corresponded with our team but match no person yet (issue 19)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import Reader, StoreDep
from api.errors import problem_responses
from api.params import AccountId
from graph.captured import CapturedStore
from graph.errors import StoreUnavailableError
from graph.store import GraphStore

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])


class CapturedContactOut(BaseModel):
    address: str = Field(description="The e-mail address (lower case, plus-tag stripped).")
    first_seen: dt.date = Field(description="Date of the first message or meeting.")
    last_seen: dt.date = Field(description="Date of the last message or meeting.")
    messages: int = Field(description="Distinct messages exchanged with our team.")
    meetings: int = Field(description="Distinct meeting occurrences attended with our team.")
    team_member_ids: list[str] = Field(description="The team members who corresponded.")


class CapturedContacts(BaseModel):
    account_id: str
    items: list[CapturedContactOut] = Field(description="Most messages and meetings first.")


def captured_contacts(store: GraphStore, account_id: str) -> CapturedContacts:
    """Raises NotFoundError for an unknown account."""
    if not isinstance(store, CapturedStore):
        raise StoreUnavailableError("this store holds no captured contacts")
    return CapturedContacts(
        account_id=account_id,
        items=[
            CapturedContactOut(
                address=c.address,
                first_seen=c.first_seen,
                last_seen=c.last_seen,
                messages=c.messages,
                meetings=c.meetings,
                team_member_ids=list(c.team_member_ids),
            )
            for c in store.captured_of_account(account_id)
        ],
    )


@router.get(
    "/{account_id}/captured",
    response_model=CapturedContacts,
    summary="Captured contacts: who are we missing?",
    description="Addresses at the account's e-mail domains that exchanged mail or attended "
    "meetings with our team (from `--format mail` loads) but match no person: how often, "
    "when and with whom. `powermap promote` (or a load bringing a person with that "
    "e-mail) makes one a person.",
    responses=problem_responses(401, 403, 404, 422, 503),
)
def get_captured(account_id: AccountId, store: StoreDep, _caller: Reader) -> CapturedContacts:
    return captured_contacts(store, account_id)
