"""Word lists for the synthetic data generator: fictional people, companies, places.

Every list is a tuple so that picking from it with a seeded ``random.Random`` gives
the same answer in every process (no set or hash order is involved).

>>> import random
>>> person_name(random.Random(1)) == person_name(random.Random(1))
True
>>> email_of("Ana María Quintero-Díaz", "halvorsen.example")
'ana.maria.quintero-diaz@halvorsen.example'
"""

from __future__ import annotations

import random
import unicodedata
from typing import Final

FIRST_NAMES: Final = (
    "Aaliyah", "Aarav", "Abebe", "Ada", "Adrian", "Aiko", "Akira", "Alba", "Alejandro",
    "Alexei", "Amara", "Amir", "Ana", "Anders", "Andrea", "Anika", "Annelise", "Arjun",
    "Astrid", "Aylin", "Bastian", "Beatriz", "Benedikt", "Bianca", "Björn", "Bruno",
    "Camille", "Carmen", "Chen", "Chiara", "Chloé", "Colm", "Dagny", "Dalia", "Daniel",
    "Dario", "Deepa", "Diego", "Dmitri", "Ebba", "Efua", "Elena", "Elif", "Emeka",
    "Emil", "Erik", "Esther", "Fatima", "Felix", "Femi", "Fernando", "Freya", "Gabriel",
    "Greta", "Hana", "Hannah", "Hugo", "Ines", "Ingrid", "Ioana", "Isaac", "Ivana",
    "Jakob", "Jana", "Javier", "Jonas", "Julia", "Kai", "Kamala", "Karin", "Kenji",
    "Kofi", "Lara", "Lars", "Leila", "Leon", "Lina", "Luca", "Lucía", "Magnus", "Maja",
    "Malik", "Marco", "Mariam", "Marta", "Mateo", "Mei", "Mikael", "Mira", "Nadia",
    "Naomi", "Nikolai", "Nils", "Noor", "Olga", "Oliver", "Omar", "Oskar", "Paolo",
    "Petra", "Priya", "Rafael", "Rania", "Ravi", "Rosa", "Ruth", "Saanvi", "Samuel",
    "Sanna", "Sara", "Sebastian", "Sekou", "Selin", "Signe", "Simone", "Sofia", "Soren",
    "Tariq", "Teodor", "Thandiwe", "Tomas", "Ulrike", "Valentina", "Vikram", "Wei",
    "Yara", "Yusuf", "Zainab", "Zofia",
)  # fmt: skip

LAST_NAMES: Final = (
    "Abara", "Achterberg", "Adeyemi", "Alcott", "Almeida", "Amundsen", "Arslan",
    "Asante", "Baptiste", "Barros", "Bauer", "Bergqvist", "Bianchi", "Blomgren",
    "Brandt", "Calloway", "Castellanos", "Cavanagh", "Chowdhury", "Ciolan", "Dahlberg",
    "Delacroix", "Demir", "Dubois", "Eklund", "Engström", "Esposito", "Falk", "Farouk",
    "Ferreira", "Fischer", "Fjeld", "Galloway", "García", "Gonzaga", "Grieve", "Haddad",
    "Halloran", "Hartmann", "Haugen", "Holm", "Horvat", "Ibsen", "Iwu", "Jansen",
    "Jovanović", "Kaminski", "Karlsen", "Kaur", "Keane", "Kim", "Kowalczyk", "Kruger",
    "Lambert", "Larsen", "Lindqvist", "Lombardi", "Lund", "Madsen", "Mahlangu", "Marsh",
    "Mbeki", "Mendes", "Moreau", "Morrow", "Nakamura", "Navarro", "Nguyen", "Nilsen",
    "Novak", "Nwosu", "Oduya", "Okafor", "Olsen", "Ortega", "Osei", "Pacheco", "Park",
    "Patel", "Pereira", "Petrov", "Quintero", "Rahman", "Ramos", "Reyes", "Richter",
    "Rossi", "Sahin", "Salas", "Sandberg", "Santos", "Schmid", "Sepúlveda", "Shah",
    "Silva", "Sokolov", "Strand", "Sullivan", "Tanaka", "Thorsen", "Toivonen",
    "Tremblay", "Uddin", "Valdez", "Varga", "Vasquez", "Vik", "Vogel", "Wagner",
    "Walsh", "Weber", "Wong", "Yamada", "Yilmaz", "Zanetti", "Zimmermann", "Żukowski",
)  # fmt: skip

INDUSTRIES: Final = (
    "Manufacturing", "Logistics", "Healthcare", "Energy", "Financial Services",
    "Retail", "Telecommunications", "Consumer Goods", "Pharmaceuticals", "Insurance",
    "Automotive", "Public Sector", "Media", "Chemicals", "Aerospace", "Software",
)  # fmt: skip

COUNTRIES: Final = (
    "US", "GB", "DE", "FR", "NL", "NO", "SE", "DK", "IT", "ES", "JP", "CA", "AU",
    "BR", "IN", "SG", "CH", "PL", "FI", "IE",
)  # fmt: skip

TIERS: Final = ("Tier 1", "Tier 2", "Tier 3")

