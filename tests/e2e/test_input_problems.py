"""A mutation's input with several problems reads, on the page, as every problem at once in the
reader's language (gql.js describeError over InvalidInput.problems, asked for by queries/common.js):
an Indonesian reader fixes them all before sending again, not the first alone."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.clock import today
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

# The page's own pieces: the error selection every mutation uses, unwrap and describeError.
CREATE_CEREMONY = """([held, invitation]) => Promise.all([import('/js/gql.js'), import('/js/queries/common.js')])
  .then(([{ mutate, describeError }, { errors }]) => mutate(
    `mutation($d: Date!, $i: Date!) { createCeremony(date: $d, place: " ", officiant: " ", invitationOn: $i) {
       __typename ... on Ceremony { id } ${errors('NotAllowed', 'InvalidInput')} } }`,
    { d: held, i: invitation }, 'createCeremony')
  .then(() => null, (e) => ({ kind: e.kind, count: e.problems.length, text: describeError(e) })))"""


def test_every_problem_of_an_input_reads_in_the_readers_language(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, "operator")
    held = today() + timedelta(days=10)
    dates = [str(held), str(held + timedelta(days=1))]

    indonesian = page.evaluate(CREATE_CEREMONY, dates)
    assert indonesian["kind"] == "InvalidInput" and indonesian["count"] == 3, indonesian
    text = indonesian["text"]
    for wording in ("isi tempat pelantikan", "sebutkan pejabat yang melantik", "harus sebelum pelantikan pada"):
        assert wording in text, text
    english_words = ("give the ceremony", "inaugurating official", "must be before")
    assert not any(english in text for english in english_words), text

    page.get_by_test_id("lang-toggle").click()
    english = page.evaluate(CREATE_CEREMONY, dates)["text"]
    for wording in ("give the ceremony", "name the inaugurating official", "must be before the ceremony"):
        assert wording in english, english
    assert page.errors == []
