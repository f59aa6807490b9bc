"""Settings of `obrail metabase` (OBRAIL_* environment variables)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, field_validator

from obrail.settings import ObrailSettings


class MetabaseSettings(ObrailSettings):
    """`OBRAIL_METABASE_*` settings read by `obrail metabase`."""

    metabase_url: str = "http://127.0.0.1:3001"
    """Base URL of Metabase's web server as seen by the provisioning command
    (in docker compose: http://metabase:3000)."""

    metabase_admin_email: str
    """E-mail (login) of the Metabase administrator created at first setup."""

    metabase_admin_password: SecretStr
    """Password of the Metabase administrator (a secret: set it from the environment)."""

    metabase_admin_first_name: str = "ObRail"
    """First name of the Metabase administrator."""

    metabase_admin_last_name: str = "Administration"
    """Last name of the Metabase administrator."""

    metabase_site_name: str = "ObRail Observatory"
    """Name Metabase shows for this instance."""

    metabase_warehouse_url: str = "postgresql://obrail_bi@postgres:5432/obrail"
    """The warehouse as Metabase reaches it, with the read-only BI role (no password here)."""

    bi_role_password: SecretStr | None = None
    """Password of the read-only `obrail_bi` role (the same variable `obrail db roles` sets)."""

    metabase_database_name: str = "Entrepôt ObRail"
    """Name of the warehouse connection in Metabase."""

    metabase_collection_name: str = "ObRail Observatory"
    """Collection holding the saved questions and the dashboard."""

    metabase_dashboard_name: str = "ObRail — trains de jour et de nuit"
    """Name of the dashboard gathering every saved question."""

    metabase_wait_s: float = Field(default=300.0, ge=0)
    """How long to wait for Metabase to become healthy (it takes minutes on a first start)."""

    metabase_timeout_s: float = Field(default=30.0, gt=0)
    """Timeout of one HTTP request to Metabase."""

    @field_validator("metabase_url")
    @classmethod
    def _strip_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("metabase_warehouse_url")
    @classmethod
    def _postgresql_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if (
            parts.scheme not in {"postgresql", "postgres"}
            or not parts.hostname
            or not parts.username
        ):
            raise ValueError("must look like postgresql://obrail_bi@host:5432/database")
        if not parts.path.strip("/"):
            raise ValueError("must name the database: postgresql://obrail_bi@host:5432/database")
        return value

    def warehouse_details(self) -> dict[str, object]:
        """Metabase's `details` of the PostgreSQL connection, restricted to the `api` schema."""
        parts = urlsplit(self.metabase_warehouse_url)
        details: dict[str, object] = {
            "host": parts.hostname,
            "port": parts.port or 5432,
            "dbname": unquote(parts.path.strip("/")),
            "user": unquote(parts.username or ""),
            "ssl": False,
            "schema-filters-type": "inclusion",
            "schema-filters-patterns": "api",
            "tunnel-enabled": False,
            "advanced-options": False,
        }
        if self.bi_role_password is not None:
            details["password"] = self.bi_role_password.get_secret_value()
        return details
