"""A provincial registry's HTTP service in place of the local copy (`MCHVERIFY_REGISTRY_URL`).

The service answers the three questions of `RegistryAdapter` with the records of §4 as JSON
(`RegistryEntry`: doc_type, certificate_number, status, fields, training_dates,
validation_dates):

- ``GET {base}/records/{doc_type}/{certificate_number}`` → the record, or 404 when the
  authority has none (the certificate number URL-encoded as one path segment);
- ``GET {base}/licences?institution_name=…`` → the licences recorded for that institution;
- ``GET {base}/persons/{id_number}/records`` → the personnel records of that holder.

A service that cannot be reached, times out or fails (5xx, a body that is not a record) is a
`ServiceUnavailableError`, never "not in the registry": a network fault must not turn into
NOT_IN_REGISTRY on an honest certificate. The run retries, then stops with the reason.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from mchverify.errors import ServiceUnavailableError
from mchverify.schemas.codes import DocType
from mchverify.schemas.registry import RegistryEntry

__all__ = ["HttpRegistry"]

_ENTRIES = TypeAdapter(list[RegistryEntry])


class HttpRegistry:
    """Read-only lookups against the service at `base_url` (implements `RegistryAdapter`)."""

    def __init__(self, base_url: str, *, timeout: float = 10.0,
                 headers: dict[str, str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout, headers=headers,
                                    follow_redirects=False, trust_env=False)

    def _get(self, path: str, params: dict[str, str] | None = None) -> Any:
        """The JSON body of a 200; None for a 404; the service's fault as an error."""
        url = f"{self.base_url}{path}"
        try:
            response = self._client.get(url, params=params)
        except httpx.HTTPError as exc:
            raise ServiceUnavailableError(f"登记库服务无法访问（{self.base_url}）：{exc}") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ServiceUnavailableError(
                f"登记库服务出错（HTTP {response.status_code}，{url}）")
        try:
            return response.json()
        except ValueError as exc:
            raise ServiceUnavailableError(f"登记库服务返回的不是 JSON（{url}）") from exc

    def lookup(self, doc_type: DocType, certificate_number: str) -> RegistryEntry | None:
        body = self._get(f"/records/{doc_type.value}/{quote(certificate_number, safe='')}")
        if body is None:
            return None
        try:
            return RegistryEntry.model_validate(body)
        except ValidationError as exc:
            raise ServiceUnavailableError(f"登记库服务返回的记录无效：{exc}") from exc

    def _entries(self, path: str, params: dict[str, str] | None = None) -> list[RegistryEntry]:
        body = self._get(path, params)
        try:
            return _ENTRIES.validate_python(body if body is not None else [])
        except ValidationError as exc:
            raise ServiceUnavailableError(f"登记库服务返回的记录无效：{exc}") from exc

    def licences_of(self, institution_name: str) -> list[RegistryEntry]:
        return self._entries("/licences", {"institution_name": institution_name})

    def records_of_person(self, id_number: str) -> list[RegistryEntry]:
        return self._entries(f"/persons/{quote(id_number.strip().upper(), safe='')}/records")

    def close(self) -> None:
        self._client.close()
