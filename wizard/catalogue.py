"""The Claude models claude-setup knows, per provider, read from ``wizard/data/models.json``.

Used whenever live discovery is not possible, and to flag a retired, retiring or unknown model
before it is written. The file is data with its sources; an ID no source names is left out
rather than guessed, so "not in the catalogue" means "not confirmed", never "does not exist".
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, Literal

from wizard.i18n import _
from wizard.model import Provider
from wizard.validation import BEDROCK_ARN, MODEL_ALIASES

Family = Literal["opus", "sonnet", "haiku", "fable", "mythos"]
Role = Literal["model", "opus_model", "sonnet_model", "fast_model", "fable_model"]
"""A model role Claude Code may call, named by the ``Setup`` field that pins it."""

ROLE_FAMILIES: dict[Role, Family] = {
    "model": "opus",
    "opus_model": "opus",
    "sonnet_model": "sonnet",
    "fast_model": "haiku",
    "fable_model": "fable",
}
"""The family whose newest model is preselected for each role (the main model: Opus, as
Claude Code's own ``best`` alias)."""

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
    claude_code_id: str | None
    """The model's ID in Claude Code's own catalogue or retirement table."""
    anthropic_id: str
    anthropic_aliases: tuple[str, ...]
    bedrock_id: str | None
    bedrock_alt_ids: tuple[str, ...]
    bedrock_served: frozenset[str]
    """Inference-profile prefixes known to serve the model."""
    bedrock_not_served: frozenset[str]
    """Prefixes a source says do not serve it; any other prefix is unknown."""
    vertex_id: str | None
    vertex_region_env_var: str | None
    vertex_global_endpoint: bool | None
    """False: Vertex AI serves the model only in regions, not in ``global`` (None: not known)."""
    foundry_id: str | None
    gateway_id: str | None
    anthropic_aws_id: str | None
    anthropic_google_cloud_id: str | None
    mantle_id: str | None
    retires: MappingProxyType[str, date]
    """Retirement day per provider, as Claude Code's table gives it."""
    remapped_to: str | None
    deprecated: bool
    context_1m: bool | None
    max_output_tokens: int | None
    claude_code_recognises: bool
    notes: str

    def id_for(self, provider: Provider) -> str | None:
        """The model's ID for ``provider`` (a Bedrock *base* ID; see ``bedrock_profile_id``)."""
        return {
            "anthropic": self.anthropic_id,
            "bedrock": self.bedrock_id,
            "vertex": self.vertex_id,
            "foundry": self.foundry_id,
            "gateway": self.gateway_id,
            "anthropic-aws": self.anthropic_aws_id,
            "anthropic-google-cloud": self.anthropic_google_cloud_id,
            "mantle": self.mantle_id,
        }[provider]

    def retires_on(self, provider: Provider) -> date | None:
        return self.retires.get(provider)

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
    aliases: dict[str, dict[str, str]]


def _model(raw: dict[str, Any]) -> CatalogueModel:
    profiles: dict[str, bool] = raw.get("bedrock_profiles") or {}
    retires = raw.get("retires") or {}
    return CatalogueModel(
        key=raw["key"],
        name=raw["name"],
        family=raw["family"],
        claude_code_id=raw.get("claude_code_id"),
        anthropic_id=raw["anthropic_id"],
        anthropic_aliases=tuple(raw.get("anthropic_aliases") or ()),
        bedrock_id=raw.get("bedrock_id"),
        bedrock_alt_ids=tuple(raw.get("bedrock_alt_ids") or ()),
        bedrock_served=frozenset(p for p, served in profiles.items() if served),
        bedrock_not_served=frozenset(p for p, served in profiles.items() if not served),
        vertex_id=raw.get("vertex_id"),
        vertex_region_env_var=raw.get("vertex_region_env_var"),
        vertex_global_endpoint=raw.get("vertex_global_endpoint"),
        foundry_id=raw.get("foundry_id"),
        gateway_id=raw.get("gateway_id"),
        anthropic_aws_id=raw.get("anthropic_aws_id"),
        anthropic_google_cloud_id=raw.get("anthropic_google_cloud_id"),
        mantle_id=raw.get("mantle_id"),
        retires=MappingProxyType({p: date.fromisoformat(d) for p, d in retires.items()}),
        remapped_to=raw.get("remapped_to"),
        deprecated=bool(raw.get("deprecated")),
        context_1m=raw.get("context_1m"),
        max_output_tokens=raw.get("max_output_tokens"),
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
        aliases=data["aliases"],
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


def aliases() -> dict[str, dict[str, str]]:
    """What Claude Code resolves ``opus``, ``sonnet``, ``haiku`` and ``fable`` to, per provider
    (as ``claude_code_id`` values)."""
    return {family: dict(per) for family, per in _catalogue().aliases.items()}


def by_claude_code_id(claude_code_id: str) -> CatalogueModel:
    for model in _catalogue().models:
        if model.claude_code_id == claude_code_id:
            return model
    raise KeyError(claude_code_id)


def models(provider: Provider) -> list[CatalogueModel]:
    """The models with a known ID for ``provider``, newest first.

    Foundry deployments are usually named after Claude Code's Foundry IDs, and Anthropic-format
    gateways after the Anthropic API IDs.
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
        (
            m
            for m in _catalogue().models
            if bare in (m.anthropic_id, *m.anthropic_aliases)
            or (provider != "anthropic" and bare == m.id_for(provider))
        ),
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
    retires = model.retires_on(provider)
    if retires is not None:
        days_left = (retires - today).days
        if days_left <= 0:
            warnings.append(
                _("{name} ({model}) was retired on {date}; choose a newer model").format(
                    name=model.name, model=model_id, date=long_date(retires)
                )
            )
        elif days_left <= RETIREMENT_NOTICE_DAYS:
            warnings.append(
                _("{name} ({model}) will be retired on {date}; choose a newer model").format(
                    name=model.name, model=model_id, date=long_date(retires)
                )
            )
    if model.remapped_to and provider == "anthropic":
        warnings.append(
            _(
                "Claude Code runs {name} ({model}) as {other} on the Anthropic API; choose "
                "that model instead"
            ).format(name=model.name, model=model_id, other=model.remapped_to)
        )
    elif retires is None and model.deprecated:
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


def usable(model: CatalogueModel, provider: Provider, today: date) -> bool:
    """Neither retired nor retiring within ``RETIREMENT_NOTICE_DAYS`` on ``provider``."""
    retires = model.retires_on(provider)
    if retires is not None and (retires - today).days <= RETIREMENT_NOTICE_DAYS:
        return False
    return not model.deprecated and model.remapped_to is None


def bedrock_prefix(region: str | None) -> str:
    """The inference-profile prefix Claude Code puts in front for ``region`` [seen]:
    ``us-gov-*`` us-gov, ``us-*`` us, ``eu-*`` eu, ``ap-*`` apac, anything else global
    (no region: Claude Code's us-east-1)."""
    region = region or "us-east-1"
    for start, prefix in (("us-gov-", "us-gov"), ("us-", "us"), ("eu-", "eu"), ("ap-", "apac")):
        if region.startswith(start):
            return prefix
    return "global"


def role_default(
    role: Role,
    provider: Provider,
    today: date,
    region_prefix: str | None = None,
    callable_ids: Collection[str] | None = None,
) -> str | None:
    """The model preselected for ``role``: the newest of its family with an ID for
    ``provider`` that is neither retired nor retiring there (None: the provider has none).

    A Bedrock ID gets ``region_prefix`` (default ``global``) unless a source says that
    profile does not serve the model. ``callable_ids``, what discovery found callable (Bedrock
    inference profiles of the region, the models an API key lists), narrows the choice to
    them: on Bedrock, any profile of the model that discovery lists is taken, the region's
    prefix first.
    """
    family = ROLE_FAMILIES[role]
    for model in _catalogue().models:
        if not (
            model.family == family and model.id_for(provider) and usable(model, provider, today)
        ):
            continue
        if provider == "bedrock":
            preferred = _bedrock_default(model, region_prefix or "global")
            if callable_ids is None:
                return preferred
            found = _callable_bedrock_profile(model, preferred, callable_ids)
            if found is not None:
                return found
            continue
        model_id = model.id_for(provider)
        if callable_ids is None or model_id in callable_ids:
            return model_id
    return None


def _callable_bedrock_profile(
    model: CatalogueModel, preferred: str, callable_ids: Collection[str]
) -> str | None:
    if preferred in callable_ids:
        return preferred
    for candidate in sorted(callable_ids):
        prefix, base = split_bedrock_prefix(candidate)
        if prefix is not None and base in (model.bedrock_id, *model.bedrock_alt_ids):
            return candidate
    return None


def default_models(provider: Provider, region_prefix: str | None = None) -> tuple[str, str]:
    """``(main, fast)`` model IDs to offer for ``provider``, as of the catalogue's day.

    For Bedrock, ``region_prefix`` (``global``, ``us``, ``eu``…; default ``global``) is put in
    front of the base ID as Claude Code does, unless a source says that profile does not serve
    the model: then the ``global.`` profile (or the first one known to serve it) is offered.
    """
    day = _catalogue().as_of
    main = role_default("model", provider, day, region_prefix)
    fast = role_default("fast_model", provider, day, region_prefix)
    return _require(main), _require(fast)


def _bedrock_default(model: CatalogueModel, prefix: str) -> str:
    if model.serves(prefix) is False:
        served = [p for p in _catalogue().prefixes if p in model.bedrock_served]
        prefix = "global" if "global" in served else served[0]
    return _require(model.bedrock_profile_id(prefix))


def _require(model_id: str | None) -> str:
    if model_id is None:  # the data file must have an Opus and a Haiku for every provider
        raise RuntimeError("the catalogue has no usable default model for this provider")
    return model_id
