"""Check request bodies the bot sends against Discord's OpenAPI description.

The description (Discord's, MIT) is read from ``../shared/discord-api-spec/openapi.json`` or
``$NAMIDA_DISCORD_OPENAPI``; it is never copied into this repository.

Two layers:
- schema: the operation's ``requestBody`` ``application/json`` schema, validated with
  jsonschema Draft 2020-12 (the dialect of OpenAPI 3.1). Snowflakes: the description types
  them as decimal strings, but discord.py sends some as integers (``message_reference``,
  ``allowed_mentions.users``) and Discord accepts both. We accept a non-negative integer
  exactly where the schema says ``SnowflakeType`` and nowhere else, which is the same as
  coercing those integers to strings before validating.
- prose: limits the description does not encode (6000 characters across embeds, content
  2000, autocomplete choices) plus the project's own rule that every message the bot sends
  carries ``allowed_mentions`` with an empty ``parse`` and no user or role ids.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SPEC_ENV = "NAMIDA_DISCORD_OPENAPI"
DEFAULT_SPEC_PATH = Path(__file__).resolve().parents[3] / "shared/discord-api-spec/openapi.json"
API_PREFIX = "/api/v10"
_SPEC_URI = "urn:discord-openapi"
_UINT64_MAX = 2**64 - 1

# Discord's documented limits (https://discord.com/developers/docs/resources/message).
CONTENT_MAX = 2000
EMBEDS_TOTAL_MAX = 6000
EMBED_LIMITS: dict[str, int] = {
    "title": 256,
    "description": 4096,
    "fields": 25,
    "field.name": 256,
    "field.value": 1024,
    "footer.text": 2048,
    "author.name": 256,
}
CHOICES_MAX = 25
CHOICE_NAME = (1, 100)

# Callback types whose ``data`` is a message.
MESSAGE_CALLBACK_TYPES = frozenset({4, 7})
AUTOCOMPLETE_CALLBACK_TYPE = 8


class SpecMissingError(FileNotFoundError):
    """The OpenAPI description is not where we look for it."""


@dataclass(frozen=True)
class Violation:
    """One broken rule in one request body."""

    method: str
    path: str
    json_path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.json_path}: [{self.rule}] {self.message}"


class ConformanceError(AssertionError):
    """A request body broke Discord's schema or one of the prose rules."""

    def __init__(self, violations: list[Violation]) -> None:
        self.violations = violations
        super().__init__("\n".join(str(v) for v in violations))


def spec_path() -> Path:
    return Path(os.environ.get(SPEC_ENV) or DEFAULT_SPEC_PATH)


@functools.cache
def load_spec() -> dict[str, Any]:
    """The description, read once, with ``SnowflakeType`` widened to accept integers."""
    path = spec_path()
    if not path.is_file():
        raise SpecMissingError(f"Discord OpenAPI description not found at {path}")
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    snowflake = schemas["SnowflakeType"]
    schemas["SnowflakeType"] = {
        "anyOf": [snowflake, {"type": "integer", "minimum": 0, "maximum": _UINT64_MAX}]
    }
    return spec


@functools.cache
def _registry() -> Registry[Any]:
    registry: Registry[Any] = Registry().with_resource(
        _SPEC_URI, DRAFT202012.create_resource(load_spec())
    )
    return registry


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str, int]]:
    """(regex, template, number of literal characters) for every path in the description."""
    out = []
    for template in load_spec()["paths"]:
        parts = re.split(r"(\{[^}]+\})", template)
        regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        literal = sum(len(p) for p in parts if not p.startswith("{"))
        out.append((re.compile(f"^{regex}$"), template, literal))
    return out


def match_template(path: str) -> str | None:
    """The description's templated path for a concrete path (most literal match wins)."""
    if path.startswith(API_PREFIX):
        path = path[len(API_PREFIX) :]
    hits = [(literal, template) for regex, template, literal in _templates() if regex.match(path)]
    return max(hits)[1] if hits else None


