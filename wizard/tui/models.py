"""The models to offer for a setup, from the catalogue, with their notes. No Textual here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from wizard import catalogue
from wizard.i18n import _
from wizard.model import Provider
from wizard.tui import flow

NEVER_PRESELECT_WITHIN = timedelta(days=30)


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
        return "bedrock" if api == "bedrock" else "vertex" if api == "vertex" else "anthropic"
    if provider in ("bedrock", "vertex"):
        return "bedrock" if provider == "bedrock" else "vertex"
    return "anthropic"


def bedrock_prefix(region: str | None) -> str:
    """The inference-profile prefix Claude Code would put before a model in ``region``."""
    if not region:
        return "global"
    head = region.split("-", 1)[0]
    return {"ap": "apac", "us": "us", "eu": "eu", "ca": "ca"}.get(head, "global")


def _model_id(model: catalogue.CatalogueModel, provider: Provider, prefix: str) -> str | None:
    """The ID to offer: for Bedrock, the region's own inference profile unless a source says
    it does not serve the model (then ``global``, or the first prefix known to serve it)."""
    if provider != "bedrock":
        return model.id_for(provider)
    if model.serves(prefix) is False:
        served = [p for p in catalogue.bedrock_prefixes() if model.serves(p)]
        prefix = "global" if "global" in served else (served or ["global"])[0]
    return model.bedrock_profile_id(prefix)


def notes(model: catalogue.CatalogueModel, today: date) -> str:
    found = []
    if model.context_1m:
        found.append(_("1M context"))
    if model.retires is not None:
        if model.retires <= today:
            found.append(_("retired {day}").format(day=model.retires.isoformat()))
        else:
            found.append(_("retires {day}").format(day=model.retires.isoformat()))
    elif model.deprecated:
        found.append(_("deprecated"))
    return ", ".join(found)


def lines(values: Mapping[str, Any], today: date) -> list[ModelLine]:
    provider = catalogue_provider(values)
    prefix = bedrock_prefix(values.get("region"))
    found = []
    for model in catalogue.models(provider):
        if model.retires is not None and model.retires <= today:
            continue
        model_id = _model_id(model, provider, prefix)
        if model_id:
            found.append(ModelLine(model_id, model.name, notes(model, today)))
    return found


def retiring_soon(provider: Provider, model_id: str, today: date) -> bool:
    model = catalogue.lookup(provider, model_id)
    return bool(model and model.retires and model.retires - today <= NEVER_PRESELECT_WITHIN)


def preselected(values: Mapping[str, Any], today: date) -> tuple[str, str]:
    """``(main, fast)``: the catalogue's defaults, never a model retiring within 30 days."""
    provider = catalogue_provider(values)
    prefix = bedrock_prefix(values.get("region")) if provider == "bedrock" else None
    main, fast = catalogue.default_models(provider, prefix)
    offered = lines(values, today)
    picked = []
    for model_id in (main, fast):
        if retiring_soon(provider, model_id, today):
            model_id = next(
                (m.model_id for m in offered if not retiring_soon(provider, m.model_id, today)),
                model_id,
            )
        picked.append(model_id)
    return picked[0], picked[1]
