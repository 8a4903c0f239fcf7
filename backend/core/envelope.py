"""The response envelope `{data, error, meta}` shared by every JSON route, and its meta shapes."""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Envelope(BaseModel, Generic[T]):
    data: T | None = None
    error: str | None = None
    meta: dict[str, Any] | None = None


class PaginationMeta(BaseModel):
    total: int
    page: int
    page_size: int
    total_pages: int


class OffsetMeta(BaseModel):
    total: int
    limit: int
    offset: int


def page_meta(total: int, page: int, page_size: int) -> dict[str, int]:
    """Page meta; total_pages is at least 1 so an empty list still has one (empty) page."""
    return {"total": total, "page": page, "page_size": page_size, "total_pages": max(1, math.ceil(total / page_size))}


def offset_meta(total: int, limit: int, offset: int) -> dict[str, int]:
    return {"total": total, "limit": limit, "offset": offset}


def ok(data: Any = None, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build a success body; the route's response model validates and serialises it."""
    return {"data": data, "error": None, "meta": meta}
