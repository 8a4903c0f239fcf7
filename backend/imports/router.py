"""Import endpoints: contacts from CSV, Google Contacts CSV and vCard files, LinkedIn connections and messages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive

from backend.core.deps import AppSettings, CurrentUser, DbSession
from backend.core.envelope import Envelope, ok
from backend.core.errors import PayloadTooLarge
from backend.imports import service
from backend.imports.reader import MULTIPART_OVERHEAD_BYTES, too_large_message
from backend.imports.schemas import CsvImportResult, LinkedInImportResult, LinkedInMessagesImportResult


def _limited(receive: Receive, body_limit: int, message: str) -> Receive:
    received = 0

    async def receive_with_limit() -> Message:
        nonlocal received
        event = await receive()
        if event["type"] == "http.request":
            received += len(event.get("body", b""))
            if received > body_limit:
                # FastAPI lets HTTPException out of body parsing; any other error would become a 400.
                raise HTTPException(status_code=413, detail=message)
        return event

    return receive_with_limit


class UploadLimitRoute(APIRoute):
    """Reject a body bigger than the upload limit before it is parsed: first by Content-Length, then while it streams."""

    def get_route_handler(self) -> Callable[[Request], Awaitable[Response]]:
        handler = super().get_route_handler()

        async def limited_handler(request: Request) -> Response:
            max_bytes = request.app.state.settings.max_upload_bytes
            body_limit = max_bytes + MULTIPART_OVERHEAD_BYTES
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > body_limit:
                raise PayloadTooLarge(too_large_message(max_bytes))
            limited = Request(request.scope, _limited(request.receive, body_limit, too_large_message(max_bytes)))
            return await handler(limited)

        return limited_handler


router = APIRouter(prefix="/api/v1", tags=["contacts"], route_class=UploadLimitRoute)

UploadedFile = Annotated[UploadFile, File(description="The file to import, as multipart field `file`")]


@router.post("/contacts/import/csv", response_model=Envelope[CsvImportResult])
async def import_contacts_csv(file: UploadedFile, user: CurrentUser, session: DbSession, settings: AppSettings):
    """Import contacts from a CSV, Google Contacts CSV, vCard (.vcf) or LinkedIn Connections file."""
    result = await service.import_contacts_file(session, user, upload=file, max_bytes=settings.max_upload_bytes)
    return ok(result)


@router.post("/contacts/import/linkedin", response_model=Envelope[LinkedInImportResult])
async def import_linkedin_csv(file: UploadedFile, user: CurrentUser, session: DbSession, settings: AppSettings):
    """Import contacts from LinkedIn Connections.csv export."""
    result = await service.import_linkedin_connections(session, user, upload=file, max_bytes=settings.max_upload_bytes)
    return ok(result)


@router.post("/contacts/import/linkedin-messages", response_model=Envelope[LinkedInMessagesImportResult])
async def import_linkedin_messages(file: UploadedFile, user: CurrentUser, session: DbSession, settings: AppSettings):
    """Import LinkedIn messages.csv and create interactions matched to existing contacts."""
    result = await service.import_linkedin_messages(session, user, upload=file, max_bytes=settings.max_upload_bytes)
    return ok(result)
