"""REST API of rehab: reads of episodes and post-rehab. Transitions come from `lifecycles.py`."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pcmt.accounts.scope import scope_for
from pcmt.persons.events import person_read_record
from pcmt.persons.models import AccessChannel
from pcmt.persons.selectors import person_get
from pcmt.rehab import selectors
from pcmt.rehab.serializers import EpisodeSerializer, MonitoringSerializer, PostRehabSerializer


class PersonRehabSerializer(serializers.Serializer):
    episodes = EpisodeSerializer(many=True)
    post_rehabs = PostRehabSerializer(many=True)
    monitorings = MonitoringSerializer(many=True)


def _log_read(request: Request, person_id: int) -> None:
    """Every read of a person's record is attributable."""
    user: Any = request.user
    person_read_record(person=person_id, user=user, channel=AccessChannel.API)


class PersonRehabView(APIView):
    """A person's rehab episodes and post-rehab; POST (declared) registers or opens a dossier."""

    @extend_schema(responses=PersonRehabSerializer)
    def get(self, request: Request, pk: int) -> Response:
        scope = scope_for(request.user)
        person = person_get(scope=scope, pk=pk, user=request.user, channel=AccessChannel.API)
        found = selectors.person_rehab(person)
        return Response(PersonRehabSerializer(found).data)


class EpisodeDetailView(APIView):
    """One rehab episode with its dossier checklist, transfers and absences."""

    @extend_schema(responses=EpisodeSerializer)
    def get(self, request: Request, rehab_pk: int) -> Response:
        episode = selectors.episode_get(scope=scope_for(request.user), pk=rehab_pk)
        _log_read(request, episode.person_id)
        return Response(EpisodeSerializer(episode).data)


class PostRehabDetailView(APIView):
    """One post-rehab management."""

    @extend_schema(responses=PostRehabSerializer)
    def get(self, request: Request, post_rehab_pk: int) -> Response:
        post = selectors.post_rehab_get(scope=scope_for(request.user), pk=post_rehab_pk)
        _log_read(request, post.person_id)
        return Response(PostRehabSerializer(post).data)


class MonitoringDetailView(APIView):
    """One electronic monitoring with its alerts."""

    @extend_schema(responses=MonitoringSerializer)
    def get(self, request: Request, monitoring_pk: int) -> Response:
        monitoring = selectors.monitoring_get(scope=scope_for(request.user), pk=monitoring_pk)
        _log_read(request, monitoring.person_id)
        return Response(MonitoringSerializer(monitoring).data)
