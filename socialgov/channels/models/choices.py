"""The closed vocabularies of the channel register, shared by models, forms, API and imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Facebook page")
    INSTAGRAM = "instagram", _("Instagram")
    X = "x", _("X (Twitter)")
    LINKEDIN = "linkedin", _("LinkedIn page")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    MASTODON = "mastodon", _("Mastodon")
    BLUESKY = "bluesky", _("Bluesky")
    REDDIT = "reddit", _("Reddit")
    VIVA_ENGAGE = "viva_engage", _("Viva Engage / Yammer")
    SLACK = "slack", _("Slack")
    TEAMS = "teams", _("Microsoft Teams")
    CHATTER = "chatter", _("Salesforce Chatter")
    WHATSAPP_BUSINESS = "whatsapp_business", _("WhatsApp Business")
    OTHER = "other", _("Other")


class Purpose(models.TextChoices):
    EXTERNAL_COMMUNICATION = "external_communication", _("External communication")
    MARKETING = "marketing", _("Marketing")
    RECRUITMENT = "recruitment", _("Recruitment")
    CUSTOMER_SERVICE = "customer_service", _("Customer service")
    INTERNAL_COLLABORATION = "internal_collaboration", _("Internal collaboration")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    EXTERNAL = "external", _("External")
    INTERNAL = "internal", _("Internal")


class ChannelStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    DORMANT = "dormant", _("Dormant")
    ORPHANED = "orphaned", _("Orphaned")
    RETIRED = "retired", _("Retired")


class Answer(models.TextChoices):
    """A posture fact somebody may not know yet; unknown counts against the score."""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class CredentialCustody(models.TextChoices):
    PASSWORD_MANAGER = "password_manager", _("Organisation password manager")
    SHARED = "shared", _("Shared among people")
    PERSONAL = "personal", _("A person's own account")
    UNKNOWN = "unknown", _("Unknown")


class AccessRole(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Editor / publisher")
    MODERATOR = "moderator", _("Moderator")
    ADVERTISER = "advertiser", _("Advertiser")
    ANALYST = "analyst", _("Analyst (read statistics)")
    OTHER = "other", _("Other")


class GrantStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")


class ReviewDecisionChoice(models.TextChoices):
    KEEP = "keep", _("Keep")
    REVOKE = "revoke", _("Revoke")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    DEPUTY = 1, _("Escalated to the deputy")
    GOVERNANCE_LEAD = 2, _("Escalated to the governance lead")


class LinkRelation(models.TextChoices):
    MENTIONS_EMPLOYER = "mentions_employer", _("Mentions the employer")
    SPOKESPERSON = "spokesperson", _("Acts as spokesperson")
    EXECUTIVE = "executive", _("Executive")
    OTHER = "other", _("Other")


class WatchScope(models.TextChoices):
    IMPERSONATION = "impersonation", _("Impersonation protection only")
    PUBLIC_MENTIONS = "public_mentions", _("Impersonation and public posts about the organisation")


class LinkStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class DiscoverySource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from a file")
    MONITORING = "monitoring", _("Found by monitoring")


class Triage(models.TextChoices):
    NEW = "new", _("Not triaged")
    OURS = "ours", _("Ours: registered")
    IMPERSONATION = "impersonation", _("Impersonation: incident")
    HARMLESS = "harmless", _("Fan or harmless")
    IGNORED = "ignored", _("Ignored")
