"""The models to offer for a setup, from the catalogue, with their notes. No Textual here."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wizard import catalogue
from wizard.i18n import _
from wizard.model import Provider
from wizard.tui import flow

NEVER_PRESELECT_WITHIN = timedelta(days=30)
LISTED_BY_ENDPOINT = frozenset({"anthropic-aws", "mantle", "anthropic-google-cloud"})
"""Providers whose endpoint lists exactly the models it serves: once it has, only those are
offered (a catalogue model it does not list would be refused)."""


@dataclass(frozen=True)
class ModelLine:
    model_id: str
    name: str
    notes: str


def catalogue_provider(values: Mapping[str, Any]) -> Provider:
    """Whose model IDs apply: a Bedrock or Vertex gateway takes those providers' IDs."""
    provider = values.get("provider")
    if provider == "gateway":
        api = flow.gateway_api(values)
        return "bedrock" if api == "bedrock" else "vertex" if api == "vertex" else "gateway"
    if provider in (
        "anthropic",
        "bedrock",
        "vertex",
        "foundry",
        "anthropic-aws",
        "anthropic-google-cloud",
        "mantle",
    ):
        return provider  # type: ignore[no-any-return]
    return "anthropic"


def region_prefix(values: Mapping[str, Any], role: str = "model") -> str | None:
    """The Bedrock inference-profile prefix Claude Code puts before a model of ``role``."""
    if catalogue_provider(values) != "bedrock":
        return None
    region = values.get("fast_model_region") if role == "fast_model" else None
    return catalogue.bedrock_prefix(region or values.get("region"))


def _model_id(
    model: catalogue.CatalogueModel, provider: Provider, prefix: str | None
) -> str | None:
    """The ID to offer: for Bedrock, the region's own inference profile unless a source says
    it does not serve the model (then ``global``, or the first prefix known to serve it)."""
    if provider != "bedrock":
        return model.id_for(provider)
    prefix = prefix or "global"
    if model.serves(prefix) is False:
        served = [p for p in catalogue.bedrock_prefixes() if model.serves(p)]
        prefix = "global" if "global" in served else (served or ["global"])[0]
    return model.bedrock_profile_id(prefix)


def notes(model: catalogue.CatalogueModel, provider: Provider, today: date) -> str:
    found = []
    if model.context_1m:
        found.append(_("1M context"))
    retires = model.retires_on(provider)
    if retires is not None:
        if retires <= today:
            found.append(_("retired {day}").format(day=retires.isoformat()))
        else:
            found.append(_("retires {day}").format(day=retires.isoformat()))
    elif model.deprecated:
        found.append(_("deprecated"))
    return ", ".join(found)


def lines(values: Mapping[str, Any], today: date) -> list[ModelLine]:
    """The catalogue's models for the setup's provider (region prefix on Bedrock), retired
    ones left out, each with its notes."""
    provider = catalogue_provider(values)
    prefix = region_prefix(values)
    found = []
    for model in catalogue.models(provider):
        retires = model.retires_on(provider)
        if retires is not None and retires <= today:
            continue
        model_id = _model_id(model, provider, prefix)
        if model_id:
            found.append(ModelLine(model_id, model.name, notes(model, provider, today)))
    return found


def retiring_soon(provider: Provider, model_id: str, today: date) -> bool:
    model = catalogue.lookup(provider, model_id)
    retires = model.retires_on(provider) if model else None
    return retires is not None and retires - today <= NEVER_PRESELECT_WITHIN


def preselected(
    values: Mapping[str, Any], today: date, callable_ids: Collection[str] | None = None
) -> tuple[str, str]:
    """``(main, fast)``: the same choice the plan makes for a role left open (the newest of
    the role's family that is neither retired nor retiring, among ``callable_ids`` when
    discovery found some), never one retiring within 30 days; empty when the provider has none
    (a gateway: typed in)."""
    provider = catalogue_provider(values)
    picked = []
    for role in ("model", "fast_model"):
        prefix = region_prefix(values, role)
        model_id = catalogue.role_default(role, provider, today, prefix, callable_ids)
        if model_id is None and callable_ids is not None:
            model_id = catalogue.role_default(role, provider, today, prefix)
        if model_id and retiring_soon(provider, model_id, today):
            model_id = None
        picked.append(model_id or "")
    return picked[0], picked[1]


VERTEX_MODEL_REGION = "us-east5"
"""Where a model that Vertex AI does not serve in ``global`` is called: Claude's usual region."""


def _regional_only(model_id: str) -> catalogue.CatalogueModel | None:
    model = catalogue.lookup("vertex", model_id) if model_id else None
    return model if model is not None and model.vertex_global_endpoint is False else None


def not_served(values: Mapping[str, Any], model_id: str) -> catalogue.CatalogueModel | None:
    """The catalogue's model when the setup's Vertex AI region is ``global`` and Vertex AI
    serves ``model_id`` only in regions; else ``None``."""
    if catalogue_provider(values) != "vertex" or values.get("region") != "global":
        return None
    return _regional_only(model_id.strip())


def _placed(values: Mapping[str, Any]) -> dict[str, str]:
    """The setup's ``MODEL=REGION`` items, by model."""
    found = {}
    for item in values.get("vertex_region") or ():
        model, equals, region = str(item).partition("=")
        if equals:
            found[model.strip()] = region.strip()
    return found


def region_note(values: Mapping[str, Any], model_id: str) -> str:
    """One short line for a model the chosen Vertex AI region does not serve: the
    ``VERTEX_REGION_*`` value the setup carries for it, or that no region can be set."""
    model = not_served(values, model_id)
    if model is None:
        return ""
    region = str(values.get("region"))
    if model.vertex_region_env_var is None:
        return _("not in {region}; go back and choose another region").format(region=region)
    target = _placed(values).get(model_id.strip(), VERTEX_MODEL_REGION)
    return _("not in {region}: {variable}={target}").format(
        region=region, variable=model.vertex_region_env_var, target=target
    )


def vertex_region_items(values: Mapping[str, Any], chosen: list[str]) -> tuple[str, ...]:
    """The setup's ``MODEL=REGION`` items once ``chosen`` are its models: each chosen model the
    region does not serve gets one (``VERTEX_MODEL_REGION``) unless it has one; an item for
    such a model no longer chosen goes."""
    picked = list(dict.fromkeys(m.strip() for m in chosen if m and m.strip()))
    kept = [
        str(item)
        for item in values.get("vertex_region") or ()
        if str(item).partition("=")[0].strip() in picked
        or _regional_only(str(item).partition("=")[0].strip()) is None
    ]
    have = _placed({"vertex_region": kept})
    for model_id in picked:
        model = not_served(values, model_id)
        if model is not None and model.vertex_region_env_var and model_id not in have:
            kept.append(f"{model_id}={VERTEX_MODEL_REGION}")
    return tuple(kept)
