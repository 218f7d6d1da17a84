"""A weekly Data Export as Salesforce writes it, for the tests: ISO-8859-1 text,
CRLF, every value quoted, booleans 0/1/empty, datetimes ``2012-08-27 03:20:21``,
the null id in empty lookups, an ``Attachments/`` folder and files Powermap does
not read; a partial export (references outside it, owners without users).

Contact.csv line 12 holds a Latin-1 byte (é in Hélène).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Final

from ingest.sfid import canonical_sfid

NULL: Final = "000000000000000AAA"


def sf(prefix: str, n: int) -> str:
    """The 18-character id of a made-up record (15 characters, then the checksum)."""
    return canonical_sfid(f"{prefix}Wk000000{n:04d}")


A1, A2, A3, A4, A99 = (sf("001", n) for n in (1, 2, 3, 4, 99))
C = {n: sf("003", n) for n in range(1, 12)}
C99 = sf("003", 99)
U1, U2, U9, U50 = (sf("005", n) for n in (1, 2, 9, 50))
LEAD = sf("00Q", 1)
T = {n: sf("00T", n) for n in range(1, 7)}
E1 = sf("00U", 1)
M1, M2 = sf("02s", 1), sf("02s", 2)
O1, O2 = sf("006", 1), sf("006", 2)
STAMP: Final = "2012-08-27 03:20:21"


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(f'"{v}"' for v in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("latin-1")


FILES: Final[dict[str, list[list[str]]]] = {
    "Account.csv": [
        ["Id", "IsDeleted", "Name", "ParentId", "Type", "OwnerId", "CreatedDate", "Phone"],
        [A1, "0", "Hütte AG", NULL, "Customer - Direct", U1, STAMP, "+49 1"],
        [A2, "0", "Nordwind GmbH", NULL, "Former Customer", U9, STAMP, ""],
        [A3, "0", "Prospekt KG", A99, "Prospect", U1, STAMP, ""],
        [A4, "1", "Old Shell", NULL, "", U1, STAMP, ""],
    ],
    "Contact.csv": [
        [
            "Id",
            "IsDeleted",
            "AccountId",
            "FirstName",
            "LastName",
            "Title",
            "Department",
            "Email",
            "ReportsToId",
            "CreatedDate",
        ],
        [
            C[1],
            "0",
            A1,
            "Joerg",
            "Maier",
            "Head of Finance",
            "Finance",
            "joerg@huette.example",
            NULL,
            STAMP,
        ],
        [
            C[2],
            "0",
            A1,
            "Ann",
            "Berg",
            "Controller",
            "Finance",
            "ann.berg@huette.example",
            C[1],
            STAMP,
        ],
        [C[3], "0", A1, "Ben", "Kurz", "IT Lead", "IT", "", C99, STAMP],
        [C[4], "0", A1, "Cem", "Ak", "Engineer", " it ", "", "", STAMP],
        [C[5], "0", A2, "Dora", "Lind", "CFO", "", "", C[6], STAMP],
        [C[6], "0", A2, "Emil", "Roth", "CEO", "", "", "", STAMP],
        [C[7], "0", NULL, "Private", "Person", "", "", "", "", STAMP],
        [C[8], "0", A3, "Fia", "Nord", "Buyer", "", "", "", STAMP],
        [C[9], "0", A99, "Gil", "Out", "", "", "", "", STAMP],
        [C[10], "1", A1, "Gus", "Alt", "", "", "", "", STAMP],
        [
            C[11],
            "0",
            A1,
            "Hélène",
            "Côte",
            "Analyst",
            "Finance",
            "helene@huette.example",
            "",
            STAMP,
        ],
    ],
    "User.csv": [
        ["Id", "FirstName", "LastName", "Email", "ManagerId", "IsActive", "CreatedDate"],
        [U1, "Uma", "Seller", "uma@ourco.example", U50, "1", STAMP],
    ],
    "TaskStatus.csv": [
        ["Id", "MasterLabel", "ApiName", "IsClosed"],
        ["01J000000000001AAA", "Not Started", "Not Started", "0"],
        ["01J000000000002AAA", "In Progress", "In Progress", "0"],
        ["01J000000000003AAA", "Completed", "Completed", "1"],
        ["01J000000000004AAA", "Done", "Done", "1"],
    ],
    "Task.csv": [
        [
            "Id",
            "IsDeleted",
            "OwnerId",
            "WhoId",
            "ActivityDate",
            "TaskSubtype",
            "Status",
            "IsClosed",
        ],
        [T[1], "0", U1, C[1], "2024-03-01", "Call", "Completed", "1"],
        [T[2], "0", U2, C[2], "2024-03-02", "Email", "Done", ""],
        [T[3], "0", U1, C[3], "2024-03-03", "Task", "Not Started", "0"],
        [T[4], "0", U1, LEAD, "2024-03-04", "Task", "Completed", "1"],
        [T[5], "0", U1, NULL, "2024-03-04", "Task", "Completed", "1"],
        [T[6], "0", U1, C[1], "2024-03-06", "Call", "In Progress", "0"],
    ],
    "TaskRelation.csv": [
        ["Id", "IsDeleted", "RelationId", "TaskId", "IsWhat"],
        [sf("0RT", 1), "0", C[1], T[1], "0"],
        [sf("0RT", 2), "0", C[4], T[1], "0"],
        [sf("0RT", 3), "0", A1, T[1], "1"],
        [sf("0RT", 4), "0", C[2], T[3], "0"],
    ],
    "Event.csv": [
        ["Id", "IsDeleted", "OwnerId", "WhoId", "ActivityDateTime", "DurationInMinutes"],
        [E1, "0", U1, C[5], "2024-03-05 10:00:00", "60"],
    ],
    "EventRelation.csv": [
        ["Id", "IsDeleted", "RelationId", "EventId", "IsInvitee", "Status"],
        [sf("0RE", 1), "0", C[5], E1, "1", "Accepted"],
        [sf("0RE", 2), "0", C[6], E1, "1", "Declined"],
        [sf("0RE", 3), "0", C[8], E1, "1", "Accepted"],
        [sf("0RE", 4), "0", U1, E1, "0", "Accepted"],
    ],
    "EmailMessage.csv": [
        ["Id", "IsDeleted", "MessageDate", "FromAddress", "ToAddress", "CcAddress", "ActivityId"],
        [M1, "0", "2024-03-10 09:00:00", "uma@ourco.example", "ann.berg@huette.example", "", ""],
        [
            M2,
            "0",
            "2024-03-11 09:00:00",
            "uma@ourco.example",
            "; ".join(f"list{i}@elsewhere.example" for i in range(12)),
            "",
            "",
        ],
    ],
    "EmailMessageRelation.csv": [
        ["Id", "IsDeleted", "EmailMessageId", "RelationId", "RelationAddress", "RelationType"],
        [sf("0Rs", 1), "0", M1, U1, "uma@ourco.example", "FromAddress"],
        [sf("0Rs", 2), "0", M1, C[2], "ann.berg@huette.example", "ToAddress"],
        [sf("0Rs", 3), "0", M1, "", "helene@huette.example", "CcAddress"],
        [sf("0Rs", 4), "0", M2, U1, "uma@ourco.example", "FromAddress"],
        *(
            [sf("0Rs", 10 + i), "0", M2, "", f"list{i}@elsewhere.example", "ToAddress"]
            for i in range(12)
        ),
    ],
    "Opportunity.csv": [
        [
            "Id",
            "IsDeleted",
            "AccountId",
            "OwnerId",
            "StageName",
            "IsWon",
            "IsClosed",
            "CloseDate",
            "LastModifiedDate",
        ],
        [O1, "0", A2, U1, "Closed Won", "1", "1", "2023-05-31", "2023-06-01 08:00:00"],
        [O2, "0", A1, U2, "Negotiation", "0", "0", "2024-09-30", "2024-03-15 12:00:00"],
    ],
    "OpportunityContactRole.csv": [
        ["Id", "IsDeleted", "OpportunityId", "ContactId", "Role", "IsPrimary"],
        [sf("00K", 1), "0", O1, C[5], "Decision Maker", "1"],
        [sf("00K", 2), "0", O2, C[1], "", "0"],
    ],
    "Lead.csv": [["Id", "LastName"], [LEAD, "Lead"]],
    "Case.csv": [["Id", "Subject"], [sf("500", 1), '=HYPERLINK("http://x")']],
}


def write_weekly(folder: Path) -> Path:
    """The export as a folder (what unzipping the download gives)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in FILES.items():
        (folder / name).write_bytes(_csv(rows))
    (folder / "Attachments").mkdir(exist_ok=True)
    (folder / "Attachments" / "00P000000000001.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00JFIF")
    return folder


def zip_weekly(target: Path) -> Path:
    """The export as downloaded: ``WE_00D…_1.zip``."""
    with zipfile.ZipFile(target, "w") as zf:
        for name, rows in FILES.items():
            zf.writestr(name, _csv(rows))
        zf.writestr("Attachments/00P000000000001.jpg", b"\xff\xd8\xff\xe0\x00JFIF")
    return target