def _pointer(*parts: str) -> str:
    return "".join("/" + quote(p.replace("~", "~0").replace("/", "~1"), safe="~") for p in parts)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return schema
    node: Any = load_spec()
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return _resolve(node)


@functools.cache
def _validator(template: str, method: str) -> Draft202012Validator | None:
    operation = load_spec()["paths"][template].get(method.lower())
    if not operation or "requestBody" not in operation:
        return None
    content = operation["requestBody"].get("content", {})
    if "application/json" not in content:
        return None
    ref = _SPEC_URI + "#" + _pointer("paths", template, method.lower())
    ref += _pointer("requestBody", "content", "application/json", "schema")
    return Draft202012Validator({"$ref": ref}, registry=_registry())


def _branch_for(template: str, method: str, body: Any) -> Draft202012Validator | None:
    """For a union keyed by ``type`` (interaction callbacks), the one branch that fits.

    Validating against the chosen branch gives errors about the fields, instead of "matches
    none of the 7 alternatives".
    """
    if not isinstance(body, dict) or "type" not in body:
        return None
    operation = load_spec()["paths"][template][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    branches = schema.get("anyOf") or schema.get("oneOf") or []
    fitting = []
    for branch in branches:
        enum = _resolve(branch).get("properties", {}).get("type", {}).get("enum")
        if enum is not None and body["type"] in enum and "$ref" in branch:
            fitting.append(branch["$ref"])
    if len(fitting) != 1:
        return None
    return Draft202012Validator({"$ref": _SPEC_URI + fitting[0]}, registry=_registry())


_SHAPE_RULES = frozenset({"type", "enum", "const"})


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """Descend into anyOf/oneOf to the errors of the alternative that fits best."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        yield error
        return
    by_branch: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)

    def badness(errors: list[ValidationError]) -> tuple[int, int]:
        shallow = any(
            e.validator in _SHAPE_RULES and len(e.absolute_path) <= len(error.absolute_path)
            for e in errors
        )
        return (int(shallow), len(errors))

    best = min(by_branch.values(), key=badness)
    if badness(best)[0]:  # no alternative even has the right shape: report the union itself
        yield error
        return
    for sub in best:
        yield from _leaves(sub)


def schema_violations(method: str, path: str, body: Any) -> list[Violation]:
    template = match_template(path)
    if template is None:
        return [Violation(method, path, "$", "route", "no such route in Discord's description")]
    validator = _branch_for(template, method, body) or _validator(template, method)
    if validator is None:
        return []
    out = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.path))):
        for leaf in _leaves(error):
            rule = f"schema:{leaf.validator}"
            out.append(Violation(method, path, leaf.json_path, rule, _describe(leaf)))
    return out


def _describe(error: ValidationError) -> str:
    """A short message: jsonschema's own repeats the whole instance for size rules."""
    limit, instance = error.validator_value, error.instance
    if error.validator in ("maxItems", "minItems") and isinstance(instance, list):
        bound = "at most" if error.validator == "maxItems" else "at least"
        return f"{len(instance)} items, {bound} {limit}"
    if error.validator in ("maxLength", "minLength") and isinstance(instance, str):
        bound = "at most" if error.validator == "maxLength" else "at least"
        return f"{len(instance)} characters, {bound} {limit}"
    message = str(error.message)
    return message if len(message) <= 200 else message[:197] + "..."


def _len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def embed_violations(embeds: Any, where: str) -> Iterator[tuple[str, str, str]]:
    """(json path, rule, message) for each embed limit broken."""
    if not isinstance(embeds, list):
        return
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        at = f"{where}.embeds[{i}]"
        footer = embed.get("footer") or {}
        author = embed.get("author") or {}
        fields = embed.get("fields") or []
        checks = [
            ("title", embed.get("title"), f"{at}.title"),
            ("description", embed.get("description"), f"{at}.description"),
            ("footer.text", footer.get("text"), f"{at}.footer.text"),
            ("author.name", author.get("name"), f"{at}.author.name"),
        ]
        for j, fld in enumerate(fields if isinstance(fields, list) else []):
            checks.append(("field.name", fld.get("name"), f"{at}.fields[{j}].name"))
            checks.append(("field.value", fld.get("value"), f"{at}.fields[{j}].value"))
        if isinstance(fields, list) and len(fields) > EMBED_LIMITS["fields"]:
            yield (
                f"{at}.fields",
                "embed.fields",
                f"{len(fields)} fields, at most {EMBED_LIMITS['fields']}",
            )
        for rule, value, json_path in checks:
            total += _len(value)
            if _len(value) > EMBED_LIMITS[rule]:
                limit = EMBED_LIMITS[rule]
                yield json_path, f"embed.{rule}", f"{_len(value)} characters, at most {limit}"
    if total > EMBEDS_TOTAL_MAX:
        yield (
            f"{where}.embeds",
            "embed.total",
            f"{total} characters in all embeds, at most {EMBEDS_TOTAL_MAX}",
        )


def message_violations(message: Any, where: str) -> Iterator[tuple[str, str, str]]:
    """Prose limits and the no-mentions rule for one message body."""
    if not isinstance(message, dict):
        yield where, "message", "message body is not an object"
        return
    content = message.get("content")
    if _len(content) > CONTENT_MAX:
        yield f"{where}.content", "content.length", f"{_len(content)} characters, at most 2000"
    yield from embed_violations(message.get("embeds"), where)
    mentions = message.get("allowed_mentions")
    at = f"{where}.allowed_mentions"
    if not isinstance(mentions, dict):
        yield at, "allowed_mentions.required", "missing: the bot must send allowed_mentions"
        return
    if mentions.get("parse") != []:
        yield (
            f"{at}.parse",
            "allowed_mentions.parse",
            f"must be present and empty, got {mentions.get('parse')!r}",
        )
    for key in ("users", "roles"):
        if mentions.get(key):
            yield f"{at}.{key}", f"allowed_mentions.{key}", f"must be empty, got {mentions[key]!r}"


def choices_violations(data: Any, where: str) -> Iterator[tuple[str, str, str]]:
    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        yield f"{where}.choices", "choices.required", "autocomplete answer without a choices list"
        return
    if len(choices) > CHOICES_MAX:
        yield f"{where}.choices", "choices.count", f"{len(choices)} choices, at most {CHOICES_MAX}"
    low, high = CHOICE_NAME
    for i, choice in enumerate(choices):
        name = choice.get("name") if isinstance(choice, dict) else None
        if not isinstance(name, str) or not low <= len(name) <= high:
            yield (
                f"{where}.choices[{i}].name",
                "choices.name",
                f"name must be {low}-{high} characters, got {name!r}",
            )


def _is_message_route(method: str, template: str) -> bool:
    return (method, template) in {
        ("POST", "/webhooks/{webhook_id}/{webhook_token}"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"),
        ("PATCH", "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"),
        ("POST", "/channels/{channel_id}/messages"),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}"),
    }


def prose_violations(method: str, path: str, body: Any) -> list[Violation]:
    template = match_template(path)
    found: Iterable[tuple[str, str, str]] = ()
    if template == "/interactions/{interaction_id}/{interaction_token}/callback":
        kind = body.get("type") if isinstance(body, dict) else None
        if kind in MESSAGE_CALLBACK_TYPES and (kind == 4 or body.get("data") is not None):
            found = message_violations(body.get("data"), "$.data")
        elif kind == AUTOCOMPLETE_CALLBACK_TYPE:
            found = choices_violations(body.get("data"), "$.data")
    elif template is not None and _is_message_route(method, template):
        found = message_violations(body, "$")
    return [Violation(method, path, at, rule, msg) for at, rule, msg in found]


def violations(method: str, path: str, body: Any) -> list[Violation]:
    """Every rule the body breaks (schema first, then prose)."""
    method = method.upper()
    return schema_violations(method, path, body) + prose_violations(method, path, body)


def check(method: str, path: str, body: Any) -> None:
    """Raise :class:`ConformanceError` naming each JSON path and rule broken."""
    found = violations(method, path, body)
    if found:
        raise ConformanceError(found)
