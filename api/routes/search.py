"""Search: accounts, units, people and team members by name, title, e-mail or id
(issue 17); within a scoped key's accounts only."""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import APIRouter, Query

from api.deps import AnswersDep, Reader
from api.errors import problem_responses
from api.scope import VisibleDep
from queries.search import MAX_LIMIT, SearchResult, search

router = APIRouter(prefix="/v1/search", tags=["search"])

MAX_QUERY_CHARS: Final = 200
DEFAULT_SEARCH_LIMIT: Final = 10

SearchText = Annotated[
    str,
    Query(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description="Words to find, each the start of a word of a name, title, e-mail or id "
        "(accents and case ignored), e.g. `chlo dur`. Only letters and digits count.",
    ),
]
SearchLimit = Annotated[
    int,
    Query(ge=1, le=MAX_LIMIT, description=f"Most results (1 to {MAX_LIMIT}; default 10)."),
]


@router.get(
    "",
    response_model=SearchResult,
    summary="Find accounts, units, people and team members",
    description="Records whose words start with every word of `q`, best first: the name "
    "exactly, the name starting with `q`, every word starting a word of the name, then "
    "matches in the title, e-mail or id. A scoped key finds only its accounts' records "
    "(and team members).",
    responses=problem_responses(401, 403, 422, 503),
)
def get_search(
    answers: AnswersDep,
    _caller: Reader,
    visible: VisibleDep,
    q: SearchText,
    limit: SearchLimit = DEFAULT_SEARCH_LIMIT,
) -> SearchResult:
    return search(answers.store, q, limit, visible.accounts)
