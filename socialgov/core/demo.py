"""A believable Belgian demo organisation, built through the services so it is audited too.

Other apps add their own demo data by registering a builder with `register_demo_builder`;
every builder must be idempotent (running `socialgov demo` twice changes nothing).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction

from socialgov.core.models import Language, OrgUnit, Person, Role, User
from socialgov.core.services import (
    org_unit_create,
    person_create,
    role_assign,
    user_create,
    user_set_password,
)

ORG_UNITS = [
    ("MOSA", "Mosa Verzekeringen / Assurances Mosa", ""),
    ("DIR", "Directie / Direction", "MOSA"),
    ("COM", "Communicatie & Marketing", "MOSA"),
    ("CS", "Klantendienst / Service clientèle", "MOSA"),
    ("HR", "Human Resources", "MOSA"),
    ("IT", "IT & Security", "MOSA"),
    ("LEG", "Legal & Compliance", "MOSA"),
    ("SALES-VL", "Verkoop Vlaanderen", "MOSA"),
    ("SALES-WA", "Ventes Wallonie", "MOSA"),
]

# employee id, first name, last name, org unit, job title, language, manager employee id
PEOPLE = [
    ("E001", "Annelies", "Claes", "DIR", "CEO", "nl", ""),
    ("E002", "Jean-Philippe", "Dubois", "DIR", "CFO", "fr", "E001"),
    ("E003", "Sofie", "Peeters", "COM", "Head of Communication", "nl", "E001"),
    ("E004", "Thomas", "Janssens", "COM", "Social media manager", "nl", "E003"),
    ("E005", "Camille", "Lambert", "COM", "Community manager", "fr", "E004"),
    ("E006", "Lotte", "Maes", "COM", "Community manager", "nl", "E004"),
    ("E007", "Mathieu", "Dupont", "COM", "Content creator", "fr", "E003"),
    ("E008", "Elke", "Jacobs", "COM", "Employer branding", "nl", "E003"),
    ("E009", "Pieter", "Mertens", "CS", "Head of Customer Service", "nl", "E001"),
    ("E010", "Julie", "Lemaire", "CS", "Webcare agent", "fr", "E009"),
    ("E011", "Bram", "Willems", "CS", "Webcare agent", "nl", "E009"),
    ("E012", "Nathalie", "Renard", "CS", "Webcare agent", "fr", "E009"),
    ("E013", "Koen", "Goossens", "CS", "Team lead webcare", "nl", "E009"),
    ("E014", "Isabelle", "Martin", "HR", "HR director", "fr", "E001"),
    ("E015", "Jens", "Wouters", "HR", "Recruiter", "nl", "E014"),
    ("E016", "Amélie", "Leroy", "HR", "Learning & development", "fr", "E014"),
    ("E017", "Wouter", "De Smet", "IT", "CISO", "nl", "E001"),
    ("E018", "Yasmine", "El Amrani", "IT", "Security analyst", "fr", "E017"),
    ("E019", "Stijn", "Van Damme", "IT", "Security analyst", "nl", "E017"),
    ("E020", "Olivier", "Simon", "IT", "Identity & access engineer", "fr", "E017"),
    ("E021", "Hanne", "De Clercq", "LEG", "Compliance officer", "nl", "E001"),
    ("E022", "François", "Lefèvre", "LEG", "Data protection officer", "fr", "E021"),
    ("E023", "Ruben", "Hermans", "LEG", "Internal auditor", "nl", "E021"),
    ("E024", "Charlotte", "Michel", "LEG", "Legal counsel", "fr", "E021"),
    ("E025", "Dries", "Van Acker", "SALES-VL", "Sales director Flanders", "nl", "E001"),
    ("E026", "Femke", "Vermeulen", "SALES-VL", "Account manager", "nl", "E025"),
    ("E027", "Sander", "Aerts", "SALES-VL", "Account manager", "nl", "E025"),
    ("E028", "Ine", "Smets", "SALES-VL", "Broker liaison", "nl", "E025"),
    ("E029", "Tim", "Cools", "SALES-VL", "Account manager", "nl", "E025"),
    ("E030", "Laura", "Van den Broeck", "SALES-VL", "Inside sales", "nl", "E025"),
    ("E031", "Antoine", "Dumont", "SALES-WA", "Directeur des ventes Wallonie", "fr", "E001"),
    ("E032", "Manon", "Collard", "SALES-WA", "Gestionnaire de comptes", "fr", "E031"),
    ("E033", "Nicolas", "Lejeune", "SALES-WA", "Gestionnaire de comptes", "fr", "E031"),
    ("E034", "Pauline", "Gérard", "SALES-WA", "Relations courtiers", "fr", "E031"),
    ("E035", "Maxime", "François", "SALES-WA", "Ventes internes", "fr", "E031"),
    ("E036", "Céline", "Henry", "SALES-WA", "Gestionnaire de comptes", "fr", "E031"),
    ("E037", "Joris", "Verhoeven", "IT", "Service desk", "nl", "E017"),
    ("E038", "Emma", "Hendrickx", "COM", "Internal communication", "nl", "E003"),
    ("E039", "Lucas", "Bertrand", "CS", "Webcare agent", "fr", "E013"),
    ("E040", "Sarah", "Dewulf", "HR", "HR business partner", "nl", "E014"),
]

# username, employee id, role
DEMO_USERS = [
    ("admin", "E020", Role.ADMIN),
    ("lead", "E021", Role.GOVERNANCE_LEAD),
    ("owner", "E004", Role.CHANNEL_OWNER),
    ("analyst", "E018", Role.ANALYST),
    ("employee", "E026", Role.EMPLOYEE),
    ("auditor", "E023", Role.AUDITOR),
]


@dataclass
class DemoContext:
    """What the core demo built, for the builders of other apps."""

    org_units: dict[str, OrgUnit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    # The organisation's language: the demo writes its content (objectives, incidents) in it,
    # as the organisation's people would; people edit that content afterwards like any other.
    language: str = "en"

    def text(self, texts: Mapping[str, str]) -> str:
        """The demo text in the organisation's language (English when there is none)."""
        return texts.get(self.language) or texts["en"]


