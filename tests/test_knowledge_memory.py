"""What a large knowledge file costs to hold: shared bookkeeping, nothing changed by sharing it."""

from __future__ import annotations

import pickle

from pydantic import BaseModel

from bot.knowledge import loader
from bot.knowledge.models import Knowledge, _walk


def shipped() -> Knowledge:
    return loader.parse(loader.default_path().read_text(encoding="utf-8"), "shipped")


def test_equal_sets_of_fields_set_are_one_object() -> None:
    models = [model for _, model in _walk(shipped(), ())]
    groups: dict[frozenset[str], list[BaseModel]] = {}
    for model in models:
        groups.setdefault(frozenset(model.model_fields_set), []).append(model)
    assert len(groups) < len(models) / 3
    for same in groups.values():
        assert len({id(m.__pydantic_fields_set__) for m in same}) == 1


def test_a_copy_with_changes_leaves_the_shared_set_alone() -> None:
    k = shipped()
    first = k.people[0]
    before = set(first.model_fields_set)
    missing = next(name for name in type(first).model_fields if name not in before)
    changed = first.model_copy(update={missing: None})
    assert missing in changed.model_fields_set
    assert first.model_fields_set == before
    again = shipped()
    assert again.people[0].model_fields_set == before
    assert again.people[0].model_dump(exclude_unset=True) == first.model_dump(exclude_unset=True)


def test_a_pickled_knowledge_reads_back_the_same_without_state_dicts() -> None:
    k = shipped()
    data = pickle.dumps(k, protocol=pickle.HIGHEST_PROTOCOL)
    # Each model is its fields' dict and its shared set, not a dict of state per model.
    assert b"__pydantic_fields_set__" not in data
    again = pickle.loads(data)
    assert again == k and again is not k
    assert again.model_dump() == k.model_dump()
    pairs = list(zip(_walk(again, ()), _walk(k, ()), strict=True))
    assert all(a.model_fields_set == b.model_fields_set for (_, a), (_, b) in pairs)
    assert all(
        a.__pydantic_extra__ is None and a.__pydantic_private__ is None for (_, a), _ in pairs
    )
    shared = {id(a.__pydantic_fields_set__) for (_, a), _ in pairs}
    assert len(shared) < len(pairs) / 3
