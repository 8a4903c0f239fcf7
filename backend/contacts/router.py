"""Contact routes: list and select-all, dashboard reads, create, read, update, delete, bulk update."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, status

from backend.contacts import bulk, dashboard, listing, service
from backend.contacts.listing import ContactFilters
from backend.contacts.schemas import (
    BirthdayContactResponse,
    BulkUpdateBody,
    BulkUpdateData,
    ContactCreate,
    ContactIdsResponse,
    ContactListResponse,
    ContactResponse,
    ContactStatsData,
    ContactUpdate,
    DeletedData,
    OverdueContactResponse,
    contact_to_response,
)
from backend.core.deps import CurrentUser, DbSession
from backend.core.envelope import Envelope, ok, page_meta

router = APIRouter(prefix="/api/v1/contacts", tags=["contacts"])

SortName = Literal["score", "created", "interaction", "birthday", "company", "activity", "overdue", "priority"]
DATE_HELP = "YYYY-MM-DD, a day in the user's time zone"


def contact_filters(
    search: Annotated[
        str | None,
        Query(
            description="Text in names, company, title, handles, bios, notes, emails, phones or message previews."
            " One leading @ is ignored"
        ),
    ] = None,
    tag: Annotated[
        str | None, Query(description="Contacts that have this tag. The value is lowercased like stored tags")
    ] = None,
    source: Annotated[str | None, Query(description="Contacts created by this source, such as csv or telegram")] = None,
    score: Annotated[
        Literal["strong", "active", "dormant"] | None,
        Query(description="Filter by score tier: strong (8-10), active (4-7), dormant (0-3)"),
    ] = None,
    priority: Annotated[
        Literal["high", "medium", "low", "archived"] | None,
        Query(description="Filter by priority level: high, medium, low; archived lists archived contacts"),
    ] = None,
    date_from: Annotated[str | None, Query(description=f"Contacts created on or after this day ({DATE_HELP})")] = None,
    date_to: Annotated[str | None, Query(description=f"Contacts created on or before this day ({DATE_HELP})")] = None,
    interaction_from: Annotated[
        str | None, Query(description=f"Contacts whose last interaction was on or after this day ({DATE_HELP})")
    ] = None,
    interaction_to: Annotated[
        str | None, Query(description=f"Contacts whose last interaction was on or before this day ({DATE_HELP})")
    ] = None,
    has_interactions: Annotated[
        bool | None, Query(description="Contacts with (true) or without (false) interactions")
    ] = None,
    interaction_days: Annotated[
        int | None, Query(ge=1, le=365, description="Contacts with an interaction within this many days")
    ] = None,
    has_birthday: Annotated[bool | None, Query(description="Contacts with (true) or without (false) a birthday")] = None,
    ghosted: Annotated[
        bool | None, Query(description="Contacts whose 3 most recent messages were all outbound (no reply)")
    ] = None,
    archived_only: Annotated[bool, Query(description="Return only archived contacts")] = False,
    include_archived: Annotated[
        bool, Query(description="Include archived contacts alongside active (ignored if archived_only=true)")
    ] = False,
) -> ContactFilters:
    """Collect the list filters from the query string."""
    return ContactFilters(
        search=search,
        tag=tag,
        source=source,
        score=score,
        priority=priority,
        date_from=date_from,
        date_to=date_to,
        interaction_from=interaction_from,
        interaction_to=interaction_to,
        has_interactions=has_interactions,
        interaction_days=interaction_days,
        has_birthday=has_birthday,
        ghosted=ghosted,
        archived_only=archived_only,
        include_archived=include_archived,
    )


Filters = Annotated[ContactFilters, Depends(contact_filters)]


@router.get("", response_model=ContactListResponse)
async def list_contacts(
    user: CurrentUser,
    session: DbSession,
    filters: Filters,
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    sort: Annotated[SortName, Query(description="Order of the list; a search ranks by relevance first")] = "score",
) -> dict:
    """List the user's contacts, filtered and sorted, one page at a time. Archived contacts are hidden by default."""
    rows, total = await listing.list_contacts(
        session, user, filters=filters, sort=sort, page=page, page_size=page_size
    )
    return ok([contact_to_response(row) for row in rows], page_meta(total, page, page_size))