DemoBuilder = Callable[[DemoContext], None]
DEMO_LANGUAGES = ("en", "nl", "fr")
_builders: list[DemoBuilder] = []


def register_demo_builder(builder: DemoBuilder) -> DemoBuilder:
    _builders.append(builder)
    return builder


def demo_password() -> tuple[str, bool]:
    """The demo password and whether it was generated (kept in the data dir so reruns agree)."""
    if settings.SOCIALGOV_DEMO_PASSWORD:
        return settings.SOCIALGOV_DEMO_PASSWORD, False
    path = Path(settings.DATA_DIR) / "demo_password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(12))
    return path.read_text().strip(), True


def build_demo(password: str, language: str = "") -> DemoContext:
    language = (language or settings.LANGUAGE_CODE).split("-")[0]
    context = DemoContext(language=language if language in DEMO_LANGUAGES else "en")
    with transaction.atomic():
        for code, name, parent in ORG_UNITS:
            unit = OrgUnit.objects.filter(code=code).first() or org_unit_create(
                actor=None, code=code, name=name, parent=context.org_units.get(parent)
            )
            context.org_units[code] = unit
        for employee_id, first, last, unit_code, title, language, _manager in PEOPLE:
            person = Person.objects.filter(employee_id=employee_id).first()
            if person is None:
                email_local = f"{first}.{last}".lower().replace(" ", "").replace("é", "e")
                email_local = email_local.replace("è", "e").replace("ç", "c")
                person = person_create(
                    actor=None,
                    employee_id=employee_id,
                    first_name=first,
                    last_name=last,
                    email=f"{email_local}@mosa.example",
                    org_unit=context.org_units[unit_code],
                    job_title=title,
                    language=Language(language),
                )
            context.people[employee_id] = person
        for employee_id, *_rest, manager_id in PEOPLE:
            person = context.people[employee_id]
            if manager_id and person.manager_id is None:
                person.manager = context.people[manager_id]
                person.save(update_fields=["manager"])
        for username, employee_id, role in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = user_create(
                    actor=None,
                    username=username,
                    password=password,
                    person=context.people[employee_id],
                    is_superuser=role == Role.ADMIN,
                )
            elif not user.check_password(password):
                user_set_password(actor=None, user=user, password=password)
            role_assign(actor=None, user=user, role=role)
            context.users[username] = user
        for builder in _builders:
            builder(context)
    return context
