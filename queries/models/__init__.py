"""The typed answers of every query, named as the API names them: each query
function returns one, and HTTP, the CLI (``--json``) and the web pages serve it as is."""

from queries.models.advocates import Advocate, AdvocatesAnswer, AdvocateTie, AdvocateTieKind
from queries.models.alerts import Alert, AlertKind, AlertsResult, Severity
from queries.models.common import AccountRef, KnownBy, Model, NamedId, PersonRef, RowKind, UnitRef
from queries.models.coverage import (
    CoverageAnswer,
    CoverageRow,
    CoverageStatus,
    CoverageSummary,
    ExecutiveCoverage,
    Gap,
    StatusCounts,
    SubtreeRollup,
)
from queries.models.listings import AccountsPage, AlertsPage
from queries.models.paths import (
    ExecutivePath,
    ExecutivePathsAnswer,
    Hop,
    Introduction,
    IntroductionsAnswer,
    Path,
    PathNode,
    PersonPathsResult,
)
from queries.models.resilience import (
    DepartureImpact,
    KeyPeopleResult,
    KeyPerson,
    PathChange,
    StatusChange,
)
from queries.models.views import (
    AccountDetail,
    AccountSummary,
    Contact,
    OrgChart,
    OrgPerson,
    OrgUnit,
    UnitTreeNode,
)

__all__ = [
    "AccountDetail",
    "AccountRef",
    "AccountSummary",
    "AccountsPage",
    "Advocate",
    "AdvocateTie",
    "AdvocateTieKind",
    "AdvocatesAnswer",
    "Alert",
    "AlertKind",
    "AlertsPage",
    "AlertsResult",
    "Contact",
    "CoverageAnswer",
    "CoverageRow",
    "CoverageStatus",
    "CoverageSummary",
    "DepartureImpact",
    "ExecutiveCoverage",
    "ExecutivePath",
    "ExecutivePathsAnswer",
    "Gap",
    "Hop",
    "Introduction",
    "IntroductionsAnswer",
    "KeyPeopleResult",
    "KeyPerson",
    "KnownBy",
    "Model",
    "NamedId",
    "OrgChart",
    "OrgPerson",
    "OrgUnit",
    "Path",
    "PathChange",
    "PathNode",
    "PersonPathsResult",
    "PersonRef",
    "RowKind",
    "Severity",
    "StatusChange",
    "StatusCounts",
    "SubtreeRollup",
    "UnitRef",
    "UnitTreeNode",
]
