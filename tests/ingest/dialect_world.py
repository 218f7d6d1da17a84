"""One small world written in each CRM's export shape (Dynamics 365 / Dataverse,
HubSpot, Zoho through a mapping) and as the native bundle with the same ids, so a
test can check that each loads into the same answers.

The world (hand-worked): users Ann (u1) and Bob (u2); Acme (customer) with Acme
Europe below it and Acme Germany below that; Beta (prospect). Carol (CEO, Acme),
Dan (VP Sales, Acme Europe), Erin (Buyer, Acme Germany), Finn (Director IT, Beta).
Ann owns Acme, Bob owns Beta. Ann met Carol and Dan on 2026-05-04; Bob called Finn
on 2026-05-06 (and has an open call with him, not counted); Ann e-mailed Erin, Dan
in copy, on 2026-05-10. Deal o1 at Acme Europe, Ann's, won 2026-04-01, 50000,
with Dan: a deal activity Ann-Dan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

USERS = {"u1": ("Ann", "Owner", "ann@vendor.example"), "u2": ("Bob", "Rep", "bob@vendor.example")}
ACCOUNTS = {  # key: name, parent, status, owner
    "A": ("Acme", None, "customer", "u1"),
    "AE": ("Acme Europe", "A", None, None),
    "AD": ("Acme Germany", "AE", None, None),
    "B": ("Beta", None, "prospect", "u2"),
}
PEOPLE = {  # key: first, last, title, account
    "c1": ("Carol", "Chief", "Chief Executive Officer", "A"),
    "c2": ("Dan", "Vance", "VP Sales", "AE"),
    "c3": ("Erin", "Ek", "Buyer", "AD"),
    "c4": ("Finn", "Fox", "Director IT", "B"),
}
CREATED = "2024-01-15"
#: (team member, person, type, date) of every activity the world's loads hold
ACTIVITIES = [
    ("u1", "c1", "meeting", "2026-05-04"),
    ("u1", "c2", "meeting", "2026-05-04"),
    ("u2", "c4", "call", "2026-05-06"),
    ("u1", "c3", "email", "2026-05-10"),
    ("u1", "c2", "email", "2026-05-10"),
    ("u1", "c2", "deal", "2026-04-01"),
]
KEYS = [*USERS, *ACCOUNTS, *PEOPLE, "o1", "m1", "k1", "k2", "e1"]


def guid(key: str) -> str:
    """The Dataverse GUID of a world key (lower case: as Powermap stores it)."""
    return f"{KEYS.index(key) + 1:08x}-0000-4000-8000-{KEYS.index(key) + 1:012x}"


def loud(key: str) -> str:
    """The same GUID as some exports spell it: upper case, in braces."""
    return "{" + guid(key).upper() + "}"


HUBSPOT = {"A": "101", "AE": "102", "AD": "103", "B": "104", "o1": "301"}
HUBSPOT |= {f"c{n}": str(200 + n) for n in range(1, 5)}
HUBSPOT |= {u: USERS[u][2] for u in USERS}
ZOHO = {k: f"48768760000{i:05d}" for i, k in enumerate(KEYS, 1)}


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _top(key: str) -> str:
    while ACCOUNTS[key][1] is not None:
        key = ACCOUNTS[key][1] or key
    return key


def native(folder: Path, ids: dict[str, str]) -> Path:
    """The world as a native bundle, with ``ids`` for its records."""
    top = [k for k, a in ACCOUNTS.items() if a[1] is None]
    accounts = "id,name,status,created_on\n" + "".join(
        f"{ids[k]},{ACCOUNTS[k][0]},{ACCOUNTS[k][2]},{CREATED}\n" for k in top
    )
    units = "id,account_id,parent_id,kind,name,created_on\n"
    for k, (name, parent, _, _) in ACCOUNTS.items():
        if parent is None:
            continue
        kind = "division" if parent in top else "branch"
        under = "" if parent in top else ids[parent]
        units += f"{ids[k]},{ids[_top(k)]},{under},{kind},{name},{CREATED}\n"
    people = "id,account_id,unit_id,name,title,email,created_on\n"
    for k, (first, last, title, at) in PEOPLE.items():
        unit = "" if ACCOUNTS[at][1] is None else ids[at]
        email = f"{first.lower()}@{_top(at).lower()}.example"
        people += f"{ids[k]},{ids[_top(at)]},{unit},{first} {last},{title},{email},{CREATED}\n"
    team = "id,name,email\n" + "".join(
        f"{ids[u]},{f} {la},{e}\n" for u, (f, la, e) in USERS.items()
    )
    account_team = "team_member_id,account_id,role\n" + "".join(
        f"{ids[a[3]]},{ids[k]},Account Owner\n" for k, a in ACCOUNTS.items() if a[3]
    )
    activities = "team_member_id,person_id,type,date\n" + "".join(
        f"{ids[u]},{ids[p]},{t},{d}\n" for u, p, t, d in ACTIVITIES
    )
    deals = "id,unit_id,stage,won,amount,close_date\n"
    deals += f"{ids['o1']},{ids['AE']},Closed Won,true,50000,2026-04-01\n"
    return write(
        folder,
        {
            "accounts.csv": accounts,
            "units.csv": units,
            "people.csv": people,
            "team.csv": team,
            "account_team.csv": account_team,
            "activities.csv": activities,
            "opportunities.csv": deals,
        },
    )


def dynamics(folder: Path) -> Path:
    """The world as Dataverse table CSVs (logical names; GUIDs in both spellings)."""
    users = "systemuserid,fullname,firstname,lastname,internalemailaddress,isdisabled\n"
    users += "".join(f"{loud(u)},{f} {la},{f},{la},{e},false\n" for u, (f, la, e) in USERS.items())
    codes = {"customer": "3", "prospect": "8", None: ""}
    accounts = "accountid,name,parentaccountid,customertypecode,ownerid,createdon\n"
    for k, (name, parent, status, owner) in ACCOUNTS.items():
        accounts += (
            f"{guid(k)},{name},{loud(parent) if parent else ''},{codes[status]},"
            f"{guid(owner) if owner else ''},{CREATED}T09:30:00Z\n"
        )
    contacts = "contactid,parentcustomerid,firstname,lastname,jobtitle,emailaddress1,createdon\n"
    for k, (first, last, title, at) in PEOPLE.items():
        email = f"{first.lower()}@{_top(at).lower()}.example"
        contacts += f"{guid(k)},{guid(at)},{first},{last},{title},{email},{CREATED}T09:30:00Z\n"
    opportunity = (
        "opportunityid,parentaccountid,ownerid,statecode,statuscode,stepname,actualvalue,"
        "actualclosedate,parentcontactid\n"
        f"{guid('o1')},{guid('AE')},{guid('u1')},1,3,Closed Won,50000,2026-04-01,{guid('c2')}\n"
    )
    appointment = (
        "activityid,ownerid,scheduledstart,statecode\n"
        f"{guid('m1')},{guid('u1')},2026-05-04T10:00:00Z,1\n"
    )
    phonecall = (
        "activityid,ownerid,actualend,scheduledend,statecode\n"
        f"{guid('k1')},{guid('u2')},2026-05-06T15:00:00Z,,1\n"
        f"{guid('k2')},{guid('u2')},,2026-07-01T15:00:00Z,0\n"
    )
    email = (
        f"activityid,ownerid,senton,statecode\n{guid('e1')},{guid('u1')},2026-05-10T08:00:00Z,1\n"
    )
    parties = [
        ("m1", "u1", 7, 8),
        ("m1", "c1", 5, 2),
        ("m1", "c2", 5, 2),
        ("k1", "u2", 1, 8),
        ("k1", "c4", 2, 2),
        ("k2", "c4", 2, 2),
        ("e1", "u1", 1, 8),
        ("e1", "c3", 2, 2),
        ("e1", "c2", 3, 2),
        ("e1", "A", 8, 1),
    ]
    activityparty = "activitypartyid,activityid,partyid,participationtypemask,partyobjecttypecode\n"
    activityparty += "".join(
        f"{n:08x}-1111-4000-8000-{n:012x},{guid(a)},{loud(p)},{mask},{code}\n"
        for n, (a, p, mask, code) in enumerate(parties, 1)
    )
    return write(
        folder,
        {
            "systemuser.csv": users,
            "account.csv": accounts,
            "contact.csv": contacts,
            "opportunity.csv": opportunity,
            "appointment.csv": appointment,
            "phonecall.csv": phonecall,
            "email.csv": email,
            "activityparty.csv": activityparty,
        },
    )


def hubspot(folder: Path) -> Path:
    """The world as HubSpot "export all records" files."""
    h = HUBSPOT
    prefix = "hubspot-crm-exports-all-"
    users = "First Name,Last Name,Email\n" + "".join(
        f"{f},{la},{e}\n" for f, la, e in USERS.values()
    )
    stages = {"customer": "Customer", "prospect": "Lead", None: ""}
    companies = (
        "Record ID,Company name,Company owner,Lifecycle Stage,Create Date,Parent Company ID\n"
    )
    for k, (name, parent, status, owner) in ACCOUNTS.items():
        owner_name = " ".join(USERS[owner][:2]) if owner else ""
        companies += (
            f"{h[k]},{name},{owner_name},{stages[status]},{CREATED} 09:30,"
            f"{h[parent] if parent else ''}\n"
        )
    contacts = (
        "Record ID,First Name,Last Name,Email,Job Title,Contact owner,Associated Company IDs,"
        "Create Date\n"
    )
    for k, (first, last, title, at) in PEOPLE.items():
        email = f"{first.lower()}@{_top(at).lower()}.example"
        # A multi-value association cell: the primary company first.
        companies_cell = h[at] if at == _top(at) else f"{h[at]};{h[_top(at)]}"
        contacts += f"{h[k]},{first},{last},{email},{title},,{companies_cell},{CREATED} 09:30\n"
    deals = (
        "Record ID,Deal Name,Deal Stage,Close Date,Amount,Deal owner,"
        "Associated Company IDs (Primary),Associated Contact IDs,Create Date\n"
        f"{h['o1']},Acme EU rollout,Closed Won,2026-04-01,50000,Ann Owner,{h['AE']},"
        f"{h['c2']},2026-01-10 11:00\n"
    )
    meetings = (
        "Record ID,Meeting name,Activity date,Activity assigned to,Meeting outcome,"
        "Associated Contact IDs\n"
        f"401,Kick-off,2026-05-04 10:00,Ann Owner,Completed,{h['c1']};{h['c2']}\n"
    )
    calls = (
        "Record ID,Activity date,Activity assigned to,Call status,Associated Contact IDs\n"
        f"501,2026-05-06 15:00,Bob Rep,Completed,{h['c4']}\n"
        f"502,2026-07-01 15:00,Bob Rep,No answer,{h['c4']}\n"
    )
    emails = (
        "Record ID,Activity date,Activity assigned to,Associated Contact IDs\n"
        f"601,2026-05-10 08:00,Ann Owner,{h['c3']};{h['c2']}\n"
    )
    return write(
        folder,
        {
            "users.csv": users,
            f"{prefix}companies-2026-05-20.csv": companies,
            f"{prefix}contacts-2026-05-20.csv": contacts,
            f"{prefix}deals-2026-05-20.csv": deals,
            f"{prefix}meetings-2026-05-20.csv": meetings,
            f"{prefix}calls-2026-05-20.csv": calls,
            f"{prefix}emails-2026-05-20.csv": emails,
        },
    )


def zoho(folder: Path) -> Path:
    """The world as Zoho CRM module exports (read through docs/mappings/zoho.toml)."""
    z = ZOHO
    users = "User Id,Full Name,Email\n" + "".join(
        f"{z[u]},{f} {la},{e}\n" for u, (f, la, e) in USERS.items()
    )
    types = {"customer": "Customer", "prospect": "Prospect", None: ""}
    accounts = (
        "Record Id,Account Name,Parent Account,Parent Account.id,Account Owner,"
        "Account Owner.id,Account Type,Created Time\n"
    )
    for k, (name, parent, status, owner) in ACCOUNTS.items():
        accounts += (
            f"{z[k]},{name},{ACCOUNTS[parent][0] if parent else ''},"
            f"{z[parent] if parent else ''},{' '.join(USERS[owner][:2]) if owner else ''},"
            f"{z[owner] if owner else ''},{types[status]},{CREATED} 09:30:00\n"
        )
    contacts = (
        "Record Id,First Name,Last Name,Account Name,Account Name.id,Email,Title,"
        "Reports To.id,Created Time\n"
    )
    for k, (first, last, title, at) in PEOPLE.items():
        email = f"{first.lower()}@{_top(at).lower()}.example"
        contacts += (
            f"{z[k]},{first},{last},{ACCOUNTS[at][0]},{z[at]},{email},{title},,{CREATED} 09:30:00\n"
        )
    deals = (
        "Record Id,Deal Name,Account Name.id,Contact Name.id,Deal Owner.id,Stage,Amount,"
        "Closing Date\n"
        f"{z['o1']},Acme EU rollout,{z['AE']},{z['c2']},{z['u1']},Closed Won,50000,2026-04-01\n"
    )
    meetings = (
        "Record Id,Title,From,Host.id,Participants.id\n"
        f"{z['m1']},Kick-off,2026-05-04 10:00:00,{z['u1']},{z['c1']};{z['c2']}\n"
    )
    calls = (
        "Record Id,Call Start Time,Call Owner.id,Contact Name.id,Call Status\n"
        f"{z['k1']},2026-05-06 15:00:00,{z['u2']},{z['c4']},Completed\n"
        f"{z['k2']},2026-07-01 15:00:00,{z['u2']},{z['c4']},Scheduled\n"
    )
    emails = (
        "Record Id,Sent Time,Owner.id,To.id\n"
        f"{z['e1']},2026-05-10 08:00:00,{z['u1']},{z['c3']};{z['c2']}\n"
    )
    return write(
        folder,
        {
            "users.csv": users,
            "Accounts_001.csv": accounts,
            "Contacts_001.csv": contacts,
            "Deals_001.csv": deals,
            "Meetings_001.csv": meetings,
            "Calls_001.csv": calls,
            "Emails_001.csv": emails,
        },
    )


def _workbook(path: Path, table: str, header: list[str], rows: list[list[object]]) -> None:
    """An "Export to Excel" workbook: the hidden (Do Not Modify) columns first, a
    hidden metadata sheet after the data sheet, as Dynamics writes them."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"My Active {table}s"[:31]
    hidden_ids = [f"(Do Not Modify) {table}", "(Do Not Modify) Row Checksum"]
    sheet.append([*hidden_ids, "(Do Not Modify) Modified On", *header])
    stamp = dt.datetime(2026, 5, 20, 10, 3, 11)
    for row in rows:
        sheet.append([row[0], "c2hlY2tzdW0=", stamp, *row[1:]])
    for column in ("A", "B", "C"):
        sheet.column_dimensions[column].hidden = True
    hidden = book.create_sheet("hiddenDataSheet")
    hidden.sheet_state = "hidden"
    hidden.append(["account:" + "x" * 40])
    book.save(path)


