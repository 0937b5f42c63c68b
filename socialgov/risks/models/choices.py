"""Closed vocabularies of the risk register."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskCategory(models.TextChoices):
    REPUTATION = "reputation", _("Reputation")
    SECURITY = "security", _("Security")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality and privacy")
    PEOPLE = "people", _("People and conduct")
    COMPLIANCE = "compliance", _("Compliance and legal")
    CONTINUITY = "continuity", _("Continuity")


class ControlType(models.TextChoices):
    PREVENTIVE = "preventive", _("Preventive")
    DETECTIVE = "detective", _("Detective")
    CORRECTIVE = "corrective", _("Corrective")


class PostureCheck(models.TextChoices):
    """Facts of a channel's recorded security posture that show a control is in place."""

    NONE = "", _("None")
    MFA = "mfa", _("MFA is on")
    PASSWORD_MANAGER = "password_manager", _("Credentials in the password manager")
    RECOVERY_OWNED = "recovery_owned", _("Recovery e-mail and phone owned by the organisation")
    ACCESS_REVIEWED = "access_reviewed", _("Access reviewed on time")
    NO_THIRD_PARTY_APPS = "no_third_party_apps", _("No third-party apps connected")


class Treatment(models.TextChoices):
    MITIGATE = "mitigate", _("Mitigate")
    ACCEPT = "accept", _("Accept")
    TRANSFER = "transfer", _("Transfer")
    AVOID = "avoid", _("Avoid")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_TREATMENT = "in_treatment", _("In treatment")
    ACCEPTED = "accepted", _("Accepted")
    CLOSED = "closed", _("Closed")


class Effectiveness(models.TextChoices):
    PLANNED = "planned", _("Planned")
    PARTIAL = "partial", _("Partly effective")
    EFFECTIVE = "effective", _("Effective")


class AcceptanceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class KRIState(models.TextChoices):
    UNKNOWN = "unknown", _("No value yet")
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    MONITORING = "monitoring", _("Monitoring")
    IMPORT = "import", _("Imported")
