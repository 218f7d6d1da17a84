"""The demo world as data: five fictional accounts, their hierarchies, how well our
team knows each unit, their deals, and our team of twelve.

A unit's ``plan`` says what coverage the generator gives it at the anchor date:

* ``covered``: two or more people known strongly, others weakly or stale;
* ``single``: exactly one person known strongly (by one team member);
* ``weak``: some people known, none strongly; ``stale``: the same, all stale;
* ``none``: people recorded, nobody known; ``empty``: nobody recorded at all.

``deals`` are (stage, days relative to the anchor): "Closed Won" deals in the last
24 months make a unit a customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class UnitSpec:
    key: str  # the unit id is "<account>-<key>"
    parent: str  # parent key, "" for directly under the account
    kind: str
    name: str
    people: int
    plan: str
    status: str = ""
    headcount: int = 0
    deals: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class AccountSpec:
    id: str
    name: str
    industry: str
    country: str
    tier: str
    domain: str
    top: int  # people at the account level (CEO first)
    top_plan: str
    units: tuple[UnitSpec, ...]
    team: tuple[tuple[str, str], ...]  # (team member id, account team role)
    status: str = "prospect"  # the account's own CRM status (its units have theirs)


WON, LOST = "Closed Won", "Closed Lost"

ACCOUNTS: Final = (
    AccountSpec(
        "halden", "Halden Maritime Group", "Logistics", "NO", "Tier 1",
        "halden-maritime.example", 8, "top",
        (
            UnitSpec("shipping", "", "division", "Container Shipping", 14, "covered",
                     "customer", 2400, ((WON, -420),)),
            UnitSpec("shipping-fleet", "shipping", "budget_center", "Fleet Management", 10,
                     "covered", "", 310, ((WON, -75),)),
            UnitSpec("shipping-digital", "shipping", "division", "Digital & IT", 8, "weak",
                     headcount=160, deals=(("Proposal", 45),)),
            UnitSpec("shipping-cloud", "shipping-digital", "budget_center", "Cloud Platform",
                     5, "none", headcount=40),
            UnitSpec("ports", "", "division", "Port Operations", 6, "weak", "prospect", 3100),
            UnitSpec("ports-bergen", "ports", "branch", "Bergen Terminal", 12, "covered",
                     headcount=820, deals=((WON, -240),)),
            UnitSpec("ports-bergen-maint", "ports-bergen", "budget_center",
                     "Terminal Maintenance", 7, "covered", headcount=140),
            UnitSpec("ports-bergen-cranes", "ports-bergen-maint", "budget_center",
                     "Crane Automation", 0, "empty", headcount=35),
            UnitSpec("ports-gdansk", "ports", "branch", "Gdańsk Terminal", 10, "none",
                     "prospect", 940),
            UnitSpec("ports-rotterdam", "ports", "branch", "Rotterdam Terminal", 9, "weak",
                     headcount=650, deals=((LOST, -150),)),
            UnitSpec("finance", "", "budget_center", "Group Finance", 6, "single",
                     "customer", 90),
            UnitSpec("services", "", "division", "Maritime Services", 9, "stale",
                     "former_customer", 600, ((WON, -900),)),
            UnitSpec("services-training", "services", "budget_center", "Crew Training", 0,
                     "empty", headcount=25),
        ),
        (("tm-02", "account_executive"), ("tm-06", "solutions_engineer"),
         ("tm-09", "customer_success"), ("tm-01", "executive_sponsor")),
        status="customer",
    ),
    AccountSpec(
        "corvane", "Corvane Health Systems", "Healthcare", "US", "Tier 1",
        "corvane-health.example", 9, "top",
        (
            UnitSpec("clinical", "", "division", "Clinical Operations", 12, "covered",
                     headcount=5200, deals=((WON, -150),)),
            UnitSpec("clinical-east", "clinical", "branch", "East Region Hospitals", 10,
                     "covered", "customer", 2300),
            UnitSpec("clinical-east-boston", "clinical-east", "branch", "Boston General Campus",
                     8, "single", headcount=900, deals=((WON, -60),)),
            UnitSpec("clinical-west", "clinical", "branch", "West Region Hospitals", 9, "none",
                     headcount=1900),
            UnitSpec("it", "", "division", "Information Technology", 10, "covered", "customer",
                     450),
            UnitSpec("it-infra", "it", "budget_center", "Infrastructure", 7, "weak",
                     headcount=120, deals=(("Negotiation", 20),)),
            UnitSpec("it-apps", "it", "budget_center", "Clinical Applications", 9, "covered",
                     headcount=180, deals=((WON, -300),)),
            UnitSpec("research", "", "division", "Research Institute", 10, "stale",
                     headcount=700, deals=((LOST, -380),)),
            UnitSpec("research-trials", "research", "budget_center", "Clinical Trials", 0,
                     "empty", headcount=60),
        ),
        (("tm-03", "account_executive"), ("tm-07", "solutions_engineer"),
         ("tm-10", "customer_success")),
        status="customer",
    ),
    AccountSpec(
        "brightwell", "Brightwell Energy", "Energy", "GB", "Tier 2",
        "brightwell-energy.example", 6, "weak",
        (
            UnitSpec("gen", "", "division", "Generation", 8, "single", headcount=1400,
                     deals=((WON, -200),)),
            UnitSpec("gen-wind", "gen", "branch", "Offshore Wind", 9, "covered",
                     headcount=380, deals=((WON, -90),)),
            UnitSpec("gen-solar", "gen", "branch", "Solar Farms", 7, "none", headcount=210),
            UnitSpec("gen-solar-ops", "gen-solar", "budget_center", "Solar Operations", 5,
                     "none", headcount=60),
            UnitSpec("grid", "", "division", "Grid & Networks", 10, "weak", "prospect", 2600,
                     (("Proposal", 60),)),
            UnitSpec("grid-north", "grid", "branch", "Northern Grid", 8, "weak", headcount=800),
            UnitSpec("grid-north-maint", "grid-north", "budget_center", "Network Maintenance",
                     0, "empty", headcount=150),
            UnitSpec("retail", "", "division", "Retail Energy", 8, "stale", "former_customer",
                     500, ((WON, -900),)),
        ),
        (("tm-04", "account_executive"), ("tm-06", "solutions_engineer"),
         ("tm-10", "customer_success")),
        status="customer",
    ),
    AccountSpec(
        "tarrow", "Tarrow Foods", "Consumer Goods", "IT", "Tier 2",
        "tarrow-foods.example", 6, "stale",
        (
            UnitSpec("brands", "", "division", "Brands", 10, "stale", "former_customer", 1800,
                     ((WON, -1000),)),
            UnitSpec("brands-snacks", "brands", "budget_center", "Snacks", 6, "weak",
                     headcount=300),
            UnitSpec("supply", "", "division", "Supply Chain", 8, "weak", headcount=2200,
                     deals=((LOST, -120),)),
            UnitSpec("supply-milan", "supply", "branch", "Milan Plant", 9, "weak",
                     headcount=900),
            UnitSpec("supply-lyon", "supply", "branch", "Lyon Plant", 7, "none", headcount=650),
            UnitSpec("digital", "", "budget_center", "Digital Commerce", 5, "covered",
                     headcount=70, deals=((WON, -45),)),
        ),
        (("tm-02", "account_executive"), ("tm-11", "customer_success")),
        status="former_customer",
    ),
    AccountSpec(
        "norvik", "Norvik Financial", "Financial Services", "DE", "Tier 3",
        "norvik-financial.example", 10, "none",
        (
            UnitSpec("retail", "", "division", "Retail Banking", 10, "weak", headcount=4100),
            UnitSpec("retail-branches", "retail", "branch", "Branch Network", 12, "weak",
                     headcount=3200),
            UnitSpec("retail-branches-south", "retail-branches", "branch", "Bavaria Branches",
                     6, "none", headcount=700),
            UnitSpec("corporate", "", "division", "Corporate Banking", 9, "none",
                     headcount=1300),
            UnitSpec("it", "", "budget_center", "IT Services", 7, "single", headcount=350,
                     deals=(("Discovery", 90),)),
            UnitSpec("risk", "", "division", "Risk", 6, "none", headcount=400),
        ),
        (("tm-12", "account_executive"), ("tm-07", "solutions_engineer")),
    ),
)  # fmt: skip

TEAM_DOMAIN: Final = "ourco.example"

# (id, name, role, manager id)
TEAM: Final = (
    ("tm-01", "Elena Marsh", "Sales VP", ""),
    ("tm-02", "Jonas Richter", "Account Executive", "tm-01"),
    ("tm-03", "Priya Shah", "Account Executive", "tm-01"),
    ("tm-04", "Marco Rossi", "Account Executive", "tm-01"),
    ("tm-05", "Hana Nakamura", "Director Solutions Engineering", "tm-01"),
    ("tm-06", "Felix Bauer", "Solutions Engineer", "tm-05"),
    ("tm-07", "Amara Okafor", "Solutions Engineer", "tm-05"),
    ("tm-08", "Sanna Lund", "Director Customer Success", "tm-01"),
    ("tm-09", "Diego Navarro", "Customer Success Manager", "tm-08"),
    ("tm-10", "Naomi Park", "Customer Success Manager", "tm-08"),
    ("tm-11", "Oskar Holm", "Customer Success Manager", "tm-08"),
    ("tm-12", "Leila Haddad", "Account Executive", "tm-01"),
)
