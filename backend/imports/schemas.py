"""Response models of the import endpoints. The first fields of each are the API contract; the rest are additions."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field


class ImportedContact(BaseModel):
    id: uuid.UUID
    full_name: str | None


class CsvImportResult(BaseModel):
    created: list[ImportedContact] = Field(description="Contacts created by this import, in file order")
    errors: list[str] = Field(description="`Row N: reason` for each row that was not imported")
    updated: list[ImportedContact] = Field(default_factory=list, description="Existing contacts that matched a row and gained data")
    unchanged: int = Field(default=0, description="Rows that matched an existing contact and added nothing")
    skipped_rows: list[str] = Field(default_factory=list, description="`Row N: reason` for duplicate rows merged into another row")
    warnings: list[str] = Field(default_factory=list, description="Imported rows with a caveat, such as a phone kept as written")
    format: str = Field(default="csv", description="csv, google_csv, vcard or linkedin_connections")


class LinkedInImportResult(BaseModel):
    created: int = Field(description="Contacts created")
    skipped: int = Field(description="Rows that created nothing: matches with nothing new, duplicates, rows without a name")
    errors: list[str] = Field(description="`Row N: reason` for each row that was not imported")
    updated: int = Field(default=0, description="Existing contacts that matched a row and gained data")
    unchanged: int = Field(default=0, description="Rows that matched an existing contact and added nothing (counted in skipped)")
    skipped_rows: list[str] = Field(default_factory=list, description="`Row N: reason` for duplicates and rows without a name")
    warnings: list[str] = Field(default_factory=list)


class LinkedInMessagesImportResult(BaseModel):
    new_interactions: int = Field(description="Messages stored as new interactions")
    skipped: int = Field(description="Messages not stored: already imported, duplicates in the file, empty or draft")
    unmatched: int = Field(description="Distinct people who match no contact")
    unmatched_names: list[str] = Field(description="The first 20 unmatched names, sorted")
    already_imported: int = Field(default=0, description="Messages stored by an earlier import (counted in skipped)")
    errors: list[str] = Field(default_factory=list, description="`Row N: reason` for rows that could not be read")
    skipped_rows: list[str] = Field(default_factory=list, description="`Row N: reason` for empty, draft and duplicate messages")
    warnings: list[str] = Field(default_factory=list)