def dynamics_excel(folder: Path) -> Path:
    """The world as Dynamics 365 "Export to Excel" workbooks (display names)."""
    folder.mkdir(parents=True, exist_ok=True)
    created = dt.datetime(2024, 1, 15, 9, 30)

    def name(key: str) -> str:
        return " ".join(USERS[key][:2]) if key in USERS else " ".join(PEOPLE[key][:2])

    _workbook(
        folder / "Users 5-20-2026 10-03-11 AM.xlsx",
        "User",
        ["Full Name", "Primary Email"],
        [[loud(u), name(u), e] for u, (_, _, e) in USERS.items()],
    )
    types = {"customer": "Customer", "prospect": "Prospect", None: None}
    _workbook(
        folder / "My Active Accounts 5-20-2026 10-03-11 AM.xlsx",
        "Account",
        ["Account Name", "Parent Account", "Relationship Type", "Owner", "Created On"],
        [
            [guid(k), n, ACCOUNTS[p][0] if p else None, types[s], name(o) if o else None, created]
            for k, (n, p, s, o) in ACCOUNTS.items()
        ],
    )
    _workbook(
        folder / "My Active Contacts 5-20-2026 10-03-11 AM.xlsx",
        "Contact",
        ["Full Name", "Company Name", "Job Title", "Email", "Created On"],
        [
            [
                guid(k),
                f"{f} {la}",
                ACCOUNTS[at][0],
                t,
                f"{f.lower()}@{_top(at).lower()}.example",
                created,
            ]
            for k, (f, la, t, at) in PEOPLE.items()
        ],
    )
    _workbook(
        folder / "Opportunities.xlsx",
        "Opportunity",
        [
            "Topic",
            "Account",
            "Contact",
            "Owner",
            "Status",
            "Pipeline Phase",
            "Actual Revenue",
            "Actual Close Date",
        ],
        [
            [
                guid("o1"),
                "Acme EU rollout",
                "Acme Europe",
                "Dan Vance",
                "Ann Owner",
                "Won",
                "Closed Won",
                50000,
                dt.datetime(2026, 4, 1),
            ]
        ],
    )
    _workbook(
        folder / "Appointments.xlsx",
        "Appointment",
        ["Subject", "Owner", "Required Attendees", "Start Time", "Activity Status"],
        [
            [
                guid("m1"),
                "Kick-off",
                "Ann Owner",
                "Carol Chief; Dan Vance",
                dt.datetime(2026, 5, 4, 10),
                "Completed",
            ]
        ],
    )
    _workbook(
        folder / "Phone Calls.xlsx",
        "Phone Call",
        ["Subject", "Owner", "Call To", "Actual End", "Due", "Activity Status"],
        [
            [
                guid("k1"),
                "Intro",
                "Bob Rep",
                "Finn Fox",
                dt.datetime(2026, 5, 6, 15),
                None,
                "Completed",
            ],
            [guid("k2"), "Follow-up", "Bob Rep", "Finn Fox", None, dt.datetime(2026, 7, 1), "Open"],
        ],
    )
    _workbook(
        folder / "Emails.xlsx",
        "Email",
        ["Subject", "Owner", "To", "Date Sent", "Activity Status"],
        [
            [
                guid("e1"),
                "Proposal",
                "Ann Owner",
                "Erin Ek; Dan Vance",
                dt.datetime(2026, 5, 10, 8),
                "Completed",
            ]
        ],
    )
    return folder
