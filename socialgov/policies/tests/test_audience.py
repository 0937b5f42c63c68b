from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from socialgov.core.models import Person, Role, RoleAssignment, ScopeType, User
from socialgov.core.services import person_deactivate
from socialgov.core.tests.factories import OrgUnitFactory, PersonFactory
from socialgov.policies import audience as audience_module
from socialgov.policies.audience import Audience, resolve_audience

pytestmark = pytest.mark.django_db


def test_an_org_unit_audience_includes_its_sub_units_and_nobody_else(comms, teammate, outsider):
    webcare = OrgUnitFactory(code="WEB", parent=comms)
    nested: Person = PersonFactory(org_unit=webcare)  # type: ignore[assignment]
    people = resolve_audience(Audience(org_units=[comms]))
    assert {teammate.person_id, nested.pk} <= people
    assert outsider.person_id not in people


def test_a_role_audience_reaches_holders_of_the_role_at_any_scope(owner, teammate, sales):
    from socialgov.core.services import role_assign
    from socialgov.core.tests.factories import UserFactory

    scoped: User = UserFactory(person=PersonFactory(org_unit=sales))  # type: ignore[assignment]
    role_assign(actor=None, user=scoped, role=Role.CHANNEL_OWNER, org_unit=sales)
    people = resolve_audience(Audience(roles=[Role.CHANNEL_OWNER]))
    assert people == {owner.person_id, scoped.person_id}


def test_a_channel_admin_audience_reaches_those_holding_a_role_on_the_channel(owner, teammate):
    channel_type, _ = ContentType.objects.get_or_create(app_label="channels", model="channel")
    RoleAssignment.objects.create(
        user=teammate,
        role=Role.CHANNEL_OWNER,
        scope_type=ScopeType.OBJECT,
        content_type=channel_type,
        object_id=7,
    )
    assert resolve_audience(Audience(channel_ids=[7])) == {teammate.person_id}
    assert resolve_audience(Audience(channel_ids=[8])) == set()


def test_the_channel_register_can_name_more_channel_admins(monkeypatch, outsider):
    monkeypatch.setattr(
        audience_module,
        "_channel_admin_resolvers",
        [lambda ids: {outsider.person_id} if 3 in ids else set()],
    )
    assert resolve_audience(Audience(channel_ids=[3])) == {outsider.person_id}


def test_people_who_left_are_not_in_any_audience(teammate, comms):
    person_deactivate(actor=None, person=teammate.person)
    assert teammate.person_id not in resolve_audience(Audience(everyone=True))
    assert teammate.person_id not in resolve_audience(Audience(org_units=[comms]))


@pytest.mark.parametrize(
    ("audience", "field"),
    [
        (Audience(), "audience_everyone"),
        (Audience(roles=["pope"]), "audience_roles"),
        (Audience(channel_ids=["1; DROP TABLE"]), "audience_channel_ids"),  # type: ignore[list-item]
        (Audience(channel_ids=[True]), "audience_channel_ids"),
    ],
)
def test_it_refuses_an_empty_or_malformed_audience(audience, field):
    with pytest.raises(ValidationError) as error:
        audience.clean()
    assert field in error.value.message_dict


def test_channel_admins_are_its_owner_deputy_and_admin_grants(owner, teammate, outsider, analyst):
    from socialgov.channels.models import Audience as ChannelAudience
    from socialgov.channels.models import Purpose
    from socialgov.channels.services import access_grant_add, channel_register

    channel = channel_register(
        actor=None,
        platform="instagram",
        handle="mosa_admins",
        purpose=Purpose.MARKETING,
        audience=ChannelAudience.EXTERNAL,
        owner=owner.person,
        deputy=teammate.person,
    )
    access_grant_add(actor=None, channel=channel, role="admin", person=outsider.person)
    access_grant_add(actor=None, channel=channel, role="analyst", person=analyst.person)
    people = resolve_audience(Audience(channel_ids=[channel.pk]))
    assert people == {owner.person_id, teammate.person_id, outsider.person_id}
    Audience(channel_ids=[channel.pk]).clean()
    with pytest.raises(ValidationError, match="No such channel"):
        Audience(channel_ids=[channel.pk + 1000]).clean()
