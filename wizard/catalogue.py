"""The Claude models claude-setup knows, per provider, read from ``wizard/data/models.json``.

Used whenever live discovery is not possible, and to flag a retired, retiring or unknown model
before it is written. The file is data with its sources; an ID no source names is left out
rather than guessed, so "not in the catalogue" means "not confirmed", never "does not exist".
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

from wizard.i18n import _
from wizard.model import Provider
from wizard.validation import BEDROCK_ARN, MODEL_ALIASES

Family = Literal["opus", "sonnet", "haiku", "fable"]

RETIREMENT_NOTICE_DAYS = 90
"""A model that retires within this many days is flagged as retiring."""

ONE_M_SUFFIX = "[1m]"

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class CatalogueModel:
    key: str
    name: str
    family: Family
    anthropic_id: str
    anthropic_aliases: tuple[str, ...]
    bedrock_id: str | None
    bedrock_alt_ids: tuple[str, ...]
    bedrock_served: frozenset[str]
    """Inference-profile prefixes known to serve the model."""
    bedrock_not_served: frozenset[str]
    """Prefixes a source says do not serve it; any other prefix is unknown."""
    vertex_id: str | None
    retires: date | None
    deprecated: bool
    context_1m: bool | None
    claude_code_recognises: bool
    notes: str

    def id_for(self, provider: Provider) -> str | None:
        """The model's ID for ``provider`` (a Bedrock *base* ID; see ``bedrock_profile_id``)."""
        if provider == "bedrock":
            return self.bedrock_id
        if provider == "vertex":
            return self.vertex_id
        return self.anthropic_id

    def serves(self, prefix: str) -> bool | None:
        """Whether the ``prefix.`` inference profile serves the model (None: not known)."""
        if prefix in self.bedrock_served:
            return True
        if prefix in self.bedrock_not_served:
            return False
        return None

    def bedrock_profile_id(self, prefix: str) -> str | None:
        return f"{prefix}.{self.bedrock_id}" if self.bedrock_id else None


@dataclass(frozen=True)
class _Catalogue:
    as_of: date
    claude_code_version: str
    prefixes: tuple[str, ...]
    models: tuple[CatalogueModel, ...]
    default_main: str
    default_fast: str


def _model(raw: dict[str, Any]) -> CatalogueModel:
    profiles: dict[str, bool] = raw.get("bedrock_profiles") or {}
    retires = raw.get("retires")
    return CatalogueModel(
        key=raw["key"],
        name=raw["name"],
        family=raw["family"],
        anthropic_id=raw["anthropic_id"],
        anthropic_aliases=tuple(raw.get("anthropic_aliases") or ()),
        bedrock_id=raw.get("bedrock_id"),
        bedrock_alt_ids=tuple(raw.get("bedrock_alt_ids") or ()),
        bedrock_served=frozenset(p for p, served in profiles.items() if served),
        bedrock_not_served=frozenset(p for p, served in profiles.items() if not served),
        vertex_id=raw.get("vertex_id"),
        retires=date.fromisoformat(retires) if retires else None,
        deprecated=bool(raw.get("deprecated")),
        context_1m=raw.get("context_1m"),
        claude_code_recognises=bool(raw.get("claude_code_recognises")),
        notes=raw.get("notes", ""),
    )


@cache
def _catalogue() -> _Catalogue:
    text = resources.files("wizard").joinpath("data", "models.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return _Catalogue(
        as_of=date.fromisoformat(data["as_of"]),
        claude_code_version=data["claude_code_version"],
        prefixes=tuple(data["bedrock_prefixes"]),
        models=tuple(_model(raw) for raw in data["models"]),
        default_main=data["defaults"]["main"],
        default_fast=data["defaults"]["fast"],
    )


def as_of() -> date:
    """The day the catalogue was last checked against its sources."""
    return _catalogue().as_of


def claude_code_version() -> str:
    """The Claude Code version whose recognised models the catalogue records."""
    return _catalogue().claude_code_version


def bedrock_prefixes() -> tuple[str, ...]:
    return _catalogue().prefixes


def all_models() -> list[CatalogueModel]:
    return list(_catalogue().models)


def by_key(key: str) -> CatalogueModel:
    for model in _catalogue().models:
        if model.key == key:
            return model
    raise KeyError(key)


def models(provider: Provider) -> list[CatalogueModel]:
    """The models with a known ID for ``provider``, newest first.

    Foundry deployments and Anthropic-format gateways are usually named after the Anthropic
    API IDs, so they get the Anthropic list.
    """
    return [m for m in _catalogue().models if m.id_for(provider)]


def split_bedrock_prefix(model_id: str) -> tuple[str | None, str]:
    """``"eu.anthropic.x"`` → ``("eu", "anthropic.x")``; no known prefix → ``(None, model_id)``."""
    head, dot, rest = model_id.partition(".")
    if dot and head in _catalogue().prefixes and rest.startswith("anthropic."):
        return head, rest
    return None, model_id


def _strip_1m(model_id: str) -> str:
    return model_id[: -len(ONE_M_SUFFIX)] if model_id.endswith(ONE_M_SUFFIX) else model_id


