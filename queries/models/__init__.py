"""The typed results of every query; the API serves them as its response models."""

from queries.models.advocates import Advocate, AdvocatesResult, AdvocateTie, AdvocateTieKind
from queries.models.alerts import Alert, AlertKind, AlertsResult, Severity
from queries.models.common import KnownBy, Model, NamedId, PersonRef, RowKind, UnitRef
from queries.models.coverage import (
    CoverageReport,
    CoverageRow,
    CoverageStatus,
    CoverageSummary,
    ExecutiveCoverage,
    Gap,
    StatusCounts,
    SubtreeRollup,
)
from queries.models.paths import (
    ExecutivePaths,
    ExecutivePathsResult,
    Hop,
    Introducer,
    IntroducersResult,
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
    AccountSummary,
    Contact,
    OrgChart,
    OrgPerson,
    OrgUnit,
    UnitTreeNode,
)

__all__ = [
    "AccountSummary",
    "Advocate",
    "AdvocateTie",
    "AdvocateTieKind",
    "AdvocatesResult",
    "Alert",
    "AlertKind",
    "AlertsResult",
    "Contact",
    "CoverageReport",
    "CoverageRow",
    "CoverageStatus",
    "CoverageSummary",
    "DepartureImpact",
    "ExecutiveCoverage",
    "ExecutivePaths",
    "ExecutivePathsResult",
    "Gap",
    "Hop",
    "Introducer",
    "IntroducersResult",
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
