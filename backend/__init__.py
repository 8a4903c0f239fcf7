"""PingCRM server: a self-hosted personal networking CRM."""
