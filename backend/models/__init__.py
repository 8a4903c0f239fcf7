"""SQLAlchemy models. Importing this package registers every table on `Base.metadata`."""

from backend.models.activity import ExtensionPairing, Notification, SyncEvent, TagTaxonomy
from backend.models.base import Base
from backend.models.contact import PRIORITY_LEVELS, Contact, ContactEmail, ContactSearch
from backend.models.google_account import GoogleAccount
from backend.models.identity import ContactMerge, IdentityMatch
from backend.models.interaction import Interaction
from backend.models.organization import Organization, OrgIdentityMatch
from backend.models.suggestion import DetectedEvent, FollowUpSuggestion
from backend.models.user import User

__all__ = [
    "PRIORITY_LEVELS",
    "Base",
    "Contact",
    "ContactEmail",
    "ContactSearch",
    "ContactMerge",
    "DetectedEvent",
    "ExtensionPairing",
    "FollowUpSuggestion",
    "GoogleAccount",
    "IdentityMatch",
    "Interaction",
    "Notification",
    "Organization",
    "OrgIdentityMatch",
    "SyncEvent",
    "TagTaxonomy",
    "User",
]