@router.post("", status_code=status.HTTP_201_CREATED, response_model=Envelope[ContactResponse])
async def create_contact(body: ContactCreate, user: CurrentUser, session: DbSession) -> dict:
    """Create a contact. 409 with the other contact when an email or handle is already used."""
    contact = await service.create_contact(session, user, fields=body.model_dump())
    return ok(contact_to_response(contact))


@router.get("/ids", response_model=ContactIdsResponse)
async def list_contact_ids(user: CurrentUser, session: DbSession, filters: Filters) -> dict:
    """List the ids of every contact matching the list filters, up to 10000, for select-all."""
    ids, truncated = await listing.list_contact_ids(session, user, filters=filters)
    return ok([str(contact_id) for contact_id in ids], {"limit": listing.MAX_IDS, "truncated": truncated})


@router.get("/stats", response_model=Envelope[ContactStatsData])
async def contact_stats(user: CurrentUser, session: DbSession) -> dict:
    """Count contacts per score tier, and interactions of the last two weeks, for the dashboard."""
    return ok(await dashboard.contact_stats(session, user))


@router.get("/tags", response_model=Envelope[list[str]])
async def list_tags(user: CurrentUser, session: DbSession) -> dict:
    """List every tag in use on the user's contacts, sorted."""
    return ok(await dashboard.tag_vocabulary(session, user))


@router.get("/birthdays", response_model=Envelope[list[BirthdayContactResponse]])
async def upcoming_birthdays(user: CurrentUser, session: DbSession) -> dict:
    """List up to 10 contacts with a birthday today or in the next 6 days, in the user's time zone."""
    rows = await dashboard.upcoming_birthdays(session, user)
    return ok([contact_to_response(contact, days_until_birthday=days) for contact, days in rows])


@router.get("/overdue", response_model=Envelope[list[OverdueContactResponse]])
async def overdue_contacts(
    user: CurrentUser, session: DbSession, limit: Annotated[int, Query(ge=1, le=50)] = 10
) -> dict:
    """List contacts past the follow-up interval of their priority level, most overdue first."""
    rows = await dashboard.overdue_contacts(session, user, limit=limit)
    return ok([contact_to_response(contact, days_overdue=days) for contact, days in rows])


@router.post("/bulk-update", response_model=Envelope[BulkUpdateData])
async def bulk_update(body: BulkUpdateBody, user: CurrentUser, session: DbSession) -> dict:
    """Add or remove tags, set the priority level or the company of many contacts at once."""
    updated = await bulk.bulk_update(
        session,
        user,
        contact_ids=body.contact_ids,
        add_tags=body.add_tags,
        remove_tags=body.remove_tags,
        priority_level=body.priority_level,
        company=body.company,
    )
    return ok({"updated": updated})


@router.get("/{contact_id}", response_model=Envelope[ContactResponse])
async def get_contact(contact_id: uuid.UUID, user: CurrentUser, session: DbSession) -> dict:
    """Get one contact of the user."""
    return ok(contact_to_response(await service.get_contact(session, user, contact_id)))


@router.put("/{contact_id}", response_model=Envelope[ContactResponse])
async def update_contact(contact_id: uuid.UUID, body: ContactUpdate, user: CurrentUser, session: DbSession) -> dict:
    """Change the fields present in the body, where an explicit null clears a field. 409 on identifier conflicts."""
    changes = body.model_dump(include=body.model_fields_set)
    contact = await service.update_contact(session, user, contact_id, changes=changes)
    return ok(contact_to_response(contact))


@router.delete("/{contact_id}", response_model=Envelope[DeletedData])
async def delete_contact(contact_id: uuid.UUID, user: CurrentUser, session: DbSession) -> dict:
    """Delete a contact with its interactions and suggestions."""
    deleted = await service.delete_contact(session, user, contact_id)
    return ok({"id": str(deleted), "deleted": True})
