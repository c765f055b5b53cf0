"""The registry as verification sees it: an adapter interface, so that a provincial
registry's HTTP service can replace the local copy in the database without touching a rule."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from mchverify.schemas.codes import DocType
from mchverify.schemas.registry import RegistryEntry

__all__ = ["RegistryAdapter"]


@runtime_checkable
class RegistryAdapter(Protocol):
    """Read-only lookups the checks need; keys are compared after normalisation (§2)."""

    def lookup(self, doc_type: DocType, certificate_number: str) -> RegistryEntry | None:
        """The record of this certificate, or None when the authority has none."""
        ...

    def licences_of(self, institution_name: str) -> list[RegistryEntry]:
        """Every licence (any licence type) recorded for the institution of this name."""
        ...

    def records_of_person(self, id_number: str) -> list[RegistryEntry]:
        """Every personnel record of the holder of this ID number."""
        ...
