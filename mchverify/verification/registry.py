"""The registry as verification sees it: an adapter interface, so that a provincial
registry's HTTP service can replace the local copy in the database without touching a rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from mchverify.schemas.codes import DocType
from mchverify.schemas.registry import RegistryEntry

__all__ = ["RegistryAdapter", "RememberingRegistry", "remembering"]


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


class RememberingRegistry:
    """A registry that answers each question once. Made for one document and dropped after
    it: its second look, the location of its values and its checks ask for the same record
    (three round trips to the database a document), and all of them see one answer even
    while an import runs beside them. Never kept longer, so never stale."""

    def __init__(self, registry: RegistryAdapter) -> None:
        self._registry = registry
        self._answers: dict[tuple[str, ...], Any] = {}

    def _once(self, key: tuple[str, ...], ask: Callable[[], Any]) -> Any:
        if key not in self._answers:
            self._answers[key] = ask()
        return self._answers[key]

    def lookup(self, doc_type: DocType, certificate_number: str) -> RegistryEntry | None:
        entry: RegistryEntry | None = self._once(
            ("lookup", doc_type.value, certificate_number),
            lambda: self._registry.lookup(doc_type, certificate_number))
        return entry

    def licences_of(self, institution_name: str) -> list[RegistryEntry]:
        return list(self._once(("licences_of", institution_name),
                               lambda: self._registry.licences_of(institution_name)))

    def records_of_person(self, id_number: str) -> list[RegistryEntry]:
        return list(self._once(("records_of_person", id_number),
                               lambda: self._registry.records_of_person(id_number)))


def remembering(registry: RegistryAdapter | None) -> RegistryAdapter | None:
    """`registry` for one document (see :class:`RememberingRegistry`); None stays None."""
    return RememberingRegistry(registry) if registry is not None else None
