"""Create every table of the data model.

Revision ID: 0001
Revises: 
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('users',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('hashed_password', sa.String(length=255), nullable=False),
    sa.Column('full_name', sa.String(length=255), nullable=True),
    sa.Column('phone_region', sa.String(length=2), server_default='US', nullable=False),
    sa.Column('timezone', sa.String(length=64), server_default='UTC', nullable=False),
    sa.Column('priority_settings', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('suggestion_prefs', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('sync_settings', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('sync_state', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('sync_2nd_tier', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('telegram_session_encrypted', sa.Text(), nullable=True),
    sa.Column('telegram_username', sa.String(length=64), nullable=True),
    sa.Column('telegram_last_synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('twitter_access_token_encrypted', sa.Text(), nullable=True),
    sa.Column('twitter_refresh_token_encrypted', sa.Text(), nullable=True),
    sa.Column('twitter_token_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('twitter_user_id', sa.String(length=64), nullable=True),
    sa.Column('twitter_username', sa.String(length=64), nullable=True),
    sa.Column('twitter_bird_auth_token_encrypted', sa.Text(), nullable=True),
    sa.Column('twitter_bird_ct0_encrypted', sa.Text(), nullable=True),
    sa.Column('twitter_bird_status', sa.String(length=16), server_default='disconnected', nullable=False),
    sa.Column('twitter_bird_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('whatsapp_phone', sa.String(length=32), nullable=True),
    sa.Column('whatsapp_connected', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('whatsapp_last_synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('linkedin_extension_paired_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('meta_connected', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('meta_connected_name', sa.String(length=255), nullable=True),
    sa.Column('meta_sync_facebook', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('meta_sync_instagram', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('mcp_api_key_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users'))
    )
    op.create_index('uq_users_email_lower', 'users', [sa.literal_column('lower(email)')], unique=True)
    op.create_index('uq_users_mcp_api_key_hash', 'users', ['mcp_api_key_hash'], unique=True, postgresql_where=sa.text('mcp_api_key_hash IS NOT NULL'))
    op.create_table('extension_pairings',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_extension_pairings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_extension_pairings'))
    )
    op.create_index('ix_extension_pairings_user', 'extension_pairings', ['user_id'], unique=False)
    op.create_index('uq_extension_pairings_code', 'extension_pairings', ['code'], unique=True)
    op.create_table('google_accounts',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('refresh_token_encrypted', sa.Text(), nullable=False),
    sa.Column('scopes', sa.Text(), nullable=True),
    sa.Column('last_synced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_google_accounts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_google_accounts'))
    )
    op.create_index('uq_google_accounts_user_email', 'google_accounts', ['user_id', sa.literal_column('lower(email)')], unique=True)
    op.create_table('notifications',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('notification_type', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=512), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('read', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('link', sa.String(length=512), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    op.create_index('ix_notifications_user_created', 'notifications', ['user_id', sa.literal_column('created_at DESC')], unique=False)
    op.create_index('ix_notifications_user_unread', 'notifications', ['user_id'], unique=False, postgresql_where=sa.text('NOT read'))
    op.create_table('organizations',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('name', sa.String(length=512), nullable=False),
    sa.Column('domain', sa.String(length=255), nullable=True),
    sa.Column('industry', sa.String(length=255), nullable=True),
    sa.Column('location', sa.String(length=512), nullable=True),
    sa.Column('website', sa.Text(), nullable=True),
    sa.Column('linkedin_url', sa.Text(), nullable=True),
    sa.Column('twitter_handle', sa.String(length=64), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('logo_url', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organizations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations'))
    )
    op.create_index('ix_organizations_name_trgm', 'organizations', ['name'], unique=False, postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
    op.create_index('ix_organizations_user_domain', 'organizations', ['user_id', 'domain'], unique=False)
    op.create_index('ix_organizations_user_name_lower', 'organizations', ['user_id', sa.literal_column('lower(name)')], unique=False)
    op.create_table('sync_events',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('sync_type', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='started', nullable=False),
    sa.Column('job_id', sa.String(length=255), nullable=True),
    sa.Column('records_created', sa.Integer(), server_default='0', nullable=False),
    sa.Column('records_updated', sa.Integer(), server_default='0', nullable=False),
    sa.Column('records_failed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('duration_ms', sa.Integer(), nullable=True),
    sa.Column('error_message', sa.Text(), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('started', 'success', 'partial', 'failed')", name=op.f('ck_sync_events_status')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sync_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_events'))
    )
    op.create_index('ix_sync_events_user_platform_started', 'sync_events', ['user_id', 'platform', sa.literal_column('started_at DESC')], unique=False)
    op.create_index('ix_sync_events_user_started', 'sync_events', ['user_id', sa.literal_column('started_at DESC')], unique=False)
    op.create_table('tag_taxonomies',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('categories', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='draft', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'approved')", name=op.f('ck_tag_taxonomies_status')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_tag_taxonomies_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_taxonomies'))
    )
    op.create_index('uq_tag_taxonomies_user', 'tag_taxonomies', ['user_id'], unique=True)
    op.create_table('contacts',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('full_name', sa.String(length=512), nullable=True),
    sa.Column('given_name', sa.String(length=255), nullable=True),
    sa.Column('family_name', sa.String(length=255), nullable=True),
    sa.Column('emails', sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('phones', sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('company', sa.String(length=512), nullable=True),
    sa.Column('organization_id', sa.UUID(), nullable=True),
    sa.Column('title', sa.String(length=512), nullable=True),
    sa.Column('location', sa.String(length=512), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geocoded_location', sa.String(length=512), nullable=True),
    sa.Column('geocoded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('twitter_handle', sa.String(length=64), nullable=True),
    sa.Column('twitter_user_id', sa.String(length=64), nullable=True),
    sa.Column('twitter_bio', sa.Text(), nullable=True),
    sa.Column('telegram_username', sa.String(length=64), nullable=True),
    sa.Column('telegram_user_id', sa.String(length=64), nullable=True),
    sa.Column('telegram_bio', sa.Text(), nullable=True),
    sa.Column('telegram_common_groups', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('telegram_groups_fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('telegram_bio_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('telegram_read_outbox_max_id', sa.Integer(), nullable=True),
    sa.Column('telegram_last_seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('whatsapp_phone', sa.String(length=32), nullable=True),
    sa.Column('whatsapp_name', sa.String(length=255), nullable=True),
    sa.Column('whatsapp_about', sa.Text(), nullable=True),
    sa.Column('whatsapp_avatar_url', sa.Text(), nullable=True),
    sa.Column('whatsapp_bio_checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('linkedin_url', sa.Text(), nullable=True),
    sa.Column('linkedin_profile_id', sa.String(length=255), nullable=True),
    sa.Column('linkedin_headline', sa.Text(), nullable=True),
    sa.Column('linkedin_bio', sa.Text(), nullable=True),
    sa.Column('linkedin_connected_on', sa.Date(), nullable=True),
    sa.Column('facebook_id', sa.String(length=64), nullable=True),
    sa.Column('facebook_name', sa.String(length=255), nullable=True),
    sa.Column('facebook_avatar_url', sa.Text(), nullable=True),
    sa.Column('instagram_id', sa.String(length=64), nullable=True),
    sa.Column('instagram_username', sa.String(length=64), nullable=True),
    sa.Column('instagram_avatar_url', sa.Text(), nullable=True),
    sa.Column('google_resource_name', sa.String(length=255), nullable=True),
    sa.Column('avatar_url', sa.Text(), nullable=True),
    sa.Column('birthday_month', sa.SmallInteger(), nullable=True),
    sa.Column('birthday_day', sa.SmallInteger(), nullable=True),
    sa.Column('birthday_year', sa.SmallInteger(), nullable=True),
    sa.Column('tags', sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('relationship_score', sa.SmallInteger(), server_default='0', nullable=False),
    sa.Column('interaction_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_interaction_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_followup_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('priority_level', sa.String(length=16), server_default='medium', nullable=False),
    sa.Column('source', sa.String(length=32), nullable=True),
    sa.Column('user_edited_fields', sa.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
    sa.Column('bcc_hash', sa.String(length=16), nullable=False),
    sa.Column('search_text', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("priority_level IN ('high', 'medium', 'low', 'archived')", name=op.f('ck_contacts_priority_level')),
    sa.CheckConstraint('(birthday_month IS NULL AND birthday_day IS NULL AND birthday_year IS NULL) OR (birthday_month BETWEEN 1 AND 12 AND birthday_day BETWEEN 1 AND 31)', name=op.f('ck_contacts_birthday')),
    sa.CheckConstraint('relationship_score BETWEEN 0 AND 10', name=op.f('ck_contacts_score_range')),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_contacts_organization_id_organizations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_contacts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts'))
    )
    op.create_index('ix_contacts_organization_id', 'contacts', ['organization_id'], unique=False)
    op.create_index('ix_contacts_search_trgm', 'contacts', ['search_text'], unique=False, postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.create_index('ix_contacts_tags_gin', 'contacts', ['tags'], unique=False, postgresql_using='gin')
    op.create_index('ix_contacts_user_activity', 'contacts', ['user_id', sa.literal_column('interaction_count DESC'), sa.literal_column('created_at DESC')], unique=False)
    op.create_index('ix_contacts_user_birthday', 'contacts', ['user_id', 'birthday_month', 'birthday_day'], unique=False, postgresql_where=sa.text('birthday_month IS NOT NULL'))
    op.create_index('ix_contacts_user_company', 'contacts', ['user_id', 'company'], unique=False)
    op.create_index('ix_contacts_user_created', 'contacts', ['user_id', sa.literal_column('created_at DESC'), 'id'], unique=False)
    op.create_index('ix_contacts_user_full_name_lower', 'contacts', ['user_id', sa.literal_column('lower(full_name)')], unique=False)
    op.create_index('ix_contacts_user_last_interaction', 'contacts', ['user_id', 'last_interaction_at'], unique=False)
    op.create_index('ix_contacts_user_score', 'contacts', ['user_id', sa.literal_column('relationship_score DESC'), sa.literal_column('created_at DESC'), 'id'], unique=False)
    op.create_index('ix_contacts_user_source', 'contacts', ['user_id', 'source'], unique=False)
    op.create_index('uq_contacts_user_bcc_hash', 'contacts', ['user_id', 'bcc_hash'], unique=True)
    op.create_index('uq_contacts_user_facebook_id', 'contacts', ['user_id', 'facebook_id'], unique=True, postgresql_where=sa.text('facebook_id IS NOT NULL'))
    op.create_index('uq_contacts_user_google_resource_name', 'contacts', ['user_id', 'google_resource_name'], unique=True, postgresql_where=sa.text('google_resource_name IS NOT NULL'))
    op.create_index('uq_contacts_user_instagram_id', 'contacts', ['user_id', 'instagram_id'], unique=True, postgresql_where=sa.text('instagram_id IS NOT NULL'))
    op.create_index('uq_contacts_user_linkedin_profile_id', 'contacts', ['user_id', 'linkedin_profile_id'], unique=True, postgresql_where=sa.text('linkedin_profile_id IS NOT NULL'))
    op.create_index('uq_contacts_user_telegram_user_id', 'contacts', ['user_id', 'telegram_user_id'], unique=True, postgresql_where=sa.text('telegram_user_id IS NOT NULL'))
    op.create_index('uq_contacts_user_telegram_username', 'contacts', ['user_id', 'telegram_username'], unique=True, postgresql_where=sa.text('telegram_username IS NOT NULL'))
    op.create_index('uq_contacts_user_twitter_handle', 'contacts', ['user_id', 'twitter_handle'], unique=True, postgresql_where=sa.text('twitter_handle IS NOT NULL'))
    op.create_index('uq_contacts_user_twitter_user_id', 'contacts', ['user_id', 'twitter_user_id'], unique=True, postgresql_where=sa.text('twitter_user_id IS NOT NULL'))
    op.create_index('uq_contacts_user_whatsapp_phone', 'contacts', ['user_id', 'whatsapp_phone'], unique=True, postgresql_where=sa.text('whatsapp_phone IS NOT NULL'))
    op.create_table('org_identity_matches',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('org_a_id', sa.UUID(), nullable=False),
    sa.Column('org_b_id', sa.UUID(), nullable=False),
    sa.Column('match_score', sa.Float(), nullable=False),
    sa.Column('match_method', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending_review', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending_review', 'merged', 'dismissed')", name=op.f('ck_org_identity_matches_status')),
    sa.CheckConstraint('org_a_id < org_b_id', name=op.f('ck_org_identity_matches_ordered_pair')),
    sa.ForeignKeyConstraint(['org_a_id'], ['organizations.id'], name=op.f('fk_org_identity_matches_org_a_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['org_b_id'], ['organizations.id'], name=op.f('fk_org_identity_matches_org_b_id_organizations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_org_identity_matches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_identity_matches'))
    )
    op.create_index('ix_org_identity_matches_org_b', 'org_identity_matches', ['org_b_id'], unique=False)
    op.create_index('uq_org_identity_matches_pair', 'org_identity_matches', ['user_id', 'org_a_id', 'org_b_id'], unique=True)
    op.create_table('contact_emails',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('contact_id', sa.UUID(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contact_emails_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_contact_emails_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'email', name=op.f('pk_contact_emails'))
    )
    op.create_index('ix_contact_emails_contact_id', 'contact_emails', ['contact_id'], unique=False)
    op.create_table('contact_merges',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('primary_contact_id', sa.UUID(), nullable=False),
    sa.Column('merged_contact_id', sa.UUID(), nullable=False),
    sa.Column('match_score', sa.Float(), nullable=True),
    sa.Column('match_method', sa.String(length=32), nullable=False),
    sa.Column('merged_snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('merged_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['primary_contact_id'], ['contacts.id'], name=op.f('fk_contact_merges_primary_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_contact_merges_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_merges'))
    )
    op.create_index('ix_contact_merges_primary', 'contact_merges', ['primary_contact_id'], unique=False)
    op.create_index('ix_contact_merges_user', 'contact_merges', ['user_id'], unique=False)
    op.create_table('detected_events',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('contact_id', sa.UUID(), nullable=False),
    sa.Column('event_type', sa.String(length=32), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('detected_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('confidence BETWEEN 0 AND 1', name=op.f('ck_detected_events_confidence_range')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_detected_events_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_detected_events_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_detected_events'))
    )
    op.create_index('ix_detected_events_contact_detected', 'detected_events', ['contact_id', sa.literal_column('detected_at DESC')], unique=False)
    op.create_index('ix_detected_events_user_detected', 'detected_events', ['user_id', sa.literal_column('detected_at DESC')], unique=False)
    op.create_table('identity_matches',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('contact_a_id', sa.UUID(), nullable=False),
    sa.Column('contact_b_id', sa.UUID(), nullable=False),
    sa.Column('match_score', sa.Float(), nullable=False),
    sa.Column('match_method', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending_review', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('pending_review', 'merged', 'rejected')", name=op.f('ck_identity_matches_status')),
    sa.CheckConstraint('contact_a_id < contact_b_id', name=op.f('ck_identity_matches_ordered_pair')),
    sa.ForeignKeyConstraint(['contact_a_id'], ['contacts.id'], name=op.f('fk_identity_matches_contact_a_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contact_b_id'], ['contacts.id'], name=op.f('fk_identity_matches_contact_b_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_identity_matches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_matches'))
    )
    op.create_index('ix_identity_matches_contact_b', 'identity_matches', ['contact_b_id'], unique=False)
    op.create_index('ix_identity_matches_user_status', 'identity_matches', ['user_id', 'status'], unique=False)
    op.create_index('uq_identity_matches_pair', 'identity_matches', ['user_id', 'contact_a_id', 'contact_b_id'], unique=True)
    op.create_table('interactions',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('contact_id', sa.UUID(), nullable=False),
    sa.Column('platform', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=16), nullable=False),
    sa.Column('content_preview', sa.Text(), nullable=True),
    sa.Column('raw_reference_id', sa.String(length=512), nullable=True),
    sa.Column('is_read_by_recipient', sa.Boolean(), nullable=True),
    sa.Column('call_type', sa.String(length=16), nullable=True),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('extra_data', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_interactions_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interactions'))
    )
    op.create_index('ix_interactions_contact_occurred', 'interactions', ['contact_id', sa.literal_column('occurred_at DESC')], unique=False)
    op.create_index('ix_interactions_content_trgm', 'interactions', ['content_preview'], unique=False, postgresql_using='gin', postgresql_ops={'content_preview': 'gin_trgm_ops'})
    op.create_index('ix_interactions_user_occurred', 'interactions', ['user_id', sa.literal_column('occurred_at DESC')], unique=False)
    op.create_index('uq_interactions_user_platform_reference', 'interactions', ['user_id', 'platform', 'raw_reference_id'], unique=True, postgresql_where=sa.text('raw_reference_id IS NOT NULL'))
    op.create_table('follow_up_suggestions',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('contact_id', sa.UUID(), nullable=False),
    sa.Column('trigger_type', sa.String(length=32), nullable=False),
    sa.Column('trigger_event_id', sa.UUID(), nullable=True),
    sa.Column('suggested_message', sa.Text(), nullable=False),
    sa.Column('suggested_channel', sa.String(length=32), nullable=False),
    sa.Column('draft_source', sa.String(length=16), server_default='template', nullable=False),
    sa.Column('status', sa.String(length=16), server_default='pending', nullable=False),
    sa.Column('dismissed_by', sa.String(length=8), nullable=True),
    sa.Column('pool', sa.String(length=1), nullable=True),
    sa.Column('scheduled_for', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("dismissed_by IS NULL OR dismissed_by IN ('user', 'system')", name=op.f('ck_follow_up_suggestions_dismissed_by')),
    sa.CheckConstraint("status IN ('pending', 'snoozed', 'sent', 'dismissed')", name=op.f('ck_follow_up_suggestions_status')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_follow_up_suggestions_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['trigger_event_id'], ['detected_events.id'], name=op.f('fk_follow_up_suggestions_trigger_event_id_detected_events'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follow_up_suggestions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_suggestions'))
    )
    op.create_index('ix_follow_up_suggestions_contact_updated', 'follow_up_suggestions', ['contact_id', sa.literal_column('updated_at DESC')], unique=False)
    op.create_index('ix_follow_up_suggestions_trigger_event', 'follow_up_suggestions', ['trigger_event_id'], unique=False)
    op.create_index('ix_follow_up_suggestions_user_status', 'follow_up_suggestions', ['user_id', 'status', sa.literal_column('created_at DESC')], unique=False)
    op.create_index('uq_follow_up_suggestions_open_contact', 'follow_up_suggestions', ['contact_id'], unique=True, postgresql_where=sa.text("status IN ('pending', 'snoozed')"))


def downgrade() -> None:
    op.drop_index('uq_follow_up_suggestions_open_contact', table_name='follow_up_suggestions', postgresql_where=sa.text("status IN ('pending', 'snoozed')"))
    op.drop_index('ix_follow_up_suggestions_user_status', table_name='follow_up_suggestions')
    op.drop_index('ix_follow_up_suggestions_trigger_event', table_name='follow_up_suggestions')
    op.drop_index('ix_follow_up_suggestions_contact_updated', table_name='follow_up_suggestions')
    op.drop_table('follow_up_suggestions')
    op.drop_index('uq_interactions_user_platform_reference', table_name='interactions', postgresql_where=sa.text('raw_reference_id IS NOT NULL'))
    op.drop_index('ix_interactions_user_occurred', table_name='interactions')
    op.drop_index('ix_interactions_content_trgm', table_name='interactions', postgresql_using='gin', postgresql_ops={'content_preview': 'gin_trgm_ops'})
    op.drop_index('ix_interactions_contact_occurred', table_name='interactions')
    op.drop_table('interactions')
    op.drop_index('uq_identity_matches_pair', table_name='identity_matches')
    op.drop_index('ix_identity_matches_user_status', table_name='identity_matches')
    op.drop_index('ix_identity_matches_contact_b', table_name='identity_matches')
    op.drop_table('identity_matches')
    op.drop_index('ix_detected_events_user_detected', table_name='detected_events')
    op.drop_index('ix_detected_events_contact_detected', table_name='detected_events')
    op.drop_table('detected_events')
    op.drop_index('ix_contact_merges_user', table_name='contact_merges')
    op.drop_index('ix_contact_merges_primary', table_name='contact_merges')
    op.drop_table('contact_merges')
    op.drop_index('ix_contact_emails_contact_id', table_name='contact_emails')
    op.drop_table('contact_emails')
    op.drop_index('uq_org_identity_matches_pair', table_name='org_identity_matches')
    op.drop_index('ix_org_identity_matches_org_b', table_name='org_identity_matches')
    op.drop_table('org_identity_matches')
    op.drop_index('uq_contacts_user_whatsapp_phone', table_name='contacts', postgresql_where=sa.text('whatsapp_phone IS NOT NULL'))
    op.drop_index('uq_contacts_user_twitter_user_id', table_name='contacts', postgresql_where=sa.text('twitter_user_id IS NOT NULL'))
    op.drop_index('uq_contacts_user_twitter_handle', table_name='contacts', postgresql_where=sa.text('twitter_handle IS NOT NULL'))
    op.drop_index('uq_contacts_user_telegram_username', table_name='contacts', postgresql_where=sa.text('telegram_username IS NOT NULL'))
    op.drop_index('uq_contacts_user_telegram_user_id', table_name='contacts', postgresql_where=sa.text('telegram_user_id IS NOT NULL'))
    op.drop_index('uq_contacts_user_linkedin_profile_id', table_name='contacts', postgresql_where=sa.text('linkedin_profile_id IS NOT NULL'))
    op.drop_index('uq_contacts_user_instagram_id', table_name='contacts', postgresql_where=sa.text('instagram_id IS NOT NULL'))
    op.drop_index('uq_contacts_user_google_resource_name', table_name='contacts', postgresql_where=sa.text('google_resource_name IS NOT NULL'))
    op.drop_index('uq_contacts_user_facebook_id', table_name='contacts', postgresql_where=sa.text('facebook_id IS NOT NULL'))
    op.drop_index('uq_contacts_user_bcc_hash', table_name='contacts')
    op.drop_index('ix_contacts_user_source', table_name='contacts')
    op.drop_index('ix_contacts_user_score', table_name='contacts')
    op.drop_index('ix_contacts_user_last_interaction', table_name='contacts')
    op.drop_index('ix_contacts_user_full_name_lower', table_name='contacts')
    op.drop_index('ix_contacts_user_created', table_name='contacts')
    op.drop_index('ix_contacts_user_company', table_name='contacts')
    op.drop_index('ix_contacts_user_birthday', table_name='contacts', postgresql_where=sa.text('birthday_month IS NOT NULL'))
    op.drop_index('ix_contacts_user_activity', table_name='contacts')
    op.drop_index('ix_contacts_tags_gin', table_name='contacts', postgresql_using='gin')
    op.drop_index('ix_contacts_search_trgm', table_name='contacts', postgresql_using='gin', postgresql_ops={'search_text': 'gin_trgm_ops'})
    op.drop_index('ix_contacts_organization_id', table_name='contacts')
    op.drop_table('contacts')
    op.drop_index('uq_tag_taxonomies_user', table_name='tag_taxonomies')
    op.drop_table('tag_taxonomies')
    op.drop_index('ix_sync_events_user_started', table_name='sync_events')
    op.drop_index('ix_sync_events_user_platform_started', table_name='sync_events')
    op.drop_table('sync_events')
    op.drop_index('ix_organizations_user_name_lower', table_name='organizations')
    op.drop_index('ix_organizations_user_domain', table_name='organizations')
    op.drop_index('ix_organizations_name_trgm', table_name='organizations', postgresql_using='gin', postgresql_ops={'name': 'gin_trgm_ops'})
    op.drop_table('organizations')
    op.drop_index('ix_notifications_user_unread', table_name='notifications', postgresql_where=sa.text('NOT read'))
    op.drop_index('ix_notifications_user_created', table_name='notifications')
    op.drop_table('notifications')
    op.drop_index('uq_google_accounts_user_email', table_name='google_accounts')
    op.drop_table('google_accounts')
    op.drop_index('uq_extension_pairings_code', table_name='extension_pairings')
    op.drop_index('ix_extension_pairings_user', table_name='extension_pairings')
    op.drop_table('extension_pairings')
    op.drop_index('uq_users_mcp_api_key_hash', table_name='users', postgresql_where=sa.text('mcp_api_key_hash IS NOT NULL'))
    op.drop_index('uq_users_email_lower', table_name='users')
    op.drop_table('users')
