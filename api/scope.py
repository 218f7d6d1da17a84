"""Scoped keys: what a caller may see.

A key may be limited (``POWERMAP_KEY_SCOPES``) to listed accounts and to the
accounts a team member works on. Outside them every answer is the 404 the store
gives for an account (or unit, or person) that does not exist, word for word, so a
scoped caller cannot tell a hidden account from a missing one. Lists (accounts,
alerts, a team member's accounts) leave hidden accounts out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends

from api.auth import Caller
from api.deps import AnswersDep, CurrentCaller
from api.service import Answers
from graph.errors import NotFoundError


class Visibility:
    """The accounts one caller may see (``accounts`` None: all of them)."""

    def __init__(self, answers: Answers, caller: Caller) -> None:
        self.answers = answers
        self.caller = caller
        self.accounts: frozenset[str] | None = None
        scope = caller.scope
        if scope is not None:
            ids = set(scope.accounts)
            member = scope.team_member
            if member is not None:
                ids.update(
                    answers.cached(
                        ("scope.accounts_of", member),
                        lambda: tuple(answers.store.accounts_of_team_member(member)),
                    )
                )
            self.accounts = frozenset(ids)

    @property
    def scoped(self) -> bool:
        return self.accounts is not None

    def sees(self, account_id: str) -> bool:
        return self.accounts is None or account_id in self.accounts

    def only_seen(self, account_ids: Iterable[str]) -> list[str]:
        return [a for a in account_ids if self.sees(a)]

    def account(self, account_id: str) -> str:
        """``account_id``, or the store's own 404 for a missing account."""
        if not self.sees(account_id):
            raise NotFoundError(_missing_account_text(self.answers, account_id))
        return account_id

    def unit(self, unit_id: str) -> str:
        """The account of a unit the caller may see (else the unit's 404)."""
        account_id = self.answers.account_of_unit(unit_id)
        if not self.sees(account_id):
            raise NotFoundError(f"unit {unit_id!r} does not exist")
        return account_id

    def person(self, person_id: str) -> str:
        account_id = self.answers.account_of_person(person_id)
        if not self.sees(account_id):
            raise NotFoundError(f"person {person_id!r} does not exist")
        return account_id


def _missing_account_text(answers: Answers, account_id: str) -> str:
    """What the store says of an account that does not exist (its wording differs
    per store): asked once, of the empty id, which no account can have."""

    def ask() -> str:
        try:
            answers.store.account_data("")
        except NotFoundError as exc:
            return exc.detail.replace("''", "{id}", 1)
        return "there is no account with id {id} in the store"

    template: str = answers.cached(("scope.missing_account_text",), ask)
    return template.replace("{id}", repr(account_id), 1)


async def visibility(answers: AnswersDep, caller: CurrentCaller) -> Visibility:
    return Visibility(answers, caller)


VisibleDep = Annotated[Visibility, Depends(visibility)]
