"""Issue 14, item 4: the candidates query takes the nomination kind and lists only those a
nomination of that kind may select (the kind rules of its workflow definition, domain.rules.kinds),
with the kind's check; without a kind, everyone eligible for some kind of nomination."""

from __future__ import annotations

from datetime import date

from domain.reference import Level

CANDIDATES = """query($post: String!, $kind: NominationKind) {
  candidates(positionCode: $post, asOf: "2027-01-15", kind: $kind, first: 100) {
    totalCount edges { node { employee { nip } eligibility { checks { rule passed key } } } } } }"""


async def test_the_candidates_of_a_kind_are_those_it_may_select(as_user, province) -> None:  # type: ignore[no-untyped-def]
    admin = await province.employee(Level.ADMINISTRATOR, held_since=date(2020, 3, 1), target=Level.JPT_PRATAMA)
    panel = await as_user("panel")

    async def listed(kind: str | None) -> dict[str, list[dict]]:  # type: ignore[type-arg]
        page = (await panel.data(CANDIDATES, {"post": "KABKD", "kind": kind}))["candidates"]
        assert page["totalCount"] == len(page["edges"])
        return {e["node"]["employee"]["nip"]: e["node"]["eligibility"]["checks"] for e in page["edges"]}

    anyone, promotion, rotation = await listed(None), await listed("PROMOTION"), await listed("ROTATION")
    assert admin in anyone and admin in promotion and admin not in rotation
    assert set(promotion) | set(rotation) <= set(anyone)
    kind_check = [c for c in promotion[admin] if c["rule"] == "promotion_to_higher_level"]
    assert kind_check == [{"rule": "promotion_to_higher_level", "passed": True, "key": "kind.promotion"}]
    assert not [c for c in anyone[admin] if c["rule"] == "promotion_to_higher_level"]
