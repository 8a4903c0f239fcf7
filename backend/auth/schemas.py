from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, EmailStr, Field


class UserCreate(BaseModel):
    email: EmailStr
    password: str = Field(min_length=8, max_length=128)
    full_name: str | None = Field(default=None, max_length=200)


class LoginJson(BaseModel):
    """JSON form of the login body; `username` and `email` are both accepted for the address."""

    username: str | None = None
    email: str | None = None
    password: str = Field(max_length=128)
    remember_me: bool = False


class TokenData(BaseModel):
    access_token: str
    token_type: str = "bearer"


class UserResponse(BaseModel):
    id: uuid.UUID
    email: str
    full_name: str | None = None
    created_at: datetime
    google_connected: bool = False
    google_email: str | None = None
    telegram_connected: bool = False
    telegram_username: str | None = None
    twitter_connected: bool = False
    twitter_username: str | None = None
    linkedin_extension_paired_at: datetime | None = None
    whatsapp_connected: bool = False
    whatsapp_phone: str | None = None
    meta_connected: bool = False
    meta_connected_name: str | None = None
    meta_sync_facebook: bool = True
    meta_sync_instagram: bool = True
    priority_settings: dict | None = None


class GoogleAccountData(BaseModel):
    id: uuid.UUID
    email: str
    created_at: datetime | None = None


class UserWithAccountsData(UserResponse):
    google_accounts: list[GoogleAccountData] = []


class ProfileUpdate(BaseModel):
    full_name: str | None = Field(default=None, max_length=200)


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=128)
    new_password: str = Field(max_length=128)


class UpdatedData(BaseModel):
    updated: bool = True


class DeletedAccountData(BaseModel):
    deleted: bool = True
