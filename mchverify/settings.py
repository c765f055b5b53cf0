"""Configuration from the environment (`MCHVERIFY_…`) with embedded defaults under ./var/."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings", "prefect_defaults"]

_PLACEHOLDER = "change-me"


class Settings(BaseSettings):
    """One settings object for the process; every field can be set as MCHVERIFY_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="MCHVERIFY_", extra="ignore")

    environment: str = Field(default="development", description="development, test or production")
    db_url: str = Field(default="sqlite:///var/mchverify.db",
                        description="SQLAlchemy URL; postgresql://… uses psycopg 3")
    storage_url: str = Field(default="var/objects", description="a folder, or s3://bucket/prefix")
    s3_endpoint: str | None = Field(default=None, description="host:port of the S3-protocol server")
    s3_access_key: str | None = None
    s3_secret_key: SecretStr | None = None
    s3_secure: bool = True
    s3_timeout: float = Field(
        default=30.0, gt=0, description="seconds an S3 call waits for the server to connect or"
        " to send more bytes: a server that hangs fails the call (and is retried) instead of"
        " stalling the run; minio's own default is 5 minutes, retried 5 times")
    registry_url: str | None = Field(
        default=None, description="http(s):// base of the provincial registry's service, "
        "which then answers every registry lookup (storage/registry_http.py); unset: the "
        "local copy in the database, filled by `mchverify registry import`")
    workers: int = Field(default=2, ge=1, description="OCR worker processes of the nightly run")
    dask_scheduler: str | None = Field(
        default=None, description="tcp://host:8786 of a running Dask scheduler; "
        "unset: a local cluster of `workers` processes")
    report_dir: str = Field(default="var/reports", description="where morning reports go")
    # web application (`mchverify serve`)
    host: str = Field(default="127.0.0.1", description="address `serve` listens on")
    port: int = Field(default=8000, description="port `serve` listens on")
    session_hours: float = Field(default=8.0, gt=0, description="a sign-in lasts a work day")
    cookie_secure: bool = Field(default=False, description="send cookies over HTTPS only "
                                "(set it behind a TLS proxy; required in production)")
    max_upload_mb: float = Field(default=20.0, gt=0, description="largest file one may upload")
    max_upload_files: int = Field(default=20, ge=1, description="files in one application")

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        secret = self.s3_secret_key.get_secret_value() if self.s3_secret_key else None
        if self.environment == "production" and secret in (None, "", _PLACEHOLDER) and (
                self.storage_url.startswith("s3://")):
            raise ValueError("MCHVERIFY_S3_SECRET_KEY must be set in production")
        if self.environment == "production" and not self.cookie_secure:
            raise ValueError("MCHVERIFY_COOKIE_SECURE must be true in production (HTTPS)")
        return self


def get_settings() -> Settings:
    """Read the environment now (tests change it between calls)."""
    return Settings()


def prefect_defaults() -> None:
    """Prefect's own state under ./var (not the user's home) unless configured, no telemetry
    (the machines are offline), its logs kept to warnings. Call before importing prefect."""
    os.environ.setdefault("PREFECT_HOME", str(Path("var/prefect").resolve()))
    # Prefect makes its home but not the folders above it: run from a folder without
    # ./var, its temporary server would find no database and never come up
    Path(os.environ["PREFECT_HOME"]).expanduser().mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