COMPANY_STEMS: Final = (
    "Aldren", "Bexley", "Caldera", "Dravik", "Elmstead", "Falcrest", "Garrow", "Halden",
    "Iverly", "Jorvane", "Kestrel", "Lumora", "Marlow", "Norvik", "Orrin", "Pellham",
    "Quorra", "Rensby", "Solvane", "Tarrow", "Ulvik", "Varenne", "Westmark", "Yarrow",
    "Zenthe", "Ashgrove", "Brightwell", "Corvane", "Dunmore", "Everhold", "Fenwick",
    "Glenrock", "Harbrook", "Ivenmoor", "Kilbride", "Larkspur", "Mistral", "Northam",
    "Oakhurst", "Pinecrest", "Redmere", "Stonebridge", "Thornvale", "Upland", "Vantor",
)  # fmt: skip

COMPANY_SUFFIXES: Final = (
    "Group", "Holdings", "Industries", "Systems", "Partners", "Technologies", "Logistics",
    "Energy", "Health", "Foods", "Financial", "Networks", "Materials", "Labs", "Works",
)  # fmt: skip

PLACES: Final = (
    "North", "South", "East", "West", "Central", "Nordics", "Benelux", "Iberia", "DACH",
    "Americas", "APAC", "UK & Ireland", "France", "Italy", "Poland", "Midwest", "Texas",
    "Ontario", "Bavaria", "Lombardy", "Catalonia", "Rhine", "Baltics", "Gulf Coast",
)  # fmt: skip

DIVISION_NAMES: Final = (
    "Operations", "Manufacturing", "Supply Chain", "Finance", "Information Technology",
    "Research & Development", "Sales", "Marketing", "Customer Service", "Human Resources",
    "Procurement", "Engineering", "Digital", "Legal & Compliance", "Logistics",
    "Product", "Quality", "Facilities", "Data & Analytics", "Risk",
)  # fmt: skip

BUDGET_CENTER_NAMES: Final = (
    "Infrastructure", "Application Services", "Shared Services", "Plant Maintenance",
    "Field Service", "Treasury", "Payroll", "Training", "Security", "Fleet",
    "Warehousing", "Capital Projects", "Cloud Platform", "Analytics", "Sourcing",
    "Workplace", "Controlling", "Innovation Lab", "Customer Care", "Network",
)  # fmt: skip

# Titles whose derived seniority (DOMAIN.md) is the one the generator intends.
EXECUTIVE_TITLES: Final = (
    "Chief Executive Officer", "CFO", "Chief Operating Officer", "CIO", "CTO",
    "Chief People Officer", "Chief Marketing Officer", "CISO", "Chief Revenue Officer",
)  # fmt: skip
STAFF_TITLES: Final = (
    "Senior Analyst", "Procurement Specialist", "Software Engineer", "Team Lead",
    "Operations Coordinator", "IT Architect", "Buyer", "Controller", "Data Scientist",
    "Planner", "Business Analyst", "Systems Administrator", "Category Lead",
    "Process Engineer", "Financial Analyst", "Solutions Architect", "Specialist",
    "Consultant", "Engineer", "Coordinator",
)  # fmt: skip
MANAGER_TITLES: Final = (
    "Project Manager", "IT Manager", "Procurement Manager", "Operations Manager",
    "Program Manager", "Finance Manager", "Senior Manager", "Product Manager",
)  # fmt: skip
DIRECTOR_TITLES: Final = (
    "Director of Operations", "Director, Procurement", "IT Director", "Finance Director",
    "Director of Strategy", "Engineering Director", "Director, Digital Transformation",
)  # fmt: skip
VP_TITLES: Final = (
    "VP Operations", "VP Finance", "VP Engineering", "SVP Strategy", "Head of IT",
    "Head of Procurement", "EVP Transformation", "VP Digital",
)  # fmt: skip
# Titles the title rule cannot place well: the generator gives their seniority.
GIVEN_SENIORITY_TITLES: Final = (
    ("Chief of Staff", "vp"),
    ("Vice President, Strategic Sourcing", "vp"),
    ("Partner", "director"),
    ("Distinguished Engineer", "director"),
    ("Group Lead", "manager"),
)


def person_name(rng: random.Random) -> str:
    """A fictional full name."""
    first = FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]
    last = LAST_NAMES[rng.randrange(len(LAST_NAMES))]
    if rng.random() < 0.04:  # some double-barrelled names, as in real CRMs
        last = f"{last}-{LAST_NAMES[rng.randrange(len(LAST_NAMES))]}"
    return f"{first} {last}"


def ascii_slug(text: str, sep: str = ".") -> str:
    """Lower-case ASCII words of ``text`` joined by ``sep``.

    >>> ascii_slug("Björn Engström")
    'bjorn.engstrom'
    >>> ascii_slug("Research & Development", "-")
    'research-development'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() or c == "-" else " " for c in folded.lower()).split()
    return sep.join(words)


def email_of(name: str, domain: str) -> str:
    """An e-mail address for ``name`` at ``domain`` (always an ``.example`` domain)."""
    return f"{ascii_slug(name)}@{domain}"