def lookup(provider: Provider, model_id: str) -> CatalogueModel | None:
    """The catalogue's model behind ``model_id`` as ``provider`` spells it.

    A ``[1m]`` suffix is ignored; a Bedrock ID may carry an inference-profile prefix. Aliases
    (``opus``…), Bedrock ARNs and IDs the catalogue does not hold give None.
    """
    bare = _strip_1m(model_id.strip())
    if bare in MODEL_ALIASES or model_id in MODEL_ALIASES:
        return None
    if provider == "bedrock":
        if BEDROCK_ARN.fullmatch(bare):
            return None
        _prefix, base = split_bedrock_prefix(bare)
        for m in _catalogue().models:
            if m.bedrock_id and base in (m.bedrock_id, *m.bedrock_alt_ids):
                return m
        return None
    if provider == "vertex":
        return next((m for m in _catalogue().models if m.vertex_id == bare), None)
    return next(
        (m for m in _catalogue().models if bare in (m.anthropic_id, *m.anthropic_aliases)),
        None,
    )


def long_date(day: date) -> str:
    """``November 30, 2026``: the form Claude Code's own retirement warning uses."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"


def _known_elsewhere(provider: Provider, bare: str) -> CatalogueModel | None:
    """A known model that ``bare`` names with its Anthropic ID, with no ID for ``provider``."""
    if provider == "bedrock":
        _prefix, base = split_bedrock_prefix(bare)
        bare = base.removeprefix("anthropic.")
    for m in _catalogue().models:
        if m.id_for(provider) is None and bare in (m.anthropic_id, *m.anthropic_aliases):
            return m
    return None


def _provider_title(provider: Provider) -> str:
    return {"bedrock": _("Amazon Bedrock"), "vertex": _("Vertex AI")}.get(provider, provider)


def check(provider: Provider, model_id: str, today: date) -> list[str]:
    """Warnings about ``model_id`` for ``provider`` on ``today``; empty when nothing is wrong.

    Foundry deployment names and gateway model names are the user's own: an ID the catalogue
    does not know is normal there and is not flagged.
    """
    cat = _catalogue()
    bare = _strip_1m(model_id.strip())
    if bare in MODEL_ALIASES or model_id in MODEL_ALIASES:
        return []
    if provider == "bedrock" and BEDROCK_ARN.fullmatch(bare):
        return []
    model = lookup(provider, model_id)
    if model is None:
        if provider in ("foundry", "gateway"):
            return []
        other = _known_elsewhere(provider, bare)
        if other is not None:
            return [
                _(
                    "{model} is not listed for {provider} in claude-setup's catalogue; "
                    "check that your account and region offer it"
                ).format(model=model_id, provider=_provider_title(provider))
            ]
        return [
            _(
                "{model} is unknown to claude-setup's catalogue (Claude Code {version} may not "
                "recognise it)"
            ).format(model=model_id, version=cat.claude_code_version)
        ]

    warnings: list[str] = []
    if model.retires is not None:
        days_left = (model.retires - today).days
        if days_left <= 0:
            warnings.append(
                _("{name} ({model}) was retired on {date}; choose a newer model").format(
                    name=model.name, model=model_id, date=long_date(model.retires)
                )
            )
        elif days_left <= RETIREMENT_NOTICE_DAYS:
            warnings.append(
                _("{name} ({model}) will be retired on {date}; choose a newer model").format(
                    name=model.name, model=model_id, date=long_date(model.retires)
                )
            )
    elif model.deprecated:
        warnings.append(
            _("{name} ({model}) is deprecated and will be retired; choose a newer model").format(
                name=model.name, model=model_id
            )
        )
    if not model.claude_code_recognises:
        warnings.append(
            _(
                "{name} ({model}) is not among the models Claude Code {version} recognises; it "
                "may say it doesn't recognize the model"
            ).format(name=model.name, model=model_id, version=cat.claude_code_version)
        )
    if provider == "bedrock":
        prefix, _base = split_bedrock_prefix(bare)
        if prefix is not None and model.serves(prefix) is False:
            served = [p + "." for p in cat.prefixes if p in model.bedrock_served]
            if served:
                warnings.append(
                    _(
                        "the `{prefix}.` profile does not serve {name}; it is served by {served}"
                    ).format(prefix=prefix, name=model.name, served=", ".join(served))
                )
            else:
                warnings.append(
                    _("the `{prefix}.` profile does not serve {name}").format(
                        prefix=prefix, name=model.name
                    )
                )
    if model_id.strip().endswith(ONE_M_SUFFIX) and model.context_1m is False:
        warnings.append(
            _("{name} has no 1M-token context window; remove the [1m] suffix").format(
                name=model.name
            )
        )
    return warnings


def default_models(provider: Provider, region_prefix: str | None = None) -> tuple[str, str]:
    """``(main, fast)`` model IDs to offer for ``provider``.

    For Bedrock, ``region_prefix`` (``global``, ``us``, ``eu``…; default ``global``) is put in
    front of the base ID as Claude Code does, unless a source says that profile does not serve
    the model: then the ``global.`` profile (or the first one known to serve it) is offered.
    """
    cat = _catalogue()
    main, fast = by_key(cat.default_main), by_key(cat.default_fast)
    if provider != "bedrock":
        return _require(main.id_for(provider)), _require(fast.id_for(provider))
    prefix = region_prefix or "global"
    return _bedrock_default(main, prefix), _bedrock_default(fast, prefix)


def _bedrock_default(model: CatalogueModel, prefix: str) -> str:
    if model.serves(prefix) is False:
        served = [p for p in _catalogue().prefixes if p in model.bedrock_served]
        prefix = "global" if "global" in served else served[0]
    return _require(model.bedrock_profile_id(prefix))


def _require(model_id: str | None) -> str:
    if model_id is None:  # the data file's defaults must have an ID for every provider
        raise RuntimeError("the catalogue's default models lack an ID for this provider")
    return model_id
